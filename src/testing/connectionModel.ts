import fc from 'fast-check';
import { executeConnectionCommand, replayConnectionHistory } from '../connection/api.js';
import type { ConnectionEvent } from '../connection/events.js';
import type { ConnectionPolicy } from '../connection/policy.js';
import type { ConnectionCommandInput } from '../connection/inputs.js';
import { emptyConnectionView, type ConnectionView } from '../connection/state.js';
import { ERROR_CODES } from '../core/errors.js';
import type { AuthorizationFacts } from '../core/facts.js';
import { companyId, projectId, userId } from '../core/ids.js';
import { connectionInvariantViolations } from './connectionInvariants.js';
import { countOutcome, expectOutcome, expectRecords, recordWrites } from './connectionModelBook.js';
import { minutesArbitrary, pickTarget, requestArbitrary, targetArbitrary, targetLabel, TRANSITIONS, untilNextDeadline, type Target } from './connectionModelTargets.js';
import { oracleRules, predictReconcile, predictRequest, predictTransition, type ModelConnection, type Prediction, type TransitionType } from './connectionOracle.js';
import { deepEqual } from './deepEqual.js';

/**
 * The world a connection model-based test runs in: a few companies, each owning projects.
 *
 * @example
 * ```ts
 * const world: ConnectionWorld = { companies: { gc: ['tower', 'school'], sub: ['tower-sub'] } };
 * ```
 * @since 0.1.0
 */
export interface ConnectionWorld {
  /** The projects each company owns, by company id. */
  readonly companies: Readonly<Record<string, readonly string[]>>;
}

/**
 * The default world: four companies with two projects each. @example `connectionModelCommands(DEFAULT_CONNECTION_WORLD)`
 * @since 0.1.0
 */
export const DEFAULT_CONNECTION_WORLD: ConnectionWorld = Object.freeze({
  companies: Object.freeze({ gc: ['gc-a', 'gc-b'], electric: ['el-a', 'el-b'], plumbing: ['pl-a', 'pl-b'], steel: ['st-a', 'st-b'] }),
});

/**
 * The model of a connection model-based test: its own record of every connection and of what the rules
 * need (retired downstreams, terminal states), from which it predicts the outcome of each command.
 *
 * @example
 * ```ts
 * const model = initialConnectionModel();
 * ```
 * @since 0.1.0
 */
export interface ConnectionModel {
  /** The model's clock, in epoch milliseconds (the `wait` commands advance it). */
  now: number;
  /** The ids of the connections requested so far, in order. */
  ids: string[];
  /** The connections in a terminal state, with that state: they must never leave it. */
  terminal: Map<string, string>;
  /** The downstream projects of disconnected connections: they must never connect again (C10). */
  retired: Set<string>;
  /** The upstream approval setting the next commands run with (C5). */
  approval: 'automatic' | 'manual';
  /** The lifecycle options every command runs with. */
  policy: Partial<ConnectionPolicy>;
  /**
   * Every connection as the model predicted it (state, projects, companies, request and approval
   * times, end date): after each command the system must hold exactly these records.
   *
   * @example
   * ```ts
   * model.connections.get('cn-0-1')?.state; // 'pending'
   * ```
   * @since 0.1.0
   */
  connections: Map<string, ModelConnection>;
  /**
   * How often each command kind ended how, e.g. `approve:ok`, `approve:INVALID_TRANSITION`,
   * `reconcile:noop` (a success that changed nothing): sum it over runs to check what a test reached.
   *
   * @example
   * ```ts
   * model.outcomes.get('disconnect:ok') ?? 0;
   * ```
   * @since 0.1.0
   */
  outcomes: Map<string, number>;
}

/**
 * The real system under test: a view, its history and the clock. Adapters can wrap their own.
 *
 * @example
 * ```ts
 * const real = initialConnectionReal();
 * ```
 * @since 0.1.0
 */
export interface ConnectionReal {
  /** The library's view, replaced by each command's resulting state. */
  view: ConnectionView;
  /** Every event recorded so far, in order (replayed to check C13). */
  events: ConnectionEvent[];
}

/**
 * A fresh model. @example `initialConnectionModel(Date.UTC(2026, 0, 1))`
 * @since 0.1.0
 */
export function initialConnectionModel(now = Date.UTC(2026, 0, 1), policy: Partial<ConnectionPolicy> = {}): ConnectionModel {
  return { now, ids: [], terminal: new Map(), retired: new Set(), approval: 'manual', policy, connections: new Map(), outcomes: new Map() };
}

/**
 * A fresh real system on the pure core. @example `initialConnectionReal()`
 * @since 0.1.0
 */
export function initialConnectionReal(): ConnectionReal {
  return { view: emptyConnectionView(), events: [] };
}

/** A user who belongs to every company and is Admin everywhere: only domain rules can refuse them. */
function superActor(world: ConnectionWorld): AuthorizationFacts {
  const tools = { connection_manager: 'admin', drawings: 'admin', rfis: 'admin', submittals: 'admin' } as const;
  return {
    userId: userId('model-admin'),
    companyIds: Object.keys(world.companies).map(companyId),
    projects: Object.entries(world.companies).flatMap(([company, projects]) =>
      projects.map((p) => ({ projectId: projectId(p), companyId: companyId(company), onDirectory: true, tools })),
    ),
  };
}

/** A user on every directory with no tool levels: every user command must be refused. */
function outsider(world: ConnectionWorld): AuthorizationFacts {
  return { ...superActor(world), userId: userId('model-outsider'), projects: superActor(world).projects.map((p) => ({ ...p, tools: {} })) };
}

const SPEC_CODES: readonly string[] = ERROR_CODES;

/** Checks every invariant of the real system against the model, throwing on the first violation. */
function checkInvariants(model: ConnectionModel, real: ConnectionReal): void {
  const violations = connectionInvariantViolations(real.view);
  if (violations.length > 0) throw new Error(`invariant broken: ${JSON.stringify(violations)}`);
  for (const [id, state] of model.terminal) {
    const now = real.view.connections[id]?.state;
    if (now !== state) throw new Error(`terminal connection "${id}" changed from ${state} to ${String(now)}`);
  }
  const rebuilt = replayConnectionHistory(real.events);
  if (!rebuilt.ok || !deepEqual(rebuilt.value, real.view)) throw new Error('rebuilding from the events does not give the live view (C13)');
}

/** Runs one command on the real system and checks its outcome and the resulting records against the prediction. */
function apply(world: ConnectionWorld, model: ConnectionModel, real: ConnectionReal, kind: string, command: ConnectionCommandInput, predicted: Prediction, asOutsider = false): void {
  const actor = asOutsider ? outsider(world) : superActor(world);
  const label = `${kind}(${command.connectionId})`;
  const result = executeConnectionCommand(real.view, command, { now: model.now, actor, approval: model.approval, policy: model.policy });
  if (!result.ok && !SPEC_CODES.includes(result.error.code)) throw new Error(`${label}: unknown error code ${result.error.code}`);
  expectOutcome(label, predicted, result.ok ? { ok: true, events: result.value.events.length } : { ok: false, code: result.error.code });
  if (result.ok) {
    for (const event of result.value.events) {
      if (event.type === 'ConnectionRequested' && model.retired.has(event.downstreamProjectId)) throw new Error(`C10: retired project "${event.downstreamProjectId}" connected again`);
    }
    const before = real.view;
    real.view = result.value.state;
    real.events.push(...result.value.events);
    if (result.value.events.length === 0 && real.view !== before) throw new Error('no events but the view changed');
  }
  if (predicted.ok) recordWrites(model, predicted.writes);
  countOutcome(model, kind, predicted);
  expectRecords(label, model.connections, real.view.connections);
  checkInvariants(model, real);
}

type Cmd = fc.Command<ConnectionModel, ConnectionReal>;

function cmd(label: string, run: (m: ConnectionModel, r: ConnectionReal) => void): Cmd {
  return { check: () => true, run, toString: () => label };
}

/** The command of a transition type on a connection. */
function transitionCommand(type: TransitionType, connectionId: string): ConnectionCommandInput {
  return type === 'disconnect' ? { type, connectionId, reason: 'model' } : { type, connectionId };
}

/**
 * Internal: throws when a project of the world belongs to two companies — a world no directory can
 * hold, on which the model's predictions (C1, C2) cannot be right — naming the project and both owners,
 * instead of letting the run fail later on a confusing mismatch.
 * @internal
 */
export function assertOneOwnerPerProject(world: ConnectionWorld): void {
  const owner = new Map<string, string>();
  for (const [company, projects] of Object.entries(world.companies)) {
    for (const project of projects) {
      const first = owner.get(project);
      if (first !== undefined && first !== company) throw new Error(`connection model world: project "${project}" belongs to two companies ("${first}" and "${company}"); give each project one owner`);
      owner.set(project, company);
    }
  }
}

/**
 * Internal: the world a model runs on — the default when none is given (`undefined`); throws a plain
 * `Error` for one it cannot use (not `{ companies: { <company>: [<project>, …] } }` with a project, or
 * a project with two owners), rather than quietly running the user's suite on another world.
 * @internal
 */
export function readConnectionWorld(world: unknown): ConnectionWorld {
  if (world === undefined) return DEFAULT_CONNECTION_WORLD;
  let usable = false;
  try {
    const companies = (world as ConnectionWorld).companies;
    if (typeof companies === 'object' && companies !== null) {
      const entries = Object.entries(companies);
      usable = entries.length > 0 && entries.every(([, p]) => Array.isArray(p) && p.every((x) => typeof x === 'string')) && entries.some(([, p]) => p.length > 0);
    }
  } catch {
    usable = false;
  }
  if (!usable) throw new Error('connection model world: expected { companies: { <companyId>: [<projectId>, ...] } } with at least one project');
  try {
    assertOneOwnerPerProject(world as ConnectionWorld);
  } catch (cause) {
    if (cause instanceof Error && cause.message.startsWith('connection model world:')) throw cause;
    throw new Error('connection model world: it could not be read');
  }
  return world as ConnectionWorld;
}

/**
 * fast-check commands for a model-based test of the connection lifecycle: requests between random
 * projects (both approval modes, optional end dates), approvals, declines, cancels, undos,
 * disconnects, reconciles, outsiders' attempts and the passing of time. The model keeps its own record
 * of every connection and predicts each command's outcome from SPEC §2 before it runs: success and the
 * resulting records, or the exact §7 refusal code (C1, C3, C5–C12, C16, C17, end dates). After every
 * step the system must hold exactly the model's records, and C3, C10, C11, unchanging terminal states,
 * ledgers that match the connections and a history that replays to the live view (C13) are checked.
 * Commands mostly pick connections they can act on, so every kind of transition succeeds often.
 * Requests ask for the `drawings` data type (keep it in the model's `dataTypeTools`). Throws at once
 * for a world it cannot use (no project, not a `{ companies }` map, a project of two companies).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(fc.commands(connectionModelCommands()), (cmds) => {
 *   fc.modelRun(() => ({ model: initialConnectionModel(), real: initialConnectionReal() }), cmds);
 * }));
 * ```
 * @since 0.1.0
 */
export function connectionModelCommands(input: ConnectionWorld = DEFAULT_CONNECTION_WORLD): fc.Arbitrary<fc.Command<ConnectionModel, ConnectionReal>>[] {
  const world = readConnectionWorld(input);
  const requests = requestArbitrary(world.companies);
  let counter = 0;
  const request = (asOutsider: boolean) =>
    requests.map((draw) =>
      cmd(`${asOutsider ? 'outsider ' : ''}request(${draw.describe})`, (m, r) => {
        m.approval = draw.auto ? 'automatic' : 'manual';
        counter += 1;
        const connectionId = `cn-${m.ids.length}-${counter}`;
        const command: ConnectionCommandInput = { type: 'request', connectionId, upstreamProjectId: draw.up, downstreamProjectId: draw.down, dataTypes: ['drawings'], endsAt: draw.endsAt(m.now) };
        const predicted = predictRequest([...m.connections.values()], draw.model(connectionId, m.now), m.now, oracleRules(m.policy), !asOutsider);
        apply(world, m, r, asOutsider ? 'outsider request' : 'request', command, predicted, asOutsider);
      }),
    );
  const transition = (type: TransitionType, asOutsider: boolean) => (t: Target) =>
    cmd(`${asOutsider ? 'outsider ' : ''}${type}(${targetLabel(t)})`, (m, r) => {
      const rules = oracleRules(m.policy);
      const id = pickTarget(m.connections, type, t, m.now, rules);
      const predicted = predictTransition(m.connections.get(id), type, m.now, rules, !asOutsider);
      apply(world, m, r, asOutsider ? `outsider ${type}` : type, transitionCommand(type, id), predicted, asOutsider);
    });
  const reconcile = targetArbitrary.map((t) =>
    cmd(`reconcile(${targetLabel(t)})`, (m, r) => {
      const rules = oracleRules(m.policy);
      const id = pickTarget(m.connections, 'reconcile', t, m.now, rules);
      apply(world, m, r, 'reconcile', { type: 'reconcile', connectionId: id }, predictReconcile(m.connections.get(id), m.now, rules));
    }),
  );
  const wait = minutesArbitrary.map((minutes) => cmd(`wait ${minutes}m`, (m) => { m.now += minutes * 60_000; }));
  const toDeadline = fc.constant(
    cmd('wait until the next deadline', (m) => {
      m.now += untilNextDeadline(m.connections, m.now, oracleRules(m.policy)) ?? 60_000;
    }),
  );
  return [
    // Requests are weighted up (most other commands need a connection to act on), and so is reconcile; time
    // passes by a few minutes or up to the next deadline exactly (deadlines must be reached for reconcile to act).
    request(false),
    request(false),
    request(false),
    ...TRANSITIONS.map((type) => targetArbitrary.map(transition(type, false))),
    reconcile,
    reconcile,
    request(true),
    fc.tuple(fc.constantFrom(...TRANSITIONS), targetArbitrary).map(([type, t]) => transition(type, true)(t)),
    wait,
    toDeadline,
    toDeadline,
  ];
}
