import { domainError, type AuthorizationFailure, type DomainError } from '../core/errors.js';
import type { TeamId } from '../core/ids.js';
import { checkTransition } from '../core/machine.js';
import { err, ok, type Result } from '../core/result.js';
import type { Timestamp } from '../core/time.js';
import { checkSideAdmin, checkUser, isTeamAdmin } from './authorization.js';
import type { InviteExternalTeam, SharedProjectCommand } from './commands.js';
import type { TeamActorFacts } from './context.js';
import {
  SHARED_PROJECT_EVENT_SCHEMA_VERSION,
  type SharedProjectEvent,
  type SharedProjectUserActor,
  type ShareEvent,
  type ShareSide,
} from './events.js';
import { sharedProjectMachine, type ShareCommandType } from './machine.js';
import type { SharedProjectPolicy } from './plans.js';
import { findShare, findSharedProject, findTeam, usageRecordOf, type Share, type SharedProjectView, type Team } from './state.js';

/**
 * Internal: a context whose options are resolved and validated.
 * @internal
 */
export interface ResolvedContext {
  readonly now: Timestamp;
  readonly actor: TeamActorFacts;
  readonly policy: SharedProjectPolicy;
  /** Whether the host team owns the project of an invitation (see `SharedProjectContext`); absent: not checked. */
  readonly hostOwnsProject?: boolean;
}

type Decided = Result<readonly SharedProjectEvent[], DomainError>;

function notAuthorized(actor: TeamActorFacts, failed: readonly AuthorizationFailure[]): Decided {
  return err(domainError('NOT_AUTHORIZED', actor.kind === 'user' ? { userId: actor.userId, failed } : { failed }));
}

function invalid(path: (string | number)[], message: string): Decided {
  return err(domainError('INVALID_INPUT', { issues: [{ path, code: 'custom', message }] }));
}

function transition(command: ShareCommandType, share: Share): Result<true, DomainError> {
  const checked = checkTransition(sharedProjectMachine, command, share.state);
  if (checked.ok) return checked;
  return err(domainError('INVALID_TRANSITION', { ...checked.error.details, entity: 'share', id: share.id }));
}

/** Internal: H2, both teams must be on an eligible plan. */
function checkEligible(policy: SharedProjectPolicy, teams: readonly Team[]): Result<true, DomainError> {
  for (const team of teams) {
    if (!policy.eligiblePlans.includes(team.plan)) return err(domainError('PLAN_NOT_ELIGIBLE', { teamId: team.id, plan: team.plan }));
  }
  return ok(true);
}

/** Internal: H4/H5, the team must be under its limit to take one more slot. */
function checkSlot(view: SharedProjectView, policy: SharedProjectPolicy, team: Team): Result<true, DomainError> {
  const count = usageRecordOf(view, team.id).count;
  const limit = policy.limits[team.plan];
  if (count < limit) return ok(true);
  return err(domainError('PLAN_LIMIT_REACHED', { teamId: team.id, plan: team.plan, limit, count }));
}

function teamOrNotFound(view: SharedProjectView, id: TeamId): Result<Team, DomainError> {
  const team = findTeam(view, id);
  return team === undefined ? err(domainError('NOT_FOUND', { entity: 'team', id })) : ok(team);
}

function decideTeam(view: SharedProjectView, command: Extract<SharedProjectCommand, { type: 'register_team' | 'change_plan' }>, ctx: ResolvedContext): Decided {
  const { actor } = ctx;
  const admin = isTeamAdmin(actor, command.teamId);
  const adminsSetPlans = ctx.policy.planChanges === 'team_admins';
  const failed: AuthorizationFailure[] = [];
  if (command.type === 'register_team') {
    if (actor.kind !== 'system' && !admin) failed.push({ condition: 'team_admin_or_system', message: `only the system or an admin of team "${command.teamId}" may do this`, teamId: command.teamId });
    // H5: a team admin registering their own team does not pick a paid plan; billing sets it.
    else if (actor.kind !== 'system' && !adminsSetPlans && command.plan !== 'starter') {
      failed.push({ condition: 'plan_set_by_billing', message: `a team admin registers team "${command.teamId}" on the starter plan; its plan is set by billing`, teamId: command.teamId });
    }
  } else if (!(actor.kind === 'system' && actor.cause === 'billing') && !(adminsSetPlans && admin)) {
    // H5: plan changes belong to the billing system (or, by policy, to the team's admins).
    failed.push({ condition: 'plan_set_by_billing', message: `only billing changes the plan of team "${command.teamId}"`, teamId: command.teamId });
  }
  const existing = findTeam(view, command.teamId);
  if (command.type === 'register_team') {
    if (existing !== undefined) return invalid(['command', 'teamId'], `team "${command.teamId}" is already registered`);
    if (failed.length > 0) return notAuthorized(actor, failed);
    return ok([
      { type: 'TeamRegistered', schemaVersion: SHARED_PROJECT_EVENT_SCHEMA_VERSION, at: ctx.now, actor: eventActor(actor), teamId: command.teamId, domain: command.domain, plan: command.plan },
    ]);
  }
  if (existing === undefined) return err(domainError('NOT_FOUND', { entity: 'team', id: command.teamId }));
  if (failed.length > 0) return notAuthorized(actor, failed);
  if (existing.plan === command.plan) return ok([]);
  // Never dated before the team's registration or last plan change (as for shares).
  const at = Math.max(ctx.now, existing.registeredAt, existing.planChangedAt ?? 0);
  return ok([
    { type: 'TeamPlanChanged', schemaVersion: SHARED_PROJECT_EVENT_SCHEMA_VERSION, at, actor: eventActor(actor), teamId: existing.id, from: existing.plan, to: command.plan },
  ]);
}

function eventActor(actor: TeamActorFacts): SharedProjectEvent['actor'] {
  return actor.kind === 'user' ? { kind: 'user', userId: actor.userId } : { kind: 'system', cause: actor.cause };
}

function decideInvite(view: SharedProjectView, command: InviteExternalTeam, ctx: ResolvedContext, by: SharedProjectUserActor): Decided {
  const existing = findShare(view, command.shareId);
  if (existing !== undefined) {
    return err(domainError('INVALID_TRANSITION', { command: 'invite', state: existing.state, allowedFrom: [], entity: 'share', id: existing.id }, `Share id "${command.shareId}" is already used (${existing.state}); an invitation starts a new share.`));
  }
  const host = teamOrNotFound(view, command.hostTeamId);
  if (!host.ok) return host;
  const external = teamOrNotFound(view, command.externalTeamId);
  if (!external.ok) return external;
  // H3: only host admins invite, and only for projects their team hosts.
  const failed = checkSideAdmin(ctx.actor, 'host', host.value.id);
  const project = findSharedProject(view, command.sharedProjectId);
  if (project !== undefined && project.hostTeamId !== host.value.id) {
    failed.push({ condition: 'project_hosted_by_team', message: `project "${project.id}" is hosted by team "${project.hostTeamId}"`, teamId: project.hostTeamId });
  }
  // A project not shared before is hosted by the team that owns it, when the caller says who owns it.
  if (project === undefined && ctx.hostOwnsProject === false) {
    failed.push({ condition: 'project_owned_by_team', message: `the directory does not list shared project "${command.sharedProjectId}" among the projects of team "${host.value.id}" (hosts)`, teamId: host.value.id });
  }
  if (failed.length > 0) return notAuthorized(ctx.actor, failed);
  // H1: two different teams with different business domains.
  if (host.value.id === external.value.id) {
    return err(domainError('SAME_DOMAIN', { domain: host.value.domain }, `Team "${host.value.id}" cannot invite itself: host and external teams must differ.`));
  }
  if (host.value.domain === external.value.domain) return err(domainError('SAME_DOMAIN', { domain: host.value.domain }));
  // H1: at most one external team at a time.
  const open = project?.openShareId ?? null;
  const openShare = open === null ? undefined : findShare(view, open);
  if (project !== undefined && openShare !== undefined) {
    return err(domainError('ALREADY_SHARED', { sharedProjectId: project.id, state: openShare.state, externalTeamId: openShare.externalTeamId }));
  }
  // H9: a disconnected pair is never reconnected.
  if (project !== undefined && project.disconnectedTeamIds.includes(external.value.id)) {
    return err(domainError('RECONNECT_FORBIDDEN', { projectId: project.id, teamId: external.value.id, reason: 'it was disconnected from that team, and the pair can never be reconnected (another team can still be invited)' }));
  }
  // H2, then H4/H5 for the host (received invitations do not count for the external team yet).
  const eligible = checkEligible(ctx.policy, [host.value, external.value]);
  if (!eligible.ok) return eligible;
  const slot = checkSlot(view, ctx.policy, host.value);
  if (!slot.ok) return slot;
  return ok([
    {
      type: 'ShareInvited',
      schemaVersion: SHARED_PROJECT_EVENT_SCHEMA_VERSION,
      at: ctx.now,
      actor: by,
      shareId: command.shareId,
      sharedProjectId: command.sharedProjectId,
      hostTeamId: host.value.id,
      externalTeamId: external.value.id,
      contactEmail: command.contactEmail,
    },
  ]);
}

function disconnectSide(actor: TeamActorFacts, share: Share, wanted: ShareSide | undefined): { side: ShareSide; failed: AuthorizationFailure[] } {
  const team = (side: ShareSide) => (side === 'host' ? share.hostTeamId : share.externalTeamId);
  if (wanted !== undefined) return { side: wanted, failed: checkSideAdmin(actor, wanted, team(wanted)) };
  const host = checkSideAdmin(actor, 'host', share.hostTeamId);
  if (host.length === 0) return { side: 'host', failed: [] };
  const external = checkSideAdmin(actor, 'external', share.externalTeamId);
  if (external.length === 0) return { side: 'external', failed: [] };
  return { side: 'host', failed: [...host, ...external] };
}

/** H9: the host's later choices need the project still hosted by this share's host. */
function checkStillHost(view: SharedProjectView, share: Share): AuthorizationFailure[] {
  const project = findSharedProject(view, share.sharedProjectId);
  if (share.transferredAt === null && (project === undefined || project.hostTeamId === share.hostTeamId)) return [];
  const owner = project?.hostTeamId ?? share.externalTeamId;
  return [{ condition: 'host_still_owns_project', message: `project "${share.sharedProjectId}" was transferred to team "${owner}"`, teamId: owner }];
}

function decideOnShare(view: SharedProjectView, command: Exclude<SharedProjectCommand, { type: 'register_team' | 'change_plan' | 'invite' }>, share: Share, ctx: ResolvedContext, by: SharedProjectUserActor): Decided {
  const allowed = transition(command.type, share);
  if (!allowed.ok) return allowed;
  /*
   * The envelope, then `type`, then the event's own fields, added to a fresh literal (`Object.assign`)
   * rather than spread from a shared one: every event of a type then shares one hidden class, where a
   * spread makes V8 copy a new one for every event it stores.
   */
  const base = () =>
    ({
      schemaVersion: SHARED_PROJECT_EVENT_SCHEMA_VERSION,
      at: ctx.now,
      actor: by,
      shareId: share.id,
      sharedProjectId: share.sharedProjectId,
      hostTeamId: share.hostTeamId,
      externalTeamId: share.externalTeamId,
    }) as const;
  switch (command.type) {
    case 'accept':
    case 'decline': {
      const failed = checkSideAdmin(ctx.actor, 'external', share.externalTeamId);
      if (failed.length > 0) return notAuthorized(ctx.actor, failed);
      if (command.type === 'decline') return ok([Object.assign(base(), { type: 'ShareDeclined' as const, reason: command.reason ?? null })]);
      const host = teamOrNotFound(view, share.hostTeamId);
      if (!host.ok) return host;
      const external = teamOrNotFound(view, share.externalTeamId);
      if (!external.ok) return external;
      const eligible = checkEligible(ctx.policy, [host.value, external.value]);
      if (!eligible.ok) return eligible;
      const slot = checkSlot(view, ctx.policy, external.value);
      if (!slot.ok) return slot;
      return ok([Object.assign(base(), { type: 'ShareAccepted' as const, contactEmail: share.contactEmail })]);
    }
    case 'cancel': {
      const failed = checkSideAdmin(ctx.actor, 'host', share.hostTeamId);
      if (failed.length > 0) return notAuthorized(ctx.actor, failed);
      return ok([Object.assign(base(), { type: 'ShareCancelled' as const, reason: command.reason ?? null })]);
    }
    case 'disconnect': {
      const { side, failed } = disconnectSide(ctx.actor, share, command.side);
      if (failed.length > 0) return notAuthorized(ctx.actor, failed);
      if (side === 'external' && command.outcome !== undefined) {
        return notAuthorized(ctx.actor, [
          { condition: 'host_admin_chooses_outcome', message: 'only host admins choose what happens to the project after a disconnect', teamId: share.hostTeamId },
        ]);
      }
      const outcome = side === 'host' ? (command.outcome ?? 'keep') : null;
      const events: ShareEvent[] = [Object.assign(base(), { type: 'ShareDisconnected' as const, side, reason: command.reason ?? null, outcome })];
      if (outcome === 'share_copy') events.push(Object.assign(base(), { type: 'ShareCopyShared' as const }));
      return ok(events);
    }
    case 'share_copy':
    case 'transfer': {
      const failed = [...checkSideAdmin(ctx.actor, 'host', share.hostTeamId), ...checkStillHost(view, share)];
      if (failed.length > 0) return notAuthorized(ctx.actor, failed);
      if (command.type === 'share_copy') return ok([Object.assign(base(), { type: 'ShareCopyShared' as const })]);
      const project = findSharedProject(view, share.sharedProjectId);
      const open = project?.openShareId ?? null;
      const openShare = open === null ? undefined : findShare(view, open);
      if (project !== undefined && openShare !== undefined) {
        return err(domainError('ALREADY_SHARED', { sharedProjectId: project.id, state: openShare.state, externalTeamId: openShare.externalTeamId }));
      }
      return ok([Object.assign(base(), { type: 'ShareTransferred' as const })]);
    }
  }
}

/**
 * Internal: decides a validated command against a validated view. Total for well-typed input.
 * @internal
 */
export function decideTrusted(view: SharedProjectView, command: SharedProjectCommand, ctx: ResolvedContext): Decided {
  if (command.type === 'register_team' || command.type === 'change_plan') return decideTeam(view, command, ctx);
  const user = checkUser(ctx.actor);
  if (user.length > 0 || ctx.actor.kind !== 'user') return notAuthorized(ctx.actor, user);
  const by: SharedProjectUserActor = { kind: 'user', userId: ctx.actor.userId };
  if (command.type === 'invite') return decideInvite(view, command, ctx, by);
  const share = findShare(view, command.shareId);
  if (share === undefined) return err(domainError('NOT_FOUND', { entity: 'share', id: command.shareId }));
  // As C13 for connections: a decision is never dated before the share's last dated event, so a clock
  // that steps back cannot write a history that goes back in time.
  const last = Math.max(share.stateSince, share.transferredAt ?? 0);
  return decideOnShare(view, command, share, last > ctx.now ? { ...ctx, now: last } : ctx, by);
}
