import { z } from 'zod';
import { CompanyIdSchema, ProjectIdSchema, UserIdSchema, type CompanyId, type ProjectId, type UserId } from './ids.js';
import { err, ok, type Result } from './result.js';
import type { DomainError } from './errors.js';
import { deepFreeze } from './freeze.js';
import { LevelSchema, type Level } from './level.js';
import { isTrusted, trust } from './trust.js';
import type { PlainIds } from './input.js';
import { parseInputAt } from './validation.js';

/**
 * A tool id: lower snake case, e.g. `connection_manager`, `drawings`, `rfis`.
 *
 * @example
 * ```ts
 * const tool: ToolId = 'connection_manager';
 * ```
 * @since 0.1.0
 */
export type ToolId = string;

/**
 * Schema of a {@link ToolId}. @example `ToolIdSchema.parse('drawings')`
 * @since 0.1.0
 */
export const ToolIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a tool id is lower snake case, e.g. "connection_manager"');

/**
 * What the caller knows about one project, as it concerns the acting user: which company owns it,
 * whether the user is on its directory, and the user's level on each tool there.
 *
 * @remarks
 * Tools missing from `tools` count as `none`.
 *
 * @example
 * ```ts
 * const facts: ProjectFacts = {
 *   projectId: projectId('sub-1'), companyId: companyId('electric-co'), onDirectory: true,
 *   tools: { connection_manager: 'admin', drawings: 'read_only' },
 * };
 * ```
 * @since 0.1.0
 */
export interface ProjectFacts {
  /** The project these facts are about. */
  readonly projectId: ProjectId;
  /** The company that owns the project. */
  readonly companyId: CompanyId;
  /** Whether the acting user is on the project's directory (C2 b). */
  readonly onDirectory: boolean;
  /** The user's level on each tool in the project, by tool id; a missing tool is `none`. */
  readonly tools: Readonly<Record<ToolId, Level>>;
}

/**
 * The authorization facts a command is decided with (C2, C6, C9, C14): who the actor is, which companies
 * they belong to, and their standing on each project the command concerns.
 *
 * @remarks
 * The lifecycle core never looks anything up: the caller supplies these facts, either by hand or derived
 * from permission templates with `deriveAuthorizationFacts`. Projects the facts do not mention count as
 * unknown (`NOT_FOUND`) where their owner is needed, and as "not on the directory, no tools" otherwise.
 *
 * @example
 * ```ts
 * const actor: AuthorizationFacts = {
 *   userId: userId('ana'),
 *   companyIds: [companyId('electric-co'), companyId('build-co')],
 *   projects: [subProjectFacts, gcProjectFacts],
 * };
 * ```
 * @since 0.1.0
 */
export interface AuthorizationFacts {
  /** The acting user. */
  readonly userId: UserId;
  /** Every company the user belongs to (C2 a, C6). */
  readonly companyIds: readonly CompanyId[];
  /** The user's standing on each project the command concerns; a project not listed is unknown. */
  readonly projects: readonly ProjectFacts[];
}

/**
 * {@link AuthorizationFacts} as the entry points taking an actor accept them: plain-string ids, or
 * facts prepared by {@link prepareAuthorizationFacts}.
 *
 * @example
 * ```ts
 * const actor: AuthorizationFactsInput = { userId: 'ana', companyIds: ['build-co'], projects: [] };
 * ```
 * @since 0.2.0
 */
export type AuthorizationFactsInput = PlainIds<AuthorizationFacts>;

/**
 * Schema of {@link ProjectFacts}. @example `ProjectFactsSchema.parse(facts)`
 * @since 0.1.0
 */
export const ProjectFactsSchema = z.strictObject({
  projectId: ProjectIdSchema,
  companyId: CompanyIdSchema,
  onDirectory: z.boolean(),
  tools: z.record(ToolIdSchema, LevelSchema),
});

/**
 * Schema of {@link AuthorizationFacts}. @example `AuthorizationFactsSchema.parse(actor)`
 * @since 0.1.0
 */
export const AuthorizationFactsSchema = z.strictObject({
  userId: UserIdSchema,
  companyIds: z.array(CompanyIdSchema).max(1000),
  projects: z.array(ProjectFactsSchema).max(1000),
});

/**
 * The facts about one project, if the caller supplied them.
 *
 * @example
 * ```ts
 * projectFacts(actor, projectId('sub-1'))?.onDirectory;
 * ```
 */
export function projectFacts(facts: AuthorizationFacts, id: ProjectId): ProjectFacts | undefined {
  const projects: unknown = (facts as Partial<AuthorizationFacts> | null | undefined)?.projects;
  if (!Array.isArray(projects)) return undefined;
  for (let i = 0; i < projects.length; i += 1) {
    const p = projects[i] as ProjectFacts | null | undefined;
    if (p?.projectId === id) return p;
  }
  return undefined;
}

/**
 * The actor's level on a tool in a project (`none` when unknown).
 *
 * @example
 * ```ts
 * toolLevel(actor, projectId('sub-1'), 'connection_manager'); // 'admin'
 * ```
 */
export function toolLevel(facts: AuthorizationFacts, id: ProjectId, tool: ToolId): Level {
  const project = projectFacts(facts, id);
  if (project === undefined || typeof project.tools !== 'object' || project.tools === null || !Object.hasOwn(project.tools, tool)) return 'none';
  return project.tools[tool] ?? 'none';
}

/**
 * Validates authorization facts once and returns a frozen copy that every decide function accepts
 * without validating it again.
 *
 * @remarks
 * Use it when the same actor's facts serve several commands (a request handler that checks, previews
 * and executes), or on hot paths: prepared facts skip the schema walk, which is most of the cost of a
 * transition.
 *
 * @example
 * ```ts
 * const prepared = prepareAuthorizationFacts(actorFacts);
 * if (prepared.ok) executeConnectionCommand(view, command, { now, actor: prepared.value });
 * ```
 * @since 0.1.0
 */
export function prepareAuthorizationFacts(facts: AuthorizationFactsInput): Result<AuthorizationFacts, DomainError<'INVALID_INPUT'>> {
  if (isTrusted(facts, 'authorization_facts')) return ok(facts as AuthorizationFacts);
  const parsed = parseInputAt(AuthorizationFactsSchema, facts, ['facts']);
  if (!parsed.ok) return err(parsed.error);
  return ok(trust(deepFreeze(parsed.value as AuthorizationFacts), 'authorization_facts'));
}
