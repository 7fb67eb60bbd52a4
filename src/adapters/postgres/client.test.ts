import { describe, expect, it } from 'vitest';
import type { SqlPool, SqlPoolConnection, SqlQueryable } from './client.js';
import { inRetriedTransaction, inTransaction, isPostgresClient, isRetryable } from './client.js';
import { createPostgresStorage } from './postgresStorage.js';

/** A fake pool recording every statement; `fail(text)` decides which statements throw. */
function fakePool(fail: (text: string, call: number) => Error | undefined = () => undefined) {
  const log: string[] = [];
  const released: (Error | boolean | undefined)[] = [];
  let calls = 0;
  const connection: SqlPoolConnection = {
    async query(text) {
      calls += 1;
      log.push(text.split(/\s+/).slice(0, 4).join(' '));
      const error = fail(text, calls);
      if (error !== undefined) throw error;
      return { rows: [] };
    },
    release(error) {
      released.push(error);
    },
  };
  const pool: SqlPool = { query: (text, params) => connection.query(text, params), connect: async () => connection };
  return { pool, log, released };
}

const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe('PostgreSQL client wrapper', () => {
  it('§8: a pg Pool or a PGlite-like client is accepted, anything else is not', () => {
    expect(isPostgresClient(fakePool().pool)).toBe(true);
    expect(isPostgresClient({ query: async () => ({ rows: [] }), transaction: async () => undefined })).toBe(true);
    for (const value of [null, undefined, 42, 'pg', {}, { query: () => undefined }, { connect: () => undefined }]) expect(isPostgresClient(value)).toBe(false);
    const hostile = new Proxy({}, { get: () => { throw new Error('no'); } });
    expect(isPostgresClient(hostile)).toBe(false);
  });

  it('§8: a pool transaction runs in READ COMMITTED on one connection, commits and releases it', async () => {
    const { pool, log, released } = fakePool();
    await expect(inTransaction(pool, async (tx) => (await tx.query('SELECT 1')).rows.length)).resolves.toBe(0);
    expect(log).toEqual(['BEGIN ISOLATION LEVEL READ', 'SELECT 1', 'COMMIT']);
    expect(released).toEqual([false]);
  });

  it('§8: a failing transaction is rolled back and its error rethrown; a failed rollback discards the connection', async () => {
    const first = fakePool((text) => (text === 'SELECT boom' ? new Error('boom') : undefined));
    await expect(inTransaction(first.pool, (tx) => tx.query('SELECT boom'))).rejects.toThrow('boom');
    expect(first.log).toEqual(['BEGIN ISOLATION LEVEL READ', 'SELECT boom', 'ROLLBACK']);
    expect(first.released).toEqual([false]);
    const second = fakePool((text) => (text === 'SELECT boom' ? new Error('boom') : text === 'ROLLBACK' ? new Error('connection lost') : undefined));
    await expect(inTransaction(second.pool, (tx) => tx.query('SELECT boom'))).rejects.toThrow('boom');
    expect(second.released[0]).toBeInstanceOf(Error);
  });

  it('§8: a transactional client (PGlite) gets SET TRANSACTION ISOLATION LEVEL READ COMMITTED first', async () => {
    const log: string[] = [];
    const tx: SqlQueryable = { query: async (text) => (log.push(text), { rows: [] }) };
    const client = { query: tx.query, transaction: <T>(fn: (t: SqlQueryable) => Promise<T>) => fn(tx) };
    await inTransaction(client, (t) => t.query('SELECT 2'));
    expect(log).toEqual(['SET TRANSACTION ISOLATION LEVEL READ COMMITTED', 'SELECT 2']);
  });

  it('§8: serialization failures and deadlocks are retried, other errors are not', async () => {
    expect([isRetryable(sqlError('40001')), isRetryable(sqlError('40P01')), isRetryable(sqlError('23505')), isRetryable('40001')]).toEqual([true, true, false, false]);
    let attempts = 0;
    const flaky = fakePool((text) => (text === 'SELECT work' && (attempts += 1) < 3 ? sqlError('40001') : undefined));
    await expect(inRetriedTransaction(flaky.pool, 5, (tx) => tx.query('SELECT work'))).resolves.toEqual({ done: true, value: { rows: [] } });
    expect(attempts).toBe(3);
    const fatal = fakePool((text) => (text === 'SELECT work' ? sqlError('23505') : undefined));
    await expect(inRetriedTransaction(fatal.pool, 5, (tx) => tx.query('SELECT work'))).rejects.toThrow('23505');
  });

  it('§8: a commit that keeps failing to serialize is answered as a conflict on its expected keys, after the allowed retries', async () => {
    let locks = 0;
    const { pool } = fakePool((text) => (text.includes('pc_commit(') ? ((locks += 1), sqlError('40P01')) : undefined));
    const storage = createPostgresStorage(pool, { retries: 2 });
    if (!storage.ok) throw new Error(storage.error.message);
    const r = await storage.value.commit({ expected: [{ key: 'a:1', version: 0 }, { key: 'b:1', version: 3 }], writes: [], events: [], outbox: [] });
    expect(r).toEqual({ ok: false, conflicts: ['a:1', 'b:1'] });
    expect(locks).toBe(3); // one call of the commit function, then two retries
  });
});
