import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../adapters/memory/index.js';
import { manualClock } from '../ports/clock.js';
import { backoffDelay, createOutboxDispatcher, DEFAULT_SERVICE_POLICY } from './index.js';
import { dispatcherWith } from './dispatcher.js';

const item = (id: string) => ({ id, kind: 'notification' as const, payload: { id }, availableAt: 0 });

/**
 * Runs `body` as a module of its own in a fresh Node process (`--import tsx`, plus `flags`), with
 * `createInMemoryStorage`, `createOutboxDispatcher` and `manualClock` imported: for what only a
 * process of its own shows (what keeps it alive, what it can collect).
 */
function runInChild(name: string, body: string, flags: readonly string[] = []): { status: number | null; stdout: string } {
  const index = fileURLToPath(new URL('../index.ts', import.meta.url));
  const script = join(mkdtempSync(join(tmpdir(), 'pc-dispatch-')), `${name}.mts`);
  writeFileSync(script, `import { createInMemoryStorage, createOutboxDispatcher, manualClock } from ${JSON.stringify(index)};\n${body}`);
  const run = spawnSync(process.execPath, [...flags, '--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout.trim() };
}

describe('outbox dispatcher', () => {
  it('N5: a delivery that throws is retried later with exponential backoff, then delivered once', async () => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('n-1')] });
    const clock = manualClock(1_000);
    let fail = 2;
    const seen: string[] = [];
    const dispatcher = createOutboxDispatcher({
      storage,
      clock,
      notifications: { deliver: async (n) => { if (fail-- > 0) throw new Error('smtp down'); seen.push(n.id); } },
      sync: { perform: async () => undefined },
      policy: { baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0 },
    });
    const first = await dispatcher.dispatch();
    expect(first.ok && first.value.failed.map((f) => f.retryAt)).toEqual([1_100]);
    expect((await dispatcher.dispatch()).ok && seen).toEqual([]); // not due yet
    clock.advance(100);
    const second = await dispatcher.dispatch();
    expect(second.ok && second.value.failed.map((f) => f.retryAt)).toEqual([1_300]);
    clock.advance(200);
    const third = await dispatcher.dispatch();
    expect(third.ok && third.value.delivered).toEqual(['n-1']);
    await dispatcher.dispatch();
    expect(seen).toEqual(['n-1']);
  });

  it('N5: a clock that fails in the middle of a batch ends the dispatch: what was delivered stays delivered, the rest is handed back at once, not held for the lease', async () => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('n-1'), item('n-2'), item('n-3')] });
    let readings = 0;
    let broken = true;
    const seen: string[] = [];
    const dispatcher = createOutboxDispatcher({
      storage,
      // The claim's reading, n-1's, then a failure at n-2's (while broken).
      clock: { now: () => ((readings += 1), broken && readings === 3 ? Number.NaN : 1_000) },
      notifications: { deliver: async (n) => void seen.push(n.id) },
      sync: { perform: async () => undefined },
    });
    const first = await dispatcher.dispatch();
    expect(!first.ok && first.error.code === 'PORT_UNAVAILABLE' && first.error.details.port).toBe('clock');
    expect(seen).toEqual(['n-1']);
    broken = false;
    const second = await dispatcher.dispatch();
    expect(second.ok && second.value.delivered).toEqual(['n-2', 'n-3']);
    expect(seen).toEqual(['n-1', 'n-2', 'n-3']);
  });

  it('N5: a run records its deliveries with one markDelivered call, in the order delivered; a failed mark reports them all not recorded, and they are delivered again', async () => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('n-1'), item('n-2'), item('n-3')] });
    const clock = manualClock(1_000);
    const marks: (readonly string[])[] = [];
    let lose = true;
    const original = storage.markDelivered.bind(storage);
    storage.markDelivered = async (ids, owner) => {
      marks.push([...ids]);
      if (lose) throw new Error('connection reset');
      return original(ids, owner);
    };
    const seen: string[] = [];
    const dispatcher = createOutboxDispatcher({
      storage,
      clock,
      notifications: { deliver: async (n) => { if (n.id === 'n-2' && seen.length === 1) throw new Error('smtp down'); seen.push(n.id); } },
      sync: { perform: async () => undefined },
      policy: { baseDelayMs: 100, jitter: 0, leaseMs: 60_000 },
    });
    const first = await dispatcher.dispatch();
    expect(marks).toEqual([['n-1', 'n-3']]);
    expect(first.ok && first.value.delivered).toEqual([]);
    expect(first.ok && first.value.failed.map((f) => [f.id, f.error])).toEqual([
      ['n-2', 'smtp down'],
      ['n-1', 'delivered, but not recorded: connection reset'],
      ['n-3', 'delivered, but not recorded: connection reset'],
    ]);
    lose = false;
    clock.advance(60_000);
    const second = await dispatcher.dispatch();
    expect(marks.slice(1)).toEqual([['n-1', 'n-2', 'n-3']]);
    expect(second.ok && second.value.delivered).toEqual(['n-1', 'n-2', 'n-3']);
    expect(seen).toEqual(['n-1', 'n-3', 'n-1', 'n-2', 'n-3']);
    expect((await dispatcher.dispatch()).ok && marks).toHaveLength(2);
  });

  it('N5/S6: a later item of a group goes out only once the earlier ones are recorded: a failed mark holds the group, so a copy never overtakes one delivered again', async () => {
    const storage = createInMemoryStorage();
    const op = (id: string) => ({ id, kind: 'sync' as const, payload: { key: id }, availableAt: 0, group: 'sync:cn-1' });
    await storage.commit({ expected: [], writes: [], events: [], outbox: [op('A'), op('B')] });
    const clock = manualClock(1_000);
    let failing = true;
    const mark = storage.markDelivered.bind(storage);
    storage.markDelivered = async (ids, owner) => {
      if (failing && ids.includes('A')) throw new Error('connection reset');
      return mark(ids, owner);
    };
    const performed: string[] = [];
    // The service's hook under a flaky storage: A's ledger commit fails (left for markDelivered), B's acknowledges it.
    const hooks = {
      admit: () => true,
      runTask: async () => undefined,
      settled: async (item: { id: string }, outcome: { ok: boolean }) => {
        if (!outcome.ok || (item.id === 'A' && failing)) return false;
        await mark([item.id], 'ledger');
        return true;
      },
      observe: () => undefined,
    };
    const dispatcher = dispatcherWith({ storage, clock, notifications: { deliver: async () => undefined }, sync: { perform: async (job) => void performed.push(job.key) }, policy: { leaseMs: 60_000, jitter: 0 } }, hooks);
    const first = await dispatcher.dispatch();
    expect(first.ok && [first.value.delivered, first.value.failed.map((f) => f.id)]).toEqual([[], ['A']]);
    failing = false;
    for (let i = 0; i < 3; i += 1) {
      clock.advance(61_000);
      await dispatcher.dispatch();
    }
    expect(performed).toEqual(['A', 'A', 'B']);
  });

  it('N5: deliveries are recorded before each delivery of the run\'s last stretch, so a lease taken over at its end resends at most the last one', async () => {
    const storage = createInMemoryStorage();
    const n = (id: string) => ({ id, kind: 'notification' as const, payload: { id }, availableAt: 0 });
    await storage.commit({ expected: [], writes: [], events: [], outbox: [n('n0'), n('n1'), n('n2'), n('n3')] });
    const clock = manualClock(1_000);
    const seen: string[] = [];
    const policy = { leaseMs: 1_000, timeoutMs: 400, jitter: 0 };
    const never = () => new Promise<void>(() => undefined);
    const other = createOutboxDispatcher({ storage, clock, owner: 'd2', sleep: never, policy, sync: { perform: async () => undefined }, notifications: { deliver: async (x) => void seen.push(`d2:${x.id}`) } });
    const first = createOutboxDispatcher({
      storage,
      clock,
      owner: 'd1',
      sleep: never,
      policy,
      sync: { perform: async () => undefined },
      notifications: {
        deliver: async (x) => {
          seen.push(`d1:${x.id}`);
          // n1 and n2 are slow; n3 starts at 1,600 (1,600 + 400 is the lease end) and ends there.
          clock.advance(x.id === 'n1' || x.id === 'n2' ? 300 : x.id === 'n3' ? 400 : 0);
        },
      },
    });
    // Another instance claims while d1's last mark is on its way, at the lease end.
    const mark = storage.markDelivered.bind(storage);
    let once = true;
    storage.markDelivered = async (ids, owner) => {
      if (once && owner === 'd1' && ids.includes('n3')) {
        once = false;
        await other.dispatch();
      }
      return mark(ids, owner);
    };
    const r = await first.dispatch();
    expect(r.ok && r.value.delivered).toEqual(['n0', 'n1', 'n2', 'n3']);
    expect(seen).toEqual(['d1:n0', 'd1:n1', 'd1:n2', 'd1:n3', 'd2:n3']);
  });

  it('N5: a delivery that does not settle before the timeout is left for a later attempt', async () => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('n-2')] });
    const dispatcher = createOutboxDispatcher({
      storage,
      clock: manualClock(0),
      notifications: { deliver: () => new Promise<void>(() => undefined) },
      sync: { perform: async () => undefined },
      sleep: () => Promise.resolve(),
    });
    const r = await dispatcher.dispatch();
    expect(r.ok && r.value.failed.map((f) => f.error)).toEqual([`timed out after ${DEFAULT_SERVICE_POLICY.dispatch.timeoutMs} ms`]);
    expect(storage.snapshot().outbox).toHaveLength(1);
  });

  it('the retry backoff doubles from the base delay and is capped', () => {
    const policy = { ...DEFAULT_SERVICE_POLICY.dispatch, baseDelayMs: 1_000, maxDelayMs: 5_000, jitter: 0 };
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(policy, n))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('the retry jitter shortens each delay by up to its share, the same for an item and attempt, different across items', () => {
    const policy = { ...DEFAULT_SERVICE_POLICY.dispatch, baseDelayMs: 1_000, maxDelayMs: 60_000, jitter: 0.5 };
    const ids = Array.from({ length: 50 }, (_, i) => `n-${i}`);
    for (const attempts of [1, 3, 6]) {
      const exact = Math.min(60_000, 1_000 * 2 ** (attempts - 1));
      const delays = ids.map((id) => backoffDelay(policy, attempts, id));
      for (const d of delays) expect(d >= exact * 0.5 && d <= exact).toBe(true);
      expect(new Set(delays).size).toBeGreaterThan(25);
      expect(ids.map((id) => backoffDelay(policy, attempts, id))).toEqual(delays);
    }
  });

  it('N5: an item still undelivered stuckAfterMs after it was recorded is reported stuck, with its attempts and last error', async () => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [], events: [], outbox: [{ ...item('n-3'), availableAt: 1_000 }] });
    const clock = manualClock(1_000);
    const dispatcher = createOutboxDispatcher({
      storage,
      clock,
      notifications: { deliver: async () => { throw new Error('mailbox full'); } },
      sync: { perform: async () => undefined },
      policy: { baseDelayMs: 1_000, maxDelayMs: 1_000, jitter: 0, stuckAfterMs: 2_500 },
    });
    const reports = [];
    for (let k = 0; k < 4; k += 1) {
      const r = await dispatcher.dispatch();
      if (!r.ok) throw new Error(r.error.message);
      reports.push(r.value);
      clock.advance(1_000);
    }
    expect(reports.map((r) => r.failed.length)).toEqual([1, 1, 1, 1]);
    expect(reports.map((r) => r.stuck.length)).toEqual([0, 0, 0, 1]);
    expect(reports[3]!.stuck).toEqual([{ id: 'n-3', kind: 'notification', since: 1_000, attempts: 4, lastError: 'mailbox full' }]);
  });

  it('N5: a timed-out delivery sees its AbortSignal aborted', async () => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('n-4')] });
    let signal: AbortSignal | undefined;
    const dispatcher = createOutboxDispatcher({
      storage,
      clock: manualClock(0),
      notifications: {
        deliver: (_n, options) => {
          signal = options?.signal;
          return new Promise<void>(() => undefined);
        },
      },
      sync: { perform: async () => undefined },
      sleep: () => Promise.resolve(),
    });
    const r = await dispatcher.dispatch();
    expect(r.ok && r.value.failed.length).toBe(1);
    expect(signal?.aborted).toBe(true);
  });

  it('N5: every delivery gets its own AbortSignal: a later delivery timing out does not abort an earlier one', async () => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('n-7'), item('n-8')] });
    const signals: AbortSignal[] = [];
    const dispatcher = createOutboxDispatcher({
      storage,
      clock: manualClock(0),
      notifications: {
        deliver: (n, options) => {
          signals.push(options.signal);
          return n.id === 'n-7' ? Promise.resolve() : new Promise<void>(() => undefined);
        },
      },
      sync: { perform: async () => undefined },
      sleep: () => Promise.resolve(),
    });
    const r = await dispatcher.dispatch();
    expect(r.ok && [r.value.delivered, r.value.failed.map((f) => f.id)]).toEqual([['n-7'], ['n-8']]);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
    expect(signals.map((s) => s.aborted)).toEqual([false, true]);
  });

  it('N5: a dispatch settles when a hung delivery times out, even if nothing else keeps the process alive', () => {
    // A transport whose promise never settles and holds no timer or socket: only the dispatcher's
    // watchdog is left in the event loop, and it must keep the process alive until the timeout.
    const run = runInChild(
      'hung',
      `const storage = createInMemoryStorage();
await storage.commit({ expected: [], writes: [], events: [], outbox: [{ id: 'n-1', kind: 'notification', payload: { id: 'n-1' }, availableAt: 0 }] });
const dispatcher = createOutboxDispatcher({ storage, clock: manualClock(0), notifications: { deliver: () => new Promise(() => undefined) }, sync: { perform: async () => undefined }, policy: { timeoutMs: 50 } });
const r = await dispatcher.dispatch();
console.log(JSON.stringify(r.ok && r.value.failed.map((f) => f.error)));
`,
    );
    expect([run.status, run.stdout]).toEqual([0, '["timed out after 50 ms"]']);
  }, 40_000);

  it('N5: a hung delivery whose promise the transport keeps holds nothing of the dispatch after its timeout (the storage is collected once dropped)', () => {
    // A transport that never settles and keeps every promise it made (an in-flight table with no
    // timeout of its own): the watchdog's reactions on that promise must not keep the run alive.
    const run = runInChild(
      'kept',
      `const kept = [];
const collected = new Set();
const registry = new FinalizationRegistry((name) => collected.add(name));
async function run() {
  const storage = createInMemoryStorage();
  registry.register(storage, 'storage');
  await storage.commit({ expected: [], writes: [], events: [], outbox: [{ id: 'n-1', kind: 'notification', payload: { id: 'n-1' }, availableAt: 0 }] });
  const dispatcher = createOutboxDispatcher({ storage, clock: manualClock(0), notifications: { deliver: () => { const p = new Promise(() => undefined); kept.push(p); return p; } }, sync: { perform: async () => undefined }, policy: { timeoutMs: 20 } });
  const r = await dispatcher.dispatch();
  return r.ok && r.value.failed.length;
}
console.log('failed', await run());
for (let i = 0; i < 10 && !collected.has('storage'); i += 1) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log('kept', kept.length, 'storage collected', collected.has('storage'));
`,
      ['--expose-gc'],
    );
    expect([run.status, run.stdout]).toEqual([0, 'failed 1\nkept 1 storage collected true']);
  }, 40_000);

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e308])('N5: a clock reading of %s during a failing delivery is PORT_UNAVAILABLE and never becomes a retry time', async (reading) => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('n-5'), item('n-6')] });
    // Good readings for the claim and the first delivery, then the bad one.
    let readings = 0;
    const dispatcher = createOutboxDispatcher({
      storage,
      clock: { now: () => (readings++ < 2 ? 0 : reading) },
      notifications: { deliver: async () => { throw new Error('smtp down'); } },
      sync: { perform: async () => undefined },
      policy: { jitter: 0 },
    });
    const r = await dispatcher.dispatch();
    expect(!r.ok && r.error.code).toBe('PORT_UNAVAILABLE');
    const queued = storage.snapshot().outbox;
    expect(queued.map((q) => q.id)).toEqual(['n-5', 'n-6']);
    for (const q of queued) expect(Number.isFinite(q.availableAt) && q.availableAt <= DEFAULT_SERVICE_POLICY.dispatch.maxDelayMs).toBe(true);
    expect(queued[0]!.attempts).toBe(1); // the first failure was recorded with a good reading
  });

  it('N5: a lease no longer than the delivery timeout, given or by default, is INVALID_INPUT (it would never start a delivery)', async () => {
    const storage = createInMemoryStorage();
    const ports = { storage, clock: manualClock(0), notifications: { deliver: async () => undefined }, sync: { perform: async () => undefined } };
    for (const policy of [{ leaseMs: 10_000 }, { leaseMs: 5_000, timeoutMs: 5_000 }]) {
      const r = await createOutboxDispatcher({ ...ports, policy }).dispatch();
      expect(!r.ok && r.error.code === 'INVALID_INPUT' && r.error.details.issues[0]?.message).toMatch(/leaseMs must be longer than timeoutMs/);
    }
    expect((await createOutboxDispatcher({ ...ports, policy: { leaseMs: 10_000, timeoutMs: 1_000 } }).dispatch()).ok).toBe(true);
  });

  it('N5: the items of a batch its lease cannot cover are handed back at once, so the next run delivers them', async () => {
    const storage = createInMemoryStorage();
    await storage.commit({ expected: [], writes: [], events: [], outbox: [item('n-7'), item('n-8'), item('n-9')] });
    const clock = manualClock(0);
    const seen: string[] = [];
    // Each delivery takes 600 ms of a 1,000 ms lease with a 300 ms timeout budget: one fits per run.
    const dispatcher = createOutboxDispatcher({
      storage,
      clock,
      notifications: { deliver: async (n) => { seen.push(n.id); clock.advance(600); } },
      sync: { perform: async () => undefined },
      policy: { leaseMs: 1_000, timeoutMs: 500, batchSize: 10 },
    });
    const first = await dispatcher.dispatch();
    expect(first.ok && first.value.delivered).toEqual(['n-7']);
    // Not left leased for the rest of the lease: a run at the same instant takes the next one.
    const second = await dispatcher.dispatch();
    expect(second.ok && second.value.delivered).toEqual(['n-8']);
    const third = await dispatcher.dispatch();
    expect(third.ok && third.value.delivered).toEqual(['n-9']);
    expect(seen).toEqual(['n-7', 'n-8', 'n-9']);
  });

  it('§7: malformed options give a dispatcher that answers INVALID_INPUT', async () => {
    const r = await createOutboxDispatcher(null as never).dispatch();
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });
});
