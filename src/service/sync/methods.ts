import { z } from 'zod';
import type { Connection } from '../../connection/state.js';
import type { ConnectionState } from '../../connection/machine.js';
import { domainError, type DomainError } from '../../core/errors.js';
import type { ConnectionId, ProjectId } from '../../core/ids.js';
import { err, ok, type Result } from '../../core/result.js';
import { parseInputAt } from '../../core/validation.js';
import type { OutboxItem, VersionedRecord } from '../../ports/storage.js';
import { keyPart } from '../../sync/hash.js';
import { SourceItemSchema, type SourceItem } from '../../sync/item.js';
import type { SyncOperation } from '../../sync/operations.js';
import type { DispatchHooks } from '../dispatcher.js';
import { attemptCommand, runPipeline, scopedReceiptKey } from '../pipeline.js';
import { PortFailure } from '../portCall.js';
import { loadRecords } from '../storageReads.js';
import type { ServiceDeps } from '../ports.js';
import { badCursor, cursorPrefix, decodeCursor, encodeCursor, readPage, statusOf, type CorruptedRecord, type Page } from '../queries.js';
import { CONNECTIONS } from '../storedRecords.js';
import { SyncInputSchemas } from './inputs.js';
import { DELIVERY_MODULE, INITIAL_PAGE_MODULE, UPSTREAM_CHANGE_MODULE, type UpstreamChangeOutcome } from './modules.js';
import { connectedAt } from '../../connection/deadlines.js';
import type { DeletedItem, UpstreamChangeCommand } from './plan.js';
import { COPIES, SYNC_INDEXES, SYNC_STATUS, UPSTREAM_ITEMS, syncStatusKey, upstreamItemId, type CopyState } from './records.js';
import type { InitialSyncTask } from './tasks.js';

/**
 * A connection's sync as the service knows it (S2–S6): its copies by state and its initial sync.
 *
 * @remarks
 * Copies of a connection that is no longer connected (disconnected, expired, declined, cancelled) are
 * all counted `detached` (S5): the service derives it from the connection's state, which the
 * disconnect changes atomically, so no copy can be reported attached to a closed connection whatever
 * raced the disconnect. `deleted` copies ended with their source and stay `deleted`.
 *
 * @example
 * ```ts
 * const r = await service.connectionSyncStatus({ connectionId: 'cn-1' });
 * if (r.ok) console.log(`${r.value.synced} synced, ${r.value.pending} pending, initial ${r.value.initialSync}`);
 * ```
 * @since 0.2.0
 */
export interface ConnectionSyncStatus {
  /** The connection. */
  readonly connectionId: ConnectionId;
  /** Its stored state. */
  readonly connectionState: ConnectionState;
  /** Copies whose latest operation is not acknowledged yet (0 unless connected). */
  readonly pending: number;
  /** Copies the sync transport acknowledged (0 unless connected). */
  readonly synced: number;
  /** Copies whose latest operation failed and waits for its retry (0 unless connected). */
  readonly failed: number;
  /** Copies deleted with their source (S3). */
  readonly deleted: number;
  /**
   * Copies of a connection no longer connected: they stay, no longer synced (S5) — the copies the
   * sync transport acknowledged and that were not deleted (a copy whose first operation was never
   * acknowledged is not counted, though a failed attempt whose answer was lost may have made it). For a status recorded before 0.2.0 counted this: every copy of the ledger.
   */
  readonly detached: number;
  /**
   * Whether the initial sync has not started, is running or is complete (S2). Once the connection is
   * no longer connected it stays as it was then: `running` for one the close interrupted, which will
   * not complete (read `connectionState`).
   */
  readonly initialSync: 'not_started' | 'running' | 'complete';
  /** Copies of the running initial sync not acknowledged yet. */
  readonly initialRemaining: number;
  /** When the initial sync completed, in epoch milliseconds, or null. */
  readonly initialCompletedAt: number | null;
}

/**
 * One downstream copy of an upstream item (`itemCopies`).
 *
 * @example
 * ```ts
 * const r = await service.itemCopies({ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-101' });
 * if (r.ok) for (const c of r.value.items) console.log(c.downstreamProjectId, c.state, c.syncedRevision);
 * ```
 * @since 0.2.0
 */
export interface ItemCopy {
  /** The connection the copy comes through. */
  readonly connectionId: ConnectionId;
  /** The downstream project that holds the copy. */
  readonly downstreamProjectId: ProjectId;
  /**
   * `detached` once the connection is no longer connected (S5); with `syncedRevision` null, no copy
   * was acknowledged by the downstream project (none reached it, unless a failed attempt's answer was
   * lost: `lastError` set).
   */
  readonly state: CopyState | 'detached';
  /** The revision of the latest operation planned for the copy. */
  readonly revision: number;
  /** The revision the downstream holds, as acknowledged by the sync transport (null: none yet). */
  readonly syncedRevision: number | null;
  /** The error of the last failed operation, or null. */
  readonly lastError: string | null;
  /** When the copy's entry last changed, in epoch milliseconds. */
  readonly updatedAt: number;
}

/** How many upstream items one initial sync task reads. */
const INITIAL_PAGE_SIZE = 200;

const PortPageSchema = z.object({ items: z.array(SourceItemSchema).max(10_000), next: z.string().min(1).max(2000).nullable() });

function isTask(v: unknown): v is InitialSyncTask {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return (
    t['task'] === 'initial_sync' &&
    typeof t['connectionId'] === 'string' &&
    typeof t['upstreamProjectId'] === 'string' &&
    typeof t['dataType'] === 'string' &&
    (t['after'] === null || typeof t['after'] === 'string') &&
    Number.isSafeInteger(t['epoch']) &&
    (t['phase'] === undefined || t['phase'] === 'deletions') &&
    (t['reconcile'] === undefined || typeof t['reconcile'] === 'boolean')
  );
}

function isOperation(v: unknown): v is SyncOperation {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (o['kind'] === 'copy' || o['kind'] === 'update' || o['kind'] === 'delete') && typeof o['key'] === 'string' && typeof o['connectionId'] === 'string' && typeof o['itemId'] === 'string' && typeof o['dataType'] === 'string';
}

/** A `start_sync` connection job (see `ConnectionSyncJob`). */
function isStartSync(v: unknown): v is { readonly kind: 'start_sync'; readonly connectionId: string } {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)['kind'] === 'start_sync' && typeof (v as Record<string, unknown>)['connectionId'] === 'string';
}

async function loadOne(deps: ServiceDeps, key: string): Promise<VersionedRecord | undefined> {
  return (await loadRecords(deps.storage, [key]))[0];
}

/**
 * One page of an initial sync: from the upstream items port, or from the items reported to the service
 * (with the deletions among them); a `deletions` task reads only the deletions reported to the service.
 */
async function initialPage(deps: ServiceDeps, task: InitialSyncTask): Promise<{ items: readonly SourceItem[]; deleted: readonly DeletedItem[]; next: string | null }> {
  if (deps.upstreamItems !== null && task.phase === undefined) {
    let page: unknown;
    try {
      page = await deps.upstreamItems.items({ projectId: task.upstreamProjectId, dataType: task.dataType, limit: INITIAL_PAGE_SIZE, ...(task.after === null ? {} : { after: task.after }) });
    } catch (cause) {
      throw new PortFailure('upstreamItems', cause);
    }
    const parsed = PortPageSchema.safeParse(page);
    if (!parsed.success) throw new PortFailure('upstreamItems', `items answered something other than a page of items: ${parsed.error.issues[0]?.message ?? 'malformed'}`);
    return { items: parsed.data.items as SourceItem[], deleted: [], next: parsed.data.next };
  }
  const after = decodeCursor('', task.after ?? undefined);
  const page = await readPage(deps, UPSTREAM_ITEMS, {
    index: SYNC_INDEXES.upstreamItemByProject,
    term: `${keyPart(task.upstreamProjectId)}/${keyPart(task.dataType)}`,
    limit: INITIAL_PAGE_SIZE,
    ...(after === undefined || after === null ? {} : { after }),
  });
  if (page.corrupted.length > 0) throw new PortFailure('storage', domainError('DATA_CORRUPTED', { key: page.corrupted[0]!.key, issues: page.corrupted[0]!.issues }).message);
  const items: SourceItem[] = [];
  const deleted: DeletedItem[] = [];
  for (const r of page.records) {
    if (r.deleted) deleted.push({ dataType: r.dataType, itemId: r.itemId });
    // With the port, the port lists the items; the service's records add only the deletions.
    else if (task.phase === undefined) items.push({ dataType: r.dataType, itemId: r.itemId, revision: r.revision, published: r.published, attributes: r.attributes });
  }
  return { items, deleted, next: encodeCursor('', page.next) };
}

/**
 * Internal: what the service adds to its dispatcher for sync — it runs the initial sync tasks page by
 * page, records each sync operation's outcome in the copy ledger with the item's acknowledgement
 * (S6), and drops the operations of a connection that is no longer connected instead of sending them (S5).
 * @internal
 */
export function syncHooks(deps: ServiceDeps): DispatchHooks {
  /** Whether the connection still syncs (S5): read when an item's sending depends on it. */
  const stillSyncing = async (connectionId: string): Promise<boolean> => {
    const record = await loadOne(deps, CONNECTIONS.prefix + connectionId);
    if (record === undefined || record.data === null || record.data === undefined) return false;
    const c = CONNECTIONS.read(record.key, record.data);
    // A record that does not read back is not a reason to send: the item waits, and the dispatch reports it.
    if (!c.ok) throw new Error(c.error.message);
    // Past its end date it no longer syncs (S5), even before the sweep records the end.
    return connectedAt(c.value, deps.now());
  };
  return {
    async runTask(item: OutboxItem): Promise<void> {
      const task = item.payload;
      if (!isTask(task)) throw new Error(`outbox task "${item.id}" is not an initial sync task`);
      const page = await initialPage(deps, task);
      const r = await runPipeline(deps, {
        key: null,
        identity: { method: 'initial_page', id: item.id },
        attempt: () => attemptCommand(deps, INITIAL_PAGE_MODULE, null, { type: 'initial_page', taskId: item.id, task, items: page.items, deleted: page.deleted, next: page.next }),
      });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    },
    admit(item: OutboxItem): boolean | Promise<boolean> {
      // Checked before sending: the item operations and start_sync (a transport may run its own initial
      // sync on it), and the notices announcing operations (NewDrawingsPublished, DrawingsDeleted: not
      // told when what they announce is dropped); stop_sync, InitialSyncComplete (work done) and the
      // lifecycle notifications always go out.
      const connectionId = admittedConnection(item);
      return connectionId === null ? true : stillSyncing(connectionId);
    },
    async settled(item, outcome): Promise<boolean> {
      const op = item.payload;
      if (!isOperation(op)) return false;
      const r = await runPipeline(deps, {
        key: null,
        identity: { method: 'delivery', id: item.id },
        attempt: () => attemptCommand(deps, DELIVERY_MODULE, null, { type: 'delivery', outboxId: item.id, op, outcome }),
      });
      return r.ok && outcome.ok;
    },
    observe(item, outcome): void {
      if (outcome.ok) deps.emit({ type: 'outbox_delivered', id: item.id, kind: item.kind });
      else deps.emit({ type: 'outbox_failed', id: item.id, kind: item.kind, error: outcome.error, retryAt: outcome.retryAt });
    },
  };
}

/**
 * Internal: the sync methods of the service.
 * @internal
 */
export function syncMethods(deps: ServiceDeps) {
  const change = (type: UpstreamChangeCommand['type'], input: unknown): Promise<Result<UpstreamChangeOutcome, DomainError>> => {
    const p = parseInputAt(type === 'publish' ? SyncInputSchemas.publish : SyncInputSchemas.change, input, ['input']);
    if (!p.ok) return Promise.resolve(p);
    const v = p.value as { upstreamProjectId: ProjectId; items: readonly Record<string, unknown>[]; idempotencyKey?: string };
    const items = type === 'publish' ? v.items.map((i) => ({ ...i, published: true, attributes: (i['attributes'] as SourceItem['attributes'] | undefined) ?? {} }) as SourceItem) : v.items;
    const command = { type, upstreamProjectId: v.upstreamProjectId, items } as UpstreamChangeCommand;
    const key = v.idempotencyKey === undefined ? null : scopedReceiptKey('system:upstream', v.idempotencyKey);
    return runPipeline(deps, {
      key,
      identity: { method: type, upstreamProjectId: v.upstreamProjectId, items },
      attempt: () => attemptCommand(deps, UPSTREAM_CHANGE_MODULE, null, command),
    });
  };

  return {
    publishUpstreamItems: (input: unknown) => change('publish', input),
    unpublishUpstreamItems: (input: unknown) => change('unpublish', input),
    deleteUpstreamItems: (input: unknown) => change('delete', input),

    async connectionSyncStatus(input: unknown): Promise<Result<ConnectionSyncStatus, DomainError>> {
      const p = parseInputAt(SyncInputSchemas.status, input, ['input']);
      if (!p.ok) return p;
      const id = p.value.connectionId as ConnectionId;
      const [cr, sr] = await loadRecords(deps.storage, [CONNECTIONS.prefix + id, syncStatusKey(id)]);
      if (cr === undefined || cr.data === null || cr.data === undefined) return err(domainError('NOT_FOUND', { entity: 'connection', id }));
      const c = CONNECTIONS.read(cr.key, cr.data);
      if (!c.ok) return c;
      let counts: { pending: number; synced: number; failed: number; deleted: number; held: number | undefined; initial: ConnectionSyncStatus['initialSync']; initialRemaining: number; completedAt: number | null } = { pending: 0, synced: 0, failed: 0, deleted: 0, held: 0, initial: 'not_started', initialRemaining: 0, completedAt: null };
      if (sr !== undefined && sr.data !== null && sr.data !== undefined) {
        const s = SYNC_STATUS.read(sr.key, sr.data);
        if (!s.ok) return s;
        counts = { ...s.value, completedAt: s.value.completedAt };
      }
      // The state as of now, deadlines included (a connection past its end date is disconnected, S5).
      const state = statusOf(deps, c.value, deps.now()).state;
      const attached = state === 'connected';
      return ok({
        connectionId: id,
        connectionState: state,
        pending: attached ? counts.pending : 0,
        synced: attached ? counts.synced : 0,
        failed: attached ? counts.failed : 0,
        deleted: counts.deleted,
        detached: attached ? 0 : (counts.held ?? counts.pending + counts.synced + counts.failed),
        initialSync: counts.initial,
        initialRemaining: attached ? counts.initialRemaining : 0,
        initialCompletedAt: counts.completedAt,
      });
    },

    async itemCopies(input: unknown): Promise<Result<Page<ItemCopy>, DomainError>> {
      const p = parseInputAt(SyncInputSchemas.copies, input, ['input']);
      if (!p.ok) return p;
      const term = upstreamItemId(p.value.upstreamProjectId, p.value.dataType, p.value.itemId);
      const at = cursorPrefix(SYNC_INDEXES.copyByItem, term);
      const cursor = decodeCursor(at, p.value.after);
      if (cursor === null) return err(badCursor());
      const page = await readPage(deps, COPIES, {
        index: SYNC_INDEXES.copyByItem,
        term,
        limit: p.value.limit ?? 100,
        ...(cursor === undefined ? {} : { after: cursor }),
      });
      const corrupted: CorruptedRecord[] = [...page.corrupted];
      const states = new Map<string, Connection>();
      if (page.records.length > 0) {
        for (const r of await loadRecords(deps.storage, page.records.map((r) => CONNECTIONS.prefix + r.connectionId))) {
          if (r.data === null || r.data === undefined) continue;
          const c = CONNECTIONS.read(r.key, r.data);
          if (c.ok) states.set(c.value.id, c.value);
          else corrupted.push(Object.freeze({ key: r.key, issues: c.error.details.issues }));
        }
      }
      const now = deps.now();
      const attached = (id: string) => {
        const c = states.get(id);
        return c !== undefined && connectedAt(c, now);
      };
      const items = page.records.map(
        (copy): ItemCopy => ({
          connectionId: copy.connectionId,
          downstreamProjectId: copy.downstreamProjectId,
          state: copy.state !== 'deleted' && !attached(copy.connectionId) ? 'detached' : copy.state,
          revision: copy.revision,
          syncedRevision: copy.syncedRevision,
          lastError: copy.lastError,
          updatedAt: copy.updatedAt,
        }),
      );
      return ok({ items, next: encodeCursor(at, page.next), corrupted });
    },
  };
}

/** The connection whose syncing decides whether an outbox item may still be sent, or null when it always goes out. */
function admittedConnection(item: OutboxItem): string | null {
  if (item.kind === 'sync') return isOperation(item.payload) || isStartSync(item.payload) ? item.payload.connectionId : null;
  if (item.kind !== 'notification') return null;
  const n = item.payload as { readonly kind?: unknown; readonly event?: unknown; readonly connectionId?: unknown } | null;
  if (typeof n !== 'object' || n === null || n.kind !== 'connection' || typeof n.connectionId !== 'string') return null;
  return n.event === 'NewDrawingsPublished' || n.event === 'DrawingsDeleted' ? n.connectionId : null;
}
