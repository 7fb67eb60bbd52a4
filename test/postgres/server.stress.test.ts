import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate, POSTGRES_SCHEMA_VERSION } from '../../src/adapters/postgres/index.js';
import type { CommitResult, StoragePort } from '../../src/ports/storage.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

// Stress tests on a real PostgreSQL server: CLIENTS separate pg pools (separate connections, as
// separate service instances would have) race for the same records, with the ledger pattern the
// service uses for C3 (one open connection per downstream project) and H4 (a team's plan limit).
const CLIENTS = 8;
const server = realServer();

type Outcome = 'ok' | 'conflict' | 'refused';
interface Ledger {
  readonly open: string | null;
}
const answered = (r: CommitResult): Outcome => (r.ok ? 'ok' : 'conflict');

/** All clients start their work at the same moment. */
function barrier(n: number): () => Promise<void> {
  let waiting = 0;
  let release: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    waiting += 1;
    if (waiting === n) release();
    return all;
  };
}

/** One client's attempt at a downstream project: claim it when free, release it when it holds it. */
async function toggle(storage: StoragePort, client: number, step: number, project: string): Promise<Outcome> {
  const [ledger] = await storage.load([`ledger:${project}`]);
  const version = ledger?.version ?? 0;
  const open = (ledger?.data as Ledger | null)?.open ?? null;
  if (open === null) {
    const id = `cn-${client}-${step}`;
    return answered(
      await storage.commit({
        expected: [{ key: `ledger:${project}`, version }, { key: `connection:${id}`, version: 0 }],
        writes: [{ key: `ledger:${project}`, data: { open: id } }, { key: `connection:${id}`, data: { id, project, state: 'open', client }, index: [{ index: 'open_by_project', term: project, order: 0 }] }],
        events: [{ stream: `ledger:${project}`, events: [{ type: 'claimed', id }] }],
        outbox: [{ id: `n:${id}:claimed`, kind: 'notification', payload: { id }, availableAt: 0 }],
      }),
    );
  }
  if (!open.startsWith(`cn-${client}-`)) return 'refused'; // ONE_UPSTREAM_ONLY: someone else holds it
  const [connection] = await storage.load([`connection:${open}`]);
  return answered(
    await storage.commit({
      expected: [{ key: `ledger:${project}`, version }, { key: `connection:${open}`, version: connection?.version ?? 0 }],
      writes: [{ key: `ledger:${project}`, data: { open: null } }, { key: `connection:${open}`, data: { ...(connection?.data as object), state: 'closed' }, index: [] }],
      events: [{ stream: `ledger:${project}`, events: [{ type: 'released', id: open }] }],
      outbox: [{ id: `n:${open}:released`, kind: 'notification', payload: { id: open }, availableAt: 0 }],
    }),
  );
}

onRealServer(server, 'a real PostgreSQL server is available for the stress tests', (url) => {
  const storages = serverStorages(url);
  afterEach(() => storages.endPools());
  afterAll(() => storages.close());
  const clients = async () => {
    const schema = await storages.schema();
    return Array.from({ length: CLIENTS }, () => storages.storage(storages.pool(2), schema));
  };

  describe(`stress: ${CLIENTS} clients on one real PostgreSQL database`, () => {
    it(`§8: ${CLIENTS} clients claiming and releasing the same ledger records (the service's one-upstream pattern) never leave two open`, async () => {
      const projects = ['tower', 'school', 'bridge'];
      const all = await clients();
      const ready = barrier(CLIENTS);
      const outcomes = await Promise.all(
        all.map(async (storage, client) => {
          await ready();
          const mine: Outcome[] = [];
          for (let step = 0; step < 30; step += 1) mine.push(await toggle(storage, client, step, projects[(client * 7 + step * 3) % projects.length] as string));
          return mine;
        }),
      );
      const flat = outcomes.flat();
      const ok = flat.filter((o) => o === 'ok').length;
      expect(flat.length).toBe(CLIENTS * 30);
      expect(flat.filter((o) => o === 'conflict').length).toBeGreaterThan(0);

      const storage = all[0] as StoragePort;
      let events = 0;
      for (const project of projects) {
        // The history is the serial order of the successful commits: claimed/released alternate.
        const history = (await storage.history(`ledger:${project}`)) as { type: string; id: string }[];
        events += history.length;
        let holder: string | null = null;
        for (const event of history) {
          if (event.type === 'claimed') {
            expect(holder, `double claim of ${project}`).toBeNull();
            holder = event.id;
          } else {
            expect(event.id).toBe(holder);
            holder = null;
          }
        }
        const [ledger] = await storage.load([`ledger:${project}`]);
        expect((ledger?.data as Ledger).open).toBe(holder);
        expect(ledger?.version).toBe(history.length);
        const open = (await storage.query({ index: 'open_by_project', term: project, limit: 1000 })).records;
        expect(open.map((r) => (r.data as { id: string; state: string }).state)).toEqual(holder === null ? [] : ['open']);
        expect(open.map((r) => (r.data as { id: string }).id)).toEqual(holder === null ? [] : [holder]);
      }
      expect(events).toBe(ok);
      expect((await storage.claimOutbox({ now: 0, limit: 10_000, owner: 'test', leaseMs: 0 })).length).toBe(ok);
    });

    it(`§8: ${CLIENTS} clients adding shared projects to one usage record (the service's plan-limit pattern) never exceed its limit`, async () => {
      const LIMIT = 5;
      const all = await clients();
      const ready = barrier(CLIENTS);
      const add = async (storage: StoragePort, project: string): Promise<Outcome> => {
        for (let attempt = 0; attempt < 200; attempt += 1) {
          const [usage] = await storage.load(['usage:team-a']);
          const data = (usage?.data ?? { projects: [] }) as { projects: string[] };
          if (data.projects.length >= LIMIT) return 'refused'; // PLAN_LIMIT_REACHED
          const r = await storage.commit({
            expected: [{ key: 'usage:team-a', version: usage?.version ?? 0 }, { key: `shared:${project}`, version: 0 }],
            writes: [{ key: 'usage:team-a', data: { projects: [...data.projects, project] } }, { key: `shared:${project}`, data: { team: 'team-a' }, index: [{ index: 'shared_by_team', term: 'team-a', order: 0 }] }],
            events: [],
            outbox: [],
          });
          if (r.ok) return 'ok';
        }
        throw new Error(`adding ${project} never got an answer`);
      };
      const outcomes = await Promise.all(
        all.map(async (storage, client) => {
          await ready();
          return [await add(storage, `sp-${client}-0`), await add(storage, `sp-${client}-1`), await add(storage, `sp-${client}-2`)];
        }),
      );
      expect(outcomes.flat().filter((o) => o === 'ok').length).toBe(LIMIT);
      expect(outcomes.flat().filter((o) => o === 'refused').length).toBe(CLIENTS * 3 - LIMIT);
      const [usage] = await (all[0] as StoragePort).load(['usage:team-a']);
      const projects = (usage?.data as { projects: string[] }).projects;
      expect(new Set(projects).size).toBe(LIMIT);
      expect((await (all[0] as StoragePort).query({ index: 'shared_by_team', term: 'team-a', limit: 1000 })).records.map((r) => r.key.slice('shared:'.length)).sort()).toEqual([...projects].sort());
    });

    it(`§8: ${CLIENTS} processes migrating the same new schema at once: one applies it, the others find it done`, async () => {
      const schema = `pc_mig${process.pid}`;
      const pools = Array.from({ length: CLIENTS }, () => storages.pool(1));
      const reports = await Promise.all(pools.map((pool) => migrate(pool, { schema })));
      await pools[0]?.query(`DROP SCHEMA "${schema}" CASCADE`);
      const applied = reports.map((r) => (r.ok ? r.value.applied.length : -1));
      expect(applied.filter((n) => n === POSTGRES_SCHEMA_VERSION).length).toBe(1);
      expect(applied.filter((n) => n === 0).length).toBe(CLIENTS - 1);
    });
  });
});
