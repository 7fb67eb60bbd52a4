/**
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object of figures.
 *
 * Stable on a busy machine: the micro-benchmarks and the service throughput run in `ROUNDS`
 * interleaved rounds (round 1 of each, then round 2 of each, ...), so a burst of load from elsewhere
 * hits every figure alike; each figure is the median of its rounds, printed with its spread
 * (min–max), and the JSON keeps the median (plus `_min` / `_max`) — except the two ratios whose
 * targets hold "in every round": `check_vs_casl` keeps the minimum over rounds and `handle_vs_bitset`
 * the maximum (the round least in our favour; their medians are `check_ratio_vs_casl` and
 * `handle_ratio_vs_bitset`).
 *
 * Isolated: each round of each micro-benchmark (transition, permissions) runs in a fresh child process
 * (`micro.ts`), so neither the service rounds' heap and inline caches nor the earlier rounds distort
 * its nanosecond figures; the service and sync rounds run in this process, between them.
 */
import { cpus } from 'node:os';
import { MICRO_PARTS, microRoundInChild } from './micro.js';
import { benchOutboxClaims } from './outbox.js';
import { benchPostgres } from './postgres.js';
import { benchQueryScale, benchScale, serviceThroughputRound } from './service.js';
import { benchCheckPathSize } from './size-check.js';
import { benchSize } from './size.js';
import { publishFanout } from './sync.js';
import { median, sorted } from './stats.js';

/** The parts a run can be narrowed to: `npm run bench -- --only=service,queries` (or `npm run bench -- service queries`). */
const PARTS = [...MICRO_PARTS, 'service', 'sync', 'scale', 'queries', 'postgres', 'size'] as const;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
if (!Number.isSafeInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_ROUNDS must be a whole number ≥ 1, not "${process.env['BENCH_ROUNDS']}"`);
const json = process.argv.includes('--json');
const named = process.argv.slice(2).flatMap((a) => (a.startsWith('--only=') ? a.slice('--only='.length).split(',') : a.startsWith('-') ? [] : [a]));
const unknownPart = named.find((part) => !(PARTS as readonly string[]).includes(part));
if (unknownPart !== undefined) throw new Error(`unknown benchmark part "${unknownPart}" (parts: ${PARTS.join(', ')})`);
const wanted = (part: string) => named.length === 0 || named.includes(part);
const log = (line: string) => {
  if (!json) console.log(line);
};
const results: Record<string, number> = {};
const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const row = (what: string, value: string, target: string) => log(`  ${what.padEnd(52)} ${value.padStart(22)}   ${target}`);


/** Records a figure measured once per round: median in `results[name]`, spread in `_min`/`_max`. */
function figure(name: string, values: readonly number[]): { median: number; min: number; max: number } {
  const s = sorted(values);
  const m = median(values);
  results[name] = m;
  results[`${name}_min`] = s[0]!;
  results[`${name}_max`] = s[s.length - 1]!;
  return { median: m, min: s[0]!, max: s[s.length - 1]! };
}
const spread = (f: { median: number; min: number; max: number }, digits = 2, unit = '') =>
  `${fmt(f.median, digits)}${unit} (${fmt(f.min, digits)}–${fmt(f.max, digits)})`;

log(`project-connections benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${ROUNDS} interleaved rounds`);
log('');

const rounds: Record<string, number[]> = {};
const push = (name: string, value: number) => (rounds[name] ??= []).push(value);
const throughput = wanted('service') ? serviceThroughputRound() : null;
if (throughput !== null) await throughput(); // warm-up round, not counted
// The same workload with timed ports, for the cost split only (its timers slow it down).
const split = wanted('service') ? serviceThroughputRound(4_000, true) : null;
const fanout = wanted('sync') ? await publishFanout(1_000) : null;
if (fanout !== null) await fanout(); // warm-up round, not counted
// Ten times the downstreams: the per-downstream cost must stay flat (it grew 7x before 2026-12-08).
const fanoutLarge = wanted('sync') ? await publishFanout(10_000) : null;
if (fanoutLarge !== null) await fanoutLarge();

for (let r = 0; r < ROUNDS; r += 1) {
  for (const part of MICRO_PARTS.filter(wanted)) {
    for (const [name, value] of Object.entries(await microRoundInChild(part, r))) push(name, value);
  }
  if (throughput !== null) push('service_commands_per_s', (await throughput()).commandsPerSecond);
  if (split !== null) {
    const { storageUs, directoryUs, totalUs } = (await split()).split!;
    push('service_split_total_us', totalUs);
    push('service_split_storage_us', storageUs);
    push('service_split_directory_us', directoryUs);
    push('service_split_library_us', totalUs - storageUs - directoryUs);
  }
  if (fanout !== null) {
    const f = await fanout();
    push('publish_fanout_1000_ms', f.publishMs);
    push('publish_fanout_1000_dispatch_ms', f.dispatchMs);
    if (fanoutLarge !== null) {
      const large = await fanoutLarge();
      push('publish_fanout_10000_ms', large.publishMs);
      push('publish_fanout_scale_10k_vs_1k', large.publishMs / 10 / f.publishMs);
    }
  }
}

if (wanted('transition')) {
  log('Lifecycle transition (approve a pending request, with its authorization check)');
  row('ours (executeConnectionCommand), ns', spread(figure('transition_ns', rounds['transition_ns']!), 0), '');
  row('transition_vs_xstate (ours/s ÷ XState/s)', spread(figure('transition_vs_xstate', rounds['transition_vs_xstate']!), 2, 'x'), 'target ≥ 20x');
  row('transition_vs_plain (our ns ÷ plain ns)', spread(figure('transition_vs_plain', rounds['transition_vs_plain']!), 2, 'x'), 'target ≤ 5x');
  log('');
}

if (wanted('permissions')) {
  log('Permission checks (one template over the built-in catalog, 32 rotating ids)');
  row('ours: checkCompiled(compiled, id), ns', spread(figure('check_ns', rounds['check_ns']!), 1), '');
  const casl = figure('check_ratio_vs_casl', rounds['check_ratio_vs_casl']!);
  // The figures: the worst round of each (the minimum speed-up over CASL, the maximum cost over the floor).
  results['check_vs_casl'] = casl.min;
  row('check_vs_casl: minimum over rounds (median, range)', `${fmt(casl.min)}x (${spread(casl, 2, 'x')})`, 'target ≥ 5x in every round');
  row('check_vs_casbin (ours/s ÷ casbin/s)', spread(figure('check_vs_casbin', rounds['check_vs_casbin']!), 0, 'x'), '');
  const handle = figure('handle_ratio_vs_bitset', rounds['handle_ratio_vs_bitset']!);
  results['handle_vs_bitset'] = handle.max;
  row('handle_vs_bitset: maximum over rounds (median, range)', `${fmt(handle.max)}x (${spread(handle, 2, 'x')})`, 'target ≤ 2x in every round');
  log('');
}

if (throughput !== null) {
  log('Application service on the in-memory adapters (request, approve, invite, accept, disconnect ×2; outbox drained)');
  row('service_commands_per_s', spread(figure('service_commands_per_s', rounds['service_commands_per_s']!), 0), 'target ≥ 100,000 (median)');
  log('  where a command’s time goes (the same rounds with every port call timed), µs per command:');
  row('  all (timed rounds, timers included)', spread(figure('service_split_total_us', rounds['service_split_total_us']!), 1), '');
  row('  storage port (in-memory)', spread(figure('service_split_storage_us', rounds['service_split_storage_us']!), 1), '');
  row('  directory port (in-memory)', spread(figure('service_split_directory_us', rounds['service_split_directory_us']!), 1), '');
  row('  the library (all the rest)', spread(figure('service_split_library_us', rounds['service_split_library_us']!), 1), '100,000/s leaves 10 µs for all');
  log('');
}

if (fanout !== null) {
  log('Sync fan-out: one publishUpstreamItems call to an upstream project with 1,000 connected downstream projects');
  row('publish_fanout_1000_ms (the one call, 1,000 operations committed)', spread(figure('publish_fanout_1000_ms', rounds['publish_fanout_1000_ms']!), 1, ' ms'), 'one service call');
  row('publish_fanout_1000_dispatch_ms (sending and acknowledging them)', spread(figure('publish_fanout_1000_dispatch_ms', rounds['publish_fanout_1000_dispatch_ms']!), 1, ' ms'), '');
  row('publish_fanout_10000_ms (the same call, 10,000 downstreams)', spread(figure('publish_fanout_10000_ms', rounds['publish_fanout_10000_ms']!), 1, ' ms'), '');
  row('publish_fanout_scale_10k_vs_1k (ms per downstream, 10,000 ÷ 1,000)', spread(figure('publish_fanout_scale_10k_vs_1k', rounds['publish_fanout_scale_10k_vs_1k']!), 2, 'x'), 'linear: ≈ 1');
  log('');
}

if (wanted('scale')) {
  log('Scale: one upstream project growing to 100,000 downstream connections');
  const scale = await benchScale(100_000);
  results['scale_first_decile_us'] = scale.firstDecileUs;
  results['scale_last_decile_us'] = scale.lastDecileUs;
  results['scale_last_vs_first_decile'] = scale.ratio;
  results['bytes_per_connection'] = scale.bytesPerConnection;
  row('first decile, µs per command', fmt(scale.firstDecileUs, 1), '');
  row('last decile, µs per command', fmt(scale.lastDecileUs, 1), '');
  row('scale_last_vs_first_decile', `${fmt(scale.ratio)}x`, 'target ≤ 1.5');
  row('bytes_per_connection (heap after GC)', fmt(scale.bytesPerConnection, 0), '');
  log('');
}

if (wanted('queries')) {
  log('Indexed queries: a project’s connections, and the deadline sweep, at 1,000 and 100,000 stored connections; outbox claims with 30,000 waiting items');
  const q = await benchQueryScale(1_000, 100_000);
  results['query_us_small'] = q.queryUs[0];
  results['query_us_large'] = q.queryUs[1];
  results['query_scale_last_vs_first'] = q.queryRatio;
  results['query_scale_last_vs_first_min'] = Math.min(...q.queryRatios);
  results['query_scale_last_vs_first_max'] = Math.max(...q.queryRatios);
  results['sweep_us_small'] = q.sweepUs[0];
  results['sweep_us_large'] = q.sweepUs[1];
  // The median of the back-to-back pairs' ratios (see benchQueryScale), with their spread.
  results['sweep_scale_last_vs_first'] = q.sweepRatio;
  results['sweep_scale_last_vs_first_min'] = Math.min(...q.sweepRatios);
  results['sweep_scale_last_vs_first_max'] = Math.max(...q.sweepRatios);
  row(`projectConnections (20 of them), µs at ${q.sizes[0]} / ${q.sizes[1]}`, `${fmt(q.queryUs[0], 1)} / ${fmt(q.queryUs[1], 1)}`, '');
  row('query_scale_last_vs_first (median of pairs; range)', `${fmt(q.queryRatio)}x (${fmt(results['query_scale_last_vs_first_min']!)}–${fmt(results['query_scale_last_vs_first_max']!)})`, 'target ≤ 1.5');
  row(`reconcileDeadlines (20 due), µs at ${q.sizes[0]} / ${q.sizes[1]}`, `${fmt(q.sweepUs[0], 0)} / ${fmt(q.sweepUs[1], 0)}`, '');
  row('sweep_scale_last_vs_first (median of pairs; range)', `${fmt(q.sweepRatio)}x (${fmt(results['sweep_scale_last_vs_first_min']!)}–${fmt(results['sweep_scale_last_vs_first_max']!)})`, 'target ≤ 1.5');
  const o = await benchOutboxClaims(ROUNDS);
  results['outbox_claim_us'] = o.noneUs;
  results['outbox_claim_held_vs_none'] = o.heldUs / o.noneUs;
  results['outbox_claim_not_due_vs_none'] = o.notDueUs / o.noneUs;
  row(`outbox claim of 100 due items, µs: alone / behind ${o.waiting} held in a failing group / behind ${o.waiting} not due`, `${fmt(o.noneUs, 1)} / ${fmt(o.heldUs, 1)} / ${fmt(o.notDueUs, 1)}`, '');
  row('outbox_claim_held_vs_none / outbox_claim_not_due_vs_none', `${fmt(o.heldUs / o.noneUs)}x / ${fmt(o.notDueUs / o.noneUs)}x`, 'a claim reads what it takes (heap work grows as log n); a scan: 130x / 121x');
  log('');
}

if (wanted('postgres')) {
  log('PostgreSQL adapter: 8 service instances, each with its own pool, on one server (a warm-up round, then the median of the measured rounds)');
  let p: Awaited<ReturnType<typeof benchPostgres>>;
  try {
    p = await benchPostgres(250, Math.max(1, Math.min(ROUNDS, 3)));
  } catch (cause) {
    log(`  not measured: ${cause instanceof Error ? cause.message : String(cause)}`);
    p = undefined;
  }
  if (p === undefined) log('  not measured: no PG_TEST_URL and no PostgreSQL binaries');
  else {
    results['postgres_commands_per_s'] = p.commandsPerSecond;
    results['postgres_commands_per_s_min'] = p.commandsPerSecondRange[0];
    results['postgres_commands_per_s_max'] = p.commandsPerSecondRange[1];
    results['postgres_cold_commands_per_s'] = p.coldCommandsPerSecond;
    results['postgres_violations'] = p.violations;
    results['postgres_round_trips_per_command'] = p.roundTripsPerCommand;
    results['postgres_contention_commands_per_s'] = p.contentionCommandsPerSecond;
    results['postgres_contention_committed_share'] = p.succeeded / p.contentionCommands;
    const speed = { median: p.commandsPerSecond, min: p.commandsPerSecondRange[0], max: p.commandsPerSecondRange[1] };
    row(`commands per second, all committed, outbox drained (${p.rounds} rounds, ${p.commands} commands, ${p.delivered} deliveries, ${p.server})`, spread(speed, 0), 'target ≥ 2,000 (median)');
    row('the warm-up round (fresh process and pools), commands per second', fmt(p.coldCommandsPerSecond, 0), 'not counted');
    row('postgres_round_trips_per_command (queries ÷ commands)', fmt(p.roundTripsPerCommand), '');
    results['postgres_commands_only_per_s'] = p.commandsOnlyPerSecond;
    results['postgres_command_round_trips_per_command'] = p.commandRoundTripsPerCommand;
    row('the split: the commands alone (before the drain), per second', fmt(p.commandsOnlyPerSecond, 0), '');
    row('the split: round trips per command, the commands alone', fmt(p.commandRoundTripsPerCommand), '');
    results['postgres_cached_commands_per_s'] = p.cachedCommandsPerSecond;
    results['postgres_cached_round_trips_per_command'] = p.cachedRoundTripsPerCommand;
    const cachedSpeed = { median: p.cachedCommandsPerSecond, min: p.cachedCommandsPerSecondRange[0], max: p.cachedCommandsPerSecondRange[1] };
    row('the same workload on instances keeping a record cache (policy.recordCache), commands per second', spread(cachedSpeed, 0), 'an option, off by default');
    row('  its round trips per command, outbox drained', fmt(p.cachedRoundTripsPerCommand), '');
    row(`contention: commands per second, refusals included (${p.contentionCommands} commands)`, fmt(p.contentionCommandsPerSecond, 0), '');
    row('contention: share that committed (the rest refused by C3/H4, or conflicts after every retry)', `${fmt(100 * results['postgres_contention_committed_share']!, 1)} % (${p.conflicts} conflicts)`, '');
    row('C3/H4 violations in the stored records', String(p.violations), 'target 0');
    results['postgres_claim_ms'] = p.claims.aloneMs;
    results['postgres_claim_held_ms'] = p.claims.heldMs;
    results['postgres_claim_not_due_ms'] = p.claims.notDueMs;
    row(`outbox claim of 100 due items, ms: alone / behind ${p.claims.waiting} held in a failing group / behind ${p.claims.waiting} not due`, `${fmt(p.claims.aloneMs, 2)} / ${fmt(p.claims.heldMs, 2)} / ${fmt(p.claims.notDueMs, 2)}`, 'linear in the waiting items');
  }
  log('');
}

if (wanted('size')) {
  log('Bundle size of the core entry (everything exported, minified ESM)');
  const size = await benchSize();
  results['core_bundle_bytes'] = size.own.bytes;
  results['core_bundle_gzip_bytes'] = size.own.gzip;
  results['core_bundle_with_dependencies_gzip_bytes'] = size.withDependencies.gzip;
  row('own code (zod and immer external)', `${fmt(size.own.bytes / 1024, 1)} KB`, `${fmt(size.own.gzip / 1024, 1)} KB gzip`);
  row('with zod and immer bundled', `${fmt(size.withDependencies.bytes / 1024, 1)} KB`, `${fmt(size.withDependencies.gzip / 1024, 1)} KB gzip`);
  // What a consumer's bundler ships: everything of the root entry, or one function, dependencies included.
  const check = await benchCheckPathSize();
  results['root_gzip_kb'] = size.withDependencies.gzip / 1024;
  results['can_only_gzip_kb'] = check.canOnlyGzipKb;
  results['check_only_gzip_kb'] = check.checkOnlyGzipKb;
  row('root_gzip_kb (the whole root entry, with dependencies)', `${fmt(results['root_gzip_kb'], 1)} KB`, '');
  row('can_only_gzip_kb (import { can } only)', `${fmt(check.canOnlyGzipKb, 1)} KB`, 'goal ≤ 10 KB');
  row('check_only_gzip_kb (compileTemplate, checkCompiled, createPermissionHandle)', `${fmt(check.checkOnlyGzipKb, 1)} KB`, '');
  log('');
}

if (json) console.log(JSON.stringify(results, null, 2));
