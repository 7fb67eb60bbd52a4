import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blank, must } from '../../test/permissions/helpers.js';
import { pbtRuns } from '../../test/support/pbt.js';
import { evaluationContextArbitrary, permissionIdArbitrary, templateArbitrary } from './arbitraries.js';
import { BUILT_IN_CATALOG } from './catalog.js';
import { can, setToolLevel, toolLevelOf } from './index.js';
import { grantsWithin } from './template-order.js';
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
    fc.assert(
      fc.property(templateArbitrary(), templateArbitrary(), permissionIdArbitrary(), evaluationContextArbitrary(), (a, b, permission, context) => {
        if (!grantsWithin(BUILT_IN_CATALOG, a, b)) return;
        if (can(a, permission, context)) expect(can(b, permission, context)).toBe(true);
        for (const tool of Object.keys(BUILT_IN_CATALOG.tools)) expect(levelAtLeast(must(toolLevelOf(b, tool)), must(toolLevelOf(a, tool)))).toBe(true);
      }),
      { numRuns: pbtRuns() * 5 },
    );
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
