import { z } from 'zod';

/**
 * The permission levels of a tool, in increasing order (P1).
 *
 * @example
 * ```ts
 * LEVELS.indexOf('standard') > LEVELS.indexOf('read_only'); // true
 * ```
 * @since 0.1.0
 */
export const LEVELS = Object.freeze(['none', 'read_only', 'standard', 'admin'] as const);

/**
 * A tool's permission level: `none` < `read_only` < `standard` < `admin` (P1).
 *
 * @example
 * ```ts
 * const level: Level = 'read_only';
 * ```
 * @since 0.1.0
 */
export type Level = (typeof LEVELS)[number];

/**
 * Schema of a {@link Level}. @example `LevelSchema.parse('admin')`
 * @since 0.1.0
 */
export const LevelSchema = z.enum(LEVELS);

const RANK: Readonly<Record<Level, number>> = Object.freeze({ none: 0, read_only: 1, standard: 2, admin: 3 });

/**
 * Whether `actual` is at least `required` in the order of {@link LEVELS} (P1).
 *
 * @example
 * ```ts
 * levelAtLeast('standard', 'read_only'); // true
 * levelAtLeast('none', 'read_only'); // false
 * ```
 * @since 0.1.0
 */
export function levelAtLeast(actual: Level, required: Level): boolean {
  if (typeof actual !== 'string' || typeof required !== 'string' || !Object.hasOwn(RANK, actual) || !Object.hasOwn(RANK, required)) return false;
  return RANK[actual] >= RANK[required];
}
