import type { CompanyId, ConnectionId, ProjectId, UserId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';
import type { ConnectionState } from './machine.js';
import type { ApprovalMode } from './events.js';

/**
 * One connection between an upstream and a downstream project (§2), as a frozen plain record.
 *
 * @remarks
 * The history (C13) is the connection's event list, kept by storage; this record is what folding that
 * list gives. Optional facts are `null` rather than missing, so records round-trip through JSON.
 *
 * @example
 * ```ts
 * if (connection.state === 'connected') console.log(`since ${new Date(connection.connectedAt!)}`);
 * ```
 * @since 0.1.0
 */
export interface Connection {
  /** The connection's id. */
  readonly id: ConnectionId;
  /** The upstream project (data is copied from it) and its company. */
  readonly upstream: { readonly projectId: ProjectId; readonly companyId: CompanyId };
  /** The downstream project (data is copied to it) and its company. */
  readonly downstream: { readonly projectId: ProjectId; readonly companyId: CompanyId };
  /** The shared data types named by the request (S1). */
  readonly dataTypes: readonly string[];
  /** The upstream company's approval setting when the request was made (C5). */
  readonly approval: ApprovalMode;
  /** The lifecycle state (§2). */
  readonly state: ConnectionState;
  /** When the connection entered its current state. */
  readonly stateSince: Timestamp;
  /** When the request was made. */
  readonly requestedAt: Timestamp;
  /** The downstream user who made the request. */
  readonly requestedBy: UserId;
  /** When the connection last became `connected` (null while it never was, or after an undone approval). */
  readonly connectedAt: Timestamp | null;
  /** Who approved it (null for automatic approval or while not approved). */
  readonly approvedBy: UserId | null;
  /** From this instant on (`now >= endsAt`) the connection counts as ended: a pending one expired, a connected one disconnected (the end-date option). */
  readonly endsAt: Timestamp | null;
  /** When it reached a terminal state. */
  readonly closedAt: Timestamp | null;
  /** Why it closed: the disconnect reason, the decline reason, `cancelled`, `undone`, `expired`, `end date`. */
  readonly closeReason: string | null;
  /** How many events the connection has (its history length). */
  readonly eventCount: number;
}

/**
 * What one project's connection history fixes about it, for the rules that span connections
 * (C3 one upstream, C10 disconnect forever, C11 fixed roles). A flat record: one object per ledger
 * keeps every transition cheap.
 *
 * @remarks
 * - `openAsDownstream`: the one open (pending or connected) connection where it is downstream (C3).
 * - `retired` / `retiredBy`: it was downstream in a connection that was disconnected (C10).
 * - `openAsUpstream`: how many open connections it has as upstream (C4 allows any number).
 * - `connectedAsUpstream`: how many of its upstream connections ever reached `connected` (an undone
 *   approval or request takes its count back).
 *
 * A project is fixed as downstream while `openAsDownstream !== null || retired`, and fixed as upstream
 * while `openAsUpstream > 0 || connectedAsUpstream > 0` (C11).
 *
 * @example
 * ```ts
 * const fresh = emptyLedger(projectId('tower-a'));
 * ```
 * @since 0.1.0
 */
export interface ProjectLedger {
  /** The project this ledger is about. */
  readonly projectId: ProjectId;
  /** The one open (pending or connected) connection where the project is downstream, or null (C3). */
  readonly openAsDownstream: ConnectionId | null;
  /** Whether the project was downstream in a connection that was disconnected: it never connects again (C10). */
  readonly retired: boolean;
  /** The disconnected connection that retired the project, or null. */
  readonly retiredBy: ConnectionId | null;
  /** How many open connections the project has as upstream (C4). */
  readonly openAsUpstream: number;
  /** How many of its upstream connections ever reached `connected` (C11). */
  readonly connectedAsUpstream: number;
}

/**
 * The records a connection command is decided against: connections and project ledgers by id.
 *
 * @remarks
 * This is the unit of consistency (see docs/consistency.md). It may hold the whole world (tests, the
 * demo) or just what one command touches (the service loads the connection, both projects' ledgers and
 * the downstream's open connection). A project missing from `projects` has never been in a connection.
 *
 * @example
 * ```ts
 * let view = emptyConnectionView();
 * const r = executeConnectionCommand(view, command, context);
 * if (r.ok) view = r.value.state;
 * ```
 * @since 0.1.0
 */
export interface ConnectionView {
  /** The connections in the view, by connection id. */
  readonly connections: Readonly<Record<string, Connection>>;
  /** The project ledgers in the view, by project id. */
  readonly projects: Readonly<Record<string, ProjectLedger>>;
}

/**
 * A ledger for a project that has never been in a connection.
 *
 * @example
 * ```ts
 * emptyLedger(projectId('p1')).openAsUpstream; // 0
 * ```
 * @since 0.1.0
 */
export function emptyLedger(id: ProjectId): ProjectLedger {
  return Object.freeze({ projectId: id, openAsDownstream: null, retired: false, retiredBy: null, openAsUpstream: 0, connectedAsUpstream: 0 });
}

/**
 * Internal: the class of the views this library builds. Being one proves a view is well formed and
 * frozen, so the entry points skip validating it (an `instanceof` test instead of a schema walk).
 * Its instances are plain data to every other eye: JSON, spreads and equality treat them as objects.
 * @internal
 */
export class FrozenConnectionView implements ConnectionView {
  readonly connections: Readonly<Record<string, Connection>>;
  readonly projects: Readonly<Record<string, ProjectLedger>>;
  constructor(connections: Readonly<Record<string, Connection>>, projects: Readonly<Record<string, ProjectLedger>>) {
    this.connections = connections;
    this.projects = projects;
    Object.freeze(this);
  }
}

const EMPTY_VIEW: ConnectionView = new FrozenConnectionView(Object.freeze({}), Object.freeze({}));

/**
 * A view with no connections and no ledgers.
 *
 * @example
 * ```ts
 * Object.keys(emptyConnectionView().connections).length; // 0
 * ```
 * @since 0.1.0
 */
export function emptyConnectionView(): ConnectionView {
  return EMPTY_VIEW;
}

/**
 * The connection with that id in a view, if present.
 *
 * @example
 * ```ts
 * findConnection(view, connectionId('cn-1'))?.state;
 * ```
 * @since 0.1.0
 */
export function findConnection(view: ConnectionView, id: string): Connection | undefined {
  try {
    const connections: unknown = (view as Partial<ConnectionView> | null | undefined)?.connections;
    if (typeof connections !== 'object' || connections === null || typeof id !== 'string') return undefined;
    return Object.hasOwn(connections, id) ? (connections as Record<string, Connection>)[id] : undefined;
  } catch {
    return undefined; // a view that throws when read (a revoked Proxy) holds nothing
  }
}

/**
 * A project's ledger in a view (an empty one if it has none).
 *
 * @example
 * ```ts
 * ledgerOf(view, projectId('p1')).retired;
 * ```
 * @since 0.1.0
 */
export function ledgerOf(view: ConnectionView, id: ProjectId): ProjectLedger {
  try {
    const projects: unknown = (view as Partial<ConnectionView> | null | undefined)?.projects;
    if (typeof projects !== 'object' || projects === null || typeof id !== 'string') return emptyLedger(id);
    return (Object.hasOwn(projects, id) ? (projects as Record<string, ProjectLedger>)[id] : undefined) ?? emptyLedger(id);
  } catch {
    return emptyLedger(id);
  }
}

/**
 * The role a project's history fixes, if any (C11).
 *
 * @example
 * ```ts
 * fixedRole(ledgerOf(view, gc)); // 'upstream'
 * ```
 * @since 0.1.0
 */
export function fixedRole(ledger: ProjectLedger): 'upstream' | 'downstream' | null {
  if (typeof ledger !== 'object' || ledger === null) return null;
  try {
    if (typeof ledger.openAsDownstream === 'string' || ledger.retired === true) return 'downstream';
    if (ledger.openAsUpstream > 0 || ledger.connectedAsUpstream > 0) return 'upstream';
  } catch {
    // A ledger that throws when read fixes no role.
  }
  return null;
}
