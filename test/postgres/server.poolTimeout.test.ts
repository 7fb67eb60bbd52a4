import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStorage } from '../../src/adapters/postgres/index.js';
import { setup } from '../service/fixtures.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

const server = realServer();

onRealServer(server, '§8: a real PostgreSQL server is available for the adapter tests', (url) => {
  const storages = serverStorages(url);
  afterAll(() => storages.close());

  it('PORT_UNAVAILABLE: with every pooled connection busy, a pool with connectionTimeoutMillis answers the command PORT_UNAVAILABLE (retryable, nothing written) instead of waiting', async () => {
    const schema = await storages.schema();
    const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 100 });
    const held = await pool.connect();
    try {
      const storage = createPostgresStorage(pool, { schema });
      if (!storage.ok) throw new Error(storage.error.message);
      const { service } = setup({ storage: storage.value as never, policy: { maxAttempts: 2 } });
      const r = await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'], idempotencyKey: 'k-1' });
      expect(!r.ok && r.error.code).toBe('PORT_UNAVAILABLE');
      expect(!r.ok && r.error.details).toMatchObject({ port: 'storage', retryable: true });
      expect(!r.ok && r.error.message).toMatch(/timeout/i);
      // The load before the commit could not get a connection: surely nothing applied.
      expect(!r.ok && r.error.details).toMatchObject({ committed: 'no', attempts: 2, cause: 'timeout exceeded when trying to connect' });
    } finally {
      held.release();
    }
    // Nothing was written: the connection is free again, and the record is absent.
    const [record] = await storages.storage(storages.admin, schema).load(['connection:cn-1']);
    expect(record).toEqual({ key: 'connection:cn-1', version: 0, data: null });
    await pool.end();
  });

  it('§8: a commit cancelled by statement_timeout (waiting on a row another transaction holds) rejects with committed: false, and nothing is written', async () => {
    const schema = await storages.schema();
    const base = storages.storage(storages.admin, schema);
    expect(await base.commit({ expected: [], writes: [{ key: 'item:1', data: 'first' }], events: [], outbox: [] })).toEqual({ ok: true });
    const pool = new pg.Pool({ connectionString: url, max: 1, statement_timeout: 200 });
    const locker = await storages.admin.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM "${schema}".pc_records WHERE key = 'item:1' FOR UPDATE`);
      const storage = createPostgresStorage(pool, { schema });
      if (!storage.ok) throw new Error(storage.error.message);
      await expect(storage.value.commit({ expected: [{ key: 'item:1', version: 1 }], writes: [{ key: 'item:1', data: 'second' }], events: [], outbox: [] })).rejects.toMatchObject({
        committed: false,
        code: '57014',
      });
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
      await pool.end();
    }
    const [record] = await base.load(['item:1']);
    expect(record).toEqual({ key: 'item:1', version: 1, data: 'first' });
  });
});
