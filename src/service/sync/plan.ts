import type { Connection, ProjectLedger } from '../../connection/state.js';
import { connectedAt } from '../../connection/deadlines.js';
import { fixedRole } from '../../connection/state.js';
import { domainError, type DomainError } from '../../core/errors.js';
import type { ConnectionId, ProjectId } from '../../core/ids.js';
import { err, ok, type Result } from '../../core/result.js';
import { digest, keyPart } from '../../sync/hash.js';
import type { SourceItem } from '../../sync/item.js';
import type { SyncNotice, SyncNoticeEvent } from '../../sync/notices.js';
import { copyKey, syncOperationKey, type SyncOperation } from '../../sync/operations.js';
import { runPredicate } from '../../sync/predicate.js';
import { findDataType, type SharedDataType, type SyncRegistry } from '../../sync/registry.js';
import { copyWith, emptyStatus, moved, statusWith, type CopyRecord, type SyncStatusRecord, type UpstreamItemRecord } from './records.js';

/*
 * Internal: the pure decisions of sync in the service (S2–S6). Each takes the records one command
 * loaded and answers the records it changes, the operations for the sync transport and the notices
 * for the notification planner — no I/O, no clock.
 */

/** What one sync decision changes. */
export interface SyncChange {
  readonly items: readonly UpstreamItemRecord[];
  readonly copies: readonly CopyRecord[];
  /** Copies whose record goes (an operation dropped before it made the copy: nothing is downstream), as they were. */
  readonly removed: readonly CopyRecord[];
  readonly statuses: readonly SyncStatusRecord[];
  /** Operations for the sync transport, each with the connection it belongs to. */
  readonly operations: readonly SyncOperation[];
  readonly notices: readonly SyncNotice[];
  /** How many connected downstream connections the change reached. */
  readonly reached: number;
  readonly skipped: readonly { readonly connectionId: string | null; readonly itemId: string; readonly reason: string }[];
}

/** An upstream change as the service takes it. */
export type UpstreamChangeCommand =
  | { readonly type: 'publish'; readonly upstreamProjectId: ProjectId; readonly items: readonly SourceItem[]; readonly idempotencyKey?: string }
  | { readonly type: 'unpublish'; readonly upstreamProjectId: ProjectId; readonly items: readonly { readonly dataType: string; readonly itemId: string }[]; readonly idempotencyKey?: string }
  | { readonly type: 'delete'; readonly upstreamProjectId: ProjectId; readonly items: readonly { readonly dataType: string; readonly itemId: string }[]; readonly idempotencyKey?: string };

/** An upstream item reported deleted (S3). */
export interface DeletedItem {
  readonly dataType: string;
  readonly itemId: string;
}

/** What an upstream change decides against. */
export interface UpstreamView {
  readonly ledger: ProjectLedger | undefined;
  /** The upstream project's connected connections. */
  readonly connections: readonly Connection[];
  readonly items: ReadonlyMap<string, UpstreamItemRecord>;
  /** Copies by `copyKey`. */
  readonly copies: ReadonlyMap<string, CopyRecord>;
  readonly statuses: ReadonlyMap<string, SyncStatusRecord>;
}

const invalid = (path: (string | number)[], message: string): DomainError<'INVALID_INPUT'> => domainError('INVALID_INPUT', { issues: [{ path, code: 'custom', message }] });

/** The copy ledger id of a connection's copy of an item. */
const copyId = (connectionId: string, dataType: string, itemId: string): string => copyKey(connectionId as ConnectionId, dataType, itemId);

/** Working state of one decision: the latest record of each copy and status it touched. */
class Draft {
  /** The copies touched: the new record, or null once removed (the record it had in `removedFrom`). */
  readonly copies = new Map<string, CopyRecord | null>();
  private readonly removedFrom = new Map<string, CopyRecord>();
  readonly statuses = new Map<string, SyncStatusRecord>();
  readonly operations: SyncOperation[] = [];
  readonly skipped: { connectionId: string | null; itemId: string; reason: string }[] = [];

  constructor(private readonly view: { readonly copies: ReadonlyMap<string, CopyRecord>; readonly statuses: ReadonlyMap<string, SyncStatusRecord> }) {}

  copy(key: string): CopyRecord | undefined {
    const drafted = this.copies.get(key);
    return drafted === null ? undefined : (drafted ?? this.view.copies.get(key));
  }

  status(c: Connection): SyncStatusRecord {
    return this.statuses.get(c.id) ?? this.view.statuses.get(c.id) ?? emptyStatus(c.id, c.upstream.projectId);
  }

  /** Records the copy's new state and moves the connection's counts. */
  put(c: Connection, key: string, next: CopyRecord): void {
    const before = this.copy(key);
    this.statuses.set(c.id, moved(this.status(c), before?.state ?? null, next.state));
    this.copies.set(key, Object.freeze(next));
  }

  /** Removes the copy's record and moves the connection's counts. */
  remove(c: Connection, key: string): void {
    const before = this.copy(key);
    if (before === undefined) return;
    this.statuses.set(c.id, moved(this.status(c), before.state, null));
    this.copies.set(key, null);
    if (!this.removedFrom.has(key)) this.removedFrom.set(key, before);
  }

  setStatus(status: SyncStatusRecord): void {
    this.statuses.set(status.connectionId, Object.freeze(status));
  }

  /** The copies written and removed, and the statuses. */
  changes(): Pick<SyncChange, 'copies' | 'removed' | 'statuses'> {
    const copies: CopyRecord[] = [];
    const removed: CopyRecord[] = [];
    for (const [key, record] of this.copies) {
      if (record !== null) copies.push(record);
      else if (this.view.copies.has(key)) removed.push(this.removedFrom.get(key)!);
    }
    return { copies, removed, statuses: [...this.statuses.values()] };
  }
}

/**
 * Whether the copy's latest operation was dropped: it is `pending` or `failed` from an earlier
 * connected period of the connection (an undo dropped the operations still queued, and a new approval
 * started another period), so nothing will deliver it.
 */
function operationDropped(c: Connection, copy: CopyRecord): boolean {
  return (copy.state === 'pending' || copy.state === 'failed') && copy.opEpoch !== null && copy.opEpoch !== c.eventCount;
}

/**
 * A copy whose operation an undo dropped before it reached the downstream — none acknowledged, none
 * attempted — is forgotten: its record goes, as there is nothing downstream to delete (S3). A failed
 * attempt may have been performed (delivery is at least once, a timeout only stops the waiting), so
 * such a copy is not forgotten and gets its delete (idempotent). Answers whether it was forgotten.
 */
function forgetNeverMade(draft: Draft, c: Connection, key: string, copy: CopyRecord): boolean {
  if (copy.syncedRevision !== null || copy.failures !== 0 || copy.state === 'failed' || !operationDropped(c, copy)) return false;
  draft.remove(c, key);
  return true;
}

/**
 * A copy whose operation was dropped, settled by what the downstream holds: the revision it
 * acknowledged (`synced`), or nothing (the record goes) — unless an attempt failed, which may have made
 * the copy: that record stays `failed` from the earlier period (a publish sends it again, a delete
 * deletes it, S3). Answers whether it was settled.
 */
function settleDropped(draft: Draft, c: Connection, key: string, copy: CopyRecord, at: number): boolean {
  if (!operationDropped(c, copy)) return false;
  if (copy.syncedRevision === null) {
    if (copy.state !== 'failed') draft.remove(c, key);
  } else draft.put(c, key, copyWith(copy, { state: 'synced', revision: copy.syncedRevision, opEpoch: c.eventCount, initialEpoch: null, failures: 0, lastError: null, updatedAt: at }));
  return true;
}

/**
 * The operation that brings a copy to `item`'s revision, and the copy's new record — or why nothing
 * moves: a copy pending or synced at this revision or later is current (S6); a deleted one has ended.
 * A copy whose operation may have been cancelled (`resend`: a new initial sync), or surely was (an
 * earlier connected period's, see `operationDropped`), is sent again under the same operation key.
 */
function bring(c: Connection, copy: CopyRecord | undefined, item: SourceItem, at: number, epoch: number | null, resend: boolean): { op: SyncOperation; record: CopyRecord } | string {
  if (copy?.state === 'deleted') return 'copy_ended';
  const current = copy !== undefined && copy.revision >= item.revision;
  if (current && (copy.state === 'synced' || !(resend || operationDropped(c, copy)))) return 'already_current';
  const revision = current ? copy.revision : item.revision;
  const fresh = copy === undefined || copy.syncedRevision === null;
  const kind = fresh ? 'copy' : 'update';
  const key = syncOperationKey(c.id, item.dataType, item.itemId, revision, kind);
  const base = { connectionId: c.id, downstreamProjectId: c.downstream.projectId, dataType: item.dataType, itemId: item.itemId, revision, at };
  const op: SyncOperation = fresh ? { kind: 'copy', key, ...base, item } : { kind: 'update', key, ...base, item, fromRevision: copy.syncedRevision ?? copy.revision };
  const record: CopyRecord = {
    connectionId: c.id,
    upstreamProjectId: c.upstream.projectId,
    downstreamProjectId: c.downstream.projectId,
    dataType: item.dataType,
    itemId: item.itemId,
    revision,
    state: 'pending',
    syncedRevision: copy?.syncedRevision ?? null,
    opKey: key,
    opEpoch: c.eventCount,
    initialEpoch: epoch ?? copy?.initialEpoch ?? null,
    // Until the downstream acknowledges one, any failed attempt may have made the copy: kept (S3).
    failures: fresh ? (copy?.failures ?? 0) : 0,
    lastError: null,
    updatedAt: at,
  };
  return { op, record };
}

function noticeOf(c: Connection, type: SharedDataType, event: SyncNoticeEvent, discriminator: string, itemIds: readonly string[], at: number): SyncNotice {
  const suffix = discriminator === '' ? '' : `#${discriminator}`;
  return Object.freeze({
    event,
    key: `${keyPart(c.id)}/${keyPart(type.id)}#${event}${suffix}`,
    connectionId: c.id,
    dataType: type.id,
    tool: type.tool,
    downstream: c.downstream,
    at,
    itemIds: Object.freeze([...itemIds]),
  });
}

/** One notice per notifying data type of a connection's operations (NewDrawingsPublished, DrawingsDeleted). */
function noticesOf(c: Connection, registry: SyncRegistry, ops: readonly SyncOperation[], event: 'NewDrawingsPublished' | 'DrawingsDeleted', at: number): SyncNotice[] {
  const byType = new Map<string, SyncOperation[]>();
  for (const op of ops) byType.set(op.dataType, [...(byType.get(op.dataType) ?? []), op]);
  const out: SyncNotice[] = [];
  for (const [dataType, list] of [...byType].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const type = findDataType(registry, dataType);
    if (type === undefined || !type.notifies) continue;
    out.push(noticeOf(c, type, event, digest(list.map((o) => o.key).sort().join('|')), list.map((o) => o.itemId), at));
  }
  return out;
}

/**
 * Internal: an upstream change fanned out to every connected downstream of the upstream project in one
 * decision (S3, S4, S6): the item records it reports, and for each connection sharing the item's data
 * type the copies, updates or deletions it plans, with the NewDrawingsPublished / DrawingsDeleted
 * notices.
 *
 * @remarks
 * Refused, with nothing planned: a data type the registry does not know (`INVALID_INPUT`); a project
 * fixed as downstream (`ROLE_CONFLICT`, C11) or never in a connection (`NOT_FOUND`); a revision older than
 * one already reported, or a deleted item published again (`INVALID_INPUT`). Unpublishing changes no
 * copy: copies stay as they are, and nothing syncs until the item is published again (S4).
 * @internal
 */
export function planUpstreamChange(view: UpstreamView, command: UpstreamChangeCommand, registry: SyncRegistry, at: number, itemKeyOf: (projectId: string, dataType: string, itemId: string) => string): Result<SyncChange, DomainError> {
  const project = command.upstreamProjectId;
  const role = view.ledger === undefined ? null : fixedRole(view.ledger);
  if (role === 'downstream') return err(domainError('ROLE_CONFLICT', { projectId: project, fixedRole: 'downstream', requestedRole: 'upstream' }));
  // A project that was never in a connection is not an upstream; one whose connections all closed is, and reaches no one.
  if (view.ledger === undefined) {
    return err(domainError('NOT_FOUND', { entity: 'upstream project', id: project }, `Project "${project}" is not the upstream of any connection: there is nowhere to sync its items.`));
  }
  const items: UpstreamItemRecord[] = [];
  for (let i = 0; i < command.items.length; i += 1) {
    const given = command.items[i]!;
    if (findDataType(registry, given.dataType) === undefined) return err(invalid(['input', 'items', i, 'dataType'], `unknown data type "${given.dataType}": it is not in the sync registry`));
    const known = view.items.get(itemKeyOf(project, given.dataType, given.itemId));
    if (command.type === 'publish') {
      const item = given as SourceItem;
      if (known?.deleted === true) return err(invalid(['input', 'items', i], `item "${item.itemId}" was deleted upstream; it cannot be published again`));
      if (known !== undefined && item.revision < known.revision) {
        return err(invalid(['input', 'items', i, 'revision'], `revision ${item.revision} of "${item.itemId}" is older than revision ${known.revision} already reported`));
      }
      items.push(Object.freeze({ projectId: project, dataType: item.dataType, itemId: item.itemId, revision: item.revision, published: true, deleted: false, attributes: item.attributes, updatedAt: at }));
    } else if (command.type === 'unpublish') {
      if (known?.deleted === true) return err(invalid(['input', 'items', i], `item "${given.itemId}" was deleted upstream`));
      items.push(Object.freeze({ projectId: project, dataType: given.dataType, itemId: given.itemId, revision: known?.revision ?? 0, published: false, deleted: false, attributes: known?.attributes ?? {}, updatedAt: at }));
    } else {
      items.push(Object.freeze({ projectId: project, dataType: given.dataType, itemId: given.itemId, revision: known?.revision ?? 0, published: false, deleted: true, attributes: known?.attributes ?? {}, updatedAt: at }));
    }
  }
  const draft = new Draft(view);
  const notices: SyncNotice[] = [];
  let reached = 0;
  for (const c of view.connections) {
    if (!connectedAt(c, at)) continue;
    reached += 1;
    const ops: SyncOperation[] = [];
    for (const record of items) {
      if (!c.dataTypes.includes(record.dataType)) {
        draft.skipped.push({ connectionId: c.id, itemId: record.itemId, reason: 'type_not_shared' });
        continue;
      }
      const key = copyId(c.id, record.dataType, record.itemId);
      const copy = draft.copy(key);
      if (command.type === 'unpublish') continue;
      if (command.type === 'delete') {
        if (copy === undefined || copy.state === 'deleted') {
          draft.skipped.push({ connectionId: c.id, itemId: record.itemId, reason: copy === undefined ? 'no_copy' : 'copy_ended' });
          continue;
        }
        // A copy whose operation an undo dropped before it was made: nothing downstream to delete.
        if (forgetNeverMade(draft, c, key, copy)) {
          draft.skipped.push({ connectionId: c.id, itemId: record.itemId, reason: 'no_copy' });
          continue;
        }
        const opKey = syncOperationKey(c.id, record.dataType, record.itemId, copy.revision, 'delete');
        ops.push({ kind: 'delete', key: opKey, connectionId: c.id, downstreamProjectId: c.downstream.projectId, dataType: record.dataType, itemId: record.itemId, revision: copy.revision, at });
        // A copy still counted by the running initial sync stays counted: its delete, acknowledged, ends it (S2).
        draft.put(c, key, copyWith(copy, { state: 'pending', opKey, opEpoch: c.eventCount, initialEpoch: copy.initialEpoch, failures: 0, lastError: null, updatedAt: at }));
        continue;
      }
      const type = findDataType(registry, record.dataType)!;
      const item: SourceItem = { dataType: record.dataType, itemId: record.itemId, revision: record.revision, published: true, attributes: record.attributes };
      const eligible = runPredicate(type, item);
      if (!eligible.ok) return eligible;
      if (!eligible.value) {
        draft.skipped.push({ connectionId: c.id, itemId: record.itemId, reason: 'not_eligible' });
        continue;
      }
      const planned = bring(c, copy, item, at, null, false);
      if (typeof planned === 'string') {
        draft.skipped.push({ connectionId: c.id, itemId: record.itemId, reason: planned });
        continue;
      }
      ops.push(planned.op);
      draft.put(c, key, planned.record);
    }
    draft.operations.push(...ops);
    notices.push(...noticesOf(c, registry, ops, command.type === 'delete' ? 'DrawingsDeleted' : 'NewDrawingsPublished', at));
  }
  return ok({ items, ...draft.changes(), operations: draft.operations, notices, reached, skipped: draft.skipped });
}

/** The InitialSyncComplete notices of a status whose initial sync just completed. */
function completion(c: Connection, registry: SyncRegistry, status: SyncStatusRecord, at: number): { status: SyncStatusRecord; notices: SyncNotice[] } {
  if (status.initial !== 'running' || status.initialRemaining > 0 || !c.dataTypes.every((t) => status.initialPlanned.includes(t))) return { status, notices: [] };
  const notices: SyncNotice[] = [];
  for (const dataType of c.dataTypes) {
    const type = findDataType(registry, dataType);
    // One notice per initial sync: its epoch is in the key, so the sync after an undone approval has its own (N5 de-duplicates by key).
    if (type !== undefined && type.notifies) notices.push(noticeOf(c, type, 'InitialSyncComplete', String(status.initialEpoch), [], at));
  }
  return { status: statusWith(status, { initial: 'complete', completedAt: at }), notices };
}

/**
 * Internal: one page of a connection's initial sync (S2): a copy of every published, eligible item of
 * the page that the downstream does not hold yet, and the deletion of every copy of an item of the page
 * deleted upstream (S3: a copy made in an earlier connected period, before an undo sent the connection
 * back to pending). The status counts the operations still to acknowledge, and once every page of every
 * shared type is planned and acknowledged the InitialSyncComplete notices go out. A connection that is
 * no longer connected plans nothing (S5).
 * @internal
 */
export function planInitialPage(
  c: Connection | undefined,
  view: { readonly copies: ReadonlyMap<string, CopyRecord>; readonly statuses: ReadonlyMap<string, SyncStatusRecord> },
  dataType: string,
  epoch: number,
  page: { readonly items: readonly SourceItem[]; readonly deleted: readonly DeletedItem[] },
  last: boolean,
  registry: SyncRegistry,
  at: number,
): Result<SyncChange, DomainError> {
  const { items } = page;
  const draft = new Draft(view);
  const none: SyncChange = { items: [], copies: [], removed: [], statuses: [], operations: [], notices: [], reached: 0, skipped: [] };
  if (c === undefined || !connectedAt(c, at) || !c.dataTypes.includes(dataType)) return ok(none);
  const type = findDataType(registry, dataType);
  let status = draft.status(c);
  // A task of an earlier initial sync (the connection was undone and approved again) plans nothing.
  if (epoch < status.initialEpoch) return ok(none);
  if (epoch > status.initialEpoch || status.initial === 'not_started') {
    status = statusWith(status, { initial: 'running', initialEpoch: epoch, initialRemaining: 0, initialPlanned: Object.freeze([]), initialItems: Object.freeze({}), completedAt: null });
  } else if (status.initial === 'complete') return ok(none);
  draft.setStatus(status);
  let copied = 0;
  if (type !== undefined) {
    for (const item of items) {
      if (item.dataType !== dataType) continue;
      if (!item.published) {
        draft.skipped.push({ connectionId: c.id, itemId: item.itemId, reason: 'unpublished' });
        // Its copy's operation, dropped by an undo, is settled: nothing syncs until it is published (S4).
        const key = copyId(c.id, dataType, item.itemId);
        const before = draft.copy(key);
        if (before !== undefined) settleDropped(draft, c, key, before, at);
        continue;
      }
      const eligible = runPredicate(type, item);
      if (!eligible.ok) return eligible;
      if (!eligible.value) continue;
      const key = copyId(c.id, dataType, item.itemId);
      const before = draft.copy(key);
      const planned = bring(c, before, item, at, epoch, true);
      if (typeof planned === 'string') continue;
      draft.put(c, key, planned.record);
      draft.operations.push(planned.op);
      const counted = draft.status(c);
      // A copy counts once towards an initial sync, however often its operation is sent again.
      if (before?.initialEpoch !== epoch) {
        copied += 1;
        draft.setStatus(statusWith(counted, { initialRemaining: counted.initialRemaining + 1 }));
      }
    }
  }
  const deletions: SyncOperation[] = [];
  for (const gone of page.deleted) {
    if (gone.dataType !== dataType) continue;
    const key = copyId(c.id, dataType, gone.itemId);
    const copy = draft.copy(key);
    if (copy === undefined || copy.state === 'deleted') continue;
    // A copy whose operation an undo dropped before it was made: nothing downstream to delete (S3).
    if (forgetNeverMade(draft, c, key, copy)) continue;
    const opKey = syncOperationKey(c.id, dataType, gone.itemId, copy.revision, 'delete');
    deletions.push({ kind: 'delete', key: opKey, connectionId: c.id, downstreamProjectId: c.downstream.projectId, dataType, itemId: gone.itemId, revision: copy.revision, at });
    draft.put(c, key, copyWith(copy, { state: 'pending', opKey, opEpoch: c.eventCount, initialEpoch: epoch, failures: 0, lastError: null, updatedAt: at }));
    // Counted once towards this initial sync, like a copy: it completes once the deletion is acknowledged.
    if (copy.initialEpoch !== epoch) {
      const counted = draft.status(c);
      draft.setStatus(statusWith(counted, { initialRemaining: counted.initialRemaining + 1 }));
    }
  }
  draft.operations.push(...deletions);
  let next = draft.status(c);
  next = statusWith(next, {
    initialItems: Object.freeze({ ...next.initialItems, [dataType]: (next.initialItems[dataType] ?? 0) + copied }),
    initialPlanned: last && !next.initialPlanned.includes(dataType) ? Object.freeze([...next.initialPlanned, dataType]) : next.initialPlanned,
  });
  const done = completion(c, registry, next, at);
  draft.setStatus(done.status);
  const notices = [...noticesOf(c, registry, deletions, 'DrawingsDeleted', at), ...done.notices];
  return ok({ items: [], ...draft.changes(), operations: draft.operations, notices, reached: 1, skipped: draft.skipped });
}

/**
 * Internal: the outcome of a sync operation's delivery, recorded in the copy ledger: acknowledged
 * (`synced`, or `deleted` for a deletion) or failed (retried later). An operation that a newer one has
 * replaced changes nothing (S6: acknowledging the same operation twice counts once). The last initial
 * copy acknowledged completes the initial sync.
 * @internal
 */
export function planDelivery(
  c: Connection | undefined,
  view: { readonly copies: ReadonlyMap<string, CopyRecord>; readonly statuses: ReadonlyMap<string, SyncStatusRecord> },
  op: SyncOperation,
  outcome: { readonly ok: true } | { readonly ok: false; readonly error: string },
  registry: SyncRegistry,
  at: number,
): SyncChange {
  const none: SyncChange = { items: [], copies: [], removed: [], statuses: [], operations: [], notices: [], reached: 0, skipped: [] };
  const key = copyId(op.connectionId, op.dataType, op.itemId);
  const copy = view.copies.get(key);
  if (c === undefined || copy === undefined || copy.opKey !== op.key || (copy.state !== 'pending' && copy.state !== 'failed')) return none;
  const draft = new Draft(view);
  if (!outcome.ok) {
    draft.put(c, key, copyWith(copy, { state: 'failed', failures: copy.failures + 1, lastError: outcome.error.slice(0, 10_000), updatedAt: at }));
    return { ...none, ...draft.changes() };
  }
  const state = op.kind === 'delete' ? 'deleted' : 'synced';
  draft.put(c, key, copyWith(copy, { state, syncedRevision: op.kind === 'delete' ? copy.syncedRevision : op.revision, initialEpoch: null, failures: 0, lastError: null, updatedAt: at }));
  // The copies the downstream holds (S5: what stays detached): one more on its first copy, one less on its delete.
  const counted = draft.status(c);
  const change = op.kind === 'delete' ? (copy.syncedRevision === null ? 0 : -1) : copy.syncedRevision === null ? 1 : 0;
  if (change !== 0 && counted.held !== undefined) draft.setStatus(statusWith(counted, { held: Math.max(0, counted.held + change) }));
  let notices: SyncNotice[] = [];
  const status = draft.status(c);
  // The last copy of the running initial sync acknowledged: InitialSyncComplete (not once the connection closed, S5).
  if (copy.initialEpoch !== null && copy.initialEpoch === status.initialEpoch && status.initial === 'running' && connectedAt(c, at)) {
    const done = completion(c, registry, statusWith(status, { initialRemaining: Math.max(0, status.initialRemaining - 1) }), at);
    draft.setStatus(done.status);
    notices = done.notices;
  }
  return { ...none, ...draft.changes(), notices, reached: 1 };
}

