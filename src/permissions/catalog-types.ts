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
  /** The permission id, `tool.name`. */
  readonly id: PermissionId;
  /** The tool it belongs to. */
  readonly tool: ToolId;
  /** Its name within the tool, lower snake case. */
  readonly name: string;
  /** Its human label. */
  readonly label: string;
  /** Further notes beyond the label (e.g. how the permission behaves), or null. */
  readonly notes: string | null;
  /** L: locked on at `standard`, cannot be switched off (P3). */
  readonly lockedAtStandard: boolean;
  /** D: on by default when the tool is set to `standard`; may be switched off (P4). */
  readonly defaultAtStandard: boolean;
  /** A: always on at `read_only` and `standard`, unchangeable (P3). */
  readonly alwaysOn: boolean;
  /** The lowest tool level it can be on at; `standard` is S (P6). */
  readonly minLevel: 'read_only' | 'standard';
  /** M: applies on mobile; on a platform-scoped tool the others apply on the web only (P9). */
  readonly mobile: boolean;
  /** req(x): the permissions that must be on first (P5). */
  readonly requires: readonly PermissionId[];
  /** ctx: the runtime condition it applies under (P9), or null. */
  readonly condition: ConditionKind | null;
  /** The permissions that win over this one when both are on (P6). */
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
  /** The action id, `tool.name`. */
  readonly id: PermissionId;
  /** The tool it belongs to. */
  readonly tool: ToolId;
  /** Its name within the tool. */
  readonly name: string;
  /** Its human label. */
  readonly label: string;
  /** The lowest tool level that grants it (P1). */
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
  /** The tool id, lower snake case. */
  readonly id: ToolId;
  /** Its human label. */
  readonly label: string;
  /** Whether the product marks it beta. */
  readonly beta: boolean;
  /** Whether granular settings are made per item type (Correspondence, P8). */
  readonly perType: boolean;
  /** Whether its permissions not marked mobile apply on the web only (Meetings, P9). */
  readonly platformScoped: boolean;
  /** Whether it ships with the library rather than being registered by the user (P12). */
  readonly builtIn: boolean;
  /** The ids of its granular permissions. */
  readonly permissions: readonly PermissionId[];
  /** The ids of the actions its levels grant. */
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
  /** The tools, by tool id. */
  readonly tools: Readonly<Record<ToolId, ToolDefinition>>;
  /** The granular permissions, by permission id. */
  readonly permissions: Readonly<Record<PermissionId, PermissionDefinition>>;
  /** The level actions, by action id. */
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
  /** The permission's name within its tool, lower snake case (required). */
  readonly name: string;
  /** Its human label; default the name with spaces for underscores. */
  readonly label?: string;
  /** Further notes beyond the label; default null. */
  readonly notes?: string | null;
  /** Locked on at `standard` (P3); default false. */
  readonly lockedAtStandard?: boolean;
  /** On by default at `standard` (P4); default false. */
  readonly defaultAtStandard?: boolean;
  /** Always on and unchangeable (P3); default false. */
  readonly alwaysOn?: boolean;
  /** The lowest tool level it can be on at (P6); default `read_only`. */
  readonly minLevel?: 'read_only' | 'standard';
  /** Applies on mobile (P9); default false. */
  readonly mobile?: boolean;
  /** Permissions of the same tool that must be on first (P5), full ids; default none. */
  readonly requires?: readonly PermissionId[];
  /** The runtime condition it applies under (P9); default none. */
  readonly condition?: ConditionKind | null;
  /** Permissions of the same tool that win over it when both are on (P6), full ids; default none. */
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
  /** The action's name within its tool, lower snake case. */
  readonly name: string;
  /** Its human label; default the name with spaces for underscores. */
  readonly label?: string;
  /** The lowest tool level that grants it. */
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
  /** The tool id, lower snake case. */
  readonly id: ToolId;
  /** Its human label; default the id with spaces for underscores. */
  readonly label?: string;
  /** Whether it is marked beta; default false. */
  readonly beta?: boolean;
  /** Whether granular settings are made per item type (P8); default false. */
  readonly perType?: boolean;
  /** Whether its permissions not marked mobile apply on the web only (P9); default false. */
  readonly platformScoped?: boolean;
  /** Its granular permissions; default none. */
  readonly permissions?: readonly PermissionInput[];
  /** The actions its levels grant; default none. */
  readonly actions?: readonly ToolActionInput[];
}
