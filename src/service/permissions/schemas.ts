import { z } from 'zod';
import { ToolIdSchema } from '../../core/facts.js';
import { CompanyIdSchema, ProjectIdSchema, TemplateIdSchema, UserIdSchema } from '../../core/ids.js';
import { LevelSchema } from '../../core/level.js';
import { PermissionIdSchema } from '../../permissions/catalog-schemas.js';
import { ItemTypeIdSchema, PermissionTemplateSchema, TemplateNameInputSchema } from '../../permissions/template.js';

const itemType = { itemType: ItemTypeIdSchema.optional() };

/**
 * Internal: the name of a stored template.
 * @internal
 */
export const TemplateNameSchema = TemplateNameInputSchema;

/**
 * Internal: schema of one `TemplateEdit` (P2–P7, P10 and renames).
 * @internal
 */
export const TemplateEditSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('set_level'), tool: ToolIdSchema, level: LevelSchema, ...itemType }),
  z.strictObject({ kind: z.literal('enable'), permission: PermissionIdSchema, ...itemType }),
  z.strictObject({ kind: z.literal('disable'), permission: PermissionIdSchema, ...itemType }),
  z.strictObject({ kind: z.literal('enable_all'), tool: ToolIdSchema, ...itemType }),
  z.strictObject({ kind: z.literal('disable_all'), tool: ToolIdSchema, ...itemType }),
  z.strictObject({ kind: z.literal('set_assignable'), assignable: z.array(TemplateIdSchema).max(1000) }),
  z.strictObject({ kind: z.literal('rename'), name: TemplateNameSchema }),
]);

const version = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const envelope = {
  schemaVersion: z.literal(1),
  at: z.number().int().nonnegative(),
  actor: z.strictObject({ kind: z.literal('user'), userId: UserIdSchema }),
};

/**
 * Internal: schema of a stored `PermissionEvent` (schema version 1), as the permission store's history
 * readers read it back.
 * @internal
 */
export const PermissionEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('TemplateCreated'), ...envelope, templateId: TemplateIdSchema, companyId: CompanyIdSchema, version, template: PermissionTemplateSchema }),
  z.strictObject({ type: z.literal('TemplateEdited'), ...envelope, templateId: TemplateIdSchema, version, edits: z.array(TemplateEditSchema).min(1).max(500), template: PermissionTemplateSchema }),
  z.strictObject({ type: z.literal('TemplateDeleted'), ...envelope, templateId: TemplateIdSchema, version }),
  z.strictObject({
    type: z.literal('TemplateAssigned'),
    ...envelope,
    projectId: ProjectIdSchema,
    userId: UserIdSchema,
    templateId: TemplateIdSchema,
    templateVersion: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    previousTemplateId: TemplateIdSchema.nullable(),
  }),
]);
