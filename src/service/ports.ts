import type { AuthorizationFacts } from '../core/facts.js';
import type { DomainError } from '../core/errors.js';
import type { Result } from '../core/result.js';
import { isPlainId } from '../core/trust.js';
import type { ClockPort, IdPort } from '../ports/clock.js';
import type { DirectoryPort } from '../ports/directory.js';
import type { StoragePort } from '../ports/storage.js';
import type { NotificationTransportPort, SyncTransportPort } from '../ports/transports.js';
import type { ServicePolicy, ServicePolicyInput } from './options.js';
import { PortFailure } from './portCall.js';

/**
 * Turns a slice of directory data (companies, memberships, projects with the acting user's template,
 * templates) into the authorization facts the lifecycle takes. The default is
 * `deriveAuthorizationFacts` from the permissions module; pass your own to plug in another permission
 * system.
 *
 * @example
 * ```ts
 * const authorize: DeriveAuthorizationFacts = (data, userId, projectIds) => deriveAuthorizationFacts(data, userId, projectIds);
 * ```
 */
export type DeriveAuthorizationFacts = (directory: unknown, userId: unknown, projectIds: unknown) => Result<AuthorizationFacts, DomainError>;

/**
 * What the application service is created with (SPEC §8): the ports, and optionally the policy and an
 * authorization-facts derivation.
 *
 * @example
 * ```ts
 * const options: ConnectionServiceOptions = {
 *   storage: createInMemoryStorage(), directory: createInMemoryDirectory(data),
 *   notifications: { deliver: async (n) => console.log(n.recipient, n.event) },
 *   sync: { perform: async (job) => console.log(job.kind, job.key) },
 *   clock: systemClock, ids: { next: (kind) => `${kind}-${crypto.randomUUID()}` },
 * };
 * ```
 */
export interface ConnectionServiceOptions {
  readonly storage: StoragePort;
  readonly directory: DirectoryPort;
  readonly notifications: NotificationTransportPort;
  readonly sync: SyncTransportPort;
  readonly clock: ClockPort;
  /** Must give ids unique across every process sharing the storage (e.g. UUIDs). */
  readonly ids: IdPort;
  readonly policy?: ServicePolicyInput;
  readonly deriveFacts?: DeriveAuthorizationFacts;
  /** Awaited to time out a delivery (default: a `setTimeout`); inject one in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Internal: the validated ports and the resolved policy. */
export interface ServiceDeps {
  readonly storage: StoragePort;
  readonly directory: DirectoryPort;
  readonly notifications: NotificationTransportPort;
  readonly sync: SyncTransportPort;
  readonly clock: ClockPort;
  readonly ids: IdPort;
  readonly policy: ServicePolicy;
  readonly deriveFacts: DeriveAuthorizationFacts;
  /** Whether `deriveFacts` is the library's own derivation (its trusted fast path may be used). */
  readonly defaultFacts: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** The clock's reading, checked (a safe, non-negative integer) and never earlier than an earlier reading. */
  readonly now: () => number;
  /** A new id of `kind` from the ids port, checked (a plain id string). */
  readonly drawId: (kind: string) => string;
}

/**
 * Internal: the clock reading of a service, checked at the port boundary: a reading that is not a safe,
 * non-negative integer (NaN, Infinity, 1e308, -1, a string) is a clock failure, never a time; readings
 * never go back within one service instance (a clock stepping back reads as the last time seen).
 */
export function monotonicNow(clock: ClockPort): () => number {
  let last = 0;
  return () => {
    let t: unknown;
    try {
      t = clock.now();
    } catch (cause) {
      throw new PortFailure('clock', cause);
    }
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) throw new PortFailure('clock', `the clock gave an invalid time: ${String(t)}`);
    if (t > last) last = t;
    return last;
  };
}

/** Internal: ids drawn from the ids port, checked. */
export function checkedIds(ids: IdPort): (kind: string) => string {
  return (kind) => {
    let id: unknown;
    try {
      id = ids.next(kind);
    } catch (cause) {
      throw new PortFailure('ids', cause);
    }
    if (!isPlainId(id)) throw new PortFailure('ids', `the ids port gave an invalid id: ${typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : String(id)}`);
    return id;
  };
}
