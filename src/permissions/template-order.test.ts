import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blank, must } from '../../test/permissions/helpers.js';
import { pbtRuns } from '../../test/support/pbt.js';
import { evaluationContextArbitrary, permissionIdArbitrary, templateArbitrary } from './arbitraries.js';
import { BUILT_IN_CATALOG } from './catalog.js';
import { can, enableAll, enablePermission, setToolLevel, toolLevelOf } from './index.js';
import { grantsWithin } from './template-order.js';
import type { PermissionId } from './catalog-types.js';
import { levelAtLeast } from '../core/level.js';

describe('"not wider than" between templates (P10)', () => {
  it('P10: a template is within itself, and the empty template is within any template', () => {
    fc.assert(
      fc.property(templateArbitrary(), (t) => {
        expect(grantsWithin(BUILT_IN_CATALOG, t, t)).toBe(true);
        expect(grantsWithin(BUILT_IN_CATALOG, blank(), t)).toBe(true);
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('P10: when a is within b, b allows every check a allows and has every level a has', () => {
    // b is built from a by widening only: some tools raised a level, some tools with every permission
    // enabled. So a is within b by construction, and a allows checks for the implication to cover.
    // "Enable all" widens only on tools without an overriding permission: switching on
    // daily_log.collaborator_entry_only narrows (P6), and `grantsWithin` rightly says so.
    const tools = Object.values(BUILT_IN_CATALOG.tools).filter((t) => !t.perType).map((t) => t.id);
    const narrowing = new Set(Object.values(BUILT_IN_CATALOG.permissions).filter((p) => p.overriddenBy.length > 0).map((p) => p.tool));
    const widening = fc.array(fc.record({ tool: fc.constantFrom(...tools), raise: fc.boolean() }), { minLength: 1, maxLength: 8 });
    const PERMISSIONS = Object.keys(BUILT_IN_CATALOG.permissions) as PermissionId[];
    let runs = 0;
    let runsAllowing = 0;
    fc.assert(
      fc.property(templateArbitrary(), widening, evaluationContextArbitrary(), (a, steps, context) => {
        let b = a;
        for (const { tool, raise } of steps) {
          const level = must(toolLevelOf(b, tool));
          if (raise) b = must(setToolLevel(b, tool, level === 'none' ? 'read_only' : level === 'read_only' ? 'standard' : 'admin'));
          else if ((level === 'read_only' || level === 'standard') && !narrowing.has(tool)) b = must(enableAll(b, tool));
        }
        expect(grantsWithin(BUILT_IN_CATALOG, a, b)).toBe(true);
        runs += 1;
        let allowing = false;
        for (const permission of PERMISSIONS) {
          if (!can(a, permission, context)) continue;
          allowing = true;
          expect(can(b, permission, context)).toBe(true);
        }
        if (allowing) runsAllowing += 1;
        for (const tool of Object.keys(BUILT_IN_CATALOG.tools)) expect(levelAtLeast(must(toolLevelOf(b, tool)), must(toolLevelOf(a, tool)))).toBe(true);
      }),
      { numRuns: pbtRuns() * 2 },
    );
    // The implication was exercised, not only vacuously true: a allowed some check in many runs.
    expect(runsAllowing / runs).toBeGreaterThan(0.2);
  });

  it('P10: random pairs agree with the definition: a within b means no check or level of a beyond b', () => {
    fc.assert(
      fc.property(templateArbitrary(), templateArbitrary(), permissionIdArbitrary(), evaluationContextArbitrary(), (a, b, permission, context) => {
        if (!grantsWithin(BUILT_IN_CATALOG, a, b)) return;
        if (can(a, permission, context)) expect(can(b, permission, context)).toBe(true);
      }),
      { numRuns: pbtRuns() * 2 },
    );
  });

  it('P10/P6: switching on an overriding permission narrows: a template with it on is not wider than one without', () => {
    const own = must(enablePermission(must(setToolLevel(blank(), 'daily_log', 'standard')), 'daily_log.standard_edit_delete_own_entries'));
    const restricted = must(enablePermission(own, 'daily_log.collaborator_entry_only'));
    expect(can(own, 'daily_log.standard_edit_delete_own_entries')).toBe(true);
    expect(can(restricted, 'daily_log.standard_edit_delete_own_entries')).toBe(false);
    // A holder of `restricted` may not give `own`: it allows what `restricted` does not.
    expect(grantsWithin(BUILT_IN_CATALOG, own, restricted)).toBe(false);
  });

  it('P10: a higher level, or a permission the other lacks, is wider', () => {
    const ro = must(setToolLevel(blank(), 'rfis', 'read_only'));
    const std = must(setToolLevel(blank(), 'rfis', 'standard'));
    expect(grantsWithin(BUILT_IN_CATALOG, ro, std)).toBe(true);
    expect(grantsWithin(BUILT_IN_CATALOG, std, ro)).toBe(false);
    const photos = must(setToolLevel(blank(), 'photos', 'standard'));
    expect(grantsWithin(BUILT_IN_CATALOG, photos, std)).toBe(false);
    const letter = must(setToolLevel(blank(), 'correspondence', 'standard', { itemType: 'letter' }));
    expect(grantsWithin(BUILT_IN_CATALOG, letter, blank())).toBe(false);
    expect(grantsWithin(BUILT_IN_CATALOG, blank(), letter)).toBe(true);
  });
});
