import { createInMemoryDirectory } from '../../src/adapters/memory/index.js';
import { manualClock } from '../../src/ports/clock.js';
import type { StoragePort } from '../../src/ports/storage.js';
import { createConnectionService, type ConnectionService } from '../../src/service/index.js';
import { T0 } from './fixtures.js';

/** The code of a refusal, or `ok`. */
export const code = (r: { ok: boolean; error?: { code: string } }): string | undefined => (r.ok ? 'ok' : r.error?.code);

/** A service over `storage` and an in-memory directory of `data`, for the permission stories (no deliveries). */
export function permissionService(storage: StoragePort, data: Parameters<typeof createInMemoryDirectory>[0]): ConnectionService {
  let n = 0;
  return createConnectionService({
    storage,
    directory: createInMemoryDirectory(data),
    notifications: { deliver: async () => undefined },
    sync: { perform: async () => undefined },
    clock: manualClock(T0),
    ids: { next: (kind) => `${kind}-${(n += 1)}-${Math.random().toString(36).slice(2, 8)}` },
  });
}
