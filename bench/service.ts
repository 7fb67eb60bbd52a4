/**
 * The application service on the in-memory adapters.
 *
 * - Throughput: the command path a product drives — request (manual approval), approve, disconnect,
 *   invite, accept, disconnect the shared project — each a full validate → load → authorize from the
 *   directory's templates → decide → commit with index entries, events, outbox and receipt; the outbox
 *   drained (every notification and sync job delivered through the transports) every 1,000 commands,
 *   inside the timed region. One round is one fresh storage; the directory is built once.
 * - Scale: one upstream project growing to `total` downstream connections; the per-command cost of the
 *   first and the last decile, and the heap each connection adds.
 * - Queries: a project's connections (`projectConnections`) and the deadline sweep
 *   (`reconcileDeadlines`) with 1,000 and with 100,000 connections stored: indexed reads cost the same.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createConnectionService,
  createInMemoryDirectory,
  createInMemoryStorage,
  manualClock,
  sequentialIds,
  type ConnectionService,
  type InMemoryDirectory,
} from '../src/index.js';
import { serviceWorldData } from '../src/testing/index.js';
import { median } from './stats.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const T0 = Date.parse('2026-03-02T08:00:00Z');
const MIN = 60_000;

/** A world with one upstream project per company `gc-*`, `units` fresh downstream projects and team pairs for shared projects. */
function world(units: number, approval: 'automatic' | 'manual'): InMemoryDirectory {
  const companies: Record<string, string[]> = { gc: ['tower'] };
  for (let c = 0; c < 10; c += 1) companies[`sub-${c}`] = [];
  for (let i = 0; i < units; i += 1) companies[`sub-${i % 10}`]!.push(`d-${i}`);
  const teams = [
    { teamId: 'studio', admin: 'hana', domain: 'studio.example', plan: 'enterprise' as const, hosts: Array.from({ length: units }, (_, i) => `brand-${i}`) },
    { teamId: 'client', admin: 'lea', domain: 'client.example', plan: 'enterprise' as const },
  ];
  const data = serviceWorldData(companies, approval, teams);
  return createInMemoryDirectory(data);
}

function service(directory: InMemoryDirectory, clock = manualClock(T0), ports: PortTimer | null = null): ConnectionService {
  const storage = createInMemoryStorage();
  return createConnectionService({
    storage: ports === null ? storage : ports.timed(storage),
    directory: ports === null ? directory : ports.timed(directory),
    notifications: { deliver: async () => {} },
    sync: { perform: async () => {} },
    clock,
    ids: sequentialIds(),
  });
}

/**
 * Wall-clock time spent inside ports, by port: a port call counts from its call until its promise
 * settles; calls that overlap (a `Promise.all` of directory reads) count once, as the time at least
 * one of them was pending.
 */
class PortTimer {
  readonly spent = { storage: 0, directory: 0 };
  private readonly pending = { storage: 0, directory: 0 };
  private readonly since = { storage: 0, directory: 0 };

  constructor(private readonly of: (port: object) => 'storage' | 'directory') {}

  /** Forgets the time spent so far. */
  reset(): void {
    this.spent.storage = 0;
    this.spent.directory = 0;
  }

  /** The port with every method timed. */
  timed<P extends object>(port: P): P {
    const which = this.of(port);
    const out: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(port)) {
      out[name] =
        typeof method !== 'function'
          ? method
          : (...args: unknown[]) => {
              if (this.pending[which]++ === 0) this.since[which] = performance.now();
              const done = () => {
                if (--this.pending[which] === 0) this.spent[which] += performance.now() - this.since[which];
              };
              const answer = (method as (...a: unknown[]) => unknown).apply(port, args);
              Promise.resolve(answer).then(done, done);
              return answer;
            };
    }
    return out as P;
  }
}

/** Throws when a benchmark command is refused (a benchmark never measures refusals). */
export function must(r: { ok: boolean; error?: { code: string; message: string } }, what: string): void {
  if (!r.ok) throw new Error(`benchmark ${what} failed: ${r.error?.code} ${r.error?.message}`);
}

/** Delivers every due outbox item (one dispatch delivers one batch). */
export async function drain(s: ConnectionService): Promise<number> {
  let delivered = 0;
  for (;;) {
    const r = await s.dispatchOutbox();
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.failed.length > 0) throw new Error(`delivery failed: ${r.value.failed[0]?.error}`);
    if (r.value.delivered.length === 0) return delivered;
    delivered += r.value.delivered.length;
  }
}

/** One unit of the workload: six commands on a fresh downstream project and a fresh shared project. */
async function unit(s: ConnectionService, i: number): Promise<void> {
  const cn = `cn-${i}`;
  const sh = `sh-${i}`;
  must(await s.requestConnection({ actorId: 'model-admin', connectionId: cn, upstreamProjectId: 'tower', downstreamProjectId: `d-${i}`, dataTypes: ['drawings'] }), 'request');
  must(await s.approveConnection({ actorId: 'model-admin', connectionId: cn }), 'approve');
  must(await s.inviteExternalTeam({ actorId: 'hana', shareId: sh, sharedProjectId: `brand-${i}`, hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' }), 'invite');
  must(await s.acceptInvitation({ actorId: 'lea', shareId: sh }), 'accept');
  must(await s.disconnectConnection({ actorId: 'model-admin', connectionId: cn, reason: 'done' }), 'disconnect');
  must(await s.disconnectSharedProject({ actorId: 'hana', shareId: sh }), 'disconnect shared project');
}

const COMMANDS_PER_UNIT = 6;

/** What one throughput round measured. */
export interface ThroughputRound {
  readonly commandsPerSecond: number;
  readonly commands: number;
  readonly delivered: number;
  /** With timed ports (see {@link serviceThroughputRound}): µs per command spent in each port, and in all. */
  readonly split?: { readonly storageUs: number; readonly directoryUs: number; readonly totalUs: number };
}

/**
 * A throughput round factory: the directory (with `units` downstream projects) is built once; each call
 * runs `units` workload units on a fresh storage, draining the outbox every 1,000 commands.
 *
 * With `timePorts`, every storage and directory call is timed, and the round also reports how a
 * command's time splits between the two ports and the library itself (the timers add their own cost,
 * so these rounds are not the throughput figure).
 */
export function serviceThroughputRound(units = 4_000, timePorts = false): () => Promise<ThroughputRound> {
  const directory = world(units, 'manual');
  return async () => {
    const ports = timePorts ? new PortTimer((port) => (port === directory ? 'directory' : 'storage')) : null;
    const s = service(directory, manualClock(T0), ports);
    for (const teamId of ['studio', 'client']) must(await s.syncTeamFromDirectory({ teamId }), 'team registration');
    await drain(s);
    gc();
    if (ports !== null) ports.reset();
    let delivered = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < units; i += 1) {
      await unit(s, i);
      if ((i * COMMANDS_PER_UNIT) % 1_000 > ((i + 1) * COMMANDS_PER_UNIT) % 1_000) delivered += await drain(s);
    }
    delivered += await drain(s);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const commands = units * COMMANDS_PER_UNIT;
    if (ports === null) return { commandsPerSecond: commands / seconds, commands, delivered };
    const us = (ms: number) => (ms * 1e3) / commands;
    return { commandsPerSecond: commands / seconds, commands, delivered, split: { storageUs: us(ports.spent.storage), directoryUs: us(ports.spent.directory), totalUs: (seconds * 1e6) / commands } };
  };
}

/** One upstream growing to `total` downstream connections (automatic approval). */
export async function benchScale(total = 100_000): Promise<{ firstDecileUs: number; lastDecileUs: number; ratio: number; bytesPerConnection: number; total: number }> {
  const s = service(world(total, 'automatic'));
  await drain(s);
  gc();
  const before = process.memoryUsage().heapUsed;
  const decile = total / 10;
  const perDecile: number[] = [];
  for (let d = 0; d < 10; d += 1) {
    const start = process.hrtime.bigint();
    for (let i = d * decile; i < (d + 1) * decile; i += 1) {
      must(await s.requestConnection({ actorId: 'model-admin', upstreamProjectId: 'tower', downstreamProjectId: `d-${i}`, dataTypes: ['drawings'] }), 'request');
      if (i % 1_000 === 999) await drain(s);
    }
    perDecile.push(Number(process.hrtime.bigint() - start) / 1e3 / decile);
  }
  await drain(s);
  gc();
  const after = process.memoryUsage().heapUsed;
  const first = perDecile[0]!;
  const last = perDecile[9]!;
  return { firstDecileUs: first, lastDecileUs: last, ratio: last / first, bytesPerConnection: (after - before) / total, total };
}

/** The query cost at `small` and at `large` stored connections. */
export interface QueryScale {
  /** µs per `projectConnections` of a project with 20 connections, at `small` and at `large` connections stored. */
  readonly queryUs: readonly [number, number];
  /** µs per `reconcileDeadlines` recording 20 due deadlines (the median of the measured sweeps), at `small` and at `large` stored connections with future deadlines. */
  readonly sweepUs: readonly [number, number];
  /** The median over pairs of (large ÷ small) query batches, measured back to back: the `query_scale_last_vs_first` figure. */
  readonly queryRatio: number;
  /** The query pairs' ratios, in measurement order. */
  readonly queryRatios: readonly number[];
  /** The fastest and the slowest measured sweep of each size, µs. */
  readonly sweepRangeUs: readonly [readonly [number, number], readonly [number, number]];
  /**
   * The median over pairs of (large sweep ÷ small sweep), each pair measured back to back (their order
   * alternating), so a burst of load from elsewhere hits both halves of a pair: the
   * `sweep_scale_last_vs_first` figure.
   */
  readonly sweepRatio: number;
  /** The pairs' ratios, in measurement order. */
  readonly sweepRatios: readonly number[];
  readonly sizes: readonly [number, number];
}

/** Measured pairs of query batches (one batch per world each). */
const QUERY_PAIRS = 9;
/** Untimed sweeps per world before the measured ones: the reconcile path is otherwise first run, cold, in the first measured sweep. */
const SWEEP_WARMUPS = 3;
/** Measured sweeps per world (each a fresh batch of due deadlines). */
const SWEEPS = 15;
const DUE_PER_SWEEP = 20;

/**
 * A world of `size` stored connections: `batches × 20` to upstreams `school-0…` whose end dates fall at
 * `T0 + 60 min`, `+ 70 min`, … (twenty per upstream), and the rest to upstream `tower` (auto-approved,
 * each with an end date far ahead: every one is in the deadline index, none is due).
 */
async function storedWorld(size: number, batches: number): Promise<{ s: ConnectionService; clock: ReturnType<typeof manualClock> }> {
  if (batches * DUE_PER_SWEEP > size) throw new Error(`a world of ${size} connections cannot hold ${batches} batches of ${DUE_PER_SWEEP} due deadlines`);
  const companies: Record<string, string[]> = { gc: ['tower', ...Array.from({ length: batches }, (_, k) => `school-${k}`)] };
  for (let c = 0; c < 10; c += 1) companies[`sub-${c}`] = [];
  for (let i = 0; i < size; i += 1) companies[`sub-${i % 10}`]!.push(`d-${i}`);
  const clock = manualClock(T0);
  const s = service(createInMemoryDirectory(serviceWorldData(companies, 'automatic')), clock);
  for (let i = 0; i < size; i += 1) {
    const batch = Math.floor(i / DUE_PER_SWEEP);
    const upstream = batch < batches ? `school-${batch}` : 'tower';
    const endsAt = batch < batches ? T0 + (60 + 10 * batch) * MIN : T0 + 365 * 24 * 60 * MIN;
    must(await s.requestConnection({ actorId: 'model-admin', upstreamProjectId: upstream, downstreamProjectId: `d-${i}`, dataTypes: ['drawings'], endsAt }), 'request');
    if (i % 1_000 === 999) await drain(s);
  }
  await drain(s);
  return { s, clock };
}

async function timeQuery(s: ConnectionService, repeat: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let r = 0; r < repeat; r += 1) {
    const page = await s.projectConnections({ projectId: 'school-0' });
    if (!page.ok || page.value.items.length !== 20) throw new Error('benchmark query answered the wrong page');
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / repeat;
}

/** Sampling of the deadline sweep (the defaults are the bench's; the options exist to compare samplings). */
export interface SweepSampling {
  readonly warmups?: number;
  readonly sweeps?: number;
  /** Alternate which size is swept first in a pair (default true). */
  readonly alternate?: boolean;
  /**
   * Run a minor GC (a scavenge) before each timed sweep (default true). Both worlds share one heap, so a
   * scavenge that falls into a 1-ms sample mostly collects garbage of the untimed drain or of the other
   * world's sweep (5–60 ms pauses on a busy 2-core host): it was charged at random to one size or the
   * other. What a sweep allocates is then collected before the next sample, untimed, for both sizes
   * alike; the single-sweep median never included it anyway.
   */
  readonly minorGc?: boolean;
}

/**
 * Query and sweep cost with `small` and `large` connections stored. Both worlds are built first and
 * measured in alternation after a full GC and a pause for the collector's concurrent sweeping, so both
 * sizes run under the same heap and machine conditions and the ratio shows what the number of stored
 * connections costs, not which world happened to be measured second.
 *
 * The sweep is one call of about a millisecond, so a single sample is at the mercy of a scavenge, a
 * JIT compilation or the scheduler of a busy host: after `warmups` untimed sweeps of each world, each
 * of `sweeps` pairs times one sweep of each size back to back (the order alternating), and the figure
 * is the median of the pairs' ratios. Nothing is skipped: every sweep reads the deadline index,
 * reconciles and commits its twenty due connections (the drain between sweeps is untimed, as before);
 * a minor GC before each timed sweep keeps other work's garbage out of it (see {@link SweepSampling}).
 */
export async function benchQueryScale(small = 1_000, large = 100_000, sampling: SweepSampling = {}): Promise<QueryScale> {
  const warmups = sampling.warmups ?? SWEEP_WARMUPS;
  const sweepCount = sampling.sweeps ?? SWEEPS;
  const alternate = sampling.alternate ?? true;
  const minorGc = sampling.minorGc ?? true;
  const batches = warmups + sweepCount;
  const worlds = [await storedWorld(small, batches), await storedWorld(large, batches)];
  gc();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const queries: [number[], number[]] = [[], []];
  const sweeps: [number[], number[]] = [[], []];
  for (const { s } of worlds) await timeQuery(s, 200); // warm-up
  // Pairs of 1,000 queries per world, back to back (the order alternating): the figure is the median pair ratio.
  for (let round = 0; round < QUERY_PAIRS; round += 1) {
    for (const w of round % 2 === 1 ? [1, 0] : [0, 1]) queries[w]!.push(await timeQuery(worlds[w]!.s, 1_000));
  }
  // Each batch k: one sweep per world, each recording the twenty deadlines that fell due since the last.
  for (let k = 0; k < batches; k += 1) {
    const order = alternate && k % 2 === 1 ? [1, 0] : [0, 1];
    for (const w of order) {
      const { s, clock } = worlds[w]!;
      clock.set(T0 + (61 + 10 * k) * MIN);
      if (minorGc) (gc as (options: { type: 'minor' }) => void)({ type: 'minor' });
      const start = process.hrtime.bigint();
      const sweep = await s.reconcileDeadlines();
      const us = Number(process.hrtime.bigint() - start) / 1e3;
      if (k >= warmups) sweeps[w]!.push(us);
      if (!sweep.ok || sweep.value.reconciled.length !== DUE_PER_SWEEP) throw new Error(`benchmark sweep reconciled ${sweep.ok ? sweep.value.reconciled.length : sweep.error.code}, not ${DUE_PER_SWEEP}`);
      await drain(s);
    }
  }
  const ratios = sweeps[1].map((l, i) => l / sweeps[0][i]!);
  const queryRatios = queries[1].map((l, i) => l / queries[0][i]!);
  const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
  return {
    queryUs: [median(queries[0]), median(queries[1])],
    sweepUs: [median(sweeps[0]), median(sweeps[1])],
    sweepRangeUs: [range(sweeps[0]), range(sweeps[1])],
    queryRatio: median(queryRatios),
    queryRatios,
    sweepRatio: median(ratios),
    sweepRatios: ratios,
    sizes: [small, large],
  };
}
