import { z } from 'zod';
import { domainError, type DomainError } from '../core/errors.js';
import type { AuthorizationFacts, ProjectFacts, ToolId } from '../core/facts.js';
import { ProjectIdSchema, UserIdSchema, type CompanyId } from '../core/ids.js';
import type { Level } from '../core/level.js';
import { err, ok, type Result } from '../core/result.js';
import { trust } from '../core/trust.js';
import { parseInput } from '../core/validation.js';
import { DirectoryDataSchema, templateById, type DirectoryData } from './directory.js';
import type { DirectoryDataInput } from './inputs.js';

/**
 * Derives the authorization facts the connection lifecycle takes (C2, C6, C9, C14) from directory data
 * and the users' templates: the user's companies, and for each requested project its owner company,
 * whether the user is on its directory, and the user's level on every tool there (from the template
 * the user holds in that project).
 *
 * @remarks
 * Projects the directory does not know are left out (the lifecycle then answers `NOT_FOUND`). A user
 * not on a project's directory gets `onDirectory: false` and no tools. A member whose template is not
 * in the data is `NOT_FOUND` (entity `template`). Per-type settings (Correspondence types) are not
 * tool levels and are not included.
 *
 * @example
 * ```ts
 * const facts = deriveAuthorizationFacts(directory, 'ana', ['sub-tower', 'gc-tower']);
 * if (facts.ok) executeConnectionCommand(view, command, { now, actor: facts.value });
 * ```
 * @since 0.1.0
 */
export function deriveAuthorizationFacts(
  directory: DirectoryDataInput,
  userId: string,
  projectIds: readonly string[],
): Result<AuthorizationFacts, DomainError<'INVALID_INPUT' | 'NOT_FOUND'>> {
  const data = parseInput(DirectoryDataSchema, directory);
  if (!data.ok) return data;
  const user = parseInput(UserIdSchema, userId);
  if (!user.ok) return user;
  const ids = parseInput(z.array(ProjectIdSchema).max(10_000), projectIds);
  if (!ids.ok) return ids;
  return factsFrom(data.value as DirectoryData, user.value, ids.value);
}

/**
 * Internal: {@link deriveAuthorizationFacts} on validated data. The facts are frozen and marked trusted
 * (`core/trust.ts`), so the lifecycle does not validate them again.
 * @internal
 */
export function factsFrom(
  data: DirectoryData,
  user: AuthorizationFacts['userId'],
  projectIds: readonly string[],
): Result<AuthorizationFacts, DomainError<'NOT_FOUND'>> {
  const companyIds: CompanyId[] = [];
  for (const m of data.memberships) if (m.userId === user && !companyIds.includes(m.companyId)) companyIds.push(m.companyId);
  const projects: ProjectFacts[] = [];
  for (const id of new Set(projectIds)) {
    const project = data.projects.find((p) => p.projectId === id);
    if (project === undefined) continue;
    const member = project.members.find((m) => m.userId === user);
    const tools: Record<ToolId, Level> = {};
    if (member !== undefined) {
      const template = templateById(data, member.templateId);
      if (template === undefined) return err(domainError('NOT_FOUND', { entity: 'template', id: member.templateId }));
      for (const [tool, setting] of Object.entries(template.tools)) if (setting.level !== 'none') tools[tool] = setting.level;
    }
    projects.push(
      Object.freeze({ projectId: project.projectId, companyId: project.companyId, onDirectory: member !== undefined, tools: Object.freeze(tools) }),
    );
  }
  const facts: AuthorizationFacts = Object.freeze({ userId: user, companyIds: Object.freeze(companyIds), projects: Object.freeze(projects) });
  // Built frozen from validated data: the lifecycle may skip validating it again, within the schema's bounds.
  return ok(companyIds.length <= 1000 && projects.length <= 1000 ? trust(facts, 'authorization_facts') : facts);
}
