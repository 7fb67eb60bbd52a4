import type { DirectoryPort } from '../ports/directory.js';
import type { StoragePort } from '../ports/storage.js';
import type { NotificationTransportPort, SyncTransportPort } from '../ports/transports.js';
import type { UpstreamItemsPort } from '../ports/upstreamItems.js';

/**
 * How an injected fault fails a call:
 * - `throw`: the call fails before doing anything;
 * - `timeout`: the call fails, after a while, before doing anything (rejects with a timeout error);
 * - `lost_answer`: the call does its work, then fails (the caller cannot tell it happened: a commit
 *   whose answer was lost, a delivery whose acknowledgement was lost).
 *
 * @example
 * ```ts
 * const kind: FaultKind = 'lost_answer';
 * ```
 * @since 0.1.0
 */
export type FaultKind = 'throw' | 'timeout' | 'lost_answer';

/**
 * One call through a faulty port: which port, which method, and its position among all calls the
 * injector has seen (0-based).
 *
 * @example
 * ```ts
 * const call: FaultCall = { port: 'storage', method: 'commit', index: 12 };
 * ```
 * @since 0.1.0
 */
export interface FaultCall {
  /** The port called, e.g. `storage`. */
  readonly port: string;
  /** The method called, e.g. `commit`. */
  readonly method: string;
  /** The call's position among all calls the injector has seen, 0-based. */
  readonly index: number;
}

/**
 * Decides which calls fail, and records every call and every fault (runner-agnostic: use it with any
 * test runner).
 *
 * @example
 * ```ts
 * const faults = faultInjector((call) => (call.method === 'commit' && call.index < 20 ? 'lost_answer' : null));
 * const storage = faultyStorage(createInMemoryStorage(), faults);
 * ```
 * @since 0.1.0
 */
export interface FaultInjector {
  /** Called by the wrappers for every call: the fault to inject, if any. */
  next(port: string, method: string): FaultKind | null;
  /** Every call seen, in order. */
  readonly calls: readonly FaultCall[];
  /** Every fault injected, in order. */
  readonly injected: readonly (FaultCall & { readonly kind: FaultKind })[];
  /** Turns injection off (`false`) or back on. */
  enable(on: boolean): void;
}

/**
 * The error a faulty port fails with: an `Error` named `InjectedFault` (or `TimeoutError`) carrying
 * the fault kind and the call.
 *
 * @example
 * ```ts
 * if (isInjectedFault(e)) console.log(e.kind, e.call.method);
 * ```
 * @since 0.1.0
 */
export type InjectedFault = Error & { readonly kind: FaultKind; readonly call: FaultCall };

const INJECTED = new WeakSet<object>();

function injectedFault(kind: FaultKind, call: FaultCall): InjectedFault {
  const error = Object.assign(new Error(`injected ${kind} in ${call.port}.${call.method} (call #${call.index})`), { kind, call });
  error.name = kind === 'timeout' ? 'TimeoutError' : 'InjectedFault';
  INJECTED.add(error);
  return error;
}

/**
 * Whether an error was injected by a faulty port.
 *
 * @example
 * ```ts
 * try { await storage.commit(request); } catch (e) { if (isInjectedFault(e)) retry(); }
 * ```
 * @since 0.1.0
 */
export function isInjectedFault(error: unknown): error is InjectedFault {
  return typeof error === 'object' && error !== null && INJECTED.has(error);
}

/**
 * Creates a {@link FaultInjector} from a plan: a function of each call that answers the fault to
 * inject, or null. Never throws (a plan that throws injects nothing).
 *
 * @example
 * ```ts
 * const faults = faultInjector((call) => (call.index >= 10 && call.index < 14 ? 'throw' : null));
 * ```
 * @since 0.1.0
 */
export function faultInjector(plan: (call: FaultCall) => FaultKind | null): FaultInjector {
  const calls: FaultCall[] = [];
  const injected: (FaultCall & { kind: FaultKind })[] = [];
  let on = true;
  return {
    calls,
    injected,
    enable: (value: boolean) => {
      on = value !== false;
    },
    next(port: string, method: string) {
      const call = Object.freeze({ port: String(port), method: String(method), index: calls.length });
      calls.push(call);
      if (!on || typeof plan !== 'function') return null;
      let kind: FaultKind | null = null;
      try {
        kind = plan(call);
      } catch {
        kind = null;
      }
      if (kind !== 'throw' && kind !== 'timeout' && kind !== 'lost_answer') return null;
      injected.push(Object.freeze({ ...call, kind }));
      return kind;
    },
  };
}

/**
 * A fault plan that fails the calls whose index is in `[from, from + count)` with `kind`, optionally
 * only for some ports.
 *
 * @example
 * ```ts
 * const faults = faultInjector(failWindow(8, 3, 'timeout', ['storage']));
 * ```
 * @since 0.1.0
 */
export function failWindow(from: number, count: number, kind: FaultKind, ports?: readonly string[]): (call: FaultCall) => FaultKind | null {
  return (call) => (call.index >= from && call.index < from + count && (ports === undefined || ports.includes(call.port)) ? kind : null);
}

async function guarded<T>(faults: FaultInjector, port: string, method: string, run: () => Promise<T>): Promise<T> {
  const kind = faults.next(port, method);
  const call = faults.calls[faults.calls.length - 1] ?? { port, method, index: -1 };
  if (kind === 'throw' || kind === 'timeout') throw injectedFault(kind, call);
  const value = await run();
  if (kind === 'lost_answer') throw injectedFault(kind, call);
  return value;
}

function wrap<P extends object>(target: P, port: string, methods: readonly (keyof P & string)[], faults: FaultInjector): P {
  const out: Record<string, unknown> = {};
  for (const method of methods) {
    out[method] = (...args: unknown[]) =>
      guarded(faults, port, method, () => (target[method] as unknown as (...a: unknown[]) => Promise<unknown>).apply(target, args));
  }
  return out as P;
}

/**
 * Wraps a storage port so that the calls the injector picks fail (every method; port name `storage`).
 *
 * @example
 * ```ts
 * const storage = faultyStorage(createInMemoryStorage(), faults);
 * ```
 * @since 0.1.0
 */
export function faultyStorage(storage: StoragePort, faults: FaultInjector): StoragePort {
  return wrap(storage, 'storage', ['load', 'commit', 'query', 'history', 'receipt', 'claimOutbox', 'markDelivered', 'markFailed', 'releaseOutbox'], faults);
}

/**
 * Wraps a directory port (port name `directory`).
 *
 * @example
 * ```ts
 * const directory = faultyDirectory(createInMemoryDirectory(data), faults);
 * ```
 * @since 0.1.0
 */
export function faultyDirectory(directory: DirectoryPort, faults: FaultInjector): DirectoryPort {
  return wrap(directory, 'directory', ['users', 'projects', 'templates', 'companies', 'teams'], faults);
}

/**
 * Wraps a notification transport (port name `notifications`).
 *
 * @example
 * ```ts
 * const notifications = faultyNotificationTransport({ deliver: async (n) => sent.push(n) }, faults);
 * ```
 * @since 0.1.0
 */
export function faultyNotificationTransport(transport: NotificationTransportPort, faults: FaultInjector): NotificationTransportPort {
  return wrap(transport, 'notifications', ['deliver'], faults);
}

/**
 * Wraps a sync transport (port name `sync`).
 *
 * @example
 * ```ts
 * const sync = faultySyncTransport({ perform: async (job) => done.push(job.key) }, faults);
 * ```
 * @since 0.1.0
 */
export function faultySyncTransport(transport: SyncTransportPort, faults: FaultInjector): SyncTransportPort {
  return wrap(transport, 'sync', ['perform'], faults);
}

/**
 * Wraps an upstream items port, which the initial sync pages through (port name `upstreamItems`).
 *
 * @example
 * ```ts
 * const upstreamItems = faultyUpstreamItems(createInMemoryUpstreamItems({ tower: drawings }), faults);
 * ```
 * @since 0.2.0
 */
export function faultyUpstreamItems(port: UpstreamItemsPort, faults: FaultInjector): UpstreamItemsPort {
  return wrap(port, 'upstreamItems', ['items'], faults);
}
