import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, migrate, POSTGRES_SCHEMA_VERSION } from '../../src/adapters/postgres/index.js';
import { storageContract } from '../../src/testing/storageContract.js';
import { runPostgresDemo } from '../../examples/postgres-demo.js';
import { pgliteStorages } from './pgliteStorage.js';

// One PGlite instance for the whole file (~3.5 s, ~1 GB each); every storage gets its own schema.
const pglite = pgliteStorages();
afterAll(() => pglite.close());

storageContract({ describe, it, name: 'StoragePort contract: PostgreSQL adapter on PGlite', create: () => pglite.fresh() });

describe('PostgreSQL adapter on PGlite: schema and migrations', () => {
  it('§8: migrate creates the tables once, records the version, and is a no-op the second time', async () => {
    const db = await pglite.db();
    const first = await migrate(db, { schema: 'pc_migrate_twice' });
    const second = await migrate(db, { schema: 'pc_migrate_twice' });
    expect(first).toEqual({ ok: true, value: { applied: [1], version: POSTGRES_SCHEMA_VERSION } });
    expect(second).toEqual({ ok: true, value: { applied: [], version: POSTGRES_SCHEMA_VERSION } });
    const rows = await db.query<{ version: number; name: string }>('SELECT version, name FROM pc_migrate_twice.pc_migrations ORDER BY version');
    expect(rows.rows.map((r) => r.version)).toEqual([1]);
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'pc_migrate_twice' ORDER BY table_name`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(['pc_events', 'pc_migrations', 'pc_outbox', 'pc_receipts', 'pc_records']);
  });

  it('§8: storages in different schemas of one database never see each other', async () => {
    const [a, b] = [await pglite.fresh(), await pglite.fresh()];
    await a.commit({ expected: [{ key: 'item:1', version: 0 }], writes: [{ key: 'item:1', data: 'a' }], events: [], outbox: [] });
    expect(await b.load(['item:1'])).toEqual([{ key: 'item:1', version: 0, data: null }]);
    expect(await b.commit({ expected: [{ key: 'item:1', version: 0 }], writes: [{ key: 'item:1', data: 'b' }], events: [], outbox: [] })).toEqual({ ok: true });
  });

  it('§8: a storage on a database that was never migrated rejects with the driver error and writes nothing', async () => {
    const db = await pglite.db();
    const storage = createPostgresStorage(db, { schema: 'pc_never_migrated' });
    if (!storage.ok) throw new Error(storage.error.message);
    await expect(storage.value.load(['item:1'])).rejects.toThrow(/pc_never_migrated|does not exist/);
    await expect(storage.value.commit({ expected: [], writes: [{ key: 'item:1', data: 1 }], events: [], outbox: [] })).rejects.toThrow();
  });

  it('§8: data that is not JSON-serialisable rejects the commit and leaves nothing behind', async () => {
    const storage = await pglite.fresh();
    const request = { expected: [], writes: [{ key: 'item:ok', data: 1 }, { key: 'item:big', data: { n: 10n } }], events: [], outbox: [] };
    await expect(storage.commit(request)).rejects.toThrow(/BigInt/);
    expect((await storage.list('item:')).length).toBe(0);
  });

  it('N5: outbox times keep JavaScript semantics: NaN is never due, Infinity only at Infinity', async () => {
    const storage = await pglite.fresh();
    const item = (id: string, availableAt: number) => ({ id, kind: 'sync' as const, payload: null, availableAt });
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('o:nan', Number.NaN), item('o:inf', Number.POSITIVE_INFINITY), item('o:1', 1)] });
    expect((await storage.pendingOutbox(Number.MAX_VALUE, 10)).map((o) => o.id)).toEqual(['o:1']);
    expect((await storage.pendingOutbox(Number.POSITIVE_INFINITY, 10)).map((o) => o.id)).toEqual(['o:inf', 'o:1']);
    expect(await storage.pendingOutbox(Number.NaN, 10)).toEqual([]);
    expect((await storage.pendingOutbox(5, Number.NaN)).map((o) => o.id)).toEqual(['o:1']);
  });
});

describe('npm run demo:postgres', () => {
  it('C3/C15/N5: the demo on PGlite refuses the racing request, the repeated receipt, and re-queues the failed notification', async () => {
    const lines: string[] = [];
    await runPostgresDemo((line) => lines.push(line), await pglite.fresh());
    const text = lines.join('\n');
    expect(text).toContain('ConnectionRequested → ConnectionApproved');
    expect(text).toContain('{"ok":false,"conflicts":["ledger:tower","ledger:tower-plumbing"]}');
    expect(text).toContain('ONE_UPSTREAM_ONLY');
    expect(text).toContain('retry: {"ok":false,"conflicts":["receipt:cmd:pablo:42"]}');
    expect(text).toMatch(/at \+5 min: n:cn-electric:ConnectionRequested:\d+ \(attempt 2\)/);
    expect(lines.some((l) => l.includes('✘') && !l.includes('ONE_UPSTREAM_ONLY') && !l.includes('same versions'))).toBe(false);
  });
});
