import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluationContextArbitrary, permissionIdArbitrary, rawTemplateArbitrary, templateArbitrary } from '../../src/permissions/arbitraries.js';
import {
  BUILT_IN_CATALOG,
  disablePermission,
  enablePermission,
  explain,
  setToolLevel,
  type DecisionFix,
  type DenialCause,
  type EvaluationContext,
  type PermissionDecision,
  type PermissionTemplate,
  type RuntimeCondition,
  type ToolSetting,
} from '../../src/permissions/index.js';
import { pbtRuns } from '../support/pbt.js';
import { must } from './helpers.js';

/** An item type no template of the arbitraries configures: it uses the tool's own setting. */
const FRESH_TYPE = 'fresh_type';

type MutableTemplate = { -readonly [K in keyof PermissionTemplate]: PermissionTemplate[K] };

/** Applies a template fix directly to the data (the facts the decision is computed from). */
function fixData(template: PermissionTemplate, fix: DecisionFix): PermissionTemplate {
  if (fix.action === 'satisfy_condition') return template;
  const t: MutableTemplate = JSON.parse(JSON.stringify(template)) as MutableTemplate;
  const tool = fix.action === 'set_level' ? fix.tool : fix.permission.slice(0, fix.permission.indexOf('.'));
  const holder: Record<string, ToolSetting> =
    fix.itemType === null ? (t.tools as Record<string, ToolSetting>) : ((t.typeSettings as Record<string, Record<string, ToolSetting>>)[tool] ??= {});
  const key = fix.itemType ?? tool;
  const current = holder[key] ?? { level: 'none', granted: [] };
  switch (fix.action) {
    case 'set_level':
      holder[key] = { level: fix.level, granted: current.granted };
      break;
    case 'enable':
      holder[key] = { level: current.level, granted: [...new Set([...current.granted, fix.permission])] };
      break;
    case 'disable':
      holder[key] = { level: current.level, granted: current.granted.filter((g) => g !== fix.permission) };
      break;
  }
  return t;
}

/** Makes a condition hold in the context. */
function satisfy(ctx: EvaluationContext, cause: DenialCause): EvaluationContext {
  if (cause.kind !== 'condition_failed') return ctx;
  const condition: RuntimeCondition = cause.condition;
  switch (condition) {
    case 'item_type':
      return { ...ctx, itemType: FRESH_TYPE };
    case 'web_only':
      return { ...ctx, platform: 'web' };
    case 'distribution_list':
      return { ...ctx, onDistributionList: true };
    case 'contacts_enabled':
      return { ...ctx, activeTools: [...(ctx.activeTools ?? []), 'timesheets'] };
    case 'same_company': {
      const company = ctx.otherParty?.companyId ?? 'acme';
      return { ...ctx, otherParty: { ...(ctx.otherParty ?? {}), companyId: company }, actorCompanyIds: [...(ctx.actorCompanyIds ?? []), company] };
    }
  }
}

const causeKey = (c: DenialCause): string =>
  `${c.kind}:${'permission' in c ? c.permission : ''}:${'condition' in c ? c.condition : ''}:${'tool' in c ? c.tool : ''}`;

const decision = (t: PermissionTemplate, p: string, ctx: EvaluationContext): PermissionDecision => must(explain(t, p, ctx));

/** Any id, or (half the time) one with a prerequisite or an overriding permission, so those causes come up (P5, P6). */
const permissionIds = fc.oneof(
  permissionIdArbitrary(),
  fc.constantFrom(...Object.values(BUILT_IN_CATALOG.permissions).filter((p) => p.requires.length > 0 || p.overriddenBy.length > 0).map((p) => p.id)),
);

/** How many denials named each cause kind, over a property's runs. */
const tally = (): Map<string, number> => new Map();
const count = (seen: Map<string, number>, d: PermissionDecision) => {
  for (const c of d.causes) seen.set(c.kind, (seen.get(c.kind) ?? 0) + 1);
};

describe('explanations name fixable causes (P11)', () => {
  it('P11: every denial names its causes once each, and fixing the causes it names turns it into allowed', () => {
    const seen = tally();
    fc.assert(
      fc.property(fc.oneof(templateArbitrary(), rawTemplateArbitrary()), permissionIds, evaluationContextArbitrary(), (template, permission, context) => {
        const d = decision(template, permission, context);
        count(seen, d);
        if (d.allowed) {
          expect(d.causes).toEqual([]);
          return;
        }
        expect(d.causes.length).toBeGreaterThan(0);
        expect(d.reason).toBe(d.causes[0]?.kind);
        expect(new Set(d.causes.map(causeKey)).size).toBe(d.causes.length);
        expect(d.missing).toBe(d.causes.map((c) => c.text).join('; '));
        for (const c of d.causes) expect(d.message).toContain(c.text);
        let t = template;
        let ctx = context;
        for (const c of d.causes) {
          expect(c.fix, `${permission}: ${c.kind} has a fix`).not.toBeNull();
          if (c.fix !== null) t = fixData(t, c.fix);
          ctx = satisfy(ctx, c);
        }
        const after = decision(t, permission, ctx);
        expect(after.allowed, `${permission} after fixing ${d.missing}: ${after.message}`).toBe(true);
        // A denial with one cause: fixing that one cause alone is what allows it.
        if (d.causes.length === 1) expect(after.causes).toEqual([]);
      }),
      { numRuns: pbtRuns() * 5 },
    );
    for (const kind of ['level_too_low', 'dependency_missing', 'not_granted', 'overridden', 'condition_failed']) expect(seen.get(kind) ?? 0, `denials naming ${kind}`).toBeGreaterThan(0);
  });

  it('P11: on valid templates the fixes can be made with the edit API (level, prerequisites, permission, overrides)', () => {
    const seen = tally();
    fc.assert(
      fc.property(templateArbitrary(), permissionIds, evaluationContextArbitrary(), (template, permission, context) => {
        const d = decision(template, permission, context);
        count(seen, d);
        if (d.allowed) return;
        const rank = (c: DenialCause): number => ['level_too_low', 'dependency_missing', 'not_granted', 'overridden', 'condition_failed'].indexOf(c.kind);
        let t = template;
        let ctx = context;
        for (const c of [...d.causes].sort((a, b) => rank(a) - rank(b))) {
          ctx = satisfy(ctx, c);
          const fix = c.fix;
          if (fix === null || fix.action === 'satisfy_condition') continue;
          const options = fix.itemType === null ? undefined : { itemType: fix.itemType };
          t = must(
            fix.action === 'set_level'
              ? setToolLevel(t, fix.tool, fix.level, options)
              : fix.action === 'enable'
                ? enablePermission(t, fix.permission, options)
                : disablePermission(t, fix.permission, options),
          );
        }
        const after = decision(t, permission, ctx);
        expect(after.allowed, `${permission} after fixing ${d.missing}: ${after.message}`).toBe(true);
      }),
      { numRuns: pbtRuns() * 2 },
    );
    for (const kind of ['level_too_low', 'dependency_missing', 'not_granted', 'overridden', 'condition_failed']) expect(seen.get(kind) ?? 0, `denials naming ${kind}`).toBeGreaterThan(0);
  });
});
