import { describe, expect, it } from 'vitest';
import { executeSharedProjectCommand } from './api.js';
import { shareId } from './ids.js';
import { adminOf, billing, invite, memberOf, on, run, t, withTeams } from './spec-helpers.js';
import { TeamSchema } from './schemas.js';
import { findShare, findSharedProject, usageRecordOf } from './state.js';

const agency = adminOf('ana', 'agency');
const client = adminOf('cleo', 'client');
const other = adminOf('omar', 'other');

function given() {
  return withTeams(['agency', 'agency.example', 'professional'], ['client', 'client.example', 'enterprise'], ['other', 'other.example', 'organization']);
}

function codeOf(view: ReturnType<typeof given>, command: Parameters<typeof run>[1], actor: Parameters<typeof run>[2]) {
  const r = executeSharedProjectCommand(view, command, { now: 2_000, actor });
  return r.ok ? 'ok' : r.error.code;
}

describe('H1: one host, at most one external team, different domains', () => {
  it('H1: a second invitation while one is pending is ALREADY_SHARED', () => {
    const { view } = run(given(), invite('s1', 'p1', 'agency', 'client'), agency);
    const r = executeSharedProjectCommand(view, invite('s2', 'p1', 'agency', 'other'), { now: 2_000, actor: agency });
    expect(r.ok).toBe(false);
    if (!r.ok && r.error.code === 'ALREADY_SHARED') {
      expect(r.error.details).toEqual({ sharedProjectId: 'p1', state: 'pending', externalTeamId: 'client' });
    } else throw new Error('expected ALREADY_SHARED');
  });

  it('H1: a second invitation while one is connected is ALREADY_SHARED', () => {
    let view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    view = run(view, on('accept', 's1'), client).view;
    expect(codeOf(view, invite('s2', 'p1', 'agency', 'other'), agency)).toBe('ALREADY_SHARED');
  });

  it('H1: after a decline the host may invite another team', () => {
    let view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    view = run(view, on('decline', 's1'), client).view;
    expect(codeOf(view, invite('s2', 'p1', 'agency', 'other'), agency)).toBe('ok');
  });

  it('H1: host and external teams with the same business domain are SAME_DOMAIN', () => {
    const view = withTeams(['a', 'Acme.example', 'professional'], ['b', ' acme.EXAMPLE', 'professional']);
    const r = executeSharedProjectCommand(view, invite('s1', 'p1', 'a', 'b'), { now: 1, actor: adminOf('x', 'a') });
    expect(!r.ok && r.error.code).toBe('SAME_DOMAIN');
    expect(!r.ok && r.error.details).toEqual({ domain: 'acme.example' });
  });

  it('H1: a fully qualified domain (trailing dot) is the same business domain, and a domain that is not storable text is refused', () => {
    const view = withTeams(['a', 'acme.example.', 'professional'], ['b', 'Acme.Example', 'professional']);
    const r = executeSharedProjectCommand(view, invite('s1', 'p1', 'a', 'b'), { now: 1, actor: adminOf('x', 'a') });
    expect(!r.ok && r.error.code === 'SAME_DOMAIN' && r.error.details).toEqual({ domain: 'acme.example' });
    for (const domain of ['.', 'acme\u0000.example', 'x\uD800']) {
      const bad = executeSharedProjectCommand(view, { type: 'register_team', teamId: 'c', domain, plan: 'starter' } as never, { now: 1, actor: billing });
      expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT');
    }
  });

  it('H1: a business domain is dot-separated labels of letters, digits and hyphens: anything else is INVALID_INPUT', () => {
    const register = (domain: string) => executeSharedProjectCommand(given(), { type: 'register_team', teamId: 'newco', domain, plan: 'starter' }, { now: 1, actor: billing });
    for (const domain of ['not a domain', 'acme..example', '-acme.example', 'acme-.example', 'acme.example/x', 'lea@acme.example', 'acme_co.example', `${'a'.repeat(64)}.example`]) {
      const r = register(domain);
      expect(r.ok ? 'ok' : r.error.code, domain).toBe('INVALID_INPUT');
    }
    for (const domain of ['acme.example', 'Pixel-Agency.Example.', 'xn--bcher-kva.example', 'bücher.example', 'intranet', '3m.com']) {
      const r = register(domain);
      expect(r.ok ? 'ok' : r.error.code, domain).toBe('ok');
    }
    // Records written before the shape rule still read (stored data is read tolerantly).
    expect(TeamSchema.safeParse({ id: 'old', domain: 'not a domain', plan: 'starter', registeredAt: 1, planChangedAt: null }).success).toBe(true);
  });

  it('H1: a team cannot invite itself (SAME_DOMAIN)', () => {
    expect(codeOf(given(), invite('s1', 'p1', 'agency', 'agency'), agency)).toBe('SAME_DOMAIN');
  });
});

describe('H2: both teams on a paid plan', () => {
  it('H2: a starter external team is PLAN_NOT_ELIGIBLE', () => {
    const view = withTeams(['agency', 'agency.example', 'professional'], ['tiny', 'tiny.example', 'starter']);
    const r = executeSharedProjectCommand(view, invite('s1', 'p1', 'agency', 'tiny'), { now: 1, actor: agency });
    expect(!r.ok && r.error.details).toEqual({ teamId: 'tiny', plan: 'starter' });
  });

  it('H2: a starter host is PLAN_NOT_ELIGIBLE', () => {
    const view = withTeams(['tiny', 'tiny.example', 'starter'], ['client', 'client.example', 'enterprise']);
    expect(codeOf(view, invite('s1', 'p1', 'tiny', 'client'), adminOf('x', 'tiny'))).toBe('PLAN_NOT_ELIGIBLE');
  });

  it('H2: an external team that dropped to starter cannot accept', () => {
    let view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    view = run(view, { type: 'change_plan', teamId: t('client'), plan: 'starter' }, billing).view;
    expect(codeOf(view, on('accept', 's1'), client)).toBe('PLAN_NOT_ELIGIBLE');
  });
});

describe('H3: who invites, accepts, declines and cancels', () => {
  it('H3: a host member who is not an admin cannot invite, and the failed condition is named', () => {
    const r = executeSharedProjectCommand(given(), invite('s1', 'p1', 'agency', 'client'), { now: 1, actor: memberOf('max', 'agency') });
    expect(!r.ok && r.error.code).toBe('NOT_AUTHORIZED');
    if (!r.ok && r.error.code === 'NOT_AUTHORIZED') expect(r.error.details.failed.map((f) => f.condition)).toEqual(['host_team_admin']);
  });

  it('H3: only external admins accept or decline', () => {
    const view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    expect(codeOf(view, on('accept', 's1'), agency)).toBe('NOT_AUTHORIZED');
    expect(codeOf(view, on('decline', 's1'), memberOf('cm', 'client'))).toBe('NOT_AUTHORIZED');
    expect(codeOf(view, on('accept', 's1'), client)).toBe('ok');
    expect(codeOf(view, on('decline', 's1'), client)).toBe('ok');
  });

  it('H3: only host admins cancel a pending invitation', () => {
    const view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    expect(codeOf(view, on('cancel', 's1'), client)).toBe('NOT_AUTHORIZED');
    const after = run(view, on('cancel', 's1'), agency).view;
    expect(findShare(after, 's1')?.state).toBe('cancelled');
  });

  it('H3: a project hosted by one team cannot be shared by another team', () => {
    const view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    const r = executeSharedProjectCommand(view, invite('s2', 'p1', 'other', 'client'), { now: 1, actor: other });
    expect(!r.ok && r.error.code === 'NOT_AUTHORIZED' && r.error.details.failed[0]?.condition).toBe('project_hosted_by_team');
  });

  it('H3: with the ownership fact, a host admin cannot share a project their team does not own: NOT_AUTHORIZED before the team rules (H1, H2)', () => {
    const ctx = (hostOwnsProject: boolean) => ({ now: 1, actor: agency, hostOwnsProject });
    const r = executeSharedProjectCommand(given(), invite('s1', 'p1', 'agency', 'client'), ctx(false));
    expect(!r.ok && r.error.code === 'NOT_AUTHORIZED' && r.error.details.failed.map((f) => f.condition)).toEqual(['project_owned_by_team']);
    // Even where a team rule would refuse too (a team inviting itself): authorization comes first.
    const self = executeSharedProjectCommand(given(), invite('s1', 'p1', 'agency', 'agency'), ctx(false));
    expect(!self.ok && self.error.code).toBe('NOT_AUTHORIZED');
    // A non-admin is told both conditions; an owned project, or no fact at all, is shared as before.
    const member = executeSharedProjectCommand(given(), invite('s1', 'p1', 'agency', 'client'), { now: 1, actor: memberOf('bo', 'agency'), hostOwnsProject: false });
    expect(!member.ok && member.error.code === 'NOT_AUTHORIZED' && member.error.details.failed.map((f) => f.condition)).toEqual(['host_team_admin', 'project_owned_by_team']);
    expect(executeSharedProjectCommand(given(), invite('s1', 'p1', 'agency', 'client'), ctx(true)).ok).toBe(true);
    expect(codeOf(given(), invite('s1', 'p1', 'agency', 'client'), agency)).toBe('ok');
    // The fact is about a project not shared before: once hosted, the hosting team is the owner (H3).
    const view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    const again = run(view, on('decline', 's1'), client).view;
    expect(executeSharedProjectCommand(again, invite('s2', 'p1', 'agency', 'other'), ctx(false)).ok).toBe(true);
  });

  it('H3: the system cannot make share decisions', () => {
    expect(codeOf(given(), invite('s1', 'p1', 'agency', 'client'), billing)).toBe('NOT_AUTHORIZED');
  });

  it('other transitions are INVALID_TRANSITION naming the state', () => {
    let view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    expect(codeOf(view, on('disconnect', 's1'), agency)).toBe('INVALID_TRANSITION');
    view = run(view, on('decline', 's1'), client).view;
    const r = executeSharedProjectCommand(view, on('accept', 's1'), { now: 1, actor: client });
    expect(!r.ok && r.error.details).toEqual({ command: 'accept', state: 'declined', allowedFrom: ['pending'], entity: 'share', id: 's1' });
  });

  it('unknown shares and teams are NOT_FOUND', () => {
    expect(codeOf(given(), on('accept', 'nope'), client)).toBe('NOT_FOUND');
    expect(codeOf(given(), invite('s1', 'p1', 'agency', 'ghost'), agency)).toBe('NOT_FOUND');
  });
});

describe('H4: plan limits', () => {
  it('H4: a professional host can have 3 shared projects; the 4th is PLAN_LIMIT_REACHED with limit and count', () => {
    let view = given();
    for (const i of [1, 2, 3]) view = run(view, invite(`s${i}`, `p${i}`, 'agency', 'client'), agency).view;
    const r = executeSharedProjectCommand(view, invite('s4', 'p4', 'agency', 'client'), { now: 1, actor: agency });
    expect(!r.ok && r.error.details).toEqual({ teamId: 'agency', plan: 'professional', limit: 3, count: 3 });
  });

  // SPEC H4's numbers written out (not read from DEFAULT_PLAN_LIMITS): each plan fills up, and one more is refused.
  it.each([
    ['professional', 3],
    ['organization', 6],
    ['enterprise', 15],
  ] as const)('H4: a %s host can have %i shared projects (SPEC H4), and the next invitation is PLAN_LIMIT_REACHED', (plan, limit) => {
    let view = withTeams(['host', 'host.example', plan], ['guest', 'guest.example', 'enterprise']);
    const host = adminOf('hal', 'host');
    for (let i = 1; i <= limit; i += 1) {
      const r = executeSharedProjectCommand(view, invite(`s${i}`, `p${i}`, 'host', 'guest'), { now: i, actor: host });
      if (!r.ok) throw new Error(`invitation ${i} of ${limit}: ${r.error.code}`);
      view = r.value.state;
    }
    expect(usageRecordOf(view, t('host')).count).toBe(limit);
    const next = executeSharedProjectCommand(view, invite('s-next', 'p-next', 'host', 'guest'), { now: 100, actor: host });
    expect(!next.ok && next.error.code).toBe('PLAN_LIMIT_REACHED');
    expect(!next.ok && next.error.details).toEqual({ teamId: 'host', plan, limit, count: limit });
  });

  it('H4: received pending invitations do not count until accepted, then the receiver\'s limit is checked', () => {
    let view = withTeams(['a', 'a.example', 'enterprise'], ['b', 'b.example', 'enterprise'], ['small', 'small.example', 'professional']);
    const small = adminOf('sam', 'small');
    // small hosts 3 pending invitations: at its limit.
    for (const i of [1, 2, 3]) view = run(view, invite(`h${i}`, `sp${i}`, 'small', i === 1 ? 'a' : 'b'), small).view;
    // a invites small: allowed, receiving does not count.
    view = run(view, invite('in1', 'ap1', 'a', 'small'), adminOf('amy', 'a')).view;
    expect(usageRecordOf(view, t('small')).count).toBe(3);
    expect(codeOf(view, on('accept', 'in1'), small)).toBe('PLAN_LIMIT_REACHED');
    // cancelling one of its own invitations frees a slot.
    view = run(view, on('cancel', 'h3'), small).view;
    view = run(view, on('accept', 'in1'), small).view;
    expect(usageRecordOf(view, t('small')).count).toBe(3);
    expect(usageRecordOf(view, t('a')).count).toBe(1); // h1 it received is still pending
  });

  it('H4: disconnect, decline and cancel free the slot', () => {
    let view = given();
    for (const i of [1, 2, 3]) view = run(view, invite(`s${i}`, `p${i}`, 'agency', 'client'), agency).view;
    view = run(view, on('accept', 's1'), client).view;
    view = run(view, on('decline', 's2'), client).view;
    view = run(view, on('cancel', 's3'), agency).view;
    expect(usageRecordOf(view, t('agency')).count).toBe(1);
    view = run(view, on('disconnect', 's1'), client).view;
    expect(usageRecordOf(view, t('agency')).count).toBe(0);
    expect(usageRecordOf(view, t('client')).count).toBe(0);
  });

  it('H4: the limits table is configurable, and the configured limit is enforced', () => {
    let view = given();
    for (const i of [1, 2, 3]) view = run(view, invite(`s${i}`, `p${i}`, 'agency', 'client'), agency).view;
    const policy = { limits: { professional: 4 } };
    const r = executeSharedProjectCommand(view, invite('s4', 'p4', 'agency', 'client'), { now: 1, actor: agency, policy });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const fifth = executeSharedProjectCommand(r.value.state, invite('s5', 'p5', 'agency', 'client'), { now: 2, actor: agency, policy });
    expect(!fifth.ok && fifth.error.details).toEqual({ teamId: 'agency', plan: 'professional', limit: 4, count: 4 });
  });
});

describe('H5: plan changes cut nothing', () => {
  it('H5: after a downgrade below the count, existing shares stay and new ones are refused until under the limit', () => {
    let view = withTeams(['big', 'big.example', 'organization'], ['c', 'c.example', 'enterprise']);
    const big = adminOf('bo', 'big');
    for (const i of [1, 2, 3, 4]) view = run(view, invite(`s${i}`, `p${i}`, 'big', 'c'), big).view;
    view = run(view, { type: 'change_plan', teamId: t('big'), plan: 'professional' }, billing).view;
    expect(Object.values(view.shares).every((s) => s.state === 'pending')).toBe(true);
    expect(usageRecordOf(view, t('big')).count).toBe(4);
    expect(codeOf(view, invite('s5', 'p5', 'big', 'c'), big)).toBe('PLAN_LIMIT_REACHED');
    view = run(view, on('cancel', 's1'), big).view;
    expect(codeOf(view, invite('s5', 'p5', 'big', 'c'), big)).toBe('PLAN_LIMIT_REACHED');
    view = run(view, on('cancel', 's2'), big).view;
    expect(codeOf(view, invite('s5', 'p5', 'big', 'c'), big)).toBe('ok');
  });

  it('only billing changes a plan: a team admin moving their own team to enterprise is refused (limit 3 → 15 without paying)', () => {
    const upgrade = { type: 'change_plan', teamId: t('agency'), plan: 'enterprise' } as const;
    expect(codeOf(given(), upgrade, client)).toBe('NOT_AUTHORIZED');
    const self = executeSharedProjectCommand(given(), upgrade, { now: 2_000, actor: agency });
    expect(!self.ok && self.error.code === 'NOT_AUTHORIZED' && self.error.details.failed.map((f) => f.condition)).toEqual(['plan_set_by_billing']);
    expect(codeOf(given(), upgrade, { kind: 'system', cause: 'provisioning' })).toBe('NOT_AUTHORIZED');
    expect(codeOf(given(), upgrade, billing)).toBe('ok');
  });

  it('with policy `planChanges: "team_admins"` a team admin sets their own team\'s plan (and only their own)', () => {
    const upgrade = { type: 'change_plan', teamId: t('agency'), plan: 'enterprise' } as const;
    const policy = { planChanges: 'team_admins' } as const;
    expect(executeSharedProjectCommand(given(), upgrade, { now: 2_000, actor: agency, policy }).ok).toBe(true);
    expect(executeSharedProjectCommand(given(), upgrade, { now: 2_000, actor: client, policy }).ok).toBe(false);
  });

  it('a team admin registers their own team on the starter plan only; provisioning and billing register any plan', () => {
    const admin = adminOf('nina', 'newco');
    const register = (plan: 'starter' | 'enterprise') => ({ type: 'register_team', teamId: t('newco'), domain: 'newco.example', plan }) as const;
    expect(codeOf(given(), register('enterprise'), admin)).toBe('NOT_AUTHORIZED');
    expect(codeOf(given(), register('starter'), admin)).toBe('ok');
    expect(codeOf(given(), register('enterprise'), { kind: 'system', cause: 'provisioning' })).toBe('ok');
  });
});

describe('H9: disconnect', () => {
  function connected() {
    let view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    view = run(view, on('accept', 's1'), client).view;
    return view;
  }

  it('H9: either side\'s admin disconnects; the host keeps the project; events name both teams', () => {
    for (const actor of [agency, client]) {
      const { view, events } = run(connected(), on('disconnect', 's1'), actor);
      expect(findShare(view, 's1')?.state).toBe('disconnected');
      expect(findSharedProject(view, 'p1')?.hostTeamId).toBe('agency');
      expect(events[0]).toMatchObject({ type: 'ShareDisconnected', hostTeamId: 'agency', externalTeamId: 'client', at: 1_000 });
    }
  });

  it('H9: a disconnected pair is never reconnected (RECONNECT_FORBIDDEN), other teams may be invited', () => {
    const view = run(connected(), on('disconnect', 's1'), agency).view;
    expect(codeOf(view, invite('s2', 'p1', 'agency', 'client'), agency)).toBe('RECONNECT_FORBIDDEN');
    expect(codeOf(view, invite('s2', 'p1', 'agency', 'other'), agency)).toBe('ok');
  });

  it('H9: the refusal names the pair — the project and the team — not the project alone (other teams may be invited)', () => {
    const view = run(connected(), on('disconnect', 's1'), agency).view;
    const r = executeSharedProjectCommand(view, invite('s2', 'p1', 'agency', 'client'), { now: 2_000, actor: agency });
    expect(!r.ok && r.error.details).toMatchObject({ projectId: 'p1', teamId: 'client' });
    expect(!r.ok && r.error.message).toBe('Project "p1" can never be shared with team "client" again: it was disconnected from that team, and the pair can never be reconnected (another team can still be invited).');
  });

  it('H9: the host may share a copy at disconnect', () => {
    const { view, events } = run(connected(), { type: 'disconnect', shareId: shareId('s1'), outcome: 'share_copy' }, agency);
    expect(events.map((e) => e.type)).toEqual(['ShareDisconnected', 'ShareCopyShared']);
    expect(findShare(view, 's1')?.copiesShared).toBe(1);
  });

  it('H9: only host admins choose the outcome', () => {
    const r = executeSharedProjectCommand(connected(), { type: 'disconnect', shareId: shareId('s1'), outcome: 'share_copy', side: 'external' }, { now: 1, actor: client });
    expect(!r.ok && r.error.code === 'NOT_AUTHORIZED' && r.error.details.failed[0]?.condition).toBe('host_admin_chooses_outcome');
  });

  it('H9: sharing a copy or transferring stays possible later, for host admins only', () => {
    const view = run(connected(), on('disconnect', 's1'), client).view;
    expect(findShare(view, 's1')?.disconnectOutcome).toBeNull();
    expect(codeOf(view, on('share_copy', 's1'), client)).toBe('NOT_AUTHORIZED');
    const copied = run(view, on('share_copy', 's1'), agency).view;
    const moved = run(copied, on('transfer', 's1'), agency).view;
    expect(findSharedProject(moved, 'p1')).toMatchObject({ hostTeamId: 'client', transferredFrom: 'agency' });
    expect(codeOf(moved, on('share_copy', 's1'), agency)).toBe('NOT_AUTHORIZED');
  });

  it('share_copy before a disconnect is INVALID_TRANSITION', () => {
    expect(codeOf(connected(), on('share_copy', 's1'), agency)).toBe('INVALID_TRANSITION');
  });

  it('H9: a transfer stays possible after the disconnect, until the project is shared again with another team (ALREADY_SHARED)', () => {
    let view = run(connected(), on('disconnect', 's1'), agency).view;
    expect(codeOf(view, on('transfer', 's1'), agency)).toBe('ok');
    view = run(view, invite('s2', 'p1', 'agency', 'other'), agency).view;
    expect(codeOf(view, on('transfer', 's1'), agency)).toBe('ALREADY_SHARED');
  });
});

describe('H12: the contact joins on acceptance', () => {
  it('H12: the acceptance event names the contact, and the share records when they joined', () => {
    const invited = run(given(), invite('s1', 'p1', 'agency', 'client', 'lea@client.example'), agency);
    expect(invited.events[0]).toMatchObject({ type: 'ShareInvited', externalTeamId: 'client', contactEmail: 'lea@client.example', actor: { kind: 'user', userId: 'ana' } });
    const accepted = run(invited.view, on('accept', 's1'), client, 5_000);
    expect(accepted.events[0]).toMatchObject({ type: 'ShareAccepted', contactEmail: 'lea@client.example', hostTeamId: 'agency', at: 5_000 });
    expect(findShare(accepted.view, 's1')).toMatchObject({ state: 'connected', connectedAt: 5_000, acceptedBy: 'cleo' });
  });
});

describe('a caller’s view keeps its kind of objects', () => {
  it('after an invitation the view’s dictionaries are still ordinary objects (hasOwnProperty works)', () => {
    const before = given();
    expect(Object.getPrototypeOf(before.teams)).toBe(Object.prototype);
    const { view } = run(before, invite('s1', 'p1', 'agency', 'client'), agency);
    for (const part of [view.teams, view.projects, view.shares, view.usage]) expect(Object.getPrototypeOf(part)).toBe(Object.prototype);
    expect(view.shares.hasOwnProperty('s1')).toBe(true);
    expect(view.projects.hasOwnProperty('p1')).toBe(true);
  });
});

describe('time: a decision is never dated before what it follows (as C13 for connections)', () => {
  it('an accept, a disconnect and a transfer read on a clock that stepped back are dated at the share\'s last event, not before it', () => {
    let view = run(given(), invite('s1', 'p1', 'agency', 'client'), agency, 5_000).view;
    const accepted = executeSharedProjectCommand(view, on('accept', 's1'), { now: 1_000, actor: client });
    expect(accepted.ok && accepted.value.events[0]?.at).toBe(5_000);
    view = accepted.ok ? accepted.value.state : view;
    expect(findShare(view, 's1')).toMatchObject({ state: 'connected', connectedAt: 5_000, stateSince: 5_000 });
    const disconnected = executeSharedProjectCommand(view, on('disconnect', 's1'), { now: 0, actor: agency });
    expect(disconnected.ok && disconnected.value.events.map((e) => e.at)).toEqual([5_000]);
    view = disconnected.ok ? disconnected.value.state : view;
    const transferred = executeSharedProjectCommand(view, on('transfer', 's1'), { now: 4_000, actor: agency });
    expect(transferred.ok && transferred.value.events.every((e) => e.at >= 5_000)).toBe(true);
  });

  it('a plan change read on a clock that stepped back is dated at the team\'s last plan change, not before it', () => {
    const view = run(given(), { type: 'change_plan', teamId: t('client'), plan: 'professional' }, billing, 9_000).view;
    const r = executeSharedProjectCommand(view, { type: 'change_plan', teamId: t('client'), plan: 'organization' }, { now: 3_000, actor: billing });
    expect(r.ok && r.value.events[0]?.at).toBe(9_000);
  });
});
