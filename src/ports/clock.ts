/**
 * The clock port: where the service reads the time (domain functions never do).
 *
 * @example
 * ```ts
 * const clock: ClockPort = { now: () => Date.now() };
 * ```
 * @since 0.1.0
 */
export interface ClockPort {
  /** The current time, in epoch milliseconds (a non-negative safe integer). */
  now(): number;
}

/**
 * The ids port: where the service gets new ids (connections, shared projects).
 *
 * @example
 * ```ts
 * const ids: IdPort = { next: (kind) => `${kind}-${crypto.randomUUID()}` };
 * ```
 * @since 0.1.0
 */
export interface IdPort {
  /** A new, unique id for an entity of `kind` (e.g. `command`). */
  next(kind: string): string;
}

/**
 * The system clock.
 *
 * @example
 * ```ts
 * systemClock.now(); // Date.now()
 * ```
 * @since 0.1.0
 */
export const systemClock: ClockPort = Object.freeze({ now: () => Date.now() });

/**
 * A clock you move by hand, for tests and demos.
 *
 * @example
 * ```ts
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'));
 * clock.advance(5 * 60_000);
 * ```
 * @since 0.1.0
 */
export function manualClock(start: number): ClockPort & { advance(ms: number): void; set(at: number): void } {
  let now = typeof start === 'number' && Number.isFinite(start) ? start : 0;
  return {
    now: () => now,
    advance: (ms: number) => {
      if (typeof ms === 'number' && Number.isFinite(ms)) now += ms;
    },
    set: (at: number) => {
      if (typeof at === 'number' && Number.isFinite(at)) now = at;
    },
  };
}

/**
 * Sequential ids (`cn-1`, `cn-2`, ...), for tests and demos.
 *
 * @example
 * ```ts
 * const ids = sequentialIds();
 * ids.next('cn'); // 'cn-1'
 * ```
 * @since 0.1.0
 */
export function sequentialIds(): IdPort {
  const counters = new Map<string, number>();
  return {
    next: (kind: string) => {
      const k = typeof kind === 'string' ? kind : 'id';
      const n = (counters.get(k) ?? 0) + 1;
      counters.set(k, n);
      return `${k}-${n}`;
    },
  };
}
