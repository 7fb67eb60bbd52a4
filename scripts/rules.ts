/**
 * Generates docs/rules.md: every rule of the contract with its statement (scripts/rules.data.ts), the
 * source files that enforce it and the tests that check it, and the §7 error codes as a table.
 *
 *   npm run rules           rewrite docs/rules.md
 *   (test/docs/rules.test.ts fails when docs/rules.md is out of date, or a rule has no enforcing file
 *   or no test)
 *
 * Where a rule is enforced: the files under `src/` (tests and test helpers excluded) that name its id
 * in code or comments. Where it is checked: the tests (in `test/` and `src/**\/*.test.ts`) whose own
 * title contains the id (a `describe` title's ids do not count for every test inside). A range such as "C1–C17" names no
 * rule in particular and is ignored.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { ERROR_CODE_STATEMENTS, RULE_SECTIONS, type RuleStatement } from './rules.data.js';

const root = resolve(import.meta.dirname, '..');

/** Where the document is written, relative to the repository root. */
export const RULES_DOC = 'docs/rules.md';

/** Every rule id of the data file, in order. */
export const RULE_IDS: readonly string[] = RULE_SECTIONS.flatMap((s) => s.rules.map((r) => r.id));

const posix = (path: string) => path.split(sep).join('/');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(resolve(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out.sort();
}

const isTest = (file: string) => /\.test(-d)?\.ts$/.test(file);
/** Test helpers shipped or kept under src/: they check rules, they do not enforce them. */
const isTestHelper = (file: string) => file.startsWith('src/testing/') || file.endsWith('/arbitraries.ts') || file.endsWith('/spec-helpers.ts');

/** The source files that can enforce a rule, and the files that hold tests. */
export function scannedFiles(): { sources: string[]; tests: string[] } {
  const src = filesUnder('src');
  return {
    sources: src.filter((f) => !isTest(f) && !isTestHelper(f)),
    tests: [...filesUnder('test'), ...src].filter(isTest).sort(),
  };
}

/** `text` without id ranges ("C1–C17", "H1-H12"), which name no rule in particular. */
const withoutRanges = (text: string) => text.replace(/\b([CHPNS])\d{1,2}\s*[–—-]\s*\1?\d{1,2}\b/g, ' ');

/** Whether `text` names rule `id` (so `C1` is not found in `C10`). */
export function mentions(text: string, id: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9_])${id}(?![0-9])`).test(withoutRanges(text));
}

/** The text of a string or template literal (the literal parts of a template). */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => ` ${s.literal.text}`)].join('');
  return undefined;
}

/** `describe` / `it` / `test` (and `it.each(...)`, `it.prop(...)`, `test.skipIf(...)`, ...) of a call. */
function testFunction(callee: ts.Expression): string | undefined {
  let node: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node)) node = ts.isCallExpression(node) ? node.expression : node.expression;
  if (!ts.isIdentifier(node)) return undefined;
  return ['describe', 'it', 'test'].includes(node.text) ? node.text : undefined;
}

/** The full names (`describe › … › test`) of the tests in a test file. */
export function testNames(file: string): string[] {
  return testEntries(file).map((t) => t.full);
}

/**
 * The tests of a test file, each with its full name and its own title. A test checks the rules its own
 * title names: the ids in a `describe` title say what the group is about, not what each test in it
 * checks, so they do not count for every test inside.
 */
export function testEntries(file: string): { readonly full: string; readonly title: string }[] {
  const source = ts.createSourceFile(file, readFileSync(resolve(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const names: { full: string; title: string }[] = [];
  const visit = (node: ts.Node, path: readonly string[]) => {
    if (ts.isCallExpression(node)) {
      const kind = testFunction(node.expression);
      const title = node.arguments[0] === undefined ? undefined : literalText(node.arguments[0]);
      if (kind !== undefined && title !== undefined) {
        const full = [...path, title];
        if (kind !== 'describe') names.push({ full: full.join(' › '), title });
        node.arguments.slice(1).forEach((arg) => visit(arg, kind === 'describe' ? full : path));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, path));
  };
  visit(source, []);
  return names;
}

/** Where one rule (or error code) is enforced and checked. */
export interface RuleTrace {
  readonly enforcedIn: readonly string[];
  readonly checkedBy: readonly { readonly file: string; readonly tests: number }[];
}

/** For every rule id: the source files that name it and the test files with tests named after it. */
export function traceRules(): Map<string, RuleTrace> {
  const { sources, tests } = scannedFiles();
  const sourceText = new Map(sources.map((f) => [f, readFileSync(resolve(root, f), 'utf8')]));
  const titles = new Map(tests.map((f) => [f, testEntries(f).map((t) => t.title)]));
  const out = new Map<string, RuleTrace>();
  for (const id of RULE_IDS) {
    out.set(id, {
      enforcedIn: sources.filter((f) => mentions(sourceText.get(f) ?? '', id)),
      checkedBy: tests.map((file) => ({ file, tests: (titles.get(file) ?? []).filter((n) => mentions(n, id)).length })).filter((t) => t.tests > 0),
    });
  }
  return out;
}

/** For every §7 error code: the source files that use it and the test files that mention it. */
export function traceErrorCodes(): Map<string, RuleTrace> {
  const { sources, tests } = scannedFiles();
  const read = (f: string) => readFileSync(resolve(root, f), 'utf8');
  const sourceText = new Map(sources.map((f) => [f, read(f)]));
  const testText = new Map(tests.map((f) => [f, read(f)]));
  const out = new Map<string, RuleTrace>();
  for (const { code } of ERROR_CODE_STATEMENTS) {
    const quoted = new RegExp(`['"\`]${code}['"\`]`);
    const named = new RegExp(`\\b${code}\\b`);
    out.set(code, {
      enforcedIn: sources.filter((f) => f !== 'src/core/errors.ts' && quoted.test(sourceText.get(f) ?? '')),
      checkedBy: tests.filter((f) => named.test(testText.get(f) ?? '')).map((file) => ({ file, tests: 0 })),
    });
  }
  return out;
}

const link = (file: string) => `[\`${file}\`](${posix(relative(resolve(root, 'docs'), resolve(root, file)))})`;
const MAX_FILES_IN_TABLE = 6;
const fileList = (files: readonly string[], max = Infinity) =>
  files.length === 0 ? '—' : [...files.slice(0, max).map(link), ...(files.length > max ? [`and ${files.length - max} more`] : [])].join(', ');

function ruleBlock(rule: RuleStatement, trace: RuleTrace | undefined): string {
  const checked = trace?.checkedBy ?? [];
  const tests = checked.reduce((n, t) => n + t.tests, 0);
  return [
    `### ${rule.id} — ${rule.title}`,
    '',
    rule.statement,
    '',
    `- **Enforced in:** ${fileList(trace?.enforcedIn ?? [])}`,
    `- **Checked by** (${tests} test${tests === 1 ? '' : 's'}): ${checked.length === 0 ? '—' : checked.map((t) => `${link(t.file)} (${t.tests})`).join(', ')}`,
  ].join('\n');
}

/** The content of docs/rules.md for the current code and tests. */
export function renderRules(): string {
  const rules = traceRules();
  const codes = traceErrorCodes();
  const anchor = (heading: string) =>
    heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .trim()
      .replace(/\s/g, '-');
  const lines: string[] = [
    '# Rules: statements, where they are enforced, where they are tested',
    '',
    '<!-- Generated by `npm run rules` (scripts/rules.ts) from scripts/rules.data.ts and a scan of src/ and the tests. Do not edit by hand. -->',
    '',
    'Every rule of the product contract, by id, as the tests name them (`it(\'C3: …\')`): its statement, the',
    'source files that enforce it and the tests that check it. **Enforced in** lists the files under `src/`',
    '(tests and test helpers excluded) that name the rule in code or comments; **Checked by** lists the test',
    'files with the number of their tests whose own title (`it(…)`, not the `describe` around it) contains the id. The statements are',
    'kept in `scripts/rules.data.ts`; `npm run rules` regenerates this file, and `test/docs/rules.test.ts`',
    'fails when it is out of date or a rule has no enforcing file or no test.',
    '',
    ...RULE_SECTIONS.map((s) => `- [${s.heading}](#${anchor(s.heading)}): ${s.rules[0]?.id}–${s.rules[s.rules.length - 1]?.id}`),
    '- [Error codes (SPEC §7)](#error-codes-spec-7)',
    '',
  ];
  for (const section of RULE_SECTIONS) {
    lines.push(`## ${section.heading}`, '', section.intro, '');
    for (const rule of section.rules) lines.push(ruleBlock(rule, rules.get(rule.id)), '');
  }
  lines.push(
    '## Error codes (SPEC §7)',
    '',
    'A closed set (`ERROR_CODES` in `src/core/errors.ts`): each comes with a readable message and structured',
    'details. Domain rule violations are values (a `Result`), never thrown. **Returned by**: the source files',
    'that use the code; **Tests**: the test files that mention it.',
    '',
    '| code | meaning | returned by | tests |',
    '|---|---|---|---|',
    ...ERROR_CODE_STATEMENTS.map(({ code, meaning, beyondSpec }) => {
      const trace = codes.get(code);
      return `| \`${code}\` | ${meaning}${beyondSpec === undefined ? "" : ` *(added in ${beyondSpec}, beyond SPEC §7)*`} | ${fileList(trace?.enforcedIn ?? [], MAX_FILES_IN_TABLE)} | ${fileList((trace?.checkedBy ?? []).map((t) => t.file), MAX_FILES_IN_TABLE)} |`;
    }),
    '',
  );
  return lines.join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const file = join(root, RULES_DOC);
  writeFileSync(file, renderRules());
  const missing = [...traceRules()].filter(([, t]) => t.enforcedIn.length === 0 || t.checkedBy.length === 0).map(([id, t]) => `${id}${t.enforcedIn.length === 0 ? ' (no enforcing file)' : ''}${t.checkedBy.length === 0 ? ' (no test)' : ''}`);
  console.log(`${RULES_DOC} written${missing.length > 0 ? `; rules without an enforcing file or a test: ${missing.join(', ')}` : ''}`);
}
