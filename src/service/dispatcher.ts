import { z } from 'zod';
import { domainError, type DomainError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import type { Notification } from '../notifications/notification-union.js';
import type { ClockPort } from '../ports/clock.js';
import type { OutboxItem, StoragePort } from '../ports/storage.js';
import type { NotificationTransportPort, SyncJob, SyncTransportPort } from '../ports/transports.js';
import { backoffDelay, DEFAULT_SERVICE_POLICY, DispatchPolicySchema, type DispatchPolicy } from './options.js';

/**
 * One outbox item a dispatch could not deliver, and when it will be tried again.
 *
 * @example
 * ```ts
 * const f: DispatchFailure = { id: 'n:cn-1:…', kind: 'notification', error: 'timed out after 30000 ms', retryAt: now + 1000 };
 * ```
 */
export interface DispatchFailure {
  readonly id: string;
  readonly kind: OutboxItem['kind'];
  readonly error: string;
  readonly retryAt: number;
}

/**
 * What one dispatch did.
 *
 * @example
 * ```ts
 * const r = await dispatcher.dispatch();
 * if (r.ok) console.log(`${r.value.delivered.length} delivered, ${r.value.failed.length} to retry`);
 * ```
 */
export interface DispatchReport {
  /** Ids delivered and recorded as delivered. */
  readonly delivered: readonly string[];
  /** Items whose delivery threw or timed out (or whose delivery could not be recorded). */
  readonly failed: readonly DispatchFailure[];
}

/**
 * Drains the outbox through the transports.
 *
 * @example
 * ```ts
 * setInterval(() => void dispatcher.dispatch(), 5_000);
 * ```
 */
export interface OutboxDispatcher {
  /** Delivers the items due now (one batch), oldest first. Concurrent calls share one run. */
  dispatch(): Promise<Result<DispatchReport, DomainError>>;
}

/**
 * Options of {@link createOutboxDispatcher}.
 *
 * @example
 * ```ts
 * const options: OutboxDispatcherOptions = { storage, notifications, sync, clock, policy: { baseDelayMs: 500 } };
 * ```
 */
export interface OutboxDispatcherOptions {
  readonly storage: StoragePort;
  readonly notifications: NotificationTransportPort;
  readonly sync: SyncTransportPort;
  readonly clock: ClockPort;
  readonly policy?: Partial<DispatchPolicy>;
  /** Resolves after `ms` (default: an unref'd `setTimeout`): bounds each delivery. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The default sleep: a timer that does not keep the process alive. @example `await defaultSleep(10)` */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    // setTimeout takes at most 2^31 - 1 ms (about 24.8 days); longer waits are capped there.
    const timer = setTimeout(resolve, typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.min(ms, MAX_TIMER_MS) : 0);
    (timer as { unref?: () => void }).unref?.();
  });
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unreadable error';
  }
}

class Timeout extends Error {}

/**
 * The default sleep's timeout, cancelled as soon as the work settles: a pending 30 s timer per delivery
 * would keep its closures and promises on the heap long after the delivery (measured in bench/service.ts).
 */
async function withCancellableTimeout(run: () => Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`timed out after ${ms} ms`)), Number.isFinite(ms) && ms >= 0 ? ms : 0);
    (timer as { unref?: () => void }).unref?.();
  });
  timeout.catch(() => undefined);
  try {
    await Promise.race([Promise.resolve().then(run), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function withTimeout(run: () => Promise<unknown>, ms: number, sleep: (ms: number) => Promise<void>): Promise<void> {
  if (sleep === defaultSleep) return withCancellableTimeout(run, ms);
  let settled = false;
  const work = Promise.resolve()
    .then(run)
    .finally(() => {
      settled = true;
    });
  const timer = sleep(ms).then(() => {
    if (!settled) throw new Timeout(`timed out after ${ms} ms`);
  });
  work.catch(() => undefined);
  timer.catch(() => undefined);
  await Promise.race([work, timer.then(() => work)]);
}

const OptionsSchema = z.object({
  storage: z.custom<StoragePort>((s) => typeof s === 'object' && s !== null && ['pendingOutbox', 'markDelivered', 'markFailed'].every((m) => typeof (s as Record<string, unknown>)[m] === 'function'), 'a storage port'),
  notifications: z.custom<NotificationTransportPort>((t) => typeof t === 'object' && t !== null && typeof (t as Record<string, unknown>)['deliver'] === 'function', 'a notification transport'),
  sync: z.custom<SyncTransportPort>((t) => typeof t === 'object' && t !== null && typeof (t as Record<string, unknown>)['perform'] === 'function', 'a sync transport'),
  clock: z.custom<ClockPort>((c) => typeof c === 'object' && c !== null && typeof (c as Record<string, unknown>)['now'] === 'function', 'a clock port'),
  policy: DispatchPolicySchema.optional(),
  sleep: z.custom<(ms: number) => Promise<void>>((f) => typeof f === 'function', 'a function').optional(),
});

/**
 * Creates the outbox dispatcher (N5, S6): delivers recorded notifications and sync jobs through the
 * transports, at least once, with stable ids; a delivery that throws or times out is retried later with
 * exponential backoff (times from the clock port).
 *
 * @remarks
 * - An item is marked delivered only after its transport call resolved. If recording that fails, or the
 *   process stops in between, the item is delivered again later under the same id: receivers de-duplicate
 *   by `notification.id` / `job.key`.
 * - A timed-out delivery may still complete in the background; it is retried all the same.
 * - Run one dispatcher per storage at a time (calls to one dispatcher never overlap); the outbox has no
 *   leases.
 * - Never throws: bad options or an unreadable outbox give an error Result.
 *
 * @example
 * ```ts
 * const dispatcher = createOutboxDispatcher({ storage, notifications: mailer, sync: copier, clock: systemClock });
 * const r = await dispatcher.dispatch();
 * ```
 */
export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const parsed = parseInputAt(OptionsSchema, options, ['options']);
  if (!parsed.ok) {
    const error = parsed.error;
    return Object.freeze({ dispatch: async () => err(error) });
  }
  const { storage, notifications, sync, clock } = options;
  const policy: DispatchPolicy = { ...DEFAULT_SERVICE_POLICY.dispatch, ...(parsed.value.policy ?? {}) } as DispatchPolicy;
  const sleep = options.sleep ?? defaultSleep;
  let running: Promise<Result<DispatchReport, DomainError>> | null = null;

  async function deliverOne(item: OutboxItem): Promise<void> {
    switch (item.kind) {
      case 'notification':
        return withTimeout(() => notifications.deliver(item.payload as Notification), policy.timeoutMs, sleep);
      case 'sync':
        return withTimeout(() => sync.perform(item.payload as SyncJob), policy.timeoutMs, sleep);
      default:
        throw new Error(`unknown outbox item kind "${String((item as { kind: unknown }).kind)}"`);
    }
  }

  async function run(): Promise<Result<DispatchReport, DomainError>> {
    let items: readonly OutboxItem[];
    let at: number;
    try {
      at = clock.now();
      items = await storage.pendingOutbox(at, policy.batchSize);
      if (!Array.isArray(items)) throw new Error('pendingOutbox answered with something other than an array');
    } catch (cause) {
      return err(domainError('CONCURRENT_MODIFICATION', { attempts: 1, records: [] }, `Could not read the outbox: ${describe(cause)}.`));
    }
    const delivered: string[] = [];
    const failed: DispatchFailure[] = [];
    for (const item of items) {
      try {
        await deliverOne(item);
      } catch (cause) {
        const attempts = (typeof item.attempts === 'number' ? item.attempts : 0) + 1;
        const retryAt = at + backoffDelay(policy, attempts);
        const error = describe(cause);
        failed.push({ id: item.id, kind: item.kind, error, retryAt });
        try {
          await storage.markFailed(item.id, error, retryAt);
        } catch {
          // Not recorded: the item stays due and is tried again at the next dispatch.
        }
        continue;
      }
      try {
        await storage.markDelivered(item.id);
        delivered.push(item.id);
      } catch (cause) {
        failed.push({ id: item.id, kind: item.kind, error: `delivered, but not recorded: ${describe(cause)}`, retryAt: at });
      }
    }
    return ok(Object.freeze({ delivered: Object.freeze(delivered), failed: Object.freeze(failed) }));
  }

  return Object.freeze({
    dispatch(): Promise<Result<DispatchReport, DomainError>> {
      if (running !== null) return running;
      const current = run().finally(() => {
        running = null;
      });
      running = current;
      return current;
    },
  });
}
