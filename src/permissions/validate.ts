import type { Warning } from '../core/decider.js';
import { domainError, type DomainError } from '../core/errors.js';
import type { ToolId } from '../core/facts.js';
import { err, ok, type Result } from '../core/result.js';
import { resolveCatalog } from './catalog.js';
import type { PermissionCatalog, PermissionDefinition } from './catalog-types.js';
import { readTemplate, type ItemTypeId, type PermissionTemplate, type ToolSetting } from './template.js';

/**
 * The outcome of {@link validateTemplate}: every problem at once, and warnings that do not make the
 * template invalid (the P6 overlap).
 *
 * @example
 * ```ts
 * const report = validateTemplate(stored);
 * if (!report.valid) report.errors.forEach((e) => console.log(e.code, e.message));
 * ```
 * @since 0.1.0
 */
export interface TemplateReport {
  /** Whether the template has no errors. */
  readonly valid: boolean;
  /** Every problem found, at once. */
  readonly errors: readonly DomainError[];
  /** What does not make the template invalid but should be seen (the P6 overlap). */
  readonly warnings: readonly Warning[];
}

function scoped<E extends DomainError>(error: E, tool: ToolId, itemType: ItemTypeId | null): E {
  if (itemType === null) return error;
  return { ...error, message: `${error.message} (tool "${tool}", item type "${itemType}")` };
}

/**
 * Internal: the problems and warnings of one tool setting.
 * @internal
 */
export function settingProblems(
  catalog: PermissionCatalog,
  tool: ToolId,
  setting: ToolSetting,
  itemType: ItemTypeId | null,
): { errors: DomainError[]; warnings: Warning[] } {
  const errors: DomainError[] = [];
  const warnings: Warning[] = [];
  const def = Object.hasOwn(catalog.tools, tool) ? catalog.tools[tool] : undefined;
  if (def === undefined) return { errors: [domainError('UNKNOWN_TOOL', { tool })], warnings };
  const { level, granted } = setting;
  const on = new Set(granted);
  const known: PermissionDefinition[] = [];
  for (const id of granted) {
    const p = Object.hasOwn(catalog.permissions, id) ? catalog.permissions[id] : undefined;
    if (p === undefined || p.tool !== tool) {
      errors.push(scoped(domainError('UNKNOWN_PERMISSION', { permission: id }, `"${id}" is not a granular permission of tool "${tool}".`), tool, itemType));
    } else known.push(p);
  }
  if (level === 'none' || level === 'admin') {
    for (const p of known) errors.push(scoped(domainError('LEVEL_NOT_GRANULAR', { tool, level, permission: p.id }), tool, itemType));
    return { errors, warnings };
  }
  for (const id of def.permissions) {
    const p = catalog.permissions[id];
    if (p === undefined) continue;
    if (on.has(id)) {
      if (p.minLevel === 'standard' && level === 'read_only') {
        errors.push(scoped(domainError('LEVEL_TOO_LOW', { permission: id, required: 'standard', actual: level }), tool, itemType));
      }
      const missing = p.requires.filter((r) => !on.has(r));
      if (missing.length > 0) errors.push(scoped(domainError('DEPENDENCY_MISSING', { permission: id, requires: missing }), tool, itemType));
      const winners = p.overriddenBy.filter((o) => on.has(o));
      if (winners.length > 0) {
        warnings.push({
          code: 'PERMISSION_OVERRIDDEN',
          message: `"${id}" is on but not in effect: ${winners.map((w) => `"${w}"`).join(', ')} is also on and wins (P6)${itemType === null ? '' : ` (item type "${itemType}")`}.`,
        });
      }
    } else if (p.alwaysOn) {
      errors.push(scoped(domainError('LOCKED_PERMISSION', { permission: id, level }, `"${id}" is always on at read_only and standard and must be in the template.`), tool, itemType));
    } else if (p.lockedAtStandard && level === 'standard') {
      errors.push(scoped(domainError('LOCKED_PERMISSION', { permission: id, level }, `"${id}" is locked on at standard and must be in the template.`), tool, itemType));
    }
  }
  return { errors, warnings };
}

/**
 * Checks a stored template against the catalog and reports every problem at once (P2–P8, P12).
 *
 * @remarks
 * Errors: a malformed template (`INVALID_INPUT`), unknown tools or permissions, granular permissions at
 * `none`/`admin` (`LEVEL_NOT_GRANULAR`), a standard-only permission at read_only (`LEVEL_TOO_LOW`), a
 * locked or always-on permission missing (`LOCKED_PERMISSION`), a prerequisite missing
 * (`DEPENDENCY_MISSING`), type settings on a tool that is not per type. Warning: both
 * `daily_log.collaborator_entry_only` and `daily_log.standard_edit_delete_own_entries` on (P6).
 *
 * `template` stays `unknown` (not `PermissionTemplateInput`): checking data of any shape is the point
 * of a validator, so it reports a malformed value instead of refusing it at compile time.
 *
 * @example
 * ```ts
 * const report = validateTemplate({ ...t, tools: { rfis: { level: 'admin', granted: ['rfis.act_as_rfi_manager'] } } });
 * report.errors[0]?.code; // 'LEVEL_NOT_GRANULAR'
 * ```
 * @since 0.1.0
 */
export function validateTemplate(template: unknown, catalog?: PermissionCatalog): TemplateReport {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return Object.freeze({ valid: false, errors: Object.freeze([cat.error]), warnings: Object.freeze([]) });
  const t = readTemplate(template);
  if (!t.ok) return Object.freeze({ valid: false, errors: Object.freeze([t.error]), warnings: Object.freeze([]) });
  const errors: DomainError[] = [];
  const warnings: Warning[] = [];
  for (const [tool, setting] of Object.entries(t.value.tools)) {
    const r = settingProblems(cat.value, tool, setting, null);
    errors.push(...r.errors);
    warnings.push(...r.warnings);
  }
  for (const [tool, types] of Object.entries(t.value.typeSettings)) {
    const def = Object.hasOwn(cat.value.tools, tool) ? cat.value.tools[tool] : undefined;
    if (def === undefined) {
      errors.push(domainError('UNKNOWN_TOOL', { tool }));
      continue;
    }
    if (!def.perType) {
      errors.push(
        domainError('INVALID_INPUT', {
          issues: [{ path: ['typeSettings', tool], code: 'custom', message: `tool "${tool}" is not set per item type` }],
        }),
      );
      continue;
    }
    for (const [type, setting] of Object.entries(types)) {
      const r = settingProblems(cat.value, tool, setting, type);
      errors.push(...r.errors);
      warnings.push(...r.warnings);
    }
  }
  return Object.freeze({ valid: errors.length === 0, errors: Object.freeze(errors), warnings: Object.freeze(warnings) });
}

/**
 * Reads a template object (e.g. from storage) and accepts it only if it keeps every rule; otherwise
 * the first problem {@link validateTemplate} finds.
 *
 * @remarks
 * `template` stays `unknown`: it reads stored data of any shape (`INVALID_INPUT` when malformed).
 *
 * @example
 * ```ts
 * const r = loadTemplate(row.template);
 * if (!r.ok) console.error(r.error.code);
 * ```
 * @since 0.1.0
 */
export function loadTemplate(template: unknown, catalog?: PermissionCatalog): Result<PermissionTemplate, DomainError> {
  const t = readTemplate(template);
  if (!t.ok) return t;
  const report = validateTemplate(t.value, catalog);
  const first = report.errors[0];
  if (first !== undefined) return err(first);
  return ok(t.value);
}
