import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Each runnable example, and lines its story must print when run on its own. */
const STORIES: Record<string, readonly string[]> = {
  'demo.ts': ['━━ project-connections demo ━━', '■ Permission matrix', 'Electric tries to reconnect (C10): RECONNECT_FORBIDDEN'],
  'service-demo.ts': ['Build Co approves requests by hand (C5: manual)', 'Studio plan usage: 1 of 3'],
  'permissions-demo.ts': ['Template "Subcontractor PM"', 'Explained denials:'],
  'shared-projects-demo.ts': ['Teams: an agency on Professional', 'PLAN_LIMIT_REACHED'],
  'sync-demo.ts': ['ana approves the request', 'downstream sub-tower now holds:'],
};

describe('examples', () => {
  it('every example imports the package by name (`project-connections`), never `../src`', () => {
    const dirs = ['examples', 'examples/readme'];
    const files = dirs.flatMap((d) => readdirSync(resolve(root, d)).filter((f) => f.endsWith('.ts')).map((f) => `${d}/${f}`));
    expect(files.length).toBeGreaterThan(6);
    for (const file of files) expect(readFileSync(resolve(root, file), 'utf8'), file).not.toMatch(/from '(\.\.\/)+src\//);
  });

  it.each(Object.keys(STORIES))('%s prints its story when run on its own (`npx tsx examples/<name>.ts`), with no network', async (file) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', './test/docs/no-network.ts', `examples/${file}`], { cwd: root, timeout: 60_000 });
    for (const line of STORIES[file] ?? []) expect(stdout).toContain(line);
    expect(stdout.split('\n').length).toBeGreaterThan(10);
  }, 60_000);
});
