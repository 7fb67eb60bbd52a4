import { z } from 'zod';
import type { ConnectionEvent } from '../connection/events.js';
import type { DomainError } from '../core/errors.js';
import type { Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import type { PlainIds } from '../core/input.js';
import { ConnectionPartiesSchema, NotifiableConnectionEventSchema, type ConnectionParties } from './connection-input.js';
import { DirectoryFactsSchema, type DirectoryFacts } from './directory.js';
import type { ConnectionNotification, NotificationPlan } from './notification.js';
import { planConnectionTrusted } from './plan-connection-trusted.js';
import { NotificationSettingsSchema, type ProjectNotificationSettings } from './settings.js';

/**
 * The input of {@link planConnectionNotifications}.
 *
 * @example
 * ```ts
 * const input: PlanConnectionNotificationsInput = { event, connection, directory, settings, sequence: 3 };
 * ```
 * @since 0.1.0
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
 * @since 0.1.0
 */
export function planConnectionNotifications(input: PlainIds<PlanConnectionNotificationsInput>): Result<NotificationPlan<ConnectionNotification>, DomainError> {
  const parsed = parseInput(InputSchema, input);
  if (!parsed.ok) return parsed;
  const directory = parsed.value.directory as DirectoryFacts;
  const settings = (parsed.value.settings ?? []) as readonly ProjectNotificationSettings[];
  return planConnectionTrusted(parsed.value.event as ConnectionEvent, parsed.value.connection, directory, settings, parsed.value.sequence ?? null);
}
