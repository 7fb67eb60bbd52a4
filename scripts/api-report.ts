/**
 * Generates docs/api-report.md: every name each public entry point exports (the core, `/testing`,
 * `/postgres`, `/extras`), with its kind, read by the TypeScript checker from the sources, so a change to the
 * public surface shows up as a diff in review (as api-extractor's report does).
 *
 *   npm run api-report        rewrite the report
 *   (test/package/api-report.test.ts fails when the report is out of date)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');

/** Where the report lives, relative to the repository root. */
export const API_REPORT = 'docs/api-report.md';

/** The entry points, as package.json exports them. */
export const API_ENTRIES: readonly { readonly name: string; readonly file: string }[] = [
  { name: 'project-connections', file: 'src/index.ts' },
  { name: 'project-connections/testing', file: 'src/testing/index.ts' },
  { name: 'project-connections/postgres', file: 'src/adapters/postgres/index.ts' },
  { name: 'project-connections/extras', file: 'src/extras.ts' },
  { name: 'project-connections/schemas', file: 'src/schemas.ts' },
];

/** One exported name, what it is and the version it appeared in (its `@since` tag, `''` when missing). */
export interface ApiName {
  readonly name: string;
  readonly kind: 'function' | 'const' | 'class' | 'interface' | 'type' | 'enum' | 'namespace';
  readonly since: string;
}

function kindOf(symbol: ts.Symbol): ApiName['kind'] {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  return 'namespace';
}

/** The names of each entry point, sorted, read by the checker. */
export function apiNames(): Map<string, ApiName[]> {
  const program = ts.createProgram(
    API_ENTRIES.map((e) => resolve(root, e.file)),
    { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const out = new Map<string, ApiName[]>();
  for (const entry of API_ENTRIES) {
    const source = program.getSourceFile(resolve(root, entry.file));
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (module === undefined) throw new Error(`no module symbol for ${entry.file}`);
    const names = checker.getExportsOfModule(module).map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      const since = target.getJsDocTags(checker).find((t) => t.name === 'since');
      return { name: s.getName(), kind: kindOf(target), since: ts.displayPartsToString(since?.text ?? []).trim() };
    });
    out.set(entry.name, names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }
  return out;
}

/** The full text of docs/api-report.md. */
export function renderApiReport(names: Map<string, ApiName[]> = apiNames()): string {
  const lines = [
    '# API report',
    '',
    'Every name the public entry points export, read from the sources by the TypeScript checker',
    '(`npm run api-report`; a test fails when this file is out of date), with the version each appeared in',
    '(its `@since` tag). A change to the public surface is a change to this file: review it like code.',
    '',
  ];
  for (const entry of API_ENTRIES) {
    const list = names.get(entry.name) ?? [];
    const values = list.filter((n) => n.kind === 'function' || n.kind === 'const' || n.kind === 'class' || n.kind === 'enum').length;
    lines.push(`## \`${entry.name}\` (${entry.file})`, '', `${list.length} names: ${values} values, ${list.length - values} types.`, '', '```');
    const width = Math.max(0, ...list.map((n) => n.name.length));
    for (const n of list) lines.push(`${n.kind.padEnd(9)} ${n.name.padEnd(width)}  ${n.since}`.trimEnd());
    lines.push('```', '');
  }
  return lines.join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(resolve(root, API_REPORT), renderApiReport());
}
