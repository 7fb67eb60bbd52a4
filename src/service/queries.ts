import { dueDeadline } from '../connection/deadlines.js';
import type { ConnectionState } from '../connection/machine.js';
import { resolvePolicy } from '../connection/policy.js';
import type { Connection } from '../connection/state.js';
import { domainError, type DomainError, type InputIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import type { CompanyId, ConnectionId, ProjectId, SharedProjectId, TeamId } from '../core/ids.js';
import type { IndexCursor } from '../ports/storage.js';
import type { ShareId } from '../shared-project/ids.js';
import type { ShareState } from '../shared-project/machine.js';
import type { Plan } from '../shared-project/plans.js';
import { resolveSharedProjectPolicy } from '../shared-project/plans.js';
import type { Share } from '../shared-project/state.js';
import type { ServiceDeps } from './ports.js';
import { digest } from '../sync/hash.js';
import { SERVICE_INDEXES } from './indexes.js';
import { loadRecords, queryIndex } from './storageReads.js';
import { CONNECTIONS, SHARES, TEAMS, USAGE, type RecordReader } from './storedRecords.js';

/**
 * A connection with its state as of now: deadlines included (a connection past its end date reads
 * `disconnected` even before the sweep recorded it), and since when.
 *
 * @example
 * ```ts
 * const s: ConnectionStatus = { connection, state: 'disconnected', since: connection.endsAt! };
 * ```
 * @since 0.1.0
 */
export interface ConnectionStatus {
  /** The connection record as stored. */
  readonly connection: Connection;
  /** Its state as of now, deadlines included. */
  readonly state: ConnectionState;
  /** When it entered that state, in epoch milliseconds. */
  readonly since: number;
}

/**
 * One line of a company's or team's inventory: an external connection or a shared project, with its
 * state, the counterpart and since when.
 *
 * @example
 * ```ts
 * for (const e of page.items) console.log(`${e.kind} ${e.id}: ${e.state} since ${new Date(e.since).toISOString()}`);
 * ```
 * @since 0.1.0
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
 * @since 0.1.0
 */
export interface PlanUsage {
  /** The team. */
  readonly teamId: TeamId;
  /** Its current plan. */
  readonly plan: Plan;
  /** How many simultaneous shared projects the plan allows (H4). */
  readonly limit: number;
  /** How many slots the team uses (H4). */
  readonly count: number;
  /** Slots left (0 when at or over the limit, H5). */
  readonly available: number;
  /** The shares that take a slot. */
  readonly shareIds: readonly ShareId[];
}

/**
 * A stored record a list query could not read back (it is left out of the page; the others are
 * served).
 *
 * @example
 * ```ts
 * for (const c of page.corrupted) log.error(`unreadable record ${c.key}`, c.issues);
 * ```
 * @since 0.2.0
 */
export interface CorruptedRecord {
  /** The storage key of the record. */
  readonly key: string;
  /** Why it does not read back. */
  readonly issues: readonly InputIssue[];
}

/**
 * One page of a list query: the items, the cursor of the next page (`null` on the last one: pass it as
 * `after` to continue) and the records that could not be read back.
 *
 * @example
 * ```ts
 * let page = await service.projectConnections({ projectId: 'tower' });
 * while (page.ok && page.value.next !== null) page = await service.projectConnections({ projectId: 'tower', after: page.value.next });
 * ```
 * @since 0.2.0
 */
export interface Page<T> {
  /** The items of this page. */
  readonly items: readonly T[];
  /** The cursor of the next page (pass it as `after`), or null on the last. */
  readonly next: string | null;
  /** The records of this page that could not be read back (left out of `items`). */
  readonly corrupted: readonly CorruptedRecord[];
}

/**
 * Internal: the cursor prefix of one query (an index and a term): a cursor carries it, so a cursor of
 * another query — another project, another state, another list — is refused, not read as a position
 * in this one.
 * @internal
 */
export function cursorPrefix(index: string, term: string): string {
  return `${digest(`${index}\u0000${term}`).slice(0, 12)}.`;
}

/**
 * Internal: the cursor text of an index position (opaque to callers).
 * @internal
 */
export function encodeCursor(prefix: string, cursor: IndexCursor | null): string | null {
  return cursor === null ? null : `${prefix}${cursor.order}|${cursor.key}`;
}

/**
 * Internal: an index position from a cursor text, or undefined when it is not one of ours.
 * @internal
 */
export function decodeCursor(prefix: string, text: string | undefined): IndexCursor | undefined | null {
  if (text === undefined) return undefined;
  if (!text.startsWith(prefix)) return null;
  const bar = text.indexOf('|', prefix.length);
  if (bar < 0) return null;
  const order = Number(text.slice(prefix.length, bar));
  if (Number.isNaN(order)) return null;
  return { order, key: text.slice(bar + 1) };
}

/**
 * Internal: a connection's status at `at`.
 * @internal
 */
export function statusOf(deps: ServiceDeps, connection: Connection, at: number): ConnectionStatus {
  const due = dueDeadline(connection, at, resolvePolicy(deps.policy.connection));
  if (due === null) return Object.freeze({ connection, state: connection.state, since: connection.stateSince });
  return Object.freeze({ connection, state: due.type === 'ConnectionExpired' ? 'expired' : 'disconnected', since: due.at });
}

/**
 * Internal: one page of an index term, read with the record reader of its kind.
 * @internal
 */
export async function readPage<T extends object>(
  deps: ServiceDeps,
  reader: RecordReader<T>,
  query: { readonly index: string; readonly term: string; readonly from?: number; readonly to?: number; readonly after?: IndexCursor; readonly limit: number },
): Promise<{ records: T[]; next: IndexCursor | null; corrupted: CorruptedRecord[] }> {
  const page = await queryIndex(deps.storage, query);
  const records: T[] = [];
  const corrupted: CorruptedRecord[] = [];
  for (const r of page.records) {
    if (!r.key.startsWith(reader.prefix) || r.data === null || r.data === undefined) continue;
    const read = reader.read(r.key, r.data);
    if (read.ok) records.push(read.value);
    else corrupted.push(Object.freeze({ key: r.key, issues: read.error.details.issues }));
  }
  return { records, next: page.next, corrupted };
}

/**
 * Internal: the connections with a deadline due at `at`, soonest first, at most `limit`: end dates from
 * `connection_deadline`, and pending requests past the expiry of the policy in force now (C17) from
 * `connection_by_state`. Both reads are index ranges, so the sweep reads only what is due.
 * @internal
 */
export async function dueConnections(deps: ServiceDeps, at: number, limit: number): Promise<{ records: Connection[]; corrupted: CorruptedRecord[] }> {
  const expiryMs = resolvePolicy(deps.policy.connection).pendingExpiryMs;
  const ends = await readPage(deps, CONNECTIONS, { index: SERVICE_INDEXES.connectionDeadline, term: '', to: at, limit });
  if (expiryMs === null) return ends;
  const expired = await readPage(deps, CONNECTIONS, { index: SERVICE_INDEXES.connectionByState, term: 'pending', to: at - expiryMs, limit });
  const byId = new Map<string, { c: Connection; due: number }>();
  for (const c of ends.records) byId.set(c.id, { c, due: c.endsAt ?? at });
  for (const c of expired.records) {
    const due = c.stateSince + expiryMs;
    const seen = byId.get(c.id);
    if (seen === undefined || due < seen.due) byId.set(c.id, { c, due });
  }
  const records = [...byId.values()].sort((a, b) => a.due - b.due).slice(0, limit).map((d) => d.c);
  return { records, corrupted: [...ends.corrupted, ...expired.corrupted] };
}

/**
 * Internal: a connection as a line of a company's inventory.
 * @internal
 */
export function connectionEntry(deps: ServiceDeps, c: Connection, companyId: CompanyId, at: number): InventoryEntry | null {
  const role = c.upstream.companyId === companyId ? 'upstream' : c.downstream.companyId === companyId ? 'downstream' : null;
  if (role === null) return null;
  const other = role === 'upstream' ? c.downstream : c.upstream;
  const status = statusOf(deps, c, at);
  return Object.freeze({ kind: 'connection', id: c.id, role, projectId: c[role].projectId, counterpart: other, dataTypes: c.dataTypes, state: status.state, since: status.since });
}

/**
 * Internal: a share as a line of a team's inventory.
 * @internal
 */
export function shareEntry(s: Share, teamId: TeamId): InventoryEntry | null {
  const role = s.hostTeamId === teamId ? 'host' : s.externalTeamId === teamId ? 'external' : null;
  if (role === null) return null;
  return Object.freeze({ kind: 'shared_project', id: s.id, sharedProjectId: s.sharedProjectId, role, counterpart: { teamId: role === 'host' ? s.externalTeamId : s.hostTeamId }, state: s.state, since: s.stateSince });
}

/**
 * Internal: a team's plan usage, or `NOT_FOUND` when the team is not registered.
 * @internal
 */
export async function usageOf(deps: ServiceDeps, teamId: TeamId): Promise<Result<PlanUsage, DomainError>> {
  const [teamRecord, usageRecord] = await loadRecords(deps.storage, [TEAMS.prefix + teamId, USAGE.prefix + teamId]);
  if (teamRecord?.data === null || teamRecord?.data === undefined) return err(domainError('NOT_FOUND', { entity: 'team', id: teamId }));
  const team = TEAMS.read(TEAMS.prefix + teamId, teamRecord.data);
  if (!team.ok) return team;
  const usage = usageRecord?.data === null || usageRecord?.data === undefined ? undefined : USAGE.read(USAGE.prefix + teamId, usageRecord.data);
  if (usage !== undefined && !usage.ok) return usage;
  const limit = resolveSharedProjectPolicy(deps.policy.sharedProject).limits[team.value.plan];
  const count = usage?.value.count ?? 0;
  return ok(Object.freeze({ teamId, plan: team.value.plan, limit, count, available: Math.max(0, limit - count), shareIds: Object.freeze([...(usage?.value.shareIds ?? [])]) }));
}

/**
 * Internal: the page size of a list query that names none.
 * @internal
 */
export const DEFAULT_PAGE = 100;

/**
 * Internal: a page with nothing on it and nothing after it.
 * @internal
 */
export function emptyPage<T>(): Page<T> {
  return Object.freeze({ items: Object.freeze([]) as readonly T[], next: null, corrupted: Object.freeze([]) as readonly CorruptedRecord[] });
}

/**
 * Internal: the refusal of an `after` that is not a cursor of the query.
 * @internal
 */
export function badCursor(): DomainError<'INVALID_INPUT'> {
  return domainError('INVALID_INPUT', { issues: [{ path: ['input', 'after'], code: 'custom', message: 'not a cursor of this query: pass the `next` of the previous page' }] });
}

/**
 * Internal: one page of an inventory (`inventory`): a company's connections (`c:` cursors), then a team's
 * shares (`t:` cursors). When the connections end inside a page, the room left holds the first shares,
 * so a page never ends empty while more follows (`'t:'` alone starts the shares when there is no room).
 * @internal
 */
export async function inventoryPage(
  deps: ServiceDeps,
  query: { readonly companyId: CompanyId | undefined; readonly teamId: TeamId | undefined; readonly after: string | undefined; readonly limit: number },
): Promise<Result<Page<InventoryEntry>, DomainError>> {
  const { companyId, teamId, after, limit } = query;
  const sharesAt = (team: TeamId) => `t:${cursorPrefix(SERVICE_INDEXES.shareByTeam, team)}`;
  const shares = async (team: TeamId, cursor: IndexCursor | undefined, room: number): Promise<Page<InventoryEntry>> => {
    const page = await readPage(deps, SHARES, { index: SERVICE_INDEXES.shareByTeam, term: team, limit: room, ...(cursor === undefined ? {} : { after: cursor }) });
    return { items: page.records.flatMap((s) => shareEntry(s, team) ?? []), next: encodeCursor(sharesAt(team), page.next), corrupted: page.corrupted };
  };
  if (companyId !== undefined && !(after !== undefined && after.startsWith('t:'))) {
    const connectionsAt = `c:${cursorPrefix(SERVICE_INDEXES.connectionByCompany, companyId)}`;
    const cursor = decodeCursor(connectionsAt, after);
    if (cursor === null) return err(badCursor());
    const at = deps.now();
    const page = await readPage(deps, CONNECTIONS, { index: SERVICE_INDEXES.connectionByCompany, term: companyId, limit, ...(cursor === undefined ? {} : { after: cursor }) });
    const items = page.records.flatMap((c) => connectionEntry(deps, c, companyId, at) ?? []);
    if (page.next !== null) return ok({ items, next: encodeCursor(connectionsAt, page.next), corrupted: page.corrupted });
    if (teamId === undefined) return ok({ items, next: null, corrupted: page.corrupted });
    if (items.length >= limit) return ok({ items, next: 't:', corrupted: page.corrupted });
    const rest = await shares(teamId, undefined, limit - items.length);
    return ok({ items: [...items, ...rest.items], next: rest.next, corrupted: [...page.corrupted, ...rest.corrupted] });
  }
  if (teamId === undefined) return after === undefined ? ok(emptyPage()) : err(badCursor());
  const cursor = after === 't:' ? undefined : decodeCursor(sharesAt(teamId), after);
  if (cursor === null) return err(badCursor());
  return ok(await shares(teamId, cursor, limit));
}
