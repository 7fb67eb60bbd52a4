import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectionModelCommands, initialConnectionModel, initialConnectionReal, type ConnectionModel } from '../../src/testing/connectionModel.js';
import { serviceModelCommands } from '../../src/testing/serviceModel.js';
import { pbtRuns } from '../support/pbt.js';

/**
 * Outcomes the runs must reach, so that the test cannot silently stop exercising them: a success (with an
 * effect) of every command kind, and the refusals of the rules that span connections and of time.
 */
const MUST_HAPPEN = [
  ...['request', 'approve', 'decline', 'cancel', 'undo_request', 'undo_approval', 'disconnect', 'reconcile'].map((kind) => `${kind}:ok`),
  'request:ONE_UPSTREAM_ONLY',
  'request:RECONNECT_FORBIDDEN',
  'request:ROLE_CONFLICT',
  'undo_request:UNDO_WINDOW_CLOSED',
  'outsider request:NOT_AUTHORIZED',
];

describe('connection lifecycle, model-based', () => {
  it.each([
    ['no expiry', {}],
    ['30-minute pending expiry', { pendingExpiryMs: 30 * 60_000 }],
  ])('C1/C2/C3/C4/C5/C6/C7/C8/C9/C10/C11/C12/C13/C16/C17: every command\'s outcome (success and the resulting records, or the exact refusal code) matches the model (%s)', (_label, policy) => {
    const totals = new Map<string, number>();
    const runs = pbtRuns();
    fc.assert(
      fc.property(fc.commands(connectionModelCommands(), { maxCommands: 60, size: 'medium' }), (commands) => {
        let model: ConnectionModel | undefined;
        fc.modelRun(() => {
          model = initialConnectionModel(undefined, policy);
          return { model, real: initialConnectionReal() };
        }, commands);
        for (const [key, n] of model?.outcomes ?? []) totals.set(key, (totals.get(key) ?? 0) + n);
      }),
      { numRuns: runs },
    );
    // About one run in forty at least (each is reached in one run in ten or more); too few runs to tell below 100.
    if (runs >= 100) for (const outcome of MUST_HAPPEN) expect.soft(totals.get(outcome) ?? 0, outcome).toBeGreaterThanOrEqual(Math.floor(runs / 40));
  });

  it('C1: a model world in which one project belongs to two companies is refused at once, naming the project and both owners (not a confusing failure mid-run)', () => {
    const world = { companies: { gc: ['tower', 'shared'], sub: ['shared'] } };
    expect(() => connectionModelCommands(world)).toThrow(/project "shared" belongs to two companies \("gc" and "sub"\)/);
    expect(() => serviceModelCommands(world)).toThrow(/project "shared" belongs to two companies/);
    expect(connectionModelCommands({ companies: { gc: ['tower'], sub: ['tower-electric'] } }).length).toBeGreaterThan(0);
  });
});

