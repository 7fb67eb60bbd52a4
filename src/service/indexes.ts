import type { Connection } from '../connection/state.js';
import type { IndexEntry } from '../ports/storage.js';
import type { Share, Team } from '../shared-project/state.js';

/**
 * The secondary indexes the service maintains with every commit (see `IndexEntry`), and reads for its
 * list queries: each query reads one term of one index, never the whole store.
 *
 * @remarks
 * - `connection_by_project`: term = a project id (upstream or downstream), order = request time.
 * - `connection_by_company`: term = a company id (either side), order = request time.
 * - `connection_by_state`: term = the stored state, order = since when.
 * - `connection_deadline`: term = `''`, order = the end date, only for pending and connected connections
 *   that have one: the deadline sweep reads `order ≤ now`. A pending expiry (C17) is not stored here,
 *   because it depends on the policy in force when the sweep runs: the sweep reads it from
 *   `connection_by_state`, term `pending`, `order ≤ now − pendingExpiryMs`.
 * - `share_by_team`: term = a team id (host or external), order = invitation time.
 * - `share_by_state`: term = the share's state, order = since when.
 * - `team_by_plan`: term = a team's plan, order = registration time.
 *
 * @example
 * ```ts
 * const page = await storage.query({ index: SERVICE_INDEXES.connectionByProject, term: 'tower', limit: 100 });
 * ```
 * @since 0.2.0
 */
export const SERVICE_INDEXES = Object.freeze({
  connectionByProject: 'connection_by_project',
  connectionByCompany: 'connection_by_company',
  connectionByState: 'connection_by_state',
  connectionDeadline: 'connection_deadline',
  shareByTeam: 'share_by_team',
  shareByState: 'share_by_state',
  teamByPlan: 'team_by_plan',
} as const);

const I = SERVICE_INDEXES;

/**
 * Internal: the index entries of a connection record. None depends on the policy, so a service
 * restarted with another policy reads the same store correctly.
 * @internal
 */
export function connectionIndexEntries(c: Connection): IndexEntry[] {
  const at = c.requestedAt;
  const entries: IndexEntry[] = [
    { index: I.connectionByProject, term: c.upstream.projectId, order: at },
    { index: I.connectionByProject, term: c.downstream.projectId, order: at },
    { index: I.connectionByCompany, term: c.upstream.companyId, order: at },
    { index: I.connectionByState, term: c.state, order: c.stateSince },
  ];
  if (c.downstream.companyId !== c.upstream.companyId) entries.push({ index: I.connectionByCompany, term: c.downstream.companyId, order: at });
  if (c.endsAt !== null && (c.state === 'pending' || c.state === 'connected')) entries.push({ index: I.connectionDeadline, term: '', order: c.endsAt });
  return entries;
}

/**
 * Internal: the index entries of a share record.
 * @internal
 */
export function shareIndexEntries(s: Share): IndexEntry[] {
  return [
    { index: I.shareByTeam, term: s.hostTeamId, order: s.invitedAt },
    { index: I.shareByTeam, term: s.externalTeamId, order: s.invitedAt },
    { index: I.shareByState, term: s.state, order: s.stateSince },
  ];
}

/**
 * Internal: the index entries of a team record.
 * @internal
 */
export function teamIndexEntries(t: Team): IndexEntry[] {
  return [{ index: I.teamByPlan, term: t.plan, order: t.registeredAt }];
}
