import { z } from 'zod';
import { ToolIdSchema } from '../core/facts.js';
import {
  CompanyIdSchema,
  ProjectIdSchema,
  TemplateIdSchema,
  UserIdSchema,
  type CompanyId,
  type ProjectId,
  type TemplateId,
  type UserId,
} from '../core/ids.js';
import { PermissionTemplateSchema, type PermissionTemplate } from './template.js';

/**
 * A user on a project's directory, holding one template there.
 *
 * @example
 * ```ts
 * const m: ProjectMember = { userId: userId('ana'), templateId: templateId('pm') };
 * ```
 * @since 0.1.0
 */
export interface ProjectMember {
  /** The user on the directory. */
  readonly userId: UserId;
  /** The template they hold on the project. */
  readonly templateId: TemplateId;
}

/**
 * One project as the directory knows it: its owner company, its directory and (optionally) its
 * active tools (used for the P9 contact permissions).
 *
 * @example
 * ```ts
 * const p: DirectoryProject = { projectId: projectId('tower'), companyId: companyId('gc'), members: [] };
 * ```
 * @since 0.1.0
 */
export interface DirectoryProject {
  /** The project's id. */
  readonly projectId: ProjectId;
  /** The company that owns the project. */
  readonly companyId: CompanyId;
  /** The project's enabled tools (P9: directory contact permissions need `timesheets` or `incidents`). */
  readonly activeTools?: readonly string[];
  /** The project's directory, each member with their template. */
  readonly members: readonly ProjectMember[];
}

/**
 * The directory facts permission checks and the connection rules are derived from: plain,
 * serialisable data (companies, who belongs to which company, project directories with the template
 * each member holds, and the templates).
 *
 * @remarks
 * A user may belong to several companies (`memberships`). Template ids are unique across the data; a
 * member whose template is not in `templates` is a `NOT_FOUND` when used.
 *
 * @example
 * ```ts
 * const directory: DirectoryData = {
 *   companies: [{ companyId: companyId('gc') }],
 *   memberships: [{ userId: userId('ana'), companyId: companyId('gc') }],
 *   projects: [{ projectId: projectId('tower'), companyId: companyId('gc'), members: [{ userId: userId('ana'), templateId: templateId('pm') }] }],
 *   templates: [pmTemplate],
 * };
 * ```
 * @since 0.1.0
 */
export interface DirectoryData {
  /** The companies. */
  readonly companies: readonly { readonly companyId: CompanyId; readonly name?: string }[];
  /** Who belongs to which company (a user may belong to several). */
  readonly memberships: readonly { readonly userId: UserId; readonly companyId: CompanyId }[];
  /** The projects, with their directories. */
  readonly projects: readonly DirectoryProject[];
  /** The templates the members hold (ids unique across the data). */
  readonly templates: readonly PermissionTemplate[];
}

const unique = <T>(key: (item: T) => string, what: string) =>
  [(items: readonly T[]) => new Set(items.map(key)).size === items.length, `${what} must not repeat`] as const;

/**
 * Schema of a {@link DirectoryData}. @example `DirectoryDataSchema.safeParse(json)`
 * @since 0.1.0
 */
export const DirectoryDataSchema = z.strictObject({
  companies: z
    .array(z.strictObject({ companyId: CompanyIdSchema, name: z.string().max(200).optional() }))
    .max(10_000)
    .refine(...unique((c: { companyId: string }) => c.companyId, 'company ids')),
  memberships: z.array(z.strictObject({ userId: UserIdSchema, companyId: CompanyIdSchema })).max(100_000),
  projects: z
    .array(
      z.strictObject({
        projectId: ProjectIdSchema,
        companyId: CompanyIdSchema,
        activeTools: z.array(ToolIdSchema).max(1000).optional(),
        members: z
          .array(z.strictObject({ userId: UserIdSchema, templateId: TemplateIdSchema }))
          .max(100_000)
          .refine(...unique((m: { userId: string }) => m.userId, 'members of a project')),
      }),
    )
    .max(10_000)
    .refine(...unique((p: { projectId: string }) => p.projectId, 'project ids')),
  templates: z
    .array(PermissionTemplateSchema)
    .max(10_000)
    .refine(...unique((t: { id: string }) => t.id, 'template ids')),
});

/**
 * Internal: deep-freezes parsed directory data.
 * @internal
 */
export function freezeDirectory(data: DirectoryData): DirectoryData {
  return Object.freeze({
    companies: Object.freeze(data.companies.map((c) => Object.freeze({ ...c }))),
    memberships: Object.freeze(data.memberships.map((m) => Object.freeze({ ...m }))),
    projects: Object.freeze(
      data.projects.map((p) =>
        Object.freeze({
          ...p,
          ...(p.activeTools === undefined ? {} : { activeTools: Object.freeze([...p.activeTools]) }),
          members: Object.freeze(p.members.map((m) => Object.freeze({ ...m }))),
        }),
      ),
    ),
    templates: Object.freeze([...data.templates]),
  });
}

/**
 * Internal: the template with that id, if any.
 * @internal
 */
export function templateById(data: DirectoryData, id: string): PermissionTemplate | undefined {
  return data.templates.find((t) => t.id === id);
}
