import type { ConnectionEvent } from './events.js';
import { connectionMachine, type ConnectionState } from './machine.js';
import type { ConnectionView } from './state.js';

/** The state each event leaves its connection in (as `evolve` folds it). */
const TARGET: Readonly<Record<Exclude<ConnectionEvent['type'], 'ConnectionRequested'>, ConnectionState>> = Object.freeze({
  ConnectionApproved: 'connected',
  ConnectionDeclined: 'declined',
  ConnectionCancelled: 'cancelled',
  ApprovalUndone: 'pending',
  ConnectionDisconnected: 'disconnected',
  ConnectionExpired: 'expired',
});

/** The states a transition of the lifecycle (C12, `connectionMachine`) leads from into `target`. */
function statesLeadingTo(target: ConnectionState): readonly ConnectionState[] {
  const from = new Set<ConnectionState>();
  for (const t of Object.values(connectionMachine.transitions)) {
    if (t.edges !== undefined) {
      for (const e of t.edges) if (e.to === target && e.from !== null) from.add(e.from);
    } else if (t.to.includes(target)) for (const s of t.from) from.add(s);
  }
  return Object.freeze([...from]);
}

/** The states each event may follow, read off the machine once; a request follows no record at all. */
const FOLLOWS = Object.freeze(
  Object.fromEntries(Object.entries(TARGET).map(([type, target]) => [type, statesLeadingTo(target)])) as Record<keyof typeof TARGET, readonly ConnectionState[]>,
);

/**
 * Internal: why `event` cannot follow the view's record of its connection (C12, C13), or `null` when it
 * can: a request for an id already recorded, an event of a connection the view does not hold, an event
 * its connection's state does not allow, or one dated before the connection's last event. `evolve`
 * folds what it is given (a view may hold only some connections); replaying a history from outside
 * (given/when/then) checks this first.
 * @internal
 */
export function whyEventCannotFollow(view: ConnectionView, event: ConnectionEvent): string | null {
  const c = Object.hasOwn(view.connections, event.connectionId) ? view.connections[event.connectionId] : undefined;
  if (event.type === 'ConnectionRequested') return c === undefined ? null : `connection "${event.connectionId}" was already requested`;
  if (c === undefined) return `${event.type} of connection "${event.connectionId}", which was never requested`;
  const from = FOLLOWS[event.type];
  if (!from.includes(c.state)) return `${event.type} cannot follow state "${c.state}" of connection "${event.connectionId}" (only ${from.join(' or ')})`;
  if (event.type === 'ConnectionCancelled' && event.from !== c.state) return `ConnectionCancelled from "${event.from}", but connection "${event.connectionId}" is ${c.state}`;
  if (event.at < c.stateSince) return `${event.type} at ${event.at} is dated before the last event of connection "${event.connectionId}" (${c.stateSince})`;
  return null;
}
