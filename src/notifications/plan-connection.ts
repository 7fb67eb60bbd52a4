import { z } from 'zod';
import type { ConnectionEvent } from '../connection/events.js';
import { domainError, type DomainError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { deepFreeze } from '../sync/freeze.js';
import { ConnectionPartiesSchema, NotifiableConnectionEventSchema, type ConnectionParties } from './connection-input.js';
import { DirectoryFactsSchema, type DirectoryFacts } from './directory.js';
import { eventNotificationId } from './ids.js';
import { NOTIFICATION_MATRIX } from './matrix.js';
import type { ConnectionNotification, NotificationPlan } from './notification.js';
import { resolveTrusted, type WithheldRecipient } from './recipients.js';
import { connectionRoutes } from './routes.js';
import { NotificationSettingsSchema, type ProjectNotificationSettings } from './settings.js';

/**
 * The input of {@link planConnectionNotifications}.
 *
 * @example
 * ```ts
 * const input: PlanConnectionNotificationsInput = { event, connection, directory, settings, sequence: 3 };
 * ```
 */
export interface PlanConnectionNotificationsInput {
  /** A connection lifecycle event. */
  readonly event: ConnectionEvent;
  /** The connection's two projects; needed for every event but ConnectionRequested (which carries them). */
  readonly connection?: ConnectionParties;
  /** Directory facts as they stand now (N3). */
  readonly directory: DirectoryFacts;
  /** Per-project notification settings (N2); defaults apply to projects without an entry. */
  readonly settings?: readonly ProjectNotificationSettings[];
  /** The event's position in the connection's history; makes ids unique even for same-millisecond events. */
  readonly sequence?: number;
}

const InputSchema = z.object({
  event: NotifiableConnectionEventSchema,
  connection: ConnectionPartiesSchema.optional(),
  directory: DirectoryFactsSchema,
  settings: NotificationSettingsSchema.optional(),
  sequence: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});

const invalid = (path: string[], message: string) =>
  err(domainError('INVALID_INPUT', { issues: [{ path, code: 'custom', message }] }));

/**
 * The notifications a connection lifecycle event sends (§5, N1–N5): which matrix event, to which
 * side's company and project, and to which users, each with a stable id.
 *
 * @remarks
 * Mapping (decisions for the events the matrix does not name are in docs/notifications-and-sync.md):
 *
 * | lifecycle event | matrix event | sides |
 * |---|---|---|
 * | ConnectionRequested, manual | ConnectionRequested | upstream |
 * | ConnectionRequested, automatic | — (N4) | — |
 * | ConnectionApproved (manual or automatic) | ConnectionCreated | both |
 * | ConnectionDeclined | ConnectionRequestRejected | downstream |
 * | ConnectionExpired | ConnectionRequestRejected (cause `expired`) | downstream |
 * | ConnectionCancelled from pending | — | — |
 * | ConnectionCancelled from connected (undo) | ConnectionDisabled (cause `request_undone`) | both |
 * | ApprovalUndone | ConnectionDisabled (cause `approval_undone`) | both |
 * | ConnectionDisconnected (manual or end date) | ConnectionDisabled | both |
 *
 * Recipients are resolved from the directory facts given now (N1–N3, see `resolveRecipients`); one
 * notification per recipient. The id depends only on the event (connection, type, time, `sequence`),
 * the matrix event, the side and the recipient, so replanning gives the same ids (N5). A notified
 * project missing from the directory facts → `NOT_FOUND`; a non-request event without `connection`,
 * or with a connection of another id → `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const plan = planConnectionNotifications({ event: approved, connection, directory });
 * if (plan.ok) for (const n of plan.value.notifications) outbox.add(n);
 * ```
 */
export function planConnectionNotifications(input: unknown): Result<NotificationPlan<ConnectionNotification>, DomainError> {
  const parsed = parseInput(InputSchema, input);
  if (!parsed.ok) return parsed;
  const { event, connection } = parsed.value;
  const directory = parsed.value.directory as DirectoryFacts;
  const settings = (parsed.value.settings ?? []) as readonly ProjectNotificationSettings[];
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
  const sequence = parsed.value.sequence ?? null;
  const notifications: ConnectionNotification[] = [];
  const withheld: WithheldRecipient[] = [];
  for (const route of routes) {
    const party = parties[route.side];
    const tool = NOTIFICATION_MATRIX[route.event].tool;
    const resolved = resolveTrusted(directory, settings, party.projectId, tool);
    if (!resolved.ok) return resolved;
    withheld.push(...resolved.value.withheld);
    for (const recipient of resolved.value.recipients) {
      notifications.push({
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
        trigger: { type: event.type, cause, sequence },
        reason: event.type === 'ConnectionDeclined' || event.type === 'ConnectionDisconnected' ? (event.reason ?? null) : null,
        dataType: null,
        itemIds: [],
      });
    }
  }
  return ok(deepFreeze({ notifications, withheld }));
}
