import { domainError, type AuthorizationFailure, type DomainError } from '../core/errors.js';
import { projectFacts, type AuthorizationFacts } from '../core/facts.js';
import type { UserId } from '../core/ids.js';
import { checkTransition } from '../core/machine.js';
import { err, ok, type Result } from '../core/result.js';
import type { Timestamp } from '../core/time.js';
import { checkDirectory, checkCompany, checkSideAdmin, checkTool } from './authorization.js';
import type { ConnectionCommand, RequestConnection } from './commands.js';
import { dueDeadline } from './deadlines.js';
import { evolveTrusted } from './evolve.js';
import { CONNECTION_EVENT_SCHEMA_VERSION, type ConnectionEvent, type Side, type UserActor } from './events.js';
import { connectionMachine } from './machine.js';
import type { ApprovalMode } from './events.js';
import type { ConnectionPolicy } from './policy.js';
import { findConnection, fixedRole, ledgerOf, type Connection, type ConnectionView } from './state.js';

/**
 * Internal: a context whose options are resolved and validated.
 * @internal
 */
export interface ResolvedContext {
  readonly now: Timestamp;
  readonly actor: AuthorizationFacts | undefined;
  readonly approval: ApprovalMode;
  readonly policy: ConnectionPolicy;
}

type Decided = Result<readonly ConnectionEvent[], DomainError>;

/*
 * Events are built as explicit literals with one key order per type: spreading a shared base would give
 * every event object a hidden class of its own (more memory per stored event, slower property access).
 */
/*
 * Interned immutable values: every event of one user shares one frozen actor object, and every
 * connection sharing the same data types shares one frozen list (memoising frozen values keeps the
 * functions pure; the tables are bounded and simply start over when full).
 */
const INTERN_LIMIT = 10_000;
const actors = new Map<string, UserActor>();
const typeLists = new Map<string, readonly string[]>();

function userActor(userId: UserId): UserActor {
  let actor = actors.get(userId);
  if (actor === undefined) {
    if (actors.size >= INTERN_LIMIT) actors.clear();
    actor = Object.freeze({ kind: 'user', userId });
    actors.set(userId, actor);
  }
  return actor;
}

function frozenTypes(types: readonly string[]): readonly string[] {
  const key = types.join(',');
  let list = typeLists.get(key);
  if (list === undefined) {
    if (typeLists.size >= INTERN_LIMIT) typeLists.clear();
    list = Object.freeze([...types]);
    typeLists.set(key, list);
  }
  return list;
}
const AUTOMATIC_APPROVAL = Object.freeze({ kind: 'system', cause: 'automatic_approval' } as const);

/** Every event leaves the decider frozen, nested values included. */
function frozen(events: ConnectionEvent[]): Decided {
  for (const event of events) Object.freeze(event);
  return ok(events);
}

function invalid(path: (string | number)[], message: string): Decided {
  return err(domainError('INVALID_INPUT', { issues: [{ path, code: 'custom', message }] }));
}

function notAuthorized(facts: AuthorizationFacts, failed: readonly AuthorizationFailure[]): Decided {
  return err(domainError('NOT_AUTHORIZED', { userId: facts.userId, failed }));
}

/**
 * The deadlines a request's rules read, due and not yet recorded: the open connection of each project as
 * a downstream (C3, C11), and the pending requests the downstream project made as an upstream when
 * only they fix its role (C11): an expired request no longer makes it an upstream.
 */
function dueForRequest(view: ConnectionView, command: RequestConnection, ctx: ResolvedContext): ConnectionEvent[] {
  const due: ConnectionEvent[] = [];
  for (const project of [command.downstreamProjectId, command.upstreamProjectId]) {
    const open = ledgerOf(view, project).openAsDownstream;
    const connection = open === null ? undefined : findConnection(view, open);
    const event = connection === undefined ? null : dueDeadline(connection, ctx.now, ctx.policy);
    if (event !== null) due.push(event);
  }
  const down = ledgerOf(view, command.downstreamProjectId);
  if (down.openAsUpstream > 0 && down.connectedAsUpstream === 0) {
    // Rare (a project that asked others to connect to it now asks to connect upstream): a scan of the view.
    for (const id in view.connections) {
      const c = view.connections[id]!;
      if (c.upstream.projectId !== down.projectId || c.state !== 'pending' || due.some((e) => e.connectionId === c.id)) continue;
      const event = dueDeadline(c, ctx.now, ctx.policy);
      if (event !== null) due.push(event);
    }
  }
  return due;
}

function decideRequest(view: ConnectionView, command: RequestConnection, ctx: ResolvedContext, actor: AuthorizationFacts): Decided {
  const { upstreamProjectId: up, downstreamProjectId: down } = command;
  const unknownType = command.dataTypes.findIndex((t) => !Object.hasOwn(ctx.policy.dataTypeTools, t));
  if (unknownType >= 0) return invalid(['command', 'dataTypes', unknownType], `unknown data type "${command.dataTypes[unknownType]}"`);
  if (command.endsAt !== undefined && command.endsAt !== null && command.endsAt <= ctx.now) {
    return invalid(['command', 'endsAt'], 'the end date must be in the future');
  }
  if (findConnection(view, command.connectionId) !== undefined) {
    return invalid(['command', 'connectionId'], `connection id "${command.connectionId}" is already used`);
  }
  const upFacts = projectFacts(actor, up);
  if (upFacts === undefined) return err(domainError('NOT_FOUND', { entity: 'project', id: up }));
  const downFacts = projectFacts(actor, down);
  if (downFacts === undefined) return err(domainError('NOT_FOUND', { entity: 'project', id: down }));

  // C2: (a) both companies, (b) both directories, (c) CM admin downstream, (d) read-only+ on shared tools.
  const failed: AuthorizationFailure[] = [
    ...checkCompany(actor, downFacts.companyId, 'downstream'),
    ...checkCompany(actor, upFacts.companyId, 'upstream'),
    ...checkDirectory(actor, down, 'downstream'),
    ...checkDirectory(actor, up, 'upstream'),
    ...checkTool(actor, down, 'connection_manager', 'admin', 'connection_manager_admin'),
  ];
  for (const type of command.dataTypes) {
    const tool = ctx.policy.dataTypeTools[type] ?? type;
    failed.push(...checkTool(actor, down, tool, 'read_only', 'data_type_read_access'));
    failed.push(...checkTool(actor, up, tool, 'read_only', 'data_type_read_access'));
  }
  if (failed.length > 0) return notAuthorized(actor, failed);

  // C1
  if (upFacts.companyId === downFacts.companyId && !ctx.policy.allowSameCompany) {
    return err(domainError('SAME_COMPANY', { companyId: upFacts.companyId }));
  }

  const due = dueForRequest(view, command, ctx);
  let current = view;
  for (const event of due) current = evolveTrusted(current, event);
  const downLedger = ledgerOf(current, down);
  const upLedger = ledgerOf(current, up);

  // C10
  if (downLedger.retired) {
    const by = downLedger.retiredBy;
    const previous = by === null ? undefined : findConnection(current, by);
    return err(
      domainError('RECONNECT_FORBIDDEN', {
        projectId: down,
        reason:
          previous === undefined
            ? 'it was disconnected from its upstream project'
            : `it was disconnected from upstream project "${previous.upstream.projectId}" (connection "${previous.id}")`,
      }),
    );
  }
  // C11
  if (fixedRole(downLedger) === 'upstream') {
    return err(domainError('ROLE_CONFLICT', { projectId: down, fixedRole: 'upstream', requestedRole: 'downstream' }));
  }
  if (fixedRole(upLedger) === 'downstream') {
    return err(domainError('ROLE_CONFLICT', { projectId: up, fixedRole: 'downstream', requestedRole: 'upstream' }));
  }
  // C3
  const open = downLedger.openAsDownstream;
  if (open !== null) {
    return err(
      domainError('ONE_UPSTREAM_ONLY', {
        downstreamProjectId: down,
        openConnectionId: open,
        openState: findConnection(current, open)?.state ?? 'pending',
      }),
    );
  }

  const events: ConnectionEvent[] = [
    ...due,
    {
      type: 'ConnectionRequested',
      schemaVersion: CONNECTION_EVENT_SCHEMA_VERSION,
      connectionId: command.connectionId,
      at: ctx.now,
      actor: userActor(actor.userId),
      upstreamProjectId: up,
      upstreamCompanyId: upFacts.companyId,
      downstreamProjectId: down,
      downstreamCompanyId: downFacts.companyId,
      dataTypes: frozenTypes(command.dataTypes),
      approval: ctx.approval,
      endsAt: command.endsAt ?? null,
    },
  ];
  // C5
  if (ctx.approval === 'automatic') {
    events.push({
      type: 'ConnectionApproved',
      schemaVersion: CONNECTION_EVENT_SCHEMA_VERSION,
      connectionId: command.connectionId,
      at: ctx.now,
      actor: AUTOMATIC_APPROVAL,
      automatic: true,
    });
  }
  return frozen(events);
}

function checkUndoWindow(connectionId: string, since: Timestamp | null, ctx: ResolvedContext): Result<true, DomainError> {
  const start = since ?? Number.NEGATIVE_INFINITY;
  if (ctx.now - start <= ctx.policy.undoWindowMs) return ok(true);
  return err(domainError('UNDO_WINDOW_CLOSED', { since: since ?? 0, now: ctx.now, windowMs: ctx.policy.undoWindowMs, connectionId }));
}

function disconnectSide(actor: AuthorizationFacts, connection: Connection, wanted: Side | undefined): { side: Side; failed: readonly AuthorizationFailure[] } {
  const failures = (side: Side) => checkSideAdmin(actor, side, connection[side].projectId, connection[side].companyId);
  if (wanted !== undefined) return { side: wanted, failed: failures(wanted) };
  const upstream = failures('upstream');
  if (upstream.length === 0) return { side: 'upstream', failed: [] };
  const downstream = failures('downstream');
  if (downstream.length === 0) return { side: 'downstream', failed: [] };
  return { side: 'upstream', failed: [...upstream, ...downstream] };
}

/** Who may run a command on `connection` (C6, C8, C9, C16): the failed conditions, and the side a disconnect is recorded for. */
function authorizeOn(actor: AuthorizationFacts, connection: Connection, command: Exclude<ConnectionCommand, RequestConnection | { type: 'reconcile' }>): { side: Side; failed: readonly AuthorizationFailure[] } {
  const { upstream, downstream } = connection;
  switch (command.type) {
    case 'approve':
    case 'decline':
    case 'undo_approval':
      return { side: 'upstream', failed: checkSideAdmin(actor, 'upstream', upstream.projectId, upstream.companyId) };
    case 'cancel':
    case 'undo_request':
      return { side: 'downstream', failed: checkSideAdmin(actor, 'downstream', downstream.projectId, downstream.companyId) };
    case 'disconnect':
      return disconnectSide(actor, connection, command.side);
  }
}

/**
 * A command on an existing connection: who may run it first (so that a user who may not learns nothing
 * of its state), then the state it has now, deadlines applied (C12), then the quick-undo window (C16).
 */
function decideOnConnection(
  connection: Connection,
  command: Exclude<ConnectionCommand, RequestConnection>,
  ctx: ResolvedContext,
): Decided {
  const due = dueDeadline(connection, ctx.now, ctx.policy);
  if (command.type === 'reconcile') return frozen(due === null ? [] : [due]);
  const actor = ctx.actor;
  if (actor === undefined) return invalid(['context', 'actor'], `"${command.type}" needs the actor's authorization facts`);
  const { side, failed } = authorizeOn(actor, connection, command);
  if (failed.length > 0) return notAuthorized(actor, failed);
  // A due deadline has already ended the connection: decide against the state it effectively has.
  const state = due === null ? connection.state : due.type === 'ConnectionExpired' ? 'expired' : 'disconnected';
  const allowed = checkTransition(connectionMachine, command.type, state);
  if (!allowed.ok) return err(domainError('INVALID_TRANSITION', { ...allowed.error.details, entity: 'connection', id: connection.id }));
  const id = connection.id;
  const now = ctx.now;
  const by = userActor(actor.userId);
  const v = CONNECTION_EVENT_SCHEMA_VERSION;

  switch (command.type) {
    case 'approve':
      return frozen([{ type: 'ConnectionApproved', schemaVersion: v, connectionId: id, at: now, actor: by, automatic: false }]);
    case 'decline':
      return frozen([{ type: 'ConnectionDeclined', schemaVersion: v, connectionId: id, at: now, actor: by, reason: command.reason ?? null }]);
    case 'cancel':
      return frozen([{ type: 'ConnectionCancelled', schemaVersion: v, connectionId: id, at: now, actor: by, via: 'cancel', from: 'pending' }]);
    case 'undo_request': {
      const window = checkUndoWindow(id, connection.requestedAt, ctx);
      if (!window.ok) return window;
      const from = connection.state === 'connected' ? 'connected' : 'pending';
      return frozen([{ type: 'ConnectionCancelled', schemaVersion: v, connectionId: id, at: now, actor: by, via: 'undo', from }]);
    }
    case 'undo_approval': {
      const window = checkUndoWindow(id, connection.connectedAt, ctx);
      if (!window.ok) return window;
      return frozen([{ type: 'ApprovalUndone', schemaVersion: v, connectionId: id, at: now, actor: by }]);
    }
    case 'disconnect':
      return frozen([{ type: 'ConnectionDisconnected', schemaVersion: v, connectionId: id, at: now, actor: by, side, reason: command.reason, cause: 'manual' }]);
  }
}

/**
 * Internal: decides a validated command against a view. Total for well-typed input.
 * @internal
 */
export function decideTrusted(view: ConnectionView, command: ConnectionCommand, ctx: ResolvedContext): Decided {
  if (command.type === 'request') {
    if (ctx.actor === undefined) return invalid(['context', 'actor'], 'a request needs the actor\'s authorization facts');
    return decideRequest(view, command, ctx, ctx.actor);
  }
  const connection = findConnection(view, command.connectionId);
  if (connection === undefined) return err(domainError('NOT_FOUND', { entity: 'connection', id: command.connectionId }));
  // C13 and C16: a decision is never dated before the connection's last event, so a clock that steps
  // back can neither reopen an undo window nor write a history that goes back in time.
  return decideOnConnection(connection, command, connection.stateSince > ctx.now ? { ...ctx, now: connection.stateSince } : ctx);
}
