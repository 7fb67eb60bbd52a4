import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { ToolIdSchema } from '../core/facts.js';
import { RESERVED_IDS, TemplateIdSchema } from '../core/ids.js';
import { storableText } from '../core/trust.js';
import { LevelSchema } from '../core/level.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { PermissionIdSchema } from './catalog-schemas.js';
import {
  adoptTemplate,
  freezeTemplate,
  readTemplateData,
  TEMPLATE_SCHEMA_VERSION,
  type ItemTypeId,
  type PermissionTemplate,
  type ToolSetting,
} from './template-data.js';
import type { CreateTemplateInput, PermissionTemplateInput } from './inputs.js';

export { freezeTemplate, settingFor, TEMPLATE_SCHEMA_VERSION, type ItemTypeId, type PermissionTemplate, type ToolSetting } from './template-data.js';

/**
 * Schema of an {@link ItemTypeId}. @example `ItemTypeIdSchema.parse('notice_of_delay')`
 * @since 0.1.0
 */
export const ItemTypeIdSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((v) => !RESERVED_IDS.includes(v), { message: 'this id is reserved' })
  .refine(...storableText('this id'));

/**
 * Schema of a {@link ToolSetting}. @example `ToolSettingSchema.parse({ level: 'admin', granted: [] })`
 * @since 0.1.0
 */
export const ToolSettingSchema = z.strictObject({
  level: LevelSchema,
  granted: z
    .array(PermissionIdSchema)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, 'granted permissions must not repeat'),
});

/** A template's name: up to 200 characters of storable text (no NUL, no lone surrogate: PostgreSQL's `jsonb` refuses them). */
const TemplateNameTextSchema = z.string().max(200).refine(...storableText('a template name'));

/**
 * Internal: a template name as given to be stored (by `createTemplate` and the service): trimmed,
 * 1–200 characters of storable text.
 * @internal
 */
export const TemplateNameInputSchema = z.string().trim().min(1, 'a template name cannot be empty').max(200).refine(...storableText('a template name'));

/**
 * Schema of a {@link PermissionTemplate} (shape only; catalog rules are checked by `validateTemplate`). @example `PermissionTemplateSchema.safeParse(json)`
 * @since 0.1.0
 */
export const PermissionTemplateSchema = z.strictObject({
  schemaVersion: z.literal(TEMPLATE_SCHEMA_VERSION),
  id: TemplateIdSchema,
  name: TemplateNameTextSchema,
  tools: z.record(ToolIdSchema, ToolSettingSchema),
  typeSettings: z.record(ToolIdSchema, z.record(ItemTypeIdSchema, ToolSettingSchema)),
  assignable: z
    .array(TemplateIdSchema)
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, 'assignable templates must not repeat'),
});

/**
 * Internal: the input as a well-formed frozen template (shape only), or `INVALID_INPUT` with every
 * schema issue. The schema-free reader answers first (it accepts exactly what the schema accepts);
 * the schema only words the issues of malformed input.
 * @internal
 */
export function readTemplate(input: unknown): Result<PermissionTemplate, DomainError<'INVALID_INPUT'>> {
  const fast = readTemplateData(input);
  if (fast.ok) return fast;
  const parsed = parseInput(PermissionTemplateSchema, input);
  if (!parsed.ok) return parsed;
  return ok(adoptTemplate(parsed.value as PermissionTemplate, input));
}

const CreateTemplateSchema = z.strictObject({
  id: TemplateIdSchema,
  name: TemplateNameInputSchema.optional(),
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
 * @since 0.1.0
 */
export function createTemplate(input: CreateTemplateInput): Result<PermissionTemplate, DomainError<'INVALID_INPUT'>> {
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
 * @since 0.1.0
 */
export function setAssignable(template: PermissionTemplateInput, assignable: readonly string[]): Result<PermissionTemplate, DomainError<'INVALID_INPUT'>> {
  const t = readTemplate(template);
  if (!t.ok) return t;
  const ids = parseInput(z.array(TemplateIdSchema).max(1000), assignable);
  if (!ids.ok) return ids;
  return ok(freezeTemplate({ ...t.value, assignable: [...new Set(ids.value)].sort() }));
}
