import { describe, expect, it } from 'vitest';
import { createConnectionService, createInMemoryStorage, manualClock, sequentialIds } from '../index.js';
import { serviceWorldDirectory } from './serviceWorld.js';

describe('service worlds with an approval mode per company (C4, C5)', () => {
  it('C4/C5: one upstream company approving automatically and one manually, in one world', async () => {
    const directory = serviceWorldDirectory({ auto: ['auto-up'], hand: ['hand-up'], sub: ['d-1', 'd-2', 'd-3'] }, { auto: 'automatic' });
    const service = createConnectionService({
      storage: createInMemoryStorage(), directory, notifications: { deliver: async () => {} }, sync: { perform: async () => {} }, clock: manualClock(0), ids: sequentialIds(),
    });
    const request = (upstreamProjectId: string, downstreamProjectId: string) =>
      service.requestConnection({ actorId: 'model-admin', upstreamProjectId, downstreamProjectId, dataTypes: ['drawings'] });
    const automatic = await request('auto-up', 'd-1');
    const manual = await request('hand-up', 'd-2');
    expect(automatic.ok && automatic.value.connection?.state).toBe('connected');
    expect(manual.ok && manual.value.connection?.state).toBe('pending');
    // C4: the automatic upstream takes a second downstream project as well.
    const second = await request('auto-up', 'd-3');
    expect(second.ok && second.value.connection?.state).toBe('connected');
  });
});
