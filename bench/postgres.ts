/**
 * The application service on a real PostgreSQL server: `CLIENTS` service instances (each with its own
 * `pg` pool, as separate processes would have) on one database, sending requests, approvals and
 * cancels that collide on the same downstream projects, then a burst of invitations for one host team.
 * Afterwards the stored records are checked: C3 (`connectionInvariantViolations`) and H4 (plan usage
 * audit, and no team over its limit).
 *
 * Rounds: one warm-up round, then `rounds` measured ones, on the same pools and schema (a running
 * service's steady state: warm JIT, connected pools, the commit function compiled in each backend).
 * Each round is a world of its own (project, team and connection ids prefixed by the round), so every
 * round runs the same workload on fresh records; the figure is the median round, with the spread.
 *
 * The server: `PG_TEST_URL` when set; otherwise a throwaway cluster started like the test suite's
 * (`test/setup/postgres.ts`) and stopped at the end; `undefined` when neither is available.
 */
import pg from 'pg';
import { createPostgresStorage, migrate } from '../src/adapters/postgres/index.js';
import {
  auditSharedProjectUsage,
  createConnectionService,
  createInMemoryDirectory,
  manualClock,
  type ConnectionService,
  type InMemoryDirectoryInput,
  type StoragePort,
} from '../src/index.js';
import { connectionInvariantViolations, serviceWorldData, storedConnectionView, storedSharedProjectView } from '../src/testing/index.js';
import startThrowawayServer from '../test/setup/postgres.js';
import { median, sorted } from './stats.js';

const CLIENTS = 8;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const UPSTREAMS = Array.from({ length: 8 }, (_, i) => `gc-${i}`);
const DOWNSTREAMS = Array.from({ length: 48 }, (_, i) => `sub-${i}`);

/** What the PostgreSQL benchmark measured. */
export interface PostgresBench {
  /** The median of the measured rounds' commands per second. */
  readonly commandsPerSecond: number;
  /** The slowest and the fastest measured round. */
  readonly commandsPerSecondRange: readonly [number, number];
  readonly rounds: number;
  /** The warm-up round's commands per second: a fresh process, pools connecting, backends compiling the commit function. */
  readonly coldCommandsPerSecond: number;
  /** Commands of the measured rounds. */
  readonly commands: number;
  readonly succeeded: number;
  readonly conflicts: number;
  readonly c3Violations: number;
  readonly h4Violations: number;
  readonly violations: number;
  /** Queries sent to the server during the timed commands, per command (every query is one round trip). */
  readonly roundTripsPerCommand: number;
  readonly server: 'PG_TEST_URL' | 'throwaway';
}

/** The world of round `r`: the same companies, projects and teams as every round, under ids of its own. */
function worldData(r: number): InMemoryDirectoryInput {
  const p = (id: string) => `r${r}-${id}`;
  return serviceWorldData({ gc: UPSTREAMS.map(p), electric: DOWNSTREAMS.slice(0, 24).map(p), plumbing: DOWNSTREAMS.slice(24).map(p) }, 'manual', [
    { teamId: p('studio'), admin: 'hana', domain: `studio-r${r}.example`, plan: 'professional', hosts: Array.from({ length: CLIENTS }, (_, n) => [0, 1, 2].map((k) => p(`sp-${n}-${k}`))).flat() },
    { teamId: p('client'), admin: 'lea', domain: `client-r${r}.example`, plan: 'professional' },
  ]);
}

/** A small deterministic generator, so runs are comparable. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

async function server(): Promise<{ url: string; stop: () => void; kind: PostgresBench['server'] } | undefined> {
  const given = process.env['PG_TEST_URL'];
  if (given !== undefined && given !== '') return { url: given, stop: () => undefined, kind: 'PG_TEST_URL' };
  const provided: Record<string, string> = {};
  const stop = await startThrowawayServer({ provide: (key: string, value: string) => void (provided[key] = value) } as never);
  const url = provided['pgTestUrl'] ?? '';
  if (url === '') {
    stop?.();
    delete process.env['PG_TEST_URL'];
    return undefined;
  }
  return {
    url,
    kind: 'throwaway',
    stop: () => {
      stop?.();
      delete process.env['PG_TEST_URL'];
    },
  };
}

/**
 * Runs `perClient` commands on each of `CLIENTS` service instances at once, in a warm-up round and
 * `rounds` measured ones; `undefined` when no PostgreSQL server can be had.
 */
export async function benchPostgres(perClient = 150, rounds = 3): Promise<PostgresBench | undefined> {
  const srv = await server();
  if (srv === undefined) return undefined;
  const pools: pg.Pool[] = [];
  const admin = new pg.Pool({ connectionString: srv.url, max: 2 });
  const schema = `pc_bench_${process.pid}`;
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const migrated = await migrate(admin, { schema });
    if (!migrated.ok) throw new Error(migrated.error.message);
    const stores: StoragePort[] = [];
    let queries = 0;
    for (let n = 0; n < CLIENTS; n += 1) {
      const pool = new pg.Pool({ connectionString: srv.url, max: 2 });
      pools.push(pool);
      // Counts the round trips: every query the adapter sends, on the pool or on a connection it checks
      // out for a transaction (each query is one round trip).
      const counted = {
        query: (text: string, params?: unknown[]) => ((queries += 1), pool.query(text, params)),
        connect: async () => {
          const connection = await pool.connect();
          return { query: (text: string, params?: unknown[]) => ((queries += 1), connection.query(text, params)), release: (error?: Error | boolean) => connection.release(error) };
        },
      };
      // The wrapper hands its first argument through to the pool, so the adapter may name its statements
      // as it does on a bare `pg` Pool (`namedStatements` defaults to on only for a Pool it recognises).
      const storage = createPostgresStorage(counted, { schema, namedStatements: true });
      if (!storage.ok) throw new Error(storage.error.message);
      stores.push(storage.value);
    }

    let commands = 0;
    let succeeded = 0;
    let conflicts = 0;
    let roundTrips = 0;
    let h4Over = 0;
    const speeds: number[] = [];
    let cold = 0;
    for (let r = 0; r <= rounds; r += 1) {
      const measured = r > 0;
      const p = (id: string) => `r${r}-${id}`;
      const services = stores.map((storage, n) => {
        let next = 0;
        return createConnectionService({
          storage,
          directory: createInMemoryDirectory(worldData(r)),
          notifications: { deliver: async () => undefined },
          sync: { perform: async () => undefined },
          clock: manualClock(T0),
          ids: { next: (kind) => `${kind}-b${n}-r${r}-${(next += 1)}` },
          policy: { maxAttempts: 4 * CLIENTS },
        });
      });
      // Pending requests any client may approve or cancel (shared, as a product's UI would show them).
      const pending: string[] = [];
      let roundCommands = 0;
      const count = (x: { ok: boolean; error?: { code: string } }) => {
        roundCommands += 1;
        if (!measured) return;
        if (x.ok) succeeded += 1;
        else if (x.error?.code === 'CONCURRENT_MODIFICATION') conflicts += 1;
      };
      const client = async (service: ConnectionService, n: number) => {
        const rnd = random(n + 1);
        for (let i = 0; i < perClient; i += 1) {
          const dice = rnd();
          const target = pending.length > 0 ? pending[Math.floor(rnd() * pending.length)] : undefined;
          if (dice < 0.5 || target === undefined) {
            const x = await service.requestConnection({
              actorId: 'model-admin',
              upstreamProjectId: p(UPSTREAMS[Math.floor(rnd() * UPSTREAMS.length)] as string),
              downstreamProjectId: p(DOWNSTREAMS[Math.floor(rnd() * DOWNSTREAMS.length)] as string),
              dataTypes: ['drawings'],
            });
            count(x);
            if (x.ok && x.value.connection?.state === 'pending') pending.push(x.value.connection.id);
          } else {
            const x = dice < 0.75
              ? await service.approveConnection({ actorId: 'model-admin', connectionId: target })
              : await service.cancelConnectionRequest({ actorId: 'model-admin', connectionId: target });
            count(x);
            if (x.ok) pending.splice(pending.indexOf(target), 1);
          }
        }
        // H4: every client invites for the same host team at once (ids unique per client).
        for (let k = 0; k < 3; k += 1) {
          count(await service.inviteExternalTeam({ actorId: 'hana', sharedProjectId: p(`sp-${n}-${k}`), hostTeamId: p('studio'), externalTeamId: p('client'), contactEmail: `lea@client-r${r}.example` }));
        }
      };
      const first = services[0] as ConnectionService;
      for (const teamId of [p('studio'), p('client')]) {
        const x = await first.syncTeamFromDirectory({ teamId });
        if (!x.ok) throw new Error(x.error.message);
      }
      const queriesBefore = queries;
      const start = process.hrtime.bigint();
      await Promise.all(services.map((service, n) => client(service, n)));
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const usage = await first.teamPlanUsage({ teamId: p('studio') });
      h4Over += usage.ok ? Math.max(0, usage.value.count - usage.value.limit) : 1;
      if (!measured) {
        cold = roundCommands / seconds;
        continue;
      }
      speeds.push(roundCommands / seconds);
      commands += roundCommands;
      roundTrips += queries - queriesBefore;
    }

    // The records of every round, warm-up included, checked at the end.
    const c3Violations = connectionInvariantViolations(await storedConnectionView(stores[0] as StoragePort)).length;
    const audit = auditSharedProjectUsage(await storedSharedProjectView(stores[0] as StoragePort));
    const h4Violations = (audit.ok ? audit.value.length : 1) + h4Over;
    const ordered = sorted(speeds);
    return {
      commandsPerSecond: median(speeds),
      commandsPerSecondRange: [ordered[0] as number, ordered[ordered.length - 1] as number],
      rounds,
      coldCommandsPerSecond: cold,
      commands,
      succeeded,
      conflicts,
      c3Violations,
      h4Violations,
      violations: c3Violations + h4Violations,
      roundTripsPerCommand: roundTrips / commands,
      server: srv.kind,
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    srv.stop();
  }
}
