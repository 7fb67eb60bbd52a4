import type { SharedProjectModel } from './arbitraries.js';

// What the host/external model expects of a command ('ok' or the error code): shared by the pure
// model commands (`arbitraries.ts`) and the service-level model test, so both hold the library to one
// reading of H1–H5 and H9.

/**
 * Internal: a team's count under H4, from the model's shares: pending invitations it hosts and
 * connected shares on either side.
 * @internal
 */
export function countOf(model: SharedProjectModel, team: string): number {
  return model.shares.filter((s) => (s.state === 'pending' && s.host === team) || (s.state === 'connected' && (s.host === team || s.external === team))).length;
}

/**
 * Internal: the model's answer to `host` inviting `external` to `project`.
 * @internal
 */
export function expectedInvite(model: SharedProjectModel, host: string, external: string, project: string): string {
  if (model.projectHost.has(project) && model.projectHost.get(project) !== host) return 'NOT_AUTHORIZED';
  if (host === external) return 'SAME_DOMAIN';
  if (model.shares.some((s) => s.project === project && (s.state === 'pending' || s.state === 'connected'))) return 'ALREADY_SHARED';
  if (model.shares.some((s) => s.project === project && s.external === external && s.state === 'disconnected')) return 'RECONNECT_FORBIDDEN';
  for (const team of [host, external]) if (model.plans.get(team) === 'starter') return 'PLAN_NOT_ELIGIBLE';
  return countOf(model, host) < model.limits[model.plans.get(host) ?? 'starter'] ? 'ok' : 'PLAN_LIMIT_REACHED';
}

/**
 * Internal: the model's answer to `type` (accept, decline, cancel, disconnect) on one of its shares.
 * @internal
 */
export function expectedOnShare(model: SharedProjectModel, share: SharedProjectModel['shares'][number], type: string): string {
  const from = type === 'disconnect' ? 'connected' : 'pending';
  if (share.state !== from) return 'INVALID_TRANSITION';
  if (type !== 'accept') return 'ok';
  for (const team of [share.host, share.external]) if (model.plans.get(team) === 'starter') return 'PLAN_NOT_ELIGIBLE';
  return countOf(model, share.external) < model.limits[model.plans.get(share.external) ?? 'starter'] ? 'ok' : 'PLAN_LIMIT_REACHED';
}

/** The commands the model sends on one share. */
export type ModelShareCommand = 'accept' | 'decline' | 'cancel' | 'disconnect';

const NEXT_STATE = { accept: 'connected', decline: 'declined', cancel: 'cancelled', disconnect: 'disconnected' } as const;

/**
 * Internal: the team whose admin sends `type` on `share`: the host cancels (and disconnects when
 * `byHost`), the external team accepts, declines and otherwise disconnects.
 * @internal
 */
export function actingTeam(share: SharedProjectModel['shares'][number], type: ModelShareCommand, byHost: boolean): string {
  return type === 'cancel' || (type === 'disconnect' && byHost) ? share.host : share.external;
}

/**
 * Internal: records an invitation the library accepted: a pending share, and the project's host when
 * it is the first.
 * @internal
 */
export function recordInvited(model: SharedProjectModel, id: string, host: string, external: string, project: string, at: number): void {
  model.shares.push({ id, project, host, external, state: 'pending', invitedAt: at, closedAt: null });
  if (!model.projectHost.has(project)) model.projectHost.set(project, host);
}

/**
 * Internal: records a command on a share the library accepted: its new state, and when it closed.
 * @internal
 */
export function recordOnShare(share: SharedProjectModel['shares'][number], type: ModelShareCommand, at: number): void {
  share.state = NEXT_STATE[type];
  if (type !== 'accept') share.closedAt = at;
}
