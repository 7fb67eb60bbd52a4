import { describe, expect, it } from 'vitest';
import { sharedProjectId, teamId, userId } from '../core/ids.js';
import type { ShareEvent, SharedProjectEvent } from '../shared-project/events.js';
import { shareId } from '../shared-project/ids.js';
import { planSharedProjectNotifications } from './plan-shared-project.js';

const host = teamId('studio');
const external = teamId('agency');
const teams = [
  { teamId: host, admins: [userId('hana'), userId('hugo')] },
  { teamId: external, admins: [userId('xena')] },
];
const envelope = {
  schemaVersion: 1 as const,
  at: 1_000,
  actor: { kind: 'user' as const, userId: userId('hana') },
  shareId: shareId('sh-1'),
  sharedProjectId: sharedProjectId('sp-1'),
  hostTeamId: host,
  externalTeamId: external,
};

function plan(event: SharedProjectEvent) {
  const r = planSharedProjectNotifications({ event, teams });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.notifications.map((n) => `${n.side}:${n.recipient}:${n.event}`);
}

describe('§5 host/external notifications', () => {
  it('§5: an invitation notifies the external admins', () => {
    expect(plan({ ...envelope, type: 'ShareInvited', contactEmail: 'x@agency.io' })).toEqual(['external:xena:ShareInvitationReceived']);
  });

  it('§5: an acceptance notifies the host admins', () => {
    expect(plan({ ...envelope, type: 'ShareAccepted', contactEmail: 'x@agency.io' })).toEqual([
      'host:hana:ShareInvitationAccepted',
      'host:hugo:ShareInvitationAccepted',
    ]);
  });

  it('§5: a decline notifies the host admins', () => {
    expect(plan({ ...envelope, type: 'ShareDeclined', reason: 'busy' })).toEqual(['host:hana:ShareInvitationDeclined', 'host:hugo:ShareInvitationDeclined']);
  });

  it('§5: a disconnect notifies both sides, whoever disconnected', () => {
    for (const side of ['host', 'external'] as const) {
      expect(plan({ ...envelope, type: 'ShareDisconnected', side, reason: null, outcome: null })).toEqual([
        'host:hana:SharedProjectDisconnected',
        'host:hugo:SharedProjectDisconnected',
        'external:xena:SharedProjectDisconnected',
      ]);
    }
  });

  it('a cancelled invitation notifies the external admins (decision)', () => {
    expect(plan({ ...envelope, type: 'ShareCancelled', reason: null })).toEqual(['external:xena:ShareInvitationCancelled']);
  });

  it('a shared copy or a transfer notifies the external admins (decision)', () => {
    expect(plan({ ...envelope, type: 'ShareCopyShared' })).toEqual(['external:xena:SharedProjectCopyReceived']);
    expect(plan({ ...envelope, type: 'ShareTransferred' })).toEqual(['external:xena:SharedProjectTransferred']);
  });

  it('team registration and plan changes notify nobody', () => {
    const actor = { kind: 'system' as const, cause: 'billing' as const };
    expect(plan({ type: 'TeamPlanChanged', schemaVersion: 1, at: 1, actor, teamId: host, from: 'professional', to: 'enterprise' })).toEqual([]);
    expect(plan({ type: 'TeamRegistered', schemaVersion: 1, at: 1, actor, teamId: host, domain: 'studio.io', plan: 'professional' })).toEqual([]);
  });

  it('N5: ids are stable per event and recipient, and distinct across events', () => {
    const disconnected: ShareEvent = { ...envelope, type: 'ShareDisconnected', side: 'host', reason: 'done', outcome: 'keep' };
    const a = planSharedProjectNotifications({ event: disconnected, teams, sequence: 4 });
    const b = planSharedProjectNotifications({ event: disconnected, teams, sequence: 4 });
    const c = planSharedProjectNotifications({ event: { ...envelope, type: 'ShareDeclined', reason: null }, teams, sequence: 4 });
    const ids = (r: typeof a) => (r.ok ? r.value.notifications.map((n) => n.id) : []);
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a).filter((id) => ids(c).includes(id))).toEqual([]);
    expect(a.ok && a.value.notifications[0]?.reason).toBe('done');
  });

  it('§7: a notified team missing from the facts is NOT_FOUND; bad input is INVALID_INPUT', () => {
    const r = planSharedProjectNotifications({ event: { ...envelope, type: 'ShareInvited', contactEmail: 'x@a.io' }, teams: [teams[0]!] });
    expect(!r.ok && r.error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'team', id: external } });
    expect(planSharedProjectNotifications({ event: { type: 'ShareInvited' } as never, teams }).ok).toBe(false);
  });
});
