import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/adapters/postgres/options.js';
import { claimPlanSql, indexQuerySql, loadSql } from '../../src/adapters/postgres/sql.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

/*
 * Every read the adapter sends uses an index (issue 12): the plans below are what docs/adapters.md
 * shows. The store holds 20,000 records with index entries, and 20,000 outbox items, so the planner
 * chooses by cost, not because the tables are tiny.
 */
const server = realServer();

onRealServer(server, '§8: a real PostgreSQL server is available for the EXPLAIN tests', (url) => {
  const storages = serverStorages(url);
  afterAll(() => storages.close());

  describe('PostgreSQL adapter: the queries read indexes, not tables (EXPLAIN)', () => {
    it('§8: load, index queries (a project’s connections, the deadline sweep) and outbox claims use their indexes', async () => {
      const schema = await storages.schema();
      const storage = storages.storage(storages.admin, schema);
      for (let batch = 0; batch < 20; batch += 1) {
        const writes = Array.from({ length: 1_000 }, (_, j) => {
          const i = batch * 1_000 + j;
          return {
            key: `connection:cn-${i}`,
            data: { i },
            index: [
              { index: 'connection_by_project', term: `p-${i % 500}`, order: i },
              { index: 'connection_deadline', term: '', order: 1_000_000 + i },
            ],
            partition: `p-${i % 500}`,
          };
        });
        const outbox = writes.map((w) => ({ id: `n:${w.key}`, kind: 'notification' as const, payload: {}, availableAt: 0 }));
        expect(await storage.commit({ expected: [], writes, events: [], outbox })).toEqual({ ok: true });
      }
      await storages.admin.query(`ANALYZE "${schema}".pc_records, "${schema}".pc_index, "${schema}".pc_outbox`);
      const o = resolveOptions({ schema });
      if (!o.ok) throw new Error(o.error.message);
      const plan = async (sql: string, params: unknown[]) => {
        const rows = await storages.admin.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
      };
      const load = await plan(loadSql(o.value), [['connection:cn-7', 'connection:cn-9']]);
      const project = await plan(indexQuerySql(o.value, false), ['connection_by_project', 'p-7', '-Infinity', 'Infinity', 101]);
      const next = await plan(indexQuerySql(o.value, true), ['connection_by_project', 'p-7', '-Infinity', 'Infinity', 101, '5007', 'connection:cn-5007']);
      const sweep = await plan(indexQuerySql(o.value, false), ['connection_deadline', '', '-Infinity', '1000100', 101]);
      const claim = await plan(claimPlanSql(o.value), ['0', 100, 'owner', '60000']);
      console.info(['load:', load, 'a project’s connections:', project, 'next page:', next, 'deadline sweep:', sweep, 'outbox claim:', claim].join('\n'));
      expect(load).toMatch(/Index Scan using pc_records_key|Bitmap Index Scan on pc_records_key/);
      for (const query of [project, next, sweep]) {
        expect(query).toMatch(/Index (Only )?Scan using pc_index_lookup|Bitmap Index Scan on pc_index_lookup/);
        expect(query).not.toMatch(/Seq Scan on pc_index/);
      }
      expect(claim).toMatch(/pc_outbox_pending/);
      expect(claim).not.toMatch(/Seq Scan on pc_outbox/);
    });
  });
});
