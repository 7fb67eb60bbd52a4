import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { storageContract } from '../../src/testing/storageContract.js';
import { createPostgresStorage } from '../../src/adapters/postgres/index.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

/*
 * The adapter's consistency rests on READ COMMITTED commits (docs/adapters.md): a server whose
 * `default_transaction_isolation` is REPEATABLE READ or SERIALIZABLE must not break it. The whole
 * storage contract (write skew, C15 receipts, the dispatcher races) runs on pools whose sessions
 * default to each stricter level.
 */
const server = realServer();

onRealServer(server, '§8: a real PostgreSQL server is available for the adapter tests', (url) => {
  const storages = serverStorages(url);
  const pools: pg.Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await storages.close();
  });
  for (const level of ['repeatable read', 'serializable'] as const) {
    const pool = new pg.Pool({ connectionString: url, max: 20, options: `-c default_transaction_isolation=${level.replace(' ', '\\ ')}` });
    pools.push(pool);
    it(`§8: the pool's sessions really default to ${level}`, async () => {
      const r = await pool.query('SHOW transaction_isolation');
      expect(r.rows[0]?.['transaction_isolation']).toBe(level);
    });
    storageContract({
      describe,
      it,
      name: `StoragePort contract: PostgreSQL adapter on a server whose sessions default to ${level.toUpperCase()}`,
      concurrency: 16,
      create: async () => {
        const storage = createPostgresStorage(pool, { schema: await storages.schema() });
        if (!storage.ok) throw new Error(storage.error.message);
        return storage.value;
      },
    });
  }
});
