import { dueDeadline } from '../connection/deadlines.js';
import type { ConnectionState } from '../connection/machine.js';
import { resolvePolicy } from '../connection/policy.js';
import type { Connection } from '../connection/state.js';
import type { CompanyId, ConnectionId, ProjectId, SharedProjectId, TeamId } from '../core/ids.js';
import type { ShareId } from '../shared-project/ids.js';
import type { ShareState } from '../shared-project/machine.js';
import type { Plan } from '../shared-project/plans.js';
import { resolveSharedProjectPolicy } from '../shared-project/plans.js';
import type { Share, Team, TeamUsageRecord } from '../shared-project/state.js';
import { CONNECTION_KEY } from './connectionCommand.js';
import type { ServiceDeps } from './ports.js';
import { SHARED_KEYS } from './sharedProjectCommand.js';

/**
 * A connection with its state as of now: deadlines included (a connection past its end date reads
 * `disconnected` even before the sweep recorded it), and since when.
 *
 * @example
 * ```ts
 * const s: ConnectionStatus = { connection, state: 'disconnected', since: connection.endsAt! };
 * ```
 */
export interface ConnectionStatus {
  readonly connection: Connection;
  readonly state: ConnectionState;
  readonly since: number;
}

/**
 * One line of a company's or team's inventory: an external connection or a shared project, with its
 * state, the counterpart and since when.
 *
 * @example
 * ```ts
 * for (const e of inventory) console.log(`${e.kind} ${e.id}: ${e.state} since ${new Date(e.since).toISOString()}`);
 * ```
 */
export type InventoryEntry =
  | {
      readonly kind: 'connection';
      readonly id: ConnectionId;
      readonly role: 'upstream' | 'downstream';
      readonly projectId: ProjectId;
      readonly counterpart: { readonly companyId: CompanyId; readonly projectId: ProjectId };
      readonly dataTypes: readonly string[];
      readonly state: ConnectionState;
      readonly since: number;
    }
  | {
      readonly kind: 'shared_project';
      readonly id: ShareId;
      readonly sharedProjectId: SharedProjectId;
      readonly role: 'host' | 'external';
      readonly counterpart: { readonly teamId: TeamId };
      readonly state: ShareState;
      readonly since: number;
    };

/**
 * A team's use of its plan's shared-project slots (H4, H5).
 *
 * @example
 * ```ts
 * const u: PlanUsage = { teamId, plan: 'professional', limit: 3, count: 2, available: 1, shareIds: [] };
 * ```
 */
export interface PlanUsage {
  readonly teamId: TeamId;
  readonly plan: Plan;
  readonly limit: number;
  readonly count: number;
  /** Slots left (0 when at or over the limit, H5). */
  readonly available: number;
  readonly shareIds: readonly ShareId[];
}

/** Internal: a connection's status at `at`. */
export function statusOf(deps: ServiceDeps, connection: Connection, at: number): ConnectionStatus {
  const due = dueDeadline(connection, at, resolvePolicy(deps.policy.connection));
  if (due === null) return Object.freeze({ connection, state: connection.state, since: connection.stateSince });
  return Object.freeze({ connection, state: due.type === 'ConnectionExpired' ? 'expired' : 'disconnected', since: due.at });
}

/** Internal: every stored connection (a scan; adapters may index it). */
export async function allConnections(deps: ServiceDeps): Promise<Connection[]> {
  const records = await deps.storage.list(CONNECTION_KEY);
  if (!Array.isArray(records)) throw new Error('storage answered a list with something other than an array');
  return records.filter((r) => r.data !== null && r.data !== undefined).map((r) => r.data as Connection);
}

/** Internal: every stored share. */
export async function allShares(deps: ServiceDeps): Promise<Share[]> {
  const records = await deps.storage.list(SHARED_KEYS.share);
  if (!Array.isArray(records)) throw new Error('storage answered a list with something other than an array');
  return records.filter((r) => r.data !== null && r.data !== undefined).map((r) => r.data as Share);
}

/** Internal: the inventory of a company (connections) and of a team (shares). */
export async function inventoryOf(deps: ServiceDeps, companyId: CompanyId | undefined, teamId: TeamId | undefined, at: number): Promise<InventoryEntry[]> {
  const out: InventoryEntry[] = [];
  if (companyId !== undefined) {
    for (const c of await allConnections(deps)) {
      const role = c.upstream.companyId === companyId ? 'upstream' : c.downstream.companyId === companyId ? 'downstream' : null;
      if (role === null) continue;
      const other = role === 'upstream' ? c.downstream : c.upstream;
      const status = statusOf(deps, c, at);
      out.push(Object.freeze({ kind: 'connection', id: c.id, role, projectId: c[role].projectId, counterpart: other, dataTypes: c.dataTypes, state: status.state, since: status.since }));
    }
  }
  if (teamId !== undefined) {
    for (const s of await allShares(deps)) {
      const role = s.hostTeamId === teamId ? 'host' : s.externalTeamId === teamId ? 'external' : null;
      if (role === null) continue;
      out.push(Object.freeze({ kind: 'shared_project', id: s.id, sharedProjectId: s.sharedProjectId, role, counterpart: { teamId: role === 'host' ? s.externalTeamId : s.hostTeamId }, state: s.state, since: s.stateSince }));
    }
  }
  return out;
}

/** Internal: a team's plan usage, or undefined when the team is not registered. */
export async function usageOf(deps: ServiceDeps, teamId: TeamId): Promise<PlanUsage | undefined> {
  const [team, usage] = await deps.storage.load([SHARED_KEYS.team + teamId, SHARED_KEYS.usage + teamId]);
  const t = team?.data as Team | null | undefined;
  if (t === null || t === undefined) return undefined;
  const u = usage?.data as TeamUsageRecord | null | undefined;
  const limit = resolveSharedProjectPolicy(deps.policy.sharedProject).limits[t.plan];
  const count = u?.count ?? 0;
  return Object.freeze({ teamId, plan: t.plan, limit, count, available: Math.max(0, limit - count), shareIds: Object.freeze([...(u?.shareIds ?? [])]) });
}
