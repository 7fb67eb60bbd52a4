/**
 * Vitest global setup: a throwaway PostgreSQL server for the adapter's real-server tests.
 *
 * - `PG_TEST_URL` set (as `.ci/run` does): used as is.
 * - Otherwise, when PostgreSQL binaries exist (`/usr/lib/postgresql/<v>/bin`): a fresh cluster in a
 *   temporary directory on 127.0.0.1 and a free port (as the `postgres` user when running as root),
 *   stopped and deleted in teardown.
 * - Otherwise nothing is started and the reason is provided as `pgTestError`: the real-server tests
 *   then fail with it (never a silent skip).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of the PostgreSQL server for real-server tests, or '' when none could be had. */
    pgTestUrl: string;
    /** Why no server could be had ('' when there is one). */
    pgTestError: string;
  }
}

const ROOT = '/usr/lib/postgresql';

function postgresBin(): string | undefined {
  if (!existsSync(ROOT)) return undefined;
  const versions = readdirSync(ROOT)
    .filter((v) => existsSync(join(ROOT, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] === undefined ? undefined : join(ROOT, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: run its tools as the `postgres` user then. */
function asPostgres(file: string, args: string[]): void {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  else execFileSync(file, args, { stdio: 'pipe' });
}

function stopCluster(bin: string, dir: string): void {
  const data = join(dir, 'data');
  try {
    asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
  } catch {
    try {
      const pid = Number.parseInt(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // Already gone.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env['PG_TEST_URL'];
  if (given !== undefined && given !== '') {
    project.provide('pgTestUrl', given);
    project.provide('pgTestError', '');
    return undefined;
  }
  const bin = postgresBin();
  if (bin === undefined) {
    project.provide('pgTestUrl', '');
    project.provide('pgTestError', `no PG_TEST_URL and no PostgreSQL binaries under ${ROOT}: install PostgreSQL (apt-get install postgresql) or set PG_TEST_URL`);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pc-pg-'));
  try {
    if (typeof process.getuid === 'function' && process.getuid() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    }
    const port = await freePort();
    asPostgres(join(bin, 'initdb'), ['-D', join(dir, 'data'), '--auth=trust', '--no-sync', '-U', 'postgres']);
    asPostgres(join(bin, 'pg_ctl'), [
      '-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=100`, 'start',
    ]);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    process.env['PG_TEST_URL'] = url;
    project.provide('pgTestUrl', url);
    project.provide('pgTestError', '');
    return () => stopCluster(bin, dir);
  } catch (cause) {
    stopCluster(bin, dir);
    const detail = cause instanceof Error ? cause.message : String(cause);
    project.provide('pgTestUrl', '');
    project.provide('pgTestError', `could not start a throwaway PostgreSQL with ${bin}: ${detail}`);
    return undefined;
  }
}
