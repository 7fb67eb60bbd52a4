import { z } from 'zod';
import { ToolIdSchema, type ToolId } from '../core/facts.js';
import { ProjectIdSchema, UserIdSchema, type ProjectId, type UserId } from '../core/ids.js';
import { CONNECTION_MANAGER_LIST } from './matrix.js';

/**
 * How a project configures one distribution list (N2).
 *
 * @remarks
 * - `selectedAdmins`: narrows the list to these users; each still has to qualify when a notification is
 *   sent (Admin on the tool and on the directory, N3). Omitted: every qualifying admin (N1). An empty
 *   array: none of them.
 * - `addedCompanyAdmins` (Connection Manager list only): company admins of the project's company to add,
 *   whether or not they are on the directory; each still has to be a company admin at send time (N3).
 *
 * @example
 * ```ts
 * const cm: RecipientListSettings = { selectedAdmins: [userId('ana')], addedCompanyAdmins: [userId('ceo')] };
 * ```
 * @since 0.1.0
 */
export interface RecipientListSettings {
  /**
   * Narrows the list to these admins, who must still qualify when the change commits — recipients are
   * resolved then, not when the dispatcher sends (N2, N3); omitted: every qualifying admin.
   */
  readonly selectedAdmins?: readonly UserId[];
  /** Company admins added to the Connection Manager list, on the directory or not (N2). */
  readonly addedCompanyAdmins?: readonly UserId[];
}

/**
 * A project's notification settings: its distribution lists by tool (`connection_manager`, `drawings`).
 *
 * @example
 * ```ts
 * const s: ProjectNotificationSettings = {
 *   projectId: projectId('gc-tower'),
 *   lists: { connection_manager: { selectedAdmins: [userId('ana')] }, drawings: { selectedAdmins: [userId('dan')] } },
 * };
 * ```
 * @since 0.1.0
 */
export interface ProjectNotificationSettings {
  /** The project the lists belong to. */
  readonly projectId: ProjectId;
  /** Its distribution lists, by tool (`connection_manager`, `drawings`). */
  readonly lists: Readonly<Record<ToolId, RecipientListSettings>>;
}

const userList = z
  .array(UserIdSchema)
  .max(10_000)
  .refine((ids) => new Set(ids).size === ids.length, 'a user appears once per list');

/**
 * Schema of {@link RecipientListSettings}. @example `RecipientListSettingsSchema.parse({ selectedAdmins: ['ana'] })`
 * @since 0.1.0
 */
export const RecipientListSettingsSchema = z.strictObject({
  selectedAdmins: userList.optional(),
  addedCompanyAdmins: userList.optional(),
});

/**
 * Schema of {@link ProjectNotificationSettings}: company admins may only be added to the Connection
 * Manager list (N2).
 *
 * @example
 * ```ts
 * ProjectNotificationSettingsSchema.safeParse({ projectId: 'p', lists: { drawings: { addedCompanyAdmins: ['ceo'] } } }).success; // false
 * ```
 * @since 0.1.0
 */
export const ProjectNotificationSettingsSchema = z
  .strictObject({
    projectId: ProjectIdSchema,
    lists: z.record(ToolIdSchema, RecipientListSettingsSchema),
  })
  .superRefine((settings, ctx) => {
    for (const tool of Object.keys(settings.lists)) {
      const list = settings.lists[tool];
      if (tool !== CONNECTION_MANAGER_LIST && list?.addedCompanyAdmins !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['lists', tool, 'addedCompanyAdmins'],
          message: 'company admins can only be added to the connection_manager list (N2)',
        });
      }
    }
  });

/**
 * Schema of a list of project settings, one per project. @example `NotificationSettingsSchema.parse([gcSettings])`
 * @since 0.1.0
 */
export const NotificationSettingsSchema = z
  .array(ProjectNotificationSettingsSchema)
  .max(10_000)
  .refine((all) => new Set(all.map((s) => s.projectId)).size === all.length, 'a project has one settings entry');
