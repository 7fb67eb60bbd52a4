import type { CommitRequest, IndexEntry, StoragePort } from '../ports/storage.js';
import { check, same } from './contractAssert.js';
import type { StorageContractCase } from './storageContract.js';

const EMPTY: CommitRequest = { expected: [], writes: [], events: [], outbox: [] };
const entry = (term: string, order: number, index = 'by_project'): IndexEntry => ({ index, term, order });
const write = (key: string, data: unknown, index?: readonly IndexEntry[]) => (index === undefined ? { key, data } : { key, data, index });

async function mustCommit(storage: StoragePort, request: Partial<CommitRequest>, what: string): Promise<void> {
  const r = await storage.commit({ ...EMPTY, ...request });
  check(r.ok, `${what}: expected the commit to succeed, got ${JSON.stringify(r)}`);
}

async function keysOf(storage: StoragePort, query: Parameters<StoragePort['query']>[0]): Promise<string[]> {
  return (await storage.query(query)).records.map((r) => r.key);
}

/** Reads every page of a query, `limit` at a time. */
async function allPages(storage: StoragePort, query: Omit<Parameters<StoragePort['query']>[0], 'after'>): Promise<string[]> {
  const keys: string[] = [];
  let page = await storage.query(query);
  for (let guard = 0; guard < 1000; guard += 1) {
    keys.push(...page.records.map((r) => r.key));
    if (page.next === null) return keys;
    page = await storage.query({ ...query, after: page.next });
  }
  throw new Error('the pages never ended');
}

/**
 * Internal: the contract cases about secondary indexes (SPEC §8, issue 12): what a commit's index
 * entries make a query read, in which order, and how pages continue.
 * @internal
 */
export const indexCases: readonly StorageContractCase[] = [
  {
    name: '§8 query: the records of one term in (order, key) order, with their current version and data',
    run: async (storage) => {
      await mustCommit(
        storage,
        {
          writes: [
            write('connection:b', 'B', [entry('tower', 20)]),
            write('connection:a', 'A', [entry('tower', 20), entry('sub', 5)]),
            write('connection:c', 'C', [entry('tower', 10)]),
            write('connection:d', 'D', [entry('other', 1)]),
            write('connection:e', 'E'),
          ],
        },
        'create records',
      );
      same(await keysOf(storage, { index: 'by_project', term: 'tower', limit: 10 }), ['connection:c', 'connection:a', 'connection:b'], 'tower');
      same(await keysOf(storage, { index: 'by_project', term: 'sub', limit: 10 }), ['connection:a'], 'sub');
      same(await keysOf(storage, { index: 'by_project', term: 'nobody', limit: 10 }), [], 'an unused term');
      same(await keysOf(storage, { index: 'by_company', term: 'tower', limit: 10 }), [], 'another index');
      await mustCommit(storage, { expected: [{ key: 'connection:a', version: 1 }], writes: [{ key: 'connection:a', data: 'A2' }] }, 'update connection:a');
      same((await storage.query({ index: 'by_project', term: 'sub', limit: 10 })).records, [{ key: 'connection:a', version: 2, data: 'A2' }], 'a record as it now stands');
    },
  },
  {
    name: '§8 query: `from` and `to` bound the order (both inclusive), `limit` the page, and `next` continues it',
    run: async (storage) => {
      await mustCommit(storage, { writes: Array.from({ length: 9 }, (_, i) => write(`due:${i}`, i, [entry('', i * 10, 'deadline')])) }, 'create');
      same(await keysOf(storage, { index: 'deadline', term: '', to: 30, limit: 100 }), ['due:0', 'due:1', 'due:2', 'due:3'], 'due at 30');
      same(await keysOf(storage, { index: 'deadline', term: '', from: 25, to: 55, limit: 100 }), ['due:3', 'due:4', 'due:5'], 'between 25 and 55');
      const first = await storage.query({ index: 'deadline', term: '', limit: 4 });
      same(first.records.map((r) => r.key), ['due:0', 'due:1', 'due:2', 'due:3'], 'first page');
      check(first.next !== null, 'a page followed by more must give a cursor');
      same(await allPages(storage, { index: 'deadline', term: '', limit: 4 }), Array.from({ length: 9 }, (_, i) => `due:${i}`), 'every page');
      same((await storage.query({ index: 'deadline', term: '', limit: 9 })).next, null, 'a last page has no cursor');
      same(await allPages(storage, { index: 'deadline', term: '', from: 20, to: 60, limit: 2 }), ['due:2', 'due:3', 'due:4', 'due:5', 'due:6'], 'bounded pages');
    },
  },
  {
    name: '§8 query: a write with `index` replaces the record’s entries, one without keeps them, data null removes them',
    run: async (storage) => {
      await mustCommit(storage, { writes: [write('connection:x', 1, [entry('pending', 1, 'by_state'), entry('tower', 1)])] }, 'create');
      await mustCommit(storage, { writes: [write('connection:x', 2, [entry('connected', 2, 'by_state'), entry('tower', 1)])] }, 'change state');
      same(await keysOf(storage, { index: 'by_state', term: 'pending', limit: 10 }), [], 'old state');
      same(await keysOf(storage, { index: 'by_state', term: 'connected', limit: 10 }), ['connection:x'], 'new state');
      await mustCommit(storage, { writes: [write('connection:x', 3)] }, 'write without index');
      same(await keysOf(storage, { index: 'by_state', term: 'connected', limit: 10 }), ['connection:x'], 'entries kept');
      await mustCommit(storage, { writes: [write('connection:x', 4, [])] }, 'write with no entries');
      same(await keysOf(storage, { index: 'by_project', term: 'tower', limit: 10 }), [], 'entries removed');
      await mustCommit(storage, { writes: [write('connection:y', 1, [entry('tower', 1)])] }, 'create y');
      await mustCommit(storage, { writes: [write('connection:y', null)] }, 'delete y');
      same(await keysOf(storage, { index: 'by_project', term: 'tower', limit: 10 }), [], 'a deleted record has no entries');
    },
  },
  {
    name: '§8 query: writes of one key in one commit apply in order: a delete drops the entries, a later write without `index` has none',
    run: async (storage) => {
      await mustCommit(storage, { writes: [write('b:1', 'old', [entry('t:1', 0, 'i')])] }, 'create');
      await mustCommit(storage, { writes: [write('b:1', null, [entry('t:1', 0, 'i')]), write('b:1', false)] }, 'delete then write in one commit');
      same(await keysOf(storage, { index: 'i', term: 't:1', limit: 10 }), [], 'no entries after the delete');
      await mustCommit(storage, { writes: [write('b:2', null, [entry('t:2', 0, 'i')]), write('b:2', 1)] }, 'delete then write of a new key');
      same(await keysOf(storage, { index: 'i', term: 't:2', limit: 10 }), [], 'no entries for the new key');
      await mustCommit(storage, { writes: [write('b:3', 1, [entry('t:3', 0, 'i')]), write('b:3', 2)] }, 'write then write without index');
      same(await keysOf(storage, { index: 'i', term: 't:3', limit: 10 }), ['b:3'], 'entries of the earlier write stay');
    },
  },
  {
    name: '§8 query: keys of equal order compare in code point order (astral characters after U+FFFF)',
    run: async (storage) => {
      const keys = ['k:\uFFFD', 'k:😀', 'k:a', 'k:Z', 'k:é'];
      await mustCommit(storage, { writes: keys.map((k) => write(k, k, [entry('t', 1)])) }, 'create');
      same(await keysOf(storage, { index: 'by_project', term: 't', limit: 10 }), ['k:Z', 'k:a', 'k:é', 'k:\uFFFD', 'k:😀'], 'order');
      same(await allPages(storage, { index: 'by_project', term: 't', limit: 1 }), ['k:Z', 'k:a', 'k:é', 'k:\uFFFD', 'k:😀'], 'order across pages');
    },
  },
];
