import { teamId, userId, sharedProjectId, type TeamId } from '../core/ids.js';
import { executeSharedProjectCommand } from './api.js';
import type { SharedProjectCommand } from './commands.js';
import type { TeamActorFacts } from './context.js';
import type { SharedProjectEvent } from './events.js';
import { shareId } from './ids.js';
import type { Plan } from './plans.js';
import { emptySharedProjectView, type SharedProjectView } from './state.js';

/**
 * Internal test support: the system actor.
 * @internal
 */
export const billing: TeamActorFacts = { kind: 'system', cause: 'billing' };

/**
 * Internal test support: an admin of the given teams.
 * @internal
 */
export function adminOf(name: string, ...teams: string[]): TeamActorFacts {
  return { kind: 'user', userId: userId(name), email: `${name}@example.test`, teams: teams.map((t) => ({ teamId: teamId(t), admin: true })) };
}

/**
 * Internal test support: a non-admin member of the given teams.
 * @internal
 */
export function memberOf(name: string, ...teams: string[]): TeamActorFacts {
  return { kind: 'user', userId: userId(name), email: `${name}@example.test`, teams: teams.map((t) => ({ teamId: teamId(t), admin: false })) };
}

/**
 * Internal test support: runs a command and throws on failure (tests only).
 * @internal
 */
export function run(view: SharedProjectView, command: SharedProjectCommand, actor: TeamActorFacts, now = 1_000): { view: SharedProjectView; events: readonly SharedProjectEvent[] } {
  const r = executeSharedProjectCommand(view, command, { now, actor });
  if (!r.ok) throw new Error(`${command.type} failed: ${r.error.code} ${r.error.message}`);
  return { view: r.value.state, events: r.value.events };
}

/**
 * Internal test support: a view with the given teams (`[id, domain, plan]`).
 * @internal
 */
export function withTeams(...teams: [string, string, Plan][]): SharedProjectView {
  let view = emptySharedProjectView();
  for (const [id, domain, plan] of teams) view = run(view, { type: 'register_team', teamId: teamId(id), domain, plan }, billing).view;
  return view;
}

/**
 * Internal test support: an invite command.
 * @internal
 */
export function invite(share: string, project: string, host: string, external: string, contactEmail = 'contact@client.test'): SharedProjectCommand {
  return { type: 'invite', shareId: shareId(share), sharedProjectId: sharedProjectId(project), hostTeamId: teamId(host), externalTeamId: teamId(external), contactEmail };
}

/**
 * Internal test support: a share command by id.
 * @internal
 */
export function on(type: 'accept' | 'decline' | 'cancel' | 'disconnect' | 'share_copy' | 'transfer', share: string): SharedProjectCommand {
  return type === 'disconnect' ? { type, shareId: shareId(share) } : { type, shareId: shareId(share) };
}

/**
 * Internal test support: a team id.
 * @internal
 */
export const t = (id: string): TeamId => teamId(id);
