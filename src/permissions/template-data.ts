import type { InputIssue } from '../core/errors.js';
import type { ToolId } from '../core/facts.js';
import type { TemplateId } from '../core/ids.js';
import type { Level } from '../core/level.js';
import { ok, type Result } from '../core/result.js';
import type { PermissionId } from './catalog-types.js';
import { guarded, readTemplateShape } from './guards.js';

/*
 * Templates as data, without schemas: the types, freezing, and the schema-free reader the pure check
 * path uses (template.ts adds the zod schemas and the functions that build templates).
 */

/**
 * The schema version of {@link PermissionTemplate} (P13). Stored templates carry it; a parser refuses
 * versions it does not know.
 *
 * @example
 * ```ts
 * template.schemaVersion === TEMPLATE_SCHEMA_VERSION; // true
 * ```
 * @since 0.1.0
 */
export const TEMPLATE_SCHEMA_VERSION = 1 as const;

/**
 * An item type of a per-type tool, e.g. a correspondence type a company defined (P8).
 *
 * @example
 * ```ts
 * const t: ItemTypeId = 'notice_of_delay';
 * ```
 * @since 0.1.0
 */
export type ItemTypeId = string;

/**
 * A tool's setting in a template: its level and the granular permissions that are on.
 *
 * @remarks
 * `granted` is the full set of granular permissions that are on, locked and always-on ones included
 * (sorted, no repeats). It is empty at `none` and `admin` (P2).
 *
 * @example
 * ```ts
 * const s: ToolSetting = { level: 'standard', granted: ['photos.create_albums'] };
 * ```
 * @since 0.1.0
 */
export interface ToolSetting {
  /** The tool's level (P1). */
  readonly level: Level;
  /** Every granular permission that is on, locked and always-on ones included, sorted (empty at `none` and `admin`, P2). */
  readonly granted: readonly PermissionId[];
}

/**
 * A project permission template: plain, frozen, versioned data (P13).
 *
 * @remarks
 * - `tools`: level and granular permissions per tool; a missing tool is at `none` (P1).
 * - `typeSettings`: for per-type tools (Correspondence, P8), a setting per item type. A type without
 *   its own setting uses the tool's entry in `tools`.
 * - `assignable`: the templates holders of this one may assign to others (P10).
 *
 * Build and change templates with `createTemplate`, `setToolLevel`, `enablePermission`, ... —
 * they keep every rule of P2–P8. A template from storage goes through `parseTemplate`/`loadTemplate`.
 *
 * @example
 * ```ts
 * const t = createTemplate({ id: 'sub', name: 'Subcontractor' });
 * t.ok && t.value.schemaVersion; // 1
 * ```
 * @since 0.1.0
 */
export interface PermissionTemplate {
  /** The template schema version it was written with (P13). */
  readonly schemaVersion: typeof TEMPLATE_SCHEMA_VERSION;
  /** The template's id. */
  readonly id: TemplateId;
  /** Its display name. */
  readonly name: string;
  /** The level and granular permissions per tool; a missing tool is at `none` (P1). */
  readonly tools: Readonly<Record<ToolId, ToolSetting>>;
  /** For per-type tools, a setting per item type; a type without one uses the tool's entry in `tools` (P8). */
  readonly typeSettings: Readonly<Record<ToolId, Readonly<Record<ItemTypeId, ToolSetting>>>>;
  /** The templates holders of this one may assign to others (P10). */
  readonly assignable: readonly TemplateId[];
}

const known = new WeakSet<object>();

function freezeSetting(setting: ToolSetting): ToolSetting {
  return Object.freeze({ level: setting.level, granted: Object.freeze([...setting.granted]) });
}

/**
 * Internal: deep-freezes a template (tools and types in key order) and remembers it as well-formed.
 * @internal
 */
export function freezeTemplate(template: PermissionTemplate): PermissionTemplate {
  const tools: Record<string, ToolSetting> = {};
  for (const tool of Object.keys(template.tools).sort()) tools[tool] = freezeSetting(template.tools[tool] as ToolSetting);
  const typeSettings: Record<string, Record<string, ToolSetting>> = {};
  for (const tool of Object.keys(template.typeSettings).sort()) {
    const types = template.typeSettings[tool] ?? {};
    const out: Record<string, ToolSetting> = {};
    for (const type of Object.keys(types).sort()) out[type] = freezeSetting(types[type] as ToolSetting);
    typeSettings[tool] = Object.freeze(out) as Record<string, ToolSetting>;
  }
  const frozen: PermissionTemplate = Object.freeze({
    schemaVersion: TEMPLATE_SCHEMA_VERSION,
    id: template.id,
    name: template.name,
    tools: Object.freeze(tools),
    typeSettings: Object.freeze(typeSettings),
    assignable: Object.freeze([...template.assignable]),
  });
  known.add(frozen);
  return frozen;
}

const shapeCache = new WeakMap<object, PermissionTemplate>();

/**
 * Internal: the template this module already made or read from `input`, if any.
 * @internal
 */
export function knownTemplate(input: unknown): PermissionTemplate | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  if (known.has(input)) return input as PermissionTemplate;
  return shapeCache.get(input);
}

/**
 * Internal: freezes a parsed template, remembering it for `input` when `input` is frozen (it cannot change).
 * @internal
 */
export function adoptTemplate(parsed: PermissionTemplate, input: unknown): PermissionTemplate {
  const frozen = freezeTemplate(parsed);
  if (typeof input === 'object' && input !== null && Object.isFrozen(input)) shapeCache.set(input, frozen);
  return frozen;
}

/**
 * Internal: the input as a well-formed frozen template (shape only) without schemas, or the first
 * problem. Accepts exactly what `PermissionTemplateSchema` accepts (property-tested). Templates made
 * by this module pass at the cost of a WeakSet lookup; other frozen objects are cached.
 * @internal
 */
export function readTemplateData(input: unknown): Result<PermissionTemplate, InputIssue> {
  const hit = knownTemplate(input);
  if (hit !== undefined) return ok(hit);
  const read = guarded(readTemplateShape, input);
  if (!read.ok) return read;
  return ok(adoptTemplate(read.value as unknown as PermissionTemplate, input));
}

/**
 * Internal: the setting that applies to a tool (and item type), `null` when at `none` by omission.
 * @internal
 */
export function settingFor(template: PermissionTemplate, tool: ToolId, itemType: ItemTypeId | null): ToolSetting | null {
  if (itemType !== null && Object.hasOwn(template.typeSettings, tool)) {
    const types = template.typeSettings[tool];
    if (types !== undefined && Object.hasOwn(types, itemType)) return types[itemType] ?? null;
  }
  return Object.hasOwn(template.tools, tool) ? (template.tools[tool] ?? null) : null;
}
