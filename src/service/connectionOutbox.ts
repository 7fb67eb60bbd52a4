import type { ConnectionEvent } from '../connection/events.js';
import type { Connection } from '../connection/state.js';
import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { planConnectionNotifications } from '../notifications/plan-connection.js';
import { planConnectionTrusted } from '../notifications/plan-connection-trusted.js';
import type { OutboxItem } from '../ports/storage.js';
import type { ConnectionSyncJob } from '../ports/transports.js';
import { notificationFacts } from './directoryFacts.js';
import type { ServiceDeps } from './ports.js';

/** Internal: the sync job a connection event starts, if any (S2 on connection, S5 on closing a connected one). */
function syncJob(event: ConnectionEvent, connection: Connection, sequence: number): ConnectionSyncJob | null {
  let kind: ConnectionSyncJob['kind'] | null = null;
  if (event.type === 'ConnectionApproved') kind = 'start_sync';
  if (event.type === 'ConnectionDisconnected' || event.type === 'ApprovalUndone') kind = 'stop_sync';
  if (event.type === 'ConnectionCancelled' && event.from === 'connected') kind = 'stop_sync';
  if (kind === null) return null;
  return {
    kind,
    key: `sync:${connection.id}:${kind}:${sequence}`,
    connectionId: connection.id,
    dataTypes: connection.dataTypes,
    upstream: connection.upstream,
    downstream: connection.downstream,
    at: event.at,
  };
}

/**
 * Internal: the outbox items a batch of connection events records in the same commit (N5, S6): one
 * notification per recipient from the notification planner, and the connection-level sync jobs, each
 * with a stable id (event position in the connection's history, recipient).
 */
export async function connectionOutbox(
  deps: ServiceDeps,
  before: Readonly<Record<string, Connection>>,
  after: Readonly<Record<string, Connection>>,
  events: readonly ConnectionEvent[],
  at: number,
): Promise<Result<OutboxItem[], DomainError>> {
  if (events.length === 0) return ok([]);
  const parties = events.flatMap((e) => {
    const c = Object.hasOwn(after, e.connectionId) ? after[e.connectionId] : undefined;
    return c === undefined ? [] : [c.upstream, c.downstream];
  });
  const { directory, settings, trusted } = await notificationFacts(deps, parties);
  const counters = new Map<string, number>();
  const items: OutboxItem[] = [];
  for (const event of events) {
    const id = event.connectionId;
    const connection = Object.hasOwn(after, id) ? after[id] : undefined;
    if (connection === undefined) continue;
    const previous = Object.hasOwn(before, id) ? before[id] : undefined;
    const sequence = counters.get(id) ?? previous?.eventCount ?? 0;
    counters.set(id, sequence + 1);
    const plan = trusted
      ? planConnectionTrusted(event, connection, directory, settings, sequence)
      : planConnectionNotifications({ event, connection, directory, settings, sequence });
    if (!plan.ok) return plan;
    for (const n of plan.value.notifications) items.push({ id: n.id, kind: 'notification', payload: n, availableAt: at });
    const job = syncJob(event, connection, sequence);
    if (job !== null) items.push({ id: job.key, kind: 'sync', payload: job, availableAt: at });
  }
  return ok(items);
}
