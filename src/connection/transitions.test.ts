import { describe, expect, it } from 'vitest';
import type { DomainError } from '../index.js';
import { actor, company, downstreamAdmin, MIN, project, request, requester, T0, upstreamAdmin } from '../../test/support/connectionFixtures.js';
import { given, historyOf } from '../../test/support/connectionSpec.js';

const E = project.towerElectric;
const pending = () => historyOf([[request('c1', E), { now: T0, actor: requester(E) }]]);
const connected = () => historyOf([[request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }]]);
const at = (minutes: number, who = upstreamAdmin(), extra: Record<string, unknown> = {}) => ({ now: T0 + minutes * MIN, actor: who, ...extra });
const cmd = (type: string, extra: Record<string, unknown> = {}) => ({ type, connectionId: 'c1', ...extra });

describe('approve and decline (C6, C7)', () => {
  it('C6: an upstream Connection Manager admin approves a pending request', () => {
    given(pending())
      .when(cmd('approve'), at(1))
      .then([{ type: 'ConnectionApproved', schemaVersion: 1, connectionId: 'c1' as never, at: T0 + MIN, actor: { kind: 'user', userId: 'gc-admin-tower' as never }, automatic: false }]);
  });

  it('C6: a downstream admin cannot approve or decline', () => {
    given(pending()).when(cmd('approve'), at(1, downstreamAdmin(E))).thenFails('NOT_AUTHORIZED');
    given(pending()).when(cmd('decline'), at(1, downstreamAdmin(E))).thenFails('NOT_AUTHORIZED');
  });

  it('C6: the approver must belong to the upstream company', () => {
    const outsider = actor('o', { [project.tower]: { connection_manager: 'admin' } }, { companies: [company.steel] });
    given(pending())
      .when(cmd('approve'), at(1, outsider))
      .thenFails((e: DomainError) => expect(e.code === 'NOT_AUTHORIZED' && e.details.failed[0]?.condition).toBe('member_of_company'));
  });

  it('C6: approve and decline only while pending', () => {
    given(connected()).when(cmd('approve'), at(1)).thenFails('INVALID_TRANSITION');
    given(connected()).when(cmd('decline'), at(1)).thenFails('INVALID_TRANSITION');
  });

  it('C7: a declined request is terminal; the downstream may request again, same or another upstream', () => {
    const declined = historyOf([
      [request('c1', E), { now: T0, actor: requester(E) }],
      [cmd('decline', { reason: 'wrong project' }), at(1)],
    ]);
    given(declined).when(cmd('approve'), at(2)).thenFails('INVALID_TRANSITION');
    given(declined).when(request('c2', E), at(3, requester(E))).then((events) => expect(events[0]?.type).toBe('ConnectionRequested'));
    given(declined).when(request('c3', E, project.school), at(3, requester(E, project.school))).then((events) => expect(events[0]?.type).toBe('ConnectionRequested'));
  });
});

describe('cancel (C8)', () => {
  it('C8: the downstream admins may cancel their own pending request; the project is not retired', () => {
    const cancelled = historyOf([
      [request('c1', E), { now: T0, actor: requester(E) }],
      [cmd('cancel'), at(1, downstreamAdmin(E))],
    ]);
    expect(cancelled.at(-1)).toMatchObject({ type: 'ConnectionCancelled', via: 'cancel', from: 'pending' });
    given(cancelled).when(request('c2', E), at(2, requester(E))).then((events) => expect(events[0]?.type).toBe('ConnectionRequested'));
  });

  it('C8: the upstream cannot cancel, and a connected connection cannot be cancelled', () => {
    given(pending()).when(cmd('cancel'), at(1)).thenFails('NOT_AUTHORIZED');
    given(connected()).when(cmd('cancel'), at(1, downstreamAdmin(E))).thenFails('INVALID_TRANSITION');
  });
});

describe('disconnect (C9, C10)', () => {
  it('C9: an admin of either side disconnects, with a reason kept in the history', () => {
    given(connected())
      .when(cmd('disconnect', { reason: 'contract ended' }), at(60, downstreamAdmin(E)))
      .then((events) => expect(events[0]).toMatchObject({ type: 'ConnectionDisconnected', side: 'downstream', reason: 'contract ended', cause: 'manual' }));
    given(connected())
      .when(cmd('disconnect', { reason: 'contract ended' }), at(60))
      .then((events) => expect(events[0]).toMatchObject({ side: 'upstream' }));
  });

  it('C9: a reason is required and only admins may disconnect', () => {
    given(connected()).when(cmd('disconnect', { reason: '  ' }), at(60)).thenFails('INVALID_INPUT');
    const viewer = actor('v', { [project.tower]: { connection_manager: 'read_only' } });
    given(connected())
      .when(cmd('disconnect', { reason: 'x' }), at(60, viewer))
      .thenFails((e: DomainError) => expect(e.code === 'NOT_AUTHORIZED' && e.details.failed.length).toBeGreaterThanOrEqual(2));
  });

  it('C9: an explicit side is checked as such', () => {
    given(connected()).when(cmd('disconnect', { reason: 'x', side: 'downstream' }), at(60)).thenFails('NOT_AUTHORIZED');
  });

  it('C9/C12: a pending connection cannot be disconnected', () => {
    given(pending())
      .when(cmd('disconnect', { reason: 'x' }), at(1))
      .thenFails((e: DomainError) => expect(e.details).toEqual({ command: 'disconnect', state: 'pending', allowedFrom: ['connected'], entity: 'connection', id: 'c1' }));
  });
});

describe('invalid transitions (C12)', () => {
  const disconnected = () =>
    historyOf([
      [request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }],
      [cmd('disconnect', { reason: 'x' }), at(10)],
    ]);
  it.each(['approve', 'decline', 'cancel', 'undo_request', 'undo_approval'])('C12: %s on a disconnected connection names the current state', (type) => {
    given(disconnected())
      .when(cmd(type), at(11, actor('both', { [project.tower]: { connection_manager: 'admin' }, [E]: { connection_manager: 'admin' } })))
      .thenFails((e: DomainError) => {
        expect(e.code).toBe('INVALID_TRANSITION');
        expect(e.code === 'INVALID_TRANSITION' && e.details.state).toBe('disconnected');
        expect(e.message).toContain('disconnected');
      });
  });

  it('C12: the refusal names the connection it was about, in its details and its message', () => {
    given(disconnected())
      .when(cmd('approve'), at(11))
      .thenFails((e: DomainError) => {
        expect(e.code === 'INVALID_TRANSITION' && e.details).toEqual({ command: 'approve', state: 'disconnected', allowedFrom: ['pending'], entity: 'connection', id: 'c1' });
        expect(e.message).toBe('Cannot approve connection "c1": it is disconnected (allowed from: pending).');
      });
  });

  it('§7: a command on an unknown connection is NOT_FOUND', () => {
    given([]).when(cmd('approve'), at(1)).thenFails('NOT_FOUND');
  });

  it('C6/C8/C9/C12: who may run a command is checked before the state, so an outsider learns nothing of it', () => {
    const outsider = actor('x', {});
    const disconnected = historyOf([
      [request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }],
      [cmd('disconnect', { reason: 'done' }), at(1)],
    ]);
    for (const [type, extra] of [['approve', {}], ['decline', {}], ['cancel', {}], ['undo_request', {}], ['undo_approval', {}], ['disconnect', { reason: 'x' }]] as const) {
      // The same answer whatever the state: pending, connected or disconnected.
      for (const history of [pending(), connected(), disconnected]) given(history).when(cmd(type, extra), at(2, outsider)).thenFails('NOT_AUTHORIZED');
    }
    // An entitled user still learns the state.
    given(disconnected).when(cmd('approve'), at(2)).thenFails('INVALID_TRANSITION');
  });
});

describe('quick undo (C16)', () => {
  it('C16: the downstream undoes an automatically approved request within the window: cancelled, not retired', () => {
    const undone = historyOf([
      [request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }],
      [cmd('undo_request'), at(4, downstreamAdmin(E))],
    ]);
    expect(undone.at(-1)).toMatchObject({ type: 'ConnectionCancelled', via: 'undo', from: 'connected' });
    given(undone).when(request('c2', E, project.school), at(5, requester(E, project.school))).then((events) => expect(events[0]?.type).toBe('ConnectionRequested'));
  });

  it('C16: an undone connection does not fix the upstream role', () => {
    const undone = historyOf([
      [request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }],
      [cmd('undo_request'), at(1, downstreamAdmin(E))],
    ]);
    const who = actor('t', { [project.tower]: { connection_manager: 'admin', drawings: 'read_only' }, [project.towerSteel]: { drawings: 'read_only' } });
    given(undone).when(request('c2', project.tower, project.towerSteel), at(2, who)).then((events) => expect(events[0]?.type).toBe('ConnectionRequested'));
  });

  it('C16: the upstream undoes its approval within the window: back to pending', () => {
    const approved = historyOf([
      [request('c1', E), { now: T0, actor: requester(E) }],
      [cmd('approve'), at(10)],
    ]);
    given(approved).when(cmd('undo_approval'), at(14)).then((events) => expect(events.map((e) => e.type)).toEqual(['ApprovalUndone']));
    given([...approved, ...[]]).when(cmd('undo_approval'), at(16)).thenFails((e: DomainError) => {
      expect(e.code).toBe('UNDO_WINDOW_CLOSED');
      expect(e.details).toEqual({ since: T0 + 10 * MIN, now: T0 + 16 * MIN, windowMs: 5 * MIN, connectionId: 'c1' });
      expect(e.message).toBe('The undo window of connection "c1" (300 s) closed 60 s ago.');
    });
  });

  it('C16: after the window the undo is refused; the window is configurable', () => {
    given(connected()).when(cmd('undo_request'), at(6, downstreamAdmin(E))).thenFails('UNDO_WINDOW_CLOSED');
    given(connected())
      .when(cmd('undo_request'), at(6, downstreamAdmin(E)))
      .thenFails((e: DomainError) => {
        expect(e.code === 'UNDO_WINDOW_CLOSED' && e.details.connectionId).toBe('c1');
        expect(e.message).toMatch(/^The undo window of connection "c1" /);
      });
    given(connected())
      .when(cmd('undo_request'), at(6, downstreamAdmin(E), { policy: { undoWindowMs: 10 * MIN } }))
      .then((events) => expect(events[0]?.type).toBe('ConnectionCancelled'));
  });

  it('C16: the window is inclusive: an undo exactly undoWindowMs after the approval is allowed, a millisecond later it is closed; 0 allows the very instant only', () => {
    const approved = historyOf([
      [request('c1', E), { now: T0, actor: requester(E) }],
      [cmd('approve'), at(10)],
    ]);
    const approvedAt = T0 + 10 * MIN;
    const undoAt = (now: number, policy?: { undoWindowMs: number }) => ({ ...at(0), now, ...(policy === undefined ? {} : { policy }) });
    given(approved).when(cmd('undo_approval'), undoAt(approvedAt + 5 * MIN)).then((events) => expect(events.map((e) => e.type)).toEqual(['ApprovalUndone']));
    given(approved).when(cmd('undo_approval'), undoAt(approvedAt + 5 * MIN + 1)).thenFails((e: DomainError) => {
      expect(e.code).toBe('UNDO_WINDOW_CLOSED');
      expect(e.message).toBe('The undo window of connection "c1" (300 s) closed 1 ms ago.');
    });
    given(approved).when(cmd('undo_approval'), undoAt(approvedAt, { undoWindowMs: 0 })).then((events) => expect(events.map((e) => e.type)).toEqual(['ApprovalUndone']));
    given(approved).when(cmd('undo_approval'), undoAt(approvedAt + 1, { undoWindowMs: 0 })).thenFails('UNDO_WINDOW_CLOSED');
  });

  it('C16: only the downstream undoes a request and only the upstream an approval', () => {
    given(connected()).when(cmd('undo_request'), at(1)).thenFails('NOT_AUTHORIZED');
    given(connected()).when(cmd('undo_approval'), at(1, downstreamAdmin(E))).thenFails('NOT_AUTHORIZED');
  });
});

describe('pending expiry (C17) and end dates', () => {
  const expiry = { pendingExpiryMs: 60 * MIN };

  it('C17: off by default — a pending request never expires', () => {
    given(pending()).when(cmd('approve'), at(60 * 24 * 365)).then((events) => expect(events[0]?.type).toBe('ConnectionApproved'));
  });

  it('C17: with expiry configured, reconcile expires a pending request at its deadline', () => {
    given(pending())
      .when(cmd('reconcile'), { now: T0 + 90 * MIN, policy: expiry })
      .then([{ type: 'ConnectionExpired', schemaVersion: 1, connectionId: 'c1' as never, at: T0 + 60 * MIN, actor: { kind: 'system', cause: 'pending_expiry' } }]);
    given(pending()).when(cmd('reconcile'), { now: T0 + 30 * MIN, policy: expiry }).then([]);
  });

  it('C17: an expired request cannot be approved, and its downstream is not retired', () => {
    given(pending()).when(cmd('approve'), at(61, upstreamAdmin(), { policy: expiry })).thenFails((e: DomainError) => {
      expect(e.code === 'INVALID_TRANSITION' && e.details.state).toBe('expired');
    });
    given(pending())
      .when(request('c2', E, project.school), at(61, requester(E, project.school), { policy: expiry }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['ConnectionExpired', 'ConnectionRequested']));
  });

  it('end date: a connection past its end date counts as disconnected, forever', () => {
    const ending = historyOf([[request('c1', E, project.tower, { endsAt: T0 + 60 * MIN }), { now: T0, actor: requester(E), approval: 'automatic' }]]);
    given(ending).when(cmd('disconnect', { reason: 'x' }), at(61)).thenFails((e: DomainError) => {
      expect(e.code === 'INVALID_TRANSITION' && e.details.state).toBe('disconnected');
    });
    given(ending)
      .when(cmd('reconcile'), { now: T0 + 120 * MIN })
      .then((events) => expect(events[0]).toMatchObject({ type: 'ConnectionDisconnected', cause: 'end_date', at: T0 + 60 * MIN, side: null }));
    given(ending).when(request('c2', E, project.school), at(61, requester(E, project.school))).thenFails('RECONNECT_FORBIDDEN');
  });

  it('end date: a request still pending at its end date expires instead of connecting', () => {
    const ending = historyOf([[request('c1', E, project.tower, { endsAt: T0 + 60 * MIN }), { now: T0, actor: requester(E) }]]);
    given(ending)
      .when(cmd('reconcile'), { now: T0 + 61 * MIN })
      .then((events) => expect(events[0]).toMatchObject({ type: 'ConnectionExpired', actor: { kind: 'system', cause: 'end_date' } }));
  });
});
