import type { SharedProjectId, TeamId } from '../core/ids.js';
import { copyRecords } from '../core/records.js';
import type { SharedProjectEvent, ShareEvent } from './events.js';
import type { ShareId } from './ids.js';
import { findShare, findSharedProject, findTeam, usageRecordOf, type Share, type SharedProject, type SharedProjectView, type TeamUsageRecord } from './state.js';

type Records<T> = Readonly<Record<string, T>>;

/** A frozen copy of `records` with `id` set (with the prototype kind of `records`: see {@link copyRecords}). */
function put<T>(records: Records<T>, id: string, value: T): Records<T> {
  const copy = copyRecords(records);
  copy[id] = Object.freeze(value);
  return Object.freeze(copy);
}

function withUsage(view: SharedProjectView, team: TeamId, share: ShareId, take: boolean): Records<TeamUsageRecord> {
  const current = usageRecordOf(view, team);
  const has = current.shareIds.includes(share);
  if (has === take) return view.usage;
  const shareIds = take ? [...current.shareIds, share] : current.shareIds.filter((id) => id !== share);
  return put(view.usage, team, { teamId: team, count: shareIds.length, shareIds: Object.freeze(shareIds) });
}

function projectOrNew(view: SharedProjectView, id: SharedProjectId, host: TeamId): SharedProject {
  return (
    findSharedProject(view, id) ?? {
      id,
      hostTeamId: host,
      openShareId: null,
      disconnectedTeamIds: Object.freeze([]),
      transferredFrom: null,
    }
  );
}

function closeProject(view: SharedProjectView, share: Share, disconnected: boolean): Records<SharedProject> {
  const project = projectOrNew(view, share.sharedProjectId, share.hostTeamId);
  const next = projectWith(project, {
    openShareId: project.openShareId === share.id ? null : project.openShareId,
    disconnectedTeamIds:
      disconnected && !project.disconnectedTeamIds.includes(share.externalTeamId)
        ? Object.freeze([...project.disconnectedTeamIds, share.externalTeamId])
        : project.disconnectedTeamIds,
  });
  return put(view.projects, project.id, next);
}

/*
 * Records and views are built field by field by the constructors below, never by an object spread of
 * the frozen record they replace: a spread of a frozen object makes V8 copy its hidden class for every
 * clone, so each stored share would carry a class of its own (memory, and polymorphic reads).
 */

type ShareChange = Partial<Omit<Share, 'id' | 'sharedProjectId' | 'hostTeamId' | 'externalTeamId' | 'contactEmail' | 'invitedAt' | 'invitedBy'>>;

/** `share` with some fields changed and its event count moved on by one. */
function shareWith(share: Share, change: ShareChange): Share {
  return {
    id: share.id,
    sharedProjectId: share.sharedProjectId,
    hostTeamId: share.hostTeamId,
    externalTeamId: share.externalTeamId,
    contactEmail: share.contactEmail,
    state: change.state ?? share.state,
    stateSince: change.stateSince ?? share.stateSince,
    invitedAt: share.invitedAt,
    invitedBy: share.invitedBy,
    connectedAt: change.connectedAt === undefined ? share.connectedAt : change.connectedAt,
    acceptedBy: change.acceptedBy === undefined ? share.acceptedBy : change.acceptedBy,
    closedAt: change.closedAt === undefined ? share.closedAt : change.closedAt,
    closedBy: change.closedBy === undefined ? share.closedBy : change.closedBy,
    closeReason: change.closeReason === undefined ? share.closeReason : change.closeReason,
    disconnectedBy: change.disconnectedBy === undefined ? share.disconnectedBy : change.disconnectedBy,
    disconnectOutcome: change.disconnectOutcome === undefined ? share.disconnectOutcome : change.disconnectOutcome,
    copiesShared: change.copiesShared ?? share.copiesShared,
    transferredAt: change.transferredAt === undefined ? share.transferredAt : change.transferredAt,
    eventCount: share.eventCount + 1,
  };
}

/** `project` with some fields changed. */
function projectWith(project: SharedProject, change: Partial<Omit<SharedProject, 'id'>>): SharedProject {
  return {
    id: project.id,
    hostTeamId: change.hostTeamId ?? project.hostTeamId,
    openShareId: change.openShareId === undefined ? project.openShareId : change.openShareId,
    disconnectedTeamIds: change.disconnectedTeamIds ?? project.disconnectedTeamIds,
    transferredFrom: change.transferredFrom === undefined ? project.transferredFrom : change.transferredFrom,
  };
}

function closed(
  share: Share,
  event: ShareEvent,
  state: Share['state'],
  reason: string | null,
  side: Share['disconnectedBy'] = share.disconnectedBy,
  outcome: Share['disconnectOutcome'] = share.disconnectOutcome,
): Share {
  return shareWith(share, { state, stateSince: event.at, closedAt: event.at, closedBy: event.actor.userId, closeReason: reason, disconnectedBy: side, disconnectOutcome: outcome });
}

function view4(view: SharedProjectView, change: Partial<SharedProjectView>): SharedProjectView {
  return Object.freeze({ teams: change.teams ?? view.teams, projects: change.projects ?? view.projects, shares: change.shares ?? view.shares, usage: change.usage ?? view.usage });
}

function evolveShare(view: SharedProjectView, event: Exclude<ShareEvent, { type: 'ShareInvited' }>, share: Share): SharedProjectView {
  switch (event.type) {
    case 'ShareAccepted': {
      const next = shareWith(share, { state: 'connected', stateSince: event.at, connectedAt: event.at, acceptedBy: event.actor.userId });
      return view4(view, { shares: put(view.shares, share.id, next), usage: withUsage(view, share.externalTeamId, share.id, true) });
    }
    case 'ShareDeclined':
    case 'ShareCancelled': {
      const next = closed(share, event, event.type === 'ShareDeclined' ? 'declined' : 'cancelled', event.reason);
      return view4(view, {
        shares: put(view.shares, share.id, next),
        projects: closeProject(view, share, false),
        usage: withUsage(view, share.hostTeamId, share.id, false),
      });
    }
    case 'ShareDisconnected': {
      const next = closed(share, event, 'disconnected', event.reason, event.side, event.outcome);
      const freedHost = view4(view, { usage: withUsage(view, share.hostTeamId, share.id, false) });
      return view4(freedHost, {
        shares: put(view.shares, share.id, next),
        projects: closeProject(view, share, true),
        usage: withUsage(freedHost, share.externalTeamId, share.id, false),
      });
    }
    case 'ShareCopyShared':
      return view4(view, { shares: put(view.shares, share.id, shareWith(share, { copiesShared: share.copiesShared + 1 })) });
    case 'ShareTransferred': {
      const project = projectOrNew(view, share.sharedProjectId, share.hostTeamId);
      return view4(view, {
        shares: put(view.shares, share.id, shareWith(share, { transferredAt: event.at })),
        projects: put(view.projects, project.id, projectWith(project, { hostTeamId: share.externalTeamId, transferredFrom: share.hostTeamId })),
      });
    }
  }
}

/**
 * Applies one event to the records it concerns. Pure: returns a new frozen view sharing every untouched
 * record with the old one. Usage records are updated with set semantics, so a count always equals the
 * number of shares it lists.
 *
 * @remarks
 * Internal: call it through `evolveSharedProjectView`, which validates its input.
 * @internal
 */
export function evolveTrusted(view: SharedProjectView, event: SharedProjectEvent): SharedProjectView {
  switch (event.type) {
    case 'TeamRegistered':
      return view4(view, {
        teams: put(view.teams, event.teamId, { id: event.teamId, domain: event.domain, plan: event.plan, registeredAt: event.at, planChangedAt: null }),
      });
    case 'TeamPlanChanged': {
      const team = findTeam(view, event.teamId);
      if (team === undefined) return view;
      return view4(view, { teams: put(view.teams, team.id, { id: team.id, domain: team.domain, plan: event.to, registeredAt: team.registeredAt, planChangedAt: event.at }) });
    }
    case 'ShareInvited': {
      const share: Share = {
        id: event.shareId,
        sharedProjectId: event.sharedProjectId,
        hostTeamId: event.hostTeamId,
        externalTeamId: event.externalTeamId,
        contactEmail: event.contactEmail,
        state: 'pending',
        stateSince: event.at,
        invitedAt: event.at,
        invitedBy: event.actor.userId,
        connectedAt: null,
        acceptedBy: null,
        closedAt: null,
        closedBy: null,
        closeReason: null,
        disconnectedBy: null,
        disconnectOutcome: null,
        copiesShared: 0,
        transferredAt: null,
        eventCount: 1,
      };
      const project = projectOrNew(view, event.sharedProjectId, event.hostTeamId);
      return view4(view, {
        shares: put(view.shares, share.id, share),
        projects: put(view.projects, project.id, projectWith(project, { openShareId: share.id })),
        usage: withUsage(view, event.hostTeamId, share.id, true),
      });
    }
    default: {
      const share = findShare(view, event.shareId);
      return share === undefined ? view : evolveShare(view, event, share);
    }
  }
}
