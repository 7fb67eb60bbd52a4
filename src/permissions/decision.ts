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
 * An explained permission decision (P11): plain, frozen, serialisable.
 *
 * @remarks
 * - `missing`: when denied, what would be needed, in words — "needs level standard", "needs
 *   budget.create_edit_original_budget", "overridden by daily_log.collaborator_entry_only", "actor and
 *   assignee are in different companies". `null` when allowed.
 * - `requiredLevel`, `requires`, `overriddenBy`, `condition`: the same facts, structured.
 * - `conditions`: the runtime conditions the grant depends on (checked against the context).
 * - `level`: the tool's level in the template (for the item type, if any).
 *
 * @example
 * ```ts
 * const d = explain(template, 'daily_log.standard_edit_delete_own_entries');
 * d.ok && d.value.missing; // 'overridden by daily_log.collaborator_entry_only'
 * ```
 */
export interface PermissionDecision {
  readonly allowed: boolean;
  readonly permission: PermissionId;
  readonly tool: ToolId;
  readonly itemType: ItemTypeId | null;
  readonly level: Level;
  readonly reason: DecisionReason;
  readonly message: string;
  readonly missing: string | null;
  readonly requiredLevel: Level | null;
  readonly requires: readonly PermissionId[];
  readonly overriddenBy: PermissionId | null;
  readonly condition: RuntimeCondition | null;
  readonly conditions: readonly RuntimeCondition[];
}

/** Internal: builds a frozen decision with a readable message. */
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
      message = `Denied: ${p} ${fields.missing ?? 'needs a higher level'} on ${where}; the template has ${fields.level}.`;
      break;
    case 'not_granted':
    case 'dependency_missing':
    case 'overridden':
    case 'condition_failed':
      message = `Denied: ${p} on ${where}: ${fields.missing ?? fields.reason}.`;
      break;
  }
  if (fields.allowed && fields.conditions.length > 0) message = `${message.slice(0, -1)} (conditions met: ${fields.conditions.join(', ')}).`;
  return Object.freeze({ ...fields, message, requires: Object.freeze([...fields.requires]), conditions: Object.freeze([...fields.conditions]) });
}
