import type { ConnectionNotification } from './notification.js';
import type { SharedProjectNotification } from './shared-project-notification.js';

/**
 * Any notification the planners produce: connection matrix notifications (§5) and host/external
 * shared-project notifications.
 *
 * @example
 * ```ts
 * function subject(n: Notification) { return n.kind === 'connection' ? n.event : n.event; }
 * ```
 */
export type Notification = ConnectionNotification | SharedProjectNotification;

/**
 * The notification transport port: delivers one notification (renders and sends the e-mail, posts the
 * in-app message, ...).
 *
 * @remarks
 * The service records notifications with the state change that caused them and delivers them with
 * retries; an implementation must treat a second delivery of the same `id` as done (N5).
 *
 * @example
 * ```ts
 * const transport: NotificationTransport = {
 *   async deliver(n) { if (await sent.add(n.id)) await mailer.send(render(n)); },
 * };
 * ```
 */
export interface NotificationTransport {
  deliver(notification: Notification): Promise<void>;
}
