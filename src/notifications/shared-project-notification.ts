import type { SharedProjectId, TeamId, UserId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';
import type { ShareSide } from '../shared-project/events.js';
import type { ShareId } from '../shared-project/ids.js';
import type { NotificationTrigger } from './notification.js';

/**
 * The notifications of the host/external model (§5, last item).
 *
 * @remarks
 * - `ShareInvitationReceived`: external admins, on an invitation.
 * - `ShareInvitationAccepted` / `ShareInvitationDeclined`: host admins.
 * - `ShareInvitationCancelled`: external admins, when the host withdraws a pending invitation (decision).
 * - `SharedProjectDisconnected`: admins of both sides.
 * - `SharedProjectCopyReceived` / `SharedProjectTransferred`: external admins, after a disconnect (decision).
 *
 * @example
 * ```ts
 * SHARED_PROJECT_NOTIFICATION_EVENTS.includes('SharedProjectDisconnected'); // true
 * ```
 * @since 0.1.0
 */
export const SHARED_PROJECT_NOTIFICATION_EVENTS = Object.freeze([
  'ShareInvitationReceived',
  'ShareInvitationAccepted',
  'ShareInvitationDeclined',
  'ShareInvitationCancelled',
  'SharedProjectDisconnected',
  'SharedProjectCopyReceived',
  'SharedProjectTransferred',
] as const);

/**
 * One of {@link SHARED_PROJECT_NOTIFICATION_EVENTS}.
 *
 * @example
 * ```ts
 * const e: SharedProjectNotificationEventType = 'ShareInvitationAccepted';
 * ```
 * @since 0.1.0
 */
export type SharedProjectNotificationEventType = (typeof SHARED_PROJECT_NOTIFICATION_EVENTS)[number];

/**
 * One host/external notification for one recipient (a team admin).
 *
 * @remarks
 * As for connection notifications, `id` depends only on the event and the recipient (N5).
 *
 * @example
 * ```ts
 * const n: SharedProjectNotification = plan.notifications[0];
 * `${n.recipient} (${n.side} team ${n.teamId}) ← ${n.event}`;
 * ```
 * @since 0.1.0
 */
export interface SharedProjectNotification {
  /** Marks a notification of the host/external model. */
  readonly kind: 'shared_project';
  /** A stable id from the triggering event and the recipient; delivery de-duplicates on it (N5). */
  readonly id: string;
  /** The notification event, e.g. an invitation or its outcome. */
  readonly event: SharedProjectNotificationEventType;
  /** The shared project concerned. */
  readonly sharedProjectId: SharedProjectId;
  /** The share concerned. */
  readonly shareId: ShareId;
  /** The side whose team is notified. */
  readonly side: ShareSide;
  /** The team notified. */
  readonly teamId: TeamId;
  /** The team admin notified. */
  readonly recipient: UserId;
  /** When the triggering event happened, in epoch milliseconds. */
  readonly at: Timestamp;
  /** What caused the notification. */
  readonly trigger: NotificationTrigger;
  /** The decline, cancel or disconnect reason, when there is one. */
  readonly reason: string | null;
  /** The invited contact's e-mail, for invitation events. */
  readonly contactEmail: string | null;
}
