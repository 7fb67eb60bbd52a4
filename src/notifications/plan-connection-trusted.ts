import type { ConnectionEvent } from '../connection/events.js';
import { domainError, type DomainError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { deepFreeze } from '../core/freeze.js';
import type { ConnectionParties } from './connection-input.js';
import type { DirectoryFacts } from './directory.js';
import { eventNotificationId } from './ids.js';
import { NOTIFICATION_MATRIX } from './matrix.js';
import type { ConnectionNotification, NotificationPlan } from './notification.js';
import { resolveTrusted, type WithheldRecipient } from './recipients.js';
import { connectionRoutes } from './routes.js';
import type { ProjectNotificationSettings } from './settings.js';

const invalid = (path: string[], message: string) =>
  err(domainError('INVALID_INPUT', { issues: [{ path, code: 'custom', message }] }));

/**
 * Internal: `planConnectionNotifications` on inputs already known valid (a lifecycle event and
 * connection built by the core, directory facts and settings built from validated directory data).
 * Not exported from the package: the public function validates, then calls this.
 * @internal
 */
export function planConnectionTrusted(
  event: ConnectionEvent,
  connection: ConnectionParties | undefined,
  directory: DirectoryFacts,
  settings: readonly ProjectNotificationSettings[],
  sequence: number | null,
): Result<NotificationPlan<ConnectionNotification>, DomainError> {
  let parties: ConnectionParties;
  if (event.type === 'ConnectionRequested') {
    parties = {
      id: event.connectionId,
      upstream: { projectId: event.upstreamProjectId, companyId: event.upstreamCompanyId },
      downstream: { projectId: event.downstreamProjectId, companyId: event.downstreamCompanyId },
    };
  } else if (connection === undefined) {
    return invalid(['connection'], `a ${event.type} event needs the connection's projects`);
  } else {
    parties = connection;
  }
  if (parties.id !== event.connectionId) {
    return invalid(['connection', 'id'], `the event is about connection "${event.connectionId}", not "${parties.id}"`);
  }
  const { routes, cause } = connectionRoutes(event);
  const notifications: ConnectionNotification[] = [];
  const withheld: WithheldRecipient[] = [];
  for (const route of routes) {
    const party = parties[route.side];
    const tool = NOTIFICATION_MATRIX[route.event].tool;
    const resolved = resolveTrusted(directory, settings, party.projectId, tool);
    if (!resolved.ok) return resolved;
    withheld.push(...resolved.value.withheld);
    for (const recipient of resolved.value.recipients) {
      // Frozen as built (the plan's deepFreeze then skips them instead of walking each one).
      notifications.push(Object.freeze({
        kind: 'connection',
        id: eventNotificationId({
          scope: 'cn',
          subjectId: event.connectionId,
          triggerType: event.type,
          at: event.at,
          sequence,
          event: route.event,
          side: route.side,
          recipient,
        }),
        event: route.event,
        connectionId: event.connectionId,
        side: route.side,
        companyId: party.companyId,
        projectId: party.projectId,
        tool,
        recipient,
        at: event.at,
        trigger: Object.freeze({ type: event.type, cause, sequence }),
        reason: event.type === 'ConnectionDeclined' || event.type === 'ConnectionDisconnected' ? (event.reason ?? null) : null,
        dataType: null,
        itemIds: Object.freeze([]),
      }));
    }
  }
  return ok(deepFreeze({ notifications, withheld }));
}
