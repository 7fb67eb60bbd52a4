import type { ConnectionEvent } from '../../src/connection/events.js';
import type { Connection } from '../../src/connection/state.js';
import type { NotificationEventType } from '../../src/notifications/matrix.js';
import type { ConnectionNotification } from '../../src/notifications/notification.js';
import { planConnectionNotifications } from '../../src/notifications/plan-connection.js';
import { planSyncNotifications } from '../../src/notifications/plan-sync.js';
import type { ProjectNotificationSettings } from '../../src/notifications/settings.js';
import type { SyncNotice } from '../../src/sync/notices.js';
import { directory as defaultDirectory } from './fixtures.js';
import type { DirectoryFacts } from '../../src/notifications/directory.js';

/** Plans the notifications of a whole history (each event with its sequence number). */
export function notificationsOf(
  events: readonly ConnectionEvent[],
  connection: Connection,
  options: { directory?: DirectoryFacts; settings?: readonly ProjectNotificationSettings[]; offset?: number } = {},
): ConnectionNotification[] {
  return events.flatMap((event, i) => {
    const r = planConnectionNotifications({
      event,
      connection,
      directory: options.directory ?? defaultDirectory,
      sequence: (options.offset ?? 0) + i,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return [...r.value.notifications];
  });
}

/** Plans the notifications of sync notices. */
export function syncNotificationsOf(
  notices: readonly SyncNotice[],
  options: { directory?: DirectoryFacts; settings?: readonly ProjectNotificationSettings[] } = {},
): ConnectionNotification[] {
  return notices.flatMap((notice) => {
    const r = planSyncNotifications({
      notice,
      directory: options.directory ?? defaultDirectory,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return [...r.value.notifications];
  });
}

/** The recipients of one matrix event on one side, sorted. */
export function who(ns: readonly ConnectionNotification[], event: NotificationEventType, side: 'upstream' | 'downstream'): string[] {
  return ns.filter((n) => n.event === event && n.side === side).map((n) => n.recipient).sort();
}
