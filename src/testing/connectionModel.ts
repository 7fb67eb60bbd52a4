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
 * The model of a connection model-based test: what has been observed so far.
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
  /** The connections seen in a terminal state, with that state: they must never leave it. */
  terminal: Map<string, string>;
  /** The downstream projects of disconnected connections: they must never connect again (C10). */
  retired: Set<string>;
  /** The upstream approval setting the next commands run with (C5). */
  approval: 'automatic' | 'manual';
  /** The lifecycle options every command runs with. */
  policy: Partial<ConnectionPolicy>;
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
  return { now, ids: [], terminal: new Map(), retired: new Set(), approval: 'manual', policy };
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

function apply(world: ConnectionWorld, model: ConnectionModel, real: ConnectionReal, command: ConnectionCommandInput, asOutsider = false): void {
  const actor = asOutsider ? outsider(world) : superActor(world);
  const result = executeConnectionCommand(real.view, command, { now: model.now, actor, approval: model.approval, policy: model.policy });
  if (result.ok) {
    if (asOutsider) throw new Error(`an outsider's ${(command as { type: string }).type} succeeded`);
    for (const event of result.value.events) {
      if (event.type === 'ConnectionRequested') {
        if (model.retired.has(event.downstreamProjectId)) throw new Error(`C10: retired project "${event.downstreamProjectId}" connected again`);
        model.ids.push(event.connectionId);
      }
      if (event.type === 'ConnectionDisconnected') {
        const c = real.view.connections[event.connectionId];
        if (c !== undefined) model.retired.add(c.downstream.projectId);
      }
    }
    const before = real.view;
    real.view = result.value.state;
    real.events.push(...result.value.events);
    for (const event of result.value.events) {
      const state = real.view.connections[event.connectionId]?.state;
      if (state !== undefined && ['declined', 'cancelled', 'expired', 'disconnected'].includes(state)) model.terminal.set(event.connectionId, state);
    }
    if (result.value.events.length === 0 && real.view !== before) throw new Error('no events but the view changed');
  } else if (!SPEC_CODES.includes(result.error.code)) {
    throw new Error(`unknown error code ${result.error.code}`);
  }
  checkInvariants(model, real);
}

type Cmd = fc.Command<ConnectionModel, ConnectionReal>;

function cmd(label: string, run: (m: ConnectionModel, r: ConnectionReal) => void): Cmd {
  return { check: () => true, run, toString: () => label };
}

const pick = (model: ConnectionModel, index: number): string => model.ids[index % Math.max(1, model.ids.length)] ?? 'none';

/**
 * fast-check commands for a model-based test of the connection lifecycle: requests between random
 * projects (both approval modes, optional end dates), approvals, declines, cancels, undos,
 * disconnects, reconciles, outsiders' attempts and the passing of time. After every step they check
 * C3, C10, C11, that terminal states never change, that the ledgers match the connections and that
 * replaying the history gives the live view (C13).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(fc.commands(connectionModelCommands()), (cmds) => {
 *   fc.modelRun(() => ({ model: initialConnectionModel(), real: initialConnectionReal() }), cmds);
 * }));
 * ```
 * @since 0.1.0
 */
export function connectionModelCommands(world: ConnectionWorld = DEFAULT_CONNECTION_WORLD): fc.Arbitrary<fc.Command<ConnectionModel, ConnectionReal>>[] {
  const projects = Object.values(world.companies).flat();
  const project = fc.constantFrom(...projects);
  const index = fc.nat({ max: 50 });
  let counter = 0;
  const request = fc
      .record({ up: project, down: project, auto: fc.boolean(), ends: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }) })
      .map(({ up, down, auto, ends }) =>
        cmd(`request(${up} <- ${down}${auto ? ', auto' : ''}${ends === null ? '' : `, ends +${ends}m`})`, (m, r) => {
          m.approval = auto ? 'automatic' : 'manual';
          counter += 1;
          const command: ConnectionCommandInput = { type: 'request', connectionId: `cn-${m.ids.length}-${counter}`, upstreamProjectId: up, downstreamProjectId: down, dataTypes: ['drawings'], endsAt: ends === null ? null : m.now + ends * 60_000 };
          apply(world, m, r, command);
        }),
      );
  return [
    // Requests are weighted up: most other commands need a connection to act on.
    request,
    request,
    request,
    ...(['approve', 'decline', 'cancel', 'undo_request', 'undo_approval', 'reconcile'] as const).map((type) =>
      index.map((i) => cmd(`${type}(#${i})`, (m, r) => apply(world, m, r, { type, connectionId: pick(m, i) }))),
    ),
    index.map((i) => cmd(`disconnect(#${i})`, (m, r) => apply(world, m, r, { type: 'disconnect', connectionId: pick(m, i), reason: 'model' }))),
    fc
      .record({ i: index, type: fc.constantFrom('approve', 'decline', 'cancel', 'disconnect') })
      .map(({ i, type }) => cmd(`outsider ${type}(#${i})`, (m, r) => apply(world, m, r, type === 'disconnect' ? { type, connectionId: pick(m, i), reason: 'x' } : { type, connectionId: pick(m, i) }, true))),
    fc.integer({ min: 1, max: 40 }).map((minutes) => cmd(`wait ${minutes}m`, (m) => { m.now += minutes * 60_000; })),
  ];
}
