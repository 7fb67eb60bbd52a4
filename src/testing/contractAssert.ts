import { deepEqual } from './deepEqual.js';

/**
 * Internal: the failure of a contract case, thrown so that any test runner reports it.
 * @internal
 */
export class ContractFailure extends Error {
  override readonly name = 'ContractFailure';
}

const show = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/**
 * Internal: fails the running contract case unless `condition` holds.
 * @internal
 */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ContractFailure(message);
}

/**
 * Internal: fails the running contract case unless `actual` structurally equals `expected`.
 * @internal
 */
export function same(actual: unknown, expected: unknown, what: string): void {
  if (!deepEqual(actual, expected)) throw new ContractFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}
