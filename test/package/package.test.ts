import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { publint } from 'publint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  sideEffects: boolean;
  exports: Record<string, unknown>;
};

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
}, 120_000);

/** Every module specifier the ESM build of `file` reaches, following relative imports. */
function reachableImports(file: string, seen = new Set<string>()): Set<string> {
  const bare = new Set<string>();
  if (seen.has(file)) return bare;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = match[1] ?? match[2] ?? '';
    if (spec.startsWith('.')) for (const s of reachableImports(resolve(dirname(file), spec), seen)) bare.add(s);
    else bare.add(spec);
  }
  return bare;
}

describe('package quality', () => {
  it('runtime dependencies are exactly immer and zod; fast-check and pg are optional peers', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['immer', 'zod']);
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['fast-check', 'pg']);
    expect(pkg.peerDependenciesMeta['fast-check']?.optional).toBe(true);
    expect(pkg.peerDependenciesMeta['pg']?.optional).toBe(true);
    expect(pkg.sideEffects).toBe(false);
  });

  it('the build emits ESM, CJS and types for the core entry', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) expect(existsSync(join(root, 'dist', file))).toBe(true);
  });

  it('every path of the exports map exists after the build', () => {
    const paths: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') paths.push(v);
      else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
    };
    walk(pkg.exports);
    expect(paths.length).toBeGreaterThan(12);
    expect(paths.filter((p) => !existsSync(join(root, p)))).toEqual([]);
  });

  it('the subpath entries import their optional peers only where needed, never pg at runtime', () => {
    const postgres = [...reachableImports(join(root, 'dist/adapters/postgres/index.js'))];
    expect(postgres.filter((s) => s === 'pg' || s.startsWith('pg/'))).toEqual([]);
    const testing = [...reachableImports(join(root, 'dist/testing/index.js'))];
    expect(testing).toContain('fast-check');
    expect([...reachableImports(join(root, 'dist/index.js'))]).not.toContain('fast-check');
    for (const entry of ['dist/extras.js', 'dist/schemas.js']) expect([...reachableImports(join(root, entry))].filter((s) => !s.startsWith('zod') && !s.startsWith('immer'))).toEqual([]);
  });

  it('the core entry imports nothing from node: (it runs in browsers and edge runtimes)', () => {
    const imports = [...reachableImports(join(root, 'dist/index.js'))];
    const builtins = new Set(builtinModules);
    const nodeOnly = imports.filter((s) => s.startsWith('node:') || builtins.has(s));
    expect(nodeOnly).toEqual([]);
    expect(imports.filter((s) => !s.startsWith('zod') && !s.startsWith('immer'))).toEqual([]);
  });

  it('the core entry is tree-shakeable: importing one helper bundles only that helper', async () => {
    const out = await build({
      stdin: { contents: "import { ok, err } from './dist/index.js'; console.log(ok(1), err(2));", resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    expect(code.length).toBeLessThan(1024);
    expect(code).not.toContain('zod');
  });

  it('publint finds no problem in the packed package', async () => {
    const { messages } = await publint({ pkgDir: root, pack: 'npm', level: 'suggestion' });
    expect(messages.map((m) => `${m.type}: ${m.code}`)).toEqual([]);
  }, 120_000);

  // The default ("strict") profile: node10 (TypeScript `moduleResolution: node`, via `typesVersions`),
  // node16 from CJS and from ESM, and bundler. Nothing is ignored.
  it('are-the-types-wrong finds no problem in the packed package (strict profile, node10 included)', () => {
    let output = '';
    try {
      output = execFileSync('npx', ['attw', '--pack', '.', '--profile', 'strict', '--format', 'json'], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout?: string }).stdout ?? '';
    }
    const report = JSON.parse(output.slice(output.indexOf('{'))) as { analysis: { problems: unknown[]; entrypoints: Record<string, unknown> } };
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(['.', './extras', './package.json', './postgres', './schemas', './testing']);
    expect(report.analysis.problems).toEqual([]);
  }, 120_000);

  it('the CommonJS build holds one copy of each source module: the entries share chunks', () => {
    const owners = new Map<string, string[]>();
    const cjs = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.cjs') && existsSync(join(root, 'dist', `${f}.map`)));
    expect(cjs).toEqual(expect.arrayContaining(['index.cjs', 'testing.cjs', 'postgres.cjs', 'extras.cjs', 'schemas.cjs']));
    for (const file of cjs) {
      const map = JSON.parse(readFileSync(join(root, 'dist', `${file}.map`), 'utf8')) as { sources: string[] };
      for (const source of map.sources) owners.set(source, [...(owners.get(source) ?? []), file]);
    }
    expect([...owners.keys()].some((s) => s.includes('src/core/result.ts'))).toBe(true);
    expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
  });
});

/** Runs `node` in `cwd` with `args`; never throws: the exit status and both outputs. */
function node(cwd: string, args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env['NODE_PATH'];
  delete env['NODE_OPTIONS'];
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the packed package, installed in a fresh project', () => {
  let tarballFiles: string[] = [];
  /** A project with the packed package and its dependencies (immer, zod) only: no optional peer. */
  let bare = '';
  /** The same, plus the optional peers (fast-check, pg). */
  let withPeers = '';

  beforeAll(() => {
    const tmp = mkdtempSync(join(tmpdir(), 'pc-installed-'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { filename: string; files: { path: string }[] }[];
    const tarball = join(tmp, packed[0]?.filename ?? '');
    tarballFiles = (packed[0]?.files ?? []).map((f) => f.path);
    const install = (name: string, links: readonly string[]) => {
      const dir = join(tmp, name);
      const target = join(dir, 'node_modules', 'project-connections');
      mkdirSync(target, { recursive: true });
      execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
      for (const dep of links) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }));
      return dir;
    };
    bare = install('bare', ['immer', 'zod']);
    withPeers = install('with-peers', ['immer', 'zod', 'fast-check', 'pg', '@types']);
  }, 120_000);

  it('the tarball holds the MIT LICENSE, the README and the build', () => {
    expect(tarballFiles).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.cjs', 'dist/testing-entry.js', 'dist/testing-entry.cjs']));
    const license = readFileSync(join(bare, 'node_modules/project-connections/LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 project-connections contributors\n/);
  });

  it('without fast-check, the core entry still loads (ESM and CJS)', () => {
    const cjs = node(bare, ['-e', "console.log(typeof require('project-connections').executeConnectionCommand)"]);
    const esm = node(bare, ['--input-type=module', '-e', "const m = await import('project-connections'); console.log(typeof m.executeConnectionCommand)"]);
    expect([cjs.stdout.trim(), cjs.stderr]).toEqual(['function', '']);
    expect([esm.stdout.trim(), esm.stderr]).toEqual(['function', '']);
  });

  it('without fast-check, /extras loads (ESM and CJS) and its edits feed the core check', () => {
    const code = "const t = x.setToolLevel(x.createTemplate({ id: 'pm', name: 'PM' }).value, 'photos', 'standard').value; console.log(typeof x.serializeTemplate, core.can(t, 'photos.create_albums'))";
    const cjs = node(bare, ['-e', `const core = require('project-connections'); const x = require('project-connections/extras'); ${code}`]);
    const esm = node(bare, ['--input-type=module', '-e', `const core = await import('project-connections'); const x = await import('project-connections/extras'); ${code}`]);
    expect([cjs.stdout.trim(), cjs.stderr]).toEqual(['function true', '']);
    expect([esm.stdout.trim(), esm.stderr]).toEqual(['function true', '']);
  });

  it('without fast-check, /schemas loads (ESM and CJS) and its schemas validate', () => {
    const code = "console.log(x.ConnectionCommandSchema.safeParse({ type: 'approve', connectionId: 'cn-1' }).success, x.ConnectionCommandSchema.safeParse({ type: 'aprove' }).success)";
    const cjs = node(bare, ['-e', `const x = require('project-connections/schemas'); ${code}`]);
    const esm = node(bare, ['--input-type=module', '-e', `const x = await import('project-connections/schemas'); ${code}`]);
    expect([cjs.stdout.trim(), cjs.stderr]).toEqual(['true false', '']);
    expect([esm.stdout.trim(), esm.stderr]).toEqual(['true false', '']);
  });

  it('without fast-check, require("project-connections/testing") fails with a message naming the peer to install', () => {
    const r = node(bare, ['-e', "try { require('project-connections/testing'); } catch (e) { console.log(e.code + '|' + e.message + '|' + e.cause?.code); process.exit(3); }"]);
    expect(r.status).toBe(3);
    expect(r.stdout.trim()).toBe('ERR_MISSING_PEER_DEPENDENCY|project-connections/testing needs the optional peer dependency fast-check, which is not installed. Install it: npm install --save-dev fast-check|MODULE_NOT_FOUND');
  });

  it('without fast-check, import("project-connections/testing") fails with a message naming the peer to install', () => {
    const r = node(bare, ['--input-type=module', '-e', "try { await import('project-connections/testing'); } catch (e) { console.log(e.code + '|' + e.message + '|' + e.cause?.code); process.exit(3); }"]);
    expect(r.status).toBe(3);
    expect(r.stdout.trim()).toBe('ERR_MISSING_PEER_DEPENDENCY|project-connections/testing needs the optional peer dependency fast-check, which is not installed. Install it: npm install --save-dev fast-check|ERR_MODULE_NOT_FOUND');
  });

  it('with fast-check, the testing entry exports the same values in ESM and CJS', () => {
    const cjs = node(withPeers, ['-e', "console.log(JSON.stringify(Object.keys(require('project-connections/testing')).sort()))"]);
    const esm = node(withPeers, ['--input-type=module', '-e', "const m = await import('project-connections/testing'); console.log(JSON.stringify(Object.keys(m).sort()))"]);
    expect(cjs.stderr).toBe('');
    expect(esm.stderr).toBe('');
    const names = JSON.parse(cjs.stdout) as string[];
    expect(names).toEqual(expect.arrayContaining(['storageContract', 'connectionModelCommands', 'deciderSpecification', 'faultyStorage']));
    expect(JSON.parse(esm.stdout)).toEqual(names);
  });

  it('under CommonJS, the core, /testing, /postgres and /extras share one module instance of the core', () => {
    const script = `
      const core = require('project-connections');
      const testing = require('project-connections/testing');
      const postgres = require('project-connections/postgres');
      const extras = require('project-connections/extras');
      const dist = require('node:path').dirname(require.resolve('project-connections'));
      const loaded = Object.keys(require.cache).filter((f) => f.startsWith(dist)).map((f) => require('node:path').relative(dist, f)).sort();
      console.log(JSON.stringify({
        emptyView: testing.initialConnectionReal().view === core.emptyConnectionView(),
        planLimits: testing.initialSharedProjectModel({}).limits === core.DEFAULT_PLAN_LIMITS,
        postgres: typeof postgres.createPostgresStorage,
        extras: core.can(extras.setToolLevel(extras.createTemplate({ id: 'pm', name: 'PM' }).value, 'photos', 'standard').value, 'photos.create_albums'),
        loaded,
      }));`;
    const r = node(withPeers, ['-e', script]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { emptyView: boolean; planLimits: boolean; postgres: string; extras: boolean; loaded: string[] };
    expect(out).toMatchObject({ emptyView: true, planLimits: true, postgres: 'function', extras: true });
    expect(out.loaded).toEqual(expect.arrayContaining(['index.cjs', 'testing-entry.cjs', 'testing.cjs', 'postgres.cjs', 'extras.cjs']));
    expect(out.loaded.filter((f) => f.startsWith('chunk-')).length).toBeGreaterThan(0);
  });

  it('TypeScript with `moduleResolution: node` (node10) resolves the core, /testing, /postgres, /extras and /schemas types', () => {
    const file = join(withPeers, 'index.ts');
    writeFileSync(
      file,
      [
        "import { emptyConnectionView, type ConnectionView } from 'project-connections';",
        "import { storageContractCases, type StorageContractCase } from 'project-connections/testing';",
        "import { createPostgresStorage, type PostgresStorageOptions } from 'project-connections/postgres';",
        "import { setToolLevel, type EditOptions } from 'project-connections/extras';",
        "import { ConnectionCommandSchema } from 'project-connections/schemas';",
        'const view: ConnectionView = emptyConnectionView();',
        'const cases: readonly StorageContractCase[] = storageContractCases().ok ? [] : [];',
        "const options: PostgresStorageOptions = { schema: 'pc' };",
        "const edit: EditOptions = {};",
        'export const all = [view, cases, options, createPostgresStorage, edit, setToolLevel, ConnectionCommandSchema];',
        '',
      ].join('\n'),
    );
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 60_000);
});
