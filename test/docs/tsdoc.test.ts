import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** The public entry points whose every export must be documented. */
const ENTRIES = ['src/index.ts', 'src/testing/index.ts', 'src/adapters/postgres/index.ts', 'src/extras.ts'];

function undocumented(entry: string): string[] {
  const program = ts.createProgram([resolve(root, entry)], { strict: true, skipLibCheck: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(resolve(root, entry));
  if (source === undefined) return [`${entry}: not found`];
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) return [`${entry}: no exports`];
  const problems: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const tags = symbol.getJsDocTags(checker).map((t) => t.name);
    if (summary === '') problems.push(`${exported.name}: no summary`);
    if (!tags.includes('example')) problems.push(`${exported.name}: no @example`);
    const since = symbol.getJsDocTags(checker).find((t) => t.name === 'since');
    const version = ts.displayPartsToString(since?.text ?? []).trim();
    if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`${exported.name}: no @since <version>`);
  }
  return problems;
}

describe('docs: every public symbol has a TSDoc summary, an @example and the version it appeared in (@since)', () => {
  it.each(ENTRIES)('%s', (entry) => {
    expect(undocumented(entry)).toEqual([]);
  }, 60_000);
});
