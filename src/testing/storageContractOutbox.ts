import type { CommitRequest, OutboxItem, StoragePort } from '../ports/storage.js';
import { check, same } from './contractAssert.js';
import type { StorageContractCase } from './storageContract.js';
import { peekOutbox, pendingIds, TEST_OWNER } from './storageContractHelpers.js';

const EMPTY: CommitRequest = { expected: [], writes: [], events: [], outbox: [] };
const item = (id: string, availableAt = 100, kind: OutboxItem['kind'] = 'notification'): OutboxItem => ({ id, kind, payload: { id, to: ['ana'] }, availableAt });
const enqueue = (storage: StoragePort, ...items: OutboxItem[]) => storage.commit({ ...EMPTY, outbox: items });
const ids = pendingIds;
const pending = (item: OutboxItem, attempts = 0, lastError: string | null = null, enqueuedAt = item.availableAt) => ({ ...item, attempts, lastError, enqueuedAt });

/**
 * Internal: the contract cases about idempotency receipts (C15) and the outbox (N5, S6).
 * @internal
 */
export const outboxCases: readonly StorageContractCase[] = [
  {
    name: 'C15 receipt: stored with its commit and returned as given; an unknown key has none',
    run: async (storage) => {
      const receipt = { key: 'cmd:1', fingerprint: 'fp-1', outcome: { ok: true, value: { id: 'cn-1' } }, at: 1_700_000_000_000 };
      same(await storage.commit({ ...EMPTY, writes: [{ key: 'item:1', data: 1 }], receipt }), { ok: true }, 'commit with a receipt');
      same(await storage.receipt('cmd:1'), { fingerprint: 'fp-1', outcome: { ok: true, value: { id: 'cn-1' } }, at: 1_700_000_000_000 }, 'receipt');
      check((await storage.receipt('cmd:other')) === undefined, 'an unknown idempotency key must have no receipt');
    },
  },
  {
    name: 'C15 receipt: a second receipt for the same key is a conflict and writes nothing',
    run: async (storage) => {
      const receipt = { key: 'cmd:1', fingerprint: 'fp-1', outcome: 'first', at: 1 };
      same(await storage.commit({ ...EMPTY, receipt }), { ok: true }, 'first commit');
      const second = await storage.commit({
        ...EMPTY,
        writes: [{ key: 'item:1', data: 'lost' }],
        events: [{ stream: 'item:1', events: ['lost'] }],
        outbox: [item('out:lost', 0)],
        receipt: { ...receipt, fingerprint: 'fp-2', outcome: 'second' },
      });
      check(
        !second.ok && second.conflicts.includes('receipt:cmd:1'),
        `a second receipt for cmd:1 must be a conflict named "receipt:cmd:1" (the service replays the first outcome by it), got ${JSON.stringify(second)}`,
      );
      same((await storage.receipt('cmd:1'))?.outcome, 'first', 'the first outcome stays');
      same((await storage.load(['item:1']))[0]?.version, 0, 'version of item:1');
      same(await storage.history('item:1'), [], 'history of item:1');
      same(await ids(storage, 1_000), [], 'outbox');
    },
  },
  {
    name: 'N5/S6 outbox: claimable items oldest first, at most `limit`, none before its availableAt',
    run: async (storage) => {
      await enqueue(storage, item('out:1', 100), item('out:2', 300), item('out:3', 100, 'sync'));
      await enqueue(storage, item('out:4', 50));
      same(await ids(storage, 99), ['out:4'], 'pending at 99');
      same(await ids(storage, 100), ['out:1', 'out:3', 'out:4'], 'pending at 100');
      same(await ids(storage, 100, 2), ['out:1', 'out:3'], 'pending at 100, limit 2');
      same(await ids(storage, 100, 0), [], 'pending with limit 0');
      same(await ids(storage, 1_000), ['out:1', 'out:2', 'out:3', 'out:4'], 'pending at 1000');
      const [first] = await peekOutbox(storage, 1_000, 1);
      same(first, pending(item('out:1', 100)), 'a claimed item');
    },
  },
  {
    name: 'N5 outbox times: an item committed at NaN is never due, one at Infinity only at Infinity; a NaN now finds nothing',
    run: async (storage) => {
      same(await enqueue(storage, item('out:nan', Number.NaN), item('out:inf', Number.POSITIVE_INFINITY), item('out:1', 1)), { ok: true }, 'enqueue');
      same(await ids(storage, Number.MAX_VALUE), ['out:1'], 'pending at Number.MAX_VALUE');
      same(await ids(storage, Number.POSITIVE_INFINITY), ['out:inf', 'out:1'], 'pending at Infinity (commit order)');
      same(await ids(storage, Number.NaN), [], 'pending at NaN');
    },
  },
  {
    name: 'N5/S6 outbox: an id is queued once, across commits and within one commit',
    run: async (storage) => {
      await enqueue(storage, item('out:1', 100), item('out:2', 100), { ...item('out:1', 5), payload: 'duplicate' });
      await enqueue(storage, { ...item('out:2', 5), payload: 'again' }, item('out:3', 100));
      const queued = await peekOutbox(storage, 1_000, 100);
      same(queued.map((i) => [i.id, i.availableAt]), [['out:1', 100], ['out:2', 100], ['out:3', 100]], 'pending items');
      same(queued[0]?.payload, item('out:1').payload, 'the first payload of out:1 is kept');
    },
  },
  {
    name: 'N5/S6 outbox: a delivered id is never pending again, even when committed again',
    run: async (storage) => {
      await enqueue(storage, item('out:1'), item('out:2'));
      await storage.markDelivered(['out:1'], TEST_OWNER);
      await storage.markDelivered(['out:1'], TEST_OWNER);
      same(await ids(storage, 1_000), ['out:2'], 'pending after delivering out:1');
      await enqueue(storage, item('out:1'));
      same(await ids(storage, 1_000), ['out:2'], 'pending after committing out:1 again');
      await storage.markDelivered(['out:never-queued'], TEST_OWNER);
      await enqueue(storage, item('out:never-queued'));
      same(await ids(storage, 1_000), ['out:2'], 'an id delivered before it was queued is not queued');
    },
  },
  {
    name: 'N5 outbox: markDelivered marks every id it is given in one call (repeated, leased by others, or never queued); an empty list changes nothing',
    run: async (storage) => {
      await enqueue(storage, item('out:1'), item('out:2'), item('out:3'), item('out:4'));
      await storage.claimOutbox({ now: 1_000, limit: 1, owner: 'someone-else', leaseMs: 10_000 });
      await storage.markDelivered([], TEST_OWNER);
      same(await ids(storage, 20_000), ['out:1', 'out:2', 'out:3', 'out:4'], 'pending after an empty mark');
      await storage.markDelivered(['out:3', 'out:1', 'out:3', 'out:later'], TEST_OWNER);
      same(await ids(storage, 20_000), ['out:2', 'out:4'], 'pending after marking out:1 (leased by someone else) and out:3 twice');
      await enqueue(storage, item('out:later'), item('out:5'));
      same(await ids(storage, 20_000), ['out:2', 'out:4', 'out:5'], 'an id marked before it was queued is not queued');
    },
  },
  {
    name: 'N5/S6 outbox: markFailed counts the attempt, keeps the error and delays the item (backoff)',
    run: async (storage) => {
      await enqueue(storage, item('out:1', 100), item('out:2', 100));
      await storage.markFailed('out:1', 'timeout', 500, TEST_OWNER);
      same(await ids(storage, 499), ['out:2'], 'pending before the retry time (markFailed applies to an item nobody has claimed, too)');
      await storage.markFailed('out:1', 'refused', 900, TEST_OWNER);
      const [failed] = await peekOutbox(storage, 900, 1);
      same(failed, pending(item('out:1', 900), 2, 'refused', 100), 'the item after two failures (recorded at 100)');
      same(await ids(storage, 900), ['out:1', 'out:2'], 'a retried item keeps its place in the queue');
    },
  },
  {
    name: 'N5/S6 outbox: markFailed on an unknown or a delivered id changes nothing',
    run: async (storage) => {
      await enqueue(storage, item('out:1', 100));
      await storage.markDelivered(['out:1'], TEST_OWNER);
      await storage.markFailed('out:1', 'late failure', 200, TEST_OWNER);
      await storage.markFailed('out:unknown', 'failure', 200, TEST_OWNER);
      same(await ids(storage, 10_000), [], 'pending');
      await enqueue(storage, item('out:unknown', 300));
      same(await peekOutbox(storage, 10_000, 10), [pending(item('out:unknown', 300))], 'an id failed before it was queued');
    },
  },
  {
    name: 'N5 outbox lease: a claimed item is not claimed again, by anyone, until its lease runs out',
    run: async (storage) => {
      await enqueue(storage, item('out:1', 100), item('out:2', 100), item('out:3', 100));
      same((await storage.claimOutbox({ now: 1_000, limit: 2, owner: 'a', leaseMs: 500 })).map((i) => i.id), ['out:1', 'out:2'], 'claimed by a');
      same((await storage.claimOutbox({ now: 1_000, limit: 10, owner: 'b', leaseMs: 500 })).map((i) => i.id), ['out:3'], 'claimed by b at once');
      same((await storage.claimOutbox({ now: 1_200, limit: 10, owner: 'a', leaseMs: 500 })).map((i) => i.id), [], 'a claiming again while its own leases run: nothing (its leases count too)');
      same((await storage.claimOutbox({ now: 1_499, limit: 10, owner: 'c', leaseMs: 500 })).map((i) => i.id), [], 'nothing while leased');
      same((await storage.claimOutbox({ now: 1_500, limit: 10, owner: 'c', leaseMs: 500 })).map((i) => i.id), ['out:1', 'out:2', 'out:3'], 'claimable when the leases end');
    },
  },
  {
    name: 'N5 outbox lease: markFailed by an owner whose lease was taken over changes nothing; delivered by anyone is delivered',
    run: async (storage) => {
      await enqueue(storage, item('out:1', 100));
      await storage.claimOutbox({ now: 1_000, limit: 1, owner: 'slow', leaseMs: 100 });
      same((await storage.claimOutbox({ now: 1_100, limit: 1, owner: 'fast', leaseMs: 1_000 })).map((i) => i.id), ['out:1'], 'taken over after the lease');
      await storage.markFailed('out:1', 'late timeout', 5_000, 'slow');
      same((await storage.claimOutbox({ now: 2_100, limit: 1, owner: 'next', leaseMs: 0 })).map((i) => [i.id, i.attempts]), [['out:1', 0]], 'the stale failure was ignored');
      await storage.markFailed('out:1', 'refused', 3_000, 'next');
      same(await ids(storage, 2_999), [], 'delayed by its owner');
      await storage.markDelivered(['out:1'], 'slow');
      same(await ids(storage, 10_000), [], 'delivered');
    },
  },
  {
    name: 'N5/S6 outbox groups: a group is claimed in commit order, and an item not claimable holds back the later items of its group only',
    run: async (storage) => {
      const g = (id: string, group: string, availableAt = 100): OutboxItem => ({ ...item(id, availableAt), group });
      await enqueue(storage, g('g1:a', 'g1'), g('g1:b', 'g1'), g('g2:c', 'g2'), item('x', 100));
      await enqueue(storage, g('g1:d', 'g1', 50));
      same(await ids(storage, 200), ['g1:a', 'g1:b', 'g2:c', 'x', 'g1:d'], 'every item claimable: commit order within each group');
      await storage.markFailed('g1:a', 'refused', 500, TEST_OWNER);
      same(await ids(storage, 200), ['g2:c', 'x'], 'g1 waits for its failed first item');
      same(await ids(storage, 500), ['g1:a', 'g1:b', 'g2:c', 'x', 'g1:d'], 'g1 flows again at the retry time');
      same((await storage.claimOutbox({ now: 600, limit: 1, owner: 'a', leaseMs: 100 })).map((i) => i.id), ['g1:a'], 'a takes the head of g1');
      same((await storage.claimOutbox({ now: 600, limit: 10, owner: 'b', leaseMs: 100 })).map((i) => i.id), ['g2:c', 'x'], 'b finds g1 held by the lease on its head');
      await storage.markDelivered(['g1:a'], 'a');
      same((await storage.claimOutbox({ now: 600, limit: 10, owner: 'b', leaseMs: 100 })).map((i) => [i.id, i.group]), [['g1:b', 'g1'], ['g1:d', 'g1']], 'the rest of g1 once its head is delivered');
    },
  },
  {
    name: 'N5 outbox: ids acknowledged in a commit (`delivered`) are delivered with its writes, never pending again',
    run: async (storage) => {
      await enqueue(storage, item('out:1'), item('out:2'));
      same(await storage.commit({ ...EMPTY, writes: [{ key: 'copy:1', data: 'synced' }], delivered: ['out:1', 'out:unknown'] }), { ok: true }, 'commit with an acknowledgement');
      same(await ids(storage, 1_000), ['out:2'], 'pending');
      await enqueue(storage, item('out:1'), item('out:unknown'));
      same(await ids(storage, 1_000), ['out:2'], 'acknowledged ids are not queued again');
      const conflict = await storage.commit({ ...EMPTY, expected: [{ key: 'copy:1', version: 0 }], delivered: ['out:2'] });
      check(!conflict.ok, 'a conflicting commit must not acknowledge');
      same(await ids(storage, 1_000), ['out:2'], 'pending after a conflicting acknowledgement');
    },
  },
  {
    name: 'S5 outbox cancel: a commit drops the undelivered items of its groups not leased at `now`, then queues its own',
    run: async (storage) => {
      const g = (id: string, group: string, availableAt = 100): OutboxItem => ({ ...item(id, availableAt), group });
      await enqueue(storage, g('s:1', 'sync:cn-1'), g('s:2', 'sync:cn-1'), g('s:3', 'sync:cn-1', 900), g('t:1', 'sync:cn-2'));
      await storage.claimOutbox({ now: 200, limit: 1, owner: 'busy', leaseMs: 1_000 });
      same(await storage.commit({ ...EMPTY, outbox: [g('s:stop', 'sync:cn-1', 300)], cancel: { groups: ['sync:cn-1'], now: 300 } }), { ok: true }, 'cancel');
      same(await ids(storage, 5_000), ['s:1', 't:1', 's:stop'], 'the leased item stays (it finishes), the others of the group are gone, the new one is queued last');
      same((await storage.claimOutbox({ now: 5_000, limit: 10, owner: 'x', leaseMs: 0 })).filter((i) => i.group === 'sync:cn-1').map((i) => i.id), ['s:1', 's:stop'], 'group order');
    },
  },
  {
    name: 'S2/S6 outbox: a task item (kind "task") keeps its kind, payload and group, and is acknowledged by the commit that records its work',
    run: async (storage) => {
      const task: OutboxItem = { id: 'task:initial:cn-1:1:drawings:', kind: 'task', payload: { task: 'initial_sync', connectionId: 'cn-1', after: null }, availableAt: 100, group: 'sync:cn-1' };
      await enqueue(storage, task, { ...item('s:1'), kind: 'sync', group: 'sync:cn-1' });
      const claimed = await storage.claimOutbox({ now: 200, limit: 10, owner: 'a', leaseMs: 1_000 });
      same(claimed.map((i) => [i.id, i.kind, i.group]), [[task.id, 'task', 'sync:cn-1'], ['s:1', 'sync', 'sync:cn-1']], 'the task heads its group');
      same(claimed[0]?.payload, task.payload, 'the task payload');
      same(
        await storage.commit({
          ...EMPTY,
          writes: [{ key: 'sync_status:cn-1', data: { initial: 'running' }, index: [{ index: 'copy_by_item', term: 'tower/drawings/A-101', order: 0 }] }],
          outbox: [{ ...item('s:2'), kind: 'sync', group: 'sync:cn-1' }],
          delivered: [task.id],
        }),
        { ok: true },
        'the page commit',
      );
      same((await storage.claimOutbox({ now: 5_000, limit: 10, owner: 'b', leaseMs: 1_000 })).map((i) => i.id), ['s:1', 's:2'], 'the group goes on after the task, in commit order');
      same((await storage.query({ index: 'copy_by_item', term: 'tower/drawings/A-101', limit: 10 })).records.map((r) => r.key), ['sync_status:cn-1'], 'the ledger entry is indexed');
    },
  },
  {
    name: 'N5 outbox release: a released lease makes the item claimable at once, with no attempt counted',
    run: async (storage) => {
      await enqueue(storage, item('out:1'), item('out:2'));
      await storage.claimOutbox({ now: 100, limit: 2, owner: 'a', leaseMs: 1_000 });
      await storage.releaseOutbox(['out:2', 'out:unknown'], 'a');
      await storage.releaseOutbox(['out:1'], 'someone-else');
      same((await peekOutbox(storage, 100, 10)).map((i) => [i.id, i.attempts]), [['out:2', 0]], 'after the release');
    },
  },
];
