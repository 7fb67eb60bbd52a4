import fc from 'fast-check';
import type { Level } from '../core/level.js';
import { BUILT_IN_CATALOG, resolveCatalog } from './catalog.js';
import type { PermissionCatalog, PermissionId } from './catalog-types.js';
import type { EvaluationContext } from './context.js';
import { disableAll, disablePermission, enableAll, enablePermission, setToolLevel } from './edit.js';
import { createTemplate, freezeTemplate, TEMPLATE_SCHEMA_VERSION, type PermissionTemplate, type ToolSetting } from './template.js';

/**
 * One template edit, as data, for property tests: the functions of the edit API, by name.
 *
 * @example
 * ```ts
 * const edit: TemplateEdit = { kind: 'enable', permission: 'rfis.act_as_rfi_manager' };
 * ```
 * @since 0.1.0
 */
export type TemplateEdit =
  | { readonly kind: 'level'; readonly tool: string; readonly level: Level; readonly itemType?: string }
  | { readonly kind: 'enable'; readonly permission: PermissionId; readonly itemType?: string }
  | { readonly kind: 'disable'; readonly permission: PermissionId; readonly itemType?: string }
  | { readonly kind: 'enable_all'; readonly tool: string; readonly itemType?: string }
  | { readonly kind: 'disable_all'; readonly tool: string; readonly itemType?: string };

/**
 * The item types the arbitraries use for per-type tools. @example `ARBITRARY_ITEM_TYPES[0]; // 'letter'`
 * @since 0.1.0
 */
export const ARBITRARY_ITEM_TYPES: readonly string[] = Object.freeze(['letter', 'notice', 'memo']);

const levels = fc.constantFrom<Level>('none', 'read_only', 'standard', 'admin');

/** A usable catalog from any argument (the built-in one when it is not a catalog). */
function catalogOr(catalog: unknown): PermissionCatalog {
  const r = resolveCatalog(catalog);
  return r.ok ? r.value : BUILT_IN_CATALOG;
}

/**
 * Any permission or level action id of a catalog (default: the built-in one).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(permissionIdArbitrary(), (id) => id.includes('.')));
 * ```
 * @since 0.1.0
 */
export function permissionIdArbitrary(catalogInput: PermissionCatalog = BUILT_IN_CATALOG): fc.Arbitrary<PermissionId> {
  const catalog = catalogOr(catalogInput);
  return fc.constantFrom(...Object.keys(catalog.permissions), ...Object.keys(catalog.actions));
}

/**
 * Random template edits over a catalog's tools and permissions: runs of edits on one tool (its level
 * set to `read_only` or `standard`, then its own permissions switched on and off, so most edits are
 * ones the rules allow), mixed with single edits anywhere (which the rules often refuse). Half of the
 * runs are on "interesting" tools, those with locked, default, required, overriding and per-type
 * permissions, so prerequisites get switched off while their dependents are on (P5) and overriding
 * permissions get switched on beside the ones they override (P6).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(templateEditsArbitrary(), (edits) => validateTemplate(applyTemplateEdits(base, edits)).valid));
 * ```
 * @since 0.1.0
 */
export function templateEditsArbitrary(catalogInput: PermissionCatalog = BUILT_IN_CATALOG, maxLengthInput = 30): fc.Arbitrary<TemplateEdit[]> {
  const catalog = catalogOr(catalogInput);
  const maxLength = Number.isSafeInteger(maxLengthInput) && maxLengthInput >= 0 ? Math.min(maxLengthInput, 1000) : 30;
  const tools = Object.keys(catalog.tools);
  if (tools.length === 0) return fc.constant([]);
  const interesting = tools.filter((t) => ['action_plans', 'budget', 'daily_log', 'correspondence', 'photos', 'schedule', 'meetings', 'rfis'].includes(t));
  const tool = interesting.length > 0 ? fc.oneof(fc.constantFrom(...tools), fc.constantFrom(...interesting)) : fc.constantFrom(...tools);
  const permissionIds = Object.keys(catalog.permissions);
  const permission = permissionIds.length > 0 ? fc.constantFrom(...permissionIds) : fc.constant('none.none');
  const itemType = fc.option(fc.constantFrom(...ARBITRARY_ITEM_TYPES), { nil: undefined });
  const withType = (edit: TemplateEdit, type: string | undefined, toolId: string): TemplateEdit =>
    type !== undefined && catalog.tools[toolId]?.perType === true ? { ...edit, itemType: type } : edit;
  const single: fc.Arbitrary<TemplateEdit> = fc.oneof(
    fc.record({ tool, level: levels, type: itemType }).map(({ tool: t, level, type }) => withType({ kind: 'level' as const, tool: t, level }, type, t)),
    fc.record({ permission, type: itemType }).map(({ permission: p, type }) => withType({ kind: 'enable' as const, permission: p }, type, p.split('.')[0] ?? '')),
    fc.record({ permission, type: itemType }).map(({ permission: p, type }) => withType({ kind: 'disable' as const, permission: p }, type, p.split('.')[0] ?? '')),
    fc.record({ tool, type: itemType }).map(({ tool: t, type }) => withType({ kind: 'enable_all' as const, tool: t }, type, t)),
    fc.record({ tool, type: itemType }).map(({ tool: t, type }) => withType({ kind: 'disable_all' as const, tool: t }, type, t)),
  );
  /** A run on one tool with granular permissions, for one item type (per-type tools) or none. */
  const run = (toolId: string, type: string | undefined): fc.Arbitrary<TemplateEdit[]> => {
    const own = fc.constantFrom(...(catalog.tools[toolId]?.permissions ?? []));
    const on = (edit: TemplateEdit) => withType(edit, type, toolId);
    const step: fc.Arbitrary<TemplateEdit> = fc.oneof(
      { weight: 4, arbitrary: own.map((p) => on({ kind: 'enable', permission: p })) },
      { weight: 3, arbitrary: own.map((p) => on({ kind: 'disable', permission: p })) },
      { weight: 1, arbitrary: levels.map((level) => on({ kind: 'level', tool: toolId, level })) },
      { weight: 1, arbitrary: fc.constant(on({ kind: 'enable_all', tool: toolId })) },
      { weight: 1, arbitrary: fc.constant(on({ kind: 'disable_all', tool: toolId })) },
    );
    return fc
      .tuple(fc.constantFrom<Level>('read_only', 'standard', 'standard'), fc.array(step, { minLength: 1, maxLength: 8 }))
      .map(([level, steps]) => [on({ kind: 'level', tool: toolId, level }), ...steps]);
  };
  const granular = tools.filter((t) => (catalog.tools[t]?.permissions.length ?? 0) > 0);
  const granularInteresting = granular.filter((t) => interesting.includes(t));
  const focus = granularInteresting.length > 0 ? fc.oneof(fc.constantFrom(...granular), fc.constantFrom(...granularInteresting)) : granular.length > 0 ? fc.constantFrom(...granular) : null;
  const chunk: fc.Arbitrary<TemplateEdit[]> =
    focus === null ? single.map((e) => [e]) : fc.oneof({ weight: 3, arbitrary: fc.tuple(focus, itemType).chain(([t, type]) => run(t, type)) }, { weight: 1, arbitrary: single.map((e) => [e]) });
  return fc.array(chunk, { maxLength: Math.ceil(maxLength / 2), size: 'max' }).map((chunks) => chunks.flat().slice(0, maxLength));
}

/**
 * Applies edits in order through the edit API; an edit the rules refuse leaves the template as it was.
 *
 * @example
 * ```ts
 * const t = applyTemplateEdits(base, [{ kind: 'level', tool: 'rfis', level: 'standard' }]);
 * ```
 * @since 0.1.0
 */
export function applyTemplateEdits(template: PermissionTemplate, edits: readonly TemplateEdit[], catalogInput: PermissionCatalog = BUILT_IN_CATALOG): PermissionTemplate {
  const catalog = catalogOr(catalogInput);
  let t = template;
  if (!Array.isArray(edits)) return t;
  for (const e of edits as unknown[] as TemplateEdit[]) {
    if (typeof e !== 'object' || e === null) continue;
    const options = e.itemType === undefined ? { catalog } : { catalog, itemType: e.itemType };
    const r =
      e.kind === 'level'
        ? setToolLevel(t, e.tool, e.level, options)
        : e.kind === 'enable'
          ? enablePermission(t, e.permission, options)
          : e.kind === 'disable'
            ? disablePermission(t, e.permission, options)
            : e.kind === 'enable_all'
              ? enableAll(t, e.tool, options)
              : disableAll(t, e.tool, options);
    if (r.ok) t = r.value;
  }
  return t;
}

/**
 * Valid templates (P2–P8 hold), built by random edits from an empty template, with a random
 * assignable list drawn from `templateIds`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(templateArbitrary(), (t) => validateTemplate(t).valid));
 * ```
 * @since 0.1.0
 */
export function templateArbitrary(
  options: { readonly catalog?: PermissionCatalog; readonly id?: string; readonly templateIds?: readonly string[] } = {},
): fc.Arbitrary<PermissionTemplate> {
  const opts = typeof options === 'object' && options !== null ? options : {};
  const catalog = catalogOr(opts.catalog);
  const given = Array.isArray(opts.templateIds) ? opts.templateIds.filter((x) => typeof x === 'string' && x.length > 0) : [];
  const ids = given.length > 0 ? given : ['viewer', 'crew', 'foreman', 'manager'];
  const fixedId = typeof opts.id === 'string' && opts.id.length > 0 ? opts.id : undefined;
  return fc
    .record({
      id: fixedId === undefined ? fc.constantFrom(...ids) : fc.constant(fixedId),
      assignable: fc.subarray([...ids]),
      edits: templateEditsArbitrary(catalog),
    })
    .map(({ id, assignable, edits }) => {
      const created = createTemplate({ id, name: id, assignable });
      const base = created.ok ? created.value : freezeTemplate({ schemaVersion: TEMPLATE_SCHEMA_VERSION, id: 'template' as PermissionTemplate['id'], name: 'template', tools: {}, typeSettings: {}, assignable: [] });
      return applyTemplateEdits(base, edits, catalog);
    });
}

/**
 * Well-formed templates that may break the catalog rules (random levels and random granted sets): for
 * checking that evaluation is defensive and that compiled and interpreted checks agree anyway.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(rawTemplateArbitrary(), (t) => typeof can(t, 'rfis.act_as_rfi_manager') === 'boolean'));
 * ```
 * @since 0.1.0
 */
export function rawTemplateArbitrary(catalogInput: PermissionCatalog = BUILT_IN_CATALOG): fc.Arbitrary<PermissionTemplate> {
  const catalog = catalogOr(catalogInput);
  const toolIds = Object.keys(catalog.tools);
  const setting = (tool: string): fc.Arbitrary<ToolSetting> =>
    fc.record({ level: levels, granted: fc.subarray([...(catalog.tools[tool]?.permissions ?? [])]) });
  const perType = toolIds.filter((t) => catalog.tools[t]?.perType === true);
  return fc
    .record({
      tools: fc.subarray(toolIds).chain((chosen) => fc.tuple(...chosen.map((t) => setting(t).map((s) => [t, s] as const)))),
      types: fc.tuple(
        ...perType.map((t) =>
          fc.subarray([...ARBITRARY_ITEM_TYPES]).chain((types) => fc.tuple(...types.map((ty) => setting(t).map((s) => [ty, s] as const)))).map((entries) => [t, entries] as const),
        ),
      ),
    })
    .map(({ tools, types }) =>
      freezeTemplate({
        schemaVersion: TEMPLATE_SCHEMA_VERSION,
        id: 'raw' as PermissionTemplate['id'],
        name: 'raw',
        tools: Object.fromEntries(tools),
        typeSettings: Object.fromEntries(types.map(([t, entries]) => [t, Object.fromEntries(entries)])),
        assignable: [],
      }),
    );
}

/**
 * Evaluation contexts over a small universe of companies, item types, platforms and active tools, so
 * conditions both hold and fail often.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(templateArbitrary(), evaluationContextArbitrary(), (t, ctx) => typeof can(t, 'rfis.view_private_same_company', ctx) === 'boolean'));
 * ```
 * @since 0.1.0
 */
export function evaluationContextArbitrary(): fc.Arbitrary<EvaluationContext> {
  const company = fc.constantFrom('acme', 'build-co', 'electric-co');
  return fc.record(
    {
      itemType: fc.constantFrom(...ARBITRARY_ITEM_TYPES, 'unknown_type'),
      platform: fc.constantFrom('web' as const, 'mobile' as const),
      actorCompanyIds: fc.uniqueArray(company, { maxLength: 2 }),
      otherParty: fc.record({ companyId: company, role: fc.constantFrom('assignee', 'creator') }, { requiredKeys: ['companyId'] }),
      onDistributionList: fc.boolean(),
      activeTools: fc.subarray(['timesheets', 'incidents', 'rfis', 'drawings']),
    },
    { requiredKeys: [] },
  );
}
