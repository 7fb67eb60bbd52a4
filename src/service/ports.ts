import type { AuthorizationFacts } from '../core/facts.js';
import type { ServiceMemos } from './memos.js';
import type { RecordCache } from './recordCache.js';
import type { DomainError } from '../core/errors.js';
import type { Result } from '../core/result.js';
import type { DirectoryDataInput } from '../permissions/inputs.js';
import { isPlainId } from '../core/trust.js';
import type { ClockPort, IdPort } from '../ports/clock.js';
import type { DirectoryPort } from '../ports/directory.js';
import type { StoragePort } from '../ports/storage.js';
import type { NotificationTransportPort, SyncTransportPort } from '../ports/transports.js';
import type { UpstreamItemsPort } from '../ports/upstreamItems.js';
import type { SyncRegistry } from '../sync/registry.js';
import type { ServicePolicy, ServicePolicyInput } from './options.js';
import { PortFailure } from './portCall.js';

/**
 * Turns a slice of directory data (companies, memberships, projects with the acting user's template,
 * templates) into the authorization facts the lifecycle takes. The default is
 * `deriveAuthorizationFacts` from the permissions module; pass your own to plug in another permission
 * system.
 *
 * @example
 * ```ts
 * const authorize: DeriveAuthorizationFacts = (data, userId, projectIds) => deriveAuthorizationFacts(data, userId, projectIds);
 * ```
 * @since 0.1.0
 */
export type DeriveAuthorizationFacts = (directory: DirectoryDataInput, userId: string, projectIds: readonly string[]) => Result<AuthorizationFacts, DomainError>;

/**
 * What the application service is created with (SPEC §8): the ports, and optionally the policy and an
 * authorization-facts derivation.
 *
 * @example
 * ```ts
 * const options: ConnectionServiceOptions = {
 *   storage: createInMemoryStorage(), directory: createInMemoryDirectory(data),
 *   notifications: { deliver: async (n) => console.log(n.recipient, n.event) },
 *   sync: { perform: async (job) => console.log(job.kind, job.key) },
 *   clock: systemClock, ids: { next: (kind) => `${kind}-${crypto.randomUUID()}` },
 * };
 * ```
 * @since 0.1.0
 */
export interface ConnectionServiceOptions {
  /** Where records, histories, the outbox and receipts are kept. */
  readonly storage: StoragePort;
  /** Where companies, users, project directories, templates and teams are read. */
  readonly directory: DirectoryPort;
  /** Delivers the recorded notifications (N5). */
  readonly notifications: NotificationTransportPort;
  /** Performs the recorded sync jobs (S2–S6). */
  readonly sync: SyncTransportPort;
  /** Where the service reads the time. */
  readonly clock: ClockPort;
  /** Must give ids unique across every process sharing the storage (e.g. UUIDs). */
  readonly ids: IdPort;
  /** The service's options; missing ones take `DEFAULT_SERVICE_POLICY`. */
  readonly policy?: ServicePolicyInput;
  /** Turns directory data into authorization facts; default `deriveAuthorizationFacts`. */
  readonly deriveFacts?: DeriveAuthorizationFacts;
  /**
   * Awaited to time out a delivery (default: the dispatcher's own timer, cancelled when the delivery
   * settles); inject one in tests. An injected `sleep` is never cancelled: each delivery's promise from
   * it (a `setTimeout`, say) keeps the run's closures alive for `timeoutMs`.
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The shared data types (S1), built by `createSyncRegistry`; default `DEFAULT_SYNC_REGISTRY` (drawings).
   * @since 0.2.0
   */
  readonly syncRegistry?: SyncRegistry;
  /**
   * Where the initial sync reads an upstream project's items (S2). Without it, the initial sync copies
   * the items reported to the service with `publishUpstreamItems` before the connection was made.
   * @since 0.2.0
   */
  readonly upstreamItems?: UpstreamItemsPort;
  /**
   * Called with each event the service records and each outbox delivery it makes (never awaited; a
   * throw, or a rejection of an async hook, is ignored).
   * @since 0.2.0
   */
  readonly onEvent?: ServiceEventHook;
}

/**
 * What the service tells an `onEvent` hook: a command it committed (with the domain events it
 * recorded), a command it refused (`INVALID_INPUT` included), and each outbox delivery (delivered or
 * failed). For logs and metrics.
 *
 * @remarks
 * A deadline the service records on its own — an expiry or an end date found due by a command or by
 * `reconcileDeadlines` (C17) — is a `command_committed` of method `reconcile` with its event. A retry
 * answered from its idempotency receipt (C15) is not told again: it records nothing, and the first
 * call was told. A hook may be async; it is never awaited.
 *
 * @example
 * ```ts
 * const onEvent: ServiceEventHook = (e) => {
 *   if (e.type === 'command_refused') logger.warn({ method: e.method, code: e.code });
 * };
 * ```
 * @since 0.2.0
 */
export type ServiceEventHook = (event: ServiceEvent) => void;

/**
 * One observation of the `onEvent` hook.
 *
 * @example
 * ```ts
 * function log(e: ServiceEvent) { console.log(e.type, 'method' in e ? e.method : e.id); }
 * ```
 * @since 0.2.0
 */
export type ServiceEvent =
  | { readonly type: 'command_committed'; readonly method: string; readonly events: readonly { readonly type: string }[] }
  | { readonly type: 'command_refused'; readonly method: string; readonly code: string; readonly message: string }
  | { readonly type: 'outbox_delivered'; readonly id: string; readonly kind: string }
  | { readonly type: 'outbox_failed'; readonly id: string; readonly kind: string; readonly error: string; readonly retryAt: number };

/**
 * Internal: the validated ports and the resolved policy.
 * @internal
 */
export interface ServiceDeps {
  readonly storage: StoragePort;
  readonly directory: DirectoryPort;
  readonly notifications: NotificationTransportPort;
  readonly sync: SyncTransportPort;
  readonly clock: ClockPort;
  readonly ids: IdPort;
  readonly policy: ServicePolicy;
  readonly deriveFacts: DeriveAuthorizationFacts;
  /** Whether `deriveFacts` is the library's own derivation (its trusted fast path may be used). */
  readonly defaultFacts: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** The clock's reading, checked (a safe, non-negative integer) and never earlier than an earlier reading. */
  readonly now: () => number;
  /** A new id of `kind` from the ids port, checked (a plain id string). */
  readonly drawId: (kind: string) => string;
  readonly syncRegistry: SyncRegistry;
  readonly upstreamItems: UpstreamItemsPort | null;
  /** The `onEvent` hook, made safe (never throws). */
  readonly emit: ServiceEventHook;
  /** What this service remembers between commands to load in fewer round trips. */
  readonly memos: ServiceMemos;
  /** The records this service keeps between commands (`policy.recordCache`), or null when it keeps none. */
  readonly records: RecordCache | null;
}

/**
 * Internal: an `onEvent` hook that never throws into the service.
 * @internal
 */
export function safeHook(hook: ServiceEventHook | undefined): ServiceEventHook {
  if (hook === undefined) return () => undefined;
  return (event) => {
    try {
      const answer: unknown = hook(event);
      // An async hook that rejects is ignored like one that throws (never awaited, never unhandled).
      if (typeof answer === 'object' && answer !== null && typeof (answer as { then?: unknown }).then === 'function') {
        (answer as PromiseLike<unknown>).then(undefined, () => undefined);
      }
    } catch {
      // A hook that throws must not change what the service does.
    }
  };
}

/**
 * Internal: the clock reading of a service, checked at the port boundary: a reading that is not a safe,
 * non-negative integer (NaN, Infinity, 1e308, -1, a string) is a clock failure, never a time; readings
 * never go back within one service instance (a clock stepping back reads as the last time seen).
 * @internal
 */
export function monotonicNow(clock: ClockPort): () => number {
  let last = 0;
  return () => {
    let t: unknown;
    try {
      t = clock.now();
    } catch (cause) {
      throw new PortFailure('clock', cause);
    }
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) throw new PortFailure('clock', `the clock gave an invalid time: ${String(t)}`);
    if (t > last) last = t;
    return last;
  };
}

/**
 * Internal: ids drawn from the ids port, checked.
 * @internal
 */
export function checkedIds(ids: IdPort): (kind: string) => string {
  return (kind) => {
    let id: unknown;
    try {
      id = ids.next(kind);
    } catch (cause) {
      throw new PortFailure('ids', cause);
    }
    if (!isPlainId(id)) throw new PortFailure('ids', `the ids port gave an invalid id: ${typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : String(id)}`);
    return id;
  };
}
