import { describe, expect, it } from 'vitest';
import { RecordCache } from './recordCache.js';

const rec = (key: string, version: number, data: unknown = { v: version }) => ({ key, version, data });

describe('RecordCache (the service record cache, issue 12 round trips)', () => {
  it('keeps the most recent `limit` records in two generations; older ones fall off a generation at a time', () => {
    const cache = new RecordCache(2);
    for (const k of ['a', 'b', 'c', 'd', 'e']) cache.offer(rec(k, 1));
    // young = {e}, old = {c, d}: the last two offered (d, e) are always kept.
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => cache.get(k) !== undefined)).toEqual([false, false, true, true, true]);
  });

  it('a version never goes back: an older read offered after a newer commit does not replace it', () => {
    const cache = new RecordCache(10);
    cache.offer(rec('a', 4));
    cache.offer(rec('a', 3));
    expect(cache.get('a')?.version).toBe(4);
    cache.offer(rec('a', 5));
    expect(cache.get('a')?.version).toBe(5);
  });

  it('a version never goes back after a forget either: a late load older than the forgotten record is not kept (review)', () => {
    const cache = new RecordCache(10);
    cache.committed({ expected: [{ key: 'x', version: 1 }], writes: [{ key: 'x', data: { n: 2 } }], events: [], outbox: [] });
    cache.forgetRequest({ expected: [{ key: 'x', version: 1 }], writes: [{ key: 'x', data: { n: 9 } }], events: [], outbox: [] });
    expect(cache.get('x')).toBeUndefined();
    cache.offer(rec('x', 1)); // read before the commit of version 2, answered now
    expect(cache.get('x')).toBeUndefined();
    cache.offer(rec('x', 3));
    expect(cache.get('x')?.version).toBe(3);
  });

  it('an applied commit keeps each written key at its expected version + 1 with the last data written, frozen', () => {
    const cache = new RecordCache(10);
    cache.offer(rec('a', 2));
    cache.committed({
      expected: [{ key: 'a', version: 2 }, { key: 'b', version: 0 }, { key: 'r', version: 7 }],
      writes: [{ key: 'a', data: { n: 1 } }, { key: 'b', data: { n: 2 } }, { key: 'a', data: { n: 3, deep: { x: 1 } } }],
      events: [],
      outbox: [],
    });
    expect(cache.get('a')).toEqual({ key: 'a', version: 3, data: { n: 3, deep: { x: 1 } } });
    expect(Object.isFrozen((cache.get('a')!.data as { deep: object }).deep)).toBe(true);
    expect(cache.get('b')?.version).toBe(1);
    expect(cache.get('r')).toBeUndefined(); // read, not written, not offered: nothing to keep
  });

  it('a key written without an expected version, or deleted, is forgotten: its version is not known', () => {
    const cache = new RecordCache(10);
    cache.offer(rec('a', 1));
    cache.offer(rec('b', 1));
    cache.committed({ expected: [{ key: 'b', version: 1 }], writes: [{ key: 'a', data: { n: 1 } }, { key: 'b', data: null }], events: [], outbox: [] });
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
  });

  it('a conflicting or unanswered commit forgets every record it expected or wrote, in both generations', () => {
    const cache = new RecordCache(1);
    cache.offer(rec('b', 1));
    cache.offer(rec('c', 1)); // b is now in the old generation, c in the young one
    expect([cache.get('b')?.version, cache.get('c')?.version]).toEqual([1, 1]);
    cache.forgetRequest({ expected: [{ key: 'b', version: 1 }], writes: [{ key: 'c', data: {} }], events: [], outbox: [] });
    expect([cache.get('b'), cache.get('c')]).toEqual([undefined, undefined]);
  });
});
