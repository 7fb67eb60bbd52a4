import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import type { PlainIds } from '../core/input.js';
import { deepFreeze } from '../core/freeze.js';
import { SyncNoticeSchema, type SyncNotice } from '../sync/notices.js';
import { DirectoryFactsSchema, type DirectoryFacts } from './directory.js';
import { noticeNotificationId } from './ids.js';
import type { ConnectionNotification, NotificationPlan } from './notification.js';
import { resolveTrusted } from './recipients.js';
import { NotificationSettingsSchema, type ProjectNotificationSettings } from './settings.js';

/**
 * The input of {@link planSyncNotifications}.
 *
 * @example
 * ```ts
 * const input: PlanSyncNotificationsInput = { notice: plan.notices[0], directory, settings };
 * ```
 * @since 0.1.0
 */
export interface PlanSyncNotificationsInput {
  /** A notice from the sync planner (InitialSyncComplete, NewDrawingsPublished, DrawingsDeleted). */
  readonly notice: SyncNotice;
  /** The downstream project's directory, as it stands now (N1, N3). */
  readonly directory: DirectoryFacts;
  /** The projects' notification lists (N2); omitted: every qualifying admin. */
  readonly settings?: readonly ProjectNotificationSettings[];
}

const InputSchema = z.object({
  notice: SyncNoticeSchema,
  directory: DirectoryFactsSchema,
  settings: NotificationSettingsSchema.optional(),
});

/**
 * The notifications a sync notice sends (§5): to the downstream project's admins of the data type's
 * tool (Drawings admins for drawings), narrowed by that project's list for the tool (N2, N3).
 *
 * @remarks
 * One notification per recipient; the id is the notice key plus the recipient, so planning the same
 * change again gives the same ids (N5). The downstream project missing from the directory facts →
 * `NOT_FOUND`.
 *
 * @example
 * ```ts
 * for (const notice of syncPlan.notices) {
 *   const r = planSyncNotifications({ notice, directory, settings });
 *   if (r.ok) outbox.push(...r.value.notifications);
 * }
 * ```
 * @since 0.1.0
 */
export function planSyncNotifications(input: PlainIds<PlanSyncNotificationsInput>): Result<NotificationPlan<ConnectionNotification>, DomainError> {
  const parsed = parseInput(InputSchema, input);
  if (!parsed.ok) return parsed;
  return planSyncTrusted(parsed.value.notice as SyncNotice, parsed.value.directory as DirectoryFacts, (parsed.value.settings ?? []) as readonly ProjectNotificationSettings[]);
}

/**
 * Internal: {@link planSyncNotifications} on inputs already known valid (a notice built by the sync
 * planner, directory facts built from validated directory entries). Not exported from the package.
 * @internal
 */
export function planSyncTrusted(
  notice: SyncNotice,
  directory: DirectoryFacts,
  settings: readonly ProjectNotificationSettings[],
): Result<NotificationPlan<ConnectionNotification>, DomainError> {
  const resolved = resolveTrusted(directory, settings, notice.downstream.projectId, notice.tool);
  if (!resolved.ok) return resolved;
  const notifications: ConnectionNotification[] = resolved.value.recipients.map((recipient) => ({
    kind: 'connection',
    id: noticeNotificationId(notice.key, recipient),
    event: notice.event,
    connectionId: notice.connectionId,
    side: 'downstream',
    companyId: notice.downstream.companyId,
    projectId: notice.downstream.projectId,
    tool: notice.tool,
    recipient,
    at: notice.at,
    trigger: { type: 'SyncNotice', cause: notice.dataType, sequence: null },
    reason: null,
    dataType: notice.dataType,
    itemIds: [...notice.itemIds],
  }));
  return ok(deepFreeze({ notifications, withheld: resolved.value.withheld }));
}
