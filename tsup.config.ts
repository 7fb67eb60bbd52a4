import { defineConfig } from 'tsup';

/** The public entry points: the core, and the subpath exports. */
const entries = {
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  postgres: 'src/adapters/postgres/index.ts',
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
  },
  // CommonJS: one bundle per entry point (dependencies stay external).
  {
    entry: entries,
    format: ['cjs'],
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
