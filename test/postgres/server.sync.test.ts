import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createInMemoryDirectory } from '../../src/adapters/memory/index.js';
import { manualClock } from '../../src/ports/clock.js';
import type { StoragePort } from '../../src/ports/storage.js';
import type { SyncJob } from '../../src/ports/transports.js';
import { createConnectionService, type ConnectionService } from '../../src/service/index.js';
import { serviceWorldData } from '../../src/testing/serviceWorld.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

// Sync through the service on a real PostgreSQL server: INSTANCES service instances publishing,
// disconnecting and dispatching at once (S5, S6).
const INSTANCES = 4;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const DOWNSTREAMS = ['el-a', 'el-b', 'pl-a'];
const server = realServer();
const world = () => serviceWorldData({ gc: ['gc-a'], electric: ['el-a', 'el-b'], plumbing: ['pl-a'] });

const isOp = (j: SyncJob) => j.kind === 'copy' || j.kind === 'update' || j.kind === 'delete';

onRealServer(server, 'a real PostgreSQL server is available for the sync tests', (url) => {
  const storages = serverStorages(url);
  afterEach(() => storages.endPools());
  afterAll(() => storages.close());

  describe(`sync: ${INSTANCES} service instances on one real PostgreSQL database`, () => {
    it('S5/S6: publishes racing a disconnect and concurrent dispatchers: every copy of the disconnected connection reads detached, nothing is sent for it once the disconnect committed, the others hold one copy of each item', async () => {
      const schema = await storages.schema();
      const performed: { job: SyncJob; afterDisconnect: boolean }[] = [];
      let disconnected = false;
      const clock = manualClock(T0);
      let next = 0;
      const services: ConnectionService[] = Array.from({ length: INSTANCES }, (_, n) =>
        createConnectionService({
          storage: storages.storage(storages.pool(3), schema) as StoragePort,
          directory: createInMemoryDirectory(world()),
          notifications: { deliver: async () => undefined },
          sync: { perform: async (job) => void performed.push({ job, afterDisconnect: disconnected }) },
          clock,
          ids: { next: (kind) => `${kind}-s${n}-${(next += 1)}` },
          policy: { maxAttempts: 8 * INSTANCES },
        }),
      );
      const first = services[0]!;
      for (const [i, down] of DOWNSTREAMS.entries()) {
        const r = await first.requestConnection({ actorId: 'model-admin', connectionId: `cn-${i}`, upstreamProjectId: 'gc-a', downstreamProjectId: down, dataTypes: ['drawings'] });
        expect(r.ok, JSON.stringify(r)).toBe(true);
        expect((await first.approveConnection({ actorId: 'model-admin', connectionId: `cn-${i}` })).ok).toBe(true);
      }
      await first.dispatchOutbox();

      // Each instance publishes its own batch, one disconnects cn-0, all dispatch, at once.
      const publishes = services.map((s, n) =>
        s.publishUpstreamItems({ upstreamProjectId: 'gc-a', items: Array.from({ length: 5 }, (_, i) => ({ dataType: 'drawings', itemId: `D-${n}-${i}`, revision: 1 })) }),
      );
      const disconnect = services[1]!.disconnectConnection({ actorId: 'model-admin', connectionId: 'cn-0', reason: 'race' }).then((r) => {
        disconnected = true;
        return r;
      });
      const dispatches = services.map((s) => s.dispatchOutbox());
      const answers = await Promise.all([...publishes, disconnect, ...dispatches]);
      for (const a of answers) expect(a.ok, JSON.stringify(a)).toBe(true);
      for (let round = 0; round < 6; round += 1) {
        clock.advance(60_000);
        await Promise.all(services.map((s) => s.dispatchOutbox()));
      }

      // S5: the disconnected connection: nothing attached, nothing sent for it after its disconnect (beyond
      // an operation already checked when the disconnect committed, which the check-then-send window allows: none here after the drain).
      const status = await first.connectionSyncStatus({ connectionId: 'cn-0' });
      expect(status.ok && status.value).toMatchObject({ connectionState: 'disconnected', pending: 0, synced: 0, failed: 0 });
      const lateForCn0 = performed.filter((p) => p.afterDisconnect && isOp(p.job) && p.job.connectionId === 'cn-0');
      const inFlight = INSTANCES; // at most one operation per dispatcher can have passed its check before the commit
      expect(lateForCn0.length).toBeLessThanOrEqual(inFlight);
      for (let n = 0; n < INSTANCES; n += 1) {
        for (let i = 0; i < 5; i += 1) {
          const copies = await first.itemCopies({ upstreamProjectId: 'gc-a', dataType: 'drawings', itemId: `D-${n}-${i}` });
          expect(copies.ok).toBe(true);
          if (!copies.ok) continue;
          for (const c of copies.value.items) if (c.connectionId === 'cn-0') expect(c.state).toBe('detached');
          // S6: every connected downstream holds the item once, synced.
          const live = copies.value.items.filter((c) => c.connectionId !== 'cn-0');
          expect(live.map((c) => `${c.connectionId}:${c.state}`).sort()).toEqual(['cn-1:synced', 'cn-2:synced']);
        }
      }
      for (const id of ['cn-1', 'cn-2']) {
        const s = await first.connectionSyncStatus({ connectionId: id });
        expect(s.ok && s.value).toMatchObject({ synced: 5 * INSTANCES, pending: 0, failed: 0, detached: 0 });
        const keys = performed.filter((p) => isOp(p.job) && p.job.connectionId === id).map((p) => p.job.key);
        expect(new Set(keys).size).toBe(5 * INSTANCES);
      }
    }, 60_000);
  });
});
