import { domainError, type DomainError } from '../core/errors.js';
import { SharedProjectIdSchema, type SharedProjectId, type TeamId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import { readSharedProjectView } from './api.js';
import type { Plan } from './plans.js';
import type { SharedProjectViewInput } from './inputs.js';
import { findSharedProject, findTeam } from './state.js';

/**
 * The features a shared project runs with (H6): the host plan's, for every participant.
 *
 * @example
 * ```ts
 * const f: SharedProjectFeatures = { sharedProjectId, hostTeamId, plan: 'enterprise' };
 * ```
 * @since 0.1.0
 */
export interface SharedProjectFeatures {
  /** The shared project. */
  readonly sharedProjectId: SharedProjectId;
  /** The team that hosts it, whose plan's features apply (H6). */
  readonly hostTeamId: TeamId;
  /** The plan whose features apply to everyone in the project. */
  readonly plan: Plan;
}

/**
 * The plan whose features a shared project offers everyone in it: the host's (H6). An Enterprise host
 * gives a Professional external team Enterprise features in the project, and a Professional host limits
 * an Enterprise external team to Professional ones.
 *
 * @example
 * ```ts
 * const f = sharedProjectFeatures(view, 'brand-refresh');
 * f.ok && f.value.plan; // 'enterprise'
 * ```
 * @since 0.1.0
 */
export function sharedProjectFeatures(view: SharedProjectViewInput, sharedProjectId: SharedProjectId | string): Result<SharedProjectFeatures, DomainError> {
  const v = readSharedProjectView(view);
  if (!v.ok) return v;
  const id = parseInputAt(SharedProjectIdSchema, sharedProjectId, ['sharedProjectId']);
  if (!id.ok) return id;
  const project = findSharedProject(v.value, id.value);
  if (project === undefined) return err(domainError('NOT_FOUND', { entity: 'shared project', id: id.value }));
  const host = findTeam(v.value, project.hostTeamId);
  if (host === undefined) return err(domainError('NOT_FOUND', { entity: 'team', id: project.hostTeamId }));
  return ok(Object.freeze({ sharedProjectId: project.id, hostTeamId: host.id, plan: host.plan }));
}
