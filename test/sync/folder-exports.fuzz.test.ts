import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as notifications from '../../src/notifications/index.js';
import * as sync from '../../src/sync/index.js';
import { pbtRuns } from '../support/pbt.js';

type AnyFn = (...args: unknown[]) => unknown;

function functionsOf(module: Record<string, unknown>): [string, AnyFn][] {
  const out: [string, AnyFn][] = [];
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === 'function') out.push([name, value as AnyFn]);
    else if (typeof value === 'object' && value !== null && !('_zod' in value)) {
      for (const [key, member] of Object.entries(value)) if (typeof member === 'function') out.push([`${name}.${key}`, member as AnyFn]);
    }
  }
  return out;
}

const functions = [...functionsOf(sync), ...functionsOf(notifications)];

describe('§7: the notification and sync exports never throw, whatever they are given', () => {
  it('§7: finds the folder functions', () => {
    expect(functions.map(([n]) => n)).toEqual(expect.arrayContaining(['planUpstreamChange', 'planConnectionNotifications', 'DRAWINGS_DATA_TYPE.isSyncable']));
  });

  it.each(functions)('§7: %s never throws on fc.anything() arguments', (_name, fn) => {
    fc.assert(
      fc.property(
        fc.array(fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true }), { maxLength: 4 }),
        (args) => {
          fn(...args);
        },
      ),
      { numRuns: Math.max(50, Math.floor(pbtRuns() / 2)) },
    );
  });
});
