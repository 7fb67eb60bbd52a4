import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { ToolIdSchema, type ToolId } from '../core/facts.js';
import { RESERVED_IDS, TemplateIdSchema, type TemplateId } from '../core/ids.js';
import { LevelSchema, type Level } from '../core/level.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { PermissionIdSchema, type PermissionId } from './catalog-types.js';

/**
 * The schema version of {@link PermissionTemplate} (P13). Stored templates carry it; a parser refuses
 * versions it does not know.
 *
 * @example
 * ```ts
 * template.schemaVersion === TEMPLATE_SCHEMA_VERSION; // true
 * ```
 */
export const TEMPLATE_SCHEMA_VERSION = 1 as const;

/**
 * An item type of a per-type tool, e.g. a correspondence type a company defined (P8).
 *
 * @example
 * ```ts
 * const t: ItemTypeId = 'notice_of_delay';
 * ```
 */
export type ItemTypeId = string;

/** Schema of an {@link ItemTypeId}. @example `ItemTypeIdSchema.parse('notice_of_delay')` */
export const ItemTypeIdSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((v) => !RESERVED_IDS.includes(v), { message: 'this id is reserved' });

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
 */
export interface ToolSetting {
  readonly level: Level;
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
 * Build and change templates with {@link createTemplate}, `setToolLevel`, `enablePermission`, ... —
 * they keep every rule of P2–P8. A template from storage goes through `parseTemplate`/`loadTemplate`.
 *
 * @example
 * ```ts
 * const t = createTemplate({ id: 'sub', name: 'Subcontractor' });
 * t.ok && t.value.schemaVersion; // 1
 * ```
 */
export interface PermissionTemplate {
  readonly schemaVersion: typeof TEMPLATE_SCHEMA_VERSION;
  readonly id: TemplateId;
  readonly name: string;
  readonly tools: Readonly<Record<ToolId, ToolSetting>>;
  readonly typeSettings: Readonly<Record<ToolId, Readonly<Record<ItemTypeId, ToolSetting>>>>;
  readonly assignable: readonly TemplateId[];
}

/** Schema of a {@link ToolSetting}. @example `ToolSettingSchema.parse({ level: 'admin', granted: [] })` */
export const ToolSettingSchema = z.strictObject({
  level: LevelSchema,
  granted: z
    .array(PermissionIdSchema)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, 'granted permissions must not repeat'),
});

/** Schema of a {@link PermissionTemplate} (shape only; catalog rules are checked by `validateTemplate`). @example `PermissionTemplateSchema.safeParse(json)` */
export const PermissionTemplateSchema = z.strictObject({
  schemaVersion: z.literal(TEMPLATE_SCHEMA_VERSION),
  id: TemplateIdSchema,
  name: z.string().max(200),
  tools: z.record(ToolIdSchema, ToolSettingSchema),
  typeSettings: z.record(ToolIdSchema, z.record(ItemTypeIdSchema, ToolSettingSchema)),
  assignable: z
    .array(TemplateIdSchema)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, 'assignable templates must not repeat'),
});

const known = new WeakSet<object>();

function freezeSetting(setting: ToolSetting): ToolSetting {
  return Object.freeze({ level: setting.level, granted: Object.freeze([...setting.granted]) });
}

/** Internal: deep-freezes a template (tools and types in key order) and remembers it as well-formed. */
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
 * Internal: the input as a well-formed frozen template (shape only), or `INVALID_INPUT`. Templates
 * made by this module pass at the cost of a WeakSet lookup; other frozen objects are cached.
 */
export function readTemplate(input: unknown): Result<PermissionTemplate, DomainError<'INVALID_INPUT'>> {
  if (typeof input === 'object' && input !== null) {
    if (known.has(input)) return ok(input as PermissionTemplate);
    const cached = shapeCache.get(input);
    if (cached !== undefined) return ok(cached);
  }
  const parsed = parseInput(PermissionTemplateSchema, input);
  if (!parsed.ok) return parsed;
  const frozen = freezeTemplate(parsed.value as PermissionTemplate);
  if (typeof input === 'object' && input !== null && Object.isFrozen(input)) shapeCache.set(input, frozen);
  return ok(frozen);
}

const CreateTemplateSchema = z.strictObject({
  id: TemplateIdSchema,
  name: z.string().max(200).optional(),
  assignable: z
    .array(TemplateIdSchema)
    .max(1000)
    .optional(),
});

/**
 * A new template with every tool at `none` (P1), optionally naming the templates its holders may
 * assign (P10).
 *
 * @example
 * ```ts
 * const r = createTemplate({ id: 'foreman', name: 'Foreman', assignable: ['crew'] });
 * ```
 */
export function createTemplate(input: unknown): Result<PermissionTemplate, DomainError<'INVALID_INPUT'>> {
  const parsed = parseInput(CreateTemplateSchema, input);
  if (!parsed.ok) return parsed;
  return ok(
    freezeTemplate({
      schemaVersion: TEMPLATE_SCHEMA_VERSION,
      id: parsed.value.id,
      name: parsed.value.name ?? parsed.value.id,
      tools: {},
      typeSettings: {},
      assignable: [...new Set(parsed.value.assignable ?? [])].sort(),
    }),
  );
}

/**
 * Replaces the templates a template's holders may assign to others (P10).
 *
 * @example
 * ```ts
 * const r = setAssignable(template, ['crew', 'viewer']);
 * ```
 */
export function setAssignable(template: unknown, assignable: unknown): Result<PermissionTemplate, DomainError<'INVALID_INPUT'>> {
  const t = readTemplate(template);
  if (!t.ok) return t;
  const ids = parseInput(z.array(TemplateIdSchema).max(1000), assignable);
  if (!ids.ok) return ids;
  return ok(freezeTemplate({ ...t.value, assignable: [...new Set(ids.value)].sort() }));
}

/** Internal: the setting that applies to a tool (and item type), `null` when at `none` by omission. */
export function settingFor(template: PermissionTemplate, tool: ToolId, itemType: ItemTypeId | null): ToolSetting | null {
  if (itemType !== null && Object.hasOwn(template.typeSettings, tool)) {
    const types = template.typeSettings[tool];
    if (types !== undefined && Object.hasOwn(types, itemType)) return types[itemType] ?? null;
  }
  return Object.hasOwn(template.tools, tool) ? (template.tools[tool] ?? null) : null;
}
