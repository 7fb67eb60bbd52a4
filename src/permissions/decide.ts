import type { Level } from '../core/level.js';
import type { PermissionCatalog, PermissionDefinition, RuntimeCondition } from './catalog-types.js';
import { conditionFailure, type EvaluationContext } from './context.js';
import type { DenialCause, PermissionDecision } from './decision.js';
import { reaches } from './level-rank.js';
import { settingFor, type ItemTypeId, type PermissionTemplate } from './template-data.js';

/*
 * The rules of a permission decision (P1–P9, P11) on validated inputs, free of schemas: `explain`,
 * `can`, listing and compiled checks all decide through here.
 */

/**
 * Internal: a decision without its message.
 * @internal
 */
export type DecisionFields = Omit<PermissionDecision, 'message'>;
type Fields = DecisionFields;

function base(permission: string, tool: string, itemType: ItemTypeId | null, level: Level): Fields {
  return {
    allowed: false,
    permission,
    tool,
    itemType,
    level,
    reason: 'not_granted',
    missing: null,
    requiredLevel: null,
    requires: [],
    overriddenBy: null,
    condition: null,
    conditions: [],
    causes: [],
  };
}

/** The denied fields for a non-empty list of causes: `reason`, `missing` and the structured facts follow the causes. */
function denied(fields: Fields, causes: readonly DenialCause[]): Fields {
  const first = causes[0];
  let requiredLevel: Level | null = null;
  let overriddenBy: string | null = null;
  let condition: RuntimeCondition | null = null;
  const requires: string[] = [];
  for (const c of causes) {
    if (c.kind === 'level_too_low' && requiredLevel === null) requiredLevel = c.requiredLevel;
    if (c.kind === 'overridden' && overriddenBy === null) overriddenBy = c.permission;
    if (c.kind === 'condition_failed' && condition === null) condition = c.condition;
    if (c.kind === 'dependency_missing') requires.push(c.permission);
  }
  return {
    ...fields,
    allowed: false,
    reason: first === undefined ? fields.reason : first.kind,
    missing: causes.map((c) => c.text).join('; '),
    requiredLevel,
    requires,
    overriddenBy,
    condition,
    causes,
  };
}

/**
 * Internal: the decision before runtime conditions — `allowed` means "allowed if `conditions` hold";
 * `causes` are the static causes of a denial (level, off, prerequisites, overrides). Shared by
 * interpreted and compiled evaluation, so both agree by construction (and a property test checks it).
 * `itemType` null means the tool's own setting.
 * @internal
 */
export function staticDecision(
  catalog: PermissionCatalog,
  template: PermissionTemplate,
  id: string,
  itemType: ItemTypeId | null,
): Fields {
  const dot = id.indexOf('.');
  const toolId = dot < 0 ? id : id.slice(0, dot);
  const tool = Object.hasOwn(catalog.tools, toolId) ? catalog.tools[toolId] : undefined;
  if (tool === undefined) {
    return denied({ ...base(id, toolId, itemType, 'none'), reason: 'unknown_tool' }, [{ kind: 'unknown_tool', tool: toolId, text: `unknown tool "${toolId}"`, fix: null }]);
  }
  const setting = settingFor(template, toolId, itemType);
  const level: Level = setting?.level ?? 'none';
  const fields = base(id, toolId, itemType, level);
  // Fixes change the setting that applies: the item type's own one, else the tool's.
  const scope = itemType !== null && settingFor(template, toolId, null) !== setting ? itemType : null;
  const raise = (required: Level, text: string): DenialCause => ({
    kind: 'level_too_low',
    tool: toolId,
    itemType,
    requiredLevel: required,
    actualLevel: level,
    text,
    fix: { action: 'set_level', tool: toolId, itemType: scope, level: required },
  });
  const action = Object.hasOwn(catalog.actions, id) ? catalog.actions[id] : undefined;
  if (action !== undefined) {
    if (reaches(level, action.level)) return { ...fields, allowed: true, reason: 'level_grants', requiredLevel: action.level };
    return denied(fields, [raise(action.level, `needs level ${action.level}`)]);
  }
  const p = Object.hasOwn(catalog.permissions, id) ? catalog.permissions[id] : undefined;
  if (p === undefined) return denied({ ...fields, reason: 'unknown_permission' }, [{ kind: 'unknown_permission', permission: id, text: `unknown permission "${id}"`, fix: null }]);
  if (level === 'admin') return { ...fields, allowed: true, reason: 'admin_level' };
  const granted = setting?.granted ?? [];
  const on = (q: PermissionDefinition | undefined, at: Level): boolean =>
    q !== undefined &&
    at !== 'none' &&
    (granted.includes(q.id) || q.alwaysOn || (q.lockedAtStandard && at === 'standard')) &&
    !(q.minLevel === 'standard' && at !== 'standard');
  // The level it needs: its own minimum, and that of a prerequisite that is off now and needs standard.
  let required: Level = p.minLevel;
  for (const r of p.requires) {
    const q = catalog.permissions[r];
    if (q !== undefined && !on(q, level) && q.minLevel === 'standard') required = 'standard';
  }
  // Every later cause is judged at the level the first fix would give the tool.
  const at: Level = reaches(level, required) ? level : required;
  const causes: DenialCause[] = [];
  if (at !== level) causes.push(raise(required, `needs level ${required}${required === 'read_only' ? ' or higher' : ''}`));
  // The prerequisites that are off at that level (P5), each a cause after the permission's own.
  const missing = p.requires.filter((r) => !on(catalog.permissions[r], at));
  if (!on(p, at)) {
    // With a prerequisite off, enabling it is refused (P5) until the prerequisite is on: say so here.
    const after = missing.length === 0 ? '' : ` (after its prerequisite${missing.length === 1 ? '' : 's'} ${missing.join(', ')})`;
    causes.push({ kind: 'not_granted', permission: p.id, text: `needs ${p.id} to be enabled${after}`, fix: { action: 'enable', permission: p.id, itemType: scope } });
  }
  for (const r of missing) {
    causes.push({ kind: 'dependency_missing', permission: r, requiredBy: p.id, text: `needs its prerequisite ${r} (enable ${r} first)`, fix: { action: 'enable', permission: r, itemType: scope } });
  }
  for (const o of p.overriddenBy) {
    const q = catalog.permissions[o];
    if (q === undefined || !on(q, at)) continue;
    const stuck = q.alwaysOn || (q.lockedAtStandard && at === 'standard');
    causes.push(
      stuck
        ? { kind: 'overridden', permission: o, text: `overridden by ${o}, which cannot be switched off at level ${at}`, fix: null }
        : { kind: 'overridden', permission: o, text: `overridden by ${o}, which wins while it is on (disable ${o})`, fix: { action: 'disable', permission: o, itemType: scope } },
    );
  }
  const conditions: RuntimeCondition[] = [];
  if (tool.platformScoped && !p.mobile) conditions.push('web_only');
  if (p.condition !== null) conditions.push(p.condition);
  if (causes.length > 0) return denied({ ...fields, conditions }, causes);
  const reason = p.alwaysOn
    ? 'always_on'
    : p.lockedAtStandard && level === 'standard'
      ? 'locked_on'
      : p.defaultAtStandard && level === 'standard'
        ? 'default_on'
        : 'granted';
  return { ...fields, allowed: true, reason, requires: p.requires, conditions };
}

function conditionCause(condition: RuntimeCondition, text: string): DenialCause {
  return { kind: 'condition_failed', condition, text, fix: { action: 'satisfy_condition', condition } };
}

/**
 * Internal: the full decision on validated inputs (without its message): the static causes, then the
 * item type (per-type tools) and the runtime conditions checked against the context.
 * @internal
 */
export function decideFields(catalog: PermissionCatalog, template: PermissionTemplate, id: string, ctx: EvaluationContext): DecisionFields {
  const dot = id.indexOf('.');
  const toolId = id.slice(0, dot);
  const tool = Object.hasOwn(catalog.tools, toolId) ? catalog.tools[toolId] : undefined;
  const itemType = tool?.perType === true ? (ctx.itemType ?? null) : null;
  const fields = staticDecision(catalog, template, id, itemType);
  if (fields.reason === 'unknown_tool' || fields.reason === 'unknown_permission') return fields;
  const needsType = tool?.perType === true && ctx.itemType === undefined;
  const before: DenialCause[] = [];
  if (needsType) before.push(conditionCause('item_type', conditionFailure('item_type', ctx) ?? 'needs the item type'));
  const after: DenialCause[] = [];
  for (const condition of fields.conditions) {
    const failure = conditionFailure(condition, ctx);
    if (failure !== null) after.push(conditionCause(condition, failure));
  }
  const conditions: RuntimeCondition[] = needsType ? ['item_type', ...fields.conditions] : [...fields.conditions];
  const causes = [...before, ...fields.causes, ...after];
  if (causes.length === 0) return fields;
  return { ...denied(fields, causes), conditions };
}

