import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import type { Notification } from '../notifications/notification-union.js';
import type { ClockPort } from '../ports/clock.js';
import type { OutboxItem, StoragePort } from '../ports/storage.js';
import type { DeliveryOptions, NotificationTransportPort, SyncJob, SyncTransportPort } from '../ports/transports.js';
import { backoffDelay, DispatchPolicySchema, resolveDispatchPolicy, type DispatchPolicy } from './options.js';
import { describeFailure, PortFailure, portUnavailable } from './portCall.js';
import { monotonicNow } from './ports.js';

/**
 * One outbox item a dispatch could not deliver, and when it will be tried again.
 *
 * @example
 * ```ts
 * const f: DispatchFailure = { id: 'n:cn-1:…', kind: 'notification', error: 'timed out after 30000 ms', retryAt: now + 1000 };
 * ```
 * @since 0.1.0
 */
export interface DispatchFailure {
  /** The outbox item's id. */
  readonly id: string;
  /** The item's kind. */
  readonly kind: OutboxItem['kind'];
  /** What the delivery threw, or why it failed. */
  readonly error: string;
  /** When the item will be tried again, in epoch milliseconds. */
  readonly retryAt: number;
}

/**
 * An outbox item still undelivered `stuckAfterMs` after it was recorded: delivery keeps failing (a
 * broken recipient address, a transport that is down). Alert on these.
 *
 * @example
 * ```ts
 * for (const s of report.stuck) alert(`${s.id}: ${s.attempts} attempts since ${new Date(s.since).toISOString()} (${s.lastError})`);
 * ```
 * @since 0.2.0
 */
export interface StuckItem {
  /** The outbox item's id. */
  readonly id: string;
  /** The item's kind. */
  readonly kind: OutboxItem['kind'];
  /** When the item was recorded. */
  readonly since: number;
  /** Failed attempts so far, this one included. */
  readonly attempts: number;
  /** The error of the last failed attempt. */
  readonly lastError: string;
}

/**
 * What one dispatch did.
 *
 * @example
 * ```ts
 * const r = await dispatcher.dispatch();
 * if (r.ok) console.log(`${r.value.delivered.length} delivered, ${r.value.failed.length} to retry, ${r.value.stuck.length} stuck`);
 * ```
 * @since 0.1.0
 */
export interface DispatchReport {
  /** Ids delivered and recorded as delivered. */
  readonly delivered: readonly string[];
  /** Items whose delivery threw or timed out (or whose delivery could not be recorded). */
  readonly failed: readonly DispatchFailure[];
  /**
   * Failed items undelivered for longer than `stuckAfterMs`.
   * @since 0.2.0
   */
  readonly stuck: readonly StuckItem[];
  /**
   * Sync operations, and the NewDrawingsPublished / DrawingsDeleted notifications announcing them,
   * acknowledged without being sent: their connection is no longer connected (S5). Only a service's
   * dispatcher (`service.dispatchOutbox`) drops items; `createOutboxDispatcher` sends all.
   * @since 0.2.0
   */
  readonly dropped: readonly string[];
}

/**
 * Drains the outbox through the transports.
 *
 * @example
 * ```ts
 * setInterval(() => void dispatcher.dispatch(), 5_000);
 * ```
 * @since 0.1.0
 */
export interface OutboxDispatcher {
  /** Leases the items due now (one batch) and delivers them, oldest first. Concurrent calls share one run. */
  dispatch(): Promise<Result<DispatchReport, DomainError>>;
}

/**
 * Options of {@link createOutboxDispatcher}.
 *
 * @example
 * ```ts
 * const options: OutboxDispatcherOptions = { storage, notifications, sync, clock, policy: { baseDelayMs: 500 } };
 * ```
 * @since 0.1.0
 */
export interface OutboxDispatcherOptions {
  /** The storage whose outbox is drained. */
  readonly storage: StoragePort;
  /** Delivers the notification items. */
  readonly notifications: NotificationTransportPort;
  /** Performs the sync items. */
  readonly sync: SyncTransportPort;
  /** Where the dispatcher reads the time (due items, retry times). */
  readonly clock: ClockPort;
  /** Batching, retry and timeout options; missing ones take the service defaults. */
  readonly policy?: Partial<DispatchPolicy>;
  /**
   * Resolves after `ms`: bounds each delivery. Inject one in tests. Default: one timer per run, which
   * keeps the process alive while a delivery is in flight (so a dispatch always settles). An injected
   * one is never cancelled: a referenced timer keeps the run's closures (and the process) alive for
   * `ms` after each delivery.
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * This dispatcher's lease owner name (default: a random UUID). Unique per running dispatcher.
   * @since 0.2.0
   */
  readonly owner?: string;
}

/**
 * Internal: what the service adds to a dispatcher. `runTask` does a `task` item's work and commits it
 * with the item's acknowledgement; `settled` records a sync item's outcome (the copy ledger) and
 * answers whether that commit acknowledged the item; `observe` sees each delivery's outcome.
 * @internal
 */
export interface DispatchHooks {
  /**
   * Whether a sync item or a notification may still be sent (false: acknowledge it unsent, S5); `true`
   * synchronously when there is nothing to check (the dispatcher then reads neither storage nor clock).
   */
  admit(item: OutboxItem): boolean | Promise<boolean>;
  runTask(item: OutboxItem, delivery: DeliveryOptions): Promise<void>;
  settled(item: OutboxItem, outcome: { readonly ok: true } | { readonly ok: false; readonly error: string }): Promise<boolean>;
  observe(item: OutboxItem, outcome: { readonly ok: true } | { readonly ok: false; readonly error: string; readonly retryAt: number }): void;
  /**
   * The service's own clock reading, shared with its commands: one instance reads one time, so a
   * clock stepping back does not hold back what its commands queued. Without it, the dispatcher keeps
   * its own monotonic reading of `options.clock`.
   */
  readonly now?: () => number;
}

/** A delivered or dropped item of a run; `unmarked`: no commit acknowledged it, `markDelivered` must; `at`: when it started. */
interface RunOutcome {
  readonly item: OutboxItem;
  readonly dropped: boolean;
  readonly unmarked: boolean;
  readonly at: number;
}

/** Without the service, a task item cannot run: it is retried later (a service's dispatcher runs it). */
const NO_HOOKS: DispatchHooks = Object.freeze({
  admit: () => true,
  runTask: () => Promise.reject(new Error('a task item is run by the service that queued it (service.dispatchOutbox)')),
  settled: () => Promise.resolve(false),
  observe: () => undefined,
});

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The default sleep: a timer that does not keep the process alive. @example `await defaultSleep(10)`
 * @since 0.1.0
 */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    // setTimeout takes at most 2^31 - 1 ms (about 24.8 days); longer waits are capped there.
    const timer = setTimeout(resolve, typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.min(ms, MAX_TIMER_MS) : 0);
    (timer as { unref?: () => void }).unref?.();
  });
}

class Timeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * One timer per dispatch run instead of one per delivery (a timer costs more than a fast delivery):
 * deliveries run one at a time, so the watchdog only needs the deadline of the delivery in flight; when
 * its timer fires early (armed for an earlier delivery) it re-arms for the time left.
 */
class Watchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private current: GuardSlot | null = null;

  constructor(
    private readonly ms: number,
    private readonly onTimeout: () => void,
  ) {}

  /**
   * The delivery's outcome, or a `Timeout` once `ms` have passed. The reactions left on `work` reach
   * only its slot, which is emptied when the delivery times out: a transport that keeps a promise it
   * never settles keeps that small object alive, not this watchdog, the run or the storage.
   */
  guard(work: Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const slot: GuardSlot = { deadline: performance.now() + this.ms, settle: { resolve, reject, watchdog: this } };
      this.current = slot;
      if (this.timer === null) this.arm(this.ms);
      Watchdog.watch(work, slot);
    });
  }

  /**
   * Attaches the reactions to `work`. Made here, in a function of its own, because closures made inside
   * `guard` would keep its context, and with it `this` (the watchdog, hence the run).
   */
  private static watch(work: Promise<unknown>, slot: GuardSlot): void {
    work.then(
      (value) => Watchdog.settled(slot)?.resolve(value),
      (error: unknown) => Watchdog.settled(slot)?.reject(error),
    );
  }

  /** Empties a slot and answers how to settle it (null when it was settled or timed out already). */
  private static settled(slot: GuardSlot): GuardSlot['settle'] {
    const settle = slot.settle;
    slot.settle = null;
    if (settle !== null && settle.watchdog.current === slot) settle.watchdog.current = null;
    return settle;
  }

  /**
   * Not unref'd: while a delivery is in flight the timer keeps the process alive, so a dispatch always
   * settles (a transport that hangs holding no timer or socket of its own would otherwise let the
   * process exit with the dispatch unsettled). `stop()` clears it when the run ends.
   */
  private arm(ms: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.min(ms, MAX_TIMER_MS)));
  }

  private fire(): void {
    this.timer = null;
    const slot = this.current;
    if (slot === null) return;
    const left = slot.deadline - performance.now();
    if (left > 0) {
      this.arm(left);
      return;
    }
    const settle = Watchdog.settled(slot);
    this.onTimeout();
    settle?.reject(new Timeout(this.ms));
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.current !== null) Watchdog.settled(this.current);
    this.current = null;
  }
}

/** One guarded delivery: its deadline, and how to settle it until it is settled or times out. */
interface GuardSlot {
  readonly deadline: number;
  settle: { readonly resolve: (value: unknown) => void; readonly reject: (error: unknown) => void; readonly watchdog: Watchdog } | null;
}

/** One delivery's options, and the timeout's way to abort it. */
interface Delivery {
  readonly options: DeliveryOptions;
  abort(reason: Error): void;
}

/**
 * A delivery's own options: its `AbortSignal` fires only when this delivery times out (a signal shared
 * by deliveries would fire for earlier ones too, and gather every transport's listeners). The
 * `AbortController` is made when the transport first reads `signal` (an own, enumerable getter, so a
 * spread copies it): most transports never read it, and a controller costs more than a fast delivery.
 */
function newDelivery(): Delivery {
  let controller: AbortController | null = null;
  let reason: Error | null = null;
  const options: DeliveryOptions = Object.freeze({
    get signal(): AbortSignal {
      if (controller === null) {
        controller = new AbortController();
        if (reason !== null) controller.abort(reason);
      }
      return controller.signal;
    },
  });
  return {
    options,
    abort(why) {
      if (reason !== null) return;
      reason = why;
      controller?.abort(why);
    },
  };
}

/** A delivery bounded by an injected sleep (tests): the timeout fires when `sleep(ms)` resolves first. */
async function withSleep(work: Promise<unknown>, ms: number, sleep: (ms: number) => Promise<void>, onTimeout: () => void): Promise<void> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  done.catch(() => undefined);
  const timer = sleep(ms).then(() => {
    if (!settled) {
      onTimeout();
      throw new Timeout(ms);
    }
  });
  timer.catch(() => undefined);
  await Promise.race([done, timer.then(() => done)]);
}

const OptionsSchema = z.object({
  storage: z.custom<StoragePort>((s) => typeof s === 'object' && s !== null && ['claimOutbox', 'markDelivered', 'markFailed'].every((m) => typeof (s as Record<string, unknown>)[m] === 'function'), 'a storage port'),
  notifications: z.custom<NotificationTransportPort>((t) => typeof t === 'object' && t !== null && typeof (t as Record<string, unknown>)['deliver'] === 'function', 'a notification transport'),
  sync: z.custom<SyncTransportPort>((t) => typeof t === 'object' && t !== null && typeof (t as Record<string, unknown>)['perform'] === 'function', 'a sync transport'),
  clock: z.custom<ClockPort>((c) => typeof c === 'object' && c !== null && typeof (c as Record<string, unknown>)['now'] === 'function', 'a clock port'),
  policy: DispatchPolicySchema.optional(),
  sleep: z.custom<(ms: number) => Promise<void>>((f) => typeof f === 'function', 'a function').optional(),
  owner: z.string().min(1).max(200).optional(),
});

function newOwner(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return typeof c?.randomUUID === 'function' ? `dispatcher-${c.randomUUID()}` : `dispatcher-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Creates the outbox dispatcher (N5, S6): delivers recorded notifications and sync jobs through the
 * transports, at least once, with stable ids; a delivery that throws or times out is retried later with
 * exponential backoff and jitter (times from the clock port).
 *
 * @remarks
 * - Items are leased (`claimOutbox`) to this dispatcher for `leaseMs`: several dispatchers (one per
 *   service instance) never deliver the same item at the same time. A dispatcher stops before an item
 *   whose lease would run out during its delivery and hands it and the rest back (`releaseOutbox`) for
 *   the next run; `leaseMs` must be longer than `timeoutMs`.
 * - Initial-sync tasks (`kind: 'task'`) are run only by a service (`service.dispatchOutbox`): here they
 *   fail and are retried, so a worker that dispatches for services should be a service itself.
 * - An item is marked delivered only after its transport call resolved. If recording that fails, or the
 *   process stops in between, the item is delivered again later under the same id: receivers de-duplicate
 *   by `notification.id` / `job.key`.
 * - Each delivery has its own `AbortSignal` (`options.signal`), which fires only when that delivery
 *   times out (the transport may cancel its request); it may still complete in the background; it is
 *   retried all the same.
 * - Clock readings are checked: a reading that is not a safe, non-negative integer makes the dispatch
 *   answer `PORT_UNAVAILABLE` (clock). A failure before the claim leaves every item as it was; one in
 *   the middle of a batch ends the run: the items delivered before it stay delivered (`committed: 'no'`
 *   speaks of the item at hand), and the rest of the batch is handed back at once, not held for the
 *   lease. Retry times are bounded.
 * - Never throws: bad options or an unreadable outbox give an error Result.
 *
 * @example
 * ```ts
 * const dispatcher = createOutboxDispatcher({ storage, notifications: mailer, sync: copier, clock: systemClock });
 * const r = await dispatcher.dispatch();
 * ```
 * @since 0.1.0
 */
export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  return dispatcherWith(options, NO_HOOKS);
}

/**
 * Internal: the dispatcher with the service's hooks.
 * @internal
 */
export function dispatcherWith(options: OutboxDispatcherOptions, hooks: DispatchHooks): OutboxDispatcher {
  const parsed = parseInputAt(OptionsSchema, options, ['options']);
  if (!parsed.ok) {
    const error = parsed.error;
    return Object.freeze({ dispatch: async () => err(error) });
  }
  const { storage, notifications, sync } = options;
  const policy: DispatchPolicy = resolveDispatchPolicy(parsed.value.policy as Partial<DispatchPolicy> | undefined);
  const sleep = options.sleep;
  const owner = options.owner ?? newOwner();
  const now = hooks.now ?? monotonicNow(options.clock);
  let running: Promise<Result<DispatchReport, DomainError>> | null = null;

  async function run(): Promise<Result<DispatchReport, DomainError>> {
    let items: readonly OutboxItem[];
    let at: number;
    try {
      at = now();
      try {
        items = await storage.claimOutbox({ now: at, limit: policy.batchSize, owner, leaseMs: policy.leaseMs });
      } catch (cause) {
        throw new PortFailure('storage', cause);
      }
      if (!Array.isArray(items)) throw new PortFailure('storage', 'claimOutbox answered with something other than an array');
    } catch (cause) {
      return err(portUnavailable(cause, 1, 'no'));
    }
    const leaseEnds = at + policy.leaseMs;
    const delivered: string[] = [];
    const failed: DispatchFailure[] = [];
    const stuck: StuckItem[] = [];
    const dropped: string[] = [];
    /** The delivery in flight: the watchdog's timeout aborts its signal. */
    let current: Delivery | null = null;
    const abort = () => current?.abort(new Timeout(policy.timeoutMs));
    const watchdog = sleep === undefined || sleep === defaultSleep ? new Watchdog(policy.timeoutMs, abort) : null;
    /** Groups with an item not delivered in this run: their later items wait (one at a time, in order). */
    let held: Set<string> | null = null;
    const release: string[] = [];
    /** A clock failure mid-batch: the run stops, and the rest of the batch is handed back. */
    let clockFailure: unknown = null;
    /**
     * The outcomes not recorded yet, in order, with whether each still needs `markDelivered` (no commit
     * acknowledged it). They are marked together, in one call (`flush`): when the run ends; before a
     * later item of the group of an unmarked one (so a later item never overtakes one that may be
     * delivered again); before a delivery starts `timeoutMs` or more after the oldest unmarked one
     * (nothing waits long to be recorded); and before each delivery in the run's last stretch (at
     * most the last one is unrecorded when the lease runs out).
     */
    const outcomes: RunOutcome[] = [];
    const isHeld = (item: OutboxItem) => item.group !== undefined && held !== null && held.has(item.group);
    /**
     * Records the outcomes gathered so far: one `markDelivered` for those no commit acknowledged, then
     * the report's lists in the run's order. A failed mark reports them failed, "not recorded" (they
     * are delivered again once their lease runs out: at least once, N5), and holds their groups for
     * the rest of the run.
     */
    const flush = async () => {
      const batch = outcomes.splice(0);
      const ids = batch.filter((o) => o.unmarked).map((o) => o.item.id);
      let failure: string | null = null;
      if (ids.length > 0) {
        try {
          await storage.markDelivered(ids, owner);
        } catch (cause) {
          failure = describeFailure(cause);
        }
      }
      for (const { item, dropped: wasDropped, unmarked, at } of batch) {
        if (unmarked && failure !== null) {
          failed.push(Object.freeze({ id: item.id, kind: item.kind, error: `${wasDropped ? 'dropped' : 'delivered'}, but not recorded: ${failure}`, retryAt: at }));
          if (item.group !== undefined) (held ??= new Set()).add(item.group);
        } else if (wasDropped) {
          dropped.push(item.id);
        } else {
          delivered.push(item.id);
          hooks.observe(item, { ok: true });
        }
      }
    };
    const mustFlushBefore = (item: OutboxItem, start: number) => {
      const oldest = outcomes.find((o) => o.unmarked);
      return (
        oldest !== undefined &&
        ((item.group !== undefined && outcomes.some((o) => o.unmarked && o.item.group === item.group)) ||
          start - oldest.at >= policy.timeoutMs ||
          start + 2 * policy.timeoutMs > leaseEnds)
      );
    };
    /** Hands the batch back from `index` on, for a later claim. */
    const handBack = (index: number) => {
      for (const rest of items.slice(index)) release.push(rest.id);
    };
    try {
      for (const [index, item] of items.entries()) {
        if (isHeld(item)) {
          release.push(item.id);
          continue;
        }
        let start: number;
        try {
          start = now();
        } catch (cause) {
          clockFailure = cause;
          handBack(index);
          break;
        }
        if (mustFlushBefore(item, start)) {
          await flush();
          if (isHeld(item)) {
            release.push(item.id);
            continue;
          }
        }
        // `true` at once: nothing to check for this item (no read, no clock reading).
        let verdict: boolean | Promise<boolean> = true;
        if (item.kind !== 'task') {
          try {
            verdict = hooks.admit(item);
          } catch (cause) {
            verdict = Promise.reject(cause);
          }
        }
        if (verdict !== true) {
          let admitted: boolean;
          try {
            admitted = (await verdict) !== false;
          } catch (cause) {
            await recordFailure(item, describeFailure(cause), start, failed, stuck);
            if (item.group !== undefined) (held ??= new Set()).add(item.group);
            continue;
          }
          if (!admitted) {
            outcomes.push({ item, dropped: true, unmarked: true, at: start });
            continue;
          }
          // The check read storage: the delivery starts now.
          try {
            start = now();
          } catch (cause) {
            clockFailure = cause;
            handBack(index);
            break;
          }
        }
        // The lease would run out during this delivery: hand the rest back for a later claim.
        if (start + policy.timeoutMs > leaseEnds) {
          handBack(index);
          break;
        }
        const delivery = newDelivery();
        current = delivery;
        try {
          const work = deliverOne(item, delivery.options);
          if (watchdog !== null) await watchdog.guard(work);
          else await withSleep(work, policy.timeoutMs, sleep!, abort);
        } catch (cause) {
          const error = describeFailure(cause);
          if (item.kind === 'sync') await settle(item, { ok: false, error });
          await recordFailure(item, error, start, failed, stuck);
          if (item.group !== undefined) (held ??= new Set()).add(item.group);
          continue;
        }
        // A task committed its own acknowledgement; a sync operation's is committed with the copy ledger.
        const acknowledged = item.kind === 'task' || (item.kind === 'sync' && (await settle(item, { ok: true })));
        outcomes.push({ item, dropped: false, unmarked: !acknowledged, at: start });
      }
    } finally {
      watchdog?.stop();
      await flush();
    }
    // Required by the port's type; tested at run time too, so an untyped adapter written before the
    // method existed only leaves its unused leases to run out instead of failing the dispatch.
    if (release.length > 0 && typeof storage.releaseOutbox === 'function') {
      try {
        await storage.releaseOutbox(release, owner);
      } catch {
        // Not released: their leases run out and they are claimed again later.
      }
    }
    if (clockFailure !== null) return err(portUnavailable(clockFailure, 1, 'no'));
    return ok(Object.freeze({ delivered: Object.freeze(delivered), failed: Object.freeze(failed), stuck: Object.freeze(stuck), dropped: Object.freeze(dropped) }));
  }

  function deliverOne(item: OutboxItem, delivery: DeliveryOptions): Promise<unknown> {
    try {
      switch (item.kind) {
        case 'notification':
          return Promise.resolve(notifications.deliver(item.payload as Notification, delivery));
        case 'sync':
          return Promise.resolve(sync.perform(item.payload as SyncJob, delivery));
        case 'task':
          return hooks.runTask(item, delivery);
        default:
          return Promise.reject(new Error(`unknown outbox item kind "${String((item as { kind: unknown }).kind)}"`));
      }
    } catch (cause) {
      return Promise.reject(cause);
    }
  }

  /** The service's record of a sync outcome; false (not acknowledged) when it could not be recorded. */
  async function settle(item: OutboxItem, outcome: { readonly ok: true } | { readonly ok: false; readonly error: string }): Promise<boolean> {
    try {
      return (await hooks.settled(item, outcome)) === true;
    } catch {
      return false;
    }
  }

  async function recordFailure(item: OutboxItem, error: string, at: number, failed: DispatchFailure[], stuck: StuckItem[]): Promise<void> {
    const attempts = (typeof item.attempts === 'number' && Number.isSafeInteger(item.attempts) ? item.attempts : 0) + 1;
    const retryAt = at + backoffDelay(policy, attempts, item.id);
    failed.push(Object.freeze({ id: item.id, kind: item.kind, error, retryAt }));
    hooks.observe(item, { ok: false, error, retryAt });
    const since = typeof item.enqueuedAt === 'number' && Number.isFinite(item.enqueuedAt) ? item.enqueuedAt : item.availableAt;
    if (at - since >= policy.stuckAfterMs) stuck.push(Object.freeze({ id: item.id, kind: item.kind, since, attempts, lastError: error }));
    try {
      await storage.markFailed(item.id, error, retryAt, owner);
    } catch {
      // Not recorded: the lease runs out and the item is claimed and tried again later.
    }
  }

  return Object.freeze({
    dispatch(): Promise<Result<DispatchReport, DomainError>> {
      if (running !== null) return running;
      const current = run()
        .catch((cause: unknown) => err(portUnavailable(cause, 1, 'unknown')))
        .finally(() => {
          running = null;
        });
      running = current;
      return current;
    },
  });
}
