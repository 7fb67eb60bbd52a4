import type { Side } from '../connection/events.js';
import type { ToolId } from '../core/facts.js';
import type { CompanyId, ConnectionId, ProjectId, UserId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';
import type { NotificationEventType } from './matrix.js';
import type { WithheldRecipient } from './recipients.js';

/**
 * What caused a notification: the domain event (or sync notice) type, and a finer cause where one
 * event type covers several situations (`automatic`, `undo`, `end_date`, `approval_undone`, ...).
 *
 * @example
 * ```ts
 * const t: NotificationTrigger = { type: 'ConnectionDisconnected', cause: 'end_date', sequence: 7 };
 * ```
 * @since 0.1.0
 */
export interface NotificationTrigger {
  /** The type of the domain event or sync notice that caused the notification. */
  readonly type: string;
  /** A finer cause where one event type covers several situations, or null. */
  readonly cause: string | null;
  /** The event's position in its connection's history, when the caller gave it. */
  readonly sequence: number | null;
}

/**
 * One notification of the upstream/downstream matrix for one recipient (§5).
 *
 * @remarks
 * `id` is derived from the triggering event and the recipient only, so planning the same event again
 * gives the same ids: store it with the state change and let delivery de-duplicate on it (N5).
 * Rendering (e-mail text, links) is the caller's business.
 *
 * @example
 * ```ts
 * const n: ConnectionNotification = plan.notifications[0];
 * `${n.recipient} ← ${n.event} (${n.side} project ${n.projectId})`;
 * ```
 * @since 0.1.0
 */
export interface ConnectionNotification {
  /** Marks a notification of the upstream/downstream model. */
  readonly kind: 'connection';
  /** A stable id from the triggering event and the recipient; delivery de-duplicates on it (N5). */
  readonly id: string;
  /** The notification event of the matrix (§5), e.g. `ConnectionCreated`. */
  readonly event: NotificationEventType;
  /** The connection concerned. */
  readonly connectionId: ConnectionId;
  /** The side whose company is notified. */
  readonly side: Side;
  /** The company notified. */
  readonly companyId: CompanyId;
  /** The project the recipient was chosen on. */
  readonly projectId: ProjectId;
  /** The list the recipient was chosen from (`connection_manager`, `drawings`, ...). */
  readonly tool: ToolId;
  /** The user notified. */
  readonly recipient: UserId;
  /** When the triggering event or sync notice happened, in epoch milliseconds. */
  readonly at: Timestamp;
  /** What caused the notification. */
  readonly trigger: NotificationTrigger;
  /** The decline or disconnect reason, when there is one. */
  readonly reason: string | null;
  /** For sync notifications: the data type and the upstream items concerned. */
  readonly dataType: string | null;
  /** For sync notifications, the upstream items concerned (empty otherwise). */
  readonly itemIds: readonly string[];
}

/**
 * What a notification planner returns: the notifications to record and deliver, and the configured
 * users withheld because they no longer qualify (N3).
 *
 * @example
 * ```ts
 * const plan = planConnectionNotifications(input);
 * if (plan.ok) outbox.push(...plan.value.notifications);
 * ```
 * @since 0.1.0
 */
export interface NotificationPlan<N = ConnectionNotification> {
  /** The notifications to record and deliver, one per recipient. */
  readonly notifications: readonly N[];
  /** Configured recipients who no longer qualify, and why (N3). */
  readonly withheld: readonly WithheldRecipient[];
}
