import { z } from 'zod';
import { ToolIdSchema } from '../../core/facts.js';
import { CompanyIdSchema, ProjectIdSchema, SharedProjectIdSchema, TeamIdSchema, TemplateIdSchema, UserIdSchema } from '../../core/ids.js';
import type { DomainError } from '../../core/errors.js';
import { deepFreeze } from '../../core/freeze.js';
import { ok, type Result } from '../../core/result.js';
import { parseInput } from '../../core/validation.js';
import { ProjectNotificationSettingsSchema, RecipientListSettingsSchema } from '../../notifications/settings.js';
import { PermissionTemplateSchema, type PermissionTemplate } from '../../permissions/template.js';
import type { DirectoryCompany, DirectoryPort, DirectoryProjectEntry, DirectoryTeam, DirectoryUser } from '../../ports/directory.js';
import { PlanSchema } from '../../shared-project/plans.js';

/**
 * The data of an in-memory directory: plain arrays, each entry once by id.
 *
 * @example
 * ```ts
 * const data: InMemoryDirectoryData = { companies: [gc, electric], users: [ana], projects: [tower, towerElectric], templates: [admin] };
 * ```
 * @since 0.1.0
 */
export interface InMemoryDirectoryData {
  /** The companies, with their settings and admins. */
  readonly companies?: readonly DirectoryCompany[];
  /** The users, with their companies and teams. */
  readonly users?: readonly DirectoryUser[];
  /** The projects, with their directories and notification lists. */
  readonly projects?: readonly DirectoryProjectEntry[];
  /** The permission templates the members hold. */
  readonly templates?: readonly PermissionTemplate[];
  /** The teams of the host/external model. */
  readonly teams?: readonly DirectoryTeam[];
}

const unique = <T>(key: (item: T) => string) => (items: readonly T[]) => new Set(items.map(key)).size === items.length;
const users = z.array(UserIdSchema).max(100_000);

/**
 * Schema of {@link InMemoryDirectoryData}. @example `InMemoryDirectoryDataSchema.safeParse(data).success`
 * @since 0.1.0
 */
export const InMemoryDirectoryDataSchema = z.strictObject({
  companies: z
    .array(
      z.strictObject({
        companyId: CompanyIdSchema,
        name: z.string().max(200).optional(),
        approval: z.enum(['automatic', 'manual']).optional(),
        admins: users.optional(),
      }),
    )
    .max(100_000)
    .refine(unique((c: { companyId: string }) => c.companyId), 'a company appears once')
    .optional(),
  users: z
    .array(
      z.strictObject({
        userId: UserIdSchema,
        companyIds: z.array(CompanyIdSchema).max(1000),
        teams: z.array(z.strictObject({ teamId: TeamIdSchema, admin: z.boolean() })).max(1000).optional(),
        email: z.string().max(320).nullable().optional(),
      }),
    )
    .max(1_000_000)
    .refine(unique((u: { userId: string }) => u.userId), 'a user appears once')
    .optional(),
  projects: z
    .array(
      z.strictObject({
        projectId: ProjectIdSchema,
        companyId: CompanyIdSchema,
        name: z.string().max(200).optional(),
        members: z
          .array(z.strictObject({ userId: UserIdSchema, templateId: TemplateIdSchema }))
          .max(100_000)
          .refine(unique((m: { userId: string }) => m.userId), 'a user appears once per directory'),
        notificationLists: z.record(ToolIdSchema, RecipientListSettingsSchema).optional(),
      })
      // N2, as the service reads a project entry: company admins are added to the Connection Manager list only.
      .refine((p) => p.notificationLists === undefined || ProjectNotificationSettingsSchema.safeParse({ projectId: p.projectId, lists: p.notificationLists }).success, {
        message: 'company admins can only be added to the Connection Manager list (N2)',
        path: ['notificationLists'],
      }),
    )
    .max(1_000_000)
    .refine(unique((p: { projectId: string }) => p.projectId), 'a project appears once')
    .optional(),
  templates: z
    .array(PermissionTemplateSchema)
    .max(100_000)
    .refine(unique((t: { id: string }) => t.id), 'a template appears once')
    .optional(),
  teams: z
    .array(
      z.strictObject({
        teamId: TeamIdSchema,
        name: z.string().max(200).optional(),
        admins: users,
        domain: z.string().max(253).optional(),
        plan: PlanSchema.optional(),
        hosts: z.array(SharedProjectIdSchema).max(1_000_000).optional(),
      }),
    )
    .max(100_000)
    .refine(unique((t: { teamId: string }) => t.teamId), 'a team appears once')
    .optional(),
});

/**
 * What {@link createInMemoryDirectory} accepts: {@link InMemoryDirectoryData} with plain strings for ids.
 *
 * @example
 * ```ts
 * const input: InMemoryDirectoryInput = { companies: [{ companyId: 'build-co', approval: 'manual' }] };
 * ```
 * @since 0.1.0
 */
export type InMemoryDirectoryInput = Omit<z.input<typeof InMemoryDirectoryDataSchema>, 'templates'> & {
  readonly templates?: readonly (PermissionTemplate | z.input<typeof PermissionTemplateSchema>)[] | undefined;
};

/**
 * Options of {@link createInMemoryDirectory}.
 *
 * @example
 * ```ts
 * const options: InMemoryDirectoryOptions = { latency: () => scheduler.schedule(Promise.resolve()) };
 * ```
 * @since 0.1.0
 */
export interface InMemoryDirectoryOptions {
  /** Awaited at the start of every call (to interleave concurrent commands in tests). */
  readonly latency?: () => Promise<void>;
}

/**
 * An in-memory directory you can also change (a user leaves a directory, a template changes, a company
 * switches to automatic approval), for tests and demos.
 *
 * @example
 * ```ts
 * const directory = createInMemoryDirectory(data);
 * directory.replace({ ...directory.data(), companies: [{ companyId: gc, approval: 'automatic' }] });
 * ```
 * @since 0.1.0
 */
export interface InMemoryDirectory extends DirectoryPort {
  /** The current data (frozen). */
  data(): InMemoryDirectoryData;
  /** Replaces the data; `INVALID_INPUT` (and no change) when it is malformed. */
  replace(data: InMemoryDirectoryInput): Result<InMemoryDirectoryData, DomainError<'INVALID_INPUT'>>;
  /** Why the initial data was refused (reads then fail until `replace` succeeds); empty when it was accepted. */
  readonly issues: readonly string[];
}

interface Indexed {
  readonly data: InMemoryDirectoryData;
  readonly companies: Map<string, DirectoryCompany>;
  readonly users: Map<string, DirectoryUser>;
  readonly projects: Map<string, DirectoryProjectEntry>;
  readonly templates: Map<string, PermissionTemplate>;
  readonly teams: Map<string, DirectoryTeam>;
}

function index(data: InMemoryDirectoryData): Indexed {
  return {
    data,
    companies: new Map((data.companies ?? []).map((c) => [c.companyId, c])),
    users: new Map((data.users ?? []).map((u) => [u.userId, u])),
    projects: new Map((data.projects ?? []).map((p) => [p.projectId, p])),
    templates: new Map((data.templates ?? []).map((t) => [t.id, t])),
    teams: new Map((data.teams ?? []).map((t) => [t.teamId, t])),
  };
}

function pick<T>(map: Map<string, T>, ids: unknown): T[] {
  if (!Array.isArray(ids)) return [];
  const out: T[] = [];
  // A command asks for a handful of ids: an index scan de-duplicates them cheaper than a set.
  const unique: readonly unknown[] = ids.length > 16 ? [...new Set(ids)] : ids;
  for (let i = 0; i < unique.length; i += 1) {
    const id = unique[i];
    if (unique !== ids || ids.indexOf(id) === i) {
      const entry = typeof id === 'string' ? map.get(id) : undefined;
      if (entry !== undefined) out.push(entry);
    }
  }
  return out;
}

/**
 * An in-memory {@link DirectoryPort}: the embedded default, for tests, demos and small deployments.
 *
 * @remarks
 * The data is validated once ({@link InMemoryDirectoryDataSchema}); malformed data is refused whole
 * (the function itself never throws): `issues` says why, and until {@link InMemoryDirectory.replace}
 * gives valid data every read fails with an error naming those issues, so a service on it answers
 * `PORT_UNAVAILABLE` with that cause rather than `NOT_FOUND` for everything. Answers are frozen.
 *
 * @example
 * ```ts
 * const directory = createInMemoryDirectory({
 *   companies: [{ companyId: companyId('build-co'), approval: 'manual' }],
 *   users: [{ userId: userId('gina'), companyIds: [companyId('build-co')] }],
 *   projects: [{ projectId: projectId('tower'), companyId: companyId('build-co'), members: [{ userId: userId('gina'), templateId: templateId('admin') }] }],
 *   templates: [adminTemplate],
 * });
 * ```
 * @since 0.1.0
 */
export function createInMemoryDirectory(data: InMemoryDirectoryInput, options: InMemoryDirectoryOptions = {}): InMemoryDirectory {
  let latency: (() => Promise<void>) | null = null;
  try {
    if (typeof options?.latency === 'function') latency = options.latency;
  } catch {
    // Unreadable options: no latency.
  }
  const first = parseInput(InMemoryDirectoryDataSchema, data);
  let current = index(first.ok ? deepFreeze(first.value as InMemoryDirectoryData) : Object.freeze({}));
  const issues = Object.freeze(first.ok ? [] : first.error.details.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  /** While the initial data stands refused, every read fails with this (the service: `PORT_UNAVAILABLE`); a read awaits nothing when there is neither latency nor refusal. */
  let refused: Error | null = first.ok ? null : new Error(`the in-memory directory's data was refused (${issues.join('; ')}); replace() it with valid data`);
  const ready = async (): Promise<void> => {
    if (latency !== null) await latency();
    if (refused !== null) throw refused;
  };
  return {
    issues,
    data: () => current.data,
    replace(next) {
      const parsed = parseInput(InMemoryDirectoryDataSchema, next);
      if (!parsed.ok) return parsed;
      current = index(deepFreeze(parsed.value as InMemoryDirectoryData));
      refused = null;
      return ok(current.data);
    },
    async users(ids) {
      if (latency !== null || refused !== null) await ready();
      return pick(current.users, ids);
    },
    async projects(ids) {
      if (latency !== null || refused !== null) await ready();
      return pick(current.projects, ids);
    },
    async templates(ids) {
      if (latency !== null || refused !== null) await ready();
      return pick(current.templates, ids);
    },
    async companies(ids) {
      if (latency !== null || refused !== null) await ready();
      return pick(current.companies, ids);
    },
    async teams(ids) {
      if (latency !== null || refused !== null) await ready();
      return pick(current.teams, ids);
    },
  };
}
