import { z } from 'zod';
import { ConnectionPolicySchema, type ConnectionPolicy } from '../connection/policy.js';
import { SharedProjectPolicySchema, type SharedProjectPolicyInput } from '../shared-project/plans.js';

/**
 * How the outbox dispatcher delivers and retries (N5, S6): items are leased in batches; exponential
 * backoff from `baseDelayMs`, doubled after each failed attempt, capped at `maxDelayMs`, shortened by
 * up to `jitter` (a share of the delay, derived from the item id, so retries of many items spread out);
 * a delivery that has not settled after `timeoutMs` counts as failed (its `AbortSignal` fires) and is
 * retried later; an item still undelivered `stuckAfterMs` after it was recorded is reported as stuck.
 *
 * @example
 * ```ts
 * const retry: DispatchPolicy = { batchSize: 50, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, timeoutMs: 10_000, jitter: 0.2, leaseMs: 60_000, stuckAfterMs: 3_600_000 };
 * ```
 * @since 0.1.0
 */
export interface DispatchPolicy {
  /** How many items one dispatch leases at most (default 100). */
  readonly batchSize: number;
  /** The first retry delay, in milliseconds (default 1,000). */
  readonly baseDelayMs: number;
  /** The longest retry delay, in milliseconds (default 15 minutes). */
  readonly maxDelayMs: number;
  /** How long a delivery may take before it counts as failed, in milliseconds (default 30,000). */
  readonly timeoutMs: number;
  /**
   * 0 to 1: how much of a retry delay may be taken off, per item (0 = exact exponential backoff).
   * @since 0.2.0
   */
  readonly jitter: number;
  /**
   * How long a claimed batch stays leased to one dispatcher (other dispatchers skip it meanwhile).
   * Must be longer than `timeoutMs`: a delivery starts only when it can finish within the lease, and
   * the items of a batch the lease cannot cover are handed back (`releaseOutbox`) for the next run.
   * @since 0.2.0
   */
  readonly leaseMs: number;
  /**
   * An item undelivered this long after it was recorded is listed in the report's `stuck`.
   * @since 0.2.0
   */
  readonly stuckAfterMs: number;
}

/**
 * The options of the application service.
 *
 * @example
 * ```ts
 * const policy: ServicePolicy = { ...DEFAULT_SERVICE_POLICY, maxAttempts: 8, connection: { pendingExpiryMs: 14 * DAY } };
 * ```
 * @since 0.1.0
 */
export interface ServicePolicy {
  /** How many times a command is decided when its commit conflicts (then `CONCURRENT_MODIFICATION`) or a port fails (then `PORT_UNAVAILABLE`). */
  readonly maxAttempts: number;
  /** Connection lifecycle options (C1, C16, C17, data types); missing ones take the lifecycle defaults. */
  readonly connection: Partial<ConnectionPolicy>;
  /** Shared-project options (plan limits H4, eligible plans H2). */
  readonly sharedProject: SharedProjectPolicyInput;
  /** How the outbox dispatcher delivers and retries. */
  readonly dispatch: DispatchPolicy;
  /** How many connections `reconcileDeadlines` reconciles per call at most. */
  readonly sweepLimit: number;
  /**
   * H3: who may host a shared project not shared before. `'directory'` (the default): only a team whose
   * directory entry lists the project in `hosts` (its owning team), so no team can take an unused
   * shared-project id first. `'first_invite'`: the first team to invite becomes its host.
   * @since 0.2.0
   */
  readonly sharedProjectHosts: 'directory' | 'first_invite';
  /**
   * How many records the service keeps between commands (0, the default: none), so that a command on
   * records it read or wrote recently decides without loading them again: one storage round trip (the
   * commit) instead of two.
   *
   * @remarks
   * Safe with any number of processes on one storage: a kept record is a read like any other, whose
   * version the commit expects, so a record another process changed since makes the commit conflict,
   * and the command is decided again on fresh records. A refusal is never answered from kept records:
   * it is decided again on records read from the storage. So it pays where commands on the same
   * records reach the same process (requests routed by tenant or project), and costs a conflict and a
   * second attempt each time they do not (round-robin routing of commands on hot records). Memory: up
   * to twice this many records (two generations, as the memos). See docs/consistency.md, "Record cache".
   * @since 0.2.0
   */
  readonly recordCache: number;
}

/**
 * The defaults: 5 attempts; lifecycle and plan defaults; outbox batches of 100 leased for 5 minutes,
 * backoff from 1 s to 15 minutes with 20 % jitter, 30 s delivery timeout, stuck after 1 hour; sweeps of
 * up to 1000 connections; hosts from the directory; no record cache.
 *
 * @example
 * ```ts
 * DEFAULT_SERVICE_POLICY.maxAttempts; // 5
 * ```
 * @since 0.1.0
 */
export const DEFAULT_SERVICE_POLICY: ServicePolicy = Object.freeze({
  maxAttempts: 5,
  connection: Object.freeze({}),
  sharedProject: Object.freeze({}),
  dispatch: Object.freeze({ batchSize: 100, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, timeoutMs: 30_000, jitter: 0.2, leaseMs: 5 * 60_000, stuckAfterMs: 60 * 60_000 }),
  sweepLimit: 1_000,
  sharedProjectHosts: 'directory',
  recordCache: 0,
});

const positive = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A delay: at most 24.8 days (the longest a timer can wait), so a retry time always stays a safe integer. */
const delay = z.number().int().positive().max(2 ** 31 - 1);

/**
 * Schema of a {@link DispatchPolicy} given in part. @example `DispatchPolicySchema.parse({ baseDelayMs: 500 })`
 * @since 0.1.0
 */
export const DispatchPolicySchema = z
  .strictObject({
    batchSize: z.number().int().positive().max(10_000).optional(),
    baseDelayMs: delay.optional(),
    maxDelayMs: delay.optional(),
    timeoutMs: delay.optional(),
    jitter: z.number().min(0).max(1).optional(),
    leaseMs: delay.optional(),
    stuckAfterMs: positive.optional(),
  })
  // A delivery is started only when it can finish (`timeoutMs`) within the lease: a lease no longer
  // than the timeout would never start one, and the outbox would silently never drain (N5).
  .refine((p) => (p.leaseMs ?? DEFAULT_SERVICE_POLICY.dispatch.leaseMs) > (p.timeoutMs ?? DEFAULT_SERVICE_POLICY.dispatch.timeoutMs), {
    path: ['leaseMs'],
    message: `leaseMs must be longer than timeoutMs (default ${DEFAULT_SERVICE_POLICY.dispatch.timeoutMs} ms): a delivery starts only when it can finish within the lease`,
  });

/**
 * Schema of a {@link ServicePolicy} given in part. @example `ServicePolicySchema.parse({ maxAttempts: 3 })`
 * @since 0.1.0
 */
export const ServicePolicySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).optional(),
  connection: ConnectionPolicySchema.optional(),
  sharedProject: SharedProjectPolicySchema.optional(),
  dispatch: DispatchPolicySchema.optional(),
  sweepLimit: z.number().int().positive().max(1_000_000).optional(),
  sharedProjectHosts: z.enum(['directory', 'first_invite']).optional(),
  recordCache: z.number().int().min(0).max(10_000_000).optional(),
});

/**
 * A {@link ServicePolicy} given in part: every field optional.
 *
 * @example
 * ```ts
 * const input: ServicePolicyInput = { maxAttempts: 3, dispatch: { baseDelayMs: 100 } };
 * ```
 * @since 0.1.0
 */
export interface ServicePolicyInput {
  /** See {@link ServicePolicy.maxAttempts}. */
  readonly maxAttempts?: number;
  /** See {@link ServicePolicy.connection}. */
  readonly connection?: Partial<ConnectionPolicy>;
  /** See {@link ServicePolicy.sharedProject}. */
  readonly sharedProject?: SharedProjectPolicyInput;
  /** Dispatch options given in part; see {@link DispatchPolicy}. */
  readonly dispatch?: Partial<DispatchPolicy>;
  /** See {@link ServicePolicy.sweepLimit}. */
  readonly sweepLimit?: number;
  /** See {@link ServicePolicy.sharedProjectHosts}. */
  readonly sharedProjectHosts?: 'directory' | 'first_invite';
  /**
   * See {@link ServicePolicy.recordCache}.
   * @since 0.2.0
   */
  readonly recordCache?: number;
}

/**
 * Internal: fills a validated partial policy with the defaults.
 * @internal
 */
export function resolveServicePolicy(input: z.output<typeof ServicePolicySchema> | undefined): ServicePolicy {
  const d = DEFAULT_SERVICE_POLICY;
  if (input === undefined) return d;
  const dispatch = input.dispatch ?? {};
  return Object.freeze({
    maxAttempts: input.maxAttempts ?? d.maxAttempts,
    connection: Object.freeze({ ...(input.connection ?? {}) }) as Partial<ConnectionPolicy>,
    sharedProject: Object.freeze({ ...(input.sharedProject ?? {}) }) as SharedProjectPolicyInput,
    dispatch: resolveDispatchPolicy(dispatch),
    sweepLimit: input.sweepLimit ?? d.sweepLimit,
    sharedProjectHosts: input.sharedProjectHosts ?? d.sharedProjectHosts,
    recordCache: input.recordCache ?? d.recordCache,
  });
}

/**
 * Internal: a validated partial dispatch policy with the defaults filled in.
 * @internal
 */
export function resolveDispatchPolicy(input: { readonly [K in keyof DispatchPolicy]?: DispatchPolicy[K] | undefined } | undefined): DispatchPolicy {
  const d = DEFAULT_SERVICE_POLICY.dispatch;
  const p = input ?? {};
  return Object.freeze({
    batchSize: p.batchSize ?? d.batchSize,
    baseDelayMs: p.baseDelayMs ?? d.baseDelayMs,
    maxDelayMs: p.maxDelayMs ?? d.maxDelayMs,
    timeoutMs: p.timeoutMs ?? d.timeoutMs,
    jitter: p.jitter ?? d.jitter,
    leaseMs: p.leaseMs ?? d.leaseMs,
    stuckAfterMs: p.stuckAfterMs ?? d.stuckAfterMs,
  });
}

/** A number in [0, 1) derived from a text (FNV-1a), so an item's jitter is the same at every retry of the same attempt. */
function spread(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 0x1_0000_0000;
}

/**
 * The delay before the next attempt after `attempts` failed ones: `baseDelayMs · 2^(attempts-1)`,
 * capped at `maxDelayMs`, then shortened by up to `jitter` of itself — by an amount derived from `id`
 * (no randomness: the same item and attempt always get the same delay; different items spread out).
 * Always a whole number of milliseconds between 1 and 2^31 - 1.
 *
 * @example
 * ```ts
 * backoffDelay({ ...DEFAULT_SERVICE_POLICY.dispatch, baseDelayMs: 1000, jitter: 0 }, 3); // 4000
 * ```
 * @since 0.1.0
 */
export function backoffDelay(policy: DispatchPolicy, attempts: number, id = ''): number {
  try {
    return computeBackoff(policy, attempts, typeof id === 'string' ? id : '');
  } catch {
    return DEFAULT_SERVICE_POLICY.dispatch.baseDelayMs;
  }
}

const MAX_DELAY = 2 ** 31 - 1;
const finitePositive = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, MAX_DELAY) : fallback);

function computeBackoff(policy: DispatchPolicy, attempts: number, id: string): number {
  const n = typeof attempts === 'number' && Number.isFinite(attempts) ? Math.max(1, Math.floor(attempts)) : 1;
  const base = finitePositive(policy?.baseDelayMs, DEFAULT_SERVICE_POLICY.dispatch.baseDelayMs);
  const max = finitePositive(policy?.maxDelayMs, DEFAULT_SERVICE_POLICY.dispatch.maxDelayMs);
  const exact = Math.min(max, base * 2 ** Math.min(n - 1, 40));
  const jitter = typeof policy?.jitter === 'number' && policy.jitter > 0 && policy.jitter <= 1 ? policy.jitter : 0;
  return Math.max(1, Math.round(exact * (1 - jitter * spread(`${id}#${n}`))));
}
