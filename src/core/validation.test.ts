import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseInputAt } from './validation.js';

describe('§7: parseInputAt answers plain, serialisable errors whatever its path', () => {
  const schema = z.string();

  it('§7: string and number segments prefix every issue path', () => {
    const r = parseInputAt(schema, 1, ['command', 0]);
    expect(!r.ok && r.error.details.issues[0]?.path).toEqual(['command', 0]);
  });

  it('§7: the message says "Invalid input" once, then each issue by its path', () => {
    const r = parseInputAt(z.object({ actorId: z.string() }), { actorId: 1 }, ['input']);
    expect(!r.ok && r.error.message).toBe('Invalid input: input.actorId: expected string, received number');
  });

  it.each([
    ['a BigInt', [10n]],
    ['NaN', [Number.NaN]],
    ['undefined', [undefined]],
    ['a Set', [new Set([1])]],
    ['a function', [() => 1]],
    ['a symbol', [Symbol('s')]],
  ])('§7: a path segment that is %s is written as text, so the error survives a JSON round trip', (_, at) => {
    const r = parseInputAt(schema, 1, at as never);
    expect(r.ok).toBe(false);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(!r.ok && r.error.details.issues[0]?.path.every((k) => typeof k === 'string' || Number.isFinite(k))).toBe(true);
  });

  it('§7: a segment that cannot even be written as text leaves the issues unprefixed, never a throw', () => {
    const hostile = { toString: () => { throw new Error('no'); } };
    const r = parseInputAt(schema, 1, [hostile] as never);
    expect(!r.ok && r.error.details.issues[0]?.path).toEqual([]);
  });
});
