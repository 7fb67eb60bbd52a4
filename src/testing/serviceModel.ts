import fc from 'fast-check';
import { replayConnectionHistory } from '../connection/api.js';
import type { ConnectionPolicy } from '../connection/policy.js';
import type { ConnectionEventInput } from '../connection/inputs.js';
import { ERROR_CODES } from '../core/errors.js';
import type { InMemoryDirectory } from '../adapters/memory/inMemoryDirectory.js';
import { manualClock, sequentialIds } from '../ports/clock.js';
import type { StoragePort } from '../ports/storage.js';
import { createConnectionService, type ConnectionService } from '../service/service.js';
import { connectionInvariantViolations } from './connectionInvariants.js';
import { DEFAULT_CONNECTION_WORLD, type ConnectionWorld } from './connectionModel.js';
import { deepEqual } from './deepEqual.js';
import { serviceWorldData, serviceWorldDirectory } from './serviceWorld.js';
import { storedConnectionView } from './storedViews.js';

/**
 * The model of a service-backed model-based test: what has been observed so far.
 *
 * @example
 * ```ts
 * const { model } = createServiceModelSystem(createInMemoryStorage());
 * ```
 * @since 0.1.0
 */
export interface ServiceModel {
  /** The ids of the connections requested so far, in order. */
  ids: string[];
  /** The connections seen in a terminal state, with that state: they must never leave it. */
  terminal: Map<string, string>;
  /** The downstream projects of disconnected connections: they must never connect again (C10). */
  retired: Set<string>;
}

/**
 * The real system of a service-backed model-based test: the service on your storage adapter, the
 * in-memory directory of the world and the clock.
 *
 * @example
 * ```ts
 * const { real } = createServiceModelSystem(storage);
 * await real.service.requestConnection({ ... });
 * ```
 * @since 0.1.0
 */
export interface ServiceModelReal {
  /** The service under test. */
  readonly service: ConnectionService;
  /** Your storage adapter, which the service runs on. */
  readonly storage: StoragePort;
  /** The in-memory directory of the world. */
  readonly directory: InMemoryDirectory;
  /** The manual clock the service reads. */
  readonly clock: ReturnType<typeof manualClock>;
  /** The companies and projects the commands draw from. */
  readonly world: ConnectionWorld;
}

/**
 * A fresh model and a real system running the application service on `storage` (which must be empty),
 * for `fc.asyncModelRun` with {@link serviceModelCommands}. Any {@link StoragePort} fits: run the same
 * model on the in-memory adapter and on your database adapter.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(fc.commands(serviceModelCommands()), async (cmds) => {
 *   await fc.asyncModelRun(() => createServiceModelSystem(createInMemoryStorage()), cmds);
 * }));
 * ```
 * @since 0.1.0
 */
export function createServiceModelSystem(
  storage: StoragePort,
  options: { readonly world?: ConnectionWorld; readonly policy?: Partial<ConnectionPolicy>; readonly now?: number } = {},
): { model: ServiceModel; real: ServiceModelReal } {
  let given: { world?: unknown; policy?: unknown; now?: unknown } = {};
  try {
    given = { world: options?.world, policy: options?.policy, now: options?.now };
  } catch {
    // Options that throw when read: the defaults.
  }
  const world = validWorld(given.world);
  const clock = manualClock(typeof given.now === 'number' ? given.now : Date.UTC(2026, 0, 1));
  const directory = serviceWorldDirectory(world.companies);
  const service = createConnectionService({
    storage,
    directory,
    notifications: { deliver: async () => undefined },
    sync: { perform: async () => undefined },
    clock,
    ids: sequentialIds(),
    policy: { connection: (typeof given.policy === 'object' && given.policy !== null ? given.policy : {}) as Partial<ConnectionPolicy> },
  });
  return { model: { ids: [], terminal: new Map(), retired: new Set() }, real: { service, storage, directory, clock, world } };
}

/** A world with at least one project, or the default one. */
function validWorld(world: unknown): ConnectionWorld {
  try {
    const companies = (world as ConnectionWorld | undefined)?.companies;
    if (typeof companies === 'object' && companies !== null) {
      const entries = Object.entries(companies);
      if (entries.length > 0 && entries.every(([, p]) => Array.isArray(p) && p.every((x) => typeof x === 'string')) && entries.some(([, p]) => p.length > 0)) {
        return world as ConnectionWorld;
      }
    }
  } catch {
    // Unreadable: the default world.
  }
  return DEFAULT_CONNECTION_WORLD;
}

const SPEC_CODES: readonly string[] = ERROR_CODES;
const TERMINAL = ['declined', 'cancelled', 'expired', 'disconnected'];

async function checkInvariants(model: ServiceModel, real: ServiceModelReal): Promise<void> {
  const view = await storedConnectionView(real.storage);
  const violations = connectionInvariantViolations(view);
  if (violations.length > 0) throw new Error(`invariant broken: ${JSON.stringify(violations)}`);
  for (const [id, state] of model.terminal) {
    const now = view.connections[id]?.state;
    if (now !== state) throw new Error(`terminal connection "${id}" changed from ${state} to ${String(now)}`);
  }
  for (const [id, connection] of Object.entries(view.connections)) {
    const replay = replayConnectionHistory((await real.storage.history(`connection:${id}`)) as ConnectionEventInput[]);
    if (!replay.ok || !deepEqual(replay.value.connections[id], connection)) throw new Error(`C13: the history of "${id}" does not rebuild its record`);
    if (TERMINAL.includes(connection.state)) model.terminal.set(id, connection.state);
    if (connection.state === 'disconnected') model.retired.add(connection.downstream.projectId);
  }
}

type Answer = { ok: true; value: { events: readonly { type: string; connectionId?: string; downstreamProjectId?: string }[] } } | { ok: false; error: { code: string } };

async function apply(model: ServiceModel, real: ServiceModelReal, label: string, run: () => Promise<unknown>, outsider = false): Promise<void> {
  const r = (await run()) as Answer;
  if (r.ok) {
    if (outsider) throw new Error(`an outsider's ${label} succeeded`);
    for (const e of r.value.events) {
      if (e.type === 'ConnectionRequested') {
        if (e.downstreamProjectId !== undefined && model.retired.has(e.downstreamProjectId)) throw new Error(`C10: retired project "${e.downstreamProjectId}" connected again`);
        if (e.connectionId !== undefined) model.ids.push(e.connectionId);
      }
    }
  } else if (!SPEC_CODES.includes(r.error.code)) {
    throw new Error(`${label}: unknown error code ${r.error.code}`);
  }
  await checkInvariants(model, real);
}

type Cmd = fc.AsyncCommand<ServiceModel, ServiceModelReal>;

function cmd(label: string, run: (m: ServiceModel, r: ServiceModelReal) => Promise<void>): Cmd {
  return { check: () => true, run, toString: () => label };
}

const pick = (model: ServiceModel, index: number): string => model.ids[index % Math.max(1, model.ids.length)] ?? 'none';

/**
 * fast-check async commands for a model-based test of the connection lifecycle *through the
 * application service* on any storage adapter: the command set of `connectionModelCommands` (requests
 * in both approval modes with optional end dates, approvals, declines, cancels, undos, disconnects,
 * reconciles, an outsider's attempts, the passing of time, plus the deadline sweep). After every step
 * it reads the stored records back and checks C3, C10, C11, that terminal states never change, that
 * the ledgers match the connections and that each connection's stored history rebuilds it (C13).
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(fc.commands(serviceModelCommands(), { maxCommands: 40 }), (cmds) =>
 *   fc.asyncModelRun(() => createServiceModelSystem(createInMemoryStorage()), cmds)));
 * ```
 * @since 0.1.0
 */
export function serviceModelCommands(input: ConnectionWorld = DEFAULT_CONNECTION_WORLD): fc.Arbitrary<fc.AsyncCommand<ServiceModel, ServiceModelReal>>[] {
  const world = validWorld(input);
  const projects = Object.values(world.companies).flat();
  const project = fc.constantFrom(...projects);
  const index = fc.nat({ max: 50 });
  let counter = 0;
  const admin = 'model-admin';
  const request = fc
    .record({ up: project, down: project, auto: fc.boolean(), ends: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }) })
    .map(({ up, down, auto, ends }) =>
      cmd(`request(${up} <- ${down}${auto ? ', auto' : ''}${ends === null ? '' : `, ends +${ends}m`})`, async (m, r) => {
        r.directory.replace(serviceWorldData(r.world.companies, auto ? 'automatic' : 'manual'));
        counter += 1;
        const input = { actorId: admin, connectionId: `cn-${m.ids.length}-${counter}`, upstreamProjectId: up, downstreamProjectId: down, dataTypes: ['drawings'], endsAt: ends === null ? null : r.clock.now() + ends * 60_000 };
        await apply(m, r, 'request', () => r.service.requestConnection(input));
      }),
    );
  const on = (type: 'approve' | 'decline' | 'cancel' | 'undo_request' | 'undo_approval' | 'reconcile' | 'disconnect') =>
    index.map((i) =>
      cmd(`${type}(#${i})`, async (m, r) => {
        const connectionId = pick(m, i);
        const s = r.service;
        const run = {
          approve: () => s.approveConnection({ actorId: admin, connectionId }),
          decline: () => s.declineConnection({ actorId: admin, connectionId }),
          cancel: () => s.cancelConnectionRequest({ actorId: admin, connectionId }),
          undo_request: () => s.undoConnectionRequest({ actorId: admin, connectionId }),
          undo_approval: () => s.undoConnectionApproval({ actorId: admin, connectionId }),
          reconcile: () => s.reconcileConnection({ connectionId }),
          disconnect: () => s.disconnectConnection({ actorId: admin, connectionId, reason: 'model' }),
        }[type];
        await apply(m, r, type, run);
      }),
    );
  return [
    request,
    request,
    request,
    on('approve'),
    on('decline'),
    on('cancel'),
    on('undo_request'),
    on('undo_approval'),
    on('reconcile'),
    on('disconnect'),
    fc
      .record({ i: index, type: fc.constantFrom('approve', 'decline', 'cancel', 'disconnect') })
      .map(({ i, type }) =>
        cmd(`outsider ${type}(#${i})`, async (m, r) => {
          const connectionId = pick(m, i);
          const actorId = 'model-outsider';
          const s = r.service;
          const run =
            type === 'approve'
              ? () => s.approveConnection({ actorId, connectionId })
              : type === 'decline'
                ? () => s.declineConnection({ actorId, connectionId })
                : type === 'cancel'
                  ? () => s.cancelConnectionRequest({ actorId, connectionId })
                  : () => s.disconnectConnection({ actorId, connectionId, reason: 'x' });
          await apply(m, r, `outsider ${type}`, run, true);
        }),
      ),
    fc.constant(
      cmd('sweep', async (m, r) => {
        const swept = await r.service.reconcileDeadlines();
        if (!swept.ok || swept.value.failed.length > 0) throw new Error(`the sweep failed: ${JSON.stringify(swept)}`);
        await checkInvariants(m, r);
      }),
    ),
    fc.integer({ min: 1, max: 40 }).map((minutes) => cmd(`wait ${minutes}m`, async (_m, r) => r.clock.advance(minutes * 60_000))),
  ];
}
