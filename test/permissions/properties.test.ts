import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ARBITRARY_ITEM_TYPES,
  applyTemplateEdits,
  evaluationContextArbitrary,
  permissionIdArbitrary,
  rawTemplateArbitrary,
  templateArbitrary,
  templateEditsArbitrary,
} from '../../src/permissions/arbitraries.js';
import {
  assignTemplate,
  BUILT_IN_CATALOG,
  can,
  checkCompiled,
  compileTemplate,
  createPermissionHandle,
  disableAll,
  enableAll,
  enablePermission,
  parseTemplate,
  serializeTemplate,
  setToolLevel,
  validateTemplate,
  type DirectoryData,
  type PermissionTemplate,
} from '../../src/permissions/index.js';
import { pbtRuns } from '../support/pbt.js';
import { blank, must } from './helpers.js';

const granularToolIds = Object.values(BUILT_IN_CATALOG.tools)
  .filter((t) => t.permissions.length > 0)
  .map((t) => t.id);

describe('permission matrix properties', () => {
  it('P2: every rule of P2–P8 holds after any sequence of template edits', () => {
    fc.assert(
      fc.property(templateEditsArbitrary(BUILT_IN_CATALOG, 60), (edits) => {
        const t = applyTemplateEdits(blank(), edits);
        const report = validateTemplate(t);
        expect(report.errors).toEqual([]);
        for (const setting of Object.values(t.tools)) {
          if (setting.level === 'none' || setting.level === 'admin') expect(setting.granted).toEqual([]);
        }
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('P7: enable all then disable all leaves exactly the locked (and always-on) ones', () => {
    fc.assert(
      fc.property(
        templateArbitrary(),
        fc.constantFrom(...granularToolIds),
        fc.constantFrom('read_only' as const, 'standard' as const),
        (template, tool, level) => {
          const t = must(setToolLevel(template, tool, level));
          const afterEnable = must(enableAll(t, tool));
          const after = must(disableAll(afterEnable, tool));
          const expected = Object.values(BUILT_IN_CATALOG.permissions)
            .filter((p) => p.tool === tool && (p.alwaysOn || (p.lockedAtStandard && level === 'standard')))
            .map((p) => p.id)
            .sort();
          expect(after.tools[tool]?.granted ?? []).toEqual(expected);
          expect(validateTemplate(afterEnable).errors).toEqual([]);
        },
      ),
      { numRuns: pbtRuns() },
    );
  });

  it('P13: serialize then parse is the identity', () => {
    fc.assert(
      fc.property(templateArbitrary(), (t) => {
        const back = must(parseTemplate(must(serializeTemplate(t))));
        expect(back).toEqual(t);
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('P1–P9: compiled and interpreted evaluation agree on every (template, permission, context)', () => {
    fc.assert(
      fc.property(
        fc.oneof(templateArbitrary(), rawTemplateArbitrary()),
        permissionIdArbitrary(),
        fc.option(evaluationContextArbitrary(), { nil: undefined }),
        (t, permission, context) => {
          const compiled = must(compileTemplate(t));
          const handle = must(createPermissionHandle(permission));
          const interpreted = can(t, permission, context);
          expect(checkCompiled(compiled, permission, context)).toBe(interpreted);
          expect(handle.check(compiled, context)).toBe(interpreted);
        },
      ),
      { numRuns: pbtRuns() * 5 },
    );
  });

  it('P10: no sequence of assignments lets anyone hold a template outside what they could be given at the start, without chains or self-escalation', () => {
    const ids = ['viewer', 'crew', 'foreman', 'manager', 'owner'];
    const users = ['u1', 'u2', 'u3', 'u4'];
    const assigning = ['directory.create_edit_users', 'directory.add_from_company_directory', 'directory.manage_permission_templates'];
    const templateFor = (id: string) =>
      fc
        .record({
          base: templateArbitrary({ id, templateIds: ids }),
          // Mostly templates that may assign, so that chains of assignable lists are common.
          directory: fc.constantFrom('none', 'read_only', 'standard', 'standard', 'admin', 'admin'),
          grants: fc.subarray(assigning),
        })
        .map(({ base, directory, grants }) => {
          let t = must(setToolLevel(base, 'directory', directory));
          for (const g of grants) {
            const r = enablePermission(t, g);
            if (r.ok) t = r.value;
          }
          return t;
        });
    const world = fc.record({
      templates: fc.tuple(...ids.map(templateFor)),
      initial: fc.tuple(...users.map(() => fc.option(fc.constantFrom(...ids), { nil: undefined }))),
      attempts: fc.array(fc.record({ assigner: fc.constantFrom(...users), user: fc.constantFrom(...users, 'u5'), template: fc.constantFrom(...ids) }), { maxLength: 25 }),
    });
    // Contexts under which every condition holds or fails, for the "not wider" check of self-assignments.
    const contexts = [undefined, { platform: 'mobile' as const }, { actorCompanyIds: ['c'], otherParty: { companyId: 'c' }, onDistributionList: true, activeTools: ['timesheets'] }, ...ARBITRARY_ITEM_TYPES.map((itemType) => ({ itemType }))];
    const permissionIds = [...Object.keys(BUILT_IN_CATALOG.permissions), ...Object.keys(BUILT_IN_CATALOG.actions)];
    fc.assert(
      fc.property(world, ({ templates, initial, attempts }) => {
        const byId = new Map<string, PermissionTemplate>(templates.map((t) => [t.id, t]));
        const members = users.flatMap((u, i) => (initial[i] === undefined ? [] : [{ userId: u, templateId: initial[i] }]));
        let directory = { companies: [], memberships: [], projects: [{ projectId: 'p', companyId: 'c', members }], templates } as unknown as DirectoryData;
        // What anyone may be given without escalation: one hop from a starting member who may assign.
        const oneHop = new Set(
          members.flatMap((m) => {
            const t = byId.get(m.templateId);
            return t !== undefined && assigning.some((p) => can(t, p)) ? t.assignable : [];
          }),
        );
        const start = new Map(members.map((m) => [m.userId, m.templateId]));
        for (const a of attempts) {
          const before = directory.projects[0]?.members ?? [];
          const assignerTemplate = byId.get(before.find((m) => m.userId === a.assigner)?.templateId ?? '');
          const current = before.find((m) => m.userId === a.user)?.templateId;
          const r = assignTemplate(directory, { projectId: 'p', assignerId: a.assigner, userId: a.user, templateId: a.template });
          if (!r.ok) continue;
          expect(assignerTemplate?.assignable).toContain(a.template);
          if (current !== undefined && a.user !== a.assigner) expect(assignerTemplate?.assignable).toContain(current);
          const given = byId.get(a.template);
          if (a.user === a.assigner && given !== undefined && assignerTemplate !== undefined) {
            for (const ctx of contexts) for (const p of permissionIds) if (can(given, p, ctx)) expect(can(assignerTemplate, p, ctx), `${a.template} wider than ${assignerTemplate.id} on ${p}`).toBe(true);
          }
          directory = r.value;
          for (const m of directory.projects[0]?.members ?? []) {
            expect(m.templateId === start.get(m.userId) || oneHop.has(m.templateId), `${m.userId} holds ${m.templateId}`).toBe(true);
          }
        }
      }),
      { numRuns: pbtRuns() * 5 },
    );
  });
});
