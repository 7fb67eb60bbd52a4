import type { SharedProjectId, TeamId, UserId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';
import type { DisconnectOutcome, ShareSide } from './events.js';
import type { ShareId } from './ids.js';
import type { ShareState } from './machine.js';
import type { Plan } from './plans.js';

/**
 * A team of the host/external model: its business domain and its plan.
 *
 * @example
 * ```ts
 * const team: Team = view.teams['studio']!;
 * team.plan; // 'professional'
 * ```
 * @since 0.1.0
 */
export interface Team {
  /** The team's id. */
  readonly id: TeamId;
  /** The business domain, lower case (H1: host and external must differ). */
  readonly domain: string;
  /** The team's current plan (H2, H4). */
  readonly plan: Plan;
  /** When the team was registered, in epoch milliseconds. */
  readonly registeredAt: Timestamp;
  /** When the plan last changed (null if never). */
  readonly planChangedAt: Timestamp | null;
}

/**
 * A project some host team shares (or has shared): its owner, its one open share and the teams it can
 * never be shared with again.
 *
 * @remarks
 * Created by the first invitation. `openShareId` is the one pending or connected share (H1).
 * `disconnectedTeamIds` lists the external teams it was disconnected from (H9: never again).
 * A transfer (H9) makes the former external team the host.
 *
 * @example
 * ```ts
 * const project = findSharedProject(view, 'brand-refresh');
 * project?.openShareId; // 'sh-3'
 * ```
 * @since 0.1.0
 */
export interface SharedProject {
  /** The project's id. */
  readonly id: SharedProjectId;
  /** The team that owns the project (the former external team after a transfer). */
  readonly hostTeamId: TeamId;
  /** The one pending or connected share, or null (H1). */
  readonly openShareId: ShareId | null;
  /** The external teams the project was disconnected from: it is never shared with them again (H9). */
  readonly disconnectedTeamIds: readonly TeamId[];
  /** The team that hosted it before a transfer (null if never transferred). */
  readonly transferredFrom: TeamId | null;
}

/**
 * One invitation of an external team to a shared project, and the connection it may become.
 *
 * @remarks
 * Optional facts are `null` rather than missing, so records round-trip through JSON.
 *
 * @example
 * ```ts
 * if (share.state === 'connected') console.log(`${share.contactEmail} joined at ${share.connectedAt}`);
 * ```
 * @since 0.1.0
 */
export interface Share {
  /** The share's id. */
  readonly id: ShareId;
  /** The project shared. */
  readonly sharedProjectId: SharedProjectId;
  /** The team that hosts the project and invited. */
  readonly hostTeamId: TeamId;
  /** The team invited. */
  readonly externalTeamId: TeamId;
  /** The external contact invited (H3); they join the project on acceptance (H12). */
  readonly contactEmail: string;
  /** The lifecycle state (§3). */
  readonly state: ShareState;
  /** When the share entered its current state, in epoch milliseconds. */
  readonly stateSince: Timestamp;
  /** When the host invited, in epoch milliseconds. */
  readonly invitedAt: Timestamp;
  /** The host admin who invited. */
  readonly invitedBy: UserId;
  /** When the external team accepted, and the contact joined (H12). */
  readonly connectedAt: Timestamp | null;
  /** The external admin who accepted (null while not accepted). */
  readonly acceptedBy: UserId | null;
  /** When it reached a terminal state. */
  readonly closedAt: Timestamp | null;
  /** The admin who declined, cancelled or disconnected it (null while open). */
  readonly closedBy: UserId | null;
  /** The decline, cancel or disconnect reason given (null if none). */
  readonly closeReason: string | null;
  /** Which side disconnected it. */
  readonly disconnectedBy: ShareSide | null;
  /** The host's choice at disconnect (null while not disconnected, or when the external side disconnected). */
  readonly disconnectOutcome: DisconnectOutcome | null;
  /** How many copies the host shared with the external team after the disconnect (H9). */
  readonly copiesShared: number;
  /** When the host transferred the whole project to the external team (H9). */
  readonly transferredAt: Timestamp | null;
  /** How many events the share has (its history length). */
  readonly eventCount: number;
}

/**
 * A team's usage of its shared-project slots (H4), kept up to date by every event that takes or frees a
 * slot.
 *
 * @remarks
 * `shareIds` are the shares that count: connected ones where the team is host or external, and pending
 * ones it hosts. `count === shareIds.length`. This is the record that makes the limit a single-record
 * check: a service saving a command's changed records atomically with expected versions serialises every
 * two commands that take a slot of the same team (see docs/shared-projects.md).
 *
 * @example
 * ```ts
 * usageRecordOf(view, teamId('studio')).count; // 2
 * ```
 * @since 0.1.0
 */
export interface TeamUsageRecord {
  /** The team whose slots these are. */
  readonly teamId: TeamId;
  /** How many slots the team uses (always `shareIds.length`, H4). */
  readonly count: number;
  /** The shares that take a slot: connected ones as host or external, and pending ones it hosts. */
  readonly shareIds: readonly ShareId[];
}

/**
 * The records a shared-project command is decided against: teams, shared projects, shares and usage
 * records by id.
 *
 * @remarks
 * The unit of consistency. It may hold the whole world (tests, the demo) or just what one command
 * touches (both teams, their usage records, the project and the share).
 *
 * @example
 * ```ts
 * let view = emptySharedProjectView();
 * const r = executeSharedProjectCommand(view, command, context);
 * if (r.ok) view = r.value.state;
 * ```
 * @since 0.1.0
 */
export interface SharedProjectView {
  /** The teams in the view, by team id. */
  readonly teams: Readonly<Record<string, Team>>;
  /** The shared projects in the view, by project id. */
  readonly projects: Readonly<Record<string, SharedProject>>;
  /** The shares in the view, by share id. */
  readonly shares: Readonly<Record<string, Share>>;
  /** The teams' usage records, by team id (H4). */
  readonly usage: Readonly<Record<string, TeamUsageRecord>>;
}

const EMPTY_VIEW: SharedProjectView = Object.freeze({
  teams: Object.freeze({}),
  projects: Object.freeze({}),
  shares: Object.freeze({}),
  usage: Object.freeze({}),
});

/**
 * A view with no teams, projects, shares or usage.
 *
 * @example
 * ```ts
 * Object.keys(emptySharedProjectView().teams).length; // 0
 * ```
 * @since 0.1.0
 */
export function emptySharedProjectView(): SharedProjectView {
  return EMPTY_VIEW;
}

/** A view or collection that throws when read (a revoked Proxy) holds nothing: lookups stay total. */
function lookup<T>(records: unknown, id: unknown): T | undefined {
  if (typeof records !== 'object' || records === null || typeof id !== 'string') return undefined;
  try {
    return Object.hasOwn(records, id) ? ((records as Record<string, T>)[id] as T) : undefined;
  } catch {
    return undefined;
  }
}

function collection(view: unknown, key: keyof SharedProjectView): unknown {
  try {
    return typeof view === 'object' && view !== null && Object.hasOwn(view, key) ? (view as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The team with that id, if the view holds it.
 *
 * @example
 * ```ts
 * findTeam(view, 'studio')?.plan;
 * ```
 * @since 0.1.0
 */
export function findTeam(view: SharedProjectView, id: string): Team | undefined {
  return lookup<Team>(collection(view, 'teams'), id);
}

/**
 * The shared project with that id, if the view holds it.
 *
 * @example
 * ```ts
 * findSharedProject(view, 'brand-refresh')?.hostTeamId;
 * ```
 * @since 0.1.0
 */
export function findSharedProject(view: SharedProjectView, id: string): SharedProject | undefined {
  return lookup<SharedProject>(collection(view, 'projects'), id);
}

/**
 * The share with that id, if the view holds it.
 *
 * @example
 * ```ts
 * findShare(view, 'sh-1')?.state;
 * ```
 * @since 0.1.0
 */
export function findShare(view: SharedProjectView, id: string): Share | undefined {
  return lookup<Share>(collection(view, 'shares'), id);
}

/**
 * A team's usage record (an empty one if it has none).
 *
 * @example
 * ```ts
 * usageRecordOf(view, teamId('studio')).count;
 * ```
 * @since 0.1.0
 */
export function usageRecordOf(view: SharedProjectView, id: TeamId): TeamUsageRecord {
  return lookup<TeamUsageRecord>(collection(view, 'usage'), id) ?? Object.freeze({ teamId: id, count: 0, shareIds: Object.freeze([]) });
}
