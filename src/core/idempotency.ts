import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/**
 * What was stored the first time a command ran with an idempotency key (C15).
 *
 * @example
 * ```ts
 * const r = receiptFor('req-1', command, outcome, now);
 * ```
 * @since 0.1.0
 */
export interface IdempotencyReceipt<Outcome> {
  /** The idempotency key the command was sent with. */
  readonly key: string;
  /** The canonical text of the first command (see `fingerprint`), compared with every retry. */
  readonly fingerprint: string;
  /** The first outcome, returned again to every retry with the same command. */
  readonly outcome: Outcome;
  /** When the first outcome was recorded, in epoch milliseconds. */
  readonly at: number;
}

/**
 * A canonical JSON text of a plain value, with object keys sorted, so that two equal commands have the
 * same fingerprint whatever their key order. An object referenced twice (`{ a: x, b: x }`) is written
 * out both times, like its unshared copy; only a reference back to an object that contains it (a real
 * cycle) is written as `"[Circular]"`. Total: a revoked Proxy or a throwing getter gives a fingerprint,
 * never an exception.
 *
 * `value` stays `unknown`: any plain value (a command of any module) has a fingerprint.
 *
 * @example
 * ```ts
 * fingerprint({ b: 1, a: 2 }) === fingerprint({ a: 2, b: 1 }); // true
 * const x = { id: 'tower' };
 * fingerprint({ a: x, b: x }) === fingerprint({ a: { id: 'tower' }, b: { id: 'tower' } }); // true
 * ```
 * @since 0.1.0
 */
export function fingerprint(value: unknown): string {
  try {
    return JSON.stringify(canonical(value, new Set())) ?? 'undefined';
  } catch {
    return '!unreadable';
  }
}

/**
 * The canonical form of `value`. `ancestors` holds the objects on the current path (not every object
 * seen so far), so only a reference back to one of them is a cycle.
 */
function canonical(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function') return String(value);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[Circular]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => canonical(v, ancestors));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (key === 'idempotencyKey') continue;
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) Object.defineProperty(out, key, { value: canonical(v, ancestors), enumerable: true });
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * Checks a command against the receipt stored for its key: `{ kind: 'fresh' }` to run it,
 * `{ kind: 'replay', outcome }` to return the first outcome again, or `IDEMPOTENCY_CONFLICT` when the
 * key was used with a different command (C15).
 *
 * @remarks
 * `command` stays `unknown`: receipts serve the commands of every module (only its fingerprint counts).
 *
 * @example
 * ```ts
 * const check = checkIdempotency(store.get(key), key, command);
 * if (check.ok && check.value.kind === 'replay') return check.value.outcome;
 * ```
 * @since 0.1.0
 */
export function checkIdempotency<Outcome>(
  receipt: IdempotencyReceipt<Outcome> | undefined,
  key: string,
  command: unknown,
): Result<{ readonly kind: 'fresh' } | { readonly kind: 'replay'; readonly outcome: Outcome }, DomainError<'IDEMPOTENCY_CONFLICT'>> {
  if (typeof receipt !== 'object' || receipt === null) return ok({ kind: 'fresh' });
  const conflict = () => err(domainError('IDEMPOTENCY_CONFLICT', { key: typeof key === 'string' ? key : fingerprint(key) }));
  try {
    if (receipt.fingerprint !== fingerprint(command)) return conflict();
    return ok({ kind: 'replay', outcome: receipt.outcome });
  } catch {
    return conflict(); // a receipt that cannot be read is never replayed
  }
}

/**
 * Builds the receipt to store with the first outcome of a keyed command (C15).
 *
 * @remarks
 * `command` stays `unknown`: receipts serve the commands of every module (only its fingerprint counts).
 *
 * @example
 * ```ts
 * const receipt = receiptFor('req-1', command, result, now);
 * ```
 * @since 0.1.0
 */
export function receiptFor<Outcome>(key: string, command: unknown, outcome: Outcome, at: number): IdempotencyReceipt<Outcome> {
  return Object.freeze({ key, fingerprint: fingerprint(command), outcome, at });
}
