import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Examples and snippets import the package by name, as users do; in the repository that is the source
  // (like tsconfig.json's `paths`), never a stale `dist/` reached through the package's self-reference.
  resolve: {
    alias: [
      { find: /^project-connections$/, replacement: source('./src/index.ts') },
      { find: /^project-connections\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^project-connections\/postgres$/, replacement: source('./src/adapters/postgres/index.ts') },
      { find: /^project-connections\/extras$/, replacement: source('./src/extras.ts') },
      { find: /^project-connections\/schemas$/, replacement: source('./src/schemas.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    globalSetup: ['./test/setup/postgres.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
