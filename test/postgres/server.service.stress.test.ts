import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createInMemoryDirectory, type InMemoryDirectoryInput } from '../../src/adapters/memory/index.js';
import type { ConnectionView } from '../../src/connection/state.js';
import { ERROR_CODES, type DomainError } from '../../src/core/errors.js';
import type { Result } from '../../src/core/result.js';
import { manualClock } from '../../src/ports/clock.js';
import type { StoragePort } from '../../src/ports/storage.js';
import { createConnectionService, type ConnectionService } from '../../src/service/index.js';
import { connectionInvariantViolations } from '../../src/testing/connectionInvariants.js';
import { serviceWorldData } from '../../src/testing/serviceWorld.js';
import { storedConnectionView } from '../../src/testing/storedViews.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

// Stress through the application service: INSTANCES service instances, each with its own pg pool
// (as separate processes would have), on one real PostgreSQL database.
const INSTANCES = 8;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const UPSTREAMS = ['gc-a', 'gc-b', 'gc-c', 'gc-d'];
const DOWNSTREAMS = ['el-a', 'el-b', 'pl-a'];
const server = realServer();

function worldData(): InMemoryDirectoryInput {
  return serviceWorldData({ gc: UPSTREAMS, electric: ['el-a', 'el-b'], plumbing: ['pl-a'] }, 'manual', [
    { teamId: 'studio', admin: 'hana', domain: 'studio.example', plan: 'professional', hosts: Array.from({ length: 8 }, (_, n) => `sp-${n}`) },
    { teamId: 'client', admin: 'lea', domain: 'client.example', plan: 'professional' },
  ]);
}

function instance(storage: StoragePort, n: number, recordCache: number): ConnectionService {
  let next = 0;
  return createConnectionService({
    storage,
    directory: createInMemoryDirectory(worldData()),
    notifications: { deliver: async () => undefined },
    sync: { perform: async () => undefined },
    clock: manualClock(T0),
    ids: { next: (kind) => `${kind}-s${n}-${(next += 1)}` },
    policy: { maxAttempts: 4 * INSTANCES, recordCache },
  });
}

/** Every answer must be a success or an error with a SPEC §7 code. */
function expectAnswered(results: readonly Result<unknown, DomainError>[]): void {
  for (const r of results) {
    expect(r.ok || ERROR_CODES.includes(r.error.code), JSON.stringify(r)).toBe(true);
  }
}

function storedView(storage: StoragePort): Promise<ConnectionView> {
  return storedConnectionView(storage);
}

onRealServer(server, 'a real PostgreSQL server is available for the service stress tests', (url) => {
  const storages = serverStorages(url);
  afterEach(() => storages.endPools());
  afterAll(() => storages.close());
  // Each test runs twice: without a record cache, and with one in every instance (whose kept records
  // go stale as the other instances commit: conflicts and refusals decided again on fresh records).
  describe.each([
    ['', 0],
    [', each keeping a record cache', 1_000],
  ])(`stress: ${INSTANCES} service instances on one real PostgreSQL database%s`, (_label, recordCache) => {
    const fleet = async () => {
      const schema = await storages.schema();
      const stores = Array.from({ length: INSTANCES }, () => storages.storage(storages.pool(2), schema));
      return { stores, services: stores.map((s, n) => instance(s, n, recordCache)) };
    };

    it(`C3: ${INSTANCES} instances requesting and cancelling connections of the same downstream projects: never two open`, async () => {
      const { stores, services } = await fleet();
      for (let round = 0; round < 3; round += 1) {
        // Every instance asks for every downstream project at once, from different upstream projects.
        const requests = await Promise.all(
          services.flatMap((service, n) =>
            DOWNSTREAMS.map((downstream, d) =>
              service.requestConnection({ actorId: 'model-admin', upstreamProjectId: UPSTREAMS[(n + d + round) % UPSTREAMS.length] as string, downstreamProjectId: downstream, dataTypes: ['drawings'] }),
            ),
          ),
        );
        expectAnswered(requests);
        const won = requests.flatMap((r) => (r.ok && r.value.connection !== null ? [r.value.connection] : []));
        expect(won.map((c) => c.downstream.projectId).sort()).toEqual([...DOWNSTREAMS].sort());
        for (const r of requests) if (!r.ok) expect(['ONE_UPSTREAM_ONLY', 'CONCURRENT_MODIFICATION']).toContain(r.error.code);
        expect(connectionInvariantViolations(await storedView(stores[0] as StoragePort))).toEqual([]);

        // Every instance tries to cancel every open request at once: one cancel each succeeds.
        const cancels = await Promise.all(services.flatMap((service) => won.map((c) => service.cancelConnectionRequest({ actorId: 'model-admin', connectionId: c.id }))));
        expectAnswered(cancels);
        const cancelled = cancels.flatMap((r) => (r.ok && r.value.events.length > 0 ? [r.value.connection?.id] : []));
        expect(cancelled.sort()).toEqual(won.map((c) => c.id).sort());
        expect(connectionInvariantViolations(await storedView(stores[0] as StoragePort))).toEqual([]);
      }
    });

    it(`H4: ${INSTANCES} instances inviting for the same host team never exceed its plan limit`, async () => {
      const { services } = await fleet();
      const first = services[0] as ConnectionService;
      for (const teamId of ['studio', 'client']) expect((await first.syncTeamFromDirectory({ teamId })).ok).toBe(true);
      const limit = (await first.teamPlanUsage({ teamId: 'studio' })) as Result<{ limit: number }, DomainError>;
      if (!limit.ok) throw new Error(limit.error.message);
      const invites = await Promise.all(
        services.map((service, n) =>
          service.inviteExternalTeam({ actorId: 'hana', sharedProjectId: `sp-${n}`, hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' }),
        ),
      );
      expectAnswered(invites);
      const ok = invites.filter((r) => r.ok).length;
      expect(ok).toBe(limit.value.limit);
      for (const r of invites) if (!r.ok) expect(['PLAN_LIMIT_REACHED', 'CONCURRENT_MODIFICATION']).toContain(r.error.code);
      const usage = await first.teamPlanUsage({ teamId: 'studio' });
      expect(usage.ok && [usage.value.count, new Set(usage.value.shareIds).size]).toEqual([limit.value.limit, limit.value.limit]);
    });
  });
});
