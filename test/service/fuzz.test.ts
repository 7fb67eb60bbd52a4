import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';
import { CONNECTION_SERVICE_METHODS, createConnectionService } from '../../src/service/index.js';
import { pbtRuns } from '../support/pbt.js';
import { setup } from './fixtures.js';

const SPEC_CODES: readonly string[] = ERROR_CODES;

/** A value whose every property read throws. */
const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });

describe('service: bad input (§7)', () => {
  it.each(CONNECTION_SERVICE_METHODS)('§7: %s answers any value with a Result, never a throw, never a write', async (method) => {
    const { service, storage } = setup();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.constant(hostile), fc.record({ actorId: fc.anything(), connectionId: fc.anything() })), async (input) => {
        const call = service[method] as (i: unknown) => Promise<unknown>;
        const r = (await call(input)) as { ok: boolean; error?: { code: string } };
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(SPEC_CODES).toContain(r.error?.code);
      }),
      { numRuns: Math.max(20, Math.floor(pbtRuns() / 4)) },
    );
    // Nothing malformed ever reached storage: no record, no event, no outbox item.
    expect(storage.snapshot().records).toEqual([]);
    expect(storage.snapshot().outbox).toEqual([]);
  });

  it('§7: malformed options give a service whose every method answers INVALID_INPUT', async () => {
    for (const options of [null, 42, {}, { storage: {} }]) {
      const service = createConnectionService(options as never);
      for (const method of CONNECTION_SERVICE_METHODS) {
        const r = await (service[method] as (i: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)({});
        expect(r.ok).toBe(false);
        expect(r.error?.code).toBe('INVALID_INPUT');
      }
    }
  });
});
