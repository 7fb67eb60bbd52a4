import { describe, expect, it } from 'vitest';
import { planInitialSync, planUpstreamChange } from '../sync/plan.js';
import { applySyncOperations } from '../sync/apply.js';
import { emptyDownstreamStore } from '../sync/store.js';
import { NOTIFICATION_EVENTS, NOTIFICATION_MATRIX } from './matrix.js';
import { BUILD, DOWNSTREAM_CM, DOWNSTREAM_DRAWINGS, ELECTRIC, GC, Lifecycle, SUB, T0, MIN, UPSTREAM_CM } from '../../test/notifications/fixtures.js';
import { notificationsOf, syncNotificationsOf, who } from '../../test/notifications/story.js';

const sheet = (itemId: string, revision: number, published = true) => ({ dataType: 'drawings', itemId, revision, published });

function connected(mode: 'manual' | 'automatic'): Lifecycle {
  const l = new Lifecycle(mode);
  l.request();
  if (mode === 'manual') l.approve();
  return l;
}

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('§5: the matrix is data', () => {
  it('§5: seven events, each with its sides and the tool whose admins are told', () => {
    expect(NOTIFICATION_EVENTS).toHaveLength(7);
    expect(NOTIFICATION_MATRIX.ConnectionRequested).toMatchObject({ sides: ['upstream'], tool: 'connection_manager' });
    expect(NOTIFICATION_MATRIX.ConnectionRequestRejected).toMatchObject({ sides: ['downstream'], tool: 'connection_manager' });
    expect(NOTIFICATION_MATRIX.ConnectionCreated).toMatchObject({ sides: ['upstream', 'downstream'], tool: 'connection_manager' });
    expect(NOTIFICATION_MATRIX.ConnectionDisabled).toMatchObject({ sides: ['upstream', 'downstream'], tool: 'connection_manager' });
    for (const e of ['InitialSyncComplete', 'NewDrawingsPublished', 'DrawingsDeleted'] as const) {
      expect(NOTIFICATION_MATRIX[e]).toMatchObject({ sides: ['downstream'], tool: 'drawings', companyAdminsAddable: false });
    }
  });
});

describe.each(['manual', 'automatic'] as const)('seed 003 matrix, %s approval', (mode) => {
  it(`N4: row ConnectionRequested — upstream Connection Manager admins under manual approval, nobody under automatic (${mode})`, () => {
    const l = new Lifecycle(mode);
    const ns = notificationsOf(l.request(), l.connection);
    if (mode === 'manual') {
      expect(who(ns, 'ConnectionRequested', 'upstream')).toEqual(UPSTREAM_CM);
      expect(ns.every((n) => n.companyId === BUILD && n.projectId === GC)).toBe(true);
      expect(ns).toHaveLength(UPSTREAM_CM.length);
    } else {
      expect(ns.filter((n) => n.event === 'ConnectionRequested')).toEqual([]);
    }
  });

  it(`N1: row ConnectionRequestRejected — downstream Connection Manager admins (${mode})`, () => {
    const l = new Lifecycle(mode);
    l.request();
    if (mode === 'manual') {
      const ns = notificationsOf(l.decline(), l.connection, { offset: l.events.length - 1 });
      expect(who(ns, 'ConnectionRequestRejected', 'downstream')).toEqual(DOWNSTREAM_CM);
      expect(ns.every((n) => n.companyId === ELECTRIC && n.projectId === SUB && n.reason === 'wrong project')).toBe(true);
      expect(who(ns, 'ConnectionRequestRejected', 'upstream')).toEqual([]);
    } else {
      // Automatic approval connects at once: there is nothing left to decline, so no rejection is sent.
      expect(() => l.decline()).toThrow(/INVALID_TRANSITION/);
      const ns = notificationsOf(l.events, l.connection);
      expect(ns.filter((n) => n.event === 'ConnectionRequestRejected')).toEqual([]);
    }
  });

  it(`N1: row ConnectionCreated — Connection Manager admins of both projects (${mode})`, () => {
    const l = connected(mode);
    const ns = notificationsOf(l.events, l.connection);
    expect(who(ns, 'ConnectionCreated', 'upstream')).toEqual(UPSTREAM_CM);
    expect(who(ns, 'ConnectionCreated', 'downstream')).toEqual(DOWNSTREAM_CM);
    const created = ns.filter((n) => n.event === 'ConnectionCreated');
    expect(created.every((n) => n.trigger.cause === (mode === 'automatic' ? 'automatic' : 'manual'))).toBe(true);
    expect(created.filter((n) => n.side === 'upstream').every((n) => n.companyId === BUILD)).toBe(true);
    expect(created.filter((n) => n.side === 'downstream').every((n) => n.companyId === ELECTRIC)).toBe(true);
  });

  it(`N1: row InitialSyncComplete — downstream Drawings admins (${mode})`, () => {
    const l = connected(mode);
    const plan = ok(planInitialSync({ connection: l.connection, upstreamItems: [sheet('A-101', 1), sheet('A-102', 0, false)], at: T0 + 2 * MIN }));
    const ns = syncNotificationsOf(plan.notices);
    expect(who(ns, 'InitialSyncComplete', 'downstream')).toEqual(DOWNSTREAM_DRAWINGS);
    expect(ns.every((n) => n.projectId === SUB && n.companyId === ELECTRIC && n.tool === 'drawings')).toBe(true);
    expect(ns[0]?.itemIds).toEqual(['A-101']);
  });

  it(`N1: row NewDrawingsPublished — downstream Drawings admins (${mode})`, () => {
    const l = connected(mode);
    const plan = ok(planUpstreamChange({ connection: l.connection, change: { kind: 'published', items: [sheet('A-201', 0)] }, at: T0 + 3 * MIN }));
    const ns = syncNotificationsOf(plan.notices);
    expect(who(ns, 'NewDrawingsPublished', 'downstream')).toEqual(DOWNSTREAM_DRAWINGS);
    expect(who(ns, 'NewDrawingsPublished', 'upstream')).toEqual([]);
  });

  it(`N1: row DrawingsDeleted — downstream Drawings admins (${mode})`, () => {
    const l = connected(mode);
    const initial = ok(planInitialSync({ connection: l.connection, upstreamItems: [sheet('A-101', 1)], at: T0 + 2 * MIN }));
    const store = ok(applySyncOperations(emptyDownstreamStore(), initial.operations));
    const plan = ok(
      planUpstreamChange({ connection: l.connection, change: { kind: 'deleted', items: [{ dataType: 'drawings', itemId: 'A-101' }] }, downstream: store, at: T0 + 4 * MIN }),
    );
    const ns = syncNotificationsOf(plan.notices);
    expect(who(ns, 'DrawingsDeleted', 'downstream')).toEqual(DOWNSTREAM_DRAWINGS);
    expect(ns[0]?.itemIds).toEqual(['A-101']);
  });

  it(`N1: row ConnectionDisabled — Connection Manager admins of both projects (${mode})`, () => {
    const l = connected(mode);
    const before = l.events.length;
    const ns = notificationsOf(l.disconnect(), l.connection, { offset: before });
    expect(who(ns, 'ConnectionDisabled', 'upstream')).toEqual(UPSTREAM_CM);
    expect(who(ns, 'ConnectionDisabled', 'downstream')).toEqual(DOWNSTREAM_CM);
    expect(ns.every((n) => n.reason === 'contract ended' && n.trigger.cause === 'manual')).toBe(true);
  });
});
