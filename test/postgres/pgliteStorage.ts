import { PGlite } from '@electric-sql/pglite';
import { createPostgresStorage } from '../../src/adapters/postgres/index.js';
import { migrate } from '../../src/adapters/postgres/migrations.js';
import type { StoragePort } from '../../src/ports/storage.js';

/**
 * Test helper: one PGlite instance per test file (each costs ~3.5 s and ~1 GB), and a fresh schema per
 * storage, so tests never see each other's rows.
 */
export function pgliteStorages(): { db: () => Promise<PGlite>; fresh: () => Promise<StoragePort>; close: () => Promise<void> } {
  let instance: Promise<PGlite> | undefined;
  let n = 0;
  const db = () => (instance ??= PGlite.create());
  return {
    db,
    async fresh() {
      const client = await db();
      n += 1;
      const options = { schema: `pc_test_${n}` };
      const migrated = await migrate(client, options);
      if (!migrated.ok) throw new Error(migrated.error.message);
      const storage = createPostgresStorage(client, options);
      if (!storage.ok) throw new Error(storage.error.message);
      return storage.value;
    },
    async close() {
      if (instance !== undefined) await (await instance).close();
    },
  };
}
