import type { Timestamp } from '../core/time.js';
import { CONNECTION_EVENT_SCHEMA_VERSION, type ConnectionDisconnected, type ConnectionExpired } from './events.js';
import type { ConnectionPolicy } from './policy.js';
import type { Connection } from './state.js';

const END_DATE = Object.freeze({ kind: 'system', cause: 'end_date' } as const);
const PENDING_EXPIRY = Object.freeze({ kind: 'system', cause: 'pending_expiry' } as const);

/**
 * The deadline event a connection is due at `now`, if any: a pending request past its expiry (C17) or
 * its end date expires; a connected connection past its end date is disconnected (cause `end_date`).
 *
 * @remarks
 * The event is dated at the deadline itself, not at `now`, so the history says when it really ended.
 *
 * @example
 * ```ts
 * const due = dueDeadline(connection, now, resolvePolicy(undefined));
 * if (due) console.log(`${connection.id} ended at ${new Date(due.at).toISOString()}`);
 * ```
 */
export function dueDeadline(
  connection: Connection,
  now: Timestamp,
  policy: ConnectionPolicy,
): ConnectionExpired | ConnectionDisconnected | null {
  if (connection.state === 'pending') {
    const expiry = policy.pendingExpiryMs === null ? Number.POSITIVE_INFINITY : connection.stateSince + policy.pendingExpiryMs;
    const end = connection.endsAt ?? Number.POSITIVE_INFINITY;
    const at = Math.min(expiry, end);
    if (now < at) return null;
    return Object.freeze({
      type: 'ConnectionExpired',
      schemaVersion: CONNECTION_EVENT_SCHEMA_VERSION,
      connectionId: connection.id,
      at: Math.max(at, connection.stateSince),
      actor: at === end ? END_DATE : PENDING_EXPIRY,
    });
  }
  if (connection.endsAt !== null && connection.state === 'connected' && !connectedAt(connection, now)) {
    return Object.freeze({
      type: 'ConnectionDisconnected',
      schemaVersion: CONNECTION_EVENT_SCHEMA_VERSION,
      connectionId: connection.id,
      at: Math.max(connection.endsAt, connection.stateSince),
      actor: END_DATE,
      side: null,
      reason: 'end date reached',
      cause: 'end_date',
    });
  }
  return null;
}

/**
 * Internal: whether a connection is connected as of `now`: recorded `connected` and its end date, if
 * any, not reached (C13), whether or not the sweep has recorded the end yet. Sync reads it (S5).
 * @internal
 */
export function connectedAt(connection: Connection, now: Timestamp): boolean {
  return connection.state === 'connected' && (connection.endsAt === null || now < connection.endsAt);
}
