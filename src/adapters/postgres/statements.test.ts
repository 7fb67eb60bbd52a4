import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { SqlPool, SqlResult } from './client.js';
import { readAdapterInputs } from './options.js';
import { createPostgresStorage } from './postgresStorage.js';
import { statementName } from './statements.js';

/** A pool recording the first argument of every query. */
function recordingPool() {
  const sent: unknown[] = [];
  const query = async (first: unknown): Promise<SqlResult> => (sent.push(first), { rows: [] });
  const pool = { query, connect: async () => ({ query, release: () => undefined }) } as unknown as SqlPool;
  return { pool, sent };
}

describe('PostgreSQL adapter: named statements', () => {
  it('§8: with namedStatements, every statement goes as a pg query config whose name is fixed by its text', async () => {
    const { pool, sent } = recordingPool();
    const a = createPostgresStorage(pool, { schema: 'pc_a', namedStatements: true });
    const b = createPostgresStorage(pool, { schema: 'pc_b', namedStatements: true });
    if (!a.ok || !b.ok) throw new Error('storage');
    await a.value.load(['item:1']);
    await a.value.load(['item:2']);
    await b.value.load(['item:1']);
    const [first, second, other] = sent as { name: string; text: string; values: unknown[] }[];
    expect(first).toEqual({ name: expect.stringMatching(/^pc_[0-9a-z]+$/), text: expect.stringContaining('"pc_a".pc_records'), values: [['item:1']] });
    expect(second?.name).toBe(first?.name);
    expect(other?.name).not.toBe(first?.name); // another schema, another text: pg refuses one name for two texts
    expect(statementName(first?.text ?? '')).toBe(first?.name);
  });

  it('§8: a pg Pool gets named statements by default; a wrapper or PGlite-like client gets text, unless asked', async () => {
    const pool = new pg.Pool({ max: 1 });
    try {
      const inputs = readAdapterInputs(pool, {});
      expect(inputs.ok && inputs.value.options.namedStatements).toBe(true);
      const off = readAdapterInputs(pool, { namedStatements: false });
      expect(off.ok && off.value.options.namedStatements).toBe(false);
    } finally {
      await pool.end();
    }
    const { pool: wrapper, sent } = recordingPool();
    const plain = createPostgresStorage(wrapper, { schema: 'pc_a' });
    if (!plain.ok) throw new Error('storage');
    await plain.value.load(['item:1']);
    expect(typeof sent[0]).toBe('string');
    const pglite = readAdapterInputs({ query: async () => ({ rows: [] }), transaction: async () => undefined }, undefined);
    expect(pglite.ok && pglite.value.options.namedStatements).toBe(false);
    expect(createPostgresStorage(wrapper, { namedStatements: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
