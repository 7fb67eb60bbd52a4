/**
 * Internal: freezes a plain value and everything reachable from it (own enumerable properties), and
 * returns the same value. The one deep freeze of the library.
 *
 * @remarks
 * Each object is frozen before its children are visited and an already-frozen object is not visited
 * again, so a value that refers to itself (a cycle) ends; the walk uses its own stack, so a deep chain
 * cannot overflow the call stack. Functions are left as they are.
 * @internal
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  const stack: object[] = [value];
  while (stack.length > 0) {
    const current = stack.pop() as Record<string, unknown>;
    for (const key of Object.keys(current)) {
      const child = current[key];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) {
        Object.freeze(child);
        stack.push(child);
      }
    }
  }
  return value;
}
