import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { domainError } from '../core/errors.js';
import { ToolIdSchema, type ToolId } from '../core/facts.js';
import { ProjectIdSchema, type ProjectId, type UserId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import type { PlainIds } from '../core/input.js';
import { deepFreeze } from '../core/freeze.js';
import { DirectoryFactsSchema, type DirectoryFacts, type ProjectDirectory } from './directory.js';
import { CONNECTION_MANAGER_LIST } from './matrix.js';
import { NotificationSettingsSchema, type ProjectNotificationSettings } from './settings.js';

/**
 * Why a configured recipient gets nothing (N3).
 *
 * @example
 * ```ts
 * const r: WithheldReason = 'not_on_directory';
 * ```
 * @since 0.1.0
 */
export type WithheldReason = 'not_on_directory' | 'not_tool_admin' | 'not_company_admin';

/**
 * A user named in a project's settings who no longer qualifies, and so is not notified (N3).
 *
 * @example
 * ```ts
 * plan.withheld.map((w) => `${w.userId}: ${w.reason}`);
 * ```
 * @since 0.1.0
 */
export interface WithheldRecipient {
  /** The configured recipient who gets nothing. */
  readonly userId: UserId;
  /** The project whose list names them. */
  readonly projectId: ProjectId;
  /** The tool of the list. */
  readonly tool: ToolId;
  /** Why they no longer qualify (N3). */
  readonly reason: WithheldReason;
}

/**
 * The recipients of one project's list for one tool, and the configured users withheld.
 *
 * @example
 * ```ts
 * const r = resolveRecipients({ directory, projectId: projectId('gc-tower'), tool: 'connection_manager' });
 * r.ok && r.value.recipients; // ['ana', 'ben']
 * ```
 * @since 0.1.0
 */
export interface RecipientResolution {
  /** The users to notify. */
  readonly recipients: readonly UserId[];
  /** Configured recipients who no longer qualify, and why (N3). */
  readonly withheld: readonly WithheldRecipient[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Lists indexed by project, built once per list: a plan resolves one list per notice, and a publish has a notice per downstream. */
const projectIndexes = new WeakMap<readonly { readonly projectId: ProjectId }[], Map<string, { readonly projectId: ProjectId }>>();

/** The first entry of `list` for `projectId` (as `find` would answer), by an index for long lists. */
function byProject<T extends { readonly projectId: ProjectId }>(list: readonly T[], projectId: ProjectId): T | undefined {
  if (list.length <= 16) return list.find((entry) => entry.projectId === projectId);
  let index = projectIndexes.get(list);
  if (index === undefined) {
    index = new Map();
    for (const entry of list) if (!index.has(entry.projectId)) index.set(entry.projectId, entry);
    projectIndexes.set(list, index);
  }
  return index.get(projectId) as T | undefined;
}

/**
 * Internal: the recipients of a list, from validated facts.
 * @internal
 */
export function resolveTrusted(
  directory: DirectoryFacts,
  settings: readonly ProjectNotificationSettings[],
  projectId: ProjectId,
  tool: ToolId,
): Result<RecipientResolution, DomainError> {
  const project: ProjectDirectory | undefined = byProject(directory.projects, projectId);
  if (project === undefined) return err(domainError('NOT_FOUND', { entity: 'project directory', id: projectId }));
  const admins = new Set<UserId>();
  for (const member of project.members) {
    if (Object.hasOwn(member.tools, tool) && member.tools[tool] === 'admin') admins.add(member.userId);
  }
  const projectSettings = byProject(settings, projectId);
  const list = projectSettings !== undefined && Object.hasOwn(projectSettings.lists, tool) ? projectSettings.lists[tool] : undefined;
  const withheld: WithheldRecipient[] = [];
  let chosen: Set<UserId>;
  if (list?.selectedAdmins === undefined) {
    chosen = admins; // N1: every tool admin on the directory.
  } else {
    chosen = new Set();
    for (const userId of list.selectedAdmins) {
      if (admins.has(userId)) chosen.add(userId);
      else {
        const onDirectory = project.members.some((m) => m.userId === userId);
        withheld.push({ userId, projectId, tool, reason: onDirectory ? 'not_tool_admin' : 'not_on_directory' });
      }
    }
  }
  if (tool === CONNECTION_MANAGER_LIST && list?.addedCompanyAdmins !== undefined) {
    const companyAdmins = directory.companies?.find((c) => c.companyId === project.companyId)?.admins ?? [];
    for (const userId of list.addedCompanyAdmins) {
      if (companyAdmins.includes(userId)) chosen.add(userId);
      else withheld.push({ userId, projectId, tool, reason: 'not_company_admin' });
    }
  }
  return ok(
    deepFreeze({
      recipients: [...chosen].sort(byId),
      withheld: withheld.sort((a, b) => byId(a.userId, b.userId)),
    }),
  );
}

/**
 * The input of {@link resolveRecipients}: directory facts, the notification settings, and the project
 * and tool whose list is resolved.
 *
 * @example
 * ```ts
 * const input: ResolveRecipientsInput = { directory, settings, projectId: 'sub-tower', tool: 'drawings' };
 * ```
 * @since 0.2.0
 */
export interface ResolveRecipientsInput {
  /** The directories of the projects concerned (members and their tool levels) and the company admins. */
  readonly directory: PlainIds<DirectoryFacts>;
  /** Per-project notification settings (N2); defaults apply to projects without an entry. */
  readonly settings?: readonly PlainIds<ProjectNotificationSettings>[];
  /** The project whose members receive the notification. */
  readonly projectId: string;
  /** The tool the notification concerns (its recipient list and admins decide who receives it, N2). */
  readonly tool: ToolId;
}

const ResolveSchema = z.object({
  directory: DirectoryFactsSchema,
  settings: NotificationSettingsSchema.optional(),
  projectId: ProjectIdSchema,
  tool: ToolIdSchema,
});

/**
 * Who receives a project's notifications of one tool's list, now (N1–N3).
 *
 * @remarks
 * - N1: by default every directory member with Admin on the tool. Company admins are not members
 *   unless they are on the directory, so they are excluded by default.
 * - N2: `selectedAdmins` narrows the list; `addedCompanyAdmins` (Connection Manager only) adds company
 *   admins of the project's owning company.
 * - N3: a selected user who is not on the directory or lost Admin, or an added user who is no longer a
 *   company admin, is withheld (reported, not notified).
 *
 * A project missing from the directory facts → `NOT_FOUND`. Recipients are sorted and unique.
 *
 * @example
 * ```ts
 * const r = resolveRecipients({ directory, settings, projectId: projectId('sub-tower'), tool: 'drawings' });
 * ```
 * @since 0.1.0
 */
export function resolveRecipients(input: ResolveRecipientsInput): Result<RecipientResolution, DomainError> {
  const parsed = parseInput(ResolveSchema, input);
  if (!parsed.ok) return parsed;
  const { directory, settings, projectId, tool } = parsed.value;
  return resolveTrusted(directory as DirectoryFacts, (settings ?? []) as readonly ProjectNotificationSettings[], projectId, tool);
}
