import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { createPostgresStorage, migrate, POSTGRES_SCHEMA_VERSION, postgresMigrations } from '../../src/adapters/postgres/index.js';
import type { StoragePort } from '../../src/ports/storage.js';
import { createServiceModelSystem, serviceModelCommands } from '../../src/testing/serviceModel.js';
import { storageContract } from '../../src/testing/storageContract.js';
import { pbtRuns } from '../support/pbt.js';
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
    const notAsked = { requested: false, applied: false, reason: 'not requested' };
    expect(first).toEqual({ ok: true, value: { applied: [1, 2, 3, 4, 5], version: POSTGRES_SCHEMA_VERSION, distribution: notAsked } });
    expect(second).toEqual({ ok: true, value: { applied: [], version: POSTGRES_SCHEMA_VERSION, distribution: notAsked } });
    const rows = await db.query<{ version: number; name: string }>('SELECT version, name FROM pc_migrate_twice.pc_migrations ORDER BY version');
    expect(rows.rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'pc_migrate_twice' ORDER BY table_name`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(['pc_events', 'pc_index', 'pc_migrations', 'pc_outbox', 'pc_receipts', 'pc_records']);
  });

  it('§8: a schema at version 2 upgrades to 3 (the jsonb commit function) and keeps its records; version 2’s function stays', async () => {
    const db = await pglite.db();
    const schema = 'pc_upgrade_2_3';
    const all = postgresMigrations({ schema });
    if (!all.ok) throw new Error(all.error.message);
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.pc_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const m of all.value.filter((x) => x.version <= 2)) {
      for (const statement of m.statements) await db.query(statement);
      await db.query(`INSERT INTO ${schema}.pc_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    }
    // A record written by version 2's commit function, as an adapter of the previous release sends it.
    const v2 = { locks: [`${schema}|r|item:1`], expected: [{ key: 'item:1', version: 0 }], writes: [{ key: 'item:1', data: { b: 1, a: 2 }, base: 0, bumps: 1 }], events: [], outbox: [], delivered: [], cancel: { groups: [], now: '0' } };
    await db.query(`SELECT ${schema}.pc_commit($1::json)`, [JSON.stringify(v2)]);
    expect(await migrate(db, { schema })).toMatchObject({ ok: true, value: { applied: [3, 4, 5], version: 5 } });
    const storage = createPostgresStorage(db, { schema });
    if (!storage.ok) throw new Error(storage.error.message);
    expect(await storage.value.load(['item:1'])).toEqual([{ key: 'item:1', version: 1, data: { b: 1, a: 2 } }]);
    expect(await storage.value.commit({ expected: [{ key: 'item:1', version: 1 }], writes: [{ key: 'item:1', data: { c: 3 } }], events: [], outbox: [] })).toEqual({ ok: true });
    const old = await db.query<{ r: unknown }>(`SELECT ${schema}.pc_commit($1::json) AS r`, [JSON.stringify({ ...v2, expected: [{ key: 'item:1', version: 2 }], writes: [{ key: 'item:1', data: 'v2 again', base: 2, bumps: 1 }] })]);
    expect(old.rows[0]?.r).toEqual({ ok: true });
    expect(await storage.value.load(['item:1'])).toEqual([{ key: 'item:1', version: 3, data: 'v2 again' }]);
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
    expect((await storage.load(['item:ok', 'item:big'])).map((r) => r.version)).toEqual([0, 0]);
  });

  it('§8: outbox times keep JavaScript semantics: NaN is never due, Infinity only at Infinity', async () => {
    const storage = await pglite.fresh();
    const item = (id: string, availableAt: number) => ({ id, kind: 'sync' as const, payload: null, availableAt });
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('o:nan', Number.NaN), item('o:inf', Number.POSITIVE_INFINITY), item('o:1', 1)] });
    const due = async (now: number, limit = 10) => (await storage.claimOutbox({ now, limit, owner: 'test', leaseMs: 0 })).map((o) => o.id);
    expect(await due(Number.MAX_VALUE)).toEqual(['o:1']);
    expect(await due(Number.POSITIVE_INFINITY)).toEqual(['o:inf', 'o:1']);
    expect(await due(Number.NaN)).toEqual([]);
    expect(await due(5, Number.NaN)).toEqual([]);
  });
});

describe('npm run demo:postgres', () => {
  it('C3/C15/N5: the demo on PGlite runs the service story (a request retried with its key answers its first outcome), refuses the racing request and the repeated receipt, and re-queues the failed notification', async () => {
    const lines: string[] = [];
    await runPostgresDemo((line) => lines.push(line), await pglite.db());
    const text = lines.join('\n');
    // C15 through the service on PostgreSQL: the retry replays the first outcome (a new request would be ONE_UPSTREAM_ONLY).
    expect(text).toMatch(/✓ Electric requests Tower: cn-1 is pending\n {2}✓ same request retried with its key \(C15\): cn-1 is pending/);
    expect(text).toContain('RECONNECT_FORBIDDEN');
    expect(text).toMatch(/pc_outbox: [1-9]\d* delivered/);
    expect(text).toContain('ConnectionRequested → ConnectionApproved');
    expect(text).toContain('{"ok":false,"conflicts":["connection:cn-plumbing-tower","ledger:tower","ledger:tower-plumbing"]}');
    expect(text).toContain('ONE_UPSTREAM_ONLY');
    expect(text).toContain('retry: {"ok":false,"conflicts":["receipt:cmd:pablo:42"]}');
    expect(text).toMatch(/at \+5 min: n:cn-electric:ConnectionRequested:\d+ \(attempt 2\)/);
    expect(lines.some((l) => l.includes('✘') && !l.includes('ONE_UPSTREAM_ONLY') && !l.includes('same versions'))).toBe(false);
    expect(text).not.toContain('gave up');
  });
});

describe('PostgreSQL adapter on PGlite behaves exactly like the in-memory adapter (differential property)', () => {
  const keys = ['a:1', 'a:2', 'b:1'];
  const data = fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null), fc.dictionary(fc.constantFrom('x', 'y', 'z'), fc.integer()), fc.array(fc.integer(), { maxLength: 3 }));
  const outboxId = fc.constantFrom('o:1', 'o:2', 'o:3', 'o:4');
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('commit' as const),
      expected: fc.uniqueArray(fc.record({ key: fc.constantFrom(...keys), version: fc.nat(3) }), { selector: (e) => e.key, maxLength: 3 }),
      writes: fc.array(
        fc.record(
          { key: fc.constantFrom(...keys), data, index: fc.array(fc.record({ index: fc.constant('i'), term: fc.constantFrom('t:1', 't:2'), order: fc.integer({ min: -3, max: 3 }) }), { maxLength: 2 }) },
          { requiredKeys: ['key', 'data'] },
        ),
        { maxLength: 3 },
      ),
      events: fc.array(fc.record({ stream: fc.constantFrom('s:1', 's:2'), events: fc.array(data, { maxLength: 2 }) }), { maxLength: 2 }),
      outbox: fc.array(fc.record({ id: outboxId, kind: fc.constantFrom('notification' as const, 'sync' as const), payload: data, availableAt: fc.nat(10) }), { maxLength: 3 }),
      receipt: fc.option(fc.record({ key: fc.constantFrom('r:1', 'r:2'), fingerprint: fc.string({ maxLength: 3 }), outcome: data, at: fc.nat(10) }), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('delivered' as const), id: outboxId }),
    fc.record({ kind: fc.constant('failed' as const), id: outboxId, error: fc.string({ maxLength: 5 }), retryAt: fc.nat(12) }),
  );

  /** Everything a caller can observe of a storage. */
  const observe = async (s: StoragePort) => ({
    records: await s.load(keys),
    index: await Promise.all(['t:1', 't:2'].map(async (term) => (await s.query({ index: 'i', term, limit: 10 })).records)),
    histories: [await s.history('s:1'), await s.history('s:2')],
    receipts: [await s.receipt('r:1'), await s.receipt('r:2')],
    pending: await Promise.all([0, 5, 12].map((now) => s.claimOutbox({ now, limit: 3, owner: 'observer', leaseMs: 0 }))),
  });

  it('§8: any sequence of commits, receipts, deliveries and failures gives the same answers and the same contents', async () => {
    const db = await pglite.db();
    const schema = 'pc_differential';
    const migrated = await migrate(db, { schema });
    if (!migrated.ok) throw new Error(migrated.error.message);
    const created = createPostgresStorage(db, { schema });
    if (!created.ok) throw new Error(created.error.message);
    const postgres = created.value;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 8 }), async (ops) => {
        await db.query(`TRUNCATE ${schema}.pc_records, ${schema}.pc_events, ${schema}.pc_outbox, ${schema}.pc_receipts, ${schema}.pc_index RESTART IDENTITY`);
        const memory = createInMemoryStorage();
        for (const o of ops) {
          if (o.kind === 'commit') {
            const { kind: _, receipt, ...rest } = o;
            const request = receipt === undefined ? rest : { ...rest, receipt };
            expect(await postgres.commit(request)).toEqual(await memory.commit(request));
          } else if (o.kind === 'delivered') {
            await Promise.all([postgres.markDelivered([o.id], 'observer'), memory.markDelivered([o.id], 'observer')]);
          } else {
            await Promise.all([postgres.markFailed(o.id, o.error, o.retryAt, 'observer'), memory.markFailed(o.id, o.error, o.retryAt, 'observer')]);
          }
        }
        expect(await observe(postgres)).toEqual(await observe(memory));
      }),
      { numRuns: pbtRuns() },
    );
  });
});

describe('connection lifecycle, model-based, through the service on the PostgreSQL adapter (PGlite)', () => {
  it('C1/C3/C5/C6/C8/C9/C10/C11/C12/C13/C16/C17: every command\'s outcome and the stored records match the model after every step', async () => {
    const db = await pglite.db();
    const schema = 'pc_service_model';
    const migrated = await migrate(db, { schema });
    if (!migrated.ok) throw new Error(migrated.error.message);
    const created = createPostgresStorage(db, { schema });
    if (!created.ok) throw new Error(created.error.message);
    const storage = created.value;
    await fc.assert(
      fc.asyncProperty(fc.commands(serviceModelCommands(), { maxCommands: 40, size: 'medium' }), async (commands) => {
        await fc.asyncModelRun(async () => {
          await db.query(`TRUNCATE ${schema}.pc_records, ${schema}.pc_events, ${schema}.pc_outbox, ${schema}.pc_receipts, ${schema}.pc_index RESTART IDENTITY`);
          return createServiceModelSystem(storage, { policy: { pendingExpiryMs: 30 * 60_000 } });
        }, commands);
      }),
      { numRuns: Math.max(20, Math.floor(pbtRuns() / 4)) },
    );
  });
});
