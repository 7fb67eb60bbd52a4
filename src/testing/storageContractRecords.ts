import type { CommitRequest, StoragePort } from '../ports/storage.js';
import { check, same } from './contractAssert.js';
import { peekOutbox } from './storageContractHelpers.js';
import type { StorageContractCase } from './storageContract.js';

const EMPTY: CommitRequest = { expected: [], writes: [], events: [], outbox: [] };
const commit = (storage: StoragePort, request: Partial<CommitRequest>) => storage.commit({ ...EMPTY, ...request });
const put = (key: string, version: number, data: unknown): Partial<CommitRequest> => ({ expected: [{ key, version }], writes: [{ key, data }] });

async function mustCommit(storage: StoragePort, request: Partial<CommitRequest>, what: string): Promise<void> {
  const r = await commit(storage, request);
  check(r.ok, `${what}: expected the commit to succeed, got conflicts ${JSON.stringify(r.ok ? [] : r.conflicts)}`);
}

async function versionOf(storage: StoragePort, key: string): Promise<number> {
  const [record] = await storage.load([key]);
  return record?.version ?? -1;
}

/** Awkward but valid JSON data: the adapter must give it back unchanged. */
const RICH_DATA = {
  text: 'quote " backslash \\ newline \n tab \t',
  unicode: 'é – 漢字 😀',
  numbers: [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER],
  flags: [true, false, null],
  nested: { list: [{ a: 1 }, [2, [3]]], empty: {}, none: [] },
  'key with spaces': 'and:colons',
};

/**
 * Internal: the contract cases about records, conflicts, lists and histories (SPEC §8).
 * @internal
 */
export const recordCases: readonly StorageContractCase[] = [
  {
    name: '§8 load: a key never written has version 0 and data null, answered in the order asked',
    run: async (storage) => {
      await mustCommit(storage, put('item:b', 0, { n: 1 }), 'create item:b');
      const records = await storage.load(['item:c', 'item:b', 'item:a', 'item:b']);
      same(
        records.map((r) => [r.key, r.version, r.data]),
        [['item:c', 0, null], ['item:b', 1, { n: 1 }], ['item:a', 0, null], ['item:b', 1, { n: 1 }]],
        'load',
      );
      same(await storage.load([]), [], 'load of no key');
    },
  },
  {
    name: '§8 commit: creating a record (expected 0) gives version 1 and each update adds 1',
    run: async (storage) => {
      await mustCommit(storage, put('item:1', 0, { step: 1 }), 'create');
      await mustCommit(storage, put('item:1', 1, { step: 2 }), 'first update');
      await mustCommit(storage, put('item:1', 2, { step: 3 }), 'second update');
      same(await storage.load(['item:1']), [{ key: 'item:1', version: 3, data: { step: 3 } }], 'record after three commits');
    },
  },
  {
    name: '§8 commit: a write without an expected version continues from the stored version',
    run: async (storage) => {
      await mustCommit(storage, { writes: [{ key: 'item:1', data: 'a' }] }, 'blind create');
      await mustCommit(storage, { writes: [{ key: 'item:1', data: 'b' }] }, 'blind update');
      same(await storage.load(['item:1']), [{ key: 'item:1', version: 2, data: 'b' }], 'record after two blind writes');
    },
  },
  {
    name: '§8 commit: two writes of one key in one commit store the last data and bump the version once',
    run: async (storage) => {
      await mustCommit(storage, { expected: [{ key: 'item:twice', version: 0 }], writes: [{ key: 'item:twice', data: 'first' }, { key: 'item:twice', data: 'last' }] }, 'two writes of one key');
      same(await storage.load(['item:twice']), [{ key: 'item:twice', version: 1, data: 'last' }], 'record after two writes in one commit');
    },
  },
  {
    name: '§8 commit: a commit of many keys (a publish\'s fan-out) bumps each one from its own expected version, twice-written keys once',
    run: async (storage) => {
      const keys = Array.from({ length: 40 }, (_, i) => `item:fan-${i}`);
      await mustCommit(storage, { expected: keys.map((key) => ({ key, version: 0 })), writes: keys.map((key) => ({ key, data: 'v1' })) }, 'the first fan-out');
      const odd = keys.filter((_, i) => i % 2 === 1);
      await mustCommit(storage, { expected: odd.map((key) => ({ key, version: 1 })), writes: [...odd.map((key) => ({ key, data: 'v2' })), ...odd.map((key) => ({ key, data: 'v2 again' }))] }, 'the second fan-out');
      const loaded = await storage.load(keys);
      const wrong = keys.flatMap((key, i) => {
        const want = i % 2 === 1 ? { version: 2, data: 'v2 again' } : { version: 1, data: 'v1' };
        const got = loaded[i];
        return got?.version === want.version && got.data === want.data ? [] : [`${key}: expected version ${want.version} with ${JSON.stringify(want.data)}, got ${got?.version} with ${JSON.stringify(got?.data)}`];
      });
      same(wrong, [], 'keys of the fan-out with the wrong version or data (each key written gets one new version, from its own expected one; the last write wins)');
    },
  },
  {
    name: '§8 commit: record data and events come back as they were written (JSON values)',
    run: async (storage) => {
      await mustCommit(storage, { ...put('item:rich', 0, RICH_DATA), events: [{ stream: 'item:rich', events: [RICH_DATA, 'text', 7, null] }] }, 'rich data');
      same((await storage.load(['item:rich']))[0]?.data, RICH_DATA, 'record data');
      same(await storage.history('item:rich'), [RICH_DATA, 'text', 7, null], 'events');
    },
  },
  {
    name: '§8 commit: objects come back with their keys in the order written (records, events, outbox payloads, receipts)',
    run: async (storage) => {
      // Not the order a jsonb column would give back (shorter keys first, then byte order).
      const data = { zeta: 1, beta: { yy: 2, x: 3 }, alpha: [{ longer: 4, k: 5 }] };
      const order = (value: unknown): string => JSON.stringify(value);
      await mustCommit(
        storage,
        {
          ...put('item:ordered', 0, data),
          events: [{ stream: 'item:ordered', events: [data] }],
          outbox: [{ id: 'ob:ordered', kind: 'notification', payload: data, availableAt: 0 }],
          receipt: { key: 'cmd:ordered', fingerprint: 'fp', outcome: data, at: 1 },
        },
        'ordered data',
      );
      check(order((await storage.load(['item:ordered']))[0]?.data) === order(data), 'record data keeps its key order');
      check(order((await storage.history('item:ordered'))[0]) === order(data), 'an event keeps its key order');
      const [item] = await peekOutbox(storage, 0, 10);
      check(order(item?.payload) === order(data), 'an outbox payload keeps its key order');
      check(order((await storage.receipt('cmd:ordered'))?.outcome) === order(data), 'a receipt outcome keeps its key order');
    },
  },
  {
    name: '§8 commit: a stale expected version is a conflict naming the key, and nothing at all is written',
    run: async (storage) => {
      await mustCommit(storage, put('item:1', 0, 'v1'), 'create');
      await mustCommit(storage, put('item:1', 1, 'v2'), 'update');
      const r = await commit(storage, {
        expected: [{ key: 'item:1', version: 1 }, { key: 'item:2', version: 0 }],
        writes: [{ key: 'item:1', data: 'lost' }, { key: 'item:2', data: 'lost', index: [{ index: 'by_n', term: 'x', order: 1 }] }],
        events: [{ stream: 'item:1', events: ['lost'] }],
        outbox: [{ id: 'out:lost', kind: 'notification', payload: {}, availableAt: 0 }],
        receipt: { key: 'cmd:lost', fingerprint: 'f', outcome: 'lost', at: 0 },
      });
      same(r, { ok: false, conflicts: ['item:1'] }, 'commit on a stale version');
      same((await storage.load(['item:1', 'item:2'])).map((x) => [x.version, x.data]), [[2, 'v2'], [0, null]], 'records');
      same(await storage.history('item:1'), [], 'history');
      same(await peekOutbox(storage, Number.MAX_SAFE_INTEGER, 10), [], 'outbox');
      same((await storage.query({ index: 'by_n', term: 'x', limit: 10 })).records, [], 'index entries');
      check((await storage.receipt('cmd:lost')) === undefined, 'the receipt of a conflicting commit must not be stored');
    },
  },
  {
    name: '§8 commit: expecting version 0 for a key that exists is a conflict (insert-if-absent)',
    run: async (storage) => {
      await mustCommit(storage, put('item:1', 0, 'first'), 'create');
      same(await commit(storage, put('item:1', 0, 'second')), { ok: false, conflicts: ['item:1'] }, 'second creation');
      same((await storage.load(['item:1']))[0]?.data, 'first', 'data');
    },
  },
  {
    name: '§8 commit: a record only read (expected, not written) that moved is a conflict',
    run: async (storage) => {
      await mustCommit(storage, put('ledger:p', 0, { open: null }), 'create ledger');
      await mustCommit(storage, put('ledger:p', 1, { open: 'cn-1' }), 'move ledger');
      const r = await commit(storage, { expected: [{ key: 'ledger:p', version: 1 }, { key: 'item:x', version: 0 }], writes: [{ key: 'item:x', data: 1 }] });
      same(r, { ok: false, conflicts: ['ledger:p'] }, 'commit depending on a stale read');
      check((await versionOf(storage, 'item:x')) === 0, 'item:x must not be written');
    },
  },
  {
    name: '§8 commit: one stale key among several writes none of them',
    run: async (storage) => {
      await mustCommit(storage, { writes: ['a', 'b', 'c'].map((k) => ({ key: `item:${k}`, data: 1 })) }, 'create three');
      await mustCommit(storage, put('item:c', 1, 2), 'move item:c');
      const r = await commit(storage, {
        expected: ['a', 'b', 'c'].map((k) => ({ key: `item:${k}`, version: 1 })),
        writes: ['a', 'b', 'c'].map((k) => ({ key: `item:${k}`, data: 'all' })),
      });
      same(r, { ok: false, conflicts: ['item:c'] }, 'commit with one stale key');
      same((await storage.load(['item:a', 'item:b', 'item:c'])).map((x) => x.version), [1, 1, 2], 'versions');
    },
  },
  {
    name: '§8 history: a stream’s events in the order appended, across commits and within one',
    run: async (storage) => {
      await mustCommit(storage, { events: [{ stream: 's:1', events: [1, 2] }, { stream: 's:2', events: ['x'] }, { stream: 's:1', events: [3] }] }, 'first commit');
      await mustCommit(storage, { events: [{ stream: 's:1', events: [4, { five: 5 }] }] }, 'second commit');
      same(await storage.history('s:1'), [1, 2, 3, 4, { five: 5 }], 'history of s:1');
      same(await storage.history('s:2'), ['x'], 'history of s:2');
      same(await storage.history('s:none'), [], 'history of an unknown stream');
    },
  },
];
