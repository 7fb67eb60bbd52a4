import type { ConnectionId, ProjectId, UserId } from '../core/ids.js';
import { copyRecords } from '../core/records.js';
import type { Timestamp } from '../core/time.js';
import type { ConnectionEvent } from './events.js';
import type { ConnectionState } from './machine.js';
import { emptyLedger, FrozenConnectionView, type Connection, type ConnectionView, type ProjectLedger } from './state.js';

/*
 * Records are rebuilt field by field rather than with object spread: spreading a frozen object is an
 * order of magnitude slower in V8, and this is the hot path of every transition (see bench/).
 */

interface Lifecycle {
  readonly state: ConnectionState;
  readonly stateSince: Timestamp;
  readonly connectedAt: Timestamp | null;
  readonly approvedBy: UserId | null;
  readonly closedAt: Timestamp | null;
  readonly closeReason: string | null;
}

function next(c: Connection, l: Lifecycle): Connection {
  return Object.freeze({
    id: c.id,
    upstream: c.upstream,
    downstream: c.downstream,
    dataTypes: c.dataTypes,
    approval: c.approval,
    state: l.state,
    stateSince: l.stateSince,
    requestedAt: c.requestedAt,
    requestedBy: c.requestedBy,
    connectedAt: l.connectedAt,
    approvedBy: l.approvedBy,
    endsAt: c.endsAt,
    closedAt: l.closedAt,
    closeReason: l.closeReason,
    eventCount: c.eventCount + 1,
  });
}

function close(c: Connection, state: ConnectionState, at: Timestamp, reason: string): Connection {
  return next(c, { state, stateSince: at, connectedAt: c.connectedAt, approvedBy: c.approvedBy, closedAt: at, closeReason: reason });
}

function ledger(view: ConnectionView, id: ProjectId): ProjectLedger {
  return (Object.hasOwn(view.projects, id) ? view.projects[id] : undefined) ?? emptyLedger(id);
}

interface LedgerChange {
  /** The downstream's open connection after the event (`undefined`: unchanged). */
  readonly downstreamOpen?: ConnectionId | null;
  readonly retiredBy?: ConnectionId;
  readonly upstreamOpen?: number;
  readonly upstreamConnected?: number;
}

function changeLedger(base: ProjectLedger, change: LedgerChange): ProjectLedger {
  return Object.freeze({
    projectId: base.projectId,
    openAsDownstream: change.downstreamOpen === undefined ? base.openAsDownstream : change.downstreamOpen,
    retired: change.retiredBy === undefined ? base.retired : true,
    retiredBy: change.retiredBy ?? base.retiredBy,
    openAsUpstream: Math.max(0, base.openAsUpstream + (change.upstreamOpen ?? 0)),
    connectedAsUpstream: Math.max(0, base.connectedAsUpstream + (change.upstreamConnected ?? 0)),
  });
}

/**
 * A mutable copy of a record keyed by ids, to change and freeze. (A null-prototype, dictionary-mode
 * copy would avoid a hidden class per id but doubles the cost of a transition; the views the service
 * builds per command are small, and `bench/` measures both the transition and the heap per connection.)
 */
function withRecords(view: ConnectionView, connection: Connection, downstream: LedgerChange | null, upstream: LedgerChange | null): ConnectionView {
  let projects = view.projects;
  if (downstream !== null || upstream !== null) {
    const copy = copyRecords(projects);
    if (downstream !== null) {
      const id = connection.downstream.projectId;
      copy[id] = changeLedger(ledger(view, id), downstream);
    }
    if (upstream !== null) {
      const id = connection.upstream.projectId;
      copy[id] = changeLedger(ledger(view, id), upstream);
    }
    projects = Object.freeze(copy);
  }
  const connections = copyRecords(view.connections);
  connections[connection.id] = connection;
  return new FrozenConnectionView(Object.freeze(connections), projects);
}

/*
 * An upstream project is shared by all its downstream connections (C4): they share one frozen side
 * object too (a bounded memo of immutable values, cleared when full).
 */
const upstreamSides = new Map<string, Connection['upstream']>();

function upstreamSide(projectId: Connection['upstream']['projectId'], companyId: Connection['upstream']['companyId']): Connection['upstream'] {
  const key = `${projectId}\u0000${companyId}`;
  let side = upstreamSides.get(key);
  if (side === undefined) {
    if (upstreamSides.size >= 10_000) upstreamSides.clear();
    side = Object.freeze({ projectId, companyId });
    upstreamSides.set(key, side);
  }
  return side;
}

function created(event: Extract<ConnectionEvent, { type: 'ConnectionRequested' }>): Connection {
  return Object.freeze({
    id: event.connectionId,
    upstream: upstreamSide(event.upstreamProjectId, event.upstreamCompanyId),
    downstream: Object.freeze({ projectId: event.downstreamProjectId, companyId: event.downstreamCompanyId }),
    dataTypes: Object.isFrozen(event.dataTypes) ? event.dataTypes : Object.freeze([...event.dataTypes]),
    approval: event.approval,
    state: 'pending',
    stateSince: event.at,
    requestedAt: event.at,
    requestedBy: event.actor.userId,
    connectedAt: null,
    approvedBy: null,
    endsAt: event.endsAt,
    closedAt: null,
    closeReason: null,
    eventCount: 1,
  });
}

/**
 * Applies one event to the records it concerns. Pure: returns a new frozen view sharing every
 * untouched record with the old one.
 *
 * @remarks
 * Internal: call it through `evolveConnectionView`, which guards against malformed input.
 * @internal
 */
export function evolveTrusted(view: ConnectionView, event: ConnectionEvent): ConnectionView {
  if (event.type === 'ConnectionRequested') {
    return withRecords(view, created(event), { downstreamOpen: event.connectionId }, { upstreamOpen: 1 });
  }
  const c = Object.hasOwn(view.connections, event.connectionId) ? view.connections[event.connectionId] : undefined;
  if (c === undefined) return view;
  const at = event.at;
  switch (event.type) {
    case 'ConnectionApproved': {
      const approvedBy = event.actor.kind === 'user' ? event.actor.userId : null;
      const l = { state: 'connected', stateSince: at, connectedAt: at, approvedBy, closedAt: null, closeReason: null } as const;
      return withRecords(view, next(c, l), null, { upstreamConnected: 1 });
    }
    case 'ConnectionDeclined':
      return withRecords(view, close(c, 'declined', at, event.reason ?? 'declined'), { downstreamOpen: null }, { upstreamOpen: -1 });
    case 'ConnectionCancelled':
      return withRecords(
        view,
        close(c, 'cancelled', at, event.via === 'undo' ? 'undone' : 'cancelled'),
        { downstreamOpen: null },
        { upstreamOpen: -1, upstreamConnected: event.from === 'connected' ? -1 : 0 },
      );
    case 'ApprovalUndone': {
      const l = { state: 'pending', stateSince: at, connectedAt: null, approvedBy: null, closedAt: null, closeReason: null } as const;
      return withRecords(view, next(c, l), null, { upstreamConnected: -1 });
    }
    case 'ConnectionDisconnected':
      return withRecords(view, close(c, 'disconnected', at, event.reason), { downstreamOpen: null, retiredBy: c.id }, { upstreamOpen: -1 });
    case 'ConnectionExpired':
      return withRecords(view, close(c, 'expired', at, 'expired'), { downstreamOpen: null }, { upstreamOpen: -1 });
  }
}
