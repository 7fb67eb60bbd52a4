/**
 * Run by server.lostConnection.test.ts in its own process: a statement the adapter runs on a
 * connection it checked out of the pool (a READ COMMITTED fallback commit on a server defaulting to
 * REPEATABLE READ, or `migrate()`) waits on a lock, and its backend is terminated. The call must reject
 * and the process live on; it prints what happened, one fact per line.
 *
 *   node --import tsx test/postgres/lostConnection.child.ts <url> <schema> <commit|migrate>
 */
import pg from 'pg';
import { createPostgresStorage, migrate } from '../../src/adapters/postgres/index.js';

const [url, schema, mode] = process.argv.slice(2) as [string, string, 'commit' | 'migrate'];
const options = mode === 'commit' ? { options: '-c default_transaction_isolation=repeatable\\ read' } : {};
const pool = new pg.Pool({ connectionString: url, max: 3, ...options });
// As docs/adapters.md asks: idle connections that break are reported here.
pool.on('error', (e) => console.log(`pool error: ${e.message}`));
process.on('exit', (code) => console.log(`exit ${code}`));

const setup = await migrate(pool, { schema });
if (!setup.ok) throw new Error(setup.error.message);
const holder = new pg.Client({ connectionString: url });
const watcher = new pg.Client({ connectionString: url });
await holder.connect();
await watcher.connect();
await holder.query('BEGIN');
let work: Promise<unknown>;
if (mode === 'migrate') {
  await holder.query(`LOCK TABLE "${schema}".pc_migrations IN ACCESS EXCLUSIVE MODE`);
  work = migrate(pool, { schema });
} else {
  await holder.query(`LOCK TABLE "${schema}".pc_receipts IN EXCLUSIVE MODE`);
  const storage = createPostgresStorage(pool, { schema });
  if (!storage.ok) throw new Error(storage.error.message);
  work = storage.value.commit({ expected: [], writes: [{ key: 'x:1', data: 1 }], events: [], outbox: [], receipt: { key: 'r1', fingerprint: 'f', outcome: null, at: 0 } });
}
const settled = work.then(
  () => console.log('resolved'),
  (e: { committed?: unknown }) => console.log(`rejected committed=${String(e.committed)}`),
);
let terminated = false;
for (let i = 0; i < 500 && !terminated; i += 1) {
  const r = await watcher.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND pid <> $1`, [(holder as unknown as { processID: number }).processID]);
  const pid = r.rows[0]?.['pid'];
  if (pid !== undefined) {
    await watcher.query('SELECT pg_terminate_backend($1)', [pid]);
    terminated = true;
  } else await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log(`terminated ${terminated}`);
await settled;
await holder.query('ROLLBACK');
await new Promise((resolve) => setTimeout(resolve, 300));
await watcher.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
await holder.end();
await watcher.end();
await pool.end();
console.log('alive');
