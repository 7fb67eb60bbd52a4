import type { ConnectionCommand } from '../connection/commands.js';
import { dueDeadline } from '../connection/deadlines.js';
import { decideTrusted } from '../connection/decide.js';
import type { ApprovalMode, ConnectionEvent } from '../connection/events.js';
import { evolveTrusted } from '../connection/evolve.js';
import { resolvePolicy, type ConnectionPolicy } from '../connection/policy.js';
import { FrozenConnectionView, type Connection, type ConnectionView, type ProjectLedger } from '../connection/state.js';
import { domainError, type DomainError } from '../core/errors.js';
import type { AuthorizationFacts } from '../core/facts.js';
import type { CompanyId, ConnectionId, ProjectId, UserId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { planConnectionTrusted } from '../notifications/plan-connection-trusted.js';
import type { EventAppend, OutboxItem, RecordWrite } from '../ports/storage.js';
import type { ConnectionSyncJob } from '../ports/transports.js';
import { actorFactsFrom, notificationFactsFrom, readDirectory, type DirectorySlice } from './directoryReads.js';
import { everyPage } from './everyPage.js';
import { asInputPaths } from './inputPaths.js';
import { connectionIndexEntries, SERVICE_INDEXES } from './indexes.js';
import type { Loaded } from './loaded.js';
import type { ServiceMemos } from './memos.js';
import type { CommandModule, CommitParts } from './pipeline.js';
import type { ServiceDeps } from './ports.js';
import { CONNECTIONS, LEDGERS } from './storedRecords.js';
import { syncGroup } from './sync/records.js';
import { initialSyncTaskItem } from './sync/tasks.js';

/** Storage key prefix of connection records. */
export const CONNECTION_KEY = CONNECTIONS.prefix;
/** Storage key prefix of project ledgers. */
export const LEDGER_KEY = LEDGERS.prefix;

/**
 * What a connection command answers: the connection it concerns as it now stands, and the events it
 * recorded (empty when nothing changed).
 *
 * @example
 * ```ts
 * const r = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' });
 * if (r.ok) r.value.connection?.state; // 'connected'
 * ```
 * @since 0.1.0
 */
export interface ConnectionCommandOutcome {
  /** The connection the command concerns, as it now stands (null when it does not exist). */
  readonly connection: Connection | null;
  /** The events the command recorded (empty when nothing changed). */
  readonly events: readonly ConnectionEvent[];
}

/** Internal: what a connection decision and its outbox read from the directory. */
interface ConnectionFacts {
  readonly actor: AuthorizationFacts | undefined;
  readonly approval: ApprovalMode;
  readonly slice: DirectorySlice | null;
}

/**
 * Internal: remembers a connection's two projects (they never change), so the next command on it loads
 * the connection and both ledgers in one round trip (the deadline sweep calls it for the connections
 * its index read found). A stale or missing entry only costs the second round; versions still decide.
 * @internal
 */
export function rememberParties(memos: ServiceMemos, c: Connection): void {
  memos.parties.remember(c.id, () => [c.upstream.projectId, c.downstream.projectId]);
}

/*
 * Hints, not facts (`ServiceMemos`): the connection a project's ledger last named as open upstream of
 * it, and the one that retired it (C10; terminal). A request loads them, and their ledgers, in its
 * first round, so a request refused by C3 (which names the open connection) needs one storage round
 * trip instead of two. A stale hint costs nothing but the extra keys read: what the ledgers do name
 * decides what is kept.
 */
function hintLedger(memos: ServiceMemos, l: ProjectLedger): void {
  memos.openHints.update(l.projectId, l.openAsDownstream);
  if (l.retiredBy !== null) {
    const by = l.retiredBy;
    memos.retiredHints.remember(l.projectId, () => by);
  }
}

/** A connection's key and, when its projects are known, both ledgers. */
function connectionAndLedgers(keys: string[], id: ConnectionId, memos: ServiceMemos): void {
  keys.push(CONNECTION_KEY + id);
  const known = memos.parties.get(id);
  if (known !== undefined) keys.push(LEDGER_KEY + known[0], LEDGER_KEY + known[1]);
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/** What a request loads ahead, on hints: the connections its projects' ledgers last named (see `loadClosure`). */
function ahead(command: ConnectionCommand, deps: ServiceDeps): readonly string[] {
  if (command.type !== 'request') return NO_KEYS;
  const { memos } = deps;
  let out: string[] | null = null;
  for (const project of [command.downstreamProjectId, command.upstreamProjectId]) {
    const open = memos.openHints.get(project);
    if (open !== undefined && open !== null) connectionAndLedgers((out ??= []), open, memos);
  }
  const retired = memos.retiredHints.get(command.downstreamProjectId);
  if (retired !== undefined) (out ??= []).push(CONNECTION_KEY + retired);
  return out ?? NO_KEYS;
}

const resolved = new WeakMap<object, ConnectionPolicy>();

/** The lifecycle policy of a service, resolved once. */
function policyOf(deps: ServiceDeps): ConnectionPolicy {
  let policy = resolved.get(deps.policy);
  if (policy === undefined) {
    policy = resolvePolicy(deps.policy.connection);
    resolved.set(deps.policy, policy);
  }
  return policy;
}

/** A connection's key and both ledgers: from the loaded connection, else from the memo when known. */
function withLedgers(keys: string[], loaded: Loaded, id: ConnectionId | null, memos: ServiceMemos): void {
  if (id === null) return;
  const c = loaded.valid(CONNECTIONS, CONNECTION_KEY + id);
  if (c === undefined) connectionAndLedgers(keys, id, memos);
  else keys.push(CONNECTION_KEY + id, LEDGER_KEY + c.upstream.projectId, LEDGER_KEY + c.downstream.projectId);
}

/** The records a connection command reads (docs/consistency.md, "What the service must load"). */
function keys(command: ConnectionCommand, loaded: Loaded, deps: ServiceDeps): string[] {
  const out: string[] = [];
  if (command.type !== 'request') {
    withLedgers(out, loaded, command.connectionId, deps.memos);
    return out;
  }
  out.push(CONNECTION_KEY + command.connectionId);
  for (const project of [command.downstreamProjectId, command.upstreamProjectId]) {
    out.push(LEDGER_KEY + project);
    withLedgers(out, loaded, loaded.valid(LEDGERS, LEDGER_KEY + project)?.openAsDownstream ?? null, deps.memos);
  }
  // The connection that retired the downstream (C10), so that the refusal can name it; terminal, it never changes.
  const retiredBy = loaded.valid(LEDGERS, LEDGER_KEY + command.downstreamProjectId)?.retiredBy ?? null;
  if (retiredBy !== null) out.push(CONNECTION_KEY + retiredBy);
  return out;
}

/**
 * C11 with deadlines: when only pending requests it made as an upstream fix a request's downstream
 * project's role, the decision must see them (and the ledgers of their downstreams) to record the ones
 * past their deadline first. Loaded into the same attempt, so their versions are expected at commit.
 * Rare: most requests name nothing more.
 */
function expand(deps: ServiceDeps, command: ConnectionCommand, loaded: Loaded): readonly string[] | Promise<readonly string[]> {
  if (command.type !== 'request') return NO_KEYS;
  const down = command.downstreamProjectId;
  const l = loaded.valid(LEDGERS, LEDGER_KEY + down);
  if (l === undefined || l.openAsUpstream === 0 || l.connectedAsUpstream > 0) return NO_KEYS;
  return pendingAsUpstream(deps, down, loaded);
}

/** The pending requests `down` made as an upstream, with their downstreams' ledgers (see {@link expand}). */
async function pendingAsUpstream(deps: ServiceDeps, down: ProjectId, loaded: Loaded): Promise<readonly string[]> {
  const more: string[] = [];
  for (const r of await everyPage(deps, SERVICE_INDEXES.connectionByProject, down)) {
    if (!r.key.startsWith(CONNECTION_KEY) || loaded.records.has(r.key)) continue;
    // Named from the index page, then loaded (and checked) by the pipeline with the versions to expect.
    const c = CONNECTIONS.read(r.key, r.data);
    if (c.ok && c.value.upstream.projectId === down && c.value.state === 'pending') more.push(r.key, LEDGER_KEY + c.value.downstream.projectId);
  }
  return more;
}

/** The loaded records as the lifecycle's view, each read by its record reader. */
function read(loaded: Loaded, deps: ServiceDeps): Result<ConnectionView, DomainError> {
  // Null-prototype dictionaries keyed by ids (ids never name Object.prototype's members: the schemas refuse them).
  const connections = Object.create(null) as Record<string, Connection>;
  const projects = Object.create(null) as Record<string, ProjectLedger>;
  for (const r of loaded.records.values()) {
    if (r.data === null || r.data === undefined) continue;
    if (r.key.startsWith(CONNECTION_KEY)) {
      const c = CONNECTIONS.read(r.key, r.data);
      if (!c.ok) return c;
      connections[c.value.id] = c.value;
      rememberParties(deps.memos, c.value);
    } else if (r.key.startsWith(LEDGER_KEY)) {
      const l = LEDGERS.read(r.key, r.data);
      if (!l.ok) return l;
      projects[l.value.projectId] = l.value;
      hintLedger(deps.memos, l.value);
    }
  }
  return ok(new FrozenConnectionView(Object.freeze(connections), Object.freeze(projects)));
}

function existing(view: ConnectionView, command: ConnectionCommand): Connection | undefined {
  const id: ConnectionId = command.connectionId;
  return Object.hasOwn(view.connections, id) ? view.connections[id] : undefined;
}

/** C13 and the clock: a decision is never dated before the last event of a connection it reads. */
function time(view: ConnectionView, _command: ConnectionCommand, now: number): number {
  let at = now;
  for (const id in view.connections) {
    const since = view.connections[id]!.stateSince;
    if (since > at) at = since;
  }
  return at;
}

/** Deadlines first: an expired or ended connection is recorded as such, once, before anything else (C17, end dates). */
function due(deps: ServiceDeps, view: ConnectionView, command: ConnectionCommand, at: number): readonly ConnectionEvent[] {
  if (command.type === 'request' || command.type === 'reconcile') return [];
  const c = existing(view, command);
  if (c === undefined) return [];
  const event = dueDeadline(c, at, policyOf(deps));
  return event === null ? [] : [event];
}

async function facts(deps: ServiceDeps, who: UserId | null, command: ConnectionCommand, view: ConnectionView): Promise<Result<ConnectionFacts, DomainError>> {
  const c = existing(view, command);
  let projectIds: ProjectId[];
  let companies: CompanyId[] | null = null;
  if (command.type === 'request') projectIds = [command.upstreamProjectId, command.downstreamProjectId];
  else if (c !== undefined) {
    projectIds = [c.upstream.projectId, c.downstream.projectId];
    companies = c.upstream.companyId === c.downstream.companyId ? [c.upstream.companyId] : [c.upstream.companyId, c.downstream.companyId];
  } else return ok({ actor: undefined, approval: 'manual', slice: null });
  const slice = await readDirectory(deps, who, projectIds, companies);
  if (!slice.ok) return slice;
  // C2: every user command needs the user's companies; a user the directory does not know is told so
  // in one condition, not in the list of every company, directory and tool level they lack.
  if (who !== null && slice.value.user === undefined) {
    return err(domainError('NOT_AUTHORIZED', { userId: who, failed: [{ condition: 'known_user', message: `user "${who}" is not in the directory` }] }));
  }
  let actor: AuthorizationFacts | undefined;
  if (who !== null) {
    const derived = actorFactsFrom(deps, slice.value, who, projectIds);
    if (!derived.ok) return derived;
    actor = derived.value;
  }
  let approval: ApprovalMode = 'manual';
  if (command.type === 'request') {
    const upstreamCompany = slice.value.projects.get(command.upstreamProjectId)?.companyId;
    if (upstreamCompany !== undefined && slice.value.companies.get(upstreamCompany)?.approval === 'automatic') approval = 'automatic';
  }
  return ok({ actor, approval, slice: slice.value });
}

function decide(deps: ServiceDeps, view: ConnectionView, command: ConnectionCommand, f: ConnectionFacts, at: number): Result<readonly ConnectionEvent[], DomainError> {
  return asInputPaths(decideTrusted(view, command, { now: at, actor: f.actor, approval: f.approval, policy: policyOf(deps) }));
}

function evolve(view: ConnectionView, events: readonly ConnectionEvent[]): ConnectionView {
  let state = view;
  for (const event of events) state = evolveTrusted(state, event);
  return state;
}

/**
 * The sync job a connection event starts, if any: `start_sync` on connection (S2); `stop_sync` on
 * closing a connected one (S5, `closes`), on an undone approval (a pause), and on closing a pending
 * connection that was paused so (S5, `closes`: its copies were made while it was connected). A pending
 * connection whose history holds more than its request was approved and undone: every other event
 * closes a connection.
 */
function syncJob(event: ConnectionEvent, connection: Connection, sequence: number): ConnectionSyncJob | null {
  let kind: ConnectionSyncJob['kind'] | null = null;
  if (event.type === 'ConnectionApproved') kind = 'start_sync';
  else if (event.type === 'ConnectionDisconnected' || event.type === 'ApprovalUndone') kind = 'stop_sync';
  else if (event.type === 'ConnectionCancelled' && event.from === 'connected') kind = 'stop_sync';
  else if ((event.type === 'ConnectionCancelled' || event.type === 'ConnectionDeclined' || event.type === 'ConnectionExpired') && sequence > 1) kind = 'stop_sync';
  if (kind === null) return null;
  // Every stop closes the connection for good except the pause of an undone approval.
  const closes = kind === 'stop_sync' && event.type !== 'ApprovalUndone';
  return Object.freeze({
    kind,
    key: `sync:${connection.id}:${kind}:${sequence}`,
    connectionId: connection.id,
    dataTypes: connection.dataTypes,
    upstream: connection.upstream,
    downstream: connection.downstream,
    closes,
    at: event.at,
  });
}

/**
 * The outbox items a batch of connection events records in the same commit (N5, S6): one notification
 * per recipient from the notification planner, and the connection-level sync jobs, each with a stable id
 * (event position in the connection's history, recipient).
 */
function outboxOf(before: ConnectionView, after: ConnectionView, events: readonly ConnectionEvent[], f: ConnectionFacts, at: number): Result<{ items: OutboxItem[]; stopped: string[] }, DomainError> {
  const items: OutboxItem[] = [];
  const stopped: string[] = [];
  if (events.length === 0) return ok({ items, stopped });
  const sides: { projectId: ProjectId; companyId: CompanyId }[] = [];
  for (const e of events) {
    const c = after.connections[e.connectionId];
    if (c !== undefined) sides.push(c.upstream, c.downstream);
  }
  const empty: DirectorySlice = { user: undefined, projects: new Map(), templates: new Map(), companies: new Map() };
  const { directory, settings } = notificationFactsFrom(f.slice ?? empty, sides);
  const counters = new Map<string, number>();
  for (const event of events) {
    const id = event.connectionId;
    const connection = Object.hasOwn(after.connections, id) ? after.connections[id] : undefined;
    if (connection === undefined) continue;
    const previous = Object.hasOwn(before.connections, id) ? before.connections[id] : undefined;
    const sequence = counters.get(id) ?? previous?.eventCount ?? 0;
    counters.set(id, sequence + 1);
    const plan = planConnectionTrusted(event, connection, directory, settings, sequence);
    if (!plan.ok) return plan;
    for (const n of plan.value.notifications) items.push(Object.freeze({ id: n.id, kind: 'notification', payload: n, availableAt: at }));
    const job = syncJob(event, connection, sequence);
    if (job === null) continue;
    const group = syncGroup(connection.id);
    // S5: stopping drops the connection's sync work not yet handed out, before the stop job is queued.
    if (job.kind === 'stop_sync' && !stopped.includes(group)) stopped.push(group);
    items.push(Object.freeze({ id: job.key, kind: 'sync', payload: job, availableAt: at, group }));
    // S2: the initial sync, one task per shared data type, run by the service page by page.
    if (job.kind === 'start_sync') {
      for (const dataType of connection.dataTypes) {
        items.push(initialSyncTaskItem({ task: 'initial_sync', connectionId: connection.id, upstreamProjectId: connection.upstream.projectId, dataType, after: null, epoch: sequence }, at));
      }
    }
  }
  return ok({ items, stopped });
}

function commit(
  deps: ServiceDeps,
  loaded: Loaded,
  before: ConnectionView,
  after: ConnectionView,
  events: readonly ConnectionEvent[],
  f: ConnectionFacts,
  at: number,
): Result<CommitParts, DomainError> {
  const outbox = outboxOf(before, after, events, f, at);
  if (!outbox.ok) return outbox;
  const writes: RecordWrite[] = [];
  for (const id in after.connections) {
    const c = after.connections[id]!;
    if (before.connections[id] === c) continue;
    rememberParties(deps.memos, c);
    writes.push({ key: CONNECTION_KEY + id, data: CONNECTIONS.seal(c), index: connectionIndexEntries(c), partition: c.upstream.projectId });
  }
  for (const id in after.projects) {
    const l = after.projects[id]!;
    if (before.projects[id] === l) continue;
    hintLedger(deps.memos, l);
    writes.push({ key: LEDGER_KEY + id, data: LEDGERS.seal(l), partition: id });
  }
  const appends: EventAppend[] = [];
  for (const e of events) {
    const stream = CONNECTION_KEY + e.connectionId;
    const append = appends.find((a) => a.stream === stream) as { stream: string; events: ConnectionEvent[] } | undefined;
    if (append === undefined) appends.push({ stream, events: [e] });
    else append.events.push(e);
  }
  const { items, stopped } = outbox.value;
  return ok({ expected: loaded.expected(), writes, events: appends, outbox: items, ...(stopped.length === 0 ? {} : { cancel: { groups: stopped, now: at } }) });
}

function outcome(after: ConnectionView, command: ConnectionCommand, events: readonly ConnectionEvent[]): ConnectionCommandOutcome {
  const id: string = command.connectionId;
  return Object.freeze({ connection: Object.hasOwn(after.connections, id) ? (after.connections[id] ?? null) : null, events: Object.isFrozen(events) ? events : Object.freeze([...events]) });
}

/**
 * Internal: the connection lifecycle as a module of the command pipeline.
 * @internal
 */
export const CONNECTION_MODULE: CommandModule<ConnectionCommand, UserId, ConnectionView, ConnectionFacts, ConnectionEvent, ConnectionCommandOutcome> = Object.freeze({
  keys,
  ahead,
  expand,
  read,
  time,
  due,
  facts,
  decide,
  evolve,
  commit,
  outcome,
});
