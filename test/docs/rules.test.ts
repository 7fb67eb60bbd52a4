import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';
import { ERROR_CODE_STATEMENTS, RULE_SECTIONS } from '../../scripts/rules.data.js';
import { mentions, renderRules, RULE_IDS, RULES_DOC, testEntries, testNames, traceRules } from '../../scripts/rules.js';

const root = resolve(import.meta.dirname, '../..');
const spec = resolve(root, '../shared/SPEC.md');
const traces = traceRules();

/** The rule ids SPEC.md defines (`- **C3** ...`), or, without SPEC.md beside the repository, its ranges. */
function specRuleIds(): string[] {
  if (existsSync(spec)) return [...readFileSync(spec, 'utf8').matchAll(/^- \*\*([CHPNS]\d+)\*\*/gm)].map((m) => m[1] ?? '');
  const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  return [...range('C', 17), ...range('H', 12), ...range('P', 13), ...range('N', 5), ...range('S', 6)];
}

describe('docs/rules.md: every rule with its statement, enforcing files and tests', () => {
  it('docs/rules.md is what `npm run rules` generates from the data file, the code and the tests', () => {
    expect(readFileSync(resolve(root, RULES_DOC), 'utf8')).toBe(renderRules());
  });

  it('the data file holds every rule id of SPEC.md, once, in order, each with a title and a statement', () => {
    expect(RULE_IDS).toEqual(specRuleIds());
    expect(RULE_IDS).toHaveLength(53);
    for (const rule of RULE_SECTIONS.flatMap((s) => s.rules)) {
      expect(rule.title.length, rule.id).toBeGreaterThan(3);
      expect(rule.statement.length, rule.id).toBeGreaterThan(20);
    }
  });

  it('the data file holds every §7 error code (ERROR_CODES, and SPEC.md §7 when beside the repository), the codes added beyond it marked', () => {
    const codes = ERROR_CODE_STATEMENTS.map((c) => c.code);
    expect(codes).toEqual([...ERROR_CODES]);
    expect(ERROR_CODE_STATEMENTS.filter((c) => c.beyondSpec !== undefined).map((c) => c.code)).toEqual(['PORT_UNAVAILABLE', 'DATA_CORRUPTED']);
    if (existsSync(spec)) {
      const section = readFileSync(spec, 'utf8').split('## 7. Errors')[1]?.split('\n## ')[0] ?? '';
      const specCodes = ERROR_CODE_STATEMENTS.filter((c) => c.beyondSpec === undefined).map((c) => c.code);
      expect([...new Set([...section.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]))]).toEqual(specCodes);
    }
    for (const c of ERROR_CODE_STATEMENTS) expect(c.meaning.length, c.code).toBeGreaterThan(10);
  });

  it.each(RULE_IDS)('%s is enforced by a file under src/ and checked by a test named after it', (id) => {
    const trace = traces.get(id);
    expect(trace?.enforcedIn.length, `${id}: no file under src/ names it`).toBeGreaterThan(0);
    expect(trace?.checkedBy.length, `${id}: no test name contains it`).toBeGreaterThan(0);
  });

  it('a rule id is matched whole, and a range names no rule in particular', () => {
    expect(mentions("it('C1: different companies')", 'C1')).toBe(true);
    expect(mentions('C10: disconnect is forever', 'C1')).toBe(false);
    expect(mentions('(C3/C11)', 'C11')).toBe(true);
    expect(mentions('rules C1–C17 of SPEC §2', 'C1')).toBe(false);
    expect(mentions('rules C1–C17 of SPEC §2', 'C17')).toBe(false);
  });

  it('test names are read with their describe titles, including it.each and it.prop forms', () => {
    const names = testNames('test/docs/rules.test.ts');
    expect(names).toContain('docs/rules.md: every rule with its statement, enforcing files and tests › %s is enforced by a file under src/ and checked by a test named after it');
    expect(names.length).toBeGreaterThan(5);
  });

  it('a test counts for the rules its own title names, not for the ids of the describe around it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    try {
      const file = join(dir, 'sample.test.ts');
      writeFileSync(file, "describe('lifecycle (C3, C10)', () => { it('C3: one upstream', () => {}); it('plain', () => {}); });\n");
      const tests = testEntries(file);
      expect(tests.map((t) => t.full)).toEqual(['lifecycle (C3, C10) › C3: one upstream', 'lifecycle (C3, C10) › plain']);
      expect(tests.filter((t) => mentions(t.title, 'C3'))).toHaveLength(1);
      expect(tests.filter((t) => mentions(t.title, 'C10'))).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the README links docs/rules.md from its Documentation list', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const documentation = readme.split('## Documentation')[1]?.split('\n## ')[0] ?? '';
    expect(documentation).toContain('](docs/rules.md)');
  });
});
