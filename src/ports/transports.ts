import type { DataTypeId } from '../connection/commands.js';
import type { CompanyId, ConnectionId, ProjectId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';
import type { Notification } from '../notifications/notification-union.js';
import type { SyncOperation } from '../sync/operations.js';

/**
 * What the dispatcher passes to a delivery besides the item: an `AbortSignal` that fires when the
 * delivery timed out (the dispatcher has stopped waiting and will retry the item later), so the
 * transport can cancel the request it started.
 *
 * @example
 * ```ts
 * const sync: SyncTransportPort = { perform: (job, { signal }) => fetch(copierUrl, { method: 'POST', body: JSON.stringify(job), signal }).then(() => undefined) };
 * ```
 * @since 0.2.0
 */
export interface DeliveryOptions {
  /** Fires when this delivery timed out: the dispatcher stopped waiting and will retry the item. One signal per delivery. */
  readonly signal: AbortSignal;
}

/**
 * The notification transport port: delivers one notification (renders and sends the e-mail, posts the
 * in-app message, ...).
 *
 * @remarks
 * Delivery is at-least-once: the dispatcher retries a notification whose delivery threw or timed out,
 * and may deliver it again after a crash between delivering and recording the delivery. Treat a second
 * delivery of the same `id` as done (N5).
 *
 * @example
 * ```ts
 * const transport: NotificationTransportPort = {
 *   async deliver(n) { if (await sent.add(n.id)) await mailer.send(render(n)); },
 * };
 * ```
 * @since 0.1.0
 */
export interface NotificationTransportPort {
  /** Delivers one notification; resolving counts as delivered, throwing or rejecting as a failed attempt to retry. */
  deliver(notification: Notification, options: DeliveryOptions): Promise<void>;
}

/**
 * A connection-level sync job the service records when a connection starts or stops syncing (S2, S5):
 * `start_sync` when it becomes connected (run the initial sync: copy every published upstream item of
 * the shared data types), `stop_sync` with `closes: true` when a connection that made copies closes
 * (copy nothing more; mark the copies as no longer synced: disconnected, cancelled after an automatic
 * connection, or declined, cancelled or expired after an undone approval), and `stop_sync` with
 * `closes: false` when an undone approval sends it back to `pending` (copy nothing more until the
 * `start_sync` of its next approval: a pause; `planDetach` plans nothing for a pending connection; if
 * it closes instead, a `closes: true` stop follows). A `start_sync` re-attaches every copy of the
 * connection, whatever its `stop_sync` did: the operations that follow it (updates, deletes) are for
 * those copies.
 *
 * @remarks
 * `key` is stable (connection, kind and the event's position in the connection's history): performing a
 * job twice must have the effect of performing it once (S6). Plan the item-level operations with
 * `planInitialSync` / `planDetach` from the sync module.
 *
 * @example
 * ```ts
 * const job: ConnectionSyncJob = {
 *   kind: 'start_sync', key: 'sync:cn-1:start_sync:1', connectionId, dataTypes: ['drawings'],
 *   upstream: { projectId: tower, companyId: gc }, downstream: { projectId: sub, companyId: electric }, closes: false, at: now,
 * };
 * ```
 * @since 0.1.0
 */
export interface ConnectionSyncJob {
  /** `start_sync` when the connection becomes connected (S2), `stop_sync` when a connected one stops (S5). */
  readonly kind: 'start_sync' | 'stop_sync';
  /** A stable idempotency key, `sync:<connectionId>:<kind>:<position in the history>` (S6). */
  readonly key: string;
  /** The connection that starts or stops syncing. */
  readonly connectionId: ConnectionId;
  /** The shared data types of the connection (S1). */
  readonly dataTypes: readonly DataTypeId[];
  /** The upstream project, data is copied from, and its company. */
  readonly upstream: { readonly projectId: ProjectId; readonly companyId: CompanyId };
  /** The downstream project, data is copied to, and its company. */
  readonly downstream: { readonly projectId: ProjectId; readonly companyId: CompanyId };
  /**
   * `stop_sync`: whether the connection closed for good (its copies stay, detached: S5) — `false` for
   * the pause of an undone approval. `start_sync`: always `false`.
   * @since 0.2.0
   */
  readonly closes: boolean;
  /** When the event that caused the job happened, in epoch milliseconds. */
  readonly at: Timestamp;
}

/**
 * A job for the sync transport: a connection-level job, or an item-level operation planned by the sync
 * module (copy, update, delete, detach). Both carry an idempotency `key` (S6).
 *
 * @example
 * ```ts
 * function describe(job: SyncJob) { return `${job.kind} ${job.key}`; }
 * ```
 * @since 0.1.0
 */
export type SyncJob = ConnectionSyncJob | SyncOperation;

/**
 * The sync transport port: performs one sync job for real (copies files, writes records).
 *
 * @remarks
 * The library never touches files. An implementation must be idempotent per `job.key` (S6): the
 * dispatcher retries jobs it is not sure were performed.
 *
 * @example
 * ```ts
 * const sync: SyncTransportPort = {
 *   async perform(job) { if (!(await done.has(job.key))) { await run(job); await done.add(job.key); } },
 * };
 * ```
 * @since 0.1.0
 */
export interface SyncTransportPort {
  /** Performs one sync job, idempotently per `job.key` (S6); throwing or rejecting is a failed attempt to retry. */
  perform(job: SyncJob, options: DeliveryOptions): Promise<void>;
}
