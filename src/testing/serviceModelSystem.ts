import type { InMemoryDirectory } from '../adapters/memory/inMemoryDirectory.js';
import type { ConnectionPolicy } from '../connection/policy.js';
import { manualClock, sequentialIds } from '../ports/clock.js';
import type { StoragePort } from '../ports/storage.js';
import { createConnectionService, type ConnectionService } from '../service/service.js';
import { readConnectionWorld, type ConnectionWorld } from './connectionModel.js';
import type { ModelConnection } from './connectionOracle.js';
import { serviceWorldDirectory } from './serviceWorld.js';

/**
 * The model of a service-backed model-based test: its own record of every connection and of what the
 * rules need, its clock and the policy, from which it predicts the outcome of each command.
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
  /** The connections in a terminal state, with that state: they must never leave it. */
  terminal: Map<string, string>;
  /** The downstream projects of disconnected connections: they must never connect again (C10). */
  retired: Set<string>;
  /**
   * The model's clock, in epoch milliseconds: the `wait` commands advance it with the service's clock.
   *
   * @example
   * ```ts
   * new Date(model.now).toISOString();
   * ```
   * @since 0.1.0
   */
  now: number;
  /**
   * The lifecycle options the service runs with (undo window, pending expiry, ...).
   *
   * @example
   * ```ts
   * model.policy.pendingExpiryMs; // 1800000 in a 30-minute-expiry run
   * ```
   * @since 0.1.0
   */
  policy: Partial<ConnectionPolicy>;
  /**
   * Every connection as the model predicted it (state, projects, companies, request and approval
   * times, end date): after each command the storage must hold exactly these records.
   *
   * @example
   * ```ts
   * model.connections.get('cn-0-1')?.state; // 'connected'
   * ```
   * @since 0.1.0
   */
  connections: Map<string, ModelConnection>;
  /**
   * How often each command kind ended how, e.g. `approve:ok`, `approve:INVALID_TRANSITION`,
   * `sweep:noop` (a success that changed nothing): sum it over runs to check what a test reached.
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
  let given: { world?: unknown; policy?: unknown; now?: unknown };
  try {
    given = { world: options?.world, policy: options?.policy, now: options?.now };
  } catch {
    throw new Error('service model options: they could not be read');
  }
  const world = readConnectionWorld(given.world);
  if (given.now !== undefined && !(typeof given.now === 'number' && Number.isSafeInteger(given.now) && given.now >= 0)) throw new Error('service model options: now must be a non-negative whole number of epoch milliseconds');
  if (given.policy !== undefined && (typeof given.policy !== 'object' || given.policy === null)) throw new Error('service model options: policy must be an object (a partial connection policy)');
  const start = typeof given.now === 'number' ? given.now : Date.UTC(2026, 0, 1);
  const clock = manualClock(start);
  const policy = (given.policy ?? {}) as Partial<ConnectionPolicy>;
  const directory = serviceWorldDirectory(world.companies);
  const service = createConnectionService({
    storage,
    directory,
    notifications: { deliver: async () => undefined },
    sync: { perform: async () => undefined },
    clock,
    ids: sequentialIds(),
    policy: { connection: policy },
  });
  const model: ServiceModel = { ids: [], terminal: new Map(), retired: new Set(), now: clock.now(), policy, connections: new Map(), outcomes: new Map() };
  return { model, real: { service, storage, directory, clock, world } };
}
