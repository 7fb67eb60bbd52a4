/**
 * The size of the pure check path as a consumer's bundler sees it (issue 16): an ESM bundle of only
 * `can`, and of only the compiled check path (`compileTemplate`, `checkCompiled`,
 * `createPermissionHandle`), imported from the package's core entry, minified, with zod and immer
 * bundled (not external: they count). Target: each ≤ 10 KB gzip.
 *
 *   npx tsx bench/size-check.ts
 */
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

/** The bundles measured: what each one exports from the core entry. */
export const CHECK_PATH_BUNDLES = Object.freeze({
  canOnly: "export { can } from './src/index.ts';",
  checkOnly: "export { compileTemplate, checkCompiled, createPermissionHandle } from './src/index.ts';",
});

/** Bytes of a minified ESM bundle of `contents` (resolved from the repository root), raw and gzipped, and the packages it pulled in. */
export async function bundleSize(contents: string): Promise<{ bytes: number; gzip: number; packages: string[] }> {
  const out = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]?.contents ?? new Uint8Array();
  // The packages whose code ends up in the bundle (the metafile also lists modules tree-shaken to nothing).
  const inputs = Object.values(out.metafile.outputs)[0]?.inputs ?? {};
  const used = Object.entries(inputs).filter(([, v]) => v.bytesInOutput > 0).map(([f]) => f);
  const packages = [...new Set(used.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? []))].sort();
  return { bytes: code.byteLength, gzip: gzipSync(code).byteLength, packages };
}

/** The gzipped sizes of the two check-path bundles, in KB (1 KB = 1024 bytes), with the bytes and bundled packages. */
export async function benchCheckPathSize(): Promise<{
  canOnlyGzipKb: number;
  checkOnlyGzipKb: number;
  canOnly: { bytes: number; gzip: number; packages: string[] };
  checkOnly: { bytes: number; gzip: number; packages: string[] };
}> {
  const canOnly = await bundleSize(CHECK_PATH_BUNDLES.canOnly);
  const checkOnly = await bundleSize(CHECK_PATH_BUNDLES.checkOnly);
  return { canOnlyGzipKb: canOnly.gzip / 1024, checkOnlyGzipKb: checkOnly.gzip / 1024, canOnly, checkOnly };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(JSON.stringify(await benchCheckPathSize(), null, 2));
}
