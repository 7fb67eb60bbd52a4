import { z } from 'zod';
import type { Decider, Decision, Preview } from '../core/decider.js';
import { domainError, type DomainError } from '../core/errors.js';
import { deepFreeze } from '../core/freeze.js';
import { err, ok, type Result } from '../core/result.js';
import { isTrusted, trust } from '../core/trust.js';
import { parseInputAt } from '../core/validation.js';
import { deciderEntryPoints, readSafely } from '../core/entryPoints.js';
import { isPlainConnectionCommand, readPlainConnectionContext } from './guards.js';
import { ConnectionCommandSchema, type ConnectionCommand } from './commands.js';
import { decideTrusted, type ResolvedContext } from './decide.js';
import { dueDeadline } from './deadlines.js';
import { evolveTrusted } from './evolve.js';
import { whyEventCannotFollow } from './follows.js';
import type { ConnectionEvent } from './events.js';
import type { ConnectionState } from './machine.js';
import { ConnectionContextSchema, ConnectionPolicySchema, resolvePolicy, type ConnectionContext, type ConnectionPolicy } from './policy.js';
import { ConnectionEventSchema, ConnectionSchema, ConnectionViewSchema } from './schemas.js';
import { emptyConnectionView, FrozenConnectionView, type Connection, type ConnectionView } from './state.js';
import { connectionWarnings } from './warnings.js';
import type { ConnectionCommandInput, ConnectionContextInput, ConnectionEventInput, ConnectionPolicyInput, ConnectionRecordInput, ConnectionViewInput } from './inputs.js';
import type { Timestamp } from '../core/time.js';


function readView(input: unknown): Result<ConnectionView, DomainError<'INVALID_INPUT'>> {
  if (input instanceof FrozenConnectionView) return ok(input);
  const parsed = parseInputAt(ConnectionViewSchema, input, ['view']);
  if (!parsed.ok) return parsed;
  const { connections, projects } = deepFreeze(parsed.value as ConnectionView);
  return ok(new FrozenConnectionView(connections, projects));
}

function readEvent(input: unknown, at: (string | number)[]): Result<ConnectionEvent, DomainError<'INVALID_INPUT'>> {
  if (isTrusted(input, 'connection_event')) return ok(input as ConnectionEvent);
  const parsed = parseInputAt(ConnectionEventSchema, input, at);
  return parsed.ok ? ok(trust(deepFreeze(parsed.value as ConnectionEvent), 'connection_event')) : parsed;
}

/**
 * A copy of a caller's plain object with each own field read once (and its `dataTypes`, the one array
 * a command holds, copied), or `undefined` when reading throws (the schema then reports
 * the input). Checked and used, the copy cannot change in between, as the caller's object could (a
 * getter, a proxy).
 */
function readOnce(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  try {
    const copy: Record<string, unknown> = { ...input };
    const dataTypes = copy['dataTypes'];
    if (Array.isArray(dataTypes)) copy['dataTypes'] = dataTypes.slice();
    return copy;
  } catch {
    return undefined;
  }
}

interface Inputs {
  readonly view: ConnectionView;
  readonly command: ConnectionCommand;
  readonly context: ResolvedContext;
}

function readInputs(view: unknown, command: unknown, context: unknown): Result<Inputs, DomainError> {
  let trustedView: ConnectionView;
  if (view instanceof FrozenConnectionView) trustedView = view;
  else {
    const v = readView(view);
    if (!v.ok) return v;
    trustedView = v.value;
  }
  // The fast paths check and use values read once from the caller's objects; the schemas build their own.
  let cmd: ConnectionCommand;
  const commandCopy = readOnce(command);
  if (isPlainConnectionCommand(commandCopy)) cmd = commandCopy;
  else {
    const c = parseInputAt(ConnectionCommandSchema, command, ['command']);
    if (!c.ok) return c;
    cmd = c.value as ConnectionCommand;
  }
  let ctx: ConnectionContext;
  const plainContext = readPlainConnectionContext(context);
  if (plainContext !== undefined) ctx = plainContext as ConnectionContext;
  else {
    const x = parseInputAt(ConnectionContextSchema, context, ['context']);
    if (!x.ok) return x;
    ctx = x.value as ConnectionContext;
  }
  if (cmd.type === 'request' && cmd.upstreamProjectId === cmd.downstreamProjectId) {
    return err(
      domainError('INVALID_INPUT', {
        issues: [{ path: ['command', 'downstreamProjectId'], code: 'custom', message: 'a project cannot connect to itself' }],
      }),
    );
  }
  return ok({
    view: trustedView,
    command: cmd,
    context: { now: ctx.now, actor: ctx.actor, approval: ctx.approval ?? 'manual', policy: resolvePolicy(ctx.policy) },
  });
}

const entry = deciderEntryPoints<ConnectionView, ConnectionCommand, ResolvedContext, ConnectionEvent>({
  readInputs,
  readView,
  readEvent,
  decide: decideTrusted,
  evolve: evolveTrusted,
  warnings: (view, command, events, context) => connectionWarnings(view, command, events, context.policy),
  empty: emptyConnectionView,
  // Events leave the decider frozen (see decide.ts); views are FrozenConnectionView instances.
  sealEvents: (events) => Object.freeze(events),
  sealView: (view) => view,
});

/**
 * Decides a connection command: the events it emits, or the domain error that forbids it (C1–C17).
 *
 * @remarks
 * Validates the view, the command and the context (any malformed input gives `INVALID_INPUT` with the
 * zod issues, prefixed by `view`, `command` or `context`). Deadlines are applied first: a pending
 * request past its expiry or end date counts as expired, a connection past its end date as
 * disconnected (a request may therefore emit the expiry of the downstream's earlier request before its
 * own `ConnectionRequested`). A command on a connection is dated no earlier than the connection's last
 * event (C13): a `now` before it counts as that time, so a clock stepping back cannot reopen an undo
 * window (C16) or date an event before the ones it follows. The command and the context are read once
 * (a getter or a proxy cannot answer one value when checked and another when decided). Pure: no
 * clock, no I/O.
 *
 * @example
 * ```ts
 * const r = decideConnectionCommand(view, { type: 'approve', connectionId: connectionId('cn-1') }, { now, actor });
 * if (r.ok) r.value.map((e) => e.type); // ['ConnectionApproved']
 * ```
 * @since 0.1.0
 */
export function decideConnectionCommand(
  view: ConnectionViewInput,
  command: ConnectionCommandInput,
  context: ConnectionContextInput,
): Result<readonly ConnectionEvent[], DomainError> {
  return entry.decide(view, command, context);
}

/**
 * Decides a connection command and applies its events: the new view (frozen, sharing untouched
 * records with the old one) and the events to store.
 *
 * @example
 * ```ts
 * const r = executeConnectionCommand(view, request, { now, actor, approval: 'automatic' });
 * if (r.ok) {
 *   view = r.value.state;
 *   history.push(...r.value.events);
 * } else console.error(r.error.code); // e.g. 'ONE_UPSTREAM_ONLY'
 * ```
 * @since 0.1.0
 */
export function executeConnectionCommand(
  view: ConnectionViewInput,
  command: ConnectionCommandInput,
  context: ConnectionContextInput,
): Result<Decision<ConnectionView, ConnectionEvent>, DomainError> {
  return entry.execute(view, command, context);
}

/**
 * Says what a command would do, without committing anything: the events, the resulting view and the
 * warnings a person must see before confirming (e.g. that a disconnect can never be undone and
 * retires the downstream project).
 *
 * @example
 * ```ts
 * const p = previewConnectionCommand(view, { type: 'disconnect', connectionId, reason: 'done' }, { now, actor });
 * if (p.ok) for (const w of p.value.warnings) console.log(`⚠ ${w.message}`);
 * ```
 * @since 0.1.0
 */
export function previewConnectionCommand(
  view: ConnectionViewInput,
  command: ConnectionCommandInput,
  context: ConnectionContextInput,
): Result<Preview<ConnectionView, ConnectionEvent>, DomainError> {
  return entry.preview(view, command, context);
}

/**
 * Applies one event to a view (the `evolve` of the decider).
 *
 * @remarks
 * Events and views this library produced are trusted; others are validated first (`INVALID_INPUT`).
 *
 * @example
 * ```ts
 * const r = evolveConnectionView(view, storedEvent);
 * if (r.ok) view = r.value;
 * ```
 * @since 0.1.0
 */
export function evolveConnectionView(view: ConnectionViewInput, event: ConnectionEventInput): Result<ConnectionView, DomainError<'INVALID_INPUT'>> {
  return entry.evolve(view, event);
}

/**
 * Rebuilds a view from a history of events (C13): the state of every connection and project ledger
 * those events describe.
 *
 * @example
 * ```ts
 * const r = replayConnectionHistory(storedEvents);
 * r.ok && r.value.connections['cn-1']?.state; // 'disconnected'
 * ```
 * @since 0.1.0
 */
export function replayConnectionHistory(events: readonly ConnectionEventInput[]): Result<ConnectionView, DomainError<'INVALID_INPUT'>> {
  return entry.replay(events);
}

/**
 * A connection's state as of `now`, deadlines included: a pending request past its expiry or end date
 * reads `expired`, a connected one past its end date reads `disconnected`, even before `reconcile`
 * has recorded it.
 *
 * @example
 * ```ts
 * const state = effectiveConnectionState(connection, Date.now());
 * state.ok && state.value; // 'disconnected' once endsAt has passed
 * ```
 * @since 0.1.0
 */
export function effectiveConnectionState(
  connection: ConnectionRecordInput,
  now: Timestamp,
  policy?: ConnectionPolicyInput,
): Result<ConnectionState, DomainError<'INVALID_INPUT'>> {
  const c = parseInputAt(ConnectionSchema, connection, ['connection']);
  if (!c.ok) return c;
  const n = parseInputAt(z.number().int().nonnegative(), now, ['now']);
  if (!n.ok) return n;
  const p = parseInputAt(ConnectionPolicySchema.optional(), policy, ['policy']);
  if (!p.ok) return p;
  const due = dueDeadline(c.value as Connection, n.value, resolvePolicy(p.value as Partial<ConnectionPolicy> | undefined));
  if (due === null) return ok((c.value as Connection).state);
  return ok(due.type === 'ConnectionExpired' ? 'expired' : 'disconnected');
}

/**
 * The connection lifecycle as a {@link Decider}, for composing with generic decider tooling
 * (given/when/then specs, event-sourcing stores).
 *
 * @remarks
 * `decide` validates like {@link decideConnectionCommand}. `evolve` expects events this library produced
 * or validated (use {@link evolveConnectionView} for untrusted ones) and leaves the view unchanged
 * for an event it cannot read; `tryEvolve` answers why instead, and also refuses an event that does not follow
 * from the view (an approval of a connection never requested, a disconnect of a pending one, an event
 * dated before the connection's last one): the given/when/then helper uses it, so a history that
 * cannot have happened fails the specification.
 *
 * @example
 * ```ts
 * const given = deciderSpecification(connectionDecider);
 * given([requested]).when({ type: 'approve', connectionId }, { now, actor }).then([approved]);
 * ```
 * @since 0.1.0
 */
export const connectionDecider: Decider<ConnectionView, ConnectionCommand, ConnectionEvent, ConnectionContext, DomainError> = Object.freeze({
  initialState: emptyConnectionView,
  decide: (view: ConnectionView, command: ConnectionCommand, context: ConnectionContext) => decideConnectionCommand(view, command, context),
  evolve: (view: ConnectionView, event: ConnectionEvent) => {
    const r = evolveConnectionView(view, event);
    return r.ok ? r.value : view;
  },
  tryEvolve: (view: ConnectionView, event: ConnectionEvent): Result<ConnectionView, DomainError<'INVALID_INPUT'>> => {
    // Read once: the library's reading of the event is both folded and checked to follow the view.
    const read = readSafely(() => readEvent(event, ['event'])) as Result<ConnectionEvent, DomainError<'INVALID_INPUT'>>;
    if (!read.ok) return read;
    const r = evolveConnectionView(view, read.value);
    if (!r.ok) return r;
    const why = whyEventCannotFollow(view, read.value);
    return why === null ? r : err(domainError('INVALID_INPUT', { issues: [{ path: ['event'], code: 'custom', message: why }] }));
  },
});
