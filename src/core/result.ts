/**
 * The success branch of a {@link Result}.
 *
 * @example
 * ```ts
 * const r: Ok<number> = ok(42);
 * ```
 * @since 0.1.0
 */
export interface Ok<T> {
  /** Always `true`: narrow a {@link Result} on it. */
  readonly ok: true;
  /** The successful outcome. */
  readonly value: T;
}

/**
 * The failure branch of a {@link Result}.
 *
 * @example
 * ```ts
 * const r = err({ code: 'NOT_FOUND', message: 'no such connection', details: { entity: 'connection', id: 'c1' } });
 * ```
 * @since 0.1.0
 */
export interface Err<E> {
  /** Always `false`: narrow a {@link Result} on it. */
  readonly ok: false;
  /** What went wrong (for domain functions, a `DomainError`). */
  readonly error: E;
}

/**
 * A plain, serialisable outcome: either `{ ok: true, value }` or `{ ok: false, error }`.
 *
 * @remarks
 * Every domain function of this library returns a `Result` instead of throwing. Results are plain
 * objects, so they survive `JSON.stringify`, `structuredClone` and a trip through a queue.
 * Narrow on `ok`:
 *
 * @example
 * ```ts
 * const result = executeConnectionCommand(view, command, context);
 * if (result.ok) save(result.value.state);
 * else console.error(result.error.code, result.error.message);
 * ```
 * @since 0.1.0
 */
export type Result<T, E> = Ok<T> | Err<E>;

/**
 * Builds a success {@link Result}.
 *
 * @example
 * ```ts
 * ok({ events: [] }).ok; // true
 * ```
 * @since 0.1.0
 */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/**
 * Builds a failure {@link Result}.
 *
 * @example
 * ```ts
 * err(domainError('NOT_FOUND', { entity: 'connection', id: 'c1' })).ok; // false
 * ```
 * @since 0.1.0
 */
export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
