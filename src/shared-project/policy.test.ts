import { describe, expect, it } from 'vitest';
import { ADMIN_CAPABILITIES, adminCapabilities, fileOperationAllowed } from './capabilities.js';
import { sharedProjectFeatures } from './features.js';
import { libraryId, shareId } from './ids.js';
import { libraryAccess } from './libraries.js';
import { licensingDecision } from './licensing.js';
import { canInviteMember } from './members.js';
import { adminOf, invite, memberOf, on, run, t, withTeams } from './spec-helpers.js';

const agency = adminOf('ana', 'agency');
const client = adminOf('cleo', 'client');

function connected(hostPlan: 'professional' | 'enterprise' = 'professional', externalPlan: 'professional' | 'enterprise' = 'enterprise') {
  let view = withTeams(['agency', 'agency.example', hostPlan], ['client', 'client.example', externalPlan]);
  view = run(view, invite('s1', 'p1', 'agency', 'client', 'lea@client.example'), agency).view;
  return run(view, on('accept', 's1'), client).view;
}

describe('H6: the host plan decides the features', () => {
  it('H6: a professional host limits an enterprise external team to professional features', () => {
    expect(sharedProjectFeatures(connected('professional', 'enterprise'), 'p1')).toEqual({ ok: true, value: { sharedProjectId: 'p1', hostTeamId: 'agency', plan: 'professional' } });
  });
  it('H6: an enterprise host gives everyone enterprise features', () => {
    const r = sharedProjectFeatures(connected('enterprise', 'professional'), 'p1');
    expect(r.ok && r.value.plan).toBe('enterprise');
  });
  it('features of an unknown project are NOT_FOUND', () => {
    const r = sharedProjectFeatures(connected(), 'nope');
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
  });
});

describe('H7: admin capabilities by side', () => {
  it('H7: host admins hold every capability, external admins see, manage their own team and disconnect', () => {
    const host = adminCapabilities('host');
    const external = adminCapabilities('external');
    // Written out from SPEC H7 (not compared with ADMIN_CAPABILITIES, the table the function answers from).
    expect(host.ok && host.value).toEqual({
      seeInAdmin: true,
      seeMembers: 'all',
      manageSecurityAndPrivacy: true,
      allowHostLibraries: true,
      manageAiFeatures: true,
      manageAccess: 'everyone',
      disconnect: true,
      shareCopyOrTransfer: true,
    });
    expect(ADMIN_CAPABILITIES.host).toEqual(host.ok && host.value);
    expect(external.ok && external.value).toEqual({
      seeInAdmin: true,
      seeMembers: 'own_team',
      manageSecurityAndPrivacy: false,
      allowHostLibraries: false,
      manageAiFeatures: false,
      manageAccess: 'own_team',
      disconnect: true,
      shareCopyOrTransfer: false,
    });
  });
  it('§7: an unknown side is INVALID_INPUT', () => {
    expect(adminCapabilities('guest' as never).ok).toBe(false);
  });
});

describe('H8: file operations by side', () => {
  it('H8: both sides create, move and import; only the host deletes', () => {
    for (const op of ['create', 'move', 'import'] as const) {
      expect(fileOperationAllowed('host', op)).toEqual({ ok: true, value: true });
      expect(fileOperationAllowed('external', op)).toEqual({ ok: true, value: true });
    }
    expect(fileOperationAllowed('host', 'delete')).toEqual({ ok: true, value: true });
    expect(fileOperationAllowed('external', 'delete')).toEqual({ ok: true, value: false });
  });
});

describe('H10: licensing', () => {
  it('H10: each member works under a seat of their own team\'s plan; upgrades go to their own admins', () => {
    const view = connected('professional', 'enterprise');
    const ext = licensingDecision(view, { shareId: shareId('s1'), teamIds: [t('client')] });
    expect(ext.ok && ext.value).toEqual({ role: 'external', seat: { teamId: 'client', plan: 'enterprise', viewOnly: false }, upgradeRequestsTo: 'client', hostTeamId: 'agency', needsHostSeat: false });
    const host = licensingDecision(view, { shareId: shareId('s1'), teamIds: [t('agency')] });
    expect(host.ok && host.value.seat).toEqual({ teamId: 'agency', plan: 'professional', viewOnly: false });
  });
  it('H10: a person with no account in either team gets a view-only seat on the host plan; upgrades go to host admins', () => {
    const r = licensingDecision(connected(), { shareId: shareId('s1'), teamIds: [t('elsewhere')] });
    expect(r.ok && r.value).toMatchObject({ role: 'guest', seat: { teamId: 'agency', viewOnly: true }, upgradeRequestsTo: 'agency' });
  });
  it('H10: an external member editing host files outside the shared project needs a host seat', () => {
    const r = licensingDecision(connected(), { shareId: shareId('s1'), teamIds: [t('client')], editsHostFilesOutsideProject: true });
    expect(r.ok && r.value.needsHostSeat).toBe(true);
  });
});

describe('H11: libraries', () => {
  const kit = libraryId('kit');
  it('H11: only libraries host admins enabled may be used, and their source is read-only', () => {
    expect(libraryAccess({ enabledLibraryIds: [kit], libraryId: kit, operation: 'use' })).toEqual({ ok: true, value: { allowed: true, reason: 'enabled_by_host' } });
    expect(libraryAccess({ enabledLibraryIds: [kit], libraryId: kit, operation: 'read_source' })).toEqual({ ok: true, value: { allowed: true, reason: 'enabled_by_host' } });
    expect(libraryAccess({ enabledLibraryIds: [kit], libraryId: kit, operation: 'edit_source' })).toEqual({ ok: true, value: { allowed: false, reason: 'read_only_source' } });
    expect(libraryAccess({ enabledLibraryIds: [], libraryId: kit, operation: 'use' })).toEqual({ ok: true, value: { allowed: false, reason: 'not_enabled' } });
  });
  it('H11: only host admins may choose libraries: the capability is the host side\'s alone (adminCapabilities, H7)', () => {
    expect(adminCapabilities('host')).toMatchObject({ ok: true, value: { allowHostLibraries: true } });
    expect(adminCapabilities('external')).toMatchObject({ ok: true, value: { allowHostLibraries: false } });
  });
});

describe('H12: the contact may invite members of their own team', () => {
  const lea = { kind: 'user' as const, userId: 'lea' as never, email: 'Lea@client.example', teams: [{ teamId: t('client'), admin: false }] };
  it('H12: once accepted, the contact adds members of their own team, not of others', () => {
    const view = connected();
    expect(canInviteMember(view, { shareId: shareId('s1'), actor: lea, inviteeTeamId: t('client') })).toEqual({ ok: true, value: true });
    const r = canInviteMember(view, { shareId: shareId('s1'), actor: lea, inviteeTeamId: null });
    expect(!r.ok && r.error.code).toBe('NOT_AUTHORIZED');
  });
  it('H12: before acceptance the contact cannot add anyone', () => {
    let view = withTeams(['agency', 'agency.example', 'professional'], ['client', 'client.example', 'enterprise']);
    view = run(view, invite('s1', 'p1', 'agency', 'client', 'lea@client.example'), agency).view;
    const r = canInviteMember(view, { shareId: shareId('s1'), actor: lea, inviteeTeamId: t('client') });
    expect(!r.ok && r.error.code).toBe('INVALID_TRANSITION');
  });
  it('H7: host admins add anyone; external admins only their own team; plain members nobody', () => {
    const view = connected();
    expect(canInviteMember(view, { shareId: shareId('s1'), actor: agency, inviteeTeamId: null }).ok).toBe(true);
    expect(canInviteMember(view, { shareId: shareId('s1'), actor: client, inviteeTeamId: t('client') }).ok).toBe(true);
    expect(canInviteMember(view, { shareId: shareId('s1'), actor: client, inviteeTeamId: t('agency') }).ok).toBe(false);
    expect(canInviteMember(view, { shareId: shareId('s1'), actor: memberOf('cm', 'client'), inviteeTeamId: t('client') }).ok).toBe(false);
  });
});
