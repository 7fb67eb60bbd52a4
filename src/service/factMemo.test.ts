import { describe, expect, it } from 'vitest';
import { FactMemo } from './factMemo.js';

describe('FactMemo (the service’s memo of facts that never change)', () => {
  it('keeps the most recent `limit` entries whatever the number remembered, never forgetting all at once', () => {
    const memo = new FactMemo<number>(100);
    for (let i = 0; i < 1_000; i += 1) {
      memo.remember(`k${i}`, () => i);
      for (let back = 0; back < Math.min(100, i + 1); back += 1) expect(memo.get(`k${i - back}`)).toBe(i - back);
    }
    expect(memo.get('k0')).toBeUndefined();
  });

  it('remembers a key once: the first value stays, and make runs only for a new key', () => {
    const memo = new FactMemo<string>(2);
    let made = 0;
    memo.remember('a', () => ((made += 1), 'first'));
    memo.remember('a', () => ((made += 1), 'second'));
    expect(memo.get('a')).toBe('first');
    expect(made).toBe(1);
  });

  it('an entry read from the old generation moves to the young one without being made again', () => {
    const memo = new FactMemo<string>(2);
    memo.remember('a', () => 'A');
    memo.remember('b', () => 'B');
    memo.remember('c', () => 'C'); // a and b are now old
    let made = 0;
    memo.remember('a', () => ((made += 1), 'again'));
    expect(made).toBe(0);
    memo.remember('d', () => 'D'); // the young generation {c, a} is full: it becomes the old one, {a, b} is dropped
    expect(memo.get('a')).toBe('A');
    expect(memo.get('b')).toBeUndefined();
  });

  it('update records a hint that may change: the latest value wins, bounded like remembered facts', () => {
    const memo = new FactMemo<string | null>(2);
    memo.update('p', 'cn-1');
    memo.update('p', null);
    expect(memo.get('p')).toBeNull();
    memo.update('q', 'cn-2');
    memo.update('r', 'cn-3'); // {p, q} becomes the old generation
    memo.update('p', 'cn-4');
    expect(memo.get('p')).toBe('cn-4');
    memo.update('s', 'cn-5'); // the young {r, p} is full: it becomes the old one, {p, q} is dropped
    expect(memo.get('q')).toBeUndefined();
    expect(memo.get('p')).toBe('cn-4');
  });
});
