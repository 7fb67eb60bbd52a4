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
    const slots = (queue as unknown as { waiting: { size: number }; ready: { size: number }; units: number });
    expect(slots.waiting.size + slots.ready.size).toBeLessThanOrEqual(2 * slots.units + 1_024 + 1);
  });
});
