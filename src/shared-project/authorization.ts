import type { AuthorizationFailure } from '../core/errors.js';
import type { TeamId } from '../core/ids.js';
import type { TeamActorFacts } from './context.js';
import type { ShareSide } from './events.js';

/**
 * Internal: whether the actor is an admin of `team`.
 * @internal
 */
export function isTeamAdmin(actor: TeamActorFacts, team: TeamId): boolean {
  return actor.kind === 'user' && actor.teams.some((m) => m.teamId === team && m.admin);
}

/**
 * Internal: whether the actor belongs to `team` (as admin or member).
 * @internal
 */
export function isTeamMember(actor: TeamActorFacts, team: TeamId): boolean {
  return actor.kind === 'user' && actor.teams.some((m) => m.teamId === team);
}

/**
 * Internal: a failure unless the actor is an admin of the `side` team (H3).
 * @internal
 */
export function checkSideAdmin(actor: TeamActorFacts, side: ShareSide, team: TeamId): AuthorizationFailure[] {
  if (isTeamAdmin(actor, team)) return [];
  return [{ condition: `${side}_team_admin`, message: `must be an admin of the ${side} team "${team}"`, teamId: team }];
}

/**
 * Internal: a failure unless the actor is a user (share commands are made by people).
 * @internal
 */
export function checkUser(actor: TeamActorFacts): AuthorizationFailure[] {
  if (actor.kind === 'user') return [];
  return [{ condition: 'user_actor', message: `a person must make this decision, not the system (${actor.cause})` }];
}
