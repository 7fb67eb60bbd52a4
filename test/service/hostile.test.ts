import { describe, expect, it } from 'vitest';
import { createInMemoryDirectory, createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { manualClock } from '../../src/ports/clock.js';
import { createConnectionService } from '../../src/service/index.js';
import { revokedProxy, throwingGetter } from '../support/hostile.js';
import { MIN, setup, storyData, T0 } from './fixtures.js';

const request = (overrides: Record<string, unknown> = {}) => ({
  actorId: 'sam',
  connectionId: 'cn-1',
  upstreamProjectId: 'tower',
  downstreamProjectId: 'tower-electric',
  dataTypes: ['drawings'],
  ...overrides,
});

describe('hostile review holes (issue 15)', () => {
  it('§7 INVALID_INPUT: NUL and lone surrogates in ids, idempotency keys and reasons are refused at once, nothing written', async () => {
    const { service, storage } = setup();
    const bad = ['a\u0000b', 'x\uD800', '\uDC00y', 'ok\uDBFFz'];
    for (const text of bad) {
      for (const input of [request({ connectionId: text }), request({ downstreamProjectId: text }), request({ actorId: text }), request({ idempotencyKey: text })]) {
        const r = await service.requestConnection(input);
        expect(r.ok ? 'ok' : r.error.code, JSON.stringify(input)).toBe('INVALID_INPUT');
      }
    }
    expect(storage.snapshot().records).toEqual([]);
    expect((await service.requestConnection(request())).ok).toBe(true);
    const before = storage.snapshot();
    for (const text of bad) {
      const d = await service.disconnectConnection({ actorId: 'gina', connectionId: 'cn-1', reason: text });
      expect(d.ok ? 'ok' : d.error.code).toBe('INVALID_INPUT');
      const p = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: text, revision: 1 }] });
      expect(p.ok ? 'ok' : p.error.code).toBe('INVALID_INPUT');
    }
    // A well-formed surrogate pair is text like any other.
    expect((await service.declineConnection({ actorId: 'gina', connectionId: 'cn-1', reason: 'wrong site 🏗️' })).ok).toBe(true);
    expect(storage.snapshot().records.length).toBe(before.records.length);
  });

  it('§7 INVALID_INPUT: the service names the input field, for its schema\'s errors and the decision\'s alike; nothing written', async () => {
    const { service, storage } = setup();
    const paths = async (dataTypes: unknown[]) => {
      const r = await service.requestConnection({ actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes } as never);
      return !r.ok && r.error.code === 'INVALID_INPUT' ? r.error.details.issues.map((i) => i.path) : [];
    };
    expect(await paths(['drawings', 'bogus'])).toEqual([['input', 'dataTypes', 1]]);
    expect(await paths([1])).toEqual([['input', 'dataTypes', 0]]);
    expect(storage.snapshot().records).toEqual([]);
  });

  it('C15: an optional field given as undefined means the same as leaving it out, in the answer, the records and the idempotency fingerprint', async () => {
    const a = setup();
    const b = setup();
    const base = { actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] };
    const withUndefined = await a.service.requestConnection({ ...base, connectionId: undefined, endsAt: undefined, idempotencyKey: undefined });
    const omitted = await b.service.requestConnection(base);
    expect(withUndefined.ok && withUndefined).toEqual(omitted);
    expect(a.storage.snapshot().records).toEqual(b.storage.snapshot().records);
    const first = await a.service.declineConnection({ actorId: 'gina', connectionId: 'cn-1', reason: undefined, idempotencyKey: 'k-1' });
    const retry = await a.service.declineConnection({ actorId: 'gina', connectionId: 'cn-1', idempotencyKey: 'k-1' });
    expect(first.ok && retry).toEqual(first); // the same key and payload: the first outcome, not IDEMPOTENCY_CONFLICT
    const page = await a.service.inventory({ companyId: 'build-co', teamId: undefined, after: undefined, limit: undefined });
    expect(page.ok && page.value.items.map((e) => e.id)).toEqual(['cn-1']);
  });

  it('§7 INVALID_INPUT: a revoked Proxy or a throwing getter as input answers INVALID_INPUT (not "retry later"), nothing written', async () => {
    const { service, storage } = setup();
    for (const input of [revokedProxy(), throwingGetter('actorId'), throwingGetter('connectionId'), { ...request(), dataTypes: revokedProxy() }]) {
      for (const method of ['requestConnection', 'approveConnection', 'disconnectConnection', 'inviteExternalTeam', 'publishUpstreamItems', 'connectionSyncStatus'] as const) {
        const r = await (service[method] as (i: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)(input);
        expect(r.ok ? 'ok' : r.error?.code, method).toBe('INVALID_INPUT');
      }
    }
    expect(storage.snapshot().records).toEqual([]);
  });

  it('C16/C13: a clock stepping back (another instance behind) never decides before the last event: the undo window stays closed and events stay in order', async () => {
    const storage = createInMemoryStorage();
    const ahead = manualClock(T0);
    const behind = manualClock(T0);
    let n = 0;
    // Ids unique across the instances sharing the storage, as the ids port requires.
    const make = (clock: ReturnType<typeof manualClock>) =>
      createConnectionService({
        storage,
        directory: createInMemoryDirectory(storyData()),
        notifications: { deliver: async () => undefined },
        sync: { perform: async () => undefined },
        clock,
        ids: { next: (kind) => `${kind}-${(n += 1)}` },
      });
    const a = make(ahead);
    const b = make(behind);
    expect((await a.requestConnection(request())).ok).toBe(true);
    ahead.advance(20 * MIN);
    expect((await a.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    // Instance b reads T0 + 1 min: inside the request's undo window by its clock, 20 minutes after it by the record's.
    behind.set(T0 + MIN);
    const undo = await b.undoConnectionRequest({ actorId: 'sam', connectionId: 'cn-1' });
    expect(undo.ok ? 'ok' : undo.error.code).toBe('UNDO_WINDOW_CLOSED');
    const d = await b.disconnectConnection({ actorId: 'sam', connectionId: 'cn-1', reason: 'done' });
    expect(d.ok ? 'ok' : `${d.error.code} ${d.error.message}`).toBe('ok');
    const history = await a.connectionHistory({ connectionId: 'cn-1' });
    const times = history.ok ? history.value.events.map((e) => e.at) : [];
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times.at(-1)).toBeGreaterThanOrEqual(T0 + 20 * MIN);
  });

  it('C16: within one instance the clock never goes back either (readings are monotonic)', async () => {
    const { service, clock } = setup({ approval: 'automatic' });
    expect((await service.requestConnection(request())).ok).toBe(true);
    clock.advance(20 * MIN);
    expect((await service.connectionHistory({ connectionId: 'cn-1' })).ok).toBe(true);
    clock.set(T0 + MIN);
    const undo = await service.undoConnectionRequest({ actorId: 'sam', connectionId: 'cn-1' });
    expect(undo.ok ? 'ok' : undo.error.code).toBe('UNDO_WINDOW_CLOSED');
  });

  it('N5: the service\'s dispatcher reads the same time as its commands, so a clock stepping back does not hold back what they queued', async () => {
    const { service, clock, notifications } = setup();
    clock.advance(10 * MIN);
    expect((await service.requestConnection(request())).ok).toBe(true);
    clock.set(T0 + MIN);
    const sent = await service.dispatchOutbox();
    expect(sent.ok && sent.value.delivered.length).toBeGreaterThan(0);
    expect(notifications.map((n) => n.event)).toContain('ConnectionRequested');
  });

  it('only billing changes a plan: a team admin cannot move their own team to a larger plan through the service', async () => {
    const { service } = setup();
    expect((await service.syncTeamFromDirectory({ teamId: 'studio' })).ok).toBe(true);
    const self = await service.changeTeamPlan({ actorId: 'hana', teamId: 'studio', plan: 'enterprise' });
    expect(self.ok ? 'ok' : self.error.code).toBe('NOT_AUTHORIZED');
    const usage = await service.teamPlanUsage({ teamId: 'studio' });
    expect(usage.ok && usage.value.plan).toBe('professional');
    const billed = await service.changeTeamPlan({ system: 'billing', teamId: 'studio', plan: 'enterprise' });
    expect(billed.ok && billed.value.team?.plan).toBe('enterprise');
  });

  it('H3: share-id squatting — a team cannot become the host of a shared project the directory gives to another team, or of an id it does not own', async () => {
    const { service, storage } = setup();
    for (const teamId of ['studio', 'client', 'agency']) expect((await service.syncTeamFromDirectory({ teamId })).ok).toBe(true);
    const invite = (sharedProjectId: string) => service.inviteExternalTeam({ actorId: 'max', sharedProjectId, hostTeamId: 'agency', externalTeamId: 'client', contactEmail: 'lea@client.example' });
    const before = storage.snapshot().records.length;
    for (const id of ['brand', 'not-in-the-directory']) {
      const r = await invite(id);
      expect(!r.ok && r.error.code === 'NOT_AUTHORIZED' && r.error.details.failed.map((f) => f.condition)).toEqual(['project_owned_by_team']);
    }
    expect(storage.snapshot().records.length).toBe(before);
    // The owner invites on its own project; the agency on the one it owns.
    expect((await service.inviteExternalTeam({ actorId: 'hana', sharedProjectId: 'brand', hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' })).ok).toBe(true);
    expect((await invite('campaign')).ok).toBe(true);
    // With policy `sharedProjectHosts: 'first_invite'` the first team to invite hosts an unused id.
    const open = setup({ policy: { sharedProjectHosts: 'first_invite' } });
    for (const teamId of ['client', 'agency']) await open.service.syncTeamFromDirectory({ teamId });
    expect((await open.service.inviteExternalTeam({ actorId: 'max', sharedProjectId: 'fresh-id', hostTeamId: 'agency', externalTeamId: 'client', contactEmail: 'lea@client.example' })).ok).toBe(true);
  });

  it('H3: authorization comes first — an invitation for a project the team does not own is NOT_AUTHORIZED whatever else is wrong with it', async () => {
    const { service, storage } = setup();
    for (const teamId of ['studio', 'client', 'agency']) expect((await service.syncTeamFromDirectory({ teamId })).ok).toBe(true);
    const before = storage.snapshot().records.length;
    // The agency inviting itself on the studio's project: SAME_DOMAIN (H1) would tell it the project is shareable.
    const self = await service.inviteExternalTeam({ actorId: 'max', sharedProjectId: 'brand', hostTeamId: 'agency', externalTeamId: 'agency', contactEmail: 'max@agency.example' });
    expect(!self.ok && self.error.code === 'NOT_AUTHORIZED' && self.error.details.failed.map((f) => f.condition)).toEqual(['project_owned_by_team']);
    // Someone who is not an admin of the host team either: both conditions, the decider's first.
    const stranger = await service.inviteExternalTeam({ actorId: 'lea', sharedProjectId: 'brand', hostTeamId: 'agency', externalTeamId: 'client', contactEmail: 'lea@client.example' });
    expect(stranger.ok ? 'ok' : stranger.error.code).toBe('NOT_AUTHORIZED');
    const conditions = !stranger.ok && stranger.error.code === 'NOT_AUTHORIZED' ? stranger.error.details.failed.map((f) => f.condition) : [];
    expect(conditions.at(-1)).toBe('project_owned_by_team');
    expect(conditions.length).toBe(2);
    // What the decider answers before authorization stays first: an unknown team is NOT_FOUND.
    const unknown = await service.inviteExternalTeam({ actorId: 'max', sharedProjectId: 'brand', hostTeamId: 'agency', externalTeamId: 'nobody', contactEmail: 'x@nobody.example' });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('NOT_FOUND');
    expect(storage.snapshot().records.length).toBe(before);
  });
});
