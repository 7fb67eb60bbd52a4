import type { SharedProjectId, TeamId } from '../core/ids.js';
import type { SharedProjectEvent, ShareEvent } from './events.js';
import type { ShareId } from './ids.js';
import { findShare, findSharedProject, findTeam, usageRecordOf, type Share, type SharedProject, type SharedProjectView, type TeamUsageRecord } from './state.js';

type Records<T> = Readonly<Record<string, T>>;

/**
 * A frozen copy of `records` with `id` set. Null-prototype (dictionary-mode) copies: an ordinary object
 * literal keyed by ever new ids would get a new hidden class for every id seen (a transition tree that
 * only grows), which costs more per copy as the ids pile up than a dictionary does.
 */
function put<T>(records: Records<T>, id: string, value: T): Records<T> {
  const copy = Object.create(null) as Record<string, T>;
  for (const k in records) copy[k] = records[k] as T;
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
  const next: SharedProject = {
    ...project,
    openShareId: project.openShareId === share.id ? null : project.openShareId,
    disconnectedTeamIds:
      disconnected && !project.disconnectedTeamIds.includes(share.externalTeamId)
        ? Object.freeze([...project.disconnectedTeamIds, share.externalTeamId])
        : project.disconnectedTeamIds,
  };
  return put(view.projects, project.id, next);
}

function closed(share: Share, event: ShareEvent, state: Share['state'], reason: string | null): Share {
  return { ...share, state, stateSince: event.at, closedAt: event.at, closedBy: event.actor.userId, closeReason: reason, eventCount: share.eventCount + 1 };
}

function view4(view: SharedProjectView, change: Partial<SharedProjectView>): SharedProjectView {
  return Object.freeze({ ...view, ...change });
}

function evolveShare(view: SharedProjectView, event: Exclude<ShareEvent, { type: 'ShareInvited' }>, share: Share): SharedProjectView {
  switch (event.type) {
    case 'ShareAccepted': {
      const next: Share = { ...share, state: 'connected', stateSince: event.at, connectedAt: event.at, acceptedBy: event.actor.userId, eventCount: share.eventCount + 1 };
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
      const next: Share = { ...closed(share, event, 'disconnected', event.reason), disconnectedBy: event.side, disconnectOutcome: event.outcome };
      const freedHost = view4(view, { usage: withUsage(view, share.hostTeamId, share.id, false) });
      return view4(freedHost, {
        shares: put(view.shares, share.id, next),
        projects: closeProject(view, share, true),
        usage: withUsage(freedHost, share.externalTeamId, share.id, false),
      });
    }
    case 'ShareCopyShared':
      return view4(view, { shares: put(view.shares, share.id, { ...share, copiesShared: share.copiesShared + 1, eventCount: share.eventCount + 1 }) });
    case 'ShareTransferred': {
      const project = projectOrNew(view, share.sharedProjectId, share.hostTeamId);
      return view4(view, {
        shares: put(view.shares, share.id, { ...share, transferredAt: event.at, eventCount: share.eventCount + 1 }),
        projects: put(view.projects, project.id, { ...project, hostTeamId: share.externalTeamId, transferredFrom: share.hostTeamId }),
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
      return view4(view, { teams: put(view.teams, team.id, { ...team, plan: event.to, planChangedAt: event.at }) });
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
        projects: put(view.projects, project.id, { ...project, openShareId: share.id }),
        usage: withUsage(view, event.hostTeamId, share.id, true),
      });
    }
    default: {
      const share = findShare(view, event.shareId);
      return share === undefined ? view : evolveShare(view, event, share);
    }
  }
}
