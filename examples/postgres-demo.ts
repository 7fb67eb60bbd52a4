/**
 * `npm run demo:postgres`: the whole service story (`examples/service-demo.ts`) on the PostgreSQL
 * storage adapter, running on PGlite (PostgreSQL in WASM, in-process), then what PostgreSQL holds, and
 * a look under the hood: the adapter driven directly with the pure connection core (load → decide →
 * commit with expected versions → on a conflict, decide again on fresh records), two decisions racing
 * for the same downstream project, an idempotency receipt and the outbox. With a `pg` Pool instead of
 * PGlite the same code is safe across many processes.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStorage, migrate, type PostgresClient } from 'project-connections/postgres';
import {
  companyId,
  executeConnectionCommand,
  projectId,
  userId,
  type AuthorizationFacts,
  type Connection,
  type ConnectionCommandInput,
  type ConnectionEvent,
  type ConnectionView,
  type ProjectFacts,
  type ProjectLedger,
  type CommitRequest,
  type StoragePort,
} from 'project-connections';
import { runServiceDemo } from './service-demo.js';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const gc = companyId('build-co');
const electric = companyId('electric-co');
const plumbing = companyId('plumbing-co');

const onDirectory = (id: string, company: ReturnType<typeof companyId>, tools: ProjectFacts['tools']): ProjectFacts => ({ projectId: projectId(id), companyId: company, onDirectory: true, tools });
const subAdmin = (name: string, company: ReturnType<typeof companyId>, project: string): AuthorizationFacts => ({
  userId: userId(name),
  companyIds: [company, gc],
  projects: [onDirectory(project, company, { connection_manager: 'admin', drawings: 'admin' }), onDirectory('tower', gc, { drawings: 'read_only' }), onDirectory('school', gc, { drawings: 'read_only' })],
});
const elena = subAdmin('elena', electric, 'tower-electric');
const pablo = subAdmin('pablo', plumbing, 'tower-plumbing');

/** The connections and projects of this story (a real caller loads what its command needs, see docs/consistency.md). */
const CONNECTIONS = ['cn-electric', 'cn-plumbing-tower', 'cn-plumbing-school'];
const PROJECTS = ['tower', 'school', 'tower-electric', 'tower-plumbing'];

/** The story's connection and ledger records, with the versions read. */
async function loadView(storage: StoragePort) {
  const records = await storage.load([...CONNECTIONS.map((id) => `connection:${id}`), ...PROJECTS.map((id) => `ledger:${id}`)]);
  const present = records.filter((r) => r.data !== null);
  const view: ConnectionView = {
    connections: Object.fromEntries(present.filter((r) => r.key.startsWith('connection:')).map((r) => [r.key.slice('connection:'.length), r.data as Connection])),
    projects: Object.fromEntries(present.filter((r) => r.key.startsWith('ledger:')).map((r) => [r.key.slice('ledger:'.length), r.data as ProjectLedger])),
  };
  return { view, expected: records.map((r) => ({ key: r.key, version: r.version })) };
}

/** The commit of a decision: changed records, events per connection, one notification per event. */
function commitOf(before: { view: ConnectionView; expected: CommitRequest['expected'] }, after: ConnectionView, events: readonly ConnectionEvent[], now: number): CommitRequest {
  const changed = <T>(prefix: string, was: Readonly<Record<string, T>>, is: Readonly<Record<string, T>>) =>
    Object.entries(is)
      .filter(([id, data]) => JSON.stringify(was[id]) !== JSON.stringify(data))
      .map(([id, data]) => ({ key: prefix + id, data }));
  const writes = [...changed('connection:', before.view.connections, after.connections), ...changed('ledger:', before.view.projects, after.projects)];
  const read = new Set(before.expected.map((e) => e.key));
  return {
    // Every record read keeps its version (absent ones: 0); a record the decision creates must still be absent.
    expected: [...before.expected, ...writes.filter((w) => !read.has(w.key)).map((w) => ({ key: w.key, version: 0 }))],
    writes,
    events: [...new Set(events.map((e) => e.connectionId))].map((id) => ({ stream: `connection:${id}`, events: events.filter((e) => e.connectionId === id) })),
    outbox: events.map((e) => ({ id: `n:${e.connectionId}:${e.type}:${e.at}`, kind: 'notification' as const, payload: { event: e.type, connectionId: e.connectionId }, availableAt: now })),
  };
}

/**
 * The adapter-level story on `storage` (any {@link StoragePort}).
 *
 * @example
 * ```ts
 * await runAdapterDemo(console.log, storage);
 * ```
 */
export async function runAdapterDemo(log: (line: string) => void, storage: StoragePort): Promise<void> {
  let now = T0;
  const run = async (title: string, command: ConnectionCommandInput, actor: AuthorizationFacts, approval: 'automatic' | 'manual') => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const loaded = await loadView(storage);
      const decided = executeConnectionCommand(loaded.view, command, { now, actor, approval });
      if (!decided.ok) return log(`  ✘ ${title}: ${decided.error.code} — ${decided.error.message}`);
      const committed = await storage.commit(commitOf(loaded, decided.value.state, decided.value.events, now));
      if (committed.ok) return log(`  ✔ ${title}: ${decided.value.events.map((e) => e.type).join(' → ')}`);
      log(`  ↻ ${title}: version conflict on ${committed.conflicts.join(', ')}; deciding again on fresh records`);
    }
    return log(`  ✘ ${title}: gave up`);
  };
  const request = (id: string, upstream: string, downstream: string): ConnectionCommandInput => ({ type: 'request', connectionId: id, upstreamProjectId: upstream, downstreamProjectId: downstream, dataTypes: ['drawings'] });

  log('1. Elena connects tower-electric under Build-Co’s tower (automatic approval).');
  await run('Elena requests tower ← tower-electric', request('cn-electric', 'tower', 'tower-electric'), elena, 'automatic');
  now += MIN;

  log('2. Two requests for tower-plumbing are decided on the same records, as two servers would (C3).');
  const snapshot = await loadView(storage);
  const decide = (id: string, upstream: string) => executeConnectionCommand(snapshot.view, request(id, upstream, 'tower-plumbing'), { now, actor: pablo, approval: 'manual' });
  const [toTower, toSchool] = [decide('cn-plumbing-tower', 'tower'), decide('cn-plumbing-school', 'school')];
  if (!toTower.ok || !toSchool.ok) throw new Error('both requests are valid on their own');
  const first = await storage.commit(commitOf(snapshot, toTower.value.state, toTower.value.events, now));
  const second = await storage.commit(commitOf(snapshot, toSchool.value.state, toSchool.value.events, now));
  log(`  ✔ request to tower commits: ${JSON.stringify(first)}`);
  log(`  ✘ request to school, on the same versions: ${JSON.stringify(second)} — nothing of it was written`);
  await run('School request, decided again on fresh records', request('cn-plumbing-school', 'school', 'tower-plumbing'), pablo, 'manual');
  now += MIN;

  log('3. Idempotency receipts (C15): a second commit with the same key is refused.');
  const receipt = { key: 'cmd:pablo:42', fingerprint: 'fp', outcome: { ok: true }, at: now };
  const once = await storage.commit({ expected: [], writes: [], events: [], outbox: [], receipt });
  const twice = await storage.commit({ expected: [], writes: [], events: [], outbox: [], receipt: { ...receipt, fingerprint: 'other' } });
  log(`  first: ${JSON.stringify(once)}, retry: ${JSON.stringify(twice)}, stored: ${JSON.stringify(await storage.receipt('cmd:pablo:42'))}`);

  log('4. The outbox (N5): notifications committed with their cause, delivered at least once, never twice.');
  const claimed = await storage.claimOutbox({ now, limit: 10, owner: 'demo-dispatcher', leaseMs: MIN });
  log(`  leased to demo-dispatcher for a minute: ${claimed.map((i) => i.id).join(', ')}`);
  log(`  a second dispatcher finds: ${(await storage.claimOutbox({ now, limit: 10, owner: 'other-dispatcher', leaseMs: MIN })).map((i) => i.id).join(', ') || '(nothing: every item is leased)'}`);
  const [flaky, ...rest] = claimed;
  if (flaky !== undefined) {
    await storage.markFailed(flaky.id, 'SMTP timeout', now + 5 * MIN, 'demo-dispatcher');
    log(`  ${flaky.id} failed once; retried at +5 min`);
  }
  await storage.markDelivered(rest.map((item) => item.id), 'demo-dispatcher');
  const peek = async (at: number) => storage.claimOutbox({ now: at, limit: 10, owner: 'peek', leaseMs: 0 });
  log(`  due now: ${(await peek(now)).map((i) => i.id).join(', ') || '(none)'}; at +5 min: ${(await peek(now + 5 * MIN)).map((i) => `${i.id} (attempt ${(i.attempts ?? 0) + 1})`).join(', ')}`);

  log('5. What is stored.');
  for (const r of await storage.load(PROJECTS.map((id) => `ledger:${id}`))) if (r.data !== null) log(`  ${r.key} v${r.version}: ${JSON.stringify(r.data)}`);
  log(`  history of cn-plumbing-tower: ${((await storage.history('connection:cn-plumbing-tower')) as ConnectionEvent[]).map((e) => e.type).join(' → ')}`);
}

async function storage(client: PostgresClient, schema: string): Promise<StoragePort> {
  const migrated = await migrate(client, { schema });
  if (!migrated.ok) throw new Error(migrated.error.message);
  const created = createPostgresStorage(client, { schema });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

/**
 * The whole PostgreSQL demo on `client` (a PGlite instance, or a `pg` Pool): the service story in schema
 * `pc_demo`, a summary of the tables, then the adapter-level story in schema `pc_demo_adapter`.
 *
 * @example
 * ```ts
 * await runPostgresDemo(console.log, await PGlite.create());
 * ```
 */
export async function runPostgresDemo(log: (line: string) => void, client: PostgresClient): Promise<void> {
  log('■ The service story, stored in PostgreSQL (schema pc_demo)');
  await runServiceDemo(log, await storage(client, 'pc_demo'));
  log('');
  log('■ What PostgreSQL holds now');
  const count = async (sql: string) => String((await client.query(sql)).rows[0]?.['n'] ?? '?');
  log(`  pc_records: ${await count('SELECT count(*)::int AS n FROM pc_demo.pc_records')} records, ${await count("SELECT count(*)::int AS n FROM pc_demo.pc_records WHERE key LIKE 'connection:%'")} of them connections`);
  log(`  pc_events: ${await count('SELECT count(*)::int AS n FROM pc_demo.pc_events')} events in ${await count('SELECT count(DISTINCT stream)::int AS n FROM pc_demo.pc_events')} streams`);
  log(`  pc_outbox: ${await count('SELECT count(*)::int AS n FROM pc_demo.pc_outbox WHERE delivered')} delivered, ${await count('SELECT count(*)::int AS n FROM pc_demo.pc_outbox WHERE NOT delivered')} pending`);
  log(`  pc_receipts: ${await count('SELECT count(*)::int AS n FROM pc_demo.pc_receipts')} idempotency receipts`);
  log('');
  log('■ Under the hood: the adapter with the pure core (schema pc_demo_adapter)');
  await runAdapterDemo(log, await storage(client, 'pc_demo_adapter'));
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const log = (line: string) => console.log(line);
  log('━━ project-connections on PostgreSQL (PGlite, in-process) ━━');
  const db = await PGlite.create();
  await runPostgresDemo(log, db);
  await db.close();
}
