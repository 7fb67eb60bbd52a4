import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as directory from '../../src/adapters/memory/inMemoryDirectory.js';
import * as service from '../../src/service/index.js';
import * as faults from '../../src/testing/faults.js';
import * as world from '../../src/testing/serviceWorld.js';
import * as stored from '../../src/testing/storedViews.js';
import * as model from '../../src/testing/serviceModel.js';
import { pbtRuns } from '../support/pbt.js';

type AnyFn = (...args: unknown[]) => unknown;

const functions = (Object.entries({ ...directory, ...service, ...faults, ...world, ...stored, ...model }) as [string, unknown][]).filter(
  (e): e is [string, AnyFn] => typeof e[1] === 'function',
);

describe('fuzz: the service, directory and testing exports never throw or reject (§7)', () => {
  it.each(functions)('§7: %s never throws or rejects on fc.anything() arguments', async (_name, fn) => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.anything({ withBigInt: true, withMap: true, withNullPrototype: true }), { maxLength: 3 }), async (args) => {
        const out = fn(...args);
        if (out instanceof Promise) await Promise.race([out, new Promise((resolve) => setTimeout(resolve, 50))]);
        expect(true).toBe(true);
      }),
      { numRuns: Math.max(30, Math.floor(pbtRuns() / 4)) },
    );
  });
});
