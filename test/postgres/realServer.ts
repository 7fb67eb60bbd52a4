import pg from 'pg';
import { inject, it } from 'vitest';
import { createPostgresStorage, migrate, type MigrationReport } from '../../src/adapters/postgres/index.js';
import type { StoragePort } from '../../src/ports/storage.js';

/**
 * Test helper: the real PostgreSQL server of this run — from the global setup (`test/setup/postgres.ts`)
 * or `PG_TEST_URL` — or why there is none (the caller then registers a failing test: never a skip).
 */
export function realServer(): { readonly url: string } | { readonly error: string } {
  let provided = '';
  let reason = '';
  try {
    provided = inject('pgTestUrl') ?? '';
    reason = inject('pgTestError') ?? '';
  } catch {
    // Global setup not registered: fall back to the environment.
  }
  const url = provided !== '' ? provided : (process.env['PG_TEST_URL'] ?? '');
  if (url !== '') return { url };
  return {
    error:
      reason !== ''
        ? reason
        : 'no real PostgreSQL server: set PG_TEST_URL (as .ci/run does) or register test/setup/postgres.ts as vitest globalSetup',
  };
}

/**
 * Test helper: registers a file's tests on the real server (`register(url)`), or — when there is none —
 * one failing test named `unavailable` that says why (never a skip).
 */
export function onRealServer(server: ReturnType<typeof realServer>, unavailable: string, register: (url: string) => void): void {
  if ('error' in server) {
    it(unavailable, () => {
      throw new Error(server.error);
    });
    return;
  }
  register(server.url);
}

/**
 * Test helper: `pg` pools on the real server and migrated storages, each in its own schema (so test
 * files running in parallel never meet), all dropped and closed by `close()`.
 */
export function serverStorages(url: string) {
  const pools: pg.Pool[] = [];
  const schemas: string[] = [];
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  let n = 0;
  const reports = new Map<string, MigrationReport>();
  return {
    /** A new pool of `max` connections. */
    pool(max = 10): pg.Pool {
      const pool = new pg.Pool({ connectionString: url, max });
      pools.push(pool);
      return pool;
    },
    /** A fresh migrated schema's name (`distribute`: the tables distributed on Citus, where the extension is installed). */
    async schema(options: { readonly distribute?: boolean } = {}): Promise<string> {
      n += 1;
      const schema = `pc_t${process.pid}_${n}`;
      schemas.push(schema);
      const migrated = await migrate(admin, { schema, ...(options.distribute === true ? { distribute: true } : {}) });
      if (!migrated.ok) throw new Error(migrated.error.message);
      reports.set(schema, migrated.value);
      return schema;
    },
    /** The migration report of a schema made by `schema()`. */
    report(schema: string): MigrationReport | undefined {
      return reports.get(schema);
    },
    /** The shared admin pool (for SQL the tests run themselves). */
    admin,
    /** A storage on `pool` (or on the shared admin pool) in `schema`. */
    storage(pool: pg.Pool, schema: string): StoragePort {
      const storage = createPostgresStorage(pool, { schema });
      if (!storage.ok) throw new Error(storage.error.message);
      return storage.value;
    },
    /** Ends every pool made so far (keeps the server's connection count low between tests). */
    async endPools(): Promise<void> {
      await Promise.all(pools.splice(0).map((p) => p.end()));
    },
    async close(): Promise<void> {
      await Promise.all(pools.splice(0).map((p) => p.end()));
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}
