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
 * @since 0.1.0
 */
export type Notification = ConnectionNotification | SharedProjectNotification;
