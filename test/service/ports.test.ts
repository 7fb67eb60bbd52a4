import { describe, expect, it } from 'vitest';
import { createInMemoryStorage, type InMemoryStorage } from '../../src/adapters/memory/index.js';
import type { StoragePort } from '../../src/ports/storage.js';
import { templateId } from '../../src/core/ids.js';
import type { PermissionTemplate } from '../../src/permissions/template-data.js';
import { levelTemplate } from '../../src/testing/serviceWorld.js';
import { setup, storyData } from './fixtures.js';

const requestTower = (connectionId = 'cn-1') => ({ actorId: 'sam', connectionId, upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });

/** A storage whose `method` throws, the rest delegating to `base`. */
function failing(base: InMemoryStorage, method: keyof StoragePort, error: unknown = new Error('connection refused')): InMemoryStorage {
  return {
    ...base,
    snapshot: () => base.snapshot(),
    [method]: () => {
      throw error;
    },
  } as InMemoryStorage;
}

describe('service: honest port errors (issue 12)', () => {
  it.each(['load', 'commit'] as const)('PORT_UNAVAILABLE: a storage whose %s throws answers PORT_UNAVAILABLE naming the storage, retryable, and nothing is written', async (method) => {
    const base = createInMemoryStorage();
    const { service } = setup({ storage: failing(base, method) });
    const r = await service.requestConnection(requestTower());
    expect(!r.ok && r.error.code).toBe('PORT_UNAVAILABLE');
    expect(!r.ok && r.error.code === 'PORT_UNAVAILABLE' && r.error.details).toMatchObject({ port: 'storage', cause: 'connection refused', retryable: true });
    expect(base.snapshot().records).toEqual([]);
    expect(base.snapshot().outbox).toEqual([]);
  });

  it('PORT_UNAVAILABLE: the details say whether the commit may have applied (committed: no before any commit, unknown once a commit threw)', async () => {
    const base = createInMemoryStorage();
    const load = await setup({ storage: failing(base, 'load') }).service.requestConnection(requestTower());
    expect(!load.ok && load.error.code === 'PORT_UNAVAILABLE' && load.error.details.committed).toBe('no');
    const commit = await setup({ storage: failing(base, 'commit') }).service.requestConnection(requestTower());
    expect(!commit.ok && commit.error.code === 'PORT_UNAVAILABLE' && commit.error.details.committed).toBe('unknown');
    expect(!commit.ok && commit.error.message).toContain('may have been applied');
  });

  it('PORT_UNAVAILABLE: a commit that throws an error marked committed: false is known not applied: committed no, no receipt read, "Nothing was written"', async () => {
    const base = createInMemoryStorage();
    let receipts = 0;
    const refused = Object.assign(new Error('function pc_commit(jsonb) does not exist'), { committed: false });
    const storage = { ...failing(base, 'commit', refused), receipt: (key: string) => ((receipts += 1), base.receipt(key)) } as InMemoryStorage;
    const r = await setup({ storage }).service.requestConnection({ ...requestTower(), idempotencyKey: 'k-1' });
    expect(!r.ok && r.error.code === 'PORT_UNAVAILABLE' && r.error.details).toMatchObject({ port: 'storage', committed: 'no', retryable: true });
    expect(!r.ok && r.error.message).toContain('Nothing was written');
    expect(receipts).toBe(0);
    expect(base.snapshot().records).toEqual([]);
  });

  it.each(['load', 'commit'] as const)('PORT_UNAVAILABLE: a %s failure marked retryable: false (a missing grant, a schema never migrated) is answered at once, not retried, and says retryable: false', async (method) => {
    const base = createInMemoryStorage();
    let calls = 0;
    const denied = Object.assign(new Error('permission denied for table pc_records'), { committed: false, retryable: false });
    const storage = {
      ...base,
      snapshot: () => base.snapshot(),
      [method]: () => {
        calls += 1;
        throw denied;
      },
    } as InMemoryStorage;
    const r = await setup({ storage }).service.requestConnection(requestTower());
    expect(!r.ok && r.error.code === 'PORT_UNAVAILABLE' && r.error.details).toMatchObject({ port: 'storage', attempts: 1, committed: 'no', retryable: false });
    expect(!r.ok && r.error.message).not.toContain('retry later');
    expect(calls).toBe(1);
    expect(base.snapshot().records).toEqual([]);
  });

  it('PORT_UNAVAILABLE: a rejected promise, a thrown non-Error and a malformed answer are port failures too', async () => {
    const base = createInMemoryStorage();
    const rejecting = { ...base, snapshot: () => base.snapshot(), load: () => Promise.reject('timeout') } as InMemoryStorage;
    const garbage = { ...base, snapshot: () => base.snapshot(), load: async () => 'not records' } as unknown as InMemoryStorage;
    for (const storage of [rejecting, garbage]) {
      const { service } = setup({ storage });
      const r = await service.requestConnection(requestTower());
      expect(!r.ok && r.error.code).toBe('PORT_UNAVAILABLE');
    }
    expect(base.snapshot().records).toEqual([]);
  });

  it('PORT_UNAVAILABLE: a failing query answers PORT_UNAVAILABLE, not an empty page', async () => {
    const { service } = setup({ storage: failing(createInMemoryStorage(), 'query') });
    const r = await service.projectConnections({ projectId: 'tower' });
    expect(!r.ok && r.error.code).toBe('PORT_UNAVAILABLE');
  });

  it('PORT_UNAVAILABLE: a directory that throws is named as the directory', async () => {
    const { service, directory, storage } = setup();
    (directory as { projects: unknown }).projects = async () => {
      throw new Error('LDAP down');
    };
    const r = await service.requestConnection(requestTower());
    expect(!r.ok && r.error.code === 'PORT_UNAVAILABLE' && r.error.details.port).toBe('directory');
    expect(storage.snapshot().records).toEqual([]);
  });

  it('PORT_UNAVAILABLE: an ids port that draws an id already in use is the ids port failing, not INVALID_INPUT at a field the caller never sent', async () => {
    let drawn = 0;
    // Receipt keys (kind `command`) stay unique; every connection and share id drawn is "same".
    const { service, storage } = setup({ ids: { next: (kind) => (kind === 'command' ? `command-${(drawn += 1)}` : 'same') } });
    expect((await service.syncTeamFromDirectory({ teamId: 'studio' })).ok).toBe(true);
    expect((await service.syncTeamFromDirectory({ teamId: 'client' })).ok).toBe(true);
    expect((await service.requestConnection({ actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] })).ok).toBe(true);
    const invite = { actorId: 'hana', sharedProjectId: 'brand', hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' };
    expect((await service.inviteExternalTeam(invite)).ok).toBe(true);
    const before = storage.snapshot();
    const again = await service.requestConnection({ actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: 'tower-plumbing', dataTypes: ['drawings'] });
    expect(!again.ok && again.error.code === 'PORT_UNAVAILABLE' && again.error.details).toMatchObject({ port: 'ids', retryable: true });
    const share = await service.inviteExternalTeam({ ...invite, sharedProjectId: 'brand-book' });
    expect(!share.ok && share.error.code === 'PORT_UNAVAILABLE' && share.error.details).toMatchObject({ port: 'ids', retryable: true });
    expect(storage.snapshot()).toEqual(before);
    // An id the caller gives is still the caller's: already used is INVALID_INPUT at that field.
    const given = await service.requestConnection({ actorId: 'sam', connectionId: 'same', upstreamProjectId: 'tower', downstreamProjectId: 'tower-plumbing', dataTypes: ['drawings'] });
    expect(!given.ok && given.error.code === 'INVALID_INPUT' && given.error.details.issues[0]?.path).toEqual(['input', 'connectionId']);
  });

  it('PORT_UNAVAILABLE: a receipt key drawn twice by the ids port is the ids port failing, and the other call\'s receipt is left alone (C15)', async () => {
    const { service, storage } = setup({ ids: { next: () => 'command-1' } });
    expect((await service.syncTeamFromDirectory({ teamId: 'studio' })).ok).toBe(true);
    const before = storage.snapshot();
    const r = await service.syncTeamFromDirectory({ teamId: 'client' });
    expect(!r.ok && r.error.code === 'PORT_UNAVAILABLE' && r.error.details).toMatchObject({ port: 'ids', retryable: true });
    expect(storage.snapshot()).toEqual(before);
  });

  it.each([[null], [42], [{}]])('DATA_CORRUPTED: a directory entry that names no id (%j) is corrupted, never skipped as someone else\'s (which made the actor unknown: NOT_AUTHORIZED)', async (entry) => {
    const { service, directory, storage } = setup();
    (directory as { users: unknown }).users = async () => [entry];
    const r = await service.requestConnection(requestTower());
    expect(!r.ok && r.error.code === 'DATA_CORRUPTED' && r.error.details.key).toBe('directory:user:?');
    expect(storage.snapshot().records).toEqual([]);
  });

  it('DATA_CORRUPTED: a directory entry that does not validate names its directory key, and the message says it is the directory\'s', async () => {
    const { service, directory, storage } = setup();
    const projects = directory.projects.bind(directory);
    (directory as { projects: unknown }).projects = async (ids: Parameters<typeof projects>[0]) => (await projects(ids)).map((p) => (p.projectId === 'tower' ? { ...p, members: 'everyone' } : p));
    const r = await service.requestConnection(requestTower());
    expect(!r.ok && r.error.code === 'DATA_CORRUPTED' && r.error.details.key).toBe('directory:project:tower');
    expect(!r.ok && r.error.message).toMatch(/^The directory's project entry "tower" does not validate/);
    expect(storage.snapshot().records).toEqual([]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e308, -1, 1.5])('PORT_UNAVAILABLE: a clock reading of %s is a clock failure, never a time', async (reading) => {
    const { service, clock, storage } = setup();
    (clock as { now: () => number }).now = () => reading;
    const r = await service.requestConnection(requestTower());
    expect(!r.ok && r.error.code === 'PORT_UNAVAILABLE' && r.error.details.port).toBe('clock');
    expect(storage.snapshot().records).toEqual([]);
  });

  it('CONCURRENT_MODIFICATION: only a real version conflict, after the bounded retries, names the records', async () => {
    const base = createInMemoryStorage();
    const conflicting = { ...base, snapshot: () => base.snapshot(), commit: async () => ({ ok: false as const, conflicts: ['ledger:tower-electric'] }) } as InMemoryStorage;
    const { service } = setup({ storage: conflicting, policy: { maxAttempts: 3 } });
    const r = await service.requestConnection(requestTower());
    expect(!r.ok && r.error.code).toBe('CONCURRENT_MODIFICATION');
    expect(!r.ok && r.error.code === 'CONCURRENT_MODIFICATION' && r.error.details).toEqual({ attempts: 3, records: ['ledger:tower-electric'], retryable: true });
  });

  it('PORT_UNAVAILABLE: a commit that applied but lost its answer is recognised by its receipt and answered as done', async () => {
    const base = createInMemoryStorage();
    let lost = 1;
    const losing = {
      ...base,
      snapshot: () => base.snapshot(),
      commit: async (request: Parameters<StoragePort['commit']>[0]) => {
        const r = await base.commit(request);
        if (lost-- > 0) throw new Error('socket closed');
        return r;
      },
    } as InMemoryStorage;
    const { service } = setup({ storage: losing });
    const r = await service.requestConnection(requestTower());
    expect(r.ok && r.value.connection?.state).toBe('pending');
    expect(base.snapshot().records.filter((x) => x.key === 'connection:cn-1').map((x) => x.version)).toEqual([1]);
  });

  it.each([['x'], [{}], [0]])('PORT_UNAVAILABLE: after a commit that threw, a receipt read back as %j is a port failure, never an outcome (nothing was written)', async (garbage) => {
    const base = createInMemoryStorage();
    const odd = {
      ...base,
      snapshot: () => base.snapshot(),
      commit: async () => {
        throw new Error('socket closed');
      },
      receipt: async () => garbage,
    } as unknown as InMemoryStorage;
    for (const key of [undefined, 'k-1']) {
      const { service } = setup({ storage: odd });
      const r = await service.requestConnection({ ...requestTower(), ...(key === undefined ? {} : { idempotencyKey: key }) });
      expect(!r.ok && r.error.code).toBe('PORT_UNAVAILABLE');
    }
    expect(base.snapshot().records).toEqual([]);
  });

  it.each([[{ weird: true }], ['x'], [{ ok: false }], [null]])('PORT_UNAVAILABLE: a commit that applied but answered %j is recognised by its receipt on the next attempt and answered as done, never decided again', async (garbage) => {
    for (const key of [undefined, 'k-1']) {
      const base = createInMemoryStorage();
      let odd = 1;
      const applying = {
        ...base,
        snapshot: () => base.snapshot(),
        commit: async (request: Parameters<StoragePort['commit']>[0]) => {
          const r = await base.commit(request);
          return odd-- > 0 ? garbage : r;
        },
      } as unknown as InMemoryStorage;
      const { service } = setup({ storage: applying });
      const r = await service.requestConnection({ ...requestTower(), ...(key === undefined ? {} : { idempotencyKey: key }) });
      expect(r.ok && r.value.connection?.state, `key ${key}`).toBe('pending');
      expect(base.snapshot().records.filter((x) => x.key === 'connection:cn-1').map((x) => x.version)).toEqual([1]);
      expect(base.snapshot().streams['connection:cn-1']).toHaveLength(1);
    }
  });

  it('PORT_UNAVAILABLE: a commit refusal without its conflicts is a malformed answer, not a version conflict', async () => {
    const base = createInMemoryStorage();
    const odd = { ...base, snapshot: () => base.snapshot(), commit: async () => ({ ok: false }) } as unknown as InMemoryStorage;
    const { service } = setup({ storage: odd });
    const r = await service.requestConnection(requestTower());
    expect(!r.ok && r.error.code).toBe('PORT_UNAVAILABLE');
    expect(base.snapshot().records).toEqual([]);
  });
});

/** A storage delegating to `base`, whose `method` answers `garbage` once `spoil` is set. */
function spoilable(base: InMemoryStorage) {
  const spoiled: { method: keyof StoragePort | null; garbage: unknown } = { method: null, garbage: undefined };
  const storage = new Proxy(base, {
    get(target, name, receiver) {
      if (name === spoiled.method) return async () => spoiled.garbage;
      return Reflect.get(target, name, receiver);
    },
  });
  return { storage, spoil: (method: keyof StoragePort, garbage: unknown) => Object.assign(spoiled, { method, garbage }) };
}

/** Every read-only query of the service, on the records of a connected connection, a share and a stored template. */
const QUERIES: readonly (readonly [string, Record<string, unknown>])[] = [
  ['projectConnections', { projectId: 'tower' }],
  ['connectionsInState', { state: 'connected' }],
  ['inventory', { companyId: 'build-co', teamId: 'studio' }],
  ['connectionHistory', { connectionId: 'cn-1' }],
  ['sharedProjectHistory', { shareId: 'sh-1' }],
  ['teamPlanUsage', { teamId: 'studio' }],
  ['connectionSyncStatus', { connectionId: 'cn-1' }],
  ['itemCopies', { upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-101' }],
  ['permissionTemplate', { templateId: 'crew' }],
  ['permissionAssignment', { projectId: 'tower', userId: 'sam' }],
  ['checkPermission', { projectId: 'tower', userId: 'sam', permission: 'drawings.download' }],
];

async function queryWorld() {
  const { storage, spoil } = spoilable(createInMemoryStorage());
  const data = storyData();
  // gina may assign `crew` on tower (P10: her template lists it and holds directory admin).
  const gcAdmin: PermissionTemplate = { ...levelTemplate('gc-admin', { connection_manager: 'admin', drawings: 'admin', directory: 'admin' }), assignable: [templateId('crew'), templateId('viewer')] };
  const templates = data.templates!.map((t) => (t.id === 'gc-admin' ? gcAdmin : t));
  const world = setup({ storage, data: { ...data, templates } });
  const { service } = world;
  for (const r of [
    await service.requestConnection(requestTower()),
    await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' }),
    await service.syncTeamFromDirectory({ teamId: 'studio' }),
    await service.syncTeamFromDirectory({ teamId: 'client' }),
    await service.inviteExternalTeam({ actorId: 'hana', shareId: 'sh-1', sharedProjectId: 'brand', hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' }),
    await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'crew', tools: { drawings: 'read_only' } }),
    await service.assignPermissionTemplate({ actorId: 'gina', projectId: 'tower', userId: 'sam', templateId: 'crew' }),
    await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] }),
  ]) {
    expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
  }
  const ask = (method: string, input: unknown) => (service as unknown as Record<string, (i: unknown) => Promise<{ ok: boolean; error?: { code: string } }>>)[method]!(input);
  return { ask, spoil };
}

describe('service: queries on a storage that answers garbage (issue 12)', () => {
  it('PORT_UNAVAILABLE: every query answers its records on an honest storage (the baseline of the cases below)', async () => {
    const { ask } = await queryWorld();
    for (const [method, input] of QUERIES) expect((await ask(method, input)).ok, method).toBe(true);
  });

  it.each([['x'], [[1, 2]], [{}], [null], [[{ key: 'elsewhere', version: 1, data: null }]]])('PORT_UNAVAILABLE: a load answering %j is a port failure in every query that loads, never NOT_FOUND or a record', async (garbage) => {
    const { ask, spoil } = await queryWorld();
    spoil('load', garbage);
    const codes = new Set<string>();
    for (const [method, input] of QUERIES) {
      const r = await ask(method, input);
      if (!r.ok) codes.add(`${method}:${r.error?.code}`);
    }
    // The queries that read records by key; the index-only ones serve from their page (`query`).
    for (const method of ['connectionHistory', 'sharedProjectHistory', 'teamPlanUsage', 'connectionSyncStatus', 'permissionTemplate', 'permissionAssignment', 'checkPermission']) {
      expect(codes, method).toContain(`${method}:PORT_UNAVAILABLE`);
    }
    for (const c of codes) expect(c).toMatch(/:PORT_UNAVAILABLE$/);
  });

  it.each([['x'], [{}], [{ records: 'x', next: null }], [{ records: [], next: 5 }], [{ records: [], next: {} }], [{ records: [], next: 'zzz' }], [{ records: [], next: { order: Number.NaN, key: 'k' } }], [{ records: [7], next: null }]])(
    'PORT_UNAVAILABLE: a query answering %j is a port failure, never a page or a cursor',
    async (garbage) => {
      const { ask, spoil } = await queryWorld();
      spoil('query', garbage);
      for (const method of ['projectConnections', 'connectionsInState', 'inventory', 'itemCopies']) {
        const input = QUERIES.find(([m]) => m === method)![1];
        const r = await ask(method, input);
        expect(!r.ok && r.error?.code, method).toBe('PORT_UNAVAILABLE');
      }
    },
  );

  it.each([['x'], [{}], [7]])('PORT_UNAVAILABLE: a history answering %j is a port failure, never a list of events', async (garbage) => {
    const { ask, spoil } = await queryWorld();
    spoil('history', garbage);
    for (const method of ['connectionHistory', 'sharedProjectHistory', 'permissionTemplate', 'permissionAssignment']) {
      const r = await ask(method, QUERIES.find(([m]) => m === method)![1]);
      expect(!r.ok && r.error?.code, method).toBe('PORT_UNAVAILABLE');
    }
  });

  it('DATA_CORRUPTED: a history holding something other than the library\'s events names the stream and the event', async () => {
    const { ask, spoil } = await queryWorld();
    spoil('history', [1, 2]);
    const streams: Record<string, string> = { connectionHistory: 'connection:cn-1', sharedProjectHistory: 'share:sh-1', permissionTemplate: 'perm_template:crew', permissionAssignment: 'perm_assignment:tower/sam' };
    for (const [method, stream] of Object.entries(streams)) {
      const r = (await ask(method, QUERIES.find(([m]) => m === method)![1])) as { ok: boolean; error?: { code: string; details: { key: string; issues: { path: unknown[] }[] } } };
      expect(!r.ok && r.error?.code, method).toBe('DATA_CORRUPTED');
      expect(r.error?.details.key, method).toBe(stream);
      expect(r.error?.details.issues[0]?.path[0], method).toBe(0);
    }
  });
});

describe('service: stored records that do not read back (issue 15)', () => {
  it('DATA_CORRUPTED: a command on a malformed stored connection names its key and writes nothing', async () => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [{ key: 'connection:cn-bad', data: { id: 'cn-bad', state: 'sideways' } }], events: [], outbox: [] });
    const { service } = setup({ storage });
    const before = storage.snapshot();
    const r = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-bad' });
    expect(!r.ok && r.error.code).toBe('DATA_CORRUPTED');
    expect(!r.ok && r.error.code === 'DATA_CORRUPTED' && r.error.details.key).toBe('connection:cn-bad');
    expect(storage.snapshot()).toEqual(before);
  });

  it('DATA_CORRUPTED: a list query skips a malformed record, names it, and still serves the others', async () => {
    const { service, storage } = setup();
    expect((await service.requestConnection(requestTower('cn-good'))).ok).toBe(true);
    await storage.commit({
      expected: [],
      writes: [{ key: 'connection:cn-bad', data: { id: 'cn-bad', upstream: 'tower' }, index: [{ index: 'connection_by_project', term: 'tower', order: 0 }] }],
      events: [],
      outbox: [],
    });
    const page = await service.projectConnections({ projectId: 'tower' });
    expect(page.ok && page.value.items.map((s) => s.connection.id)).toEqual(['cn-good']);
    expect(page.ok && page.value.corrupted.map((c) => c.key)).toEqual(['connection:cn-bad']);
  });

  it('DATA_CORRUPTED: a record stored under another id is refused', async () => {
    const { service, storage } = setup();
    expect((await service.requestConnection(requestTower('cn-1'))).ok).toBe(true);
    const [stored] = await storage.load(['connection:cn-1']);
    await storage.commit({ expected: [], writes: [{ key: 'connection:cn-2', data: stored?.data }], events: [], outbox: [] });
    const r = await service.connectionHistory({ connectionId: 'cn-2' });
    expect(!r.ok && r.error.code).toBe('DATA_CORRUPTED');
  });

  it('PORT_UNAVAILABLE: an in-memory directory whose data was refused answers every read with an error naming why, not NOT_FOUND; replace() mends it', async () => {
    const data = storyData();
    const users = data.users ?? [];
    const bad = { ...data, users: [...users, users[0]!] }; // one user twice
    const { service, directory, storage } = setup({ data: bad });
    expect(directory.issues.some((i) => i.startsWith('users'))).toBe(true);
    const r = await service.requestConnection(requestTower());
    expect(!r.ok && r.error.code).toBe('PORT_UNAVAILABLE');
    expect(!r.ok && r.error.code === 'PORT_UNAVAILABLE' && r.error.details).toMatchObject({ port: 'directory', retryable: true });
    expect(!r.ok && String((r.error.details as { cause?: unknown }).cause)).toContain('users');
    expect(storage.snapshot().records).toEqual([]);
    expect(directory.replace(data).ok).toBe(true);
    const again = await service.requestConnection(requestTower());
    expect(again.ok).toBe(true);
  });

  it('N2: an in-memory directory refuses company admins added to a list other than the Connection Manager\'s, as the service would read it (not DATA_CORRUPTED later)', () => {
    const data = storyData();
    const projects = (data.projects ?? []).map((p, i) => (i === 0 ? { ...p, notificationLists: { drawings: { addedCompanyAdmins: [p.members[0]!.userId] } } } : p));
    const { directory } = setup({ data: { ...data, projects } });
    expect(directory.issues.some((i) => i.startsWith('projects.0.notificationLists') && i.includes('N2'))).toBe(true);
    const allowed = (data.projects ?? []).map((p, i) => (i === 0 ? { ...p, notificationLists: { connection_manager: { addedCompanyAdmins: [p.members[0]!.userId] } } } : p));
    expect(directory.replace({ ...data, projects: allowed }).ok).toBe(true);
  });
});
