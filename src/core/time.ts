/**
 * A point in time as milliseconds since the Unix epoch (what `Date.now()` returns).
 *
 * @remarks
 * Domain functions never read the clock: the caller passes `now` in, usually from the clock port.
 * Numbers compare, subtract and serialise without parsing, which keeps transitions cheap.
 *
 * @example
 * ```ts
 * const now: Timestamp = Date.parse('2026-01-05T09:00:00Z');
 * ```
 * @since 0.1.0
 */
export type Timestamp = number;

/**
 * A length of time in milliseconds.
 *
 * @example
 * ```ts
 * const fiveMinutes: Duration = 5 * MINUTE;
 * ```
 * @since 0.1.0
 */
export type Duration = number;

/**
 * One minute as a {@link Duration}. @example `5 * MINUTE`
 * @since 0.1.0
 */
export const MINUTE: Duration = 60_000;
/**
 * One day as a {@link Duration}. @example `30 * DAY`
 * @since 0.1.0
 */
export const DAY: Duration = 86_400_000;
