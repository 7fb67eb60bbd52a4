import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../../src/adapters/memory/index.js';
import type { OutboxItem, StoragePort } from '../../src/ports/storage.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

const server = realServer();

const time = fc.integer({ min: 0, max: 40 });
const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('add' as const), group: fc.constantFrom(undefined, 'g1', 'g2', 'g3'), at: time, n: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('claim' as const), now: time, max: fc.integer({ min: 1, max: 6 }), owner: fc.constantFrom('o1', 'o2'), leaseMs: fc.constantFrom(0, 5, 20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('deliver' as const, 'release' as const), pick: fc.nat(), owner: fc.constantFrom('o1', 'o2') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fail' as const), pick: fc.nat(), at: time, owner: fc.constantFrom('o1', 'o2') }) },
);

onRealServer(server, 'a real PostgreSQL server is available for the outbox claim tests', (url) => {
  const storages = serverStorages(url);
  afterAll(() => storages.close());

  describe('PostgreSQL outbox claim (schema version 5) against the in-memory adapter', () => {
    it('N5/S6: every claim leases the same items in the same order as the in-memory adapter (due, unleased, of a group only those before its first item that cannot be claimed)', async () => {
      let claimed = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40 }), async (ops) => {
          const pg = storages.storage(storages.admin, await storages.schema());
          const memory = createInMemoryStorage();
          const both: readonly StoragePort[] = [pg, memory];
          const ids: string[] = [];
          let n = 0;
          for (const o of ops) {
            const pick = (k: number) => ids[k % Math.max(1, ids.length)] ?? 'none';
            switch (o.kind) {
              case 'add': {
                const items: OutboxItem[] = Array.from({ length: o.n }, () => {
                  const base = { id: `i${(n += 1)}`, kind: 'notification' as const, payload: { n }, availableAt: o.at };
                  return o.group === undefined ? base : { ...base, group: o.group };
                });
                for (const s of both) expect((await s.commit({ expected: [], writes: [], events: [], outbox: items })).ok).toBe(true);
                ids.push(...items.map((i) => i.id));
                break;
              }
              case 'claim': {
                const [a, b] = await Promise.all(both.map((s) => s.claimOutbox({ now: o.now, limit: o.max, owner: o.owner, leaseMs: o.leaseMs })));
                expect(a!.map((i) => i.id)).toEqual(b!.map((i) => i.id));
                claimed += a!.length;
                break;
              }
              case 'deliver':
                for (const s of both) await s.markDelivered([pick(o.pick)], o.owner);
                break;
              case 'release':
                for (const s of both) await s.releaseOutbox([pick(o.pick)], o.owner);
                break;
              case 'fail':
                for (const s of both) await s.markFailed(pick(o.pick), 'down', o.at, o.owner);
                break;
            }
          }
        }),
        { numRuns: 40 },
      );
      expect(claimed, 'items claimed over the runs').toBeGreaterThan(100);
    }, 120_000);
  });
});
