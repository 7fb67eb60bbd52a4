import { describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../connection/events.js';
import { connectionId } from '../core/ids.js';
import { planConnectionNotifications } from './plan-connection.js';
import { actors, CN, directory, DOWNSTREAM_CM, Lifecycle, MIN, T0, u, UPSTREAM_CM, GC, SUB } from '../../test/notifications/fixtures.js';
import { notificationsOf, who } from '../../test/notifications/story.js';

const system = (cause: 'end_date' | 'pending_expiry') => ({ kind: 'system', cause }) as const;

describe('N4: automatic approval', () => {
  it('N4: nobody is told of the request; ConnectionCreated still goes to both sides', () => {
    const l = new Lifecycle('automatic');
    const ns = notificationsOf(l.request(), l.connection);
    expect(ns.some((n) => n.event === 'ConnectionRequested')).toBe(false);
    expect(who(ns, 'ConnectionCreated', 'upstream')).toEqual(UPSTREAM_CM);
    expect(who(ns, 'ConnectionCreated', 'downstream')).toEqual(DOWNSTREAM_CM);
  });

  it('N4: manual approval tells the upstream of the request, then both sides of the connection', () => {
    const l = new Lifecycle('manual');
    l.request();
    l.approve();
    const ns = notificationsOf(l.events, l.connection);
    expect(ns.map((n) => n.event)).toEqual([
      ...UPSTREAM_CM.map(() => 'ConnectionRequested'),
      ...UPSTREAM_CM.map(() => 'ConnectionCreated'),
      ...DOWNSTREAM_CM.map(() => 'ConnectionCreated'),
    ]);
  });
});

describe('N5: stable notification ids', () => {
  it('N5: planning the same history twice gives the same ids', () => {
    const l = new Lifecycle('manual');
    l.request();
    l.approve();
    l.disconnect();
    const first = notificationsOf(l.events, l.connection).map((n) => n.id);
    const second = notificationsOf(l.events, l.connection).map((n) => n.id);
    expect(second).toEqual(first);
  });

  it('N5: ids are unique across a whole history and its recipients', () => {
    const l = new Lifecycle('automatic');
    l.request();
    l.disconnect();
    const ids = notificationsOf(l.events, l.connection).map((n) => n.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('N5: the history sequence tells apart two events of the same type in the same millisecond', () => {
    const l = new Lifecycle('manual');
    l.request(T0);
    l.approve(T0);
    l.run({ type: 'undo_approval' }, actors.ana, T0);
    l.approve(T0);
    const created = notificationsOf(l.events, l.connection).filter((n) => n.event === 'ConnectionCreated');
    expect(created).toHaveLength(2 * (UPSTREAM_CM.length + DOWNSTREAM_CM.length));
    expect(new Set(created.map((n) => n.id)).size).toBe(created.length);
  });

  it('N5: the id does not depend on the directory, only on the event and the recipient', () => {
    const l = new Lifecycle('automatic');
    const events = l.request();
    const narrowed = notificationsOf(events, l.connection, { settings: [{ projectId: GC, lists: { connection_manager: { selectedAdmins: u('ben') } } }] });
    const all = notificationsOf(events, l.connection);
    const ben = all.find((n) => n.recipient === 'ben' && n.side === 'upstream');
    expect(narrowed.find((n) => n.recipient === 'ben')?.id).toBe(ben?.id);
  });
});

describe('decisions for lifecycle events outside the matrix', () => {
  it('cancelling a pending request notifies nobody', () => {
    const l = new Lifecycle('manual');
    l.request();
    const cancelled = l.run({ type: 'cancel' }, actors.dan, T0 + MIN);
    expect(notificationsOf(cancelled, l.connection, { offset: 1 })).toEqual([]);
  });

  it('undoing a request that automatic approval had connected sends ConnectionDisabled to both sides', () => {
    const l = new Lifecycle('automatic');
    l.request();
    const undone = l.run({ type: 'undo_request' }, actors.dan, T0 + MIN);
    const ns = notificationsOf(undone, l.connection, { offset: 2 });
    expect(who(ns, 'ConnectionDisabled', 'upstream')).toEqual(UPSTREAM_CM);
    expect(who(ns, 'ConnectionDisabled', 'downstream')).toEqual(DOWNSTREAM_CM);
    expect(ns.every((n) => n.trigger.cause === 'request_undone')).toBe(true);
  });

  it('an undone approval sends ConnectionDisabled to both sides', () => {
    const l = new Lifecycle('manual');
    l.request();
    l.approve();
    const undone = l.run({ type: 'undo_approval' }, actors.ana, T0 + 2 * MIN);
    const ns = notificationsOf(undone, l.connection, { offset: 2 });
    expect(who(ns, 'ConnectionDisabled', 'upstream')).toEqual(UPSTREAM_CM);
    expect(who(ns, 'ConnectionDisabled', 'downstream')).toEqual(DOWNSTREAM_CM);
    expect(ns.every((n) => n.trigger.cause === 'approval_undone')).toBe(true);
  });

  it('an expired request is a ConnectionRequestRejected for the downstream only', () => {
    const l = new Lifecycle('manual');
    l.request();
    const expired: ConnectionEvent = { type: 'ConnectionExpired', schemaVersion: 1, connectionId: CN, at: T0 + 60 * MIN, actor: system('pending_expiry') };
    const ns = notificationsOf([expired], l.connection);
    expect(who(ns, 'ConnectionRequestRejected', 'downstream')).toEqual(DOWNSTREAM_CM);
    expect(ns.every((n) => n.side === 'downstream' && n.trigger.cause === 'expired')).toBe(true);
  });

  it('a disconnect by end date is a ConnectionDisabled to both sides', () => {
    const l = new Lifecycle('automatic');
    l.request();
    const ended: ConnectionEvent = {
      type: 'ConnectionDisconnected', schemaVersion: 1, connectionId: CN, at: T0 + 60 * MIN, actor: system('end_date'),
      side: null, reason: 'end date', cause: 'end_date',
    };
    const ns = notificationsOf([ended], l.connection);
    expect(ns.map((n) => n.side).sort()).toEqual([...UPSTREAM_CM.map(() => 'upstream'), ...DOWNSTREAM_CM.map(() => 'downstream')].sort());
    expect(ns.every((n) => n.event === 'ConnectionDisabled' && n.trigger.cause === 'end_date')).toBe(true);
  });
});

describe('§7: input errors are values', () => {
  const l = new Lifecycle('manual');
  const requested = l.request()[0]!;
  l.approve();
  const approved = l.events[1]!;

  it('§7: an event other than ConnectionRequested needs the connection (INVALID_INPUT)', () => {
    const r = planConnectionNotifications({ event: approved, directory });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });

  it('§7: a connection with another id is refused (INVALID_INPUT)', () => {
    const r = planConnectionNotifications({ event: approved, directory, connection: { ...l.connection, id: connectionId('cn-2') } });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });

  it('§7: a notified project missing from the directory facts is NOT_FOUND', () => {
    const r = planConnectionNotifications({ event: requested, directory: { projects: directory.projects.filter((p) => p.projectId !== GC) } });
    expect(!r.ok && r.error).toMatchObject({ code: 'NOT_FOUND', details: { id: GC } });
    // The downstream directory is not needed for an upstream-only notification.
    const ok = planConnectionNotifications({ event: requested, directory: { projects: directory.projects.filter((p) => p.projectId !== SUB) } });
    expect(ok.ok).toBe(true);
  });

  it('§7: malformed events and facts are INVALID_INPUT, never a throw', () => {
    for (const input of [null, {}, { event: { type: 'Nope' }, directory }, { event: requested, directory: { projects: 'x' } }, { event: requested, directory, sequence: -1 }]) {
      const r = planConnectionNotifications(input as never);
      expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    }
  });

  it('§7: the plan is frozen', () => {
    const r = planConnectionNotifications({ event: requested, directory });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Object.isFrozen(r.value.notifications)).toBe(true);
      expect(Object.isFrozen(r.value.notifications[0])).toBe(true);
    }
  });
});
