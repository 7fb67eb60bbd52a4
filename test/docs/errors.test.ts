import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('docs/errors.md: the error table users read', () => {
  it('§7: names every error code in its table, and no code the library does not have', () => {
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)`(?: \/ `([A-Z_]+)`)? \|/gm)].flatMap((m) => [m[1], m[2]].filter((c): c is string => c !== undefined));
    expect([...rows].sort()).toEqual([...ERROR_CODES].sort());
  });

  it("§7: every rule id a code's row cites states that code (docs/rules.md holds the SPEC's statements)", () => {
    const rules = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    const statement = (id: string): string => {
      const at = rules.indexOf(`\n### ${id} — `);
      if (at < 0) return '';
      const end = rules.indexOf('- **Enforced in:**', at);
      return rules.slice(at, end < 0 ? undefined : end);
    };
    // H9 says a disconnected pair is never reconnected without naming a code: the library answers C10's.
    const borrowed = new Set(['RECONNECT_FORBIDDEN:H9']);
    const wrong: string[] = [];
    for (const row of doc.matchAll(/^\| `([A-Z_]+)`(?: \/ `([A-Z_]+)`)? \| ([^|]*) \|/gm)) {
      const codes = [row[1]!, row[2]].filter((c): c is string => c !== undefined);
      for (const cite of row[3]!.matchAll(/\b([CHPNS]\d+)\b/g)) {
        const text = statement(cite[1]!);
        if (text === '') wrong.push(`${codes[0]}: ${cite[1]} is not a rule`);
        else if (!codes.some((c) => text.includes(c) || borrowed.has(`${c}:${cite[1]}`))) wrong.push(`${codes[0]}: ${cite[1]} does not state it`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('§7: the authorization conditions table lists exactly the NOT_AUTHORIZED conditions the source can name', () => {
    const src = new URL('../../src/', import.meta.url);
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !f.includes('.test-d.'));
    const named = new Set<string>();
    for (const file of files) {
      const text = readFileSync(new URL(file, src), 'utf8');
      for (const m of text.matchAll(/condition: '([a-z_]+)'/g)) named.add(m[1]!);
      for (const m of text.matchAll(/checkTool\([^)\n]*'([a-z_]+)'\)/g)) named.add(m[1]!);
      if (text.includes('condition: `${side}_team_admin`')) for (const side of ['host', 'external']) named.add(`${side}_team_admin`);
    }
    const section = doc.slice(doc.indexOf('## Authorization conditions'), doc.indexOf('## Hostile inputs'));
    const documented = new Set([...section.matchAll(/^\| `([a-z_]+)`(?: \/ `([a-z_]+)`)? \|/gm)].flatMap((m) => [m[1], m[2]].filter((c): c is string => c !== undefined && c !== 'condition')));
    expect([...documented].sort()).toEqual([...named].sort());
  });

  it('§7: every test file the hostile-input table cites exists', () => {
    const cited = [...doc.matchAll(/`((?:test|src)\/[\w/.-]+\.ts)`/g)].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThan(5);
    for (const file of cited) expect(() => readFileSync(new URL(`../../${file}`, import.meta.url)), file).not.toThrow();
  });
});
