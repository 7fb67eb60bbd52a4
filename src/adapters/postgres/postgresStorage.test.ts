import { describe, expect, it } from 'vitest';
import type { SqlQueryable } from './client.js';
import { migrate, postgresMigrations, POSTGRES_SCHEMA_VERSION } from './migrations.js';
import { createPostgresStorage } from './postgresStorage.js';

const client = { query: async () => ({ rows: [] }), transaction: async () => undefined };

describe('createPostgresStorage / migrate: input validation (SPEC §7)', () => {
  it('§7 INVALID_INPUT: a client that is not a pg Pool or PGlite is refused, without a throw', async () => {
    // A single connection (a pg Client, or a pool's client: query, connect and escapeLiteral) too.
    const singleConnection = { query: async () => ({ rows: [] }), connect: async () => undefined, escapeLiteral: (v: string) => `'${v}'` };
    for (const bad of [undefined, null, 'postgres://x', 42, {}, { query: 1 }, singleConnection]) {
      const storage = createPostgresStorage(bad);
      expect(storage.ok).toBe(false);
      expect(!storage.ok && storage.error.code).toBe('INVALID_INPUT');
      const migrated = await migrate(bad);
      expect(!migrated.ok && migrated.error.details.issues[0]?.path).toEqual(['client']);
    }
  });

  it('§7 INVALID_INPUT: a schema that is not a plain lowercase identifier is refused (no SQL injection)', async () => {
    for (const schema of ['Public', 'a"; DROP TABLE x; --', '', '1abc', 'pg_catalog', 'information_schema', 'x'.repeat(49), 42]) {
      expect(createPostgresStorage(client, { schema }).ok).toBe(false);
      expect((await migrate(client, { schema })).ok).toBe(false);
      expect(postgresMigrations({ schema }).ok).toBe(false);
    }
    expect(createPostgresStorage(client, { retries: -1 }).ok).toBe(false);
    expect(createPostgresStorage(client, 'options').ok).toBe(false);
    expect(createPostgresStorage(client, { schema: 'project_connections', retries: 0 }).ok).toBe(true);
  });

  it('§7 INVALID_INPUT: an unknown option key (a misspelt schema) is refused, not ignored (the data would go to public)', async () => {
    const typo = createPostgresStorage(client, { shema: 'tenant_a' });
    expect(!typo.ok && typo.error.code).toBe('INVALID_INPUT');
    expect(!typo.ok && typo.error.message).toContain('shema');
    expect((await migrate(client, { shema: 'tenant_a' })).ok).toBe(false);
    expect(postgresMigrations({ retires: 3 }).ok).toBe(false);
  });

  it('§8: the shipped migrations are versioned 1..POSTGRES_SCHEMA_VERSION and name the chosen schema', () => {
    const migrations = postgresMigrations({ schema: 'pc' });
    expect(migrations.ok).toBe(true);
    if (!migrations.ok) return;
    expect(migrations.value.map((m) => m.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
    const sql = migrations.value.flatMap((m) => m.statements).join('\n');
    for (const table of ['pc_records', 'pc_events', 'pc_outbox', 'pc_receipts']) expect(sql).toContain(`"pc".${table}`);
    expect(Object.isFrozen(migrations.value)).toBe(true);
  });

  it('§8: a malformed commit request is rejected before any SQL runs', async () => {
    const seen: string[] = [];
    const tx: SqlQueryable = { query: async (text) => (seen.push(text), { rows: [] }) };
    const spy = { query: tx.query, transaction: <T>(fn: (t: SqlQueryable) => Promise<T>) => fn(tx) };
    const storage = createPostgresStorage(spy);
    if (!storage.ok) throw new Error(storage.error.message);
    await expect(storage.value.commit({ expected: 'x' } as never)).rejects.toThrow(/invalid commit request/);
    await expect(storage.value.commit({ expected: [], writes: [{ key: 'a\u0000b', data: 1 }], events: [], outbox: [] })).rejects.toThrow(/NUL/);
    expect(seen).toEqual([]);
  });

  it('§8: reads of keys no commit can write (a NUL, a lone surrogate) answer as the in-memory adapter does, without sending SQL the server refuses', async () => {
    const seen: string[] = [];
    const spy = { query: async (text: string) => (seen.push(text), { rows: [] }), transaction: async () => undefined };
    const storage = createPostgresStorage(spy);
    if (!storage.ok) throw new Error(storage.error.message);
    for (const key of ['s:\u0000', 'x\uD800']) {
      expect(await storage.value.history(key)).toEqual([]);
      expect(await storage.value.receipt(key)).toBeUndefined();
    }
    expect(seen).toEqual([]);
  });
});

