import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  initialSharedProjectModel,
  initialSharedProjectReal,
  sharedProjectInvariantFailures,
  sharedProjectModelCommands,
  type SharedProjectModel,
  type SharedProjectReal,
} from '../../src/shared-project/arbitraries.js';
import type { Plan, PlanLimits } from '../../src/shared-project/index.js';
import { pbtRuns } from '../support/pbt.js';

/** SPEC H4 written out, not read from the library's defaults. */
const SPEC_LIMITS: PlanLimits = { starter: 0, professional: 3, organization: 6, enterprise: 15 };

/**
 * Every answer the library gives the model-based commands (they call `executeSharedProjectCommand`),
 * so the properties can tell how often a limit refused a command and how full a team got.
 */
const answers = vi.hoisted(() => ({ list: [] as { type: string; code: string; team: string | null; count: number; limit: number }[] }));
vi.mock('../../src/shared-project/api.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/shared-project/api.js')>();
  const execute: typeof actual.executeSharedProjectCommand = (view, command, context) => {
    const r = actual.executeSharedProjectCommand(view, command, context);
    const type = typeof command === 'object' && command !== null && 'type' in command ? String(command.type) : '?';
    if (!r.ok) {
      const d = r.error.code === 'PLAN_LIMIT_REACHED' ? (r.error.details as { teamId: string; count: number; limit: number }) : null;
      answers.list.push({ type, code: r.error.code, team: d?.teamId ?? null, count: d?.count ?? 0, limit: d?.limit ?? 0 });
    } else if (type === 'invite' || type === 'accept') {
      // The team that took a slot, and its count and limit right after.
      const share = r.value.state.shares[String((command as { shareId: string }).shareId)];
      const team = share === undefined ? null : type === 'invite' ? share.hostTeamId : share.externalTeamId;
      const plan = team === null ? undefined : r.value.state.teams[team]?.plan;
      const limits = (context as { policy?: { limits?: PlanLimits } }).policy?.limits;
      answers.list.push({ type, code: 'ok', team, count: team === null ? 0 : (r.value.state.usage[team]?.count ?? 0), limit: plan === undefined || limits === undefined ? -1 : limits[plan] });
    }
    return r;
  };
  return { ...actual, executeSharedProjectCommand: execute };
});

const plans: Record<string, Plan> = { agency: 'professional', studio: 'organization', corp: 'enterprise', client: 'professional', shop: 'starter' };
const projects = Array.from({ length: 16 }, (_, i) => `p${i + 1}`);

/**
 * The model's commands, weighted towards taking slots: of every nine picks four are invitations, three
 * acceptances or disconnects, one any share command, one a plan change.
 */
function weightedCommands(): fc.Arbitrary<fc.Command<SharedProjectModel, SharedProjectReal>>[] {
  const all = sharedProjectModelCommands(Object.keys(plans), projects);
  const [invite, onShare, acceptOrDisconnect, changePlan] = all;
  // The weighting relies on the order of the commands: check it.
  const kind = (a: fc.Arbitrary<unknown> | undefined) => (a === undefined ? '?' : String(fc.sample(a, { numRuns: 1, seed: 1 })[0]).split('(')[0]);
  expect([all.length, kind(invite), kind(changePlan)]).toEqual([4, 'invite', 'change_plan']);
  return [invite!, invite!, invite!, invite!, acceptOrDisconnect!, acceptOrDisconnect!, acceptOrDisconnect!, onShare!, changePlan!];
}

/** Runs the property, then sums what the library answered over all its runs. */
function runModel(limits: PlanLimits | undefined, maxCommands: number) {
  answers.list = [];
  let admissions = 0;
  let runsWithLimitRefusal = 0;
  let runsWithAcceptAtLimit = 0;
  let commands = 0;
  fc.assert(
    fc.property(fc.commands(weightedCommands(), { maxCommands, size: 'max' }), (cmds) => {
      const from = answers.list.length;
      // The model's limits are passed to the library too (`policy.limits`); the defaults are pinned in decide.test.ts.
      const model = initialSharedProjectModel(plans, limits ?? SPEC_LIMITS);
      const real = initialSharedProjectReal(plans);
      fc.modelRun(() => ({ model, real }), cmds);
      expect(sharedProjectInvariantFailures(real.view)).toEqual([]);
      for (const a of model.admissions) expect(a.count).toBeLessThanOrEqual(a.limit);
      admissions += model.admissions.length;
      commands += [...cmds].length;
      const run = answers.list.slice(from);
      if (run.some((a) => a.code === 'PLAN_LIMIT_REACHED')) runsWithLimitRefusal += 1;
      if (run.some((a) => a.type === 'accept' && a.code === 'ok' && a.count === a.limit)) runsWithAcceptAtLimit += 1;
    }),
    { numRuns: pbtRuns() },
  );
  const refused = (type: string) => answers.list.filter((a) => a.type === type && a.code === 'PLAN_LIMIT_REACHED').length;
  return { admissions, commands, runsWithLimitRefusal, runsWithAcceptAtLimit, invitesRefused: refused('invite'), acceptsRefused: refused('accept'), answered: answers.list };
}

describe('shared projects: model-based properties', () => {
  it('H1 H4 H5 H9: random invite/accept/decline/cancel/disconnect/plan-change sequences keep every invariant, up to the default limits', () => {
    const r = runModel(undefined, 80);
    expect(r.admissions).toBeGreaterThan(0);
    expect(r.commands / pbtRuns(), 'commands per run, on average').toBeGreaterThan(20);
    // H4 with the default limits (3/6/15): the sequences are long enough to fill a team and be refused,
    // at invitation and at acceptance.
    expect(r.invitesRefused, 'invitations refused with PLAN_LIMIT_REACHED').toBeGreaterThan(0);
    expect(r.acceptsRefused, 'acceptances refused with PLAN_LIMIT_REACHED').toBeGreaterThan(0);
    expect(r.runsWithAcceptAtLimit, 'runs where an acceptance filled the team to its limit').toBeGreaterThan(0);
  });

  it('H4: with small custom limits, teams reach their limit and are refused, never exceeded', () => {
    const limits = { starter: 0, professional: 1, organization: 2, enterprise: 3 };
    const r = runModel(limits, 40);
    expect(r.invitesRefused, 'invitations refused with PLAN_LIMIT_REACHED').toBeGreaterThan(0);
    expect(r.acceptsRefused, 'acceptances refused with PLAN_LIMIT_REACHED').toBeGreaterThan(0);
    expect(r.runsWithLimitRefusal * 4, 'runs with a limit refusal (at least a quarter)').toBeGreaterThanOrEqual(pbtRuns());
    expect(r.runsWithAcceptAtLimit, 'runs where an acceptance filled the team to its limit').toBeGreaterThan(0);
    // Every refusal names a team at (or, after a plan change, above) its limit (H4, H5).
    for (const a of r.answered) if (a.code === 'PLAN_LIMIT_REACHED') expect(a.count).toBeGreaterThanOrEqual(a.limit);
  });
});
