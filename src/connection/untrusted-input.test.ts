import { describe, expect, it } from 'vitest';
import { connectionMachine, effectiveConnectionState, evolveConnectionView, executeConnectionCommand, prepareAuthorizationFacts, prepareConnectionPolicy, replayConnectionHistory, sharedProjectMachine, type ConnectionView } from '../index.js';
import { downstreamAdmin, MIN, project, request, requester, T0, upstreamAdmin } from '../../test/support/connectionFixtures.js';
import { given, historyOf, viewOf } from '../../test/support/connectionSpec.js';

const E = project.towerElectric;
const connected = (): ConnectionView => viewOf([[request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }]]);

/** `value` with `key` answering `first` for its first `reads` reads and `then` afterwards. */
function flipping(value: Record<string, unknown>, key: string, first: unknown, then: unknown, reads: number): Record<string, unknown> {
  let n = 0;
  return Object.defineProperty({ ...value }, key, { enumerable: true, get: () => (n++ < reads ? first : then) });
}

describe('the pure core and inputs it does not own', () => {
  it('C12: the exported state machines are frozen all the way down, so no caller can widen a transition', () => {
    for (const machine of [connectionMachine, sharedProjectMachine]) {
      for (const t of Object.values(machine.transitions)) {
        expect(Object.isFrozen(t) && Object.isFrozen(t.from) && Object.isFrozen(t.to)).toBe(true);
        expect(() => (t.from as string[]).push('disconnected')).toThrow(TypeError);
      }
      expect(Object.isFrozen(machine.terminal) && Object.isFrozen(machine.states)).toBe(true);
    }
    expect(connectionMachine.transitions.approve.from).toEqual(['pending']);
  });

  it.each([1, 2, 3, 4, 5, 6, 8, 12])('C12/C13: a command whose getter changes its answer after %i reads is decided on one reading of it', (reads) => {
    const command = flipping({ connectionId: 'c1', reason: 'done', side: 'downstream' }, 'type', 'disconnect', 'approve', reads);
    const r = executeConnectionCommand(connected(), command as never, { now: T0 + 10 * MIN, actor: downstreamAdmin(E) });
    // Read once: a disconnect (the first answer), never an approval of a connected connection.
    expect(r.ok && r.value.events.map((e) => e.type)).toEqual(['ConnectionDisconnected']);
  });

  it.each([1, 2, 3, 4])('C13: data types that change after %i reads cannot slip an invalid value into the events', (reads) => {
    const command = flipping({ ...request('c2', project.towerPlumbing) }, 'dataTypes', ['drawings'], ['drawings', 'drawings', 42], reads);
    const r = executeConnectionCommand(connected(), command as never, { now: T0 + MIN, actor: requester(project.towerPlumbing) });
    expect(r.ok).toBe(true);
    // Whatever was decided replays: the events hold what was checked.
    expect(r.ok && replayConnectionHistory([...historyOf([[request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }]]), ...r.value.events]).ok).toBe(true);
  });

  it.each([1, 2, 3])('C13: a context whose `now` changes after %i reads is decided on one reading of it', (reads) => {
    const pending = viewOf([[request('c1', E), { now: T0, actor: requester(E) }]]);
    // Prepared facts: the context takes the fast path (the schema path reads each field once itself).
    const facts = prepareAuthorizationFacts(upstreamAdmin());
    if (!facts.ok) throw new Error(facts.error.message);
    const context = flipping({ actor: facts.value }, 'now', T0 + MIN, Number.NaN, reads);
    const r = executeConnectionCommand(pending, { type: 'approve', connectionId: 'c1' } as never, context as never);
    // One reading: the valid time, checked and used (never NaN in an event).
    expect(r.ok && r.value.events.map((e) => e.at)).toEqual([T0 + MIN]);
  });

  it('C16: a clock stepping back cannot reopen the undo window — the decision is dated at the connection\'s last event', () => {
    // Requested at T0 (pending), approved at T0 + 10 min; the window is 5 minutes from the request.
    const pending = viewOf([[request('c1', E), { now: T0, actor: requester(E) }]]);
    const approved = executeConnectionCommand(pending, { type: 'approve', connectionId: 'c1' } as never, { now: T0 + 10 * MIN, actor: upstreamAdmin() });
    if (!approved.ok) throw new Error(approved.error.message);
    const undo = executeConnectionCommand(approved.value.state, { type: 'undo_request', connectionId: 'c1' } as never, { now: T0 + 1_000, actor: downstreamAdmin(E) });
    expect(undo.ok ? 'ok' : undo.error.code).toBe('UNDO_WINDOW_CLOSED');
  });

  it('C13: a decision with a clock behind the connection\'s last event is dated at that event, so the history never goes back in time', () => {
    const pending = viewOf([[request('c1', E), { now: T0 + 60 * MIN, actor: requester(E) }]]);
    const r = executeConnectionCommand(pending, { type: 'approve', connectionId: 'c1' } as never, { now: T0 - 24 * 60 * MIN, actor: upstreamAdmin() });
    expect(r.ok && r.value.events.map((e) => e.at)).toEqual([T0 + 60 * MIN]);
  });

  it.each([
    ['a misspelt context option', { aproval: 'automatic' }],
    ['a misspelt policy option', { policy: { undoWindow: 1 } }],
    ['an unknown key in the actor facts', { actor: { ...requester(E), extra: 1 } }],
  ])('§7 INVALID_INPUT: %s is refused, never silently a default', (_what, extra) => {
    const r = executeConnectionCommand(viewOf([]), request('c1', E) as never, { now: T0, actor: requester(E), ...extra } as never);
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_INPUT');
    expect(prepareConnectionPolicy({ undoWindow: 1 } as never).ok).toBe(false);
  });

  it('C13: given/when/then refuses a history it cannot apply, instead of deciding on the state without it', () => {
    const [requested, approved] = historyOf([
      [request('c1', E), { now: T0, actor: requester(E) }],
      [{ type: 'approve', connectionId: 'c1' }, { now: T0 + MIN, actor: upstreamAdmin() }],
    ]);
    const approve = { type: 'approve', connectionId: 'c1' };
    // An approval with no request before it, an unreadable event, a garbage one: each fails the spec.
    expect(() => given([approved!]).when(approve, { now: T0 + 2 * MIN, actor: upstreamAdmin() }).thenFails('NOT_FOUND')).toThrow(/does not apply: event 0/);
    expect(() => given([requested!, { ...approved!, at: '2026-03-02T08:10:00Z' } as never]).when(approve, { now: T0 + 2 * MIN, actor: upstreamAdmin() }).thenFails()).toThrow(/event 1/);
    expect(() => given([{ garbage: true } as never]).when(approve, { now: T0, actor: upstreamAdmin() }).thenFails()).toThrow(/does not apply/);
    // A history that applies is decided on.
    given([requested!, approved!]).when(approve, { now: T0 + 2 * MIN, actor: upstreamAdmin() }).thenFails('INVALID_TRANSITION');
  });

  it.each(['a\u0000b', 'x\uD800'])('§7 INVALID_INPUT: a record or an event holding a reason no store keeps (%j) is refused, as the commands refuse it', (reason) => {
    const disconnected = executeConnectionCommand(connected(), { type: 'disconnect', connectionId: 'c1', reason: 'done' } as never, { now: T0 + MIN, actor: downstreamAdmin(E) });
    if (!disconnected.ok) throw new Error(disconnected.error.message);
    const stored = disconnected.value.state.connections['c1' as never]!;
    // The same record and event with a storable reason read; with this one they do not.
    expect([effectiveConnectionState(stored as never, T0 + 2 * MIN).ok, effectiveConnectionState({ ...stored, closeReason: reason } as never, T0 + 2 * MIN).ok]).toEqual([true, false]);
    const event = disconnected.value.events[0]!;
    expect([evolveConnectionView(connected(), event).ok, evolveConnectionView(connected(), { ...event, reason } as never).ok]).toEqual([true, false]);
  });
});

