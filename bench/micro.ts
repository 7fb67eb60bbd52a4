/**
 * The micro-benchmarks of one round — the lifecycle transition and the permission checks — each run
 * in a fresh child process (`micro-child.ts`, started with this process's `tsx` loader).
 *
 * Why a child: in one long process, what ran before distorts nanosecond figures. The service rounds
 * interleaved with them leave a large heap and polymorphic inline caches in the functions both paths
 * share, and from the second round on every contender's closure is a re-creation (V8 then stops
 * specialising optimised code to the closure's context), so rounds 2–5 measured other code than
 * round 1. A fresh process per part and round measures every round, and every contender in it, in the
 * same state: a new isolate, warmed up and calibrated by `compare` alone. The rounds stay interleaved
 * with the service rounds run by the parent, so a burst of load from elsewhere still hits every figure.
 */
import { fork } from 'node:child_process';
import { benchPermissions } from './permissions.js';
import { benchTransition } from './transition.js';

/** The parts of `npm run bench` measured in child processes. */
export const MICRO_PARTS = ['transition', 'permissions'] as const;
export type MicroPart = (typeof MICRO_PARTS)[number];

/** One round's figures of a micro-benchmark part, measured in this process (`round` rotates the order of the contenders). */
export async function microFigures(part: MicroPart, round = 0): Promise<Record<string, number>> {
  if (part === 'transition') {
    const t = benchTransition(round);
    return { transition_ns: t.ours.ns, transition_vs_xstate: t.ours.perSecond / t.xstate.perSecond, transition_vs_plain: t.ours.ns / t.plain.ns };
  }
  const p = await benchPermissions(round);
  return {
    check_ns: p.ours.ns,
    check_ratio_vs_casl: p.ours.perSecond / p.casl.perSecond,
    check_vs_casbin: p.ours.perSecond / p.casbin.perSecond,
    handle_ratio_vs_bitset: p.handle.ns / p.bitset.ns,
  };
}

/** One round's figures of a micro-benchmark part, measured in a fresh child process. */
export function microRoundInChild(part: MicroPart, round = 0): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./micro-child.ts', import.meta.url), [part, String(round)], { execArgv: process.execArgv });
    let figures: Record<string, number> | undefined;
    child.on('message', (message) => {
      figures = message as Record<string, number>;
    });
    child.on('error', reject);
    child.on('exit', (code) => (figures === undefined ? reject(new Error(`the ${part} round's child process exited with code ${code}`)) : resolve(figures)));
  });
}
