import fc from 'fast-check';
import { ARBITRARY_ITEM_TYPES, templateArbitrary } from '../../src/permissions/arbitraries.js';
import {
  BUILT_IN_CATALOG,
  can,
  disableAll,
  disablePermission,
  enableAll,
  enablePermission,
  setAssignable,
  setToolLevel,
  toolLevelOf,
  type EvaluationContext,
  type PermissionTemplate,
} from '../../src/permissions/index.js';
import { templateId } from '../../src/core/ids.js';
import type { Level } from '../../src/core/level.js';
import { must } from './helpers.js';

/**
 * The P10 oracle for property tests, written from SPEC P10 and the rules of docs/permissions.md
 * ("Assignable templates (P10)", rules 1–5) without the library's checks: `can`, `toolLevelOf` and the
 * template's plain data are all it reads.
 */

/** Rule 1: the directory permissions that let one add someone, or change someone's template. */
export const ADD_VIA = ['directory.create_edit_users', 'directory.add_from_company_directory'] as const;
export const CHANGE_VIA = ['directory.create_edit_users', 'directory.manage_permission_templates'] as const;

const RANK: Readonly<Record<Level, number>> = { none: 0, read_only: 1, standard: 2, admin: 3 };
const ALL_HOLD = { actorCompanyIds: ['c'], otherParty: { companyId: 'c' }, onDistributionList: true, activeTools: ['timesheets', 'incidents'] };
const NONE_HOLD = { actorCompanyIds: ['c'], otherParty: { companyId: 'other' }, onDistributionList: false, activeTools: [] };
/** Every item type the arbitraries use (and none), on web and mobile, with every condition holding or none. */
const CONTEXTS: readonly EvaluationContext[] = [undefined, ...ARBITRARY_ITEM_TYPES].flatMap((itemType) =>
  (['web', 'mobile'] as const).flatMap((platform) =>
    [ALL_HOLD, NONE_HOLD].map((facts) => ({ platform, ...facts, ...(itemType === undefined ? {} : { itemType }) })),
  ),
);
const CHECKS_BY_TOOL = new Map<string, string[]>();
for (const { id, tool } of [...Object.values(BUILT_IN_CATALOG.permissions), ...Object.values(BUILT_IN_CATALOG.actions)]) {
  CHECKS_BY_TOOL.set(tool, [...(CHECKS_BY_TOOL.get(tool) ?? []), id]);
}

/**
 * Whether every built-in check depends on its own tool's setting only (no `requires` or `overriddenBy`
 * across tools), which lets {@link widerThan} skip the tools two templates set alike.
 */
export function checksStayInTheirTool(): boolean {
  return Object.values(BUILT_IN_CATALOG.permissions).every((p) => [...p.requires, ...p.overriddenBy].every((r) => r.startsWith(`${p.tool}.`)));
}

const typesOf = (t: PermissionTemplate, tool: string): string[] => Object.keys(Object.hasOwn(t.typeSettings, tool) ? (t.typeSettings[tool] ?? {}) : {});
const settingJson = (t: PermissionTemplate, tool: string) =>
  JSON.stringify([Object.hasOwn(t.tools, tool) ? t.tools[tool] : null, Object.hasOwn(t.typeSettings, tool) ? t.typeSettings[tool] : null]);
const levelOf = (t: PermissionTemplate, tool: string, itemType?: string): Level =>
  must(toolLevelOf(t, tool, itemType === undefined ? undefined : { itemType }));

/**
 * Rule 5's "wider" (P10: no one grants more than they were allowed to): `x` is wider than `own` when on
 * some tool or item type its level is higher, or it allows some permission or level action in a context
 * where `own` does not. Returns the first excess found, or null when `x` is within `own`.
 */
export function widerThan(x: PermissionTemplate, own: PermissionTemplate): string | null {
  for (const tool of Object.keys(BUILT_IN_CATALOG.tools)) {
    if (settingJson(x, tool) === settingJson(own, tool)) continue;
    for (const itemType of [undefined, ...new Set([...typesOf(x, tool), ...typesOf(own, tool)])]) {
      const [lx, lo] = [levelOf(x, tool, itemType), levelOf(own, tool, itemType)];
      if (RANK[lx] > RANK[lo]) return `${tool}${itemType === undefined ? '' : `/${itemType}`}: ${lx} above ${lo}`;
    }
    for (const id of CHECKS_BY_TOOL.get(tool) ?? []) {
      for (const ctx of CONTEXTS) if (can(x, id, ctx) && !can(own, id, ctx)) return `${id} allowed in ${JSON.stringify(ctx)}`;
    }
  }
  return null;
}

/** The templates reachable from `start` through assignable lists (ids missing from the data count too). */
export function reachOf(byId: ReadonlyMap<string, PermissionTemplate>, start: PermissionTemplate): Set<string> {
  const seen = new Set<string>();
  const todo = [...start.assignable];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...(byId.get(id)?.assignable ?? []));
  }
  return seen;
}

/** What an assignment must give: allowed, or the code (and reason) of the first rule it breaks. */
export type Expected =
  | { readonly ok: true; readonly rule: 0 }
  | { readonly ok: false; readonly rule: 1; readonly code: 'NOT_AUTHORIZED' }
  | {
      readonly ok: false;
      readonly rule: 2 | 3 | 4 | 5;
      readonly code: 'NOT_ASSIGNABLE';
      readonly reason: 'not_listed' | 'reaches_unlisted' | 'current_not_assignable' | 'wider_than_own';
      readonly unlisted?: readonly string[];
    };

/**
 * P10 for one assignment, rule by rule (docs/permissions.md): `assigner` holds `own`; `current` is the
 * user's template if they are on the directory (undefined: they are added).
 */
export function expectedAssignment(
  byId: ReadonlyMap<string, PermissionTemplate>,
  own: PermissionTemplate,
  target: PermissionTemplate,
  self: boolean,
  current: PermissionTemplate | undefined,
): Expected {
  const via = current === undefined ? ADD_VIA : CHANGE_VIA;
  if (!via.some((p) => can(own, p))) return { ok: false, rule: 1, code: 'NOT_AUTHORIZED' };
  const listed = (t: PermissionTemplate) => own.assignable.includes(t.id);
  const unlistedReach = (t: PermissionTemplate) => [...reachOf(byId, t)].filter((id) => !own.assignable.includes(id as PermissionTemplate['id'])).sort();
  if (!listed(target)) return { ok: false, rule: 2, code: 'NOT_ASSIGNABLE', reason: 'not_listed' };
  const unlisted = unlistedReach(target);
  if (unlisted.length > 0) return { ok: false, rule: 3, code: 'NOT_ASSIGNABLE', reason: 'reaches_unlisted', unlisted };
  if (current !== undefined && !self && (!listed(current) || unlistedReach(current).length > 0)) {
    return { ok: false, rule: 4, code: 'NOT_ASSIGNABLE', reason: 'current_not_assignable' };
  }
  if (self && widerThan(target, own) !== null) return { ok: false, rule: 5, code: 'NOT_ASSIGNABLE', reason: 'wider_than_own' };
  return { ok: true, rule: 0 };
}

// ---------------------------------------------------------------------------------------------------
// Deriving one template from another by narrowing or widening steps (as template-order.test.ts does for
// "within"), so that assignments within and beyond the assigner's own template are both common.
// ---------------------------------------------------------------------------------------------------

/** One edit, picked among the ones that apply to the template when it is applied. */
export interface Step {
  readonly op: 'raise' | 'enable' | 'enable_all' | 'lower' | 'disable' | 'disable_all';
  readonly pick: number;
}

const LEVELS: readonly Level[] = ['none', 'read_only', 'standard', 'admin'];
const granular = (l: Level) => l === 'read_only' || l === 'standard';

/** The tool settings of a template: each tool, and each item type a per-type tool sets on its own. */
function scopesOf(t: PermissionTemplate): { tool: string; itemType?: string; level: Level; granted: readonly string[] }[] {
  return Object.values(BUILT_IN_CATALOG.tools).flatMap((tool) => {
    const own = Object.hasOwn(t.tools, tool.id) ? t.tools[tool.id] : undefined;
    const base = { tool: tool.id, level: own?.level ?? 'none', granted: own?.granted ?? [] };
    const types = tool.perType
      ? typesOf(t, tool.id).map((itemType) => {
          const s = t.typeSettings[tool.id]?.[itemType];
          return { tool: tool.id, itemType, level: s?.level ?? 'none', granted: s?.granted ?? [] };
        })
      : [];
    return [base, ...types];
  });
}

/** Applies one step; the candidates are tried from `pick` on until an edit succeeds and changes the template. */
export function applyStep(t: PermissionTemplate, step: Step): PermissionTemplate {
  const scopes = scopesOf(t);
  const opts = (s: { itemType?: string }) => (s.itemType === undefined ? undefined : { itemType: s.itemType });
  const edits: (() => { ok: boolean; value?: PermissionTemplate })[] = [];
  for (const s of scopes) {
    const i = LEVELS.indexOf(s.level);
    const up = LEVELS[i + 1];
    const down = LEVELS[i - 1];
    const permissions = BUILT_IN_CATALOG.tools[s.tool]?.permissions ?? [];
    if (step.op === 'raise' && up !== undefined) edits.push(() => setToolLevel(t, s.tool, up, opts(s)));
    if (step.op === 'lower' && down !== undefined) edits.push(() => setToolLevel(t, s.tool, down, opts(s)));
    if (step.op === 'enable_all' && granular(s.level) && permissions.length > 0) edits.push(() => enableAll(t, s.tool, opts(s)));
    if (step.op === 'disable_all' && granular(s.level) && s.granted.length > 0) edits.push(() => disableAll(t, s.tool, opts(s)));
    if (step.op === 'enable' && granular(s.level)) {
      for (const p of permissions) if (!s.granted.includes(p)) edits.push(() => enablePermission(t, p, opts(s)));
    }
    if (step.op === 'disable') for (const p of s.granted) edits.push(() => disablePermission(t, p, opts(s)));
  }
  for (let k = 0; k < edits.length; k += 1) {
    const r = edits[(step.pick + k) % edits.length]?.();
    if (r?.ok === true && r.value !== undefined && JSON.stringify(r.value) !== JSON.stringify(t)) return r.value;
  }
  // Nothing to enable or disable: change a level the same way instead.
  if (step.op === 'enable' || step.op === 'enable_all') return applyStep(t, { op: 'raise', pick: step.pick });
  if (step.op === 'disable' || step.op === 'disable_all') return applyStep(t, { op: 'lower', pick: step.pick });
  return t;
}

const stepOf = (ops: readonly Step['op'][]) => fc.record({ op: fc.constantFrom(...ops), pick: fc.nat() });

/**
 * Steps that narrow or widen a template: half of the widenings are one extra permission exactly, the
 * smallest escalation there is.
 */
export function derivation(): fc.Arbitrary<{ readonly mode: 'narrow' | 'widen'; readonly steps: readonly Step[] }> {
  const narrow = fc.array(stepOf(['lower', 'disable', 'disable_all']), { minLength: 1, maxLength: 3 });
  const widen = fc.oneof(
    fc.nat().map((pick): Step[] => [{ op: 'enable', pick }]),
    fc.array(stepOf(['raise', 'enable', 'enable_all']), { minLength: 1, maxLength: 3 }),
  );
  return fc.oneof(narrow.map((steps) => ({ mode: 'narrow' as const, steps })), widen.map((steps) => ({ mode: 'widen' as const, steps })));
}

const GRANULAR_TOOLS = Object.values(BUILT_IN_CATALOG.tools).filter((t) => t.permissions.length > 0).map((t) => t.id);

/**
 * A valid template (as `templateArbitrary` builds it) with a few more tools set to a level, so that
 * narrowing and widening steps have something to act on.
 */
export function templateWithTools(id: string, templateIds: readonly string[]): fc.Arbitrary<PermissionTemplate> {
  const level = fc.record({ tool: fc.constantFrom(...GRANULAR_TOOLS), level: fc.constantFrom<Level>('read_only', 'standard', 'standard', 'admin') });
  return fc
    .tuple(templateArbitrary({ id, templateIds }), fc.array(level, { minLength: 2, maxLength: 5 }))
    .map(([t, levels]) => levels.reduce((x, l) => must(setToolLevel(x, l.tool, l.level)), t));
}

/** The template derived from `t` by `steps`, with another id and assignable list. */
export function derive(t: PermissionTemplate, steps: readonly Step[], id: string, assignable: readonly string[]): PermissionTemplate {
  const derived = steps.reduce(applyStep, t);
  return must(setAssignable({ ...derived, id: templateId(id), name: id }, assignable));
}
