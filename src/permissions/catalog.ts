import { z } from 'zod';
import { domainError, type DomainError } from '../core/errors.js';
import { ToolIdSchema } from '../core/facts.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import {
  BUILT_IN_CATALOG,
  buildCatalog,
  builtInToolsOf,
  catalogToInputs,
  GUARD_READERS,
  issue,
  knownToolOf,
  resolveCatalogWith,
  type CatalogError,
  type CatalogReaders,
} from './catalog-build.js';
import { PermissionIdSchema, PermissionInputSchema, ToolInputSchema } from './catalog-schemas.js';
import type { PermissionCatalog, PermissionDefinition, PermissionId, PermissionInput, ToolDefinition, ToolInput } from './catalog-types.js';
import { guarded, readToolInput } from './guards.js';
import type { ToolId } from '../core/facts.js';

export { BUILT_IN_CATALOG, layoutOf, type CatalogLayout } from './catalog-build.js';

/**
 * Internal: the schema of `createCatalog`'s argument.
 * @internal
 */
export const ToolInputsSchema = z.array(ToolInputSchema).max(1000);

/**
 * Builds a catalog from tool definitions (P12), checking that references resolve.
 *
 * @remarks
 * `requires` / `overriddenBy` must name permissions of the same tool (`UNKNOWN_PERMISSION`); duplicate
 * tools or permissions, an always-on permission that needs standard, or a locked permission that
 * requires a switchable one are `INVALID_INPUT`. Tools built this way are not marked `builtIn`.
 *
 * @example
 * ```ts
 * const r = createCatalog([{ id: 'invoices', permissions: [{ name: 'approve' }] }]);
 * r.ok && Object.keys(r.value.permissions); // ['invoices.approve']
 * ```
 * @since 0.1.0
 */
export function createCatalog(tools: readonly ToolInput[]): Result<PermissionCatalog, CatalogError> {
  const parsed = SCHEMA_READERS.inputs(tools);
  if (!parsed.ok) return parsed;
  return buildCatalog(parsed.value, new Set());
}

/**
 * Adds a user-defined tool (with its permissions and actions) to a catalog (P12).
 *
 * @remarks
 * Returns a new catalog; the one given is not changed. `catalog` `undefined` means the built-in
 * catalog ({@link BUILT_IN_CATALOG}). A tool id already in the catalog is `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const r = registerTool(BUILT_IN_CATALOG, { id: 'invoices', label: 'Invoices', permissions: [{ name: 'approve', minLevel: 'standard' }] });
 * ```
 * @since 0.1.0
 */
export function registerTool(catalog: PermissionCatalog | undefined, tool: ToolInput): Result<PermissionCatalog, CatalogError> {
  const base = resolveCatalog(catalog);
  if (!base.ok) return base;
  const fast = guarded(readToolInput, tool);
  const input = fast.ok ? ok(fast.value as unknown as ToolInput) : parseInput(ToolInputSchema, tool);
  if (!input.ok) return input;
  if (Object.hasOwn(base.value.tools, input.value.id)) {
    return err(domainError('INVALID_INPUT', { issues: [issue(['id'], `tool "${input.value.id}" is already in the catalog`)] }));
  }
  return buildCatalog([...catalogToInputs(base.value), input.value as ToolInput], builtInToolsOf(base.value));
}

/**
 * Adds a user-defined granular permission to an existing tool (P12); `UNKNOWN_TOOL` if the tool is not
 * in the catalog.
 *
 * @remarks
 * Returns a new catalog; the one given is not changed. `catalog` `undefined` means the built-in
 * catalog ({@link BUILT_IN_CATALOG}).
 *
 * @example
 * ```ts
 * const r = registerPermission(BUILT_IN_CATALOG, 'rfis', { name: 'close_rfis', minLevel: 'standard' });
 * r.ok && r.value.permissions['rfis.close_rfis']?.minLevel; // 'standard'
 * ```
 * @since 0.1.0
 */
export function registerPermission(catalog: PermissionCatalog | undefined, tool: ToolId, permission: PermissionInput): Result<PermissionCatalog, CatalogError> {
  const base = resolveCatalog(catalog);
  if (!base.ok) return base;
  const toolId = parseInput(ToolIdSchema, tool);
  if (!toolId.ok) return toolId;
  const input = parseInput(PermissionInputSchema, permission);
  if (!input.ok) return input;
  if (!Object.hasOwn(base.value.tools, toolId.value)) return err(domainError('UNKNOWN_TOOL', { tool: toolId.value }));
  const inputs = catalogToInputs(base.value).map((t) =>
    t.id === toolId.value ? { ...t, permissions: [...(t.permissions ?? []), input.value as PermissionInput] } : t,
  );
  return buildCatalog(inputs, builtInToolsOf(base.value));
}

const ToolDefinitionSchema = z.object({
  id: ToolIdSchema,
  label: z.string(),
  beta: z.boolean(),
  perType: z.boolean(),
  platformScoped: z.boolean(),
  builtIn: z.boolean(),
  permissions: z.array(PermissionIdSchema),
  actions: z.array(PermissionIdSchema),
});
/**
 * Internal: the shape a catalog from outside (e.g. through JSON) must have before it is rebuilt.
 * @internal
 */
export const CatalogShapeSchema = z.object({
  tools: z.record(ToolIdSchema, ToolDefinitionSchema),
  permissions: z.record(PermissionIdSchema, z.unknown()),
  actions: z.record(PermissionIdSchema, z.unknown()),
});

/**
 * The readers {@link resolveCatalog} uses: the schema-free ones answer (they accept exactly what the
 * schemas accept, property-tested); the schemas only word the issues of malformed input.
 */
const SCHEMA_READERS: CatalogReaders = Object.freeze({
  shape: (value: unknown) => {
    const fast = GUARD_READERS.shape(value);
    return fast.ok ? fast : parseInput(CatalogShapeSchema, value);
  },
  inputs: (value: unknown) => {
    const fast = GUARD_READERS.inputs(value);
    if (fast.ok) return fast;
    const parsed = parseInput(ToolInputsSchema, value);
    return parsed.ok ? ok(parsed.value as ToolInput[]) : parsed;
  },
});

/**
 * Internal: accepts a catalog built by this module as is, and re-checks any other object (e.g. one
 * that went through JSON) by rebuilding it. Cached per object.
 * @internal
 */
export function resolveCatalog(catalog: unknown): Result<PermissionCatalog, CatalogError> {
  return resolveCatalogWith(catalog, SCHEMA_READERS);
}

/**
 * Internal: the resolved catalog and a validated permission id whose tool the catalog knows
 * (`UNKNOWN_TOOL` otherwise). Whether the permission itself exists is the caller's question: granular
 * permissions and level actions live in different tables.
 * @internal
 */
export function readPermissionId(permission: unknown, catalog: unknown): Result<{ readonly catalog: PermissionCatalog; readonly id: PermissionId }, CatalogError> {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return cat;
  const id = parseInput(PermissionIdSchema, permission);
  if (!id.ok) return id;
  const known = knownToolOf(cat.value, id.value);
  if (!known.ok) return known;
  return ok({ catalog: cat.value, id: id.value });
}

/**
 * A granular permission's definition, or `UNKNOWN_TOOL` / `UNKNOWN_PERMISSION`.
 *
 * @example
 * ```ts
 * const r = findPermission('daily_log.standard_edit_delete_own_entries');
 * r.ok && r.value.minLevel; // 'standard'
 * ```
 * @since 0.1.0
 */
export function findPermission(
  permission: PermissionId,
  catalog?: PermissionCatalog,
): Result<PermissionDefinition, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const read = readPermissionId(permission, catalog);
  if (!read.ok) return read;
  const { catalog: cat, id } = read.value;
  const def = Object.hasOwn(cat.permissions, id) ? cat.permissions[id] : undefined;
  if (def === undefined) return err(domainError('UNKNOWN_PERMISSION', { permission: id }));
  return ok(def);
}

/**
 * A tool's definition, or `UNKNOWN_TOOL`.
 *
 * @example
 * ```ts
 * const r = findTool('meetings');
 * r.ok && r.value.platformScoped; // true
 * ```
 * @since 0.1.0
 */
export function findTool(tool: ToolId, catalog?: PermissionCatalog): Result<ToolDefinition, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return cat;
  const id = parseInput(ToolIdSchema, tool);
  if (!id.ok) return id;
  const def = Object.hasOwn(cat.value.tools, id.value) ? cat.value.tools[id.value] : undefined;
  if (def === undefined) return err(domainError('UNKNOWN_TOOL', { tool: id.value }));
  return ok(def);
}

/**
 * The tools that carry granular permissions, in catalog order.
 *
 * @example
 * ```ts
 * granularTools(BUILT_IN_CATALOG).length; // 25
 * ```
 * @since 0.1.0
 */
export function granularTools(catalog: PermissionCatalog = BUILT_IN_CATALOG): readonly ToolDefinition[] {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return Object.freeze([]);
  return Object.freeze(Object.values(cat.value.tools).filter((t) => t.permissions.length > 0));
}
