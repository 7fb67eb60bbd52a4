import type { PlainIds } from '../core/input.js';
import type { ConnectionCommand } from './commands.js';
import type { ConnectionEvent } from './events.js';
import type { ConnectionContext, ConnectionPolicy } from './policy.js';
import type { Connection, ConnectionView } from './state.js';

/*
 * The inputs of the connection entry points as TypeScript sees them: plain strings for ids (branded ids
 * are strings, so they are accepted too), every field named. The entry points still validate at run
 * time (`INVALID_INPUT`): these types describe what passes.
 */

/**
 * A {@link ConnectionCommand} as the entry points accept it: discriminated on `type`, ids as plain strings.
 *
 * @example
 * ```ts
 * const approve: ConnectionCommandInput = { type: 'approve', connectionId: 'cn-1' };
 * ```
 * @since 0.2.0
 */
export type ConnectionCommandInput = PlainIds<ConnectionCommand>;

/**
 * A {@link ConnectionContext} as the entry points accept it (actor facts with plain-string ids, or
 * facts prepared by `prepareAuthorizationFacts`).
 *
 * @example
 * ```ts
 * const context: ConnectionContextInput = { now: Date.now(), actor: { userId: 'ana', companyIds: ['build-co'], projects: [] } };
 * ```
 * @since 0.2.0
 */
export type ConnectionContextInput = PlainIds<ConnectionContext>;

/**
 * A {@link ConnectionView} as the entry points accept it: a view this library returned, or one read
 * back from storage with plain-string ids.
 *
 * @example
 * ```ts
 * const view: ConnectionViewInput = { connections: {}, projects: {} };
 * ```
 * @since 0.2.0
 */
export type ConnectionViewInput = PlainIds<ConnectionView>;

/**
 * A {@link ConnectionEvent} as `evolveConnectionView` and `replayConnectionHistory` accept it: an event
 * this library emitted, or a stored one with plain-string ids.
 *
 * @example
 * ```ts
 * const history: readonly ConnectionEventInput[] = JSON.parse(stored) as ConnectionEventInput[];
 * ```
 * @since 0.2.0
 */
export type ConnectionEventInput = PlainIds<ConnectionEvent>;

/**
 * A {@link Connection} record as `effectiveConnectionState` accepts it.
 *
 * @example
 * ```ts
 * const record: ConnectionRecordInput = view.connections['cn-1']!;
 * ```
 * @since 0.2.0
 */
export type ConnectionRecordInput = PlainIds<Connection>;

/**
 * Connection options as `prepareConnectionPolicy` and `effectiveConnectionState` accept them: any
 * subset of a {@link ConnectionPolicy}.
 *
 * @example
 * ```ts
 * const options: ConnectionPolicyInput = { pendingExpiryMs: 14 * DAY };
 * ```
 * @since 0.2.0
 */
export type ConnectionPolicyInput = Partial<ConnectionPolicy>;

