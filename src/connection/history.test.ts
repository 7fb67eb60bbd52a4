import { describe, expect, it } from 'vitest';
import {
  checkIdempotency,
  effectiveConnectionState,
  emptyConnectionView,
  evolveConnectionView,
  executeConnectionCommand,
  prepareConnectionPolicy,
  receiptFor,
  replayConnectionHistory,
  type ConnectionCommandInput,
  type ConnectionEvent,
  type ConnectionEventInput,
  type DomainError,
  type Result,
} from '../index.js';
import { MIN, project, request, requester, T0, upstreamAdmin } from '../../test/support/connectionFixtures.js';
import { historyOf, viewOf } from '../../test/support/connectionSpec.js';

const E = project.towerElectric;
const steps = [
  [request('c1', E), { now: T0, actor: requester(E) }],
  [{ type: 'approve', connectionId: 'c1' }, { now: T0 + MIN, actor: upstreamAdmin() }],
  [{ type: 'disconnect', connectionId: 'c1', reason: 'handover' }, { now: T0 + 90 * MIN, actor: upstreamAdmin() }],
] as const;

describe('history (C13)', () => {
  it('C13: every transition emits an event with actor and time, and the view is rebuilt from them', () => {
    const events = historyOf(steps);
    expect(events.map((e) => [e.type, e.at, e.actor.kind])).toEqual([
      ['ConnectionRequested', T0, 'user'],
      ['ConnectionApproved', T0 + MIN, 'user'],
      ['ConnectionDisconnected', T0 + 90 * MIN, 'user'],
    ]);
    const rebuilt = replayConnectionHistory(events);
    expect(rebuilt.ok && rebuilt.value).toEqual(viewOf(steps));
    expect(rebuilt.ok && rebuilt.value.connections['c1']).toMatchObject({ state: 'disconnected', closeReason: 'handover', eventCount: 3 });
  });

  it('C13: events carry a schema version and survive a JSON round trip', () => {
    const stored = JSON.parse(JSON.stringify(historyOf(steps))) as ConnectionEventInput[];
    expect(stored.every((e) => e.schemaVersion === 1)).toBe(true);
    const rebuilt = replayConnectionHistory(stored);
    expect(rebuilt.ok && rebuilt.value).toEqual(viewOf(steps));
  });

  it('§7: a malformed stored event is INVALID_INPUT with its index, never a throw', () => {
    const stored = JSON.parse(JSON.stringify(historyOf(steps))) as Record<string, unknown>[];
    stored[1] = { ...stored[1], schemaVersion: 99 };
    const rebuilt = replayConnectionHistory(stored as never);
    expect(!rebuilt.ok && rebuilt.error.details).toMatchObject({ issues: [expect.objectContaining({ path: ['events', 1, 'schemaVersion'] })] });
  });

  it('returned views and events are frozen', () => {
    const r = executeConnectionCommand(emptyConnectionView(), request('c1', E), { now: T0, actor: requester(E) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.isFrozen(r.value.state)).toBe(true);
    expect(Object.isFrozen(r.value.state.connections['c1'])).toBe(true);
    expect(Object.isFrozen(r.value.state.projects[E])).toBe(true);
    expect(Object.isFrozen(r.value.events[0])).toBe(true);
  });

  it('evolveConnectionView applies a stored event and validates untrusted ones', () => {
    const [requested] = JSON.parse(JSON.stringify(historyOf(steps))) as unknown[];
    const r = evolveConnectionView(emptyConnectionView(), requested as ConnectionEventInput);
    expect(r.ok && r.value.connections['c1']?.state).toBe('pending');
    // @ts-expect-error 'Nope' is no event type: refused at compile time, and at run time for untyped callers
    expect(evolveConnectionView(emptyConnectionView(), { type: 'Nope' }).ok).toBe(false);
  });

  it('effectiveConnectionState reads deadlines without a reconcile', () => {
    const view = viewOf([[request('c1', E, project.tower, { endsAt: T0 + 60 * MIN }), { now: T0, actor: requester(E), approval: 'automatic' }]]);
    const c = view.connections['c1']!;
    expect(effectiveConnectionState(c, T0 + 59 * MIN)).toEqual({ ok: true, value: 'connected' });
    expect(effectiveConnectionState(c, T0 + 60 * MIN)).toEqual({ ok: true, value: 'disconnected' });
    // @ts-expect-error `now` is a timestamp: refused at compile time, and at run time for untyped callers
    expect(effectiveConnectionState(c, 'later').ok).toBe(false);
  });
});

describe('prepared options', () => {
  it('C17: a prepared policy applies its options and is accepted as is', () => {
    const policy = prepareConnectionPolicy({ pendingExpiryMs: 30 * MIN });
    expect(policy.ok && Object.isFrozen(policy.value) && policy.value.undoWindowMs).toBe(5 * MIN);
    if (!policy.ok) return;
    const view = viewOf([[request('c1', E), { now: T0, actor: requester(E) }]]);
    const r = executeConnectionCommand(view, { type: 'reconcile', connectionId: 'c1' }, { now: T0 + 31 * MIN, policy: policy.value });
    expect(r.ok && r.value.events.map((e) => e.type)).toEqual(['ConnectionExpired']);
    expect(prepareConnectionPolicy({ pendingExpiryMs: -1 }).ok).toBe(false);
  });
});

describe('idempotency (C15)', () => {
  type Outcome = Result<readonly ConnectionEvent[], DomainError>;
  /** A tiny command runner with a receipt store, as the service does it. */
  function runner() {
    let view = emptyConnectionView();
    const receipts = new Map<string, ReturnType<typeof receiptFor<Outcome>>>();
    const emitted: ConnectionEvent[] = [];
    return {
      emitted,
      run(key: string, command: ConnectionCommandInput, context: { now: number }): Outcome {
        const check = checkIdempotency(receipts.get(key), key, command);
        if (!check.ok) return check;
        if (check.value.kind === 'replay') return check.value.outcome;
        const r = executeConnectionCommand(view, command, context);
        const outcome: Outcome = r.ok ? { ok: true, value: r.value.events } : r;
        if (r.ok) {
          view = r.value.state;
          emitted.push(...r.value.events);
        }
        receipts.set(key, receiptFor(key, command, outcome, context.now));
        return outcome;
      },
    };
  }

  it('C15: retrying with the same key returns the first outcome and emits nothing new', () => {
    const r = runner();
    const first = r.run('k1', request('c1', E), { now: T0, actor: requester(E) } as never);
    const again = r.run('k1', request('c1', E), { now: T0 + MIN, actor: requester(E) } as never);
    expect(again).toEqual(first);
    expect(r.emitted).toHaveLength(1);
  });

  it('C15: the same key with a different payload is IDEMPOTENCY_CONFLICT', () => {
    const r = runner();
    r.run('k1', request('c1', E), { now: T0, actor: requester(E) } as never);
    const other = r.run('k1', request('c2', E), { now: T0, actor: requester(E) } as never);
    expect(!other.ok && other.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', details: { key: 'k1' } });
  });

  it('C15: key order does not change the fingerprint', () => {
    const receipt = receiptFor('k', { a: 1, b: { c: 2, d: 3 } }, 'x', T0);
    expect(checkIdempotency(receipt, 'k', { b: { d: 3, c: 2 }, a: 1 })).toEqual({ ok: true, value: { kind: 'replay', outcome: 'x' } });
  });
});
