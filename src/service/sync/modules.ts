import { connectionMachine } from '../../connection/machine.js';
import type { Connection, ProjectLedger } from '../../connection/state.js';
import type { DomainError } from '../../core/errors.js';
import type { CompanyId, ProjectId } from '../../core/ids.js';
import { ok, type Result } from '../../core/result.js';
import { planSyncTrusted } from '../../notifications/plan-sync.js';
import type { OutboxItem, RecordWrite } from '../../ports/storage.js';
import type { SourceItem } from '../../sync/item.js';
import type { SyncOperation } from '../../sync/operations.js';
import { notificationFactsFrom, readDirectory, type DirectorySlice } from '../directoryReads.js';
import { everyPage } from '../everyPage.js';
import { SERVICE_INDEXES } from '../indexes.js';
import type { Loaded } from '../loaded.js';
import type { CommandModule, CommitParts } from '../pipeline.js';
import type { ServiceDeps } from '../ports.js';
import { CONNECTIONS, LEDGERS } from '../storedRecords.js';

/** The terminal states of a connection (`connectionMachine.terminal`). */
const TERMINAL: ReadonlySet<unknown> = new Set<unknown>(connectionMachine.terminal);
import { initialSyncTaskItem, operationItem, type InitialSyncTask } from './tasks.js';
import { planDelivery, planInitialPage, planUpstreamChange, type DeletedItem, type SyncChange, type UpstreamChangeCommand, type UpstreamView } from './plan.js';
import {
  COPIES,
  copyEntries,
  copyRecordKey,
  SYNC_STATUS,
  syncStatusKey,
  UPSTREAM_ITEMS,
  upstreamItemEntries,
  upstreamItemId,
  upstreamItemKey,
  type CopyRecord,
  type SyncStatusRecord,
  type UpstreamItemRecord,
} from './records.js';

/**
 * What an upstream change answers: how many connected downstreams it reached, how many operations it
 * queued for the sync transport, and what it left alone (and why).
 *
 * @example
 * ```ts
 * const r = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [sheet] });
 * if (r.ok) console.log(`${r.value.operations} copies queued for ${r.value.reached} downstream projects`);
 * ```
 * @since 0.2.0
 */
export interface UpstreamChangeOutcome {
  /** How many connected downstream connections the change reached. */
  readonly reached: number;
  /** How many operations it queued for the sync transport. */
  readonly operations: number;
  /** What it left alone, and why. */
  readonly skipped: readonly { readonly connectionId: string | null; readonly itemId: string; readonly reason: string }[];
}

function put<T>(map: Map<string, T>, key: string, value: T): void {
  map.set(key, value);
}

/** Reads every record of a loaded set with the readers of the sync view; DATA_CORRUPTED for the first bad one. */
function readSyncRecords(loaded: Loaded): Result<{ ledger: ProjectLedger | undefined; connections: Map<string, Connection>; items: Map<string, UpstreamItemRecord>; copies: Map<string, CopyRecord>; statuses: Map<string, SyncStatusRecord> }, DomainError> {
  let ledger: ProjectLedger | undefined;
  const connections = new Map<string, Connection>();
  const items = new Map<string, UpstreamItemRecord>();
  const copies = new Map<string, CopyRecord>();
  const statuses = new Map<string, SyncStatusRecord>();
  for (const r of loaded.records.values()) {
    if (r.data === null || r.data === undefined) continue;
    if (r.key.startsWith(CONNECTIONS.prefix)) {
      const c = CONNECTIONS.read(r.key, r.data);
      if (!c.ok) return c;
      put(connections, c.value.id, c.value);
    } else if (r.key.startsWith(LEDGERS.prefix)) {
      const l = LEDGERS.read(r.key, r.data);
      if (!l.ok) return l;
      ledger = l.value;
    } else if (r.key.startsWith(UPSTREAM_ITEMS.prefix)) {
      const i = UPSTREAM_ITEMS.read(r.key, r.data);
      if (!i.ok) return i;
      put(items, r.key.slice(UPSTREAM_ITEMS.prefix.length), i.value);
    } else if (r.key.startsWith(COPIES.prefix)) {
      const c = COPIES.read(r.key, r.data);
      if (!c.ok) return c;
      put(copies, r.key.slice(COPIES.prefix.length), c.value);
    } else if (r.key.startsWith(SYNC_STATUS.prefix)) {
      const s = SYNC_STATUS.read(r.key, r.data);
      if (!s.ok) return s;
      put(statuses, s.value.connectionId, s.value);
    }
  }
  return ok({ ledger, connections, items, copies, statuses });
}

/** The writes, operations and notifications of a sync decision. */
function syncCommit(loaded: Loaded, change: SyncChange, connections: ReadonlyMap<string, Connection>, slice: DirectorySlice | null, at: number): Result<{ writes: RecordWrite[]; outbox: OutboxItem[] }, DomainError> {
  const writes: RecordWrite[] = [];
  for (const item of change.items) writes.push({ key: UPSTREAM_ITEMS.prefix + upstreamItemId(item.projectId, item.dataType, item.itemId), data: UPSTREAM_ITEMS.seal(item), index: upstreamItemEntries(item), partition: item.projectId });
  for (const copy of change.copies) writes.push({ key: copyRecordKey(copy.connectionId, copy.dataType, copy.itemId), data: COPIES.seal(copy), index: copyEntries(copy), partition: copy.upstreamProjectId });
  for (const copy of change.removed) writes.push({ key: copyRecordKey(copy.connectionId, copy.dataType, copy.itemId), data: null, partition: copy.upstreamProjectId });
  for (const status of change.statuses) writes.push({ key: syncStatusKey(status.connectionId), data: SYNC_STATUS.seal(status), partition: status.upstreamProjectId });
  const outbox: OutboxItem[] = [];
  for (const op of change.operations) outbox.push(operationItem(op, connections.get(op.connectionId)?.eventCount ?? 0, at));
  if (change.notices.length > 0) {
    const empty: DirectorySlice = { user: undefined, projects: new Map(), templates: new Map(), companies: new Map() };
    const { directory, settings } = notificationFactsFrom(slice ?? empty, change.notices.map((n) => n.downstream));
    for (const notice of change.notices) {
      const plan = planSyncTrusted(notice, directory, settings);
      if (!plan.ok) return plan;
      for (const n of plan.value.notifications) outbox.push(Object.freeze({ id: n.id, kind: 'notification', payload: n, availableAt: at }));
    }
  }
  void loaded;
  return ok({ writes, outbox });
}

/** The directory entries of the downstream projects a change may notify. */
async function downstreamDirectory(deps: ServiceDeps, connections: Iterable<Connection>): Promise<Result<DirectorySlice | null, DomainError>> {
  const projects: ProjectId[] = [];
  const companies = new Set<CompanyId>();
  for (const c of connections) {
    if (c.state !== 'connected') continue;
    projects.push(c.downstream.projectId);
    companies.add(c.downstream.companyId);
  }
  if (projects.length === 0) return ok(null);
  return readDirectory(deps, null, projects, [...companies]);
}

interface UpstreamFacts {
  readonly slice: DirectorySlice | null;
}

/**
 * Internal: upstream changes (publish, unpublish, delete), fanned out to every connected downstream (S3).
 * @internal
 */
export const UPSTREAM_CHANGE_MODULE: CommandModule<UpstreamChangeCommand, null, UpstreamView, UpstreamFacts, SyncChange, UpstreamChangeOutcome> = Object.freeze({
  keys: (command: UpstreamChangeCommand) => [LEDGERS.prefix + command.upstreamProjectId, ...command.items.map((i) => upstreamItemKey(command.upstreamProjectId, i.dataType, i.itemId))],
  async expand(deps: ServiceDeps, command: UpstreamChangeCommand, loaded: Loaded): Promise<readonly string[]> {
    // The upstream ledger was loaded first: a connection opened or closed since changes it, so the commit conflicts and decides again.
    const up = command.upstreamProjectId;
    const records = await everyPage(deps, SERVICE_INDEXES.connectionByProject, up);
    const more: string[] = [];
    for (const r of records) {
      // A connection in a terminal state never changes again, and a publish never reaches it: it is
      // neither read nor expected (a publish cost in proportion to the project's closed history).
      if (TERMINAL.has((r.data as { readonly state?: unknown } | null)?.state)) continue;
      if (!loaded.records.has(r.key)) loaded.records.set(r.key, r);
      const c = loaded.valid(CONNECTIONS, r.key);
      if (c === undefined || c.upstream.projectId !== up || c.state !== 'connected') continue;
      more.push(syncStatusKey(c.id));
      for (const i of command.items) if (c.dataTypes.includes(i.dataType)) more.push(copyRecordKey(c.id, i.dataType, i.itemId));
    }
    return more;
  },
  read(loaded: Loaded): Result<UpstreamView, DomainError> {
    const r = readSyncRecords(loaded);
    if (!r.ok) return r;
    const connections = [...r.value.connections.values()].filter((c) => c.state === 'connected').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return ok({ ledger: r.value.ledger, connections, items: r.value.items, copies: r.value.copies, statuses: r.value.statuses });
  },
  time: (_view: UpstreamView, _command: UpstreamChangeCommand, now: number) => now,
  due: () => [],
  async facts(deps: ServiceDeps, _who: null, _command: UpstreamChangeCommand, view: UpstreamView): Promise<Result<UpstreamFacts, DomainError>> {
    const slice = await downstreamDirectory(deps, view.connections);
    return slice.ok ? ok({ slice: slice.value }) : slice;
  },
  decide(deps: ServiceDeps, view: UpstreamView, command: UpstreamChangeCommand, _facts: UpstreamFacts, at: number): Result<readonly SyncChange[], DomainError> {
    const planned = planUpstreamChange(view, command, deps.syncRegistry, at, upstreamItemId);
    return planned.ok ? ok([planned.value]) : planned;
  },
  evolve: (view: UpstreamView) => view,
  commit(_deps: ServiceDeps, loaded: Loaded, view: UpstreamView, _after: UpstreamView, events: readonly SyncChange[], f: UpstreamFacts, at: number): Result<CommitParts, DomainError> {
    const change = events[0]!;
    const built = syncCommit(loaded, change, new Map(view.connections.map((c) => [c.id, c])), f.slice, at);
    if (!built.ok) return built;
    return ok({ expected: loaded.expected(), writes: built.value.writes, events: [], outbox: built.value.outbox });
  },
  outcome: (_after: UpstreamView, _command: UpstreamChangeCommand, events: readonly SyncChange[]) =>
    Object.freeze({ reached: events[0]?.reached ?? 0, operations: events[0]?.operations.length ?? 0, skipped: Object.freeze((events[0]?.skipped ?? []).map((entry) => Object.freeze({ ...entry }))) }),
});

/**
 * Internal: one page of a connection's initial sync, read from the upstream items port or the items reported.
 * @internal
 */
export interface InitialPageCommand {
  readonly type: 'initial_page';
  readonly taskId: string;
  readonly task: InitialSyncTask;
  readonly items: readonly SourceItem[];
  /** Items of the page reported deleted upstream (S3). */
  readonly deleted: readonly DeletedItem[];
  readonly next: string | null;
}

interface ConnectionSyncView {
  readonly connection: Connection | undefined;
  readonly copies: ReadonlyMap<string, CopyRecord>;
  readonly statuses: ReadonlyMap<string, SyncStatusRecord>;
  /** The upstream item records loaded, by `upstreamItemId`. */
  readonly items: ReadonlyMap<string, UpstreamItemRecord>;
}

function readConnectionSync(loaded: Loaded, connectionId: string): Result<ConnectionSyncView, DomainError> {
  const r = readSyncRecords(loaded);
  if (!r.ok) return r;
  return ok({ connection: r.value.connections.get(connectionId), copies: r.value.copies, statuses: r.value.statuses, items: r.value.items });
}

async function connectionDirectory(deps: ServiceDeps, view: ConnectionSyncView): Promise<Result<{ slice: DirectorySlice | null }, DomainError>> {
  const slice = await downstreamDirectory(deps, view.connection === undefined ? [] : [view.connection]);
  return slice.ok ? ok({ slice: slice.value }) : slice;
}

/**
 * The task after an initial sync page: the next page of the same phase; after the last page of the
 * upstream items port, the deletions reported to the service — only when the connection held copies
 * as this initial sync began (an undone approval, then a new one), since only such copies can belong
 * to an item deleted meanwhile; else none (the data type is planned).
 */
function followingTask(deps: ServiceDeps, view: ConnectionSyncView, command: InitialPageCommand): InitialSyncTask | null {
  const { task } = command;
  const reconcile = task.reconcile ?? heldCopies(view, task);
  if (command.next !== null) return { ...task, after: command.next, reconcile };
  if (deps.upstreamItems === null || task.phase !== undefined || !reconcile) return null;
  return { ...task, after: null, phase: 'deletions', reconcile };
}

/** Whether the connection holds copies (read on the first page of an initial sync, before it plans any). */
function heldCopies(view: ConnectionSyncView, task: InitialSyncTask): boolean {
  const status = view.statuses.get(task.connectionId);
  return status !== undefined && status.pending + status.synced + status.failed + status.deleted > 0;
}

/**
 * Internal: a page of an initial sync (S2), run by the service when its task comes out of the outbox.
 * @internal
 */
export const INITIAL_PAGE_MODULE: CommandModule<InitialPageCommand, null, ConnectionSyncView, { slice: DirectorySlice | null }, SyncChange, SyncChange> = Object.freeze({
  keys: (command: InitialPageCommand) => [
    CONNECTIONS.prefix + command.task.connectionId,
    syncStatusKey(command.task.connectionId),
    ...command.items.map((i) => copyRecordKey(command.task.connectionId, command.task.dataType, i.itemId)),
    ...command.deleted.map((i) => copyRecordKey(command.task.connectionId, command.task.dataType, i.itemId)),
    // What the service was told of the page's items: a delete committed after the page was read wins (S3).
    ...command.items.map((i) => UPSTREAM_ITEMS.prefix + upstreamItemId(command.task.upstreamProjectId, command.task.dataType, i.itemId)),
  ],
  read: (loaded: Loaded) => {
    const first = [...loaded.records.keys()].find((k) => k.startsWith(CONNECTIONS.prefix)) ?? '';
    return readConnectionSync(loaded, first.slice(CONNECTIONS.prefix.length));
  },
  time: (_view: ConnectionSyncView, _command: InitialPageCommand, now: number) => now,
  due: () => [],
  facts: (deps: ServiceDeps, _who: null, _command: InitialPageCommand, view: ConnectionSyncView) => connectionDirectory(deps, view),
  decide(deps: ServiceDeps, view: ConnectionSyncView, command: InitialPageCommand, _f: { slice: DirectorySlice | null }, at: number): Result<readonly SyncChange[], DomainError> {
    const last = command.next === null && followingTask(deps, view, command) === null;
    // Items of the page deleted upstream since it was read: deletions, not copies (S3).
    const { task } = command;
    const kept: SourceItem[] = [];
    const gone: DeletedItem[] = [];
    for (const i of command.items) {
      if (view.items.get(upstreamItemId(task.upstreamProjectId, task.dataType, i.itemId))?.deleted === true) gone.push({ dataType: i.dataType, itemId: i.itemId });
      else kept.push(i);
    }
    const page = gone.length === 0 ? command : { items: kept, deleted: [...command.deleted, ...gone] };
    const planned = planInitialPage(view.connection, view, task.dataType, task.epoch, page, last, deps.syncRegistry, at);
    return planned.ok ? ok([planned.value]) : planned;
  },
  evolve: (view: ConnectionSyncView) => view,
  commit(deps: ServiceDeps, loaded: Loaded, view: ConnectionSyncView, _after: ConnectionSyncView, events: readonly SyncChange[], f: { slice: DirectorySlice | null }, at: number, command: InitialPageCommand): Result<CommitParts, DomainError> {
    const change = events[0]!;
    const c = view.connection;
    const built = syncCommit(loaded, change, new Map(c === undefined ? [] : [[c.id, c]]), f.slice, at);
    if (!built.ok) return built;
    const outbox = built.value.outbox;
    // More pages: the next task, queued behind this page's operations (same group), while the sync runs.
    const following = followingTask(deps, view, command);
    if (following !== null && change.reached > 0) outbox.push(initialSyncTaskItem(following, at));
    return ok({ expected: loaded.expected(), writes: built.value.writes, events: [], outbox, delivered: [command.taskId] });
  },
  outcome: (_after: ConnectionSyncView, _command: InitialPageCommand, events: readonly SyncChange[]) => events[0]!,
});

/**
 * Internal: what the dispatcher learnt of a sync operation: performed, or failed.
 * @internal
 */
export interface DeliveryCommand {
  readonly type: 'delivery';
  readonly outboxId: string;
  readonly op: SyncOperation;
  readonly outcome: { readonly ok: true } | { readonly ok: false; readonly error: string };
}

/**
 * Internal: a sync operation's delivery recorded in the copy ledger, with the acknowledgement of its outbox item (S6).
 * @internal
 */
export const DELIVERY_MODULE: CommandModule<DeliveryCommand, null, ConnectionSyncView, { slice: DirectorySlice | null }, SyncChange, SyncChange> = Object.freeze({
  keys: (command: DeliveryCommand) => [CONNECTIONS.prefix + command.op.connectionId, syncStatusKey(command.op.connectionId), copyRecordKey(command.op.connectionId, command.op.dataType, command.op.itemId)],
  read: (loaded: Loaded) => {
    const first = [...loaded.records.keys()].find((k) => k.startsWith(CONNECTIONS.prefix)) ?? '';
    return readConnectionSync(loaded, first.slice(CONNECTIONS.prefix.length));
  },
  time: (_view: ConnectionSyncView, _command: DeliveryCommand, now: number) => now,
  due: () => [],
  facts: (deps: ServiceDeps, _who: null, _command: DeliveryCommand, view: ConnectionSyncView) => connectionDirectory(deps, view),
  decide: (deps: ServiceDeps, view: ConnectionSyncView, command: DeliveryCommand, _f: { slice: DirectorySlice | null }, at: number) =>
    ok([planDelivery(view.connection, view, command.op, command.outcome, deps.syncRegistry, at)]),
  evolve: (view: ConnectionSyncView) => view,
  commit(_deps: ServiceDeps, loaded: Loaded, view: ConnectionSyncView, _after: ConnectionSyncView, events: readonly SyncChange[], f: { slice: DirectorySlice | null }, at: number, command: DeliveryCommand): Result<CommitParts, DomainError> {
    const c = view.connection;
    const built = syncCommit(loaded, events[0]!, new Map(c === undefined ? [] : [[c.id, c]]), f.slice, at);
    if (!built.ok) return built;
    // Performed: the acknowledgement of the outbox item is recorded with the ledger (S6). Failed: the dispatcher records the retry.
    return ok({ expected: loaded.expected(), writes: built.value.writes, events: [], outbox: built.value.outbox, ...(command.outcome.ok ? { delivered: [command.outboxId] } : {}) });
  },
  outcome: (_after: ConnectionSyncView, _command: DeliveryCommand, events: readonly SyncChange[]) => events[0]!,
});
