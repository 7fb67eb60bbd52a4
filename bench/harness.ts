/**
 * A small benchmark harness for nanosecond-scale functions: each sample times a batch of calls (so
 * the timer's own cost disappears), peers are sampled in alternation (so machine drift hits every
 * contender alike), and the median sample is reported.
 */
import { median } from './stats.js';

export interface Measurement {
  readonly name: string;
  /** Median nanoseconds per call. */
  readonly ns: number;
  /** Calls per second at the median. */
  readonly perSecond: number;
}

let sink: unknown;

/** Keeps results alive so the JIT cannot drop the work. */
export function consume(value: unknown): void {
  sink = value;
}

/** A contender: called with the iteration number (use it to rotate inputs without shared state). */
export type Contender = (i: number) => unknown;

type Loop = (fn: Contender, n: number) => unknown;

/**
 * A fresh loop function per contender: a shared loop's call site would see every contender, turn
 * megamorphic and add a non-inlined call to each measurement. (Bench code only: `new Function` is
 * never used by the library.)
 *
 * Each loop's source text is unique (a numbered comment): V8 caches `new Function` by its source, and
 * loops of one text share their feedback, so before 2026-12-06 the loops were one call site after all
 * — the first contenders measured were inlined and the later ones were not (the bitset floor took
 * 1.2 ns measured first and 4.6 ns measured last; our string check 7.8 and 10.5 ns).
 */
let loopsMade = 0;

function makeLoop(): Loop {
  loopsMade += 1;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('fn', 'n', `/* loop ${loopsMade} */ let s; for (let i = 0; i < n; i += 1) s = fn(i); return s;`) as Loop;
}

const loops = new WeakMap<Contender, Loop>();

function batchNs(fn: Contender, batch: number): number {
  let loop = loops.get(fn);
  if (loop === undefined) {
    loop = makeLoop();
    loops.set(fn, loop);
  }
  const start = process.hrtime.bigint();
  sink = loop(fn, batch);
  return Number(process.hrtime.bigint() - start) / batch;
}

/** Picks a batch size that takes about `targetMs`. */
function calibrate(fn: Contender, targetMs: number): number {
  let batch = 1;
  for (;;) {
    const ns = batchNs(fn, batch) * batch;
    if (ns >= targetMs * 1e6 || batch >= 1 << 24) return Math.max(1, Math.round((batch * targetMs * 1e6) / Math.max(ns, 1)));
    batch *= 4;
  }
}


/**
 * Measures several contenders on equivalent work, in alternation.
 *
 * @remarks
 * `rotate` shifts the order in which contenders are warmed up, calibrated and sampled (by the round
 * number, say): the first one measured tends to come out faster (its code is optimised while the
 * process is fresh), so no contender keeps that place in every round.
 */
export function compare(contenders: Readonly<Record<string, Contender>>, options: { samples?: number; sampleMs?: number; rotate?: number } = {}): Record<string, Measurement> {
  const samples = options.samples ?? 15;
  const sampleMs = options.sampleMs ?? 20;
  const listed = Object.keys(contenders);
  const shift = (((options.rotate ?? 0) % listed.length) + listed.length) % listed.length;
  const names = [...listed.slice(shift), ...listed.slice(0, shift)];
  const batches = new Map<string, number>();
  for (const name of names) {
    const fn = contenders[name]!;
    for (let i = 0; i < 3; i += 1) batchNs(fn, 1000); // warm-up
    batches.set(name, calibrate(fn, sampleMs));
  }
  const times = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let s = 0; s < samples; s += 1) {
    for (const name of names) times.get(name)!.push(batchNs(contenders[name]!, batches.get(name)!));
  }
  const out: Record<string, Measurement> = {};
  for (const name of names) {
    const ns = median(times.get(name)!);
    out[name] = { name, ns, perSecond: 1e9 / ns };
  }
  void sink;
  return out;
}

/** Times an async operation repeated `count` times with `concurrency` in flight; returns ops/s. */
export async function throughput(op: (i: number) => Promise<unknown>, count: number, concurrency = 1): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      consume(await op(i));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}
