import { z } from 'zod';
import { ConnectionPolicySchema, type ConnectionPolicy } from '../connection/policy.js';
import { SharedProjectPolicySchema, type SharedProjectPolicyInput } from '../shared-project/plans.js';

/**
 * How the outbox dispatcher retries (N5, S6): exponential backoff from `baseDelayMs`, doubled after each
 * failed attempt, capped at `maxDelayMs`; a delivery that has not settled after `timeoutMs` counts as
 * failed and is retried later.
 *
 * @example
 * ```ts
 * const retry: DispatchPolicy = { batchSize: 50, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, timeoutMs: 10_000 };
 * ```
 */
export interface DispatchPolicy {
  readonly batchSize: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
}

/**
 * The options of the application service.
 *
 * @example
 * ```ts
 * const policy: ServicePolicy = { ...DEFAULT_SERVICE_POLICY, maxAttempts: 8, connection: { pendingExpiryMs: 14 * DAY } };
 * ```
 */
export interface ServicePolicy {
  /** How many times a command is decided when its commit conflicts (or a port fails) before `CONCURRENT_MODIFICATION`. */
  readonly maxAttempts: number;
  /** Connection lifecycle options (C1, C16, C17, data types); missing ones take the lifecycle defaults. */
  readonly connection: Partial<ConnectionPolicy>;
  /** Shared-project options (plan limits H4, eligible plans H2). */
  readonly sharedProject: SharedProjectPolicyInput;
  readonly dispatch: DispatchPolicy;
  /** How many connections `reconcileDeadlines` reconciles per call at most. */
  readonly sweepLimit: number;
}

/**
 * The defaults: 5 attempts; lifecycle and plan defaults; outbox batches of 100, backoff from 1 s to
 * 15 minutes, 30 s delivery timeout; sweeps of up to 1000 connections.
 *
 * @example
 * ```ts
 * DEFAULT_SERVICE_POLICY.maxAttempts; // 5
 * ```
 */
export const DEFAULT_SERVICE_POLICY: ServicePolicy = Object.freeze({
  maxAttempts: 5,
  connection: Object.freeze({}),
  sharedProject: Object.freeze({}),
  dispatch: Object.freeze({ batchSize: 100, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, timeoutMs: 30_000 }),
  sweepLimit: 1_000,
});

const positive = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Schema of a {@link DispatchPolicy} given in part. @example `DispatchPolicySchema.parse({ baseDelayMs: 500 })` */
export const DispatchPolicySchema = z.strictObject({
  batchSize: z.number().int().positive().max(10_000).optional(),
  baseDelayMs: positive.optional(),
  maxDelayMs: positive.optional(),
  timeoutMs: positive.optional(),
});

/** Schema of a {@link ServicePolicy} given in part. @example `ServicePolicySchema.parse({ maxAttempts: 3 })` */
export const ServicePolicySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).optional(),
  connection: ConnectionPolicySchema.optional(),
  sharedProject: SharedProjectPolicySchema.optional(),
  dispatch: DispatchPolicySchema.optional(),
  sweepLimit: z.number().int().positive().max(1_000_000).optional(),
});

/**
 * A {@link ServicePolicy} given in part: every field optional.
 *
 * @example
 * ```ts
 * const input: ServicePolicyInput = { maxAttempts: 3, dispatch: { baseDelayMs: 100 } };
 * ```
 */
export interface ServicePolicyInput {
  readonly maxAttempts?: number;
  readonly connection?: Partial<ConnectionPolicy>;
  readonly sharedProject?: SharedProjectPolicyInput;
  readonly dispatch?: Partial<DispatchPolicy>;
  readonly sweepLimit?: number;
}

/** Internal: fills a validated partial policy with the defaults. */
export function resolveServicePolicy(input: z.output<typeof ServicePolicySchema> | undefined): ServicePolicy {
  const d = DEFAULT_SERVICE_POLICY;
  if (input === undefined) return d;
  const dispatch = input.dispatch ?? {};
  return Object.freeze({
    maxAttempts: input.maxAttempts ?? d.maxAttempts,
    connection: Object.freeze({ ...(input.connection ?? {}) }) as Partial<ConnectionPolicy>,
    sharedProject: Object.freeze({ ...(input.sharedProject ?? {}) }) as SharedProjectPolicyInput,
    dispatch: Object.freeze({
      batchSize: dispatch.batchSize ?? d.dispatch.batchSize,
      baseDelayMs: dispatch.baseDelayMs ?? d.dispatch.baseDelayMs,
      maxDelayMs: dispatch.maxDelayMs ?? d.dispatch.maxDelayMs,
      timeoutMs: dispatch.timeoutMs ?? d.dispatch.timeoutMs,
    }),
    sweepLimit: input.sweepLimit ?? d.sweepLimit,
  });
}

/**
 * The delay before the next attempt after `attempts` failed ones: `baseDelayMs · 2^(attempts-1)`,
 * capped at `maxDelayMs`.
 *
 * @example
 * ```ts
 * backoffDelay({ ...DEFAULT_SERVICE_POLICY.dispatch, baseDelayMs: 1000 }, 3); // 4000
 * ```
 */
export function backoffDelay(policy: DispatchPolicy, attempts: number): number {
  try {
    return computeBackoff(policy, attempts);
  } catch {
    return DEFAULT_SERVICE_POLICY.dispatch.baseDelayMs;
  }
}

function computeBackoff(policy: DispatchPolicy, attempts: number): number {
  const n = typeof attempts === 'number' && Number.isFinite(attempts) ? Math.max(1, Math.floor(attempts)) : 1;
  const base = typeof policy?.baseDelayMs === 'number' && policy.baseDelayMs > 0 ? policy.baseDelayMs : DEFAULT_SERVICE_POLICY.dispatch.baseDelayMs;
  const max = typeof policy?.maxDelayMs === 'number' && policy.maxDelayMs > 0 ? policy.maxDelayMs : DEFAULT_SERVICE_POLICY.dispatch.maxDelayMs;
  return Math.min(max, base * 2 ** Math.min(n - 1, 40));
}
