import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../src/notifications/notification-union.js';
import { manualClock } from '../../src/ports/clock.js';
import type { OutboxItem } from '../../src/ports/storage.js';
import { createOutboxDispatcher } from '../../src/service/index.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

// N5 with several instances: DISPATCHERS dispatchers, each with its own pool, drain one outbox at once.
const DISPATCHERS = 8;
const ITEMS = 400;
const server = realServer();

onRealServer(server, 'a real PostgreSQL server is available for the dispatcher test', (url) => {
  const storages = serverStorages(url);
  afterEach(() => storages.endPools());
  afterAll(() => storages.close());

  describe(`N5: ${DISPATCHERS} dispatchers on one outbox (real PostgreSQL)`, () => {
    it(`N5: ${DISPATCHERS} concurrent dispatchers deliver each of ${ITEMS} items exactly once (leases, FOR UPDATE SKIP LOCKED): 0 duplicates measured`, async () => {
      const schema = await storages.schema();
      const writer = storages.storage(storages.pool(2), schema);
      const items: OutboxItem[] = Array.from({ length: ITEMS }, (_, i) => ({ id: `n:${i}`, kind: 'notification', payload: { id: `n:${i}` }, availableAt: 0 }));
      for (let i = 0; i < ITEMS; i += 100) expect(await writer.commit({ expected: [], writes: [], events: [], outbox: items.slice(i, i + 100) })).toEqual({ ok: true });
      const deliveries = new Map<string, number>();
      const clock = manualClock(1_000);
      const dispatchers = Array.from({ length: DISPATCHERS }, (_, n) =>
        createOutboxDispatcher({
          storage: storages.storage(storages.pool(2), schema),
          notifications: {
            deliver: async (note: Notification) => {
              deliveries.set(note.id, (deliveries.get(note.id) ?? 0) + 1);
              await new Promise((resolve) => setTimeout(resolve, 1));
            },
          },
          sync: { perform: async () => undefined },
          clock,
          policy: { batchSize: 25, leaseMs: 60_000 },
          owner: `dispatcher-${n}`,
        }),
      );
      for (let round = 0; round < 40 && [...deliveries.values()].length < ITEMS; round += 1) {
        const reports = await Promise.all(dispatchers.map((d) => d.dispatch()));
        for (const r of reports) expect(r.ok && r.value.failed).toEqual([]);
      }
      const duplicates = [...deliveries.values()].reduce((sum, n) => sum + (n - 1), 0);
      expect(deliveries.size).toBe(ITEMS);
      expect(duplicates).toBe(0);
    }, 120_000);
  });
});
