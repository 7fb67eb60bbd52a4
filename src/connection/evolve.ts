import type { ConnectionId, ProjectId } from '../core/ids.js';
import type { ConnectionEvent } from './events.js';
import { emptyLedger, type Connection, type ConnectionView, type ProjectLedger } from './state.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function ledger(view: ConnectionView, id: ProjectId): ProjectLedger {
  return (Object.hasOwn(view.projects, id) ? view.projects[id] : undefined) ?? emptyLedger(id);
}

function putConnection(connections: ConnectionView['connections'], next: Connection): ConnectionView['connections'] {
  return Object.freeze({ ...connections, [next.id]: Object.freeze(next) });
}

interface LedgerChange {
  readonly downstreamOpen?: ConnectionId | null;
  readonly retiredBy?: ConnectionId;
  readonly upstreamOpen?: number;
  readonly upstreamConnected?: number;
}

function changeLedger(base: ProjectLedger, change: LedgerChange): ProjectLedger {
  const downstream =
    change.downstreamOpen === undefined && change.retiredBy === undefined
      ? base.downstream
      : Object.freeze({
          open: change.downstreamOpen === undefined ? base.downstream.open : change.downstreamOpen,
          retired: change.retiredBy === undefined ? base.downstream.retired : true,
          retiredBy: change.retiredBy ?? base.downstream.retiredBy,
        });
  const upstream =
    change.upstreamOpen === undefined && change.upstreamConnected === undefined
      ? base.upstream
      : Object.freeze({
          open: Math.max(0, base.upstream.open + (change.upstreamOpen ?? 0)),
          everConnected: Math.max(0, base.upstream.everConnected + (change.upstreamConnected ?? 0)),
        });
  return Object.freeze({ projectId: base.projectId, downstream, upstream });
}

function withRecords(
  view: ConnectionView,
  connection: Connection,
  downstream: LedgerChange | null,
  upstream: LedgerChange | null,
): ConnectionView {
  let projects = view.projects;
  if (downstream !== null || upstream !== null) {
    const copy: Record<string, ProjectLedger> = { ...projects };
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
  return Object.freeze({ connections: putConnection(view.connections, connection), projects });
}

function close(connection: Connection, state: Connection['state'], at: number, reason: string): Connection {
  return { ...connection, state, stateSince: at, closedAt: at, closeReason: reason, eventCount: connection.eventCount + 1 };
}

/**
 * Applies one event to the records it concerns. Pure: returns a new frozen view sharing every
 * untouched record with the old one.
 *
 * @remarks
 * Internal: call it through `evolveConnectionView`, which guards against malformed input.
 */
export function evolveTrusted(view: ConnectionView, event: ConnectionEvent): ConnectionView {
  if (event.type === 'ConnectionRequested') {
    const created: Connection = {
      id: event.connectionId,
      upstream: Object.freeze({ projectId: event.upstreamProjectId, companyId: event.upstreamCompanyId }),
      downstream: Object.freeze({ projectId: event.downstreamProjectId, companyId: event.downstreamCompanyId }),
      dataTypes: Object.freeze([...event.dataTypes]),
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
    };
    return withRecords(view, created, { downstreamOpen: event.connectionId }, { upstreamOpen: 1 });
  }
  const current = Object.hasOwn(view.connections, event.connectionId) ? view.connections[event.connectionId] : undefined;
  if (current === undefined) return view;
  switch (event.type) {
    case 'ConnectionApproved': {
      const next: Mutable<Connection> = { ...current, state: 'connected', stateSince: event.at, connectedAt: event.at };
      next.approvedBy = event.actor.kind === 'user' ? event.actor.userId : null;
      next.eventCount = current.eventCount + 1;
      return withRecords(view, next, null, { upstreamConnected: 1 });
    }
    case 'ConnectionDeclined':
      return withRecords(view, close(current, 'declined', event.at, event.reason ?? 'declined'), { downstreamOpen: null }, { upstreamOpen: -1 });
    case 'ConnectionCancelled':
      return withRecords(
        view,
        close(current, 'cancelled', event.at, event.via === 'undo' ? 'undone' : 'cancelled'),
        { downstreamOpen: null },
        { upstreamOpen: -1, upstreamConnected: event.from === 'connected' ? -1 : 0 },
      );
    case 'ApprovalUndone':
      return withRecords(
        view,
        { ...current, state: 'pending', stateSince: event.at, connectedAt: null, approvedBy: null, eventCount: current.eventCount + 1 },
        null,
        { upstreamConnected: -1 },
      );
    case 'ConnectionDisconnected':
      return withRecords(
        view,
        close(current, 'disconnected', event.at, event.reason),
        { downstreamOpen: null, retiredBy: current.id },
        { upstreamOpen: -1 },
      );
    case 'ConnectionExpired':
      return withRecords(view, close(current, 'expired', event.at, 'expired'), { downstreamOpen: null }, { upstreamOpen: -1 });
  }
}
