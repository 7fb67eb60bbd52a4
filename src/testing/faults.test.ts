import { describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../adapters/memory/index.js';
import { faultInjector, faultyStorage } from './faults.js';

const item = (id: string) => ({ id, kind: 'notification' as const, payload: { id }, availableAt: 0 });

describe('faulty ports', () => {
  it('N5: faultyStorage wraps every storage method, releaseOutbox included (a service under faults hands leases back)', async () => {
    const base = createInMemoryStorage();
    const faults = faultInjector((call) => (call.method === 'releaseOutbox' && call.index === 2 ? 'throw' : null));
    const storage = faultyStorage(base, faults);
    const methods = ['load', 'commit', 'query', 'history', 'receipt', 'claimOutbox', 'markDelivered', 'markFailed', 'releaseOutbox'] as const;
    expect(methods.filter((m) => typeof storage[m] !== 'function')).toEqual([]);
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('n-1')] });
    await storage.claimOutbox({ now: 0, limit: 1, owner: 'a', leaseMs: 1_000 });
    await expect(storage.releaseOutbox(['n-1'], 'a')).rejects.toThrow(/injected throw in storage\.releaseOutbox/);
    expect(await base.claimOutbox({ now: 0, limit: 1, owner: 'b', leaseMs: 1_000 })).toEqual([]);
    await storage.releaseOutbox(['n-1'], 'a');
    expect((await base.claimOutbox({ now: 0, limit: 1, owner: 'b', leaseMs: 1_000 })).map((i) => i.id)).toEqual(['n-1']);
    expect(faults.injected.map((f) => [f.method, f.index])).toEqual([['releaseOutbox', 2]]);
  });
});
