import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { createServiceModelSystem, serviceModelCommands, type ServiceModel } from '../../src/testing/serviceModel.js';
import { DEFAULT_CONNECTION_WORLD } from '../../src/testing/connectionModel.js';
import { pbtRuns } from '../support/pbt.js';

/**
 * Outcomes the runs must reach, so that the test cannot silently stop exercising them: a success (with an
 * effect) of every command kind, and the refusals of the rules that span connections and of time.
 */
const MUST_HAPPEN = [
  ...['request', 'approve', 'decline', 'cancel', 'undo_request', 'undo_approval', 'disconnect', 'reconcile', 'sweep'].map((kind) => `${kind}:ok`),
  'request:ONE_UPSTREAM_ONLY',
  'request:RECONNECT_FORBIDDEN',
  'request:ROLE_CONFLICT',
  'undo_request:UNDO_WINDOW_CLOSED',
  'outsider request:NOT_AUTHORIZED',
];

describe('connection lifecycle, model-based, through the service on the in-memory adapter', () => {
  it.each([
    ['no expiry', {}],
    ['30-minute pending expiry', { pendingExpiryMs: 30 * 60_000 }],
  ])('C1/C2/C3/C4/C5/C6/C7/C8/C9/C10/C11/C12/C13/C16/C17: every command\'s outcome (success and the stored records, or the exact refusal code) matches the model (%s)', async (_label, policy) => {
    const totals = new Map<string, number>();
    const runs = pbtRuns();
    await fc.assert(
      fc.asyncProperty(fc.commands(serviceModelCommands(), { maxCommands: 60, size: 'medium' }), async (commands) => {
        let model: ServiceModel | undefined;
        await fc.asyncModelRun(() => {
          const system = createServiceModelSystem(createInMemoryStorage(), { policy });
          model = system.model;
          return system;
        }, commands);
        for (const [key, n] of model?.outcomes ?? []) totals.set(key, (totals.get(key) ?? 0) + n);
      }),
      { numRuns: runs },
    );
    // About one run in forty at least (each is reached in one run in ten or more); too few runs to tell below 100.
    if (runs >= 100) for (const outcome of MUST_HAPPEN) expect.soft(totals.get(outcome) ?? 0, outcome).toBeGreaterThanOrEqual(Math.floor(runs / 40));
  });
});

describe('the service model refuses what it cannot use (test tooling throws, docs/testing.md)', () => {
  it('C1–C17 model: a world with no project, or one that is not a { companies } map, throws instead of running on the default world', () => {
    for (const world of [{ companies: {} }, { companies: { gc: [] } }, { companies: 42 }, {}] as never[]) {
      expect(() => serviceModelCommands(world)).toThrow(/^connection model world: /);
      expect(() => createServiceModelSystem(createInMemoryStorage(), { world })).toThrow(/^connection model world: /);
    }
    expect(() => createServiceModelSystem(createInMemoryStorage(), { now: Number.NaN })).toThrow(/^service model options: now/);
    expect(() => createServiceModelSystem(createInMemoryStorage(), { policy: 'strict' as never })).toThrow(/^service model options: policy/);
    // No world given: the documented default world.
    expect(createServiceModelSystem(createInMemoryStorage()).real.world).toBe(DEFAULT_CONNECTION_WORLD);
    expect(serviceModelCommands().length).toBeGreaterThan(5);
  });
});
