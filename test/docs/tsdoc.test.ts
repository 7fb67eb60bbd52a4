import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** The public entry points whose every export must be documented. */
const ENTRIES = ['src/index.ts', 'src/testing/index.ts', 'src/adapters/postgres/index.ts', 'src/extras.ts', 'src/schemas.ts'];

/** The checker and the exports of an entry (each alias resolved to its symbol), or why they cannot be read. */
function entryExports(entry: string): { readonly checker: ts.TypeChecker; readonly exports: readonly { readonly name: string; readonly symbol: ts.Symbol }[] } | string {
  const program = ts.createProgram([resolve(root, entry)], { strict: true, skipLibCheck: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(resolve(root, entry));
  if (source === undefined) return `${entry}: not found`;
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) return `${entry}: no exports`;
  const exports = checker.getExportsOfModule(moduleSymbol).map((exported) => ({
    name: exported.name,
    symbol: exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported,
  }));
  return { checker, exports };
}

function undocumented(entry: string): string[] {
  const read = entryExports(entry);
  if (typeof read === 'string') return [read];
  const problems: string[] = [];
  for (const { name, symbol } of read.exports) {
    const summary = ts.displayPartsToString(symbol.getDocumentationComment(read.checker)).trim();
    const tags = symbol.getJsDocTags(read.checker).map((t) => t.name);
    if (summary === '') problems.push(`${name}: no summary`);
    if (!tags.includes('example')) problems.push(`${name}: no @example`);
    const since = symbol.getJsDocTags(read.checker).find((t) => t.name === 'since');
    const version = ts.displayPartsToString(since?.text ?? []).trim();
    if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`${name}: no @since <version>`);
  }
  return problems;
}

describe('docs: every public symbol has a TSDoc summary, an @example and the version it appeared in (@since)', () => {
  it.each(ENTRIES)('%s', (entry) => {
    expect(undocumented(entry)).toEqual([]);
  }, 60_000);
});

/** The members of the interfaces an entry exports (declared under src/) that have no TSDoc summary. */
function undocumentedMembers(entry: string): string[] {
  const read = entryExports(entry);
  if (typeof read === 'string') return [read];
  const src = resolve(root, 'src') + '/';
  const problems = new Set<string>();
  for (const { name, symbol } of read.exports) {
    if (!(symbol.flags & ts.SymbolFlags.Interface)) continue;
    for (const decl of symbol.declarations ?? []) {
      if (!ts.isInterfaceDeclaration(decl) || !decl.getSourceFile().fileName.startsWith(src)) continue;
      for (const member of decl.members) {
        const memberSymbol = (member as ts.Declaration & { symbol?: ts.Symbol }).symbol;
        const summary = memberSymbol === undefined ? '' : ts.displayPartsToString(memberSymbol.getDocumentationComment(read.checker)).trim();
        if (summary === '') problems.add(`${decl.getSourceFile().fileName.slice(src.length)}: ${name}.${member.name?.getText() ?? '(signature)'}`);
      }
    }
  }
  return [...problems];
}

describe('docs: every member of a public interface is documented', () => {
  it.each(ENTRIES)('%s', (entry) => {
    expect(undocumentedMembers(entry)).toEqual([]);
  }, 60_000);
});
