import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('docs/errors.md: the error table users read', () => {
  it('§7: names every error code in its table, and no code the library does not have', () => {
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)`(?: \/ `([A-Z_]+)`)? \|/gm)].flatMap((m) => [m[1], m[2]].filter((c): c is string => c !== undefined));
    expect([...rows].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('§7: every test file the hostile-input table cites exists', () => {
    const cited = [...doc.matchAll(/`((?:test|src)\/[\w/.-]+\.ts)`/g)].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThan(5);
    for (const file of cited) expect(() => readFileSync(new URL(`../../${file}`, import.meta.url)), file).not.toThrow();
  });
});
