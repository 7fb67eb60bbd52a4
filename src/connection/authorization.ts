import type { AuthorizationFailure } from '../core/errors.js';
import { projectFacts, toolLevel, type AuthorizationFacts } from '../core/facts.js';
import type { CompanyId, ProjectId } from '../core/ids.js';
import { levelAtLeast, type Level } from '../core/level.js';

/**
 * The tool whose Admin level runs connections (C2, C6, C8, C9).
 *
 * @example
 * ```ts
 * const facts = { ...project, tools: { [CONNECTION_MANAGER_TOOL]: 'admin' } };
 * ```
 * @since 0.1.0
 */
export const CONNECTION_MANAGER_TOOL = 'connection_manager';

function belongs(facts: AuthorizationFacts, company: CompanyId): boolean {
  return facts.companyIds.includes(company);
}

/**
 * Internal: a failure unless the actor belongs to `company`.
 * @internal
 */
export function checkCompany(facts: AuthorizationFacts, company: CompanyId, side: string): AuthorizationFailure[] {
  if (belongs(facts, company)) return [];
  return [{ condition: 'member_of_company', message: `must belong to the ${side} company "${company}"`, companyId: company }];
}

/**
 * Internal: a failure unless the actor is on the project's directory.
 * @internal
 */
export function checkDirectory(facts: AuthorizationFacts, project: ProjectId, side: string): AuthorizationFailure[] {
  if (projectFacts(facts, project)?.onDirectory === true) return [];
  return [{ condition: 'on_project_directory', message: `must be on the directory of the ${side} project "${project}"`, projectId: project }];
}

/**
 * Internal: a failure unless the actor holds `required` or more on `tool` in `project`.
 * @internal
 */
export function checkTool(
  facts: AuthorizationFacts,
  project: ProjectId,
  tool: string,
  required: Level,
  condition: string,
): AuthorizationFailure[] {
  const actual = toolLevel(facts, project, tool);
  if (levelAtLeast(actual, required)) return [];
  return [
    {
      condition,
      message: `needs ${required} on ${tool} in project "${project}" (has ${actual})`,
      projectId: project,
      tool,
      required,
      actual,
    },
  ];
}

/**
 * Internal: the failures of "Connection Manager admin of this side" (company member + CM admin).
 * @internal
 */
export function checkSideAdmin(
  facts: AuthorizationFacts,
  side: 'upstream' | 'downstream',
  project: ProjectId,
  company: CompanyId,
): readonly AuthorizationFailure[] {
  // The common case, allowed, allocates nothing.
  if (belongs(facts, company) && levelAtLeast(toolLevel(facts, project, CONNECTION_MANAGER_TOOL), 'admin')) return NONE;
  return [
    ...checkCompany(facts, company, side),
    ...checkTool(facts, project, CONNECTION_MANAGER_TOOL, 'admin', 'connection_manager_admin'),
  ];
}

const NONE: readonly AuthorizationFailure[] = Object.freeze([]);
