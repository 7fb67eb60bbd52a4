import { describe, expect, it } from 'vitest';
import { createInMemoryStorage, type InMemoryStorage } from '../../src/adapters/memory/index.js';
import type { StoragePort } from '../../src/ports/storage.js';
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
    expect(!r.ok && r.error.code === 'CONCURRENT_MODIFICATION' && r.error.details).toEqual({ attempts: 3, records: ['ledger:tower-electric'] });
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

  it('PORT_UNAVAILABLE: a commit refusal without its conflicts is a malformed answer, not a version conflict', async () => {
    const base = createInMemoryStorage();
    const odd = { ...base, snapshot: () => base.snapshot(), commit: async () => ({ ok: false }) } as unknown as InMemoryStorage;
    const { service } = setup({ storage: odd });
    const r = await service.requestConnection(requestTower());
    expect(!r.ok && r.error.code).toBe('PORT_UNAVAILABLE');
    expect(base.snapshot().records).toEqual([]);
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
});
