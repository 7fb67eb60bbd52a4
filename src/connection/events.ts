import type { DomainEventEnvelope } from '../core/event.js';
import type { CompanyId, ConnectionId, ProjectId, UserId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';

/**
 * The current schema version of connection events. Stored histories carry the version they were
 * written with, so a later version can upcast them.
 *
 * @example
 * ```ts
 * event.schemaVersion === CONNECTION_EVENT_SCHEMA_VERSION;
 * ```
 * @since 0.1.0
 */
export const CONNECTION_EVENT_SCHEMA_VERSION = 1 as const;

/**
 * Who caused an event: a user, or the system (automatic approval, an end date, an expiry).
 *
 * @example
 * ```ts
 * const a: Actor = { kind: 'user', userId: userId('ana') };
 * const s: Actor = { kind: 'system', cause: 'end_date' };
 * ```
 * @since 0.1.0
 */
export type Actor = UserActor | SystemActor;

/**
 * A user who caused an event. @example `const a: UserActor = { kind: 'user', userId: userId('ana') };`
 * @since 0.1.0
 */
export interface UserActor {
  /** Marks a user actor. */
  readonly kind: 'user';
  /** The user who caused the event. */
  readonly userId: UserId;
}

/**
 * The system, when an event follows from a setting or a deadline. @example `const s: SystemActor = { kind: 'system', cause: 'pending_expiry' };`
 * @since 0.1.0
 */
export interface SystemActor {
  /** Marks the system as actor. */
  readonly kind: 'system';
  /** What made the system act: automatic approval (C5), an end date, or pending expiry (C17). */
  readonly cause: 'automatic_approval' | 'end_date' | 'pending_expiry';
}

/**
 * How an upstream company handles requests (C5).
 *
 * @example
 * ```ts
 * const mode: ApprovalMode = 'automatic';
 * ```
 * @since 0.1.0
 */
export type ApprovalMode = 'automatic' | 'manual';

/**
 * The side of a connection a user acts for.
 *
 * @example
 * ```ts
 * const side: Side = 'upstream';
 * ```
 * @since 0.1.0
 */
export type Side = 'upstream' | 'downstream';

interface EventBase<T extends string, A extends Actor = Actor> extends DomainEventEnvelope<T, typeof CONNECTION_EVENT_SCHEMA_VERSION, A> {
  readonly connectionId: ConnectionId;
}

/**
 * A downstream project asked to connect to an upstream project (C2). @example `event.type === 'ConnectionRequested'`
 * @since 0.1.0
 */
export interface ConnectionRequested extends EventBase<'ConnectionRequested', UserActor> {
  /** The project data is copied from. */
  readonly upstreamProjectId: ProjectId;
  /** The company that owns the upstream project. */
  readonly upstreamCompanyId: CompanyId;
  /** The requesting project, data is copied to. */
  readonly downstreamProjectId: ProjectId;
  /** The company that owns the downstream project. */
  readonly downstreamCompanyId: CompanyId;
  /** The shared data types named by the request (S1). */
  readonly dataTypes: readonly string[];
  /** The upstream company's approval setting at the time (C5). */
  readonly approval: ApprovalMode;
  /** The end date, in epoch milliseconds, after which the connection counts as disconnected; null for none. */
  readonly endsAt: Timestamp | null;
}
/**
 * The connection became `connected`, by an upstream admin or automatically (C5, C6). @example `event.type === 'ConnectionApproved'`
 * @since 0.1.0
 */
export interface ConnectionApproved extends EventBase<'ConnectionApproved'> {
  /** Whether the upstream company's automatic approval connected it (C5) rather than an admin (C6). */
  readonly automatic: boolean;
}
/**
 * An upstream admin declined the request (C6, C7). @example `event.type === 'ConnectionDeclined'`
 * @since 0.1.0
 */
export interface ConnectionDeclined extends EventBase<'ConnectionDeclined'> {
  /** The reason the admin gave, or null. */
  readonly reason: string | null;
}
/**
 * The downstream cancelled its request, or undid it within the window (C8, C16). @example `event.type === 'ConnectionCancelled'`
 * @since 0.1.0
 */
export interface ConnectionCancelled extends EventBase<'ConnectionCancelled'> {
  /** `cancel` for a cancelled pending request (C8), `undo` for an undone request (C16). */
  readonly via: 'cancel' | 'undo';
  /** The state the connection was in when cancelled. */
  readonly from: 'pending' | 'connected';
}
/**
 * The upstream undid its approval within the window; the request is pending again (C16). @example `event.type === 'ApprovalUndone'`
 * @since 0.1.0
 */
export interface ApprovalUndone extends EventBase<'ApprovalUndone'> {}
/**
 * The connection ended for good, by an admin of either side or by its end date (C9, C10). @example `event.type === 'ConnectionDisconnected'`
 * @since 0.1.0
 */
export interface ConnectionDisconnected extends EventBase<'ConnectionDisconnected'> {
  /** The side the disconnecting admin acted for; null when the end date disconnected it. */
  readonly side: Side | null;
  /** Why it was disconnected (the admin's reason, or the end date), kept in the history (C9). */
  readonly reason: string;
  /** `manual` for an admin's disconnect, `end_date` when the connection's end date passed. */
  readonly cause: 'manual' | 'end_date';
}
/**
 * A pending request expired (C17). @example `event.type === 'ConnectionExpired'`
 * @since 0.1.0
 */
export interface ConnectionExpired extends EventBase<'ConnectionExpired'> {}

/**
 * Every event of the connection lifecycle (C13).
 *
 * @example
 * ```ts
 * function describe(e: ConnectionEvent) {
 *   switch (e.type) { case 'ConnectionRequested': return 'requested'; default: return e.type; }
 * }
 * ```
 * @since 0.1.0
 */
export type ConnectionEvent =
  | ConnectionRequested
  | ConnectionApproved
  | ConnectionDeclined
  | ConnectionCancelled
  | ApprovalUndone
  | ConnectionDisconnected
  | ConnectionExpired;

/**
 * The names of the connection events.
 *
 * @example
 * ```ts
 * const t: ConnectionEventType = 'ConnectionDisconnected';
 * ```
 * @since 0.1.0
 */
export type ConnectionEventType = ConnectionEvent['type'];
