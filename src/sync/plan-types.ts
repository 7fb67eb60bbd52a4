import type { ConnectionState } from '../connection/machine.js';
import type { SyncNotice } from './notices.js';
import type { SyncOperation } from './operations.js';

/**
 * Why the planner moved nothing for an item (or for the whole change, when `itemId` is null).
 *
 * @remarks
 * - `not_connected`: the connection is not `connected` (pending, or closed: S5).
 * - `type_not_shared`: the connection does not share this data type.
 * - `unknown_data_type`: the registry has no such type (S1).
 * - `unpublished`: the item is not published upstream (S4).
 * - `not_eligible`: the type's predicate refuses it (e.g. an open RFI).
 * - `already_current`: the copy already has this revision or a newer one (S6).
 * - `no_copy`: a deleted item had no synced copy downstream.
 * - `copy_ended`: the copy was deleted or detached earlier and does not follow the source any more.
 * - `not_closed`: detaching needs a closed connection.
 *
 * @example
 * ```ts
 * const r: SkipReason = 'unpublished';
 * ```
 * @since 0.1.0
 */
export type SkipReason =
  | 'not_connected'
  | 'type_not_shared'
  | 'unknown_data_type'
  | 'unpublished'
  | 'not_eligible'
  | 'already_current'
  | 'no_copy'
  | 'copy_ended'
  | 'not_closed';

/**
 * An item (or a whole change) the planner left alone, and why.
 *
 * @example
 * ```ts
 * plan.skipped.filter((s) => s.reason === 'unpublished').map((s) => s.itemId);
 * ```
 * @since 0.1.0
 */
export interface SkippedItem {
  /** The data type of the item skipped (null when the input did not say). */
  readonly dataType: string | null;
  /** The id of the item skipped (null when the input did not say). */
  readonly itemId: string | null;
  /** Why the item is not synced. */
  readonly reason: SkipReason;
}

/**
 * What the sync planner decided: operations to perform downstream, notices for the notification planner,
 * and what it left alone. Frozen.
 *
 * @example
 * ```ts
 * const plan = planUpstreamChange(input);
 * if (plan.ok) { plan.value.operations; plan.value.notices; plan.value.skipped; }
 * ```
 * @since 0.1.0
 */
export interface SyncPlan {
  /** The state of the connection the plan was made for. */
  readonly connectionState: ConnectionState;
  /** The downstream operations to perform, in order. */
  readonly operations: readonly SyncOperation[];
  /** What the downstream project must be told (§5). */
  readonly notices: readonly SyncNotice[];
  /** The items left out, each with its reason. */
  readonly skipped: readonly SkippedItem[];
}
