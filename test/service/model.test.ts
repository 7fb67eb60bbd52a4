import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { createServiceModelSystem, serviceModelCommands } from '../../src/testing/serviceModel.js';
import { pbtRuns } from '../support/pbt.js';

describe('connection lifecycle, model-based, through the service on the in-memory adapter', () => {
  it.each([
    ['no expiry', {}],
    ['30-minute pending expiry', { pendingExpiryMs: 30 * 60_000 }],
  ])('C3/C10/C11/C13: invariants hold on the stored records after every step (%s)', async (_label, policy) => {
    await fc.assert(
      fc.asyncProperty(fc.commands(serviceModelCommands(), { maxCommands: 40, size: 'medium' }), async (commands) => {
        await fc.asyncModelRun(() => createServiceModelSystem(createInMemoryStorage(), { policy }), commands);
      }),
      { numRuns: Math.max(20, Math.floor(pbtRuns() / 2)) },
    );
  });
});
