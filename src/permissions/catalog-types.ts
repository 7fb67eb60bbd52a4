import type { ToolId } from '../core/facts.js';
import type { Level } from '../core/level.js';

/**
 * A granular permission or tool action id: `tool.name`, both parts lower snake case.
 *
 * @example
 * ```ts
 * const id: PermissionId = 'budget.import_budget';
 * ```
 * @since 0.1.0
 */
export type PermissionId = string;

/**
 * The kinds of conditional permission (P9), checked against an evaluation context.
 *
 * @remarks
 * - `same_company`: the other party (creator, assignee, ...) is in one of the actor's companies.
 * - `distribution_list`: the actor is on the bid package's distribution list.
 * - `contacts_enabled`: the project has Timesheets or Incidents enabled.
 *
 * @example
 * ```ts
 * CONDITION_KINDS.includes('same_company'); // true
 * ```
 * @since 0.1.0
 */
export const CONDITION_KINDS = Object.freeze(['same_company', 'distribution_list', 'contacts_enabled'] as const);

/**
 * One of the {@link CONDITION_KINDS}. @example `const c: ConditionKind = 'distribution_list';`
 * @since 0.1.0
 */
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/**
 * Every runtime condition a decision can depend on: the P9 kinds, plus `web_only` (a non-mobile
 * permission of a platform-scoped tool such as Meetings) and `item_type` (a per-type tool such as
 * Correspondence needs the item's type, P8).
 *
 * @example
 * ```ts
 * const c: RuntimeCondition = 'web_only';
 * ```
 * @since 0.1.0
 */
export type RuntimeCondition = ConditionKind | 'web_only' | 'item_type';

/**
 * One granular permission of the catalog, with its flags (SPEC §4).
 *
 * @remarks
 * Flags, as the SPEC table writes them: `lockedAtStandard` = L, `defaultAtStandard` = D,
 * `alwaysOn` = A, `minLevel: 'standard'` = S, `mobile` = M, `requires` = req(x), `condition` = ctx,
 * and the tool's `perType` = T. `overriddenBy` lists the permissions that win over this one when both
 * are on (P6).
 *
 * @example
 * ```ts
 * const p = BUILT_IN_CATALOG.permissions['budget.import_budget'];
 * p?.requires; // ['budget.create_edit_original_budget']
 * ```
 * @since 0.1.0
 */
export interface PermissionDefinition {
  readonly id: PermissionId;
  readonly tool: ToolId;
  readonly name: string;
  readonly label: string;
  readonly notes: string | null;
  readonly lockedAtStandard: boolean;
  readonly defaultAtStandard: boolean;
  readonly alwaysOn: boolean;
  readonly minLevel: 'read_only' | 'standard';
  readonly mobile: boolean;
  readonly requires: readonly PermissionId[];
  readonly condition: ConditionKind | null;
  readonly overriddenBy: readonly PermissionId[];
}

/**
 * An action a tool's *level* grants (not a granular permission), e.g. `connection_manager.approve`
 * at admin or `drawings.view` at read_only.
 *
 * @example
 * ```ts
 * BUILT_IN_CATALOG.actions['connection_manager.approve']?.level; // 'admin'
 * ```
 * @since 0.1.0
 */
export interface ToolAction {
  readonly id: PermissionId;
  readonly tool: ToolId;
  readonly name: string;
  readonly label: string;
  readonly level: Exclude<Level, 'none'>;
}

/**
 * One tool of the catalog.
 *
 * @remarks
 * `perType`: granular settings are made per item type (Correspondence, P8). `platformScoped`: the
 * tool's non-mobile permissions apply on the web only (Meetings, P9). `builtIn`: shipped with the
 * library rather than registered by the user (P12).
 *
 * @example
 * ```ts
 * BUILT_IN_CATALOG.tools['correspondence']?.perType; // true
 * ```
 * @since 0.1.0
 */
export interface ToolDefinition {
  readonly id: ToolId;
  readonly label: string;
  readonly beta: boolean;
  readonly perType: boolean;
  readonly platformScoped: boolean;
  readonly builtIn: boolean;
  readonly permissions: readonly PermissionId[];
  readonly actions: readonly PermissionId[];
}

/**
 * The permission catalog as data (P12): tools, their granular permissions and their level actions.
 *
 * @remarks
 * Frozen. Build one with {@link createCatalog} or extend one with `registerTool` / `registerPermission`;
 * the shipped one is {@link BUILT_IN_CATALOG}. Look records up with `Object.hasOwn`.
 *
 * @example
 * ```ts
 * Object.keys(BUILT_IN_CATALOG.permissions).length; // 123
 * ```
 * @since 0.1.0
 */
export interface PermissionCatalog {
  readonly tools: Readonly<Record<ToolId, ToolDefinition>>;
  readonly permissions: Readonly<Record<PermissionId, PermissionDefinition>>;
  readonly actions: Readonly<Record<PermissionId, ToolAction>>;
}

/**
 * A granular permission as a user registers it: only `name` is required; flags default to off.
 *
 * @remarks
 * `requires` and `overriddenBy` name permissions of the same tool (full ids). A locked or always-on
 * permission may only require locked or always-on ones; always-on cannot need level standard.
 *
 * @example
 * ```ts
 * const input: PermissionInput = { name: 'approve_invoices', label: 'Approve invoices', minLevel: 'standard' };
 * ```
 * @since 0.1.0
 */
export interface PermissionInput {
  readonly name: string;
  readonly label?: string;
  readonly notes?: string | null;
  readonly lockedAtStandard?: boolean;
  readonly defaultAtStandard?: boolean;
  readonly alwaysOn?: boolean;
  readonly minLevel?: 'read_only' | 'standard';
  readonly mobile?: boolean;
  readonly requires?: readonly PermissionId[];
  readonly condition?: ConditionKind | null;
  readonly overriddenBy?: readonly PermissionId[];
}

/**
 * A level action as a user registers it.
 *
 * @example
 * ```ts
 * const a: ToolActionInput = { name: 'export', level: 'standard' };
 * ```
 * @since 0.1.0
 */
export interface ToolActionInput {
  readonly name: string;
  readonly label?: string;
  readonly level: Exclude<Level, 'none'>;
}

/**
 * A tool as a user registers it (P12).
 *
 * @example
 * ```ts
 * const input: ToolInput = { id: 'invoices', label: 'Invoices', permissions: [{ name: 'approve_invoices' }] };
 * ```
 * @since 0.1.0
 */
export interface ToolInput {
  readonly id: ToolId;
  readonly label?: string;
  readonly beta?: boolean;
  readonly perType?: boolean;
  readonly platformScoped?: boolean;
  readonly permissions?: readonly PermissionInput[];
  readonly actions?: readonly ToolActionInput[];
}
