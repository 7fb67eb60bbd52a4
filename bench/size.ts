/**
 * The size of the core entry as a consumer's bundler sees it: everything `project-connections`
 * exports, minified, with immer and zod left external (they are the consumer's dependencies too) and
 * with them bundled; raw and gzipped.
 */
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

async function bundle(external: string[]): Promise<{ bytes: number; gzip: number }> {
  const out = await build({
    stdin: { contents: "export * from './src/index.ts';", resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    external,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]?.contents ?? new Uint8Array();
  return { bytes: code.byteLength, gzip: gzipSync(code).byteLength };
}

export async function benchSize(): Promise<{ own: { bytes: number; gzip: number }; withDependencies: { bytes: number; gzip: number } }> {
  return { own: await bundle(['zod', 'immer']), withDependencies: await bundle([]) };
}
