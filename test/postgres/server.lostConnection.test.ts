import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { onRealServer, realServer } from './realServer.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const server = realServer();

onRealServer(server, '§8: a real PostgreSQL server is available for the adapter tests', (url) => {
  it.each(['commit', 'migrate'] as const)('PORT_UNAVAILABLE/§8: a connection the adapter checked out (%s) that the server terminates rejects the call; the process lives on', async (mode) => {
    const schema = `pc_lost_${mode}_${process.pid}`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/postgres/lostConnection.child.ts', url, schema, mode], { cwd: root, timeout: 60_000 }).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`the child process died:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toContain('terminated true');
    // A call that lost its connection may or may not have applied: it is not marked committed: false.
    expect(lines).toContain('rejected committed=undefined');
    expect(lines).toContain('alive');
    expect(lines.at(-1)).toBe('exit 0');
  }, 90_000);
});
