import { describe, expect, it } from 'vitest';
import { MIN, setup, storyData } from '../../test/service/fixtures.js';
import { sequentialIds } from '../ports/clock.js';
import { connectionInvariantViolations } from '../testing/connectionInvariants.js';
import { storedConnectionView } from '../testing/storedViews.js';

/** Ids for a second service on the same storage: a prefix keeps them apart from the first one's. */
const restartedIds = () => {
  const ids = sequentialIds();
  return { next: (kind: string) => `restarted-${ids.next(kind)}` };
};

const request = (actorId: string, down: string, extra: Record<string, unknown> = {}) => ({
  actorId,
  upstreamProjectId: 'tower',
  downstreamProjectId: down,
  dataTypes: ['drawings'],
  ...extra,
});

describe('application service: connection commands', () => {
  it('C11/C17: a pending request past its end date no longer fixes its upstream\'s role, swept or not; the request records the expiry first', async () => {
    const data = storyData('manual');
    // gina may also ask for the tower to become a downstream of the steel project.
    const users = (data.users ?? []).map((u) => (u.userId === 'gina' ? { ...u, companyIds: ['build-co', 'steel-co'] } : u));
    const projects = (data.projects ?? []).map((p) => (p.projectId === 'tower-steel' ? { ...p, members: [...p.members, { userId: 'gina', templateId: 'viewer' }] } : p));
    const { service, clock, storage } = setup({ data: { ...data, users, projects } });
    const first = await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a', endsAt: clock.now() + MIN }));
    expect(first.ok && first.value.connection?.state).toBe('pending');
    const asDownstream = { actorId: 'gina', connectionId: 'cn-b', upstreamProjectId: 'tower-steel', downstreamProjectId: 'tower', dataTypes: ['drawings'] };
    const early = await service.requestConnection(asDownstream);
    expect(!early.ok && early.error.code).toBe('ROLE_CONFLICT');
    clock.advance(2 * MIN);
    const late = await service.requestConnection(asDownstream);
    expect(late.ok && [late.value.connection?.state, late.value.events.map((e) => `${e.type}:${e.connectionId}`)]).toEqual(['pending', ['ConnectionExpired:cn-a', 'ConnectionRequested:cn-b']]);
    const view = await storedConnectionView(storage);
    expect(view.connections['cn-a']?.state).toBe('expired');
    expect(view.projects['tower-electric']?.openAsDownstream).toBeNull();
    expect(connectionInvariantViolations(view)).toEqual([]);
  });

  it('C5/N4: manual approval leaves the request pending and tells the upstream; automatic connects at once and only announces ConnectionCreated', async () => {
    const manual = setup({ approval: 'manual' });
    const r = await manual.service.requestConnection(request('sam', 'tower-electric'));
    expect(r.ok && r.value.connection?.state).toBe('pending');
    await manual.service.dispatchOutbox();
    expect(manual.notifications.map((n) => `${n.recipient}:${n.event}`)).toEqual(['gina:ConnectionRequested']);

    const auto = setup({ approval: 'automatic' });
    const a = await auto.service.requestConnection(request('sam', 'tower-electric'));
    expect(a.ok && a.value.connection?.state).toBe('connected');
    await auto.service.dispatchOutbox();
    expect(auto.notifications.map((n) => `${n.recipient}:${n.event}`).sort()).toEqual(['gina:ConnectionCreated', 'sam:ConnectionCreated']);
    expect(auto.jobs.map((j) => j.kind)).toEqual(['start_sync']);
  });

  it('C2: authorization comes from the directory templates; a user without Connection Manager admin is refused', async () => {
    const { service, storage } = setup();
    const r = await service.requestConnection(request('vic', 'tower-electric'));
    expect(!r.ok && r.error.code).toBe('NOT_AUTHORIZED');
    expect(storage.snapshot().records).toEqual([]);
  });

  it('C2: a user the directory does not know is refused in one condition that says so; nothing written', async () => {
    const { service, storage } = setup();
    const r = await service.requestConnection(request('ghost', 'tower-electric'));
    expect(!r.ok && r.error.code === 'NOT_AUTHORIZED' && r.error.details).toEqual({ userId: 'ghost', failed: [{ condition: 'known_user', message: 'user "ghost" is not in the directory' }] });
    expect(!r.ok && r.error.message).toContain('user "ghost" is not in the directory');
    expect(storage.snapshot().records).toEqual([]);
    await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    const approve = await service.approveConnection({ actorId: 'ghost', connectionId: 'cn-a' });
    expect(!approve.ok && approve.error.code === 'NOT_AUTHORIZED' && approve.error.details.failed.map((f) => f.condition)).toEqual(['known_user']);
  });

  it('C6: only an upstream Connection Manager admin approves', async () => {
    const { service } = setup();
    await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    const bySam = await service.approveConnection({ actorId: 'sam', connectionId: 'cn-a' });
    expect(!bySam.ok && bySam.error.code).toBe('NOT_AUTHORIZED');
    const byGina = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-a' });
    expect(byGina.ok && byGina.value.connection?.state).toBe('connected');
  });

  it('C3: a second request for the same downstream is refused with ONE_UPSTREAM_ONLY', async () => {
    const { service } = setup();
    expect((await service.requestConnection(request('sam', 'tower-electric'))).ok).toBe(true);
    const second = await service.requestConnection({ ...request('sam', 'tower-electric'), upstreamProjectId: 'school' });
    expect(!second.ok && second.error.code).toBe('ONE_UPSTREAM_ONLY');
  });

  it('C10: after a disconnect the downstream can never connect again, and both sides hear ConnectionDisabled', async () => {
    const { service, notifications } = setup({ approval: 'automatic' });
    await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    const d = await service.disconnectConnection({ actorId: 'gina', connectionId: 'cn-a', reason: 'contract ended' });
    expect(d.ok && d.value.connection?.state).toBe('disconnected');
    const again = await service.requestConnection(request('sam', 'tower-electric'));
    expect(!again.ok && again.error.code).toBe('RECONNECT_FORBIDDEN');
    await service.dispatchOutbox();
    expect(notifications.filter((n) => n.event === 'ConnectionDisabled').map((n) => n.recipient).sort()).toEqual(['gina', 'sam']);
  });

  it('C16: a quick undo of the request within the window cancels even an automatic connection', async () => {
    const { service, clock, jobs } = setup({ approval: 'automatic' });
    await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    clock.advance(2 * MIN);
    const undo = await service.undoConnectionRequest({ actorId: 'sam', connectionId: 'cn-a' });
    expect(undo.ok && undo.value.connection?.state).toBe('cancelled');
    await service.dispatchOutbox();
    // S5: the undo drops the connection's sync work not handed out yet (the start and its initial sync); the stop still goes out.
    expect(jobs.map((j) => j.kind)).toEqual(['stop_sync']);
    clock.advance(10 * MIN);
    const late = await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-b' }));
    expect(late.ok).toBe(true);
    const lateUndo = (clock.advance(6 * MIN), await service.undoConnectionRequest({ actorId: 'sam', connectionId: 'cn-b' }));
    expect(!lateUndo.ok && lateUndo.error.code).toBe('UNDO_WINDOW_CLOSED');
  });

  it('C17: a due expiry is recorded first and once; the connection then behaves as expired', async () => {
    const { service, clock, notifications } = setup({ policy: { connection: { pendingExpiryMs: 30 * MIN } } });
    await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    clock.advance(31 * MIN);
    const approve = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-a' });
    expect(!approve.ok && approve.error.code).toBe('INVALID_TRANSITION');
    const history = await service.connectionHistory({ connectionId: 'cn-a' });
    expect(history.ok && history.value.events.map((e) => e.type)).toEqual(['ConnectionRequested', 'ConnectionExpired']);
    const sweep = await service.reconcileDeadlines();
    expect(sweep.ok && sweep.value.reconciled).toEqual([]);
    await service.dispatchOutbox();
    expect(notifications.filter((n) => n.event === 'ConnectionRequestRejected').map((n) => n.recipient)).toEqual(['sam']);
  });

  it('§7: every answer is frozen, refusals included, with or without an idempotency key', async () => {
    const { service } = setup();
    const unkeyed = await service.approveConnection({ actorId: 'gina', connectionId: 'nope' });
    const keyed = await service.approveConnection({ actorId: 'gina', connectionId: 'nope', idempotencyKey: 'k-1' });
    const invalid = await service.approveConnection({ actorId: 42 } as never);
    for (const r of [unkeyed, keyed, invalid]) {
      expect(r.ok).toBe(false);
      expect(Object.isFrozen(r)).toBe(true);
      if (!r.ok) {
        expect(Object.isFrozen(r.error)).toBe(true);
        expect(Object.isFrozen(r.error.details)).toBe(true);
      }
    }
  });

  it('C17: the sweep expires by the policy in force now, not the one a request was stored under', async () => {
    // A request made with expiry off; the service restarts on the same storage with a 30-minute expiry.
    const before = setup();
    await before.service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    const after = setup({ storage: before.storage, ids: restartedIds(), policy: { connection: { pendingExpiryMs: 30 * MIN } } });
    after.clock.set(before.clock.now() + 31 * MIN);
    const sweep = await after.service.reconcileDeadlines();
    expect(sweep.ok && sweep.value.reconciled).toEqual(['cn-a']);
    const history = await after.service.connectionHistory({ connectionId: 'cn-a' });
    expect(history.ok && history.value.events.map((e) => e.type)).toEqual(['ConnectionRequested', 'ConnectionExpired']);
  });

  it('C17: with expiry switched off later, a request stored under an expiry is not due, and does not hold back an end date behind it', async () => {
    const before = setup({ policy: { connection: { pendingExpiryMs: 30 * MIN } } });
    await before.service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    await before.service.requestConnection(request('pia', 'tower-plumbing', { connectionId: 'cn-b', endsAt: before.clock.now() + 40 * MIN }));
    const after = setup({ storage: before.storage, ids: restartedIds(), policy: { connection: { pendingExpiryMs: null }, sweepLimit: 1 } });
    after.clock.set(before.clock.now() + 60 * MIN);
    const sweep = await after.service.reconcileDeadlines();
    expect(sweep.ok && sweep.value.reconciled).toEqual(['cn-b']);
    const again = await after.service.reconcileDeadlines();
    expect(again.ok && again.value.reconciled).toEqual([]);
    const a = await after.service.connectionHistory({ connectionId: 'cn-a' });
    expect(a.ok && a.value.events.map((e) => e.type)).toEqual(['ConnectionRequested']);
  });

  it('C13: an end date disconnects through the clock; the sweep records it once and ConnectionDisabled goes out once', async () => {
    const { service, clock, notifications } = setup({ approval: 'automatic' });
    await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a', endsAt: clockEnd() }));
    clock.advance(61 * MIN);
    const before = await service.projectConnections({ projectId: 'tower' });
    expect(before.ok && before.value.items.map((s) => s.state)).toEqual(['disconnected']);
    const first = await service.reconcileDeadlines();
    const second = await service.reconcileDeadlines();
    expect(first.ok && first.value.reconciled).toEqual(['cn-a']);
    expect(second.ok && second.value.reconciled).toEqual([]);
    await service.dispatchOutbox();
    await service.dispatchOutbox();
    expect(notifications.filter((n) => n.event === 'ConnectionDisabled')).toHaveLength(2);
    // C13: the end is one event in the history, dated at the end date (not at the sweep), by the system.
    const history = await service.connectionHistory({ connectionId: 'cn-a' });
    const events = history.ok ? history.value.events : [];
    expect(events.map((e) => e.type)).toEqual(['ConnectionRequested', 'ConnectionApproved', 'ConnectionDisconnected']);
    expect(events[2]).toMatchObject({ at: clock.now() - MIN, actor: { kind: 'system' } });
    function clockEnd() {
      return clock.now() + 60 * MIN;
    }
  });
});

describe('application service: queries', () => {
  it('C13: a project\'s connections and a connection\'s history', async () => {
    const { service } = setup();
    await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    await service.declineConnection({ actorId: 'gina', connectionId: 'cn-a', reason: 'wrong project' });
    const list = await service.projectConnections({ projectId: 'tower-electric' });
    expect(list.ok && list.value.items.map((s) => [s.connection.id, s.state])).toEqual([['cn-a', 'declined']]);
    const h = await service.connectionHistory({ connectionId: 'cn-a' });
    expect(h.ok && h.value.events.map((e) => e.type)).toEqual(['ConnectionRequested', 'ConnectionDeclined']);
    const missing = await service.connectionHistory({ connectionId: 'nope' });
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
  });

  it('H4: the inventory lists a company\'s external connections and a team\'s shared projects; plan usage counts slots', async () => {
    const { service } = setup({ approval: 'automatic' });
    await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    await service.requestConnection(request('pia', 'tower-plumbing', { connectionId: 'cn-b' }));
    await service.syncTeamFromDirectory({ teamId: 'studio' });
    await service.syncTeamFromDirectory({ teamId: 'client' });
    const invite = await service.inviteExternalTeam({ actorId: 'hana', sharedProjectId: 'brand-book', hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' });
    expect(invite.ok && invite.value.share?.state).toBe('pending');
    const gc = await service.inventory({ companyId: 'build-co' });
    expect(gc.ok && gc.value.items.map((e) => [e.kind, e.id, e.state, e.role])).toEqual([
      ['connection', 'cn-a', 'connected', 'upstream'],
      ['connection', 'cn-b', 'connected', 'upstream'],
    ]);
    const studio = await service.inventory({ teamId: 'studio' });
    expect(studio.ok && studio.value.items.map((e) => [e.kind, e.state, e.counterpart])).toEqual([['shared_project', 'pending', { teamId: 'client' }]]);
    const usage = await service.teamPlanUsage({ teamId: 'studio' });
    expect(usage.ok && [usage.value.count, usage.value.limit, usage.value.available]).toEqual([1, 3, 2]);
    const receiver = await service.teamPlanUsage({ teamId: 'client' });
    expect(receiver.ok && receiver.value.count).toBe(0);
  });

  it('an inventory of a company and a team fills each page, connections first, and never answers an empty page with more to come', async () => {
    const { service } = setup({ approval: 'automatic' });
    await service.requestConnection(request('sam', 'tower-electric', { connectionId: 'cn-a' }));
    await service.syncTeamFromDirectory({ teamId: 'studio' });
    await service.syncTeamFromDirectory({ teamId: 'client' });
    for (const p of ['brand-book', 'sp-1']) {
      const invite = await service.inviteExternalTeam({ actorId: 'hana', sharedProjectId: p, hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' });
      expect(invite.ok).toBe(true);
    }
    const pages: string[][] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 10; guard += 1) {
      const page = await service.inventory({ companyId: 'build-co', teamId: 'studio', limit: 2, ...(after === undefined ? {} : { after }) });
      if (!page.ok) throw new Error(page.error.message);
      pages.push(page.value.items.map((e) => e.kind));
      if (page.value.next === null) break;
      expect(page.value.items.length).toBeGreaterThan(0);
      after = page.value.next;
    }
    expect(pages).toEqual([['connection', 'shared_project'], ['shared_project']]);
    // A company with no connections: the first page already holds the team's shares.
    const noConnections = await service.inventory({ companyId: 'nobody-co', teamId: 'studio' });
    expect(noConnections.ok && [noConnections.value.items.length, noConnections.value.next]).toEqual([2, null]);
  });
  it('INVALID_INPUT: a cursor answers only the query that gave it — another project, state, company, team or item is refused, not read as a position', async () => {
    const { service } = setup({ approval: 'automatic' });
    for (const [id, project, actor] of [['cn-a', 'tower-electric', 'sam'], ['cn-b', 'tower-plumbing', 'pia'], ['cn-c', 'tower-steel', 'stu']] as const) {
      expect((await service.requestConnection(request(actor, project, { connectionId: id }))).ok).toBe(true);
    }
    const first = await service.projectConnections({ projectId: 'tower', limit: 1 });
    const next = first.ok ? first.value.next : null;
    expect(next).not.toBeNull();
    // Its own query goes on from it.
    const second = await service.projectConnections({ projectId: 'tower', limit: 1, after: next! });
    expect(second.ok && second.value.items.map((s) => s.connection.id)).toHaveLength(1);
    const refused = [
      await service.projectConnections({ projectId: 'tower-electric', limit: 1, after: next! }),
      await service.connectionsInState({ state: 'connected', limit: 1, after: next! }),
      await service.inventory({ companyId: 'build-co', limit: 1, after: next! }),
      await service.itemCopies({ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-101', after: next! }),
    ];
    const inventory = await service.inventory({ companyId: 'build-co', limit: 1 });
    const inventoryNext = inventory.ok ? inventory.value.next : null;
    expect(inventoryNext).not.toBeNull();
    refused.push(await service.inventory({ companyId: 'electric-co', limit: 1, after: inventoryNext! }), await service.projectConnections({ projectId: 'tower', after: inventoryNext! }));
    for (const r of refused) {
      expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
      expect(!r.ok && r.error.code === 'INVALID_INPUT' && r.error.details.issues[0]?.path).toEqual(['input', 'after']);
    }
  });
});
