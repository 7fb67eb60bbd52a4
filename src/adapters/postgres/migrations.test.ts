import { describe, expect, it } from 'vitest';
import type { SqlPool, SqlPoolConnection } from './client.js';
import { migrate } from './migrations.js';

/**
 * A scripted server with the Citus extension: every statement is recorded; the extension is
 * available, no migration is recorded yet, and `pg_dist_partition` holds the tables of `distributed`
 * (looked up by the `regclass` of the parameter).
 */
function citusServer(distributed: readonly string[] = []) {
  const log: { text: string; params: readonly unknown[] }[] = [];
  const connection: SqlPoolConnection = {
    async query(text, params = []) {
      log.push({ text, params });
      if (text.includes('pg_available_extensions')) return { rows: [{ found: 1 }] };
      if (text.includes('pg_dist_partition')) return { rows: distributed.includes(String(params[0])) ? [{ found: 1 }] : [] };
      return { rows: [] };
    },
    release() {},
  };
  const pool: SqlPool = { query: (text, params) => connection.query(text, params), connect: async () => connection };
  return { pool, log };
}

describe('migrate({ distribute: true }) on Citus (a scripted server)', () => {
  it('§8: pc_records_key is made again without UNIQUE once the unique index is dropped, before the tables are distributed (key lookups keep an index)', async () => {
    const { pool, log } = citusServer();
    const r = await migrate(pool, { schema: 'pc', distribute: true });
    expect(r.ok && r.value.distribution).toEqual({ requested: true, applied: true, reason: 'distributed by shard (records, events, index), id (outbox) and key (receipts)' });
    const texts = log.map((q) => q.text);
    const drop = texts.indexOf('DROP INDEX IF EXISTS "pc".pc_records_key');
    const create = texts.indexOf('CREATE INDEX pc_records_key ON "pc".pc_records (key)');
    const distribute = texts.findIndex((t) => t.startsWith(`SELECT create_distributed_table('"pc".pc_records'`));
    expect(drop).toBeGreaterThan(-1);
    expect(create).toBeGreaterThan(drop);
    expect(distribute).toBeGreaterThan(create);
  });

  it.each(['public', 'pc'])('§8: a schema already distributed (%s; found by the table\'s regclass, which prints public tables unqualified) is not distributed again', async (schema) => {
    const { pool, log } = citusServer([`"${schema}".pc_records`]);
    const r = await migrate(pool, { schema, distribute: true });
    expect(r.ok && r.value.distribution).toEqual({ requested: true, applied: true, reason: 'already distributed' });
    expect(log.find((q) => q.text.includes('pg_dist_partition'))?.text).toContain('logicalrelid = $1::regclass');
    expect(log.filter((q) => q.text.includes('create_distributed_table') || q.text.includes('DROP INDEX'))).toEqual([]);
  });
});
