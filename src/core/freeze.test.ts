import { describe, expect, it } from 'vitest';
import { deepFreeze } from './freeze.js';

describe('deepFreeze: the one deep freeze (issue 14)', () => {
  it('freezes everything reachable and returns the same value', () => {
    const value = { a: [{ b: 1 }], c: { d: { e: 'x' } } };
    expect(deepFreeze(value)).toBe(value);
    expect([value, value.a, value.a[0], value.c, value.c.d].every(Object.isFrozen)).toBe(true);
  });

  it('a value that refers to itself (a cycle) is frozen without overflowing the stack', () => {
    const a: { self?: unknown; list: unknown[] } = { list: [] };
    a.self = a;
    a.list.push(a, { back: a });
    expect(() => deepFreeze(a)).not.toThrow();
    expect(Object.isFrozen(a) && Object.isFrozen(a.list) && Object.isFrozen(a.list[1])).toBe(true);
  });

  it('a chain 200,000 objects deep is frozen without overflowing the stack', () => {
    const head: { next: unknown } = { next: null };
    let tail = head;
    for (let i = 0; i < 200_000; i += 1) {
      const next = { next: null };
      tail.next = next;
      tail = next;
    }
    expect(() => deepFreeze(head)).not.toThrow();
    expect(Object.isFrozen(tail)).toBe(true);
  });

  it('leaves primitives and functions as they are', () => {
    const f = () => 1;
    expect(deepFreeze(f)).toBe(f);
    expect(Object.isFrozen(f)).toBe(false);
    expect(deepFreeze(3)).toBe(3);
  });
});
