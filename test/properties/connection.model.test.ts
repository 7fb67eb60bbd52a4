import fc from 'fast-check';
import { describe, it } from 'vitest';
import { connectionModelCommands, initialConnectionModel, initialConnectionReal } from '../../src/testing/connectionModel.js';
import { pbtRuns } from '../support/pbt.js';

describe('connection lifecycle, model-based (C3, C10, C11, C12, C13)', () => {
  it.each([
    ['no expiry', {}],
    ['30-minute pending expiry', { pendingExpiryMs: 30 * 60_000 }],
  ])('C3/C10/C11/C13: invariants hold after every step of random command sequences (%s)', (_label, policy) => {
    fc.assert(
      fc.property(fc.commands(connectionModelCommands(), { maxCommands: 60, size: 'medium' }), (commands) => {
        fc.modelRun(() => ({ model: initialConnectionModel(undefined, policy), real: initialConnectionReal() }), commands);
      }),
      { numRuns: pbtRuns() },
    );
  });
});
