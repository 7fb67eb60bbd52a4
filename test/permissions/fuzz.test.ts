import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as permissions from '../../src/permissions/index.js';
import { pbtRuns } from '../support/pbt.js';

type AnyFn = (...args: unknown[]) => unknown;
const functions = Object.entries(permissions as Record<string, unknown>).flatMap(([name, value]) =>
  typeof value === 'function' ? [[name, value as AnyFn] as const] : [],
);

describe('permissions API never throws (§7)', () => {
  it.each(functions.map(([name, fn]) => [name, fn] as const))('§7: %s returns a value for any input', (_name, fn) => {
    fc.assert(
      fc.property(fc.array(fc.anything({ withNullPrototype: true, withObjectString: true }), { maxLength: 4 }), (args) => {
        expect(() => fn(...args)).not.toThrow();
      }),
      { numRuns: pbtRuns(100) },
    );
  });

  it('§7: handles never throw on any input', () => {
    const handle = permissions.createPermissionHandle('rfis.act_as_rfi_manager');
    if (!handle.ok) throw new Error('no handle');
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true }), fc.anything(), (c, ctx) => {
        expect(typeof handle.value.check(c as never, ctx as never)).toBe('boolean');
      }),
      { numRuns: pbtRuns() },
    );
  });
});

describe('permission arbitraries never throw (§7)', () => {
  it('§7: the arbitrary factories and applyTemplateEdits accept any input', async () => {
    const arbitraries = await import('../../src/permissions/arbitraries.js');
    const fns = Object.values(arbitraries as Record<string, unknown>).flatMap((v) => (typeof v === 'function' ? [v as AnyFn] : []));
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 3 }), (args) => {
        for (const fn of fns) expect(() => fn(...args)).not.toThrow();
      }),
      { numRuns: pbtRuns(100) },
    );
  });
});
