import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  initialSharedProjectModel,
  initialSharedProjectReal,
  sharedProjectInvariantFailures,
  sharedProjectModelCommands,
} from '../../src/shared-project/arbitraries.js';
import type { Plan } from '../../src/shared-project/index.js';
import { pbtRuns } from '../support/pbt.js';

const plans: Record<string, Plan> = { agency: 'professional', studio: 'organization', corp: 'enterprise', client: 'professional', shop: 'starter' };
const projects = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];

describe('shared projects: model-based properties', () => {
  it('H1 H4 H5 H9: random invite/accept/decline/cancel/disconnect/plan-change sequences keep every invariant', () => {
    let admissions = 0;
    fc.assert(
      fc.property(fc.commands(sharedProjectModelCommands(Object.keys(plans), projects), { maxCommands: 60 }), (cmds) => {
        const model = initialSharedProjectModel(plans);
        const real = initialSharedProjectReal(plans);
        fc.modelRun(() => ({ model, real }), cmds);
        expect(sharedProjectInvariantFailures(real.view)).toEqual([]);
        for (const a of model.admissions) expect(a.count).toBeLessThanOrEqual(a.limit);
        admissions += model.admissions.length;
      }),
      { numRuns: pbtRuns() },
    );
    expect(admissions).toBeGreaterThan(0);
  });

  it('H4: with small custom limits, teams reach their limit and are refused, never exceeded', () => {
    const limits = { starter: 0, professional: 1, organization: 2, enterprise: 3 };
    let refusalsPossible = 0;
    fc.assert(
      fc.property(fc.commands(sharedProjectModelCommands(Object.keys(plans), projects), { maxCommands: 40 }), (cmds) => {
        const model = initialSharedProjectModel(plans, limits);
        const real = initialSharedProjectReal(plans);
        fc.modelRun(() => ({ model, real }), cmds);
        for (const a of model.admissions) expect(a.count).toBeLessThanOrEqual(a.limit);
        refusalsPossible += model.admissions.filter((a) => a.count === a.limit).length;
      }),
      { numRuns: pbtRuns() },
    );
    expect(refusalsPossible).toBeGreaterThan(0);
  });
});
