/**
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object of ratios and rates.
 */
import { cpus } from 'node:os';
import { benchPermissions } from './permissions.js';
import { benchPostgres } from './postgres.js';
import { benchScale, benchServiceThroughput } from './service.js';
import { benchSize } from './size.js';
import { benchTransition } from './transition.js';

const json = process.argv.includes('--json');
const log = (line: string) => {
  if (!json) console.log(line);
};
const results: Record<string, number> = {};
const rows: [string, string, string][] = [];
const row = (what: string, value: string, target: string) => {
  rows.push([what, value, target]);
  log(`  ${what.padEnd(46)} ${value.padStart(14)}   ${target}`);
};
const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

log(`project-connections benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
log('');

{
  log('Lifecycle transition (approve a pending request, with its authorization check)');
  const t = benchTransition();
  results['transition_ns'] = t.ours.ns;
  results['transition_vs_xstate'] = t.ours.perSecond / t.xstate.perSecond;
  results['transition_vs_plain'] = t.ours.ns / t.plain.ns;
  row('ours (executeConnectionCommand)', `${fmt(t.ours.ns, 0)} ns`, '');
  row('XState v5 transition', `${fmt(t.xstate.ns, 0)} ns`, '');
  row('plain object-spread reducer (floor)', `${fmt(t.plain.ns, 0)} ns`, '');
  row('transition_vs_xstate (ours/s ÷ XState/s)', `${fmt(results['transition_vs_xstate'])}x`, 'target ≥ 20x');
  row('transition_vs_plain (our ns ÷ plain ns)', `${fmt(results['transition_vs_plain'])}x`, 'target ≤ 5x');
  log('');
}

{
  log('Permission checks (one template over the built-in catalog, 32 rotating ids)');
  const p = await benchPermissions();
  results['check_vs_casl'] = p.ours.perSecond / p.casl.perSecond;
  results['check_vs_casbin'] = p.ours.perSecond / p.casbin.perSecond;
  results['handle_vs_bitset'] = p.handle.ns / p.bitset.ns;
  results['check_ns'] = p.ours.ns;
  row('ours: checkCompiled(compiled, id)', `${fmt(p.ours.ns, 1)} ns`, '');
  row('CASL ability.can(action, subject)', `${fmt(p.casl.ns, 1)} ns`, '');
  row('casbin enforceSync(sub, obj, act)', `${fmt(p.casbin.ns, 1)} ns`, '');
  row('ours: precompiled handle.check(compiled)', `${fmt(p.handle.ns, 1)} ns`, '');
  row('hand-written bitset (floor)', `${fmt(p.bitset.ns, 1)} ns`, '');
  row('check_vs_casl (ours/s ÷ CASL/s)', `${fmt(results['check_vs_casl'])}x`, 'target ≥ 5x');
  row('check_vs_casbin (ours/s ÷ casbin/s)', `${fmt(results['check_vs_casbin'])}x`, '');
  row('handle_vs_bitset (handle ns ÷ bitset ns)', `${fmt(results['handle_vs_bitset'])}x`, 'target ≤ 2x');
  log('');
}

{
  log('Application service on the in-memory adapters (request with automatic approval, outbox drained)');
  const t = await benchServiceThroughput(20_000);
  results['service_commands_per_s'] = t.commandsPerSecond;
  row('service commands per second', fmt(t.commandsPerSecond, 0), 'target ≥ 100,000');
  const scale = await benchScale(100_000);
  results['scale_first_decile_us'] = scale.firstDecileUs;
  results['scale_last_decile_us'] = scale.lastDecileUs;
  results['scale_last_vs_first_decile'] = scale.ratio;
  results['bytes_per_connection'] = scale.bytesPerConnection;
  row(`one upstream → ${scale.total.toLocaleString('en')} downstreams: first decile`, `${fmt(scale.firstDecileUs, 1)} µs`, '');
  row('last decile', `${fmt(scale.lastDecileUs, 1)} µs`, '');
  row('scale_last_vs_first_decile', `${fmt(scale.ratio)}x`, 'target ≤ 1.5');
  row('bytes_per_connection (heap after GC)', fmt(scale.bytesPerConnection, 0), 'target ≤ 1,024');
  log('');
}

{
  log(`PostgreSQL adapter: 8 service instances, each with its own pool, on one server`);
  let p: Awaited<ReturnType<typeof benchPostgres>>;
  try {
    p = await benchPostgres(250);
  } catch (cause) {
    log(`  not measured: ${cause instanceof Error ? cause.message : String(cause)}`);
    p = undefined;
  }
  if (p === undefined) log('  not measured: no PG_TEST_URL and no PostgreSQL binaries');
  else {
    results['postgres_commands_per_s'] = p.commandsPerSecond;
    results['postgres_violations'] = p.violations;
    row(`commands per second (${p.commands} commands, ${p.server})`, fmt(p.commandsPerSecond, 0), 'target ≥ 500');
    row('C3/H4 violations in the stored records', String(p.violations), 'target 0');
  }
  log('');
}

{
  log('Bundle size of the core entry (everything exported, minified ESM)');
  const size = await benchSize();
  results['core_bundle_bytes'] = size.own.bytes;
  results['core_bundle_gzip_bytes'] = size.own.gzip;
  results['core_bundle_with_dependencies_gzip_bytes'] = size.withDependencies.gzip;
  row('own code (zod and immer external)', `${fmt(size.own.bytes / 1024, 1)} KB`, `${fmt(size.own.gzip / 1024, 1)} KB gzip`);
  row('with zod and immer bundled', `${fmt(size.withDependencies.bytes / 1024, 1)} KB`, `${fmt(size.withDependencies.gzip / 1024, 1)} KB gzip`);
  log('  (a consumer importing a few functions gets less: one ESM file per module, sideEffects: false)');
  log('');
}

if (json) console.log(JSON.stringify(results, null, 2));
