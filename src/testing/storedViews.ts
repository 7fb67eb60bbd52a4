import type { Connection, ConnectionView, ProjectLedger } from '../connection/state.js';
import type { StoragePort } from '../ports/storage.js';
import type { Share, SharedProject, SharedProjectView, Team, TeamUsageRecord } from '../shared-project/state.js';

async function collection<T>(storage: StoragePort, prefix: string): Promise<Record<string, T>> {
  const out: Record<string, T> = {};
  let records: readonly { key: string; data: unknown }[] = [];
  try {
    records = await storage.list(prefix);
  } catch {
    return out;
  }
  for (const r of Array.isArray(records) ? records : []) {
    if (r.data === null || r.data === undefined) continue;
    Object.defineProperty(out, r.key.slice(prefix.length), { value: r.data, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Every connection and project ledger the service stored, as one view: check it with
 * `connectionInvariantViolations` after a test run on any storage adapter.
 *
 * @example
 * ```ts
 * expect(connectionInvariantViolations(await storedConnectionView(storage))).toEqual([]);
 * ```
 */
export async function storedConnectionView(storage: StoragePort): Promise<ConnectionView> {
  return { connections: await collection<Connection>(storage, 'connection:'), projects: await collection<ProjectLedger>(storage, 'ledger:') };
}

/**
 * Every team, shared project, share and usage record the service stored, as one view: check it with
 * `auditSharedProjectUsage` (H4) after a test run on any storage adapter.
 *
 * @example
 * ```ts
 * const audit = auditSharedProjectUsage(await storedSharedProjectView(storage));
 * ```
 */
export async function storedSharedProjectView(storage: StoragePort): Promise<SharedProjectView> {
  return {
    teams: await collection<Team>(storage, 'team:'),
    projects: await collection<SharedProject>(storage, 'shared_project:'),
    shares: await collection<Share>(storage, 'share:'),
    usage: await collection<TeamUsageRecord>(storage, 'team_usage:'),
  };
}
