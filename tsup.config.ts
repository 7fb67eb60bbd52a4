import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig } from 'tsup';
import { writeTestingEntries } from './scripts/testing-entry.js';

/** The public entry points: the core, and the subpath exports. */
const entries = {
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  postgres: 'src/adapters/postgres/index.ts',
  extras: 'src/extras.ts',
  schemas: 'src/schemas.ts',
};

const sources = ['src/**/*.ts', '!src/**/*.test.ts', '!src/**/*.test-d.ts', '!src/**/spec-helpers.ts'];

export default defineConfig([
  // ESM: one output file per source file, so bundlers drop every module a consumer does not import
  // (`sideEffects: false`), even though zod schemas are built at module load.
  {
    entry: sources,
    format: ['esm'],
    bundle: false,
    outDir: 'dist',
    clean: true,
    sourcemap: true,
    target: 'es2022',
    // `project-connections/testing` resolves to small entries that name the missing optional peer
    // (fast-check) instead of failing with a raw module error; they re-export the ESM build's values.
    onSuccess: async () => {
      const testing = (await import(`${pathToFileURL(resolve('dist/testing/index.js')).href}?${Date.now()}`)) as Record<string, unknown>;
      writeTestingEntries(resolve('dist'), Object.keys(testing));
    },
  },
  // CommonJS: one file per entry point plus shared chunks (`splitting`), so `require('project-connections')`
  // and `require('project-connections/testing')` share one copy of the core (one module instance: the
  // same classes, frozen constants and caches). Dependencies stay external.
  {
    entry: entries,
    format: ['cjs'],
    splitting: true,
    outDir: 'dist',
    sourcemap: true,
    target: 'es2022',
    outExtension: () => ({ js: '.cjs' }),
  },
  // Types for both: index.d.ts and index.d.cts.
  {
    entry: entries,
    format: ['esm', 'cjs'],
    outDir: 'dist',
    dts: { only: true },
  },
]);
