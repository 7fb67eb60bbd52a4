import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as extras from '../../src/extras.js';
import * as root from '../../src/index.js';
import { hostileArgs } from '../support/hostile.js';
import { pbtRuns } from '../support/pbt.js';

type AnyFn = (...args: unknown[]) => unknown;

/** The core entry and `/extras`. */
const api: Record<string, unknown> = { ...root, ...extras };

/** Every exported function, and every function-valued property of an exported plain object (e.g. deciders). */
function exportedFunctions(): [string, AnyFn][] {
  const out: [string, AnyFn][] = [];
  for (const [name, value] of Object.entries(api)) {
    if (typeof value === 'function') out.push([name, value as AnyFn]);
    else if (typeof value === 'object' && value !== null && !('_zod' in value)) {
      for (const [key, member] of Object.entries(value)) {
        if (typeof member === 'function') out.push([`${name}.${key}`, member as AnyFn]);
      }
    }
  }
  return out;
}

const functions = exportedFunctions();

describe('fuzz: no exported function throws, whatever it is given (SPEC §7)', () => {
  it('finds the public functions', () => {
    expect(functions.length).toBeGreaterThan(20);
  });

  it.each(functions)('§7: %s never throws on any arguments, revoked Proxies and throwing getters included', (_name, fn) => {
    fc.assert(
      fc.property(hostileArgs(4), ({ build }) => {
        // The property fails if the call throws.
        fn(...build());
      }),
      { numRuns: Math.max(50, Math.floor(pbtRuns() / 2)) },
    );
  });
});
