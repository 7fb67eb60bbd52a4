import type { DomainError } from '../core/errors.js';
import { levelAtLeast, type Level } from '../core/level.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { resolveCatalog } from './catalog.js';
import { PermissionIdSchema, type PermissionCatalog, type PermissionDefinition, type RuntimeCondition } from './catalog-types.js';
import { conditionFailure, EvaluationContextSchema, type EvaluationContext } from './context.js';
import { makeDecision, type PermissionDecision } from './decision.js';
import { readTemplate, settingFor, type ItemTypeId, type PermissionTemplate } from './template.js';

type Fields = Omit<PermissionDecision, 'message'>;

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
  };
}

/**
 * Internal: the decision before runtime conditions — `allowed` means "allowed if `conditions` hold".
 * Shared by interpreted and compiled evaluation, so both agree by construction (and a property test
 * checks it). `itemType` null means the tool's own setting.
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
  if (tool === undefined) return { ...base(id, toolId, itemType, 'none'), reason: 'unknown_tool', missing: `unknown tool "${toolId}"` };
  const setting = settingFor(template, toolId, itemType);
  const level: Level = setting?.level ?? 'none';
  const fields = base(id, toolId, itemType, level);
  const action = Object.hasOwn(catalog.actions, id) ? catalog.actions[id] : undefined;
  if (action !== undefined) {
    if (levelAtLeast(level, action.level)) return { ...fields, allowed: true, reason: 'level_grants', requiredLevel: action.level };
    return { ...fields, reason: 'level_too_low', requiredLevel: action.level, missing: `needs level ${action.level}` };
  }
  const p = Object.hasOwn(catalog.permissions, id) ? catalog.permissions[id] : undefined;
  if (p === undefined) return { ...fields, reason: 'unknown_permission', missing: `unknown permission "${id}"` };
  if (level === 'admin') return { ...fields, allowed: true, reason: 'admin_level' };
  if (level === 'none') return { ...fields, reason: 'level_too_low', requiredLevel: p.minLevel, missing: `needs level ${p.minLevel}${p.minLevel === 'read_only' ? ' or higher' : ''}` };
  if (p.minLevel === 'standard' && level === 'read_only') {
    return { ...fields, reason: 'level_too_low', requiredLevel: 'standard', missing: 'needs level standard' };
  }
  const granted = setting?.granted ?? [];
  const inEffect = (q: PermissionDefinition): boolean =>
    (granted.includes(q.id) || q.alwaysOn || (q.lockedAtStandard && level === 'standard')) &&
    !(q.minLevel === 'standard' && level !== 'standard');
  if (!inEffect(p)) return { ...fields, reason: 'not_granted', missing: `needs ${p.id} to be enabled` };
  const missingReq = p.requires.filter((r) => {
    const q = catalog.permissions[r];
    return q === undefined || !inEffect(q);
  });
  if (missingReq.length > 0) {
    return { ...fields, reason: 'dependency_missing', requires: missingReq, missing: `needs ${missingReq.join(' and ')}` };
  }
  const winner = p.overriddenBy.find((o) => {
    const q = catalog.permissions[o];
    return q !== undefined && inEffect(q);
  });
  if (winner !== undefined) return { ...fields, reason: 'overridden', overriddenBy: winner, missing: `overridden by ${winner}` };
  const conditions: RuntimeCondition[] = [];
  if (tool.platformScoped && !p.mobile) conditions.push('web_only');
  if (p.condition !== null) conditions.push(p.condition);
  const reason = p.alwaysOn
    ? 'always_on'
    : p.lockedAtStandard && level === 'standard'
      ? 'locked_on'
      : p.defaultAtStandard && level === 'standard'
        ? 'default_on'
        : 'granted';
  return { ...fields, allowed: true, reason, requires: p.requires, conditions };
}

/** Internal: the full decision on validated inputs. */
export function decide(catalog: PermissionCatalog, template: PermissionTemplate, id: string, ctx: EvaluationContext): PermissionDecision {
  const dot = id.indexOf('.');
  const toolId = id.slice(0, dot);
  const tool = Object.hasOwn(catalog.tools, toolId) ? catalog.tools[toolId] : undefined;
  const itemType = tool?.perType === true ? (ctx.itemType ?? null) : null;
  const fields = staticDecision(catalog, template, id, itemType);
  if (tool?.perType === true && ctx.itemType === undefined && fields.reason !== 'unknown_permission') {
    return makeDecision({
      ...fields,
      allowed: false,
      reason: 'condition_failed',
      condition: 'item_type',
      conditions: ['item_type', ...fields.conditions],
      missing: conditionFailure('item_type', ctx),
    });
  }
  if (!fields.allowed) return makeDecision(fields);
  for (const condition of fields.conditions) {
    const failure = conditionFailure(condition, ctx);
    if (failure !== null) return makeDecision({ ...fields, allowed: false, reason: 'condition_failed', condition, missing: failure });
  }
  return makeDecision(fields);
}

/** Internal: validates the inputs of a check. */
export function readCheck(
  template: unknown,
  permission: unknown,
  context: unknown,
  catalog: unknown,
): Result<{ catalog: PermissionCatalog; template: PermissionTemplate; id: string; ctx: EvaluationContext }, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return cat;
  const t = readTemplate(template);
  if (!t.ok) return t;
  const id = parseInput(PermissionIdSchema, permission);
  if (!id.ok) return id;
  const ctx = parseInput(EvaluationContextSchema.optional(), context);
  if (!ctx.ok) return ctx;
  return ok({ catalog: cat.value, template: t.value, id: id.value, ctx: (ctx.value ?? {}) as EvaluationContext });
}

/**
 * Explains whether a template allows a granular permission or level action (P11), given a context for
 * conditional permissions (P8, P9).
 *
 * @remarks
 * Order of the rules: unknown tool/permission; per-type tools need `context.itemType`; admin allows
 * everything of the tool (P2); none allows nothing; a standard-only permission needs standard (P6); the
 * permission must be on (locked and always-on ones are on by their level, P3); its prerequisites must
 * be in effect (P5); a permission that overrides it must not be in effect (P6); then the runtime
 * conditions (web only for Meetings, same company, distribution list, contacts enabled; P9).
 * Only malformed input is an error (`INVALID_INPUT`); unknown ids are explained denials.
 *
 * @example
 * ```ts
 * const d = explain(template, 'rfis.view_private_same_company', {
 *   actorCompanyIds: ['electric-co'], otherParty: { companyId: 'gc-co', role: 'assignee' },
 * });
 * d.ok && d.value.missing; // 'actor and assignee are in different companies'
 * ```
 */
export function explain(
  template: unknown,
  permission: unknown,
  context?: unknown,
  catalog?: unknown,
): Result<PermissionDecision, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const input = readCheck(template, permission, context, catalog);
  if (!input.ok) return input;
  const { catalog: cat, template: t, id, ctx } = input.value;
  return ok(decide(cat, t, id, ctx));
}

/**
 * Whether a template allows a granular permission or level action in a context (P1–P9). `false` for
 * malformed input and unknown ids. For hot paths, compile the template (`compileTemplate`).
 *
 * @example
 * ```ts
 * can(template, 'photos.create_albums'); // true at standard (locked on, P3)
 * can(template, 'meetings.email_meetings', { platform: 'mobile' }); // false: web only (P9)
 * ```
 */
export function can(template: unknown, permission: unknown, context?: unknown, catalog?: unknown): boolean {
  const d = explain(template, permission, context, catalog);
  return d.ok && d.value.allowed;
}
