import type { Level } from '../core/level.js';

const RANK: Readonly<Record<Level, number>> = Object.freeze({ none: 0, read_only: 1, standard: 2, admin: 3 });

/**
 * Internal: `levelAtLeast` for validated levels, without the core level module (which builds a schema
 * when it loads, and the pure check path must not load zod). level-rank.test.ts checks that both agree.
 * @internal
 */
export function reaches(actual: Level, required: Level): boolean {
  return (RANK[actual] ?? -1) >= (RANK[required] ?? 4);
}
