/**
 * Internal: what a trusted value is. A value is trusted as one kind only, so a value of one kind handed
 * where another is expected (prepared facts as a policy, a view as facts) is validated like any input.
 * Stored records are trusted per record reader (`record:` and the reader's key prefix).
 * @internal
 */
export type TrustKind = 'authorization_facts' | 'connection_policy' | 'connection_event' | 'shared_project_view' | 'shared_project_event' | `record:${string}`;

/**
 * Internal: the values this library produced or already validated (views, events, prepared facts and
 * policies), each with its kind. They are frozen, so they cannot have changed since; the public entry
 * points skip schema validation for a value trusted as the kind they expect and validate everything else.
 */
const trusted = new WeakMap<object, TrustKind>();

/**
 * Internal: marks a frozen, validated value as trusted as `kind` and returns it.
 * @internal
 */
export function trust<T>(value: T, kind: TrustKind): T {
  if (typeof value === 'object' && value !== null) trusted.set(value, kind);
  return value;
}

/**
 * Internal: whether a value was produced or validated by this library as a value of `kind`.
 * @internal
 */
export function isTrusted(value: unknown, kind: TrustKind): boolean {
  return typeof value === 'object' && value !== null && trusted.get(value) === kind;
}

/** A NUL, or a surrogate half without its other half. */
const UNSAFE_TEXT = /[\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Internal: whether a string is text every store keeps as it is: no NUL (PostgreSQL text refuses it) and
 * no lone surrogate (not encodable as UTF-8). Ids, keys and reasons must be such text (issue 15).
 * @internal
 */
export function isCleanText(value: string): boolean {
  return !UNSAFE_TEXT.test(value);
}

/** The message of a schema refusing unsafe text. */
export const UNSAFE_TEXT_MESSAGE = 'contains a NUL character or a lone surrogate (not storable text)';

/**
 * Internal: the arguments of a string schema's `refine` that refuses text no store keeps as it is,
 * naming `what` in the message: `z.string().refine(...storableText('a reason'))`.
 * @internal
 */
export function storableText(what: string): readonly [(value: string) => boolean, { readonly message: string }] {
  return [isCleanText, { message: `${what} ${UNSAFE_TEXT_MESSAGE}` }];
}

/**
 * Internal: a non-empty id string that is not reserved (the fast path of the id schemas).
 * @internal
 */
export function isPlainId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 200 &&
    value !== '__proto__' &&
    value !== 'constructor' &&
    value !== 'prototype' &&
    isCleanText(value)
  );
}

/**
 * Internal: a reason the reason schemas accept unchanged: 1–2,000 characters, already trimmed, storable
 * text (the fast path of the connection and shared-project reason schemas).
 * @internal
 */
export function isPlainReason(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 2000 && value.trim() === value && isCleanText(value);
}

/**
 * Internal: a plain object (literal or `Object.create(Object.prototype)`) whose keys all pass `allowed`.
 * @internal
 */
export function hasOnlyKeys(value: unknown, allowed: (key: string) => boolean): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  // for-in visits inherited enumerable keys too: stricter than zod, which is the safe direction.
  for (const key in value) if (!allowed(key)) return false;
  return true;
}

/**
 * Internal: a frozen plain object (literal or `Object.create(Object.prototype)`), the shape of every
 * stored record the hand-written record guards accept.
 * @internal
 */
export function isFrozenPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.isFrozen(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Internal: a time as the record schemas accept it (`z.number().int().nonnegative()`): a safe integer ≥ 0.
 * @internal
 */
export function isTimestamp(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Internal: a count as the record schemas accept it: a safe integer ≥ 0.
 * @internal
 */
export const isCount: (v: unknown) => v is number = isTimestamp;

/**
 * Internal: a record's event count as the record schemas accept it (`z.number().int().positive()`).
 * @internal
 */
export function isEventCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * Internal: a frozen array (with `Array.prototype`) whose every element passes `item`.
 * @internal
 */
export function isFrozenArrayOf(v: unknown, item: (element: unknown) => boolean): v is readonly unknown[] {
  if (!Array.isArray(v) || !Object.isFrozen(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
  for (const element of v as unknown[]) if (!item(element)) return false;
  return true;
}

/**
 * Internal: whether a value and everything reachable from it is frozen (so it can never change).
 * @internal
 */
export function isDeepFrozen(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (!Object.isFrozen(value) || depth > 64) return false;
  for (const key of Object.keys(value)) if (!isDeepFrozen((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

/**
 * Internal: a validator that remembers its answer for deep-frozen inputs, keyed by identity (data a
 * port returns again and again, e.g. the same frozen directory entry). Mutable inputs are validated
 * on every call. `parse` answers the validated value, or `undefined` when the input is malformed.
 * @internal
 */
export function validationCache<T>(parse: (value: unknown) => T | undefined): {
  readonly read: (value: unknown) => T | undefined;
} {
  const valid = new WeakMap<object, T>();
  const invalid = new WeakSet<object>();
  return {
    read(value) {
      if (typeof value !== 'object' || value === null) return parse(value);
      const hit = valid.get(value);
      if (hit !== undefined) return hit;
      if (invalid.has(value)) return undefined;
      const parsed = parse(value);
      if (isDeepFrozen(value)) {
        if (parsed === undefined) invalid.add(value);
        else valid.set(value, parsed);
      }
      return parsed;
    },
  };
}
