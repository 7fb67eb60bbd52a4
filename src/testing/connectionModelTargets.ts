import fc from 'fast-check';
import { ALLOWED_FROM, deadlineOf, settled, type ModelConnection, type ModelRequest, type OracleRules, type TransitionType } from './connectionOracle.js';

/*
 * How the commands of the connection models choose what to act on. Uniform picks land mostly on
 * terminal connections, where every command is refused: the picks favour the connections the command
 * can act on, and the newest ones (quick undo only works right after a request or an approval).
 */

/** The transitions the models run on existing connections. */
export const TRANSITIONS: readonly TransitionType[] = ['approve', 'decline', 'cancel', 'undo_request', 'undo_approval', 'disconnect'];

/** Where a command looks for its connection: one it fits (by the model), any one, or an id that does not exist. */
export interface Target {
  readonly pool: 'fit' | 'any' | 'unknown';
  /** Counted from the newest connection of the pool. */
  readonly index: number;
}

/** Mostly a connection the command fits, sometimes any, rarely an unknown id. */
export const targetArbitrary: fc.Arbitrary<Target> = fc.record({
  pool: fc.oneof(
    { weight: 8, arbitrary: fc.constant('fit' as const) },
    { weight: 2, arbitrary: fc.constant('any' as const) },
    { weight: 1, arbitrary: fc.constant('unknown' as const) },
  ),
  index: fc.oneof({ weight: 3, arbitrary: fc.nat({ max: 2 }) }, { weight: 1, arbitrary: fc.nat({ max: 50 }) }),
});

/** A target as a command's label shows it. */
export const targetLabel = (t: Target): string => (t.pool === 'unknown' ? 'unknown' : `${t.pool}#${t.index}`);

/** The passing of time, in minutes: often short (inside the quick-undo window), sometimes long (expiry, end dates). */
export const minutesArbitrary: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 40 }) },
);

/**
 * The two projects of a request: mostly of two different companies (a request that can succeed),
 * sometimes any two (same company, or the same project).
 */
export function projectPairArbitrary(companies: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<{ readonly up: string; readonly down: string }> {
  const owned = Object.entries(companies).flatMap(([company, projects]) => projects.map((project) => ({ company, project })));
  const any = fc.record({ up: fc.constantFrom(...owned), down: fc.constantFrom(...owned) }).map(({ up, down }) => ({ up: up.project, down: down.project }));
  const cross = owned.flatMap((a) => owned.filter((b) => b.company !== a.company).map((b) => ({ up: a.project, down: b.project })));
  return cross.length === 0 ? any : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...cross) }, { weight: 1, arbitrary: any });
}

/** A request's end date, in minutes from now, or none: often soon enough to be reached. */
export const endsArbitrary: fc.Arbitrary<number | null> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 120 }) },
);

/** A drawn request: its projects, the upstream's approval mode and its end date (minutes from now, or none). */
export interface RequestDraw {
  readonly up: string;
  readonly down: string;
  readonly auto: boolean;
  readonly ends: number | null;
  /** How a command label shows it: `tower <- tower-electric, auto, ends +5m`. */
  readonly describe: string;
  /** The end date of the request made at `now`. */
  endsAt(now: number): number | null;
  /** The request as the oracle takes it, made at `now` under id `id`. */
  model(id: string, now: number): ModelRequest;
}

/** Requests between the projects of a world (see {@link projectPairArbitrary} and {@link endsArbitrary}). */
export function requestArbitrary(companies: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<RequestDraw> {
  const companyOf = new Map(Object.entries(companies).flatMap(([company, list]) => list.map((p) => [p, company] as const)));
  return fc.record({ pair: projectPairArbitrary(companies), auto: fc.boolean(), ends: endsArbitrary }).map(({ pair: { up, down }, auto, ends }) => {
    const endsAt = (now: number) => (ends === null ? null : now + ends * 60_000);
    return {
      up,
      down,
      auto,
      ends,
      describe: `${up} <- ${down}${auto ? ', auto' : ''}${ends === null ? '' : `, ends +${ends}m`}`,
      endsAt,
      model: (id, now) => ({ id, upstream: up, upstreamCompany: companyOf.get(up) ?? '', downstream: down, downstreamCompany: companyOf.get(down) ?? '', endsAt: endsAt(now), automatic: auto }),
    };
  });
}

/** The id a command acts on, chosen from the model's connections. */
export function pickTarget(
  connections: ReadonlyMap<string, ModelConnection>,
  type: TransitionType | 'reconcile',
  target: Target,
  now: number,
  rules: OracleRules,
): string {
  if (target.pool === 'unknown') return 'cn-unknown';
  const all = [...connections.values()];
  // A connection the command can act on now: one with a due deadline for reconcile, one in a state the command runs from otherwise.
  const fits = (c: ModelConnection) => (type === 'reconcile' ? settled(c, now, rules) !== c : ALLOWED_FROM[type].includes(settled(c, now, rules).state));
  const fit = target.pool === 'fit' ? all.filter(fits) : all;
  const pool = fit.length > 0 ? fit : all;
  return pool[pool.length - 1 - (target.index % Math.max(1, pool.length))]?.id ?? 'cn-unknown';
}

/** How long until the next deadline of a connection the model knows (to reach it exactly), or null when none is ahead. */
export function untilNextDeadline(connections: ReadonlyMap<string, ModelConnection>, now: number, rules: OracleRules): number | null {
  let next = Infinity;
  for (const c of connections.values()) {
    const at = deadlineOf(c, rules);
    if (at !== null && at > now && at < next) next = at;
  }
  return next === Infinity ? null : next - now;
}
