import { castDraft, produce } from 'immer';
import { z } from 'zod';
import { domainError, type DomainError } from '../core/errors.js';
import { LevelSchema, type Level } from '../core/level.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { readTemplateTool } from './scope.js';
import { PermissionIdSchema } from './catalog-schemas.js';
import type { PermissionCatalog, PermissionDefinition, PermissionId, ToolDefinition } from './catalog-types.js';
import {
  freezeTemplate,
  ItemTypeIdSchema,
  settingFor,
  type ItemTypeId,
  type PermissionTemplate,
  type ToolSetting,
} from './template.js';
import type { PermissionTemplateInput } from './inputs.js';
import type { ToolId } from '../core/facts.js';

/**
 * Where a template edit applies: an item type for per-type tools (Correspondence, P8), and the catalog
 * (default `BUILT_IN_CATALOG`).
 *
 * @example
 * ```ts
 * setToolLevel(t, 'correspondence', 'standard', { itemType: 'notice_of_delay' });
 * ```
 * @since 0.1.0
 */
export interface EditOptions {
  /** The item type the edit applies to, for per-type tools (P8); the tool's own setting when omitted. */
  readonly itemType?: ItemTypeId;
  /** The catalog to check the edit against; default `BUILT_IN_CATALOG`. */
  readonly catalog?: PermissionCatalog;
}

/**
 * The errors a template edit can return.
 *
 * @example
 * ```ts
 * if (!r.ok && r.error.code === 'LOCKED_PERMISSION') console.log(r.error.details.permission);
 * ```
 * @since 0.1.0
 */
export type EditError = DomainError<
  | 'INVALID_INPUT'
  | 'UNKNOWN_TOOL'
  | 'UNKNOWN_PERMISSION'
  | 'LEVEL_NOT_GRANULAR'
  | 'LEVEL_TOO_LOW'
  | 'LOCKED_PERMISSION'
  | 'DEPENDENCY_MISSING'
  | 'DEPENDENT_ENABLED'
>;

const OptionsSchema = z
  .object({ itemType: ItemTypeIdSchema.optional(), catalog: z.unknown().optional() })
  .optional();

interface Scope {
  readonly catalog: PermissionCatalog;
  readonly template: PermissionTemplate;
  readonly tool: ToolDefinition;
  readonly itemType: ItemTypeId | null;
  readonly setting: ToolSetting;
}

function prepare(template: unknown, tool: unknown, options: unknown): Result<Scope, EditError> {
  const opts = parseInput(OptionsSchema, options);
  if (!opts.ok) return opts;
  const read = readTemplateTool(opts.value?.catalog, template, tool);
  if (!read.ok) return read;
  const def = read.value.tool;
  const itemType = opts.value?.itemType ?? null;
  if (itemType !== null && !def.perType) {
    return err(domainError('INVALID_INPUT', { issues: [{ path: ['itemType'], code: 'custom', message: `tool "${def.id}" is not set per item type` }] }));
  }
  const setting = settingFor(read.value.template, def.id, itemType) ?? { level: 'none' as Level, granted: [] };
  return ok({ ...read.value, itemType, setting });
}

function permissionsOf(scope: Scope): PermissionDefinition[] {
  return scope.tool.permissions.flatMap((id) => {
    const p = scope.catalog.permissions[id];
    return p === undefined ? [] : [p];
  });
}

/** Drops permissions whose prerequisites are off, until stable (never drops locked or always-on ones). */
function closeRequires(scope: Scope, granted: Set<PermissionId>): Set<PermissionId> {
  let changed = true;
  while (changed) {
    changed = false;
    for (const p of permissionsOf(scope)) {
      if (granted.has(p.id) && p.requires.some((r) => !granted.has(r))) {
        granted.delete(p.id);
        changed = true;
      }
    }
  }
  return granted;
}

function write(scope: Scope, setting: ToolSetting): PermissionTemplate {
  const clean: ToolSetting = { level: setting.level, granted: [...new Set(setting.granted)].sort() };
  const empty = clean.level === 'none' && clean.granted.length === 0;
  const tool = scope.tool.id;
  const itemType = scope.itemType;
  // Ids reaching here passed the id schemas, which refuse `__proto__`: safe as record keys.
  const next = produce(scope.template, (draft) => {
    if (itemType === null) {
      if (empty) delete draft.tools[tool];
      else draft.tools[tool] = castDraft(clean);
    } else {
      const types = Object.hasOwn(draft.typeSettings, tool) ? draft.typeSettings[tool] : undefined;
      if (types === undefined) draft.typeSettings[tool] = castDraft({ [itemType]: clean });
      else types[itemType] = castDraft(clean);
    }
  });
  // Canonical key order, so that serialize(t) is stable (P13).
  return freezeTemplate(next);
}

/**
 * Sets a tool's level (P1), keeping P2–P4.
 *
 * @remarks
 * - `none` / `admin`: every granular permission of the tool is dropped (P2).
 * - `standard`: locked (P3) and always-on permissions come on, and the defaults (P4) come on when the
 *   tool was not already at standard; permissions already on stay on.
 * - `read_only`: standard-only permissions (S) are dropped; so are the locked (P3) and on-by-default (P4)
 *   ones when coming down from standard (they belong to the standard level: at read_only they are off
 *   until enabled explicitly, seed 001 lines 50–66); always-on ones stay on.
 *
 * For a per-type tool, pass `itemType` to set one type; without it, the tool's own entry is set, which
 * types without their own setting use. The same level again returns the template unchanged.
 *
 * @example
 * ```ts
 * const r = setToolLevel(t, 'action_plans', 'standard');
 * r.ok && r.value.tools['action_plans']?.granted.includes('action_plans.add_records'); // true (P4)
 * ```
 * @since 0.1.0
 */
export function setToolLevel(template: PermissionTemplateInput, tool: ToolId, level: Level, options?: EditOptions): Result<PermissionTemplate, EditError> {
  const scope = prepare(template, tool, options);
  if (!scope.ok) return scope;
  const lv = parseInput(LevelSchema, level);
  if (!lv.ok) return lv;
  const s = scope.value;
  const current = s.setting;
  const exists =
    s.itemType === null
      ? Object.hasOwn(s.template.tools, s.tool.id)
      : Object.hasOwn(s.template.typeSettings, s.tool.id) && Object.hasOwn(s.template.typeSettings[s.tool.id] ?? {}, s.itemType);
  if (current.level === lv.value && (exists || lv.value === 'none')) return ok(s.template);
  const perms = permissionsOf(s);
  const wasGranular = current.level === 'read_only' || current.level === 'standard';
  const keep = new Set(wasGranular ? current.granted : []);
  let granted: Set<PermissionId>;
  switch (lv.value) {
    case 'none':
    case 'admin':
      granted = new Set();
      break;
    case 'standard':
      granted = keep;
      for (const p of perms) {
        if (p.lockedAtStandard || p.alwaysOn || (p.defaultAtStandard && current.level !== 'standard')) granted.add(p.id);
      }
      break;
    case 'read_only':
      granted = new Set();
      for (const p of perms) {
        if (p.alwaysOn) granted.add(p.id);
        else if (keep.has(p.id) && p.minLevel !== 'standard' && !(current.level === 'standard' && (p.lockedAtStandard || p.defaultAtStandard))) granted.add(p.id);
      }
      break;
  }
  return ok(write(s, { level: lv.value, granted: [...closeRequires(s, granted)] }));
}

function permissionScope(template: unknown, permission: unknown, options: unknown): Result<{ scope: Scope; permission: PermissionDefinition }, EditError> {
  const id = parseInput(PermissionIdSchema, permission);
  if (!id.ok) return id;
  const tool = id.value.slice(0, id.value.indexOf('.'));
  const scope = prepare(template, tool, options);
  if (!scope.ok) return scope;
  const def = Object.hasOwn(scope.value.catalog.permissions, id.value) ? scope.value.catalog.permissions[id.value] : undefined;
  if (def === undefined) return err(domainError('UNKNOWN_PERMISSION', { permission: id.value }));
  return ok({ scope: scope.value, permission: def });
}

/**
 * Switches one granular permission on (P2, P5, P6).
 *
 * @remarks
 * `LEVEL_NOT_GRANULAR` at none/admin, `LEVEL_TOO_LOW` for a standard-only permission at read_only,
 * `DEPENDENCY_MISSING` when a prerequisite is off. Already on: the template is returned unchanged.
 *
 * @example
 * ```ts
 * enablePermission(t, 'budget.import_budget'); // DEPENDENCY_MISSING until create_edit_original_budget is on
 * ```
 * @since 0.1.0
 */
export function enablePermission(template: PermissionTemplateInput, permission: PermissionId, options?: EditOptions): Result<PermissionTemplate, EditError> {
  const found = permissionScope(template, permission, options);
  if (!found.ok) return found;
  const { scope, permission: p } = found.value;
  const { level, granted } = scope.setting;
  if (level === 'none' || level === 'admin') return err(domainError('LEVEL_NOT_GRANULAR', { tool: scope.tool.id, level, permission: p.id }));
  if (p.minLevel === 'standard' && level === 'read_only') {
    return err(domainError('LEVEL_TOO_LOW', { permission: p.id, required: 'standard', actual: level }));
  }
  if (granted.includes(p.id)) return ok(scope.template);
  const missing = p.requires.filter((r) => !granted.includes(r));
  if (missing.length > 0) return err(domainError('DEPENDENCY_MISSING', { permission: p.id, requires: missing }));
  return ok(write(scope, { level, granted: [...granted, p.id] }));
}

/**
 * Switches one granular permission off (P2, P3, P5).
 *
 * @remarks
 * `LEVEL_NOT_GRANULAR` at none/admin, `LOCKED_PERMISSION` for an always-on permission or a locked one at
 * standard, `DEPENDENT_ENABLED` while a permission that needs it is on. Already off: unchanged.
 *
 * @example
 * ```ts
 * disablePermission(t, 'photos.create_albums'); // LOCKED_PERMISSION at standard
 * ```
 * @since 0.1.0
 */
export function disablePermission(template: PermissionTemplateInput, permission: PermissionId, options?: EditOptions): Result<PermissionTemplate, EditError> {
  const found = permissionScope(template, permission, options);
  if (!found.ok) return found;
  const { scope, permission: p } = found.value;
  const { level, granted } = scope.setting;
  if (level === 'none' || level === 'admin') return err(domainError('LEVEL_NOT_GRANULAR', { tool: scope.tool.id, level, permission: p.id }));
  if (p.alwaysOn) {
    return err(domainError('LOCKED_PERMISSION', { permission: p.id, level }, `"${p.id}" is always on at read_only and standard and cannot be switched off.`));
  }
  if (p.lockedAtStandard && level === 'standard') return err(domainError('LOCKED_PERMISSION', { permission: p.id, level }));
  if (!granted.includes(p.id)) return ok(scope.template);
  const dependents = permissionsOf(scope)
    .filter((d) => granted.includes(d.id) && d.requires.includes(p.id))
    .map((d) => d.id);
  if (dependents.length > 0) return err(domainError('DEPENDENT_ENABLED', { permission: p.id, dependents }));
  return ok(write(scope, { level, granted: granted.filter((g) => g !== p.id) }));
}

function allowedAt(scope: Scope, level: 'read_only' | 'standard'): PermissionDefinition[] {
  return permissionsOf(scope).filter((p) => level === 'standard' || p.minLevel !== 'standard');
}

/**
 * "Enable all" (P7): every granular permission of the tool allowed at its level comes on.
 *
 * @example
 * ```ts
 * const r = enableAll(t, 'rfis');
 * ```
 * @since 0.1.0
 */
export function enableAll(template: PermissionTemplateInput, tool: ToolId, options?: EditOptions): Result<PermissionTemplate, EditError> {
  const scope = prepare(template, tool, options);
  if (!scope.ok) return scope;
  const s = scope.value;
  const { level } = s.setting;
  if (level === 'none' || level === 'admin') return err(domainError('LEVEL_NOT_GRANULAR', { tool: s.tool.id, level }));
  const granted = new Set(allowedAt(s, level).map((p) => p.id));
  return ok(write(s, { level, granted: [...closeRequires(s, granted)] }));
}

/**
 * "Disable all" (P7): every granular permission of the tool goes off except the locked ones (at
 * standard) and the always-on ones.
 *
 * @example
 * ```ts
 * const r = disableAll(t, 'photos'); // photos.create_albums stays on at standard
 * ```
 * @since 0.1.0
 */
export function disableAll(template: PermissionTemplateInput, tool: ToolId, options?: EditOptions): Result<PermissionTemplate, EditError> {
  const scope = prepare(template, tool, options);
  if (!scope.ok) return scope;
  const s = scope.value;
  const { level } = s.setting;
  if (level === 'none' || level === 'admin') return err(domainError('LEVEL_NOT_GRANULAR', { tool: s.tool.id, level }));
  const granted = permissionsOf(s)
    .filter((p) => p.alwaysOn || (p.lockedAtStandard && level === 'standard'))
    .map((p) => p.id);
  return ok(write(s, { level, granted }));
}

/**
 * Whether every granular permission allowed at the tool's level is on (P7: the product then labels the
 * box "disable all"). `false` at none/admin and for tools without granular permissions.
 *
 * @example
 * ```ts
 * const r = allEnabled(t, 'rfis');
 * r.ok && (r.value ? 'Disable all' : 'Enable all');
 * ```
 * @since 0.1.0
 */
export function allEnabled(template: PermissionTemplateInput, tool: ToolId, options?: EditOptions): Result<boolean, EditError> {
  const scope = prepare(template, tool, options);
  if (!scope.ok) return scope;
  const s = scope.value;
  const { level, granted } = s.setting;
  if (level === 'none' || level === 'admin') return ok(false);
  const allowed = allowedAt(s, level);
  return ok(allowed.length > 0 && allowed.every((p) => granted.includes(p.id)));
}
