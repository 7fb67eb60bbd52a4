import type { ToolId } from '../core/facts.js';
import type { Level } from '../core/level.js';
import type { PermissionId, RuntimeCondition } from './catalog-types.js';
import type { ItemTypeId } from './template.js';

/**
 * Why a permission check came out as it did (P11).
 *
 * @remarks
 * Allowed: `admin_level` (admin implies every action, P2), `level_grants` (a level action such as
 * `connection_manager.approve` and the tool's level reaches it), `granted`, `default_on` (P4),
 * `locked_on` (P3), `always_on`. Denied: `not_granted`, `level_too_low`, `dependency_missing` (P5),
 * `overridden` (P6), `condition_failed` (P8/P9), `unknown_tool`, `unknown_permission` (P12).
 *
 * @example
 * ```ts
 * const reason: DecisionReason = 'overridden';
 * ```
 * @since 0.1.0
 */
export type DecisionReason =
  | 'admin_level'
  | 'level_grants'
  | 'granted'
  | 'default_on'
  | 'locked_on'
  | 'always_on'
  | 'not_granted'
  | 'level_too_low'
  | 'dependency_missing'
  | 'overridden'
  | 'condition_failed'
  | 'unknown_tool'
  | 'unknown_permission';

/**
 * How to remove one cause of a denial (P11): a change to the template (`set_level`, `enable`, `disable`)
 * or to the situation (`satisfy_condition`). `itemType` names the setting to change: the item type's
 * own setting, or `null` for the tool's own setting (which types without their own setting use).
 *
 * @example
 * ```ts
 * const fix: DecisionFix = { action: 'enable', permission: 'budget.create_edit_original_budget', itemType: null };
 * ```
 * @since 0.2.0
 */
export type DecisionFix =
  | { readonly action: 'set_level'; readonly tool: ToolId; readonly itemType: ItemTypeId | null; readonly level: Level }
  | { readonly action: 'enable'; readonly permission: PermissionId; readonly itemType: ItemTypeId | null }
  | { readonly action: 'disable'; readonly permission: PermissionId; readonly itemType: ItemTypeId | null }
  | { readonly action: 'satisfy_condition'; readonly condition: RuntimeCondition };

/**
 * One cause of a denial (P11), with its facts, a few words (`text`) and how to remove it (`fix`, `null`
 * when no change to the template or the context can: an unknown id, or an override by a permission
 * that cannot be switched off at that level, which only user-registered catalogs can have).
 *
 * @remarks
 * A denial lists every cause once, in this order: the item type is missing (per-type tools, P8); the
 * tool's level is too low (`level_too_low`, the level it needs, counting the prerequisites' own
 * minimum level); the permission is off (`not_granted`); each prerequisite that is off
 * (`dependency_missing`, naming the prerequisite, P5); each exclusive permission that wins over it
 * (`overridden`, P6); each runtime condition that fails (`condition_failed`, P9). Each cause is judged
 * with the earlier ones fixed (a prerequisite is off "at the level it would need"), so applying every
 * `fix` turns the decision into allowed (property-tested).
 *
 * @example
 * ```ts
 * const d = explain(template, 'budget.import_budget');
 * d.ok && d.value.causes.map((c) => c.kind); // ['not_granted', 'dependency_missing']
 * ```
 * @since 0.2.0
 */
export type DenialCause =
  | { readonly kind: 'unknown_tool'; readonly tool: ToolId; readonly text: string; readonly fix: null }
  | { readonly kind: 'unknown_permission'; readonly permission: PermissionId; readonly text: string; readonly fix: null }
  | {
      readonly kind: 'level_too_low';
      readonly tool: ToolId;
      readonly itemType: ItemTypeId | null;
      readonly requiredLevel: Level;
      readonly actualLevel: Level;
      readonly text: string;
      readonly fix: DecisionFix;
    }
  | { readonly kind: 'not_granted'; readonly permission: PermissionId; readonly text: string; readonly fix: DecisionFix }
  | { readonly kind: 'dependency_missing'; readonly permission: PermissionId; readonly requiredBy: PermissionId; readonly text: string; readonly fix: DecisionFix }
  | { readonly kind: 'overridden'; readonly permission: PermissionId; readonly text: string; readonly fix: DecisionFix | null }
  | { readonly kind: 'condition_failed'; readonly condition: RuntimeCondition; readonly text: string; readonly fix: DecisionFix };

/**
 * An explained permission decision (P11): plain, frozen, serialisable.
 *
 * @remarks
 * - `causes`: every cause of a denial, once each and in order (see {@link DenialCause}); empty when
 *   allowed. `reason` is the kind of the first one.
 * - `missing`: when denied, the causes' words joined by "; " — "needs level standard", "needs
 *   budget.import_budget to be enabled (after its prerequisite budget.create_edit_original_budget);
 *   needs its prerequisite budget.create_edit_original_budget (enable it first)", "overridden by daily_log.collaborator_entry_only (...)", "actor and assignee are in
 *   different companies". `null` when allowed.
 * - `message`: one sentence naming the permission and every cause.
 * - `requiredLevel`, `requires`, `overriddenBy`, `condition`: the first facts of the causes, structured
 *   (`requires`: the missing prerequisites when denied, all of them when allowed).
 * - `conditions`: the runtime conditions the grant depends on (checked against the context).
 * - `level`: the tool's level in the template (for the item type, if any).
 *
 * @example
 * ```ts
 * const d = explain(template, 'daily_log.standard_edit_delete_own_entries');
 * d.ok && d.value.missing;
 * // 'overridden by daily_log.collaborator_entry_only, which wins while it is on (disable daily_log.collaborator_entry_only)'
 * ```
 * @since 0.1.0
 */
export interface PermissionDecision {
  /** Whether the template allows the permission (in the context given). */
  readonly allowed: boolean;
  /** The permission checked. */
  readonly permission: PermissionId;
  /** The tool it belongs to. */
  readonly tool: ToolId;
  /** The item type checked, for per-type tools; otherwise null. */
  readonly itemType: ItemTypeId | null;
  /** The tool's level in the template (for the item type, if any). */
  readonly level: Level;
  /** The kind of the decisive cause: why it is allowed, or the first cause of the denial (P11). */
  readonly reason: DecisionReason;
  /** One readable sentence naming the permission and every cause. */
  readonly message: string;
  /** When denied, what is missing: the causes' words joined by "; "; null when allowed. */
  readonly missing: string | null;
  /** The level the permission needs, when a level too low is a cause; otherwise null. */
  readonly requiredLevel: Level | null;
  /** The missing prerequisites when denied, all of them when allowed (P5). */
  readonly requires: readonly PermissionId[];
  /** The permission that overrides this one, when that is a cause (P6); otherwise null. */
  readonly overriddenBy: PermissionId | null;
  /** The first runtime condition that failed, when that is a cause (P9); otherwise null. */
  readonly condition: RuntimeCondition | null;
  /** The runtime conditions the grant depends on, checked against the context (P9). */
  readonly conditions: readonly RuntimeCondition[];
  /** Every cause of a denial, once each and in order; empty when allowed. */
  readonly causes: readonly DenialCause[];
}

/**
 * Internal: builds a frozen decision with a readable message (one sentence).
 * @internal
 */
export function makeDecision(fields: Omit<PermissionDecision, 'message'>): PermissionDecision {
  const where = `"${fields.tool}"${fields.itemType === null ? '' : ` (item type "${fields.itemType}")`}`;
  const p = `"${fields.permission}"`;
  let message: string;
  switch (fields.reason) {
    case 'admin_level':
      message = `Allowed: level admin on ${where} implies every action of the tool.`;
      break;
    case 'level_grants':
      message = `Allowed: ${p} needs level ${fields.requiredLevel ?? 'read_only'} on ${where}, and the template has ${fields.level}.`;
      break;
    case 'granted':
      message = `Allowed: ${p} is on at level ${fields.level} on ${where}.`;
      break;
    case 'default_on':
      message = `Allowed: ${p} is on (on by default at standard) on ${where}.`;
      break;
    case 'locked_on':
      message = `Allowed: ${p} is locked on at standard on ${where}.`;
      break;
    case 'always_on':
      message = `Allowed: ${p} is always on at read_only and standard on ${where}.`;
      break;
    case 'unknown_tool':
      message = `Denied: the catalog has no tool "${fields.tool}".`;
      break;
    case 'unknown_permission':
      message = `Denied: the catalog has no permission ${p}.`;
      break;
    case 'level_too_low':
    case 'not_granted':
    case 'dependency_missing':
    case 'overridden':
    case 'condition_failed':
      message = `Denied: ${p} on ${where} at level ${fields.level}: ${fields.missing ?? fields.reason}.`;
      break;
  }
  if (fields.allowed && fields.conditions.length > 0) message = `${message.slice(0, -1)} (conditions met: ${fields.conditions.join(', ')}).`;
  return Object.freeze({
    ...fields,
    message,
    requires: Object.freeze([...fields.requires]),
    conditions: Object.freeze([...fields.conditions]),
    causes: Object.freeze(fields.causes.map((c) => Object.freeze(c.fix === null ? { ...c } : { ...c, fix: Object.freeze({ ...c.fix }) }) as DenialCause)),
  });
}
