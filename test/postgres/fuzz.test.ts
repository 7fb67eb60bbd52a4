import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as postgres from '../../src/adapters/postgres/index.js';
import * as contract from '../../src/testing/storageContract.js';
import { pbtRuns } from '../support/pbt.js';

type AnyFn = (...args: unknown[]) => unknown;
const functions: [string, AnyFn][] = ([...Object.entries(postgres), ...Object.entries(contract)] as [string, unknown][]).flatMap(([name, value]) =>
  typeof value === 'function' ? [[name, value as AnyFn] as [string, AnyFn]] : [],
);
const anything = fc.array(fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true }), { maxLength: 3 });

describe('fuzz: project-connections/postgres and the storage contract never throw (SPEC §7)', () => {
  it('§7: finds the exported functions', () => {
    expect(functions.map(([name]) => name).sort()).toEqual(['createPostgresStorage', 'migrate', 'postgresMigrations', 'storageContract', 'storageContractCases']);
  });

  it.each(functions)('§7 INVALID_INPUT: %s answers a Result (never a throw or a rejection) on fc.anything() arguments', async (_name, fn) => {
    await fc.assert(
      fc.asyncProperty(anything, async (args) => {
        const answer = await fn(...args);
        expect(typeof answer === 'object' && answer !== null && typeof (answer as { ok?: unknown }).ok === 'boolean').toBe(true);
      }),
      { numRuns: Math.max(50, Math.floor(pbtRuns() / 2)) },
    );
  });
});
