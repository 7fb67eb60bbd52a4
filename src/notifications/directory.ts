import { z } from 'zod';
import { ToolIdSchema, type ToolId } from '../core/facts.js';
import { CompanyIdSchema, ProjectIdSchema, UserIdSchema, type CompanyId, type ProjectId, type UserId } from '../core/ids.js';
import { LevelSchema, type Level } from '../core/level.js';

/**
 * One person on a project's directory, with their level on each tool there (tools not listed: `none`).
 *
 * @example
 * ```ts
 * const m: DirectoryMember = { userId: userId('ana'), tools: { connection_manager: 'admin', drawings: 'read_only' } };
 * ```
 * @since 0.1.0
 */
export interface DirectoryMember {
  /** The member. */
  readonly userId: UserId;
  /** The member's level on each tool in the project, by tool id (N1 needs Admin). */
  readonly tools: Readonly<Record<ToolId, Level>>;
}

/**
 * A project's directory: its owning company and its members.
 *
 * @example
 * ```ts
 * const d: ProjectDirectory = { projectId: projectId('gc-tower'), companyId: companyId('build-co'), members: [ana] };
 * ```
 * @since 0.1.0
 */
export interface ProjectDirectory {
  /** The project. */
  readonly projectId: ProjectId;
  /** The company that owns the project. */
  readonly companyId: CompanyId;
  /** Everyone on the project's directory (N1: only they qualify by default). */
  readonly members: readonly DirectoryMember[];
}

/**
 * A company's company-level admins.
 *
 * @example
 * ```ts
 * const c: CompanyAdmins = { companyId: companyId('build-co'), admins: [userId('ceo')] };
 * ```
 * @since 0.1.0
 */
export interface CompanyAdmins {
  /** The company. */
  readonly companyId: CompanyId;
  /** Its company admins, as they stand now (N2, N3). */
  readonly admins: readonly UserId[];
}

/**
 * The directory facts notifications are resolved against, as plain serialisable data: project
 * directories with tool levels, and company admins (N1–N3).
 *
 * @remarks
 * Supply the facts as they stand when the notification is sent (N3): a recipient is chosen from them,
 * never from a stored list. Levels are the users' effective levels (e.g. from their permission
 * templates); a company admin counts only through these facts (N1: not on the directory, not notified
 * by default).
 *
 * @example
 * ```ts
 * const facts: DirectoryFacts = {
 *   projects: [gcDirectory, subDirectory],
 *   companies: [{ companyId: companyId('build-co'), admins: [userId('ceo')] }],
 * };
 * ```
 * @since 0.1.0
 */
export interface DirectoryFacts {
  /** The directories of the projects concerned. */
  readonly projects: readonly ProjectDirectory[];
  /** The company admins of the companies concerned, for lists that add them (N2). */
  readonly companies?: readonly CompanyAdmins[];
}

const distinct = <T>(values: readonly T[]) => new Set(values).size === values.length;

/**
 * Schema of a {@link DirectoryMember}. @example `DirectoryMemberSchema.parse(member)`
 * @since 0.1.0
 */
export const DirectoryMemberSchema = z.object({
  userId: UserIdSchema,
  tools: z.record(ToolIdSchema, LevelSchema),
});

/**
 * Schema of a {@link ProjectDirectory}: members listed once each. @example `ProjectDirectorySchema.parse(directory)`
 * @since 0.1.0
 */
export const ProjectDirectorySchema = z.object({
  projectId: ProjectIdSchema,
  companyId: CompanyIdSchema,
  members: z
    .array(DirectoryMemberSchema)
    .max(100_000)
    .refine((m) => distinct(m.map((x) => x.userId)), 'a user appears once per directory'),
});

/**
 * Schema of {@link CompanyAdmins}. @example `CompanyAdminsSchema.parse({ companyId: 'build-co', admins: ['ceo'] })`
 * @since 0.1.0
 */
export const CompanyAdminsSchema = z.object({
  companyId: CompanyIdSchema,
  admins: z.array(UserIdSchema).max(100_000),
});

/**
 * Schema of {@link DirectoryFacts}: projects and companies listed once each. @example `DirectoryFactsSchema.parse(facts)`
 * @since 0.1.0
 */
export const DirectoryFactsSchema = z.object({
  projects: z
    .array(ProjectDirectorySchema)
    .max(10_000)
    .refine((p) => distinct(p.map((x) => x.projectId)), 'a project appears once'),
  companies: z
    .array(CompanyAdminsSchema)
    .max(10_000)
    .refine((c) => distinct(c.map((x) => x.companyId)), 'a company appears once')
    .optional(),
});
