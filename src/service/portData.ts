import { z } from 'zod';
import { ToolIdSchema } from '../core/facts.js';
import { CompanyIdSchema, ProjectIdSchema, SharedProjectIdSchema, TeamIdSchema, TemplateIdSchema, UserIdSchema, type CompanyId, type UserId } from '../core/ids.js';
import { deepFreeze } from '../core/freeze.js';
import { isPlainId, validationCache } from '../core/trust.js';
import { ProjectNotificationSettingsSchema, RecipientListSettingsSchema } from '../notifications/settings.js';
import { readTemplate } from '../permissions/template.js';
import type { PermissionTemplate } from '../permissions/template.js';
import type { DirectoryProjectEntry, DirectoryTeam, DirectoryUser } from '../ports/directory.js';
import { PlanSchema } from '../shared-project/plans.js';

/*
 * Internal: validation of what the directory port answers, once per object. A port that returns the
 * same frozen object again (the in-memory directory does) pays for its validation once; mutable answers
 * are validated on every call. The schemas here are at least as strict as the checks the public
 * functions would apply to the same data.
 */

const unique = (ids: readonly string[]) => new Set(ids).size === ids.length;

/**
 * Internal: schema of a directory project entry.
 * @internal
 */
export const ProjectEntrySchema = z.looseObject({
  projectId: ProjectIdSchema,
  companyId: CompanyIdSchema,
  teamId: TeamIdSchema.optional(),
  members: z
    .array(z.looseObject({ userId: UserIdSchema, templateId: TemplateIdSchema }))
    .max(100_000)
    .refine((members) => unique(members.map((m) => m.userId)), 'a user appears once per directory'),
  notificationLists: z.record(ToolIdSchema, RecipientListSettingsSchema).optional(),
});

const UserEntrySchema = z.looseObject({
  userId: UserIdSchema,
  companyIds: z.array(CompanyIdSchema).max(1000),
  teams: z.array(z.looseObject({ teamId: TeamIdSchema, admin: z.boolean() })).max(1000).optional(),
  email: z.string().max(320).nullable().optional(),
});

const CompanyEntrySchema = z.looseObject({ companyId: CompanyIdSchema, approval: z.enum(['automatic', 'manual']).optional(), admins: z.array(UserIdSchema).max(100_000).optional() });

const TeamEntrySchema = z.looseObject({ teamId: TeamIdSchema, admins: z.array(UserIdSchema).max(100_000), domain: z.string().max(253).optional(), plan: PlanSchema.optional(), hosts: z.array(SharedProjectIdSchema).max(1_000_000).optional() });

/** Members checked by hand (no cache entry) up to this many: the bulk of a directory is small projects. */
const HAND_CHECKED_MEMBERS = 64;

/**
 * Internal: a deep-frozen project entry without notification lists that `ProjectEntrySchema` accepts
 * as it is, checked by hand: such entries (one per project, the bulk of a directory) need no cache
 * entry, so validating them costs no memory per project.
 * @internal
 */
export function isPlainProjectEntry(value: unknown): value is DirectoryProjectEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.isFrozen(value)) return false;
  const v = value as Record<string, unknown>;
  if (!isPlainId(v['projectId']) || !isPlainId(v['companyId']) || v['notificationLists'] !== undefined) return false;
  if (v['teamId'] !== undefined && !isPlainId(v['teamId'])) return false;
  const members = v['members'];
  if (!Array.isArray(members) || !Object.isFrozen(members) || members.length > HAND_CHECKED_MEMBERS) return false;
  for (let i = 0; i < members.length; i += 1) {
    const m = members[i] as unknown;
    if (typeof m !== 'object' || m === null || Array.isArray(m) || !Object.isFrozen(m)) return false;
    const { userId, templateId } = m as Record<string, unknown>;
    if (!isPlainId(userId) || !isPlainId(templateId)) return false;
    for (let j = 0; j < i; j += 1) if ((members[j] as { userId: unknown }).userId === userId) return false;
  }
  return true;
}

const projectEntryCache = validationCache<DirectoryProjectEntry>((value) => {
  const parsed = ProjectEntrySchema.safeParse(value);
  if (!parsed.success) return undefined;
  const entry = parsed.data as unknown as DirectoryProjectEntry;
  if (entry.notificationLists !== undefined) {
    // N2: company admins only on the Connection Manager list (the settings schema's own rule).
    const settings = ProjectNotificationSettingsSchema.safeParse({ projectId: entry.projectId, lists: entry.notificationLists });
    if (!settings.success) return undefined;
  }
  // The schema changes nothing it accepts (ids are kept as given, unknown keys kept): a frozen entry is
  // its own validated form, so the cache holds no copy of it.
  return Object.isFrozen(value) ? (value as DirectoryProjectEntry) : deepFreeze(entry);
});

/**
 * Internal: a directory project entry, validated (by hand when plain and frozen, else by the schema, cached).
 * @internal
 */
export const projectEntries = {
  read: (value: unknown): DirectoryProjectEntry | undefined => (isPlainProjectEntry(value) ? value : projectEntryCache.read(value)),
};

const frozenOrCopy = <T>(value: unknown, parsed: unknown): T => (Object.isFrozen(value) ? (value as T) : (deepFreeze(parsed) as T));

/**
 * Internal: a directory user entry (companies, teams, e-mail), validated.
 * @internal
 */
export const userEntries = validationCache<DirectoryUser>((value) => {
  const parsed = UserEntrySchema.safeParse(value);
  return parsed.success ? frozenOrCopy<DirectoryUser>(value, parsed.data) : undefined;
});

/**
 * Internal: a directory company entry (approval mode, admins), validated.
 * @internal
 */
export const companyEntries = validationCache<{ readonly companyId: CompanyId; readonly approval?: 'automatic' | 'manual'; readonly admins?: readonly UserId[] }>((value) => {
  const parsed = CompanyEntrySchema.safeParse(value);
  return parsed.success ? frozenOrCopy(value, parsed.data) : undefined;
});

/**
 * Internal: a directory team entry (admins, domain, plan), validated.
 * @internal
 */
export const teamEntries = validationCache<DirectoryTeam>((value) => {
  const parsed = TeamEntrySchema.safeParse(value);
  return parsed.success ? frozenOrCopy<DirectoryTeam>(value, parsed.data) : undefined;
});

/**
 * Internal: a permission template, validated (shape only, as `DirectoryDataSchema` checks it).
 * @internal
 */
export function templateEntry(value: unknown): PermissionTemplate | undefined {
  const r = readTemplate(value);
  return r.ok ? r.value : undefined;
}
