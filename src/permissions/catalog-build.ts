import type { DomainError, InputIssue } from '../core/errors.js';
import type { ToolId } from '../core/facts.js';
import { err, ok, type Result } from '../core/result.js';
import { builtInToolInputs } from './builtin-data.js';
import { invalidInput, unknownPermission, unknownTool } from './check-errors.js';
import type { PermissionCatalog, PermissionDefinition, PermissionId, PermissionInput, ToolAction, ToolDefinition, ToolInput } from './catalog-types.js';
import { guarded, isPermissionIdString, readCatalogShape, readToolInputs } from './guards.js';
import { slotOf } from './permission-slots.js';

/*
 * Building and resolving catalogs without schemas: the built-in catalog is made here at load time,
 * and the pure check path resolves catalogs with the schema-free readers. catalog.ts adds the public
 * functions that word schema issues with zod.
 */

/**
 * Internal: the dense numbering of a catalog's permissions and actions, used by compiled checks.
 * @internal
 */
export interface CatalogLayout {
  readonly ids: readonly PermissionId[];
  /** id → position (a Map: the fastest string lookup for ~130 keys, and any string is a safe key). */
  readonly index: ReadonlyMap<string, number>;
  /** Position → process-wide slot of the id (see `permission-slots.ts`). */
  readonly slots: Int32Array;
  /**
   * The length of a compiled template's table by slot: one more than the highest slot of the longest
   * run from slot 0 in which the layout holds at least half the slots. The ids of slots at or past it
   * (laid out late, after many other catalogs' ids) are read through `index` instead, so a template
   * stays at most twice as large as its catalog, whatever the number of ids the process has seen.
   */
  readonly width: number;
}

/**
 * The errors of building or reading a permission catalog: malformed input, or a tool or permission the
 * catalog does not know.
 *
 * @example
 * ```ts
 * const r = createCatalog([]);
 * if (!r.ok) { const e: CatalogError = r.error; console.log(e.code); }
 * ```
 * @since 0.1.0
 */
export type CatalogError = DomainError<'INVALID_INPUT' | 'UNKNOWN_PERMISSION' | 'UNKNOWN_TOOL'>;

const trusted = new WeakMap<object, CatalogLayout>();
const resolvedCache = new WeakMap<object, PermissionCatalog>();
const builtInTools = new WeakMap<PermissionCatalog, ReadonlySet<ToolId>>();

/**
 * Internal: a custom `INVALID_INPUT` issue.
 * @internal
 */
export function issue(path: (string | number)[], message: string): InputIssue {
  return { path, code: 'custom', message };
}

/**
 * Internal: `INVALID_INPUT` for one issue of a schema-free reader.
 * @internal
 */
export function invalid(problem: InputIssue): DomainError<'INVALID_INPUT'> {
  return invalidInput([problem]);
}

/**
 * Internal: builds a frozen catalog from validated tool inputs, checking that references resolve.
 * @internal
 */
export function buildCatalog(inputs: readonly ToolInput[], builtIn: ReadonlySet<ToolId>): Result<PermissionCatalog, CatalogError> {
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
  if (issues.length > 0) return err(invalidInput(issues));
  for (const permission of Object.values(permissions)) {
    for (const ref of [...permission.requires, ...permission.overriddenBy]) {
      const target = Object.hasOwn(permissions, ref) ? permissions[ref] : undefined;
      if (target === undefined || target.tool !== permission.tool) {
        return err(unknownPermission(ref, `"${permission.id}" refers to "${ref}", which is not a permission of tool "${permission.tool}".`));
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
  if (issues.length > 0) return err(invalidInput(issues));
  const catalog: PermissionCatalog = Object.freeze({
    tools: Object.freeze(tools),
    permissions: Object.freeze(permissions),
    actions: Object.freeze(actions),
  });
  trusted.set(catalog, makeLayout(catalog));
  builtInTools.set(catalog, builtIn);
  return ok(catalog);
}

/**
 * Internal: a catalog back as registration inputs (for extending it, or re-checking a copy).
 * @internal
 */
export function catalogToInputs(catalog: PermissionCatalog): ToolInput[] {
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

/**
 * Internal: the tools of a catalog that ship with the library.
 * @internal
 */
export function builtInToolsOf(catalog: PermissionCatalog): ReadonlySet<ToolId> {
  return builtInTools.get(catalog) ?? new Set();
}

const builtInInputs = builtInToolInputs();
const builtInResult = buildCatalog(builtInInputs, new Set(builtInInputs.map((t) => t.id)));
if (!builtInResult.ok) throw new Error(`built-in catalog is inconsistent: ${builtInResult.error.message}`);

/**
 * The catalog shipped with the library: the 25 tools with granular permissions (123 permissions, SPEC
 * §4, audited against seed 001 in docs/permissions-catalog.md) plus `connection_manager`, with the
 * level actions the connection rules use (`connection_manager.*` at admin, `drawings.view` at
 * read_only, `drawings.publish` at admin).
 *
 * @example
 * ```ts
 * BUILT_IN_CATALOG.permissions['photos.create_albums']?.lockedAtStandard; // true
 * ```
 * @since 0.1.0
 */
export const BUILT_IN_CATALOG: PermissionCatalog = builtInResult.value;

/**
 * Internal: how a catalog's shape and its tool inputs are read (schema-free, or with zod's issues).
 * @internal
 */
export interface CatalogReaders {
  readonly shape: (value: unknown) => Result<{ readonly tools: Readonly<Record<string, { readonly id: string; readonly builtIn: boolean }>> }, DomainError<'INVALID_INPUT'>>;
  readonly inputs: (value: unknown) => Result<readonly ToolInput[], DomainError<'INVALID_INPUT'>>;
}

/**
 * Internal: the catalog itself when this module built it (or already re-checked it), else `undefined`.
 * @internal
 */
export function knownCatalog(catalog: unknown): PermissionCatalog | undefined {
  if (catalog === undefined) return BUILT_IN_CATALOG;
  if (typeof catalog !== 'object' || catalog === null) return undefined;
  if (trusted.has(catalog)) return catalog as PermissionCatalog;
  return resolvedCache.get(catalog);
}

/**
 * Internal: accepts a catalog built by this module as is, and re-checks any other object (e.g. one
 * that went through JSON) by rebuilding it with `readers`. Cached per object.
 * @internal
 */
export function resolveCatalogWith(catalog: unknown, readers: CatalogReaders): Result<PermissionCatalog, CatalogError> {
  const hit = knownCatalog(catalog);
  if (hit !== undefined) return ok(hit);
  const shape = readers.shape(catalog);
  if (!shape.ok) return shape;
  let inputs: unknown;
  try {
    inputs = catalogToInputs(catalog as PermissionCatalog);
  } catch {
    return err(invalid(issue([], 'the catalog could not be read')));
  }
  const parsed = readers.inputs(inputs);
  if (!parsed.ok) return parsed;
  const builtIn = new Set(Object.values(shape.value.tools).filter((t) => t.builtIn).map((t) => t.id));
  const rebuilt = buildCatalog(parsed.value, builtIn);
  if (rebuilt.ok) resolvedCache.set(catalog as object, rebuilt.value);
  return rebuilt;
}

/**
 * Internal: the schema-free readers (they accept exactly what the catalog schemas accept).
 * @internal
 */
export const GUARD_READERS: CatalogReaders = Object.freeze({
  shape: (value: unknown) => {
    const r = guarded(readCatalogShape, value);
    return r.ok ? ok(r.value as { tools: Record<string, { id: string; builtIn: boolean }> }) : err(invalid(r.error));
  },
  inputs: (value: unknown) => {
    const r = guarded(readToolInputs, value);
    return r.ok ? ok(r.value as unknown as ToolInput[]) : err(invalid(r.error));
  },
});

/**
 * Internal: {@link resolveCatalogWith} the schema-free readers, for the pure check path.
 * @internal
 */
export function readCatalog(catalog: unknown): Result<PermissionCatalog, CatalogError> {
  return resolveCatalogWith(catalog, GUARD_READERS);
}

/**
 * Internal: the layout of a catalog that {@link resolveCatalogWith} returned.
 * @internal
 */
export function layoutOf(catalog: PermissionCatalog): CatalogLayout {
  const layout = trusted.get(catalog);
  if (layout !== undefined) return layout;
  const made = makeLayout(catalog);
  trusted.set(catalog, made);
  return made;
}

function makeLayout(catalog: PermissionCatalog): CatalogLayout {
  const ids = [...Object.keys(catalog.permissions), ...Object.keys(catalog.actions)];
  const slots = Int32Array.from(ids, slotOf);
  const sorted = Int32Array.from(slots).sort();
  let width = 0;
  sorted.forEach((slot, k) => {
    if (2 * (k + 1) >= slot + 1) width = slot + 1;
  });
  return Object.freeze({ ids: Object.freeze(ids), index: new Map(ids.map((id, i) => [id, i] as const)), slots, width });
}

/**
 * Internal: `UNKNOWN_TOOL` unless the catalog knows the tool of a (well-formed) permission id.
 * @internal
 */
export function knownToolOf(catalog: PermissionCatalog, id: PermissionId): Result<PermissionId, DomainError<'UNKNOWN_TOOL'>> {
  const tool = id.slice(0, id.indexOf('.'));
  if (!Object.hasOwn(catalog.tools, tool)) return err(unknownTool(tool));
  return ok(id);
}

/**
 * Internal: a permission id read without schemas, whose tool the catalog knows.
 * @internal
 */
export function readPermissionIdData(permission: unknown, catalog: unknown): Result<{ readonly catalog: PermissionCatalog; readonly id: PermissionId }, CatalogError> {
  const cat = readCatalog(catalog);
  if (!cat.ok) return cat;
  if (!isPermissionIdString(permission)) return err(invalid({ path: [], code: 'invalid_input', message: 'a permission id is "tool.name" in lower snake case' }));
  const known = knownToolOf(cat.value, permission);
  if (!known.ok) return known;
  return ok({ catalog: cat.value, id: permission });
}
