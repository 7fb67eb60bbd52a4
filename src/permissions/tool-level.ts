import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import type { ToolId } from '../core/facts.js';
import { levelAtLeast, LevelSchema, type Level } from '../core/level.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { readTemplateTool } from './scope.js';
import { ItemTypeIdSchema, settingFor, type ItemTypeId } from './template.js';
import type { EditOptions } from './edit.js';
import type { PermissionTemplateInput } from './inputs.js';

/**
 * The answer of {@link explainToolLevel}: whether a template's level on a tool reaches a required
 * level (P1), for tools with or without granular permissions (e.g. `connection_manager`).
 *
 * @example
 * ```ts
 * const r = explainToolLevel(t, 'connection_manager', 'admin');
 * r.ok && r.value.message; // 'Denied: needs level admin on "connection_manager"; the template has standard.'
 * ```
 * @since 0.1.0
 */
export interface ToolLevelDecision {
  /** Whether the template's level on the tool reaches the required level (P1). */
  readonly allowed: boolean;
  /** The tool checked. */
  readonly tool: ToolId;
  /** The item type checked, for per-type tools; otherwise null. */
  readonly itemType: ItemTypeId | null;
  /** The level required. */
  readonly required: Level;
  /** The template's level on the tool. */
  readonly actual: Level;
  /** One readable sentence with the decision. */
  readonly message: string;
}

const OptionsSchema = z.strictObject({ itemType: ItemTypeIdSchema.optional(), catalog: z.unknown().optional() }).optional();

/**
 * A template's level on a tool (P1): `none` when the template does not mention it; `UNKNOWN_TOOL` for
 * tools outside the catalog. For per-type tools, pass `itemType` for a type's own level.
 *
 * @example
 * ```ts
 * const r = toolLevelOf(template, 'drawings');
 * r.ok && r.value; // 'read_only'
 * ```
 * @since 0.1.0
 */
export function toolLevelOf(template: PermissionTemplateInput, tool: ToolId, options?: EditOptions): Result<Level, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const opts = parseInput(OptionsSchema, options);
  if (!opts.ok) return opts;
  const read = readTemplateTool(opts.value?.catalog, template, tool);
  if (!read.ok) return read;
  return ok(settingFor(read.value.template, read.value.tool.id, opts.value?.itemType ?? null)?.level ?? 'none');
}

/**
 * Explains whether a template's level on a tool is at least `required` (P1).
 *
 * @example
 * ```ts
 * explainToolLevel(template, 'drawings', 'read_only'); // ok({ allowed: true, ... })
 * ```
 * @since 0.1.0
 */
export function explainToolLevel(
  template: PermissionTemplateInput,
  tool: ToolId,
  required: Level,
  options?: EditOptions,
): Result<ToolLevelDecision, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const req = parseInput(LevelSchema, required);
  if (!req.ok) return req;
  const level = toolLevelOf(template, tool, options);
  if (!level.ok) return level;
  const toolId = tool as ToolId;
  const itemType = (options as { itemType?: ItemTypeId } | undefined)?.itemType ?? null;
  const allowed = levelAtLeast(level.value, req.value);
  const where = `"${toolId}"${itemType === null ? '' : ` (item type "${itemType}")`}`;
  return ok(
    Object.freeze({
      allowed,
      tool: toolId,
      itemType,
      required: req.value,
      actual: level.value,
      message: allowed
        ? `Allowed: level ${level.value} on ${where} reaches ${req.value}.`
        : `Denied: needs level ${req.value} on ${where}; the template has ${level.value}.`,
    }),
  );
}
