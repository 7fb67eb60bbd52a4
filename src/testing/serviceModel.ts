import fc from 'fast-check';
import { replayConnectionHistory } from '../connection/api.js';
import type { ConnectionEventInput } from '../connection/inputs.js';
import { ERROR_CODES } from '../core/errors.js';
import type { ConnectionService } from '../service/service.js';
import { connectionInvariantViolations } from './connectionInvariants.js';
import { DEFAULT_CONNECTION_WORLD, readConnectionWorld, type ConnectionWorld } from './connectionModel.js';
import { countOutcome, expectOutcome, expectRecords, recordWrites } from './connectionModelBook.js';
import { minutesArbitrary, pickTarget, requestArbitrary, targetArbitrary, targetLabel, TRANSITIONS, untilNextDeadline, type Target } from './connectionModelTargets.js';
import { oracleRules, predictReconcile, predictRequest, predictTransition, settled, type Prediction, type TransitionType } from './connectionOracle.js';
import { deepEqual } from './deepEqual.js';
import { serviceWorldData } from './serviceWorld.js';
import { type ServiceModel, type ServiceModelReal } from './serviceModelSystem.js';
import { storedConnectionView } from './storedViews.js';

export { createServiceModelSystem, type ServiceModel, type ServiceModelReal } from './serviceModelSystem.js';

const SPEC_CODES: readonly string[] = ERROR_CODES;

/** Reads the stored records back: exactly the model's, C3/C11 and the ledgers, unchanged terminal states, each history rebuilding its record (C13). */
async function checkInvariants(label: string, model: ServiceModel, real: ServiceModelReal): Promise<void> {
  const view = await storedConnectionView(real.storage);
  expectRecords(label, model.connections, view.connections);
  const violations = connectionInvariantViolations(view);
  if (violations.length > 0) throw new Error(`invariant broken: ${JSON.stringify(violations)}`);
  for (const [id, state] of model.terminal) {
    const now = view.connections[id]?.state;
    if (now !== state) throw new Error(`terminal connection "${id}" changed from ${state} to ${String(now)}`);
  }
  for (const [id, connection] of Object.entries(view.connections)) {
    const replay = replayConnectionHistory((await real.storage.history(`connection:${id}`)) as ConnectionEventInput[]);
    if (!replay.ok || !deepEqual(replay.value.connections[id], connection)) throw new Error(`C13: the history of "${id}" does not rebuild its record`);
  }
}

type Answer = { ok: true; value: { events: readonly { type: string; connectionId?: string; downstreamProjectId?: string }[] } } | { ok: false; error: { code: string } };

/** Runs one service call and checks its answer and the stored records against the prediction. */
async function apply(model: ServiceModel, real: ServiceModelReal, kind: string, label: string, predicted: Prediction, run: () => Promise<unknown>): Promise<void> {
  const r = (await run()) as Answer;
  if (!r.ok && !SPEC_CODES.includes(r.error.code)) throw new Error(`${label}: unknown error code ${r.error.code}`);
  expectOutcome(label, predicted, r.ok ? { ok: true, events: r.value.events.length } : { ok: false, code: r.error.code });
  if (r.ok) {
    for (const e of r.value.events) {
      if (e.type === 'ConnectionRequested' && e.downstreamProjectId !== undefined && model.retired.has(e.downstreamProjectId)) throw new Error(`C10: retired project "${e.downstreamProjectId}" connected again`);
    }
  }
  if (predicted.ok) recordWrites(model, predicted.writes);
  countOutcome(model, kind, predicted);
  await checkInvariants(label, model, real);
}

type Cmd = fc.AsyncCommand<ServiceModel, ServiceModelReal>;

function cmd(label: string, run: (m: ServiceModel, r: ServiceModelReal) => Promise<void>): Cmd {
  return { check: () => true, run, toString: () => label };
}


/** The users of the world (`serviceWorldDirectory`): an admin everywhere, and one with no tool at all. */
const ADMIN = 'model-admin';
const OUTSIDER = 'model-outsider';

/** The service call of a transition. */
function transitionCall(s: ConnectionService, type: TransitionType, actorId: string, connectionId: string): () => Promise<unknown> {
  switch (type) {
    case 'approve':
      return () => s.approveConnection({ actorId, connectionId });
    case 'decline':
      return () => s.declineConnection({ actorId, connectionId });
    case 'cancel':
      return () => s.cancelConnectionRequest({ actorId, connectionId });
    case 'undo_request':
      return () => s.undoConnectionRequest({ actorId, connectionId });
    case 'undo_approval':
      return () => s.undoConnectionApproval({ actorId, connectionId });
    case 'disconnect':
      return () => s.disconnectConnection({ actorId, connectionId, reason: 'model' });
  }
}

/**
 * fast-check async commands for a model-based test of the connection lifecycle *through the
 * application service* on any storage adapter: the command set of `connectionModelCommands` (requests
 * in both approval modes with optional end dates, approvals, declines, cancels, undos, disconnects,
 * reconciles, an outsider's attempts, the passing of time, plus the deadline sweep). The model predicts
 * each command's outcome from SPEC §2 before it runs (success and the resulting records, or the exact
 * §7 refusal code; the service records a due deadline before deciding a command on that connection).
 * After every step it reads the stored records back: they must be exactly the model's, and C3, C10,
 * C11, unchanging terminal states, ledgers that match the connections and each connection's stored
 * history rebuilding it (C13) are checked.
 *
 * @example
 * ```ts
 * // size 'medium': runs long enough for sweeps and reconciles to succeed (the default size averages ~5 commands).
 * await fc.assert(fc.asyncProperty(fc.commands(serviceModelCommands(), { maxCommands: 60, size: 'medium' }), (cmds) =>
 *   fc.asyncModelRun(() => createServiceModelSystem(createInMemoryStorage()), cmds)));
 * ```
 * @since 0.1.0
 */
export function serviceModelCommands(input: ConnectionWorld = DEFAULT_CONNECTION_WORLD): fc.Arbitrary<fc.AsyncCommand<ServiceModel, ServiceModelReal>>[] {
  const world = readConnectionWorld(input);
  const requests = requestArbitrary(world.companies);
  let counter = 0;
  const request = (actorId: string) =>
    requests.map((draw) => {
      const kind = actorId === ADMIN ? 'request' : 'outsider request';
      return cmd(`${kind}(${draw.describe})`, async (m, r) => {
        r.directory.replace(serviceWorldData(r.world.companies, draw.auto ? 'automatic' : 'manual'));
        counter += 1;
        const input = { actorId, connectionId: `cn-${m.ids.length}-${counter}`, upstreamProjectId: draw.up, downstreamProjectId: draw.down, dataTypes: ['drawings'], endsAt: draw.endsAt(m.now) };
        const predicted = predictRequest([...m.connections.values()], draw.model(input.connectionId, m.now), m.now, oracleRules(m.policy), actorId === ADMIN);
        await apply(m, r, kind, `${kind}(${input.connectionId})`, predicted, () => r.service.requestConnection(input));
      });
    });
  const transition = (type: TransitionType, actorId: string) => (t: Target) => {
    const kind = actorId === ADMIN ? type : `outsider ${type}`;
    return cmd(`${kind}(${targetLabel(t)})`, async (m, r) => {
      const rules = oracleRules(m.policy);
      const id = pickTarget(m.connections, type, t, m.now, rules);
      // Deadlines first: the service records a due deadline of the connection before deciding the command, whoever asks.
      const before = m.connections.get(id);
      if (before !== undefined && settled(before, m.now, rules) !== before) recordWrites(m, [settled(before, m.now, rules)]);
      const predicted = predictTransition(m.connections.get(id), type, m.now, rules, actorId === ADMIN);
      await apply(m, r, kind, `${kind}(${id})`, predicted, transitionCall(r.service, type, actorId, id));
    });
  };
  const reconcile = targetArbitrary.map((t) =>
    cmd(`reconcile(${targetLabel(t)})`, async (m, r) => {
      const rules = oracleRules(m.policy);
      const id = pickTarget(m.connections, 'reconcile', t, m.now, rules);
      await apply(m, r, 'reconcile', `reconcile(${id})`, predictReconcile(m.connections.get(id), m.now, rules), () => r.service.reconcileConnection({ connectionId: id }));
    }),
  );
  const sweep = fc.constant(
    cmd('sweep', async (m, r) => {
      const rules = oracleRules(m.policy);
      // The sweep records every deadline that is due (C17, end dates), and only those.
      const due = [...m.connections.values()].map((c) => settled(c, m.now, rules)).filter((c) => c !== m.connections.get(c.id));
      const swept = await r.service.reconcileDeadlines();
      if (!swept.ok || swept.value.failed.length > 0) throw new Error(`the sweep failed: ${JSON.stringify(swept)}`);
      const expected = due.map((c) => c.id).sort();
      const reconciled = [...swept.value.reconciled].sort();
      if (JSON.stringify(reconciled) !== JSON.stringify(expected)) throw new Error(`sweep: reconciled ${JSON.stringify(reconciled)}, the model expects ${JSON.stringify(expected)}`);
      recordWrites(m, due);
      countOutcome(m, 'sweep', { ok: true, writes: due });
      await checkInvariants('sweep', m, r);
    }),
  );
  const wait = minutesArbitrary.map((minutes) =>
    cmd(`wait ${minutes}m`, async (m, r) => {
      r.clock.advance(minutes * 60_000);
      m.now += minutes * 60_000;
    }),
  );
  const toDeadline = fc.constant(
    cmd('wait until the next deadline', async (m, r) => {
      const ms = untilNextDeadline(m.connections, m.now, oracleRules(m.policy)) ?? 60_000;
      r.clock.advance(ms);
      m.now += ms;
    }),
  );
  return [
    // Requests are weighted up (most other commands need a connection to act on), and so are reconcile and
    // the sweep; time passes by a few minutes or up to the next deadline exactly (deadlines must be reached for them to act).
    request(ADMIN),
    request(ADMIN),
    request(ADMIN),
    ...TRANSITIONS.map((type) => targetArbitrary.map(transition(type, ADMIN))),
    reconcile,
    reconcile,
    request(OUTSIDER),
    fc.tuple(fc.constantFrom(...TRANSITIONS), targetArbitrary).map(([type, t]) => transition(type, OUTSIDER)(t)),
    sweep,
    sweep,
    wait,
    toDeadline,
    toDeadline,
  ];
}
