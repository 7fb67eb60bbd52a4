import type { DomainEventEnvelope } from '../core/event.js';
import type { SharedProjectId, TeamId, UserId } from '../core/ids.js';
import type { ShareId } from './ids.js';
import type { Plan } from './plans.js';

/**
 * The current schema version of shared-project events. Stored histories carry the version they were
 * written with, so a later version can upcast them.
 *
 * @example
 * ```ts
 * event.schemaVersion === SHARED_PROJECT_EVENT_SCHEMA_VERSION;
 * ```
 * @since 0.1.0
 */
export const SHARED_PROJECT_EVENT_SCHEMA_VERSION = 1 as const;

/**
 * Who caused a shared-project event: a user, or the system (billing, provisioning).
 *
 * @example
 * ```ts
 * const a: SharedProjectActor = { kind: 'user', userId: userId('ana') };
 * const b: SharedProjectActor = { kind: 'system', cause: 'billing' };
 * ```
 * @since 0.1.0
 */
export type SharedProjectActor = SharedProjectUserActor | { readonly kind: 'system'; readonly cause: 'billing' | 'provisioning' };

/**
 * A user who caused a shared-project event (every share event has one).
 *
 * @example
 * ```ts
 * const a: SharedProjectUserActor = { kind: 'user', userId: userId('ana') };
 * ```
 * @since 0.1.0
 */
export interface SharedProjectUserActor {
  /** Marks a user actor. */
  readonly kind: 'user';
  /** The user who caused the event. */
  readonly userId: UserId;
}

/**
 * The side of a shared project a team or an admin is on.
 *
 * @example
 * ```ts
 * const side: ShareSide = 'host';
 * ```
 * @since 0.1.0
 */
export type ShareSide = 'host' | 'external';

/**
 * What the host does with the project when it disconnects (H9): keep it to itself, or share a copy with
 * the external team now. (Sharing a copy or transferring stays possible later.)
 *
 * @example
 * ```ts
 * const outcome: DisconnectOutcome = 'share_copy';
 * ```
 * @since 0.1.0
 */
export type DisconnectOutcome = 'keep' | 'share_copy';

type Envelope<T extends string, A extends SharedProjectActor = SharedProjectActor> = DomainEventEnvelope<T, typeof SHARED_PROJECT_EVENT_SCHEMA_VERSION, A>;

/**
 * The fields every share event carries, so that notifications can be derived from the event alone
 * (external admins of an invitation; host admins of acceptance, decline and disconnect; both sides of a
 * disconnect).
 */
interface ShareEnvelope<T extends string> extends Envelope<T, SharedProjectUserActor> {
  readonly shareId: ShareId;
  readonly sharedProjectId: SharedProjectId;
  readonly hostTeamId: TeamId;
  readonly externalTeamId: TeamId;
}

/**
 * A team became known, with its business domain and plan. @example `event.type === 'TeamRegistered'`
 * @since 0.1.0
 */
export interface TeamRegistered extends Envelope<'TeamRegistered'> {
  /** The team registered. */
  readonly teamId: TeamId;
  /** Its business domain, lower case. */
  readonly domain: string;
  /** Its plan. */
  readonly plan: Plan;
}
/**
 * A team's plan changed (H5: nothing is cut). @example `event.type === 'TeamPlanChanged'`
 * @since 0.1.0
 */
export interface TeamPlanChanged extends Envelope<'TeamPlanChanged'> {
  /** The team whose plan changed. */
  readonly teamId: TeamId;
  /** The plan before. */
  readonly from: Plan;
  /** The plan after (H5: existing shares stay). */
  readonly to: Plan;
}
/**
 * A host admin invited an external team (H1–H4). Notifies the external team's admins. @example `event.type === 'ShareInvited'`
 * @since 0.1.0
 */
export interface ShareInvited extends ShareEnvelope<'ShareInvited'> {
  /** The external contact invited (H3). */
  readonly contactEmail: string;
}
/**
 * An external admin accepted; the contact joins the project (H12). Notifies host admins. @example `event.type === 'ShareAccepted'`
 * @since 0.1.0
 */
export interface ShareAccepted extends ShareEnvelope<'ShareAccepted'> {
  /** The external contact, who joins the project (H12). */
  readonly contactEmail: string;
}
/**
 * An external admin declined (frees the host's slot). Notifies host admins. @example `event.type === 'ShareDeclined'`
 * @since 0.1.0
 */
export interface ShareDeclined extends ShareEnvelope<'ShareDeclined'> {
  /** The reason the external admin gave, or null. */
  readonly reason: string | null;
}
/**
 * The host withdrew a pending invitation (frees its slot). @example `event.type === 'ShareCancelled'`
 * @since 0.1.0
 */
export interface ShareCancelled extends ShareEnvelope<'ShareCancelled'> {
  /** The reason the host admin gave, or null. */
  readonly reason: string | null;
}
/**
 * An admin of either side disconnected, forever (H9). Notifies both sides. @example `event.type === 'ShareDisconnected'`
 * @since 0.1.0
 */
export interface ShareDisconnected extends ShareEnvelope<'ShareDisconnected'> {
  /** The side whose admin disconnected (H9). */
  readonly side: ShareSide;
  /** The reason given, or null. */
  readonly reason: string | null;
  /** The host's choice, or `null` when the external side disconnected (the host keeps the project until it chooses). */
  readonly outcome: DisconnectOutcome | null;
}
/**
 * The host shared a copy of the project with the former external team (H9). @example `event.type === 'ShareCopyShared'`
 * @since 0.1.0
 */
export interface ShareCopyShared extends ShareEnvelope<'ShareCopyShared'> {}
/**
 * The host transferred the whole project to the former external team (H9). @example `event.type === 'ShareTransferred'`
 * @since 0.1.0
 */
export interface ShareTransferred extends ShareEnvelope<'ShareTransferred'> {}

/**
 * Every event of the host/external model.
 *
 * @example
 * ```ts
 * function notifiedTeams(e: SharedProjectEvent) {
 *   return e.type === 'ShareDisconnected' ? [e.hostTeamId, e.externalTeamId] : [];
 * }
 * ```
 * @since 0.1.0
 */
export type SharedProjectEvent =
  | TeamRegistered
  | TeamPlanChanged
  | ShareInvited
  | ShareAccepted
  | ShareDeclined
  | ShareCancelled
  | ShareDisconnected
  | ShareCopyShared
  | ShareTransferred;

/**
 * The names of the shared-project events.
 *
 * @example
 * ```ts
 * const t: SharedProjectEventType = 'ShareAccepted';
 * ```
 * @since 0.1.0
 */
export type SharedProjectEventType = SharedProjectEvent['type'];

/**
 * The share events: those about one share, carrying both team ids.
 *
 * @example
 * ```ts
 * const e: ShareEvent = invited;
 * ```
 * @since 0.1.0
 */
export type ShareEvent = Exclude<SharedProjectEvent, TeamRegistered | TeamPlanChanged>;
