import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { renderReadme, SNIPPET_DIR, snippetNames } from '../../scripts/readme.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const readme = () => readFileSync(resolve(root, 'README.md'), 'utf8');
const names = snippetNames();
const files = names.map((n) => resolve(root, SNIPPET_DIR, `${n}.ts`));

/** What each snippet must print on the in-memory default (one pattern per line, in order). */
const EXPECTED_OUTPUT: Record<string, readonly RegExp[]> = {
  'quick-start': [/^connected$/],
  service: [/^requested: pending$/, /gina ← ConnectionRequested$/, /^approved: connected$/, /gina ← ConnectionCreated$/, /elena ← ConnectionCreated$/, /start_sync for cn-/, /^copies queued: 1$/, /elena ← InitialSyncComplete$/, /copy for cn-/, /elena ← NewDrawingsPublished$/],
};

describe('docs: the README snippets are tested files (examples/readme/)', () => {
  it('there are snippet files, and each has its expected output listed here', () => {
    expect(names).toEqual(['quick-start', 'service']);
    expect(Object.keys(EXPECTED_OUTPUT).sort()).toEqual(names);
  });

  it('README.md embeds every snippet file verbatim (run `npm run readme` to update)', () => {
    expect(readme()).toBe(renderReadme());
  });

  it('every TypeScript block of README.md is an embedded snippet file', () => {
    const text = readme();
    const blocks = [...text.matchAll(/^```ts$/gm)].length;
    const embedded = [...text.matchAll(/<!-- snippet:[\w-]+ -->\n```ts\n/g)].length;
    expect(blocks).toBe(names.length);
    expect(embedded).toBe(names.length);
  });

  it('the snippets import the package by name, never the source tree', () => {
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).toMatch(/from 'project-connections(\/\w+)?'/);
      expect(code, file).not.toMatch(/from '\.\.?\//);
    }
  });

  it('the snippets are in tsconfig.json `include` and typecheck (package name resolved by `paths`)', () => {
    const config = ts.getParsedCommandLineOfConfigFile(resolve(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    expect(config).toBeDefined();
    const included = new Set((config?.fileNames ?? []).map((f) => resolve(f)));
    for (const file of files) expect(included.has(file), file).toBe(true);
    const program = ts.createProgram(files, config?.options ?? {});
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 60_000);

  it.each(names)('%s runs on the in-memory default with no network and prints what it says', async (name) => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--import', './test/docs/no-network.ts', `${SNIPPET_DIR}/${name}.ts`], { cwd: root, timeout: 60_000 });
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    const expected = EXPECTED_OUTPUT[name] ?? [];
    expect(lines).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(lines[i]).toMatch(pattern));
  }, 60_000);
});
