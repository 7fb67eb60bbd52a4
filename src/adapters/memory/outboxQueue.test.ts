import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../ports/storage.js';
import { OutboxQueue } from './outboxQueue.js';

/**
 * The reference: the outbox as a list in queue order, claimed by one scan of all of it (the in-memory
 * storage's claim before 2026-12-08, and the PostgreSQL claim's WHERE clause): due and unleased items in
 * order, and of a group only those before its first item that cannot be claimed.
 */
class ScanQueue {
  readonly items: { item: OutboxItem; attempts: number; availableAt: number; lastError: string | null; leaseOwner: string | null; leaseUntil: number }[] = [];

  add(item: OutboxItem): void {
    this.items.push({ item, attempts: 0, availableAt: item.availableAt, lastError: null, leaseOwner: null, leaseUntil: Number.NEGATIVE_INFINITY });
  }

  remove(id: string): void {
    const i = this.items.findIndex((e) => e.item.id === id);
    if (i >= 0) this.items.splice(i, 1);
  }

  unleasedOfGroup(group: string, now: number): string[] {
    return this.items.filter((e) => e.item.group === group && !(e.leaseUntil > now)).map((e) => e.item.id);
  }

  claim(now: number, max: number, owner: string, leaseMs: number): string[] {
    const due: string[] = [];
    if (Number.isNaN(now) || max <= 0) return due;
    const held = new Set<string>();
    for (const e of this.items) {
      if (due.length >= max) break;
      const g = e.item.group;
      if (g !== undefined && held.has(g)) continue;
      if (!(e.availableAt <= now) || e.leaseUntil > now) {
        if (g !== undefined) held.add(g);
        continue;
      }
      e.leaseOwner = owner;
      e.leaseUntil = now + leaseMs;
      due.push(e.item.id);
    }
    return due;
  }

  release(id: string, owner: string): void {
    const e = this.items.find((x) => x.item.id === id);
    if (e === undefined || e.leaseOwner !== owner) return;
    e.leaseOwner = null;
    e.leaseUntil = Number.NEGATIVE_INFINITY;
  }

  fail(id: string, error: string, retryAt: number, owner: string): void {
    const e = this.items.find((x) => x.item.id === id);
    if (e !== undefined && (e.leaseOwner === null || e.leaseOwner === owner)) Object.assign(e, { attempts: e.attempts + 1, availableAt: retryAt, lastError: error, leaseOwner: null, leaseUntil: Number.NEGATIVE_INFINITY });
  }
}

const time = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.constant(Number.NaN) });
const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('add' as const), group: fc.constantFrom(undefined, 'g1', 'g2', 'g3'), at: time }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('claim' as const), now: time, max: fc.integer({ min: 0, max: 6 }), owner: fc.constantFrom('o1', 'o2'), leaseMs: fc.constantFrom(0, 5, 20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('remove' as const, 'release' as const), pick: fc.nat(), owner: fc.constantFrom('o1', 'o2') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fail' as const), pick: fc.nat(), at: time, owner: fc.constantFrom('o1', 'o2') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), group: fc.constantFrom('g1', 'g2', 'g3'), now: time }) },
);

describe('in-memory outbox queue (claims that read only what they take)', () => {
  it('N5/S6: every claim takes exactly what one scan of the whole queue in order takes: due, unleased, and of a group only what comes before its first item that cannot be claimed', () => {
    let claimedItems = 0;
    let heldGroups = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 30, maxLength: 150 }), (ops) => {
        const queue = new OutboxQueue();
        const ref = new ScanQueue();
        let n = 0;
        const ids = () => ref.items.map((e) => e.item.id);
        for (const o of ops) {
          const live = ids();
          const pick = (k: number) => live[k % Math.max(1, live.length)] ?? 'none';
          switch (o.kind) {
            case 'add': {
              const base = { id: `i${(n += 1)}`, kind: 'notification' as const, payload: null, availableAt: o.at };
              const item: OutboxItem = o.group === undefined ? base : { ...base, group: o.group };
              queue.add(item);
              ref.add(item);
              break;
            }
            case 'claim': {
              const got = queue.claim(o.now, o.max, o.owner, o.leaseMs);
              const want = ref.claim(o.now, o.max, o.owner, o.leaseMs);
              expect(got.map((i) => i.id)).toEqual(want);
              claimedItems += got.length;
              if (got.length < o.max && ref.items.some((e) => e.item.group !== undefined && e.availableAt <= o.now && !want.includes(e.item.id) && !(e.leaseUntil > o.now))) heldGroups += 1;
              for (const i of got) {
                const e = ref.items.find((x) => x.item.id === i.id)!;
                expect({ attempts: i.attempts, availableAt: i.availableAt, lastError: i.lastError, group: i.group }).toEqual({ attempts: e.attempts, availableAt: e.availableAt, lastError: e.lastError, group: e.item.group });
              }
              break;
            }
            case 'remove':
              expect(queue.remove(pick(o.pick))).toBe(live.includes(pick(o.pick)));
              ref.remove(pick(o.pick));
              break;
            case 'release':
              queue.release(pick(o.pick), o.owner);
              ref.release(pick(o.pick), o.owner);
              break;
            case 'fail':
              queue.fail(pick(o.pick), 'boom', o.at, o.owner);
              ref.fail(pick(o.pick), 'boom', o.at, o.owner);
              break;
            case 'cancel': {
              const got = queue.unleasedOfGroup(o.group, o.now);
              expect(got).toEqual(ref.unleasedOfGroup(o.group, o.now));
              for (const id of got) {
                queue.remove(id);
                ref.remove(id);
              }
              break;
            }
          }
          expect([...queue.values()].map((e) => [e.item.id, e.attempts, e.availableAt, e.lastError])).toEqual(ref.items.map((e) => [e.item.id, e.attempts, e.availableAt, e.lastError]));
        }
      }),
      { numRuns: 500 },
    );
    // The runs must reach claims that take items, and claims that leave due items of a held group.
    expect(claimedItems).toBeGreaterThan(500);
    expect(heldGroups).toBeGreaterThan(20);
  });

  it('N5: stale slots do not pile up: after many failures and deliveries the heaps are rebuilt, and claims still agree', () => {
    const queue = new OutboxQueue();
    const ref = new ScanQueue();
    for (let i = 0; i < 3_000; i += 1) {
      const item: OutboxItem = { id: `i${i}`, kind: 'sync', payload: null, availableAt: 0, group: `g${i % 7}` };
      queue.add(item);
      ref.add(item);
    }
    for (let round = 0; round < 200; round += 1) {
      const now = round * 10;
      const got = queue.claim(now, 25, 'o', 5).map((i) => i.id);
      expect(got).toEqual(ref.claim(now, 25, 'o', 5));
      // Half fail (retried later), half are delivered.
      got.forEach((id, k) => {
        if (k % 2 === 0) {
          queue.fail(id, 'x', now + 15, 'o');
          ref.fail(id, 'x', now + 15, 'o');
        } else {
          queue.remove(id);
          ref.remove(id);
        }
      });
    }
    expect([...queue.values()].length).toBe(ref.items.length);
    expect(slotsOf(queue)).toBeLessThanOrEqual(2 * liveOf(queue) + 1_024 + 1);
  });

  it('N5: a lease ending at NaN (now -Infinity, lease Infinity) holds nothing, as in a scan, and later leases and due items still come up', () => {
    const queue = new OutboxQueue();
    const ref = new ScanQueue();
    const both = (f: (q: OutboxQueue | ScanQueue) => unknown) => [f(queue), f(ref)];
    const item = (id: string, availableAt: number, group?: string): OutboxItem => (group === undefined ? { id, kind: 'notification', payload: null, availableAt } : { id, kind: 'notification', payload: null, availableAt, group });
    both((q) => [item('A', Number.NEGATIVE_INFINITY, 'g'), item('B', Number.NEGATIVE_INFINITY, 'g'), item('X', 10), item('Y', 20)].forEach((i) => q.add(i)));
    const claim = (now: number, max: number, leaseMs: number) => {
      const [got, want] = both((q) => (q instanceof OutboxQueue ? q.claim(now, max, 'o', leaseMs).map((i) => i.id) : q.claim(now, max, 'o', leaseMs)));
      expect(got).toEqual(want);
      return got as string[];
    };
    expect(claim(Number.NEGATIVE_INFINITY, 2, Number.POSITIVE_INFINITY)).toEqual(['A', 'B']);
    both((q) => q.remove('A'));
    expect(claim(10, 1, 1)).toEqual(['B']); // B's NaN lease holds nothing
    expect(claim(30, 10, 1)).toEqual(['B', 'X', 'Y']); // B's 1 ms lease has ended
    expect(claim(40, 10, 1_000)).toEqual(['B', 'X', 'Y']);
    expect(claim(500, 10, 1)).toEqual([]); // leased until 1,040
    expect(claim(5_000, 10, 1)).toEqual(['B', 'X', 'Y']);
  });

  it('N5: a claim with a clock far ahead does not make later claims walk what it readied: those wait again for their time', () => {
    const queue = new OutboxQueue();
    for (let i = 0; i < 5_000; i += 1) queue.add({ id: `w${i}`, kind: 'notification', payload: null, availableAt: 1_000_000 + i });
    queue.add({ id: 'due', kind: 'notification', payload: null, availableAt: 0 });
    // A claim far ahead takes one item and readies the rest.
    expect(queue.claim(2_000_000, 1, 'o', 10).map((i) => i.id)).toEqual(['w0']);
    expect(queue.claim(100, 10, 'o', 10).map((i) => i.id)).toEqual(['due']);
    // That claim met the readied units and put them back to wait: none is left in `ready`.
    expect((queue as unknown as { ready: { size: number } }).ready.size).toBe(0);
    expect(queue.claim(3_000_000, 10_000, 'o', 10)).toHaveLength(5_001);
  });

  it('N5: slots and lease batches stay bounded by the live units: many claims with long leases, and a cancelled queue, keep no removed item', () => {
    const queue = new OutboxQueue();
    for (let i = 0; i < 20_000; i += 1) {
      queue.add({ id: `i${i}`, kind: 'notification', payload: { big: 'x'.repeat(10) }, availableAt: i });
      for (const got of queue.claim(i, 1, 'o', 3_600_000)) queue.remove(got.id); // delivered within an hour's lease
    }
    expect(slotsOf(queue)).toBeLessThanOrEqual(2 * liveOf(queue) + 1_024 + 1);
    for (let i = 0; i < 20_000; i += 1) queue.add({ id: `c${i}`, kind: 'sync', payload: null, availableAt: 1e12, group: `g${i % 50}` });
    for (let g = 0; g < 50; g += 1) for (const id of queue.unleasedOfGroup(`g${g}`, 0)) queue.remove(id);
    expect(liveOf(queue)).toBe(0);
    expect(slotsOf(queue)).toBeLessThanOrEqual(1_024 + 1);
  });
});

/** The heap slots and lease batches a queue holds (stale ones included). */
function slotsOf(queue: OutboxQueue): number {
  const q = queue as unknown as { waiting: { size: number }; ready: { size: number }; leased: { size: number } };
  return q.waiting.size + q.ready.size + q.leased.size;
}

/** The units with queued items. */
function liveOf(queue: OutboxQueue): number {
  return (queue as unknown as { live: Set<unknown> }).live.size;
}
