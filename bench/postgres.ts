/**
 * The application service on a real PostgreSQL server: `CLIENTS` service instances (each with its own
 * `pg` pool, as separate processes would have) on one database, in two workloads per round:
 *
 * - **Throughput** (the headline figure): each instance runs the in-memory benchmark's command path for
 *   a tenant of its own — request (manual approval), approve, invite, accept, disconnect, disconnect the
 *   shared project, every command committed (a refusal stops the benchmark) — then the instances drain
 *   the outbox (every notification and sync job delivered), all inside the timed region; the commands
 *   alone are timed too (the split).
 * - **Contention**: requests, approvals and cancels that collide on the same downstream projects, then a
 *   burst of invitations for one host team. Most commands here are refused by C3 (the point: the rule
 *   holds under races), so its figure is reported apart, with the share of commands that committed.
 *
 * Afterwards the stored records are checked: C3 (`connectionInvariantViolations`) and H4 (plan usage
 * audit, and no team over its limit).
 *
 * Rounds: one warm-up round, then `rounds` measured ones, on the same pools and schema (a running
 * service's steady state: warm JIT, connected pools, the commit function compiled in each backend).
 * Each round is a world of its own (project, team and connection ids prefixed by the round), so every
 * round runs the same workload on fresh records; the figures are the median round, with the spread.
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
import { queueClaimScenario } from './outbox.js';
import { median, sorted } from './stats.js';

const CLIENTS = 8;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const UPSTREAMS = Array.from({ length: 8 }, (_, i) => `gc-${i}`);
const DOWNSTREAMS = Array.from({ length: 48 }, (_, i) => `sub-${i}`);

/** The throughput workload's units per instance and round (six commands each). */
const UNITS = 25;
const COMMANDS_PER_UNIT = 6;

/** What the PostgreSQL benchmark measured. */
export interface PostgresBench {
  /** Throughput workload: the median of the measured rounds' commands per second (every command committed). */
  readonly commandsPerSecond: number;
  /** The slowest and the fastest measured round. */
  readonly commandsPerSecondRange: readonly [number, number];
  readonly rounds: number;
  /** The warm-up round's commands per second: a fresh process, pools connecting, backends compiling the commit function. */
  readonly coldCommandsPerSecond: number;
  /** Commands of the measured rounds' throughput workload (all committed). */
  readonly commands: number;
  /** Outbox items delivered in the measured rounds' throughput workload. */
  readonly delivered: number;
  /** Throughput workload without its outbox drain (timed apart, after the commands): the median round's commands per second. */
  readonly commandsOnlyPerSecond: number;
  /** Throughput workload without its outbox drain: queries per command. */
  readonly commandRoundTripsPerCommand: number;
  /** Contention workload: the median of the measured rounds' commands per second, refusals included. */
  readonly contentionCommandsPerSecond: number;
  /** Contention workload: commands of the measured rounds, those that committed, and the version conflicts left after every retry. */
  readonly contentionCommands: number;
  readonly succeeded: number;
  readonly conflicts: number;
  readonly c3Violations: number;
  readonly h4Violations: number;
  readonly violations: number;
  /** Throughput workload: queries sent to the server in the timed region, per command (every query is one round trip; the outbox drain included). */
  readonly roundTripsPerCommand: number;
  /** The throughput workload again (drain included), on instances that each keep a record cache (`policy.recordCache`): the median round's commands per second. */
  readonly cachedCommandsPerSecond: number;
  readonly cachedCommandsPerSecondRange: readonly [number, number];
  /** The same, queries per command. */
  readonly cachedRoundTripsPerCommand: number;
  /** Outbox claims of 100 due items (ms per claim, median of 5): alone, behind `waiting` items held in a failing group, behind `waiting` not due. */
  readonly claims: { readonly aloneMs: number; readonly heldMs: number; readonly notDueMs: number; readonly waiting: number };
  readonly server: 'PG_TEST_URL' | 'throwaway';
}

/** The world of round `r`: the same companies, projects and teams as every round, under ids of its own. */
function worldData(r: number): InMemoryDirectoryInput {
  const p = (id: string) => `r${r}-${id}`;
  const companies: Record<string, string[]> = { gc: [...UPSTREAMS.map(p), ...Array.from({ length: CLIENTS }, (_, n) => p(`tower-${n}`))], electric: DOWNSTREAMS.slice(0, 24).map(p), plumbing: DOWNSTREAMS.slice(24).map(p) };
  // The throughput workload: a subcontractor per instance with a fresh downstream project per unit.
  for (let n = 0; n < CLIENTS; n += 1) companies[`sub-${n}`] = Array.from({ length: UNITS }, (_, i) => p(`d-${n}-${i}`));
  return serviceWorldData(companies, 'manual', [
    { teamId: p('studio'), admin: 'hana', domain: `studio-r${r}.example`, plan: 'professional', hosts: Array.from({ length: CLIENTS }, (_, n) => [0, 1, 2].map((k) => p(`sp-${n}-${k}`))).flat() },
    { teamId: p('client'), admin: 'lea', domain: `client-r${r}.example`, plan: 'professional' },
    // The throughput workload: a host and an external team per instance.
    ...Array.from({ length: CLIENTS }, (_, n) => [
      { teamId: p(`studio-${n}`), admin: `hana-${n}`, domain: `studio-${n}-r${r}.example`, plan: 'enterprise' as const, hosts: Array.from({ length: UNITS }, (_, i) => p(`brand-${n}-${i}`)) },
      { teamId: p(`client-${n}`), admin: `lea-${n}`, domain: `client-${n}-r${r}.example`, plan: 'enterprise' as const },
    ]).flat(),
  ]);
}

function must(x: { ok: boolean; error?: { code: string; message: string } }, what: string): void {
  if (!x.ok) throw new Error(`benchmark ${what} refused: ${x.error?.code} ${x.error?.message}`);
}

/** The throughput workload of instance `n` in round `r`: the in-memory benchmark's six commands per unit. */
async function committedWorkload(service: ConnectionService, n: number, r: number): Promise<void> {
  const p = (id: string) => `r${r}-${id}`;
  for (let i = 0; i < UNITS; i += 1) {
    const cn = p(`cn-${n}-${i}`);
    const sh = p(`sh-${n}-${i}`);
    must(await service.requestConnection({ actorId: 'model-admin', connectionId: cn, upstreamProjectId: p(`tower-${n}`), downstreamProjectId: p(`d-${n}-${i}`), dataTypes: ['drawings'] }), 'request');
    must(await service.approveConnection({ actorId: 'model-admin', connectionId: cn }), 'approve');
    must(await service.inviteExternalTeam({ actorId: `hana-${n}`, shareId: sh, sharedProjectId: p(`brand-${n}-${i}`), hostTeamId: p(`studio-${n}`), externalTeamId: p(`client-${n}`), contactEmail: `lea-${n}@client-${n}-r${r}.example` }), 'invite');
    must(await service.acceptInvitation({ actorId: `lea-${n}`, shareId: sh }), 'accept');
    must(await service.disconnectConnection({ actorId: 'model-admin', connectionId: cn, reason: 'done' }), 'disconnect');
    must(await service.disconnectSharedProject({ actorId: `hana-${n}`, shareId: sh }), 'disconnect shared project');
  }
}

/** Drains the outbox through `service` (items another instance holds leased are left to it). */
async function drain(service: ConnectionService): Promise<number> {
  let delivered = 0;
  for (;;) {
    const d = await service.dispatchOutbox();
    if (!d.ok) throw new Error(d.error.message);
    if (d.value.failed.length > 0) throw new Error(`delivery failed: ${d.value.failed[0]?.error}`);
    if (d.value.delivered.length === 0 && d.value.dropped.length === 0) return delivered;
    delivered += d.value.delivered.length;
  }
}

/** ms per claim of 100 due items in a fresh schema, behind `waiting` items held in a failing group or not due yet. */
async function claimMs(admin: pg.Pool, schema: string, waiting: number, kind: 'held' | 'not_due'): Promise<number> {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const migrated = await migrate(admin, { schema });
  if (!migrated.ok) throw new Error(migrated.error.message);
  const created = createPostgresStorage(admin, { schema });
  if (!created.ok) throw new Error(created.error.message);
  await queueClaimScenario(created.value, waiting, kind);
  await admin.query(`ANALYZE ${schema}.pc_outbox`);
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const start = process.hrtime.bigint();
    const got = await created.value.claimOutbox({ now: 100 + i * 100, limit: 100, owner: 'bench', leaseMs: 50 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (got.length !== 100) throw new Error(`benchmark outbox claim took ${got.length} items, not 100`);
  }
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  return median(times);
}

/** The claim scenarios (see {@link PostgresBench.claims}). */
async function claimScenarios(admin: pg.Pool, schema: string): Promise<PostgresBench['claims']> {
  const waiting = 10_000;
  return { aloneMs: await claimMs(admin, schema, 0, 'held'), heldMs: await claimMs(admin, schema, waiting, 'held'), notDueMs: await claimMs(admin, schema, waiting, 'not_due'), waiting };
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
    let delivered = 0;
    let contentionCommands = 0;
    let succeeded = 0;
    let conflicts = 0;
    let roundTrips = 0;
    let h4Over = 0;
    const speeds: number[] = [];
    const contentionSpeeds: number[] = [];
    const commandOnlySpeeds: number[] = [];
    let commandRoundTrips = 0;
    let cold = 0;
    const cachedSpeeds: number[] = [];
    let cachedRoundTrips = 0;
    let cachedCommands = 0;
    /** The instances of world `w`, with a record cache of `recordCache` records each (0: none, the default). */
    const fleet = (w: number, recordCache: number) =>
      stores.map((storage, n) => {
        let next = 0;
        return createConnectionService({
          storage,
          directory: createInMemoryDirectory(worldData(w)),
          notifications: { deliver: async () => undefined },
          sync: { perform: async () => undefined },
          clock: manualClock(T0),
          ids: { next: (kind) => `${kind}-b${n}-r${w}-${(next += 1)}` },
          policy: { maxAttempts: 4 * CLIENTS, recordCache },
        });
      });
    /** Registers world `w`'s teams through its first instance. */
    const register = async (services: readonly ConnectionService[], w: number) => {
      const p = (id: string) => `r${w}-${id}`;
      const teams = [p('studio'), p('client'), ...Array.from({ length: CLIENTS }, (_, n) => [p(`studio-${n}`), p(`client-${n}`)]).flat()];
      for (const teamId of teams) must(await (services[0] as ConnectionService).syncTeamFromDirectory({ teamId }), 'team registration');
      const registered = await Promise.all(services.map((service) => service.dispatchOutbox()));
      for (const d of registered) if (!d.ok) throw new Error(d.error.message);
    };
    /** The throughput workload of world `w` on its own instances with a record cache, timed with its drain (the `postgres_cached_*` figures). */
    const cachedThroughput = async (w: number) => {
      const services = fleet(w, 10_000);
      await register(services, w);
      const before = queries;
      const start = process.hrtime.bigint();
      await Promise.all(services.map((service, n) => committedWorkload(service, n, w)));
      await Promise.all(services.map((service) => drain(service)));
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      return { speed: (CLIENTS * UNITS * COMMANDS_PER_UNIT) / seconds, queries: queries - before };
    };
    for (let r = 0; r <= rounds; r += 1) {
      const measured = r > 0;
      const p = (id: string) => `r${r}-${id}`;
      const services = fleet(r, 0);
      // The cached variant runs in a world of its own, before the default one in odd rounds and after it in even ones.
      const cached = async () => {
        const c = await cachedThroughput(1_000 + r);
        if (!measured) return;
        cachedSpeeds.push(c.speed);
        cachedRoundTrips += c.queries;
        cachedCommands += CLIENTS * UNITS * COMMANDS_PER_UNIT;
      };
      if (r % 2 === 1) await cached();
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
      await register(services, r);

      // Throughput: every command commits; the outbox is drained inside the timed region.
      const queriesBefore = queries;
      const start = process.hrtime.bigint();
      await Promise.all(services.map((service, n) => committedWorkload(service, n, r)));
      const commandSeconds = Number(process.hrtime.bigint() - start) / 1e9;
      const commandQueries = queries - queriesBefore;
      const drained = await Promise.all(services.map((service) => drain(service)));
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const roundQueries = queries - queriesBefore;
      const throughputCommands = CLIENTS * UNITS * COMMANDS_PER_UNIT;
      if (r % 2 === 0) await cached();

      // Contention: C3 and H4 under races (mostly refusals).
      const contentionStart = process.hrtime.bigint();
      await Promise.all(services.map((service, n) => client(service, n)));
      const contentionSeconds = Number(process.hrtime.bigint() - contentionStart) / 1e9;
      const usage = await first.teamPlanUsage({ teamId: p('studio') });
      h4Over += usage.ok ? Math.max(0, usage.value.count - usage.value.limit) : 1;
      if (!measured) {
        cold = throughputCommands / seconds;
        continue;
      }
      speeds.push(throughputCommands / seconds);
      commandOnlySpeeds.push(throughputCommands / commandSeconds);
      commandRoundTrips += commandQueries;
      commands += throughputCommands;
      delivered += drained.reduce((a, b) => a + b, 0);
      roundTrips += roundQueries;
      contentionSpeeds.push(roundCommands / contentionSeconds);
      contentionCommands += roundCommands;
    }

    const claims = await claimScenarios(admin, `${schema}_claims`);

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
      delivered,
      commandsOnlyPerSecond: median(commandOnlySpeeds),
      commandRoundTripsPerCommand: commandRoundTrips / commands,
      contentionCommandsPerSecond: median(contentionSpeeds),
      contentionCommands,
      succeeded,
      conflicts,
      c3Violations,
      h4Violations,
      violations: c3Violations + h4Violations,
      roundTripsPerCommand: roundTrips / commands,
      cachedCommandsPerSecond: median(cachedSpeeds),
      cachedCommandsPerSecondRange: [sorted(cachedSpeeds)[0] as number, sorted(cachedSpeeds)[cachedSpeeds.length - 1] as number],
      cachedRoundTripsPerCommand: cachedRoundTrips / cachedCommands,
      claims,
      server: srv.kind,
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    srv.stop();
  }
}
