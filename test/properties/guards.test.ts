import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectionCommandSchema, ConnectionContextSchema, prepareAuthorizationFacts, prepareConnectionPolicy } from '../../src/index.js';
import { isPlainConnectionCommand, isPlainConnectionContext } from '../../src/connection/guards.js';
import { deepEqual } from '../../src/testing/deepEqual.js';
import { pbtRuns } from '../support/pbt.js';

const id = fc.oneof(fc.constantFrom('c1', 'tower', '__proto__', 'constructor', '', ' x'), fc.string({ maxLength: 8 }));
const dataType = fc.oneof(fc.constantFrom('drawings', 'rfis', 'Drawings', ''), fc.string({ maxLength: 6 }));
const reason = fc.oneof(fc.constantFrom('done', ' padded ', '', '   '), fc.string({ maxLength: 6 }));
const extra = fc.option(fc.dictionary(fc.constantFrom('upstream', 'extra', 'connectionId'), fc.anything(), { maxKeys: 2 }), { nil: undefined });

/** Commands that are often valid and often almost valid. */
const nearCommand = fc
  .record(
    {
      type: fc.constantFrom('request', 'approve', 'decline', 'cancel', 'undo_request', 'undo_approval', 'disconnect', 'reconcile', 'merge'),
      connectionId: id,
      upstreamProjectId: id,
      downstreamProjectId: id,
      dataTypes: fc.oneof(fc.array(dataType, { maxLength: 3 }), fc.anything()),
      endsAt: fc.oneof(fc.constant(null), fc.integer(), fc.double(), fc.constant(undefined)),
      reason,
      side: fc.constantFrom('upstream', 'downstream', 'left'),
      idempotencyKey: id,
    },
    { requiredKeys: ['type'] },
  )
  .chain((c) => extra.map((e) => ({ ...c, ...(e ?? {}) })));

describe('fast-path guards are sound: whatever they accept, zod accepts unchanged', () => {
  it('commands', () => {
    fc.assert(
      fc.property(fc.oneof(nearCommand, fc.anything()), (command) => {
        if (!isPlainConnectionCommand(command)) return;
        const parsed = ConnectionCommandSchema.safeParse(command);
        expect(parsed.success).toBe(true);
        expect(deepEqual(parsed.data, command)).toBe(true);
      }),
      { numRuns: pbtRuns() * 5 },
    );
  });

  it('contexts', () => {
    const facts = prepareAuthorizationFacts({ userId: 'u', companyIds: ['a'], projects: [] });
    if (!facts.ok) throw new Error('facts');
    const policy = prepareConnectionPolicy({ pendingExpiryMs: 60_000 });
    if (!policy.ok) throw new Error('policy');
    const context = fc.record(
      { now: fc.oneof(fc.nat(), fc.integer(), fc.double()), actor: fc.constantFrom(facts.value, { userId: 'u' }), approval: fc.constantFrom('automatic', 'manual', 'auto'), policy: fc.constantFrom(undefined, {}, policy.value) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(context, fc.anything()), (ctx) => {
        if (!isPlainConnectionContext(ctx)) return;
        const parsed = ConnectionContextSchema.safeParse(ctx);
        expect(parsed.success).toBe(true);
        expect(deepEqual(parsed.data, ctx)).toBe(true);
      }),
      { numRuns: pbtRuns() * 5 },
    );
  });

  it('the guards do accept the common valid inputs (the fast path is taken)', () => {
    expect(isPlainConnectionCommand({ type: 'approve', connectionId: 'c1' })).toBe(true);
    expect(isPlainConnectionCommand({ type: 'request', connectionId: 'c1', upstreamProjectId: 'u', downstreamProjectId: 'd', dataTypes: ['drawings'] })).toBe(true);
    expect(isPlainConnectionCommand({ type: 'disconnect', connectionId: 'c1', reason: ' padded ' })).toBe(false);
  });
});
