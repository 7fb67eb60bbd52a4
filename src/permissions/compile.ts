import type { DomainError } from '../core/errors.js';
import { unknownPermission } from './check-errors.js';
import type { ToolId } from '../core/facts.js';
import type { TemplateId } from '../core/ids.js';
import type { Level } from '../core/level.js';
import { err, ok, type Result } from '../core/result.js';
import { invalid, layoutOf, readCatalog, readPermissionIdData, type CatalogLayout } from './catalog-build.js';
import type { PermissionId } from './catalog-types.js';
import { BIT_NEEDS_TYPE, conditionBit, conditionsHold } from './context.js';
import { staticDecision } from './decide.js';
import { readTemplateData, type ItemTypeId } from './template-data.js';
import type { EvaluationContextInput, PermissionTemplateInput } from './inputs.js';
import type { PermissionCatalog } from './catalog-types.js';

/**
 * A template compiled against a catalog: one small integer per permission, so a check is a couple of
 * property and array reads (the idea of CASL's rule index, taken to a dense table).
 *
 * @remarks
 * Frozen; the fields are internal and may change between versions — use {@link checkCompiled},
 * {@link createPermissionHandle} and {@link compiledToolLevel}. Conditional permissions keep their
 * condition bits and are checked against the context at call time, so compiled and interpreted
 * evaluation agree on every (template, permission, context) (property-tested).
 *
 * @example
 * ```ts
 * const compiled = compileTemplate(template);
 * if (compiled.ok && checkCompiled(compiled.value, 'rfis.act_as_rfi_manager')) answer();
 * ```
 * @since 0.1.0
 */
export interface CompiledTemplate {
  /** Marks a template compiled by `compileTemplate`. */
  readonly kind: 'compiled_permission_template';
  /** The id of the template it was compiled from. */
  readonly templateId: TemplateId;
  /** State per permission: 0 deny, 1 allow, odd with condition bits = allow if they hold. @internal */
  readonly states: readonly number[];
  /** States per item type, for per-type tools. @internal */
  readonly typeStates: Readonly<Record<ItemTypeId, readonly number[]>>;
  /** The template's level per tool. @internal */
  readonly levels: Readonly<Record<ToolId, Level>>;
}

/** Makes a {@link PermissionHandle}; assigned in `Compiled`'s static block. */
let newHandle: (permission: PermissionId, slot: number) => PermissionHandle;

/**
 * The compiled templates this module builds: instances of a module-private class whose private fields
 * are the brand. Reading a private field of anything else throws a `TypeError` before any of its code
 * runs (private names never reach a Proxy's traps, revoked or not; getters are never called), so one
 * read inside `try` is both the brand check and the lookup, and V8 compiles it to a map check and a
 * field load (a `WeakSet` lookup or `instanceof` would cost more than the rest of a check).
 *
 * - `#byId` maps each permission id straight to its state, one hash lookup per check by id (a `Map`:
 *   its `get` takes the string's cached hash straight to the entry, measured ≈ 1.2x faster than a keyed read of a
 *   null-prototype object in dictionary mode, and it has no inherited keys either);
 * - `#states` holds the states by process-wide permission slot (`permission-slots.ts`) in a typed
 *   array (a state is at most 6 bits), so a handle's check is one element read at its slot, whatever
 *   catalog the template was compiled with: slots the template's catalog lacks read 0, or past the end.
 *   The array stops at the layout's `width` (at most twice the catalog's size): an id laid out late,
 *   after many other catalogs' ids, reads past it and is looked up by id instead (`lateCheck`).
 */
class Compiled implements CompiledTemplate {
  // Public fields declared, not defined, and set once by the constructor (one shape per field).
  declare readonly kind: 'compiled_permission_template';
  declare readonly templateId: TemplateId;
  declare readonly states: readonly number[];
  declare readonly typeStates: Readonly<Record<ItemTypeId, readonly number[]>>;
  declare readonly levels: Readonly<Record<ToolId, Level>>;
  readonly #byId: ReadonlyMap<string, number>;
  readonly #states: Uint8Array;
  /** The catalog layout the states are indexed by: private, as its `Map` and typed array cannot be frozen. */
  readonly #layout: CatalogLayout;

  constructor(
    templateId: TemplateId,
    layout: CatalogLayout,
    states: readonly number[],
    typeStates: Readonly<Record<ItemTypeId, readonly number[]>>,
    levels: Readonly<Record<ToolId, Level>>,
    byId: ReadonlyMap<string, number>,
  ) {
    this.kind = 'compiled_permission_template';
    this.templateId = templateId;
    this.#layout = layout;
    this.states = states;
    this.typeStates = typeStates;
    this.levels = levels;
    this.#byId = byId;
    const bySlot = new Uint8Array(layout.width);
    states.forEach((state, i) => {
      const slot = layout.slots[i]!;
      if (slot < layout.width) bySlot[slot] = state;
    });
    this.#states = bySlot;
    Object.freeze(this);
  }

  /** The layout a compiled template's states are indexed by. */
  static layoutOf(value: Compiled): CatalogLayout {
    return value.#layout;
  }

  /** The state of `permission` in `value` (`undefined` when `value` is not a compiled template or the id is unknown). */
  static stateOf(value: unknown, permission: unknown): number | undefined {
    try {
      return (value as Compiled).#byId.get(permission as string); // any other key reads `undefined`
    } catch {
      return undefined;
    }
  }

  static {
    /**
     * A permission handle. A class rather than a closure per handle: every handle's `check` is then one
     * function, whose call sites V8 inlines with the handle's fields read as plain properties (a
     * closure per handle made the same check ≈ 1.7x slower, and private fields on the handle ≈ 1.2x).
     * Declared here, where `Compiled`'s private fields are in scope: the read of `#states` is the
     * brand check and the state lookup in one.
     */
    class Handle implements PermissionHandle {
      // Declared, not defined: fields set once by the constructor keep a single shape and representation.
      declare readonly permission: PermissionId;
      /** @internal */ declare readonly slot: number;

      constructor(permission: PermissionId, slot: number) {
        this.permission = permission;
        this.slot = slot;
        Object.freeze(this);
      }

      check(compiled: CompiledTemplate, context?: EvaluationContextInput): boolean {
        // Read outside `try`: a detached call (`this` undefined) throws instead of answering false.
        const slot = this.slot;
        let v: number | undefined;
        try {
          v = (compiled as Compiled).#states[slot];
        } catch {
          return false; // not a compiled template
        }
        // States 0 and 1 answer at once; a read past the end is `undefined`, not `<= 1`: an id laid out
        // late or one the template's catalog lacks, looked up by id (`lateCheck`); the rest (conditions,
        // per-type) go off the fast path, by the id's position in the template's own layout.
        if ((v as number) <= 1) return v === 1;
        return v === undefined ? lateCheck(compiled as Compiled, this.permission, context) : conditionalCheck(compiled as Compiled, this.permission, v, context);
      }
    }
    newHandle = (permission, slot) => new Handle(permission, slot);
  }
}

function encode(allowed: boolean, conditions: readonly string[]): number {
  if (!allowed) return 0;
  let v = 1;
  for (const c of conditions) v |= conditionBit(c as Parameters<typeof conditionBit>[0]);
  return v;
}

/**
 * Compiles a template once for fast checks (see {@link CompiledTemplate}).
 *
 * @remarks
 * Reads its inputs without schemas (the readers accept exactly what the schemas accept), so the
 * compiled check path does not bundle a schema library; a malformed template is `INVALID_INPUT` with
 * the first problem found (`validateTemplate` lists them all).
 *
 * Tools and permissions the catalog does not know are left out, not refused, so a template may be
 * compiled against a sub-catalog (only the tools a service checks): a check of a left-out id is
 * false. To refuse them, as stored templates are, read the template with `loadTemplate` (or
 * `validateTemplate`) first.
 *
 * @example
 * ```ts
 * const r = compileTemplate(template);
 * ```
 * @since 0.1.0
 */
export function compileTemplate(template: PermissionTemplateInput, catalog?: PermissionCatalog): Result<CompiledTemplate, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const cat = readCatalog(catalog);
  if (!cat.ok) return cat;
  const read = readTemplateData(template);
  if (!read.ok) return err(invalid(read.error));
  const t = read;
  const layout = layoutOf(cat.value);
  const perTypeTools = Object.values(cat.value.tools).filter((tool) => tool.perType);
  const states = layout.ids.map((id) => {
    const d = staticDecision(cat.value, t.value, id, null);
    const tool = cat.value.tools[d.tool];
    const code = encode(d.allowed, d.conditions);
    return tool?.perType === true ? code | BIT_NEEDS_TYPE : code;
  });
  const typeStates: Record<ItemTypeId, readonly number[]> = Object.create(null) as Record<ItemTypeId, readonly number[]>;
  const types = new Set<ItemTypeId>();
  for (const tool of perTypeTools) {
    const settings = Object.hasOwn(t.value.typeSettings, tool.id) ? t.value.typeSettings[tool.id] : undefined;
    for (const type of Object.keys(settings ?? {})) types.add(type);
  }
  for (const type of types) {
    const row = layout.ids.map(() => 0);
    for (const tool of perTypeTools) {
      for (const id of [...tool.permissions, ...tool.actions]) {
        const i = layout.index.get(id);
        if (i === undefined) continue;
        const d = staticDecision(cat.value, t.value, id, type);
        row[i] = encode(d.allowed, d.conditions);
      }
    }
    typeStates[type] = Object.freeze(row);
  }
  const levels: Record<ToolId, Level> = Object.create(null) as Record<ToolId, Level>;
  for (const [tool, setting] of Object.entries(t.value.tools)) levels[tool] = setting.level;
  const byId = new Map(layout.ids.map((id, i) => [id, states[i] ?? 0]));
  const compiled = new Compiled(t.value.id, layout, Object.freeze(states), Object.freeze(typeStates), Object.freeze(levels), byId);
  return ok(compiled);
}

/**
 * Internal: the catalog layout of a template compiled by {@link compileTemplate} (kept off the public
 * object: its `Map` and typed array cannot be frozen, and every template compiled with a catalog shares it).
 * @internal
 */
export function compiledLayout(compiled: CompiledTemplate): CatalogLayout {
  return Compiled.layoutOf(compiled as Compiled);
}

/** Slow part of a compiled check: per-type lookup and runtime conditions (a hostile context gives false). */
function resolveState(c: CompiledTemplate, i: number, v: number, ctx: unknown): boolean {
  try {
    return resolveStateUnsafe(c, i, v, ctx);
  } catch {
    return false;
  }
}

function resolveStateUnsafe(c: CompiledTemplate, i: number, v: number, ctx: unknown): boolean {
  if ((v & BIT_NEEDS_TYPE) !== 0) {
    if (typeof ctx !== 'object' || ctx === null) return false;
    const type = (ctx as { itemType?: unknown }).itemType;
    if (typeof type !== 'string') return false;
    const row = c.typeStates[type];
    const w = row === undefined ? v & ~BIT_NEEDS_TYPE : row[i];
    if (w === 1) return true;
    if (typeof w !== 'number' || (w & 1) === 0) return false;
    return conditionsHold(w, ctx);
  }
  if ((v & 1) === 0) return false;
  return conditionsHold(v, ctx);
}

/**
 * Checks a permission id against a compiled template: constant time, no allocation, no schema
 * validation (cheap `typeof` guards instead; a malformed argument gives `false`, never a throw).
 *
 * @remarks
 * The context is not validated: a field of the wrong type counts as missing. Use `explain` to know why.
 *
 * @example
 * ```ts
 * checkCompiled(compiled, 'meetings.create_meetings', { platform: 'mobile' }); // true at standard when on
 * ```
 * @since 0.1.0
 */
export function checkCompiled(compiled: CompiledTemplate, permission: PermissionId, context?: EvaluationContextInput): boolean {
  // Kept tiny so that V8 inlines it at call sites; the conditional cases go to `conditionalCheck`.
  // No `typeof` guard: the map's keys are strings, so any other key reads `undefined`.
  const v = Compiled.stateOf(compiled, permission);
  return v === 1 || (v !== undefined && v !== 0 && conditionalCheck(compiled as Compiled, permission, v, context));
}

/** A handle's check of an id past the template's table by slot: by the id's position, or false when the catalog lacks it. */
function lateCheck(compiled: Compiled, permission: string, context: unknown): boolean {
  const i = Compiled.layoutOf(compiled).index.get(permission);
  if (i === undefined) return false;
  const v = compiled.states[i] ?? 0;
  return v === 1 || (v !== 0 && resolveState(compiled, i, v, context));
}

function conditionalCheck(compiled: Compiled, permission: unknown, v: number, context: unknown): boolean {
  const i = Compiled.layoutOf(compiled).index.get(permission as string);
  return i !== undefined && resolveState(compiled, i, v, context);
}

/**
 * A permission looked up once, to test many compiled templates fast (hot paths: lists, feeds).
 *
 * @example
 * ```ts
 * const canManage = createPermissionHandle('rfis.act_as_rfi_manager');
 * if (canManage.ok) users.filter((u) => canManage.value.check(compiledOf(u)));
 * ```
 * @since 0.1.0
 */
export interface PermissionHandle {
  /** The permission the handle checks. */
  readonly permission: PermissionId;
  /**
   * Whether the compiled template allows the permission in the context (`false` on malformed input).
   * A method: call it on the handle (`handle.check(c)`); to pass it on, wrap it (`(c) => handle.check(c)`).
   */
  check(compiled: CompiledTemplate, context?: EvaluationContextInput): boolean;
}

/**
 * Looks a permission (or level action) up once and returns a {@link PermissionHandle}.
 *
 * @remarks
 * The handle answers for templates compiled with any catalog, exactly as {@link checkCompiled} with
 * the same id would: one array read at the id's slot (each distinct id has one for the life of the
 * process), `false` when the template's catalog lacks the id. The catalog given here is only where
 * the id is looked up. Unknown ids: `UNKNOWN_TOOL` / `UNKNOWN_PERMISSION`.
 *
 * @example
 * ```ts
 * const h = createPermissionHandle('budget.import_budget');
 * h.ok && h.value.check(compiled); // boolean
 * ```
 * @since 0.1.0
 */
export function createPermissionHandle(
  permission: PermissionId,
  catalog?: PermissionCatalog,
): Result<PermissionHandle, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const read = readPermissionIdData(permission, catalog);
  if (!read.ok) return read;
  const permissionId = read.value.id;
  const layout = layoutOf(read.value.catalog);
  const index = layout.index.get(permissionId);
  if (index === undefined) return err(unknownPermission(permissionId));
  return ok(newHandle(permissionId, layout.slots[index]!));
}

/**
 * A tool's level in a compiled template (P1): `none` for tools it does not mention or malformed input.
 *
 * @example
 * ```ts
 * compiledToolLevel(compiled, 'connection_manager'); // 'admin'
 * ```
 * @since 0.1.0
 */
export function compiledToolLevel(compiled: CompiledTemplate, tool: ToolId): Level {
  try {
    if (typeof compiled !== 'object' || compiled === null || typeof tool !== 'string') return 'none';
    const levels = (compiled as CompiledTemplate).levels;
    if (typeof levels !== 'object' || levels === null || !Object.hasOwn(levels, tool)) return 'none';
    const level = levels[tool];
    return level === 'read_only' || level === 'standard' || level === 'admin' ? level : 'none';
  } catch {
    return 'none';
  }
}
