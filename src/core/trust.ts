/**
 * Internal: the values this library produced or already validated (views, events, prepared facts and
 * policies). They are frozen, so they cannot have changed since; the public entry points skip schema
 * validation for them and validate everything else.
 */
const trusted = new WeakSet<object>();

/** Internal: marks a frozen, validated value as trusted and returns it. */
export function trust<T>(value: T): T {
  if (typeof value === 'object' && value !== null) trusted.add(value);
  return value;
}

/** Internal: whether a value was produced or validated by this library. */
export function isTrusted(value: unknown): boolean {
  return typeof value === 'object' && value !== null && trusted.has(value);
}

/** Internal: a non-empty id string that is not reserved (the fast path of the id schemas). */
export function isPlainId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 200 &&
    value !== '__proto__' &&
    value !== 'constructor' &&
    value !== 'prototype'
  );
}

/** Internal: a plain object (literal or `Object.create(Object.prototype)`) whose own keys are all in `allowed`. */
export function hasOnlyKeys(value: unknown, allowed: ReadonlySet<string>): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  // for-in visits inherited enumerable keys too: stricter than zod, which is the safe direction.
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}
