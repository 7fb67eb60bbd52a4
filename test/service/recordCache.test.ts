import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../../src/ports/clock.js';
import { recordingStorage, setup } from './fixtures.js';

const request = (connectionId: string, upstreamProjectId: string) => ({ actorId: 'sam', connectionId, upstreamProjectId, downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });

/** Two service instances on one storage (as two processes would be), each keeping a record cache. */
function twoInstances(recordCache = 100, connection = {}, approval: 'automatic' | 'manual' = 'manual', maxAttempts = 5) {
  const rec = recordingStorage();
  const ids = sequentialIds();
  const a = setup({ approval, storage: rec.storage, ids, policy: { recordCache, connection, maxAttempts } });
  const b = setup({ approval, storage: rec.storage, ids, policy: { recordCache, connection, maxAttempts } });
  // Both instances read the same time (as two processes on one clock would).
  const advance = (ms: number) => (a.clock.advance(ms), b.clock.advance(ms));
  return { ...rec, a: a.service, b: b.service, advance };
}

describe('service: the record cache (policy.recordCache, issue 12 round trips)', () => {
  it('a command on records the service wrote loads nothing: one storage round trip, the commit', async () => {
    for (const recordCache of [0, 100]) {
      const { storage, loads, commits } = recordingStorage();
      const { service } = setup({ storage, policy: { recordCache } });
      expect((await service.requestConnection(request('cn-1', 'tower'))).ok).toBe(true);
      loads.length = 0;
      commits.length = 0;
      const cancelled = await service.cancelConnectionRequest({ actorId: 'sam', connectionId: 'cn-1' });
      expect(cancelled.ok && cancelled.value.connection?.state).toBe('cancelled');
      expect(commits.map((c) => c.result.ok)).toEqual([true]);
      // Without the cache, the cancel loads the connection and its projects' ledgers first.
      expect(loads.length, `load calls with recordCache ${recordCache}`).toBe(recordCache === 0 ? 1 : 0);
    }
  });

  it('C3: a refusal is never answered from kept records: one decided on a record another instance changed is decided again on fresh ones', async () => {
    const { a, b, loads } = twoInstances();
    expect((await a.requestConnection(request('cn-1', 'tower'))).ok).toBe(true); // a keeps tower-electric's ledger: cn-1 open
    expect((await b.cancelConnectionRequest({ actorId: 'sam', connectionId: 'cn-1' })).ok).toBe(true); // … which b frees
    loads.length = 0;
    // a's kept records say tower-electric already has an open upstream (ONE_UPSTREAM_ONLY): an unkeyed
    // refusal commits nothing, so no version would catch that they are stale.
    const second = await a.requestConnection(request('cn-2', 'school'));
    expect(second.ok && second.value.connection?.state).toBe('pending');
    expect(loads.flat()).toEqual(expect.arrayContaining(['ledger:tower-electric', 'connection:cn-1']));
  });

  it('C7: a command decided on a kept record another instance changed conflicts at commit, then is decided again on fresh records', async () => {
    const { a, b, commits } = twoInstances();
    expect((await a.requestConnection(request('cn-1', 'tower'))).ok).toBe(true);
    expect((await b.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true); // a still keeps cn-1 pending
    commits.length = 0;
    const cancel = await a.cancelConnectionRequest({ actorId: 'sam', connectionId: 'cn-1' });
    // The kept (pending) cn-1 lets a decide the cancel; its commit conflicts; decided again, cn-1 is connected.
    expect(!cancel.ok && cancel.error.code).toBe('INVALID_TRANSITION');
    expect(commits.map((c) => c.result.ok)).toEqual([false]);
    const history = await a.connectionHistory({ connectionId: 'cn-1' });
    expect(history.ok && history.value.events.map((e) => e.type)).toEqual(['ConnectionRequested', 'ConnectionApproved']);
  });

  it('C17: a decision that changes nothing is not answered from kept records: a reconcile whose kept record is stale records the due expiry', async () => {
    const { a, b, advance } = twoInstances(100, { pendingExpiryMs: 30 * 60_000 }, 'automatic');
    const made = await a.requestConnection(request('cn-1', 'tower'));
    expect(made.ok && made.value.connection?.state).toBe('connected'); // a keeps cn-1 connected
    const undone = await b.undoConnectionApproval({ actorId: 'gina', connectionId: 'cn-1' });
    expect(undone.ok && undone.value.connection?.state).toBe('pending'); // b puts it back to pending (C16)
    advance(31 * 60_000);
    // a's kept (connected) cn-1 has nothing due, and a decision that records nothing commits nothing
    // that would conflict: decided again on the stored (pending) cn-1, the expiry is recorded.
    const late = await a.reconcileConnection({ connectionId: 'cn-1' });
    expect(late.ok && late.value.events.map((e) => e.type)).toEqual(['ConnectionExpired']);
    const history = await b.connectionHistory({ connectionId: 'cn-1' });
    expect(history.ok && history.value.events.map((e) => e.type).at(-1)).toBe('ConnectionExpired');
  });

  it('C7: a conflict on a kept record gone stale does not count against maxAttempts: with one attempt the answer is still the fresh one', async () => {
    for (const recordCache of [0, 100]) {
      const { a, b } = twoInstances(recordCache, {}, 'manual', 1);
      expect((await a.requestConnection(request('cn-1', 'tower'))).ok).toBe(true); // a keeps cn-1 pending
      expect((await b.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
      const cancel = await a.cancelConnectionRequest({ actorId: 'sam', connectionId: 'cn-1' });
      expect(!cancel.ok && cancel.error.code, `recordCache ${recordCache}`).toBe('INVALID_TRANSITION');
    }
  });

  it('C15: a keyed retry sent to the instance that keeps a stale record is replayed from its receipt, even with one attempt', async () => {
    for (const recordCache of [0, 100]) {
      const { a, b } = twoInstances(recordCache, {}, 'manual', 1);
      expect((await a.requestConnection(request('cn-1', 'tower'))).ok).toBe(true); // a keeps cn-1 pending
      const first = await b.approveConnection({ actorId: 'gina', connectionId: 'cn-1', idempotencyKey: 'k-1' });
      expect(first.ok).toBe(true);
      // The answer was lost; the caller's retry reaches a, whose kept cn-1 hides the receipt behind a version conflict.
      const retry = await a.approveConnection({ actorId: 'gina', connectionId: 'cn-1', idempotencyKey: 'k-1' });
      expect(retry, `recordCache ${recordCache}`).toEqual(first);
    }
  });

  it('policy.recordCache is a whole number from 0 to 10,000,000: anything else is INVALID_INPUT', async () => {
    for (const recordCache of [-1, 1.5, Number.NaN, 20_000_000]) {
      const { service } = setup({ policy: { recordCache } });
      const r = await service.requestConnection(request('cn-1', 'tower'));
      expect(!r.ok && r.error.code, String(recordCache)).toBe('INVALID_INPUT');
    }
  });
});
