import { z } from 'zod';
import { ToolIdSchema } from '../core/facts.js';
import { CONDITION_KINDS } from './catalog-types.js';

/*
 * The zod schemas of the catalog's inputs. The pure check path reads the same shapes with the
 * schema-free readers of guards.ts, which accept exactly what these accept (property-tested).
 */

/**
 * Schema of a `PermissionId`. @example `PermissionIdSchema.parse('rfis.act_as_rfi_manager')`
 * @since 0.1.0
 */
export const PermissionIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}\.[a-z][a-z0-9_]{0,63}$/, 'a permission id is "tool.name" in lower snake case');

/**
 * Schema of the name part of a permission id. @example `PermissionNameSchema.parse('import_budget')`
 * @since 0.1.0
 */
export const PermissionNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a permission name is lower snake case, e.g. "create_items"');

/**
 * Schema of a `PermissionInput`. @example `PermissionInputSchema.parse({ name: 'approve' })`
 * @since 0.1.0
 */
export const PermissionInputSchema = z.strictObject({
  name: PermissionNameSchema,
  label: z.string().min(1).max(200).optional(),
  notes: z.string().max(1000).nullable().optional(),
  lockedAtStandard: z.boolean().optional(),
  defaultAtStandard: z.boolean().optional(),
  alwaysOn: z.boolean().optional(),
  minLevel: z.enum(['read_only', 'standard']).optional(),
  mobile: z.boolean().optional(),
  requires: z.array(PermissionIdSchema).max(64).optional(),
  condition: z.enum(CONDITION_KINDS).nullable().optional(),
  overriddenBy: z.array(PermissionIdSchema).max(64).optional(),
});

/**
 * Schema of a `ToolActionInput`. @example `ToolActionInputSchema.parse({ name: 'view', level: 'read_only' })`
 * @since 0.1.0
 */
export const ToolActionInputSchema = z.strictObject({
  name: PermissionNameSchema,
  label: z.string().min(1).max(200).optional(),
  level: z.enum(['read_only', 'standard', 'admin']),
});

/**
 * Schema of a `ToolInput`. @example `ToolInputSchema.parse({ id: 'invoices' })`
 * @since 0.1.0
 */
export const ToolInputSchema = z.strictObject({
  id: ToolIdSchema,
  label: z.string().min(1).max(200).optional(),
  beta: z.boolean().optional(),
  perType: z.boolean().optional(),
  platformScoped: z.boolean().optional(),
  permissions: z.array(PermissionInputSchema).max(500).optional(),
  actions: z.array(ToolActionInputSchema).max(100).optional(),
});
