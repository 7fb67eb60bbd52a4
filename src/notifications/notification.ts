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
  readonly type: string;
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
  readonly kind: 'connection';
  readonly id: string;
  readonly event: NotificationEventType;
  readonly connectionId: ConnectionId;
  readonly side: Side;
  readonly companyId: CompanyId;
  readonly projectId: ProjectId;
  /** The list the recipient was chosen from (`connection_manager`, `drawings`, ...). */
  readonly tool: ToolId;
  readonly recipient: UserId;
  readonly at: Timestamp;
  readonly trigger: NotificationTrigger;
  /** The decline or disconnect reason, when there is one. */
  readonly reason: string | null;
  /** For sync notifications: the data type and the upstream items concerned. */
  readonly dataType: string | null;
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
  readonly notifications: readonly N[];
  readonly withheld: readonly WithheldRecipient[];
}
