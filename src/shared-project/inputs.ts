import type { PlainIds } from '../core/input.js';
import type { SharedProjectCommand } from './commands.js';
import type { SharedProjectContext } from './context.js';
import type { SharedProjectEvent } from './events.js';
import type { SharedProjectView } from './state.js';

/*
 * The inputs of the shared-project entry points as TypeScript sees them: plain strings for ids (branded
 * ids are strings, so they are accepted too), every field named. The entry points still validate at run
 * time (`INVALID_INPUT`): these types describe what passes.
 */

/**
 * A {@link SharedProjectCommand} as the entry points accept it: discriminated on `type`, ids as plain strings.
 *
 * @example
 * ```ts
 * const accept: SharedProjectCommandInput = { type: 'accept', shareId: 'sh-1' };
 * ```
 * @since 0.2.0
 */
export type SharedProjectCommandInput = PlainIds<SharedProjectCommand>;

/**
 * A {@link SharedProjectContext} as the entry points accept it: the time, the acting user or system, options.
 *
 * @example
 * ```ts
 * const context: SharedProjectContextInput = { now: Date.now(), actor: { kind: 'user', userId: 'lea', teams: [{ teamId: 'client', admin: true }] } };
 * ```
 * @since 0.2.0
 */
export type SharedProjectContextInput = PlainIds<SharedProjectContext>;

/**
 * A {@link SharedProjectView} as the entry points accept it: a view this library returned, or one read
 * back from storage with plain-string ids.
 *
 * @example
 * ```ts
 * const view: SharedProjectViewInput = emptySharedProjectView();
 * ```
 * @since 0.2.0
 */
export type SharedProjectViewInput = PlainIds<SharedProjectView>;

/**
 * A {@link SharedProjectEvent} as `evolveSharedProjectView` and `replaySharedProjectHistory` accept it:
 * an event this library emitted, or a stored one with plain-string ids.
 *
 * @example
 * ```ts
 * const history = JSON.parse(stored) as SharedProjectEventInput[];
 * ```
 * @since 0.2.0
 */
export type SharedProjectEventInput = PlainIds<SharedProjectEvent>;
