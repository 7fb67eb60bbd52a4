import { CONNECTION_STATES } from '../connection/machine.js';
import type { Connection, ConnectionView, ProjectLedger } from '../connection/state.js';
import type { StoragePort, VersionedRecord } from '../ports/storage.js';
import { SHARE_STATES } from '../shared-project/machine.js';
import { PLANS } from '../shared-project/plans.js';
import type { Share, SharedProject, SharedProjectView, Team, TeamUsageRecord } from '../shared-project/state.js';
import { SERVICE_INDEXES } from '../service/indexes.js';

/** Every record of some index terms, page by page (a test helper: it reads everything it is asked for). */
async function everyRecord(storage: StoragePort, index: string, terms: readonly string[]): Promise<VersionedRecord[]> {
  const out: VersionedRecord[] = [];
  for (const term of terms) {
    let page = await storage.query({ index, term, limit: 1000 });
    for (;;) {
      out.push(...page.records);
      if (page.next === null) break;
      page = await storage.query({ index, term, limit: 1000, after: page.next });
    }
  }
  return out;
}

function put<T>(out: Record<string, T>, id: string, value: T): void {
  Object.defineProperty(out, id, { value, enumerable: true, writable: true, configurable: true });
}

async function loadInto<T>(storage: StoragePort, prefix: string, ids: Iterable<string>, out: Record<string, T>): Promise<void> {
  const keys = [...new Set(ids)].map((id) => prefix + id);
  if (keys.length === 0) return;
  for (const r of await storage.load(keys)) if (r.data !== null && r.data !== undefined) put(out, r.key.slice(prefix.length), r.data as T);
}

/**
 * Every connection and project ledger the service stored, as one view: check it with
 * `connectionInvariantViolations` after a test run on any storage adapter.
 *
 * @remarks
 * Reads the service's `connection_by_state` index (every state, every page) and the ledgers of the
 * connections' projects (a ledger exists only for a project that was in a connection): for tests, not
 * for production paths. A read that fails rejects the call: an unreadable storage is never an empty
 * view (on which every invariant would hold).
 *
 * @example
 * ```ts
 * expect(connectionInvariantViolations(await storedConnectionView(storage))).toEqual([]);
 * ```
 * @since 0.1.0
 */
export function storedConnectionView(storage: StoragePort): Promise<ConnectionView> {
  return connectionView(storage);
}

async function connectionView(storage: StoragePort): Promise<ConnectionView> {
  const connections: Record<string, Connection> = {};
  const projects: Record<string, ProjectLedger> = {};
  for (const r of await everyRecord(storage, SERVICE_INDEXES.connectionByState, CONNECTION_STATES)) {
    if (r.data !== null && r.data !== undefined) put(connections, r.key.slice('connection:'.length), r.data as Connection);
  }
  const ids = Object.values(connections).flatMap((c) => [c.upstream.projectId, c.downstream.projectId]);
  await loadInto(storage, 'ledger:', ids, projects);
  return { connections, projects };
}

/**
 * Every team, shared project, share and usage record the service stored, as one view: check it with
 * `auditSharedProjectUsage` (H4) after a test run on any storage adapter.
 *
 * @remarks
 * Reads the `share_by_state` and `team_by_plan` indexes (every page), then the shares' projects and
 * every team's usage record: for tests, not for production paths. A read that fails rejects the call.
 *
 * @example
 * ```ts
 * const audit = auditSharedProjectUsage(await storedSharedProjectView(storage));
 * ```
 * @since 0.1.0
 */
export function storedSharedProjectView(storage: StoragePort): Promise<SharedProjectView> {
  return sharedProjectView(storage);
}

async function sharedProjectView(storage: StoragePort): Promise<SharedProjectView> {
  const teams: Record<string, Team> = {};
  const projects: Record<string, SharedProject> = {};
  const shares: Record<string, Share> = {};
  const usage: Record<string, TeamUsageRecord> = {};
  for (const r of await everyRecord(storage, SERVICE_INDEXES.shareByState, SHARE_STATES)) {
    if (r.data !== null && r.data !== undefined) put(shares, r.key.slice('share:'.length), r.data as Share);
  }
  for (const r of await everyRecord(storage, SERVICE_INDEXES.teamByPlan, PLANS)) {
    if (r.data !== null && r.data !== undefined) put(teams, r.key.slice('team:'.length), r.data as Team);
  }
  const allShares = Object.values(shares);
  await loadInto(storage, 'shared_project:', allShares.map((s) => s.sharedProjectId), projects);
  await loadInto(storage, 'team:', allShares.flatMap((s) => [s.hostTeamId, s.externalTeamId]), teams);
  await loadInto(storage, 'team_usage:', Object.keys(teams), usage);
  return { teams, projects, shares, usage };
}
