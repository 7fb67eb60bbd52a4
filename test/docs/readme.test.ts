import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('docs: the README quick start runs as written', () => {
  it('its first TypeScript block connects the projects', async () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Quick start'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    const dir = resolve(root, '.tmp/readme');
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, 'quick-start.ts');
    writeFileSync(file, (code ?? '').replace("from 'project-connections'", `from ${JSON.stringify(resolve(root, 'src/index.ts'))}`));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(pathToFileURL(file).href);
      expect(log.mock.calls).toEqual([['connected']]);
    } finally {
      log.mockRestore();
    }
  });
});
