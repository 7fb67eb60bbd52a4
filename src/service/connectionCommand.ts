import { executeConnectionCommand } from '../connection/api.js';
import type { ConnectionCommand } from '../connection/commands.js';
import type { ApprovalMode, ConnectionEvent } from '../connection/events.js';
import { FrozenConnectionView, type Connection, type ConnectionView, type ProjectLedger } from '../connection/state.js';
import type { AuthorizationFacts } from '../core/facts.js';
import type { CompanyId, ConnectionId, UserId } from '../core/ids.js';
import type { EventAppend } from '../ports/storage.js';
import { actorFacts, list } from './directoryFacts.js';
import { connectionOutbox } from './connectionOutbox.js';
import type { Attempt } from './pipeline.js';
import { now, type ServiceDeps } from './ports.js';
import { connectionRecord, ledgerRecord } from './portData.js';
import { changedRecords, loadClosure, type Loaded } from './records.js';

/** Storage key prefix of connection records. */
export const CONNECTION_KEY = 'connection:';
/** Storage key prefix of project ledgers. */
export const LEDGER_KEY = 'ledger:';

/**
 * What a connection command answers: the connection it concerns as it now stands, and the events it
 * recorded (empty when nothing changed).
 *
 * @example
 * ```ts
 * const r = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' });
 * if (r.ok) r.value.connection?.state; // 'connected'
 * ```
 */
export interface ConnectionCommandOutcome {
  readonly connection: Connection | null;
  readonly events: readonly ConnectionEvent[];
}

/** Internal: the records a connection command reads (docs/consistency.md, "What the service must load"). */
function neededKeys(command: ConnectionCommand, loaded: Loaded): string[] {
  const keys: string[] = [];
  const withLedgers = (id: string | null) => {
    if (id === null) return;
    keys.push(CONNECTION_KEY + id);
    const c = loaded.get<Connection>(CONNECTION_KEY + id);
    if (c !== undefined) keys.push(LEDGER_KEY + c.upstream.projectId, LEDGER_KEY + c.downstream.projectId);
  };
  if (command.type === 'request') {
    keys.push(CONNECTION_KEY + command.connectionId);
    for (const project of [command.downstreamProjectId, command.upstreamProjectId]) {
      keys.push(LEDGER_KEY + project);
      withLedgers(loaded.get<ProjectLedger>(LEDGER_KEY + project)?.openAsDownstream ?? null);
    }
    // The connection that retired the downstream (C10), so that the refusal can name it; terminal, it never changes.
    const retiredBy = loaded.get<ProjectLedger>(LEDGER_KEY + command.downstreamProjectId)?.retiredBy ?? null;
    if (retiredBy !== null) keys.push(CONNECTION_KEY + retiredBy);
  } else {
    withLedgers(command.connectionId);
  }
  return keys;
}

/**
 * Internal: the loaded records as a view. Records that validate (deep-frozen records pass a hand-written
 * guard) make a view the lifecycle trusts; otherwise the plain records go to the
 * lifecycle, which validates them and reports any issue as before.
 */
function viewOf(loaded: Loaded): ConnectionView {
  const connections = loaded.collection<unknown>(CONNECTION_KEY);
  const projects = loaded.collection<unknown>(LEDGER_KEY);
  // Null-prototype (dictionary) objects: keyed by ids, an ordinary object would get a new hidden class per id.
  const trustedConnections: Record<string, Connection> = Object.create(null) as Record<string, Connection>;
  const trustedProjects: Record<string, ProjectLedger> = Object.create(null) as Record<string, ProjectLedger>;
  for (const [id, raw] of Object.entries(connections)) {
    const c = connectionRecord(raw);
    if (c === undefined || c.id !== id) return { connections, projects } as ConnectionView;
    Object.defineProperty(trustedConnections, id, { value: c, enumerable: true });
  }
  for (const [id, raw] of Object.entries(projects)) {
    const l = ledgerRecord(raw);
    if (l === undefined || l.projectId !== id) return { connections, projects } as ConnectionView;
    Object.defineProperty(trustedProjects, id, { value: l, enumerable: true });
  }
  return new FrozenConnectionView(Object.freeze(trustedConnections), Object.freeze(trustedProjects));
}


async function approvalOf(deps: ServiceDeps, company: CompanyId | undefined): Promise<ApprovalMode> {
  if (company === undefined) return 'manual';
  const [entry] = list<{ companyId: CompanyId; approval?: ApprovalMode }>(await deps.directory.companies([company]), 'directory').filter((c) => c.companyId === company);
  return entry?.approval === 'automatic' ? 'automatic' : 'manual';
}

/** Internal: the commit of a decided batch of events, with its outbox. */
async function commitFor(
  deps: ServiceDeps,
  loaded: Loaded,
  before: ConnectionView,
  after: ConnectionView,
  events: readonly ConnectionEvent[],
  at: number,
): Promise<Attempt<ConnectionCommandOutcome> | { kind: 'ready'; commit: Extract<Attempt<never>, { kind: 'commit' }>['commit'] }> {
  const outbox = await connectionOutbox(deps, before.connections, after.connections, events, at);
  if (!outbox.ok) return { kind: 'reject', error: outbox.error, expected: loaded.expected() };
  const streams = new Map<string, ConnectionEvent[]>();
  for (const e of events) {
    const stream = streams.get(e.connectionId);
    if (stream === undefined) streams.set(e.connectionId, [e]);
    else stream.push(e);
  }
  const appends: EventAppend[] = [];
  for (const [id, list] of streams) appends.push({ stream: CONNECTION_KEY + id, events: list });
  const writes = [...changedRecords(loaded, CONNECTION_KEY, after.connections), ...changedRecords(loaded, LEDGER_KEY, after.projects)];
  return {
    kind: 'ready',
    commit: {
      expected: loaded.expected(),
      writes,
      events: appends,
      outbox: outbox.value,
    },
  };
}

/**
 * Internal: one attempt at a connection command: load its records, apply a due deadline first (its own
 * commit, C17 / end dates), derive the actor's facts, decide, and build the commit.
 */
export async function connectionAttempt(deps: ServiceDeps, actorId: UserId | null, command: ConnectionCommand): Promise<Attempt<ConnectionCommandOutcome>> {
  const at = now(deps);
  const loaded = await loadClosure(deps.storage, (l) => neededKeys(command, l));
  const view = viewOf(loaded);
  const policy = deps.policy.connection;
  // The default policy is left out, so the lifecycle's fast context check applies (same defaults).
  const withPolicy = Object.keys(policy).length === 0 ? {} : { policy };
  const target: ConnectionId = command.connectionId;
  const existing = loaded.get<Connection>(CONNECTION_KEY + target);

  if (command.type !== 'request' && command.type !== 'reconcile' && existing !== undefined) {
    // Deadlines first: an expired or ended connection is recorded as such, once, before anything else.
    const due = executeConnectionCommand(view, { type: 'reconcile', connectionId: target }, { now: at, ...withPolicy });
    if (due.ok && due.value.events.length > 0) {
      const built = await commitFor(deps, loaded, view, due.value.state, due.value.events, at);
      if (built.kind === 'ready') await deps.storage.commit(built.commit);
      return { kind: 'again' };
    }
  }

  let actor: AuthorizationFacts | undefined;
  let approval: ApprovalMode = 'manual';
  if (actorId !== null && (command.type === 'request' || existing !== undefined)) {
    const projects = command.type === 'request' ? [command.upstreamProjectId, command.downstreamProjectId] : [existing!.upstream.projectId, existing!.downstream.projectId];
    const facts = await actorFacts(deps, actorId, projects);
    if (!facts.ok) return { kind: 'reject', error: facts.error, expected: loaded.expected() };
    actor = facts.value.facts;
    if (command.type === 'request') approval = await approvalOf(deps, facts.value.projects.get(command.upstreamProjectId)?.companyId);
  }

  const decided = executeConnectionCommand(view, command, { now: at, ...withPolicy, approval, ...(actor === undefined ? {} : { actor }) });
  if (!decided.ok) return { kind: 'reject', error: decided.error, expected: loaded.expected() };
  const { state, events } = decided.value;
  const built = await commitFor(deps, loaded, view, state, events, at);
  if (built.kind !== 'ready') return built;
  const connection = Object.hasOwn(state.connections, target) ? (state.connections[target] ?? null) : null;
  return { kind: 'commit', commit: built.commit, outcome: { connection, events } };
}
