import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { sequentialIds } from '../../src/ports/clock.js';
import type { StoragePort } from '../../src/ports/storage.js';
import { CONNECTION_SERVICE_METHODS, createConnectionService, type ConnectionService } from '../../src/service/index.js';
import { createServiceModelSystem, serviceModelCommands, type ServiceModel } from '../../src/testing/serviceModel.js';
import { pbtRuns } from '../support/pbt.js';

/** Counts the storage's commits that conflicted: each is a command decided on a kept record gone stale. */
function counting(storage: StoragePort): { storage: StoragePort; conflicts: () => number; loads: () => number } {
  let conflicts = 0;
  let loads = 0;
  const counted: StoragePort = Object.create(storage) as StoragePort;
  Object.assign(counted, {
    load: (keys: readonly string[]) => ((loads += 1), storage.load(keys)),
    commit: async (request: Parameters<StoragePort['commit']>[0]) => {
      const r = await storage.commit(request);
      if (!r.ok) conflicts += 1;
      return r;
    },
  });
  return { storage: counted, conflicts: () => conflicts, loads: () => loads };
}

describe('connection lifecycle, model-based, through two service instances that keep record caches (issue 12)', () => {
  it('C1/C3/C6/C7/C8/C10/C11/C12/C16/C17: with commands spread over two caching instances on one storage, every outcome matches the model', async () => {
    let conflicts = 0;
    /** Successful calls that loaded nothing: decided on kept records (or answered without records). */
    let withoutLoad = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(serviceModelCommands(), { maxCommands: 60, size: 'medium' }), fc.infiniteStream(fc.boolean()), async (cmds, picks) => {
        let model: ServiceModel | undefined;
        let counted: ReturnType<typeof counting> | undefined;
        await fc.asyncModelRun(() => {
          const system = createServiceModelSystem(createInMemoryStorage(), { policy: { pendingExpiryMs: 30 * 60_000 } });
          model = system.model;
          counted = counting(system.real.storage);
          // Two instances on the system's storage, directory and clock (ids from one port, as UUIDs would be).
          const ids = sequentialIds();
          const make = () =>
            createConnectionService({
              storage: counted!.storage,
              directory: system.real.directory,
              notifications: { deliver: async () => undefined },
              sync: { perform: async () => undefined },
              clock: system.real.clock,
              ids,
              policy: { connection: model!.policy, recordCache: 1_000 },
            });
          const instances = [make(), make()];
          const pick = picks[Symbol.iterator]();
          // Each call goes to the instance the stream picks: both keep records the other changes.
          const service = Object.fromEntries(
            CONNECTION_SERVICE_METHODS.map((m) => [
              m,
              async (...args: unknown[]) => {
                const before = counted!.loads();
                const r = (await (instances[pick.next().value ? 1 : 0]![m] as (...a: unknown[]) => Promise<{ ok: boolean }>)(...args)) as { ok: boolean };
                if (r.ok && counted!.loads() === before) withoutLoad += 1;
                return r;
              },
            ]),
          ) as unknown as ConnectionService;
          return { model: system.model, real: { ...system.real, service } };
        }, cmds);
        conflicts += counted?.conflicts() ?? 0;
      }),
      { numRuns: pbtRuns() },
    );
    // The runs must exercise the cache: commands decided without a load, and kept records gone stale.
    expect(conflicts, 'commits that conflicted on a stale kept record').toBeGreaterThan(0);
    expect(withoutLoad, 'successful calls that loaded nothing').toBeGreaterThan(0);
  });
});
