import type { ConnectionPolicy } from '../connection/policy.js';
import type { ErrorCode } from '../core/errors.js';

/*
 * The oracle of the connection model-based tests: SPEC §2 (C1–C17) written out as plainly as possible,
 * on the model's own records, to predict the outcome of every command before the library runs it.
 * It is written from the rules, not from src/connection: where the two disagree, one of them is wrong.
 */

/**
 * A connection's state as a model knows it (SPEC §2): the last four are terminal.
 *
 * @example
 * ```ts
 * const state: ModelConnectionState = 'pending';
 * ```
 * @since 0.1.0
 */
export type ModelConnectionState = 'pending' | 'connected' | 'declined' | 'cancelled' | 'expired' | 'disconnected';

/**
 * What a model-based test expects one connection record to hold, kept by the model from its own
 * predictions (never read back from the system under test).
 *
 * @example
 * ```ts
 * const c = model.connections.get('cn-0-1');
 * if (c?.state === 'connected') console.log(`${c.downstream} copies from ${c.upstream}`);
 * ```
 * @since 0.1.0
 */
export interface ModelConnection {
  /** The connection's id. */
  readonly id: string;
  /** The upstream project (data is copied from it). */
  readonly upstream: string;
  /** The company owning the upstream project. */
  readonly upstreamCompany: string;
  /** The downstream project (data is copied to it). */
  readonly downstream: string;
  /** The company owning the downstream project. */
  readonly downstreamCompany: string;
  /** The state recorded so far (a deadline that passed unrecorded is not applied here; see `settled`). */
  readonly state: ModelConnectionState;
  /** When the connection entered its recorded state. */
  readonly since: number;
  /** When the request was made (the quick-undo window of the request starts here, C16). */
  readonly requestedAt: number;
  /** When it last became connected (the window of the approval, C16); null if never or after an undone approval. */
  readonly connectedAt: number | null;
  /** The end date, or null. */
  readonly endsAt: number | null;
}

/** The policy options the rules read, with SPEC's defaults. */
export interface OracleRules {
  /** C16: 5 minutes unless configured. */
  readonly undoWindowMs: number;
  /** C17: off (null) unless configured. */
  readonly pendingExpiryMs: number | null;
  /** C1: off unless configured. */
  readonly allowSameCompany: boolean;
}

/** The rules' options from a (partial) policy, with SPEC's defaults for what it leaves out. */
export function oracleRules(policy: Partial<ConnectionPolicy> | undefined): OracleRules {
  const p: Partial<ConnectionPolicy> = typeof policy === 'object' && policy !== null ? policy : {};
  return {
    undoWindowMs: typeof p.undoWindowMs === 'number' ? p.undoWindowMs : 5 * 60_000,
    pendingExpiryMs: typeof p.pendingExpiryMs === 'number' ? p.pendingExpiryMs : null,
    allowSameCompany: p.allowSameCompany === true,
  };
}

/** What a command is predicted to do: the records it writes, or its refusal and its exact §7 code. */
export type Prediction =
  | { readonly ok: true; readonly writes: readonly ModelConnection[] }
  | { readonly ok: false; readonly code: ErrorCode };

/** The commands that act on an existing connection (all but `request` and `reconcile`). */
export type TransitionType = 'approve' | 'decline' | 'cancel' | 'undo_request' | 'undo_approval' | 'disconnect';

/** C6, C8, C9, C16 (and C12 for everything else): the states each command may run from. */
export const ALLOWED_FROM: Readonly<Record<TransitionType, readonly ModelConnectionState[]>> = {
  approve: ['pending'],
  decline: ['pending'],
  cancel: ['pending'],
  undo_request: ['pending', 'connected'],
  undo_approval: ['connected'],
  disconnect: ['connected'],
};

const OPEN: readonly ModelConnectionState[] = ['pending', 'connected'];
const refuse = (code: ErrorCode): Prediction => ({ ok: false, code });

/**
 * C17 and the end date: when the connection's next deadline falls, or null. A pending request expires
 * when its expiry (counted from when it last became pending) or its end date comes; a connected one is
 * disconnected when its end date comes.
 */
export function deadlineOf(c: ModelConnection, rules: OracleRules): number | null {
  if (c.state === 'pending') {
    const at = Math.min(rules.pendingExpiryMs === null ? Infinity : c.since + rules.pendingExpiryMs, c.endsAt ?? Infinity);
    return at === Infinity ? null : at;
  }
  return c.state === 'connected' ? c.endsAt : null;
}

/** The connection as it stands at `now`: once its deadline is reached it is expired (pending) or disconnected (connected), dated at the deadline. */
export function settled(c: ModelConnection, now: number, rules: OracleRules): ModelConnection {
  const at = deadlineOf(c, rules);
  if (at === null || now < at) return c;
  return { ...c, state: c.state === 'pending' ? 'expired' : 'disconnected', since: at };
}

/** The new request of {@link predictRequest}. */
export interface ModelRequest {
  readonly id: string;
  readonly upstream: string;
  readonly upstreamCompany: string;
  readonly downstream: string;
  readonly downstreamCompany: string;
  readonly endsAt: number | null;
  /** C5: the upstream company approves automatically. */
  readonly automatic: boolean;
}

/**
 * A request, checked in the documented order (docs/connection-lifecycle.md): a project connecting to
 * itself (`INVALID_INPUT`), C2, C1, C10, C11, C3. The rules read the connections as they stand now
 * (deadlines applied); the request records the deadlines of the connections its rules read.
 */
export function predictRequest(all: readonly ModelConnection[], r: ModelRequest, now: number, rules: OracleRules, authorized: boolean): Prediction {
  if (r.upstream === r.downstream) return refuse('INVALID_INPUT');
  if (!authorized) return refuse('NOT_AUTHORIZED');
  if (r.upstreamCompany === r.downstreamCompany && !rules.allowSameCompany) return refuse('SAME_COMPANY');
  // What the rules read: the downstream's past as a downstream (C3, C10) and as an upstream (C11), the upstream's as a downstream (C11).
  const read = all.filter((c) => c.downstream === r.downstream || c.upstream === r.downstream || c.downstream === r.upstream);
  const current = read.map((c) => settled(c, now, rules));
  const asDownstream = (p: string) => current.filter((c) => c.downstream === p);
  const asUpstream = (p: string) => current.filter((c) => c.upstream === p);
  // C11: open or once connected (a disconnected connection was connected; an undone one does not count).
  const fixed = (list: readonly ModelConnection[]) => list.some((c) => OPEN.includes(c.state) || c.state === 'disconnected');
  if (asDownstream(r.downstream).some((c) => c.state === 'disconnected')) return refuse('RECONNECT_FORBIDDEN');
  if (fixed(asUpstream(r.downstream))) return refuse('ROLE_CONFLICT');
  if (fixed(asDownstream(r.upstream))) return refuse('ROLE_CONFLICT');
  if (asDownstream(r.downstream).some((c) => OPEN.includes(c.state))) return refuse('ONE_UPSTREAM_ONLY');
  const created: ModelConnection = {
    id: r.id,
    upstream: r.upstream,
    upstreamCompany: r.upstreamCompany,
    downstream: r.downstream,
    downstreamCompany: r.downstreamCompany,
    state: r.automatic ? 'connected' : 'pending',
    since: now,
    requestedAt: now,
    connectedAt: r.automatic ? now : null,
    endsAt: r.endsAt,
  };
  const deadlines = current.filter((c, i) => c !== read[i]);
  return { ok: true, writes: [...deadlines, created] };
}

/**
 * A command on an existing connection: `NOT_FOUND`, then who may run it (C6, C8, C9: an outsider learns
 * nothing of its state), then the state (C12, on the state the connection has now, deadlines applied),
 * then the quick-undo window (C16).
 */
export function predictTransition(
  connection: ModelConnection | undefined,
  type: TransitionType,
  now: number,
  rules: OracleRules,
  authorized: boolean,
): Prediction {
  if (connection === undefined) return refuse('NOT_FOUND');
  if (!authorized) return refuse('NOT_AUTHORIZED');
  const c = settled(connection, now, rules);
  if (!ALLOWED_FROM[type].includes(c.state)) return refuse('INVALID_TRANSITION');
  const withinWindow = (start: number | null) => start !== null && now - start <= rules.undoWindowMs;
  if (type === 'undo_request' && !withinWindow(c.requestedAt)) return refuse('UNDO_WINDOW_CLOSED');
  if (type === 'undo_approval' && !withinWindow(c.connectedAt)) return refuse('UNDO_WINDOW_CLOSED');
  const next: Record<TransitionType, ModelConnection> = {
    approve: { ...c, state: 'connected', since: now, connectedAt: now },
    decline: { ...c, state: 'declined', since: now },
    cancel: { ...c, state: 'cancelled', since: now },
    undo_request: { ...c, state: 'cancelled', since: now },
    undo_approval: { ...c, state: 'pending', since: now, connectedAt: null },
    disconnect: { ...c, state: 'disconnected', since: now },
  };
  return { ok: true, writes: [next[type]] };
}

/** `reconcile` (the system applying deadlines): `NOT_FOUND`, else it records the deadline that is due, if any. */
export function predictReconcile(connection: ModelConnection | undefined, now: number, rules: OracleRules): Prediction {
  if (connection === undefined) return refuse('NOT_FOUND');
  const c = settled(connection, now, rules);
  return { ok: true, writes: c === connection ? [] : [c] };
}
