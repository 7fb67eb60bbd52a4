import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { publint } from 'publint';
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

  // node16 profile: node10 resolution cannot see subpath exports, and engines.node is >= 20.
  it('are-the-types-wrong finds no problem in the packed package (node16, bundler)', () => {
    let output = '';
    try {
      output = execFileSync('npx', ['attw', '--pack', '.', '--profile', 'node16', '--format', 'json'], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout?: string }).stdout ?? '';
    }
    const report = JSON.parse(output.slice(output.indexOf('{'))) as { analysis: { problems: { resolutionKind?: string }[] } };
    expect(report.analysis.problems.filter((p) => p.resolutionKind !== 'node10')).toEqual([]);
  }, 120_000);
});
