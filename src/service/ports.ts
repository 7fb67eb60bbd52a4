import type { ClockPort, IdPort } from '../ports/clock.js';
import type { DirectoryPort } from '../ports/directory.js';
import type { StoragePort } from '../ports/storage.js';
import type { NotificationTransportPort, SyncTransportPort } from '../ports/transports.js';
import type { AuthorizationFacts } from '../core/facts.js';
import type { DomainError } from '../core/errors.js';
import type { Result } from '../core/result.js';
import type { ServicePolicy, ServicePolicyInput } from './options.js';

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
 *   notifications: { deliver: async (n) => mailer.send(n) }, sync: { perform: async (job) => copier.run(job) },
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
}

/** Internal: the current time from the clock port, checked. */
export function now(deps: ServiceDeps): number {
  const t = deps.clock.now();
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) throw new Error(`the clock gave an invalid time: ${String(t)}`);
  return t;
}
