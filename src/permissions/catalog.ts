import { z } from 'zod';
import { domainError, type DomainError, type InputIssue } from '../core/errors.js';
import { ToolIdSchema, type ToolId } from '../core/facts.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { builtInToolInputs } from './builtin-data.js';
import {
  PermissionIdSchema,
  PermissionInputSchema,
  ToolInputSchema,
  type PermissionCatalog,
  type PermissionDefinition,
  type PermissionId,
  type PermissionInput,
  type ToolAction,
  type ToolDefinition,
  type ToolInput,
} from './catalog-types.js';

/** Internal: the dense numbering of a catalog's permissions and actions, used by compiled checks. */
export interface CatalogLayout {
  readonly ids: readonly PermissionId[];
  /** id → position (a Map: the fastest string lookup for ~130 keys, and any string is a safe key). */
  readonly index: ReadonlyMap<string, number>;
}

const trusted = new WeakMap<object, CatalogLayout>();
const resolvedCache = new WeakMap<object, PermissionCatalog>();
const builtInTools = new WeakMap<PermissionCatalog, ReadonlySet<ToolId>>();

type CatalogError = DomainError<'INVALID_INPUT' | 'UNKNOWN_PERMISSION' | 'UNKNOWN_TOOL'>;

function issue(path: (string | number)[], message: string): InputIssue {
  return { path, code: 'custom', message };
}

function buildCatalog(inputs: readonly ToolInput[], builtIn: ReadonlySet<ToolId>): Result<PermissionCatalog, CatalogError> {
  const tools: Record<string, ToolDefinition> = {};
  const permissions: Record<string, PermissionDefinition> = {};
  const actions: Record<string, ToolAction> = {};
  const issues: InputIssue[] = [];
  for (const [t, tool] of inputs.entries()) {
    if (Object.hasOwn(tools, tool.id)) {
      issues.push(issue([t, 'id'], `tool "${tool.id}" is defined twice`));
      continue;
    }
    const names = new Set<string>();
    const permissionIds: PermissionId[] = [];
    for (const [p, input] of (tool.permissions ?? []).entries()) {
      if (names.has(input.name)) issues.push(issue([t, 'permissions', p, 'name'], `"${tool.id}.${input.name}" is defined twice`));
      names.add(input.name);
      const id = `${tool.id}.${input.name}`;
      permissionIds.push(id);
      permissions[id] = Object.freeze({
        id,
        tool: tool.id,
        name: input.name,
        label: input.label ?? input.name.replaceAll('_', ' '),
        notes: input.notes ?? null,
        lockedAtStandard: input.lockedAtStandard ?? false,
        defaultAtStandard: input.defaultAtStandard ?? false,
        alwaysOn: input.alwaysOn ?? false,
        minLevel: input.minLevel ?? 'read_only',
        mobile: input.mobile ?? false,
        requires: Object.freeze([...(input.requires ?? [])]),
        condition: input.condition ?? null,
        overriddenBy: Object.freeze([...(input.overriddenBy ?? [])]),
      });
    }
    const actionIds: PermissionId[] = [];
    for (const [a, input] of (tool.actions ?? []).entries()) {
      if (names.has(input.name)) issues.push(issue([t, 'actions', a, 'name'], `"${tool.id}.${input.name}" is defined twice`));
      names.add(input.name);
      const id = `${tool.id}.${input.name}`;
      actionIds.push(id);
      actions[id] = Object.freeze({ id, tool: tool.id, name: input.name, label: input.label ?? input.name.replaceAll('_', ' '), level: input.level });
    }
    tools[tool.id] = Object.freeze({
      id: tool.id,
      label: tool.label ?? tool.id.replaceAll('_', ' '),
      beta: tool.beta ?? false,
      perType: tool.perType ?? false,
      platformScoped: tool.platformScoped ?? false,
      builtIn: builtIn.has(tool.id),
      permissions: Object.freeze(permissionIds),
      actions: Object.freeze(actionIds),
    });
  }
  if (issues.length > 0) return err(domainError('INVALID_INPUT', { issues }));
  for (const permission of Object.values(permissions)) {
    for (const ref of [...permission.requires, ...permission.overriddenBy]) {
      const target = Object.hasOwn(permissions, ref) ? permissions[ref] : undefined;
      if (target === undefined || target.tool !== permission.tool) {
        return err(domainError('UNKNOWN_PERMISSION', { permission: ref }, `"${permission.id}" refers to "${ref}", which is not a permission of tool "${permission.tool}".`));
      }
      if (ref === permission.id) issues.push(issue([permission.id], 'a permission cannot refer to itself'));
    }
    if (permission.alwaysOn && permission.minLevel === 'standard') {
      issues.push(issue([permission.id], 'an always-on permission cannot need level standard'));
    }
    if (permission.lockedAtStandard || permission.alwaysOn) {
      for (const ref of permission.requires) {
        const target = permissions[ref];
        if (target !== undefined && !target.alwaysOn && !(permission.alwaysOn ? false : target.lockedAtStandard)) {
          issues.push(issue([permission.id], `a locked or always-on permission may only require permissions that are on whenever it is ("${ref}" is not)`));
        }
      }
    }
  }
  if (issues.length > 0) return err(domainError('INVALID_INPUT', { issues }));
  const catalog: PermissionCatalog = Object.freeze({
    tools: Object.freeze(tools),
    permissions: Object.freeze(permissions),
    actions: Object.freeze(actions),
  });
  trusted.set(catalog, makeLayout(catalog));
  builtInTools.set(catalog, builtIn);
  return ok(catalog);
}

const ToolInputsSchema = z.array(ToolInputSchema).max(1000);

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
 */
export function createCatalog(tools: unknown): Result<PermissionCatalog, CatalogError> {
  const parsed = parseInput(ToolInputsSchema, tools);
  if (!parsed.ok) return parsed;
  return buildCatalog(parsed.value as ToolInput[], new Set());
}

function catalogToInputs(catalog: PermissionCatalog): ToolInput[] {
  return Object.values(catalog.tools).map((tool) => ({
    id: tool.id,
    label: tool.label,
    beta: tool.beta,
    perType: tool.perType,
    platformScoped: tool.platformScoped,
    permissions: tool.permissions.flatMap((id) => {
      const p = catalog.permissions[id];
      if (p === undefined) return [];
      const input: PermissionInput = {
        name: p.name,
        label: p.label,
        notes: p.notes,
        lockedAtStandard: p.lockedAtStandard,
        defaultAtStandard: p.defaultAtStandard,
        alwaysOn: p.alwaysOn,
        minLevel: p.minLevel,
        mobile: p.mobile,
        requires: p.requires,
        condition: p.condition,
        overriddenBy: p.overriddenBy,
      };
      return [input];
    }),
    actions: tool.actions.flatMap((id) => {
      const a = catalog.actions[id];
      return a === undefined ? [] : [{ name: a.name, label: a.label, level: a.level }];
    }),
  }));
}

const builtInResult = buildCatalog(builtInToolInputs(), new Set(builtInToolInputs().map((t) => t.id)));
if (!builtInResult.ok) throw new Error(`built-in catalog is inconsistent: ${builtInResult.error.message}`);

/**
 * The catalog shipped with the library: the 25 tools with granular permissions (123 permissions, SPEC
 * §4) plus `connection_manager`, with the level actions the connection rules use
 * (`connection_manager.*` at admin, `drawings.view` at read_only, `drawings.publish` at admin).
 *
 * @example
 * ```ts
 * BUILT_IN_CATALOG.permissions['photos.create_albums']?.lockedAtStandard; // true
 * ```
 */
export const BUILT_IN_CATALOG: PermissionCatalog = builtInResult.value;

/**
 * Adds a user-defined tool (with its permissions and actions) to a catalog (P12).
 *
 * @example
 * ```ts
 * const r = registerTool(BUILT_IN_CATALOG, { id: 'invoices', label: 'Invoices', permissions: [{ name: 'approve', minLevel: 'standard' }] });
 * ```
 */
export function registerTool(catalog: unknown, tool: unknown): Result<PermissionCatalog, CatalogError> {
  const base = resolveCatalog(catalog);
  if (!base.ok) return base;
  const input = parseInput(ToolInputSchema, tool);
  if (!input.ok) return input;
  if (Object.hasOwn(base.value.tools, input.value.id)) {
    return err(domainError('INVALID_INPUT', { issues: [issue(['id'], `tool "${input.value.id}" is already in the catalog`)] }));
  }
  return buildCatalog([...catalogToInputs(base.value), input.value as ToolInput], builtInTools.get(base.value) ?? new Set());
}

/**
 * Adds a user-defined granular permission to an existing tool (P12); `UNKNOWN_TOOL` if the tool is not
 * in the catalog.
 *
 * @example
 * ```ts
 * const r = registerPermission(BUILT_IN_CATALOG, 'rfis', { name: 'close_rfis', minLevel: 'standard' });
 * r.ok && r.value.permissions['rfis.close_rfis']?.minLevel; // 'standard'
 * ```
 */
export function registerPermission(catalog: unknown, tool: unknown, permission: unknown): Result<PermissionCatalog, CatalogError> {
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
  return buildCatalog(inputs, builtInTools.get(base.value) ?? new Set());
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
const CatalogShapeSchema = z.object({
  tools: z.record(ToolIdSchema, ToolDefinitionSchema),
  permissions: z.record(PermissionIdSchema, z.unknown()),
  actions: z.record(PermissionIdSchema, z.unknown()),
});

/**
 * Internal: accepts a catalog built by this module as is, and re-checks any other object (e.g. one
 * that went through JSON) by rebuilding it. Cached per object.
 */
export function resolveCatalog(catalog: unknown): Result<PermissionCatalog, CatalogError> {
  if (catalog === undefined) return ok(BUILT_IN_CATALOG);
  if (typeof catalog === 'object' && catalog !== null) {
    if (trusted.has(catalog)) return ok(catalog as PermissionCatalog);
    const cached = resolvedCache.get(catalog);
    if (cached !== undefined) return ok(cached);
  }
  const shape = parseInput(CatalogShapeSchema, catalog);
  if (!shape.ok) return shape;
  const raw = catalog as PermissionCatalog;
  let inputs: unknown;
  try {
    inputs = catalogToInputs(raw);
  } catch {
    return err(domainError('INVALID_INPUT', { issues: [issue([], 'the catalog could not be read')] }));
  }
  const parsedInputs = parseInput(ToolInputsSchema, inputs);
  if (!parsedInputs.ok) return parsedInputs;
  const builtIn = new Set(Object.values(shape.value.tools).filter((t) => t.builtIn).map((t) => t.id));
  const rebuilt = buildCatalog(parsedInputs.value as ToolInput[], builtIn);
  if (rebuilt.ok) resolvedCache.set(catalog as object, rebuilt.value);
  return rebuilt;
}

/** Internal: the layout of a catalog that {@link resolveCatalog} returned. */
export function layoutOf(catalog: PermissionCatalog): CatalogLayout {
  const layout = trusted.get(catalog);
  if (layout !== undefined) return layout;
  const made = makeLayout(catalog);
  trusted.set(catalog, made);
  return made;
}

function makeLayout(catalog: PermissionCatalog): CatalogLayout {
  const ids = [...Object.keys(catalog.permissions), ...Object.keys(catalog.actions)];
  return Object.freeze({ ids: Object.freeze(ids), index: new Map(ids.map((id, i) => [id, i] as const)) });
}

/**
 * Internal: the resolved catalog and a validated permission id whose tool the catalog knows
 * (`UNKNOWN_TOOL` otherwise). Whether the permission itself exists is the caller's question: granular
 * permissions and level actions live in different tables.
 */
export function readPermissionId(permission: unknown, catalog: unknown): Result<{ readonly catalog: PermissionCatalog; readonly id: PermissionId }, CatalogError> {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return cat;
  const id = parseInput(PermissionIdSchema, permission);
  if (!id.ok) return id;
  const tool = id.value.slice(0, id.value.indexOf('.'));
  if (!Object.hasOwn(cat.value.tools, tool)) return err(domainError('UNKNOWN_TOOL', { tool }));
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
 */
export function findPermission(
  permission: unknown,
  catalog?: unknown,
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
 */
export function findTool(tool: unknown, catalog?: unknown): Result<ToolDefinition, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
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
 */
export function granularTools(catalog: unknown = BUILT_IN_CATALOG): readonly ToolDefinition[] {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return Object.freeze([]);
  return Object.freeze(Object.values(cat.value.tools).filter((t) => t.permissions.length > 0));
}
