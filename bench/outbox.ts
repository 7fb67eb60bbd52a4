/**
 * The in-memory outbox claim at scale: µs per claim of 100 due items, with nothing else queued, and
 * with 30,000 items waiting that the claim cannot take — held behind a failing item of their group, or
 * not due yet (retries in backoff). After a warm-up round, rounds alternate the three; each figure is
 * the median round.
 */
import { createInMemoryStorage } from '../src/index.js';
import type { OutboxItem, StoragePort } from '../src/ports/storage.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { median } from './stats.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const WAITING = 30_000;
const DUE = 100;
const CLAIMS = 1_000;

/**
 * Queues the claim scenario on `storage`: `waiting` items it cannot take — held in a group behind its
 * failing first item, or not due yet — then `DUE` due items (shared with the PostgreSQL benchmark).
 */
export async function queueClaimScenario(storage: StoragePort, waiting: number, kind: 'held' | 'not_due'): Promise<void> {
  const ahead: OutboxItem[] = Array.from({ length: waiting + 1 }, (_, i) =>
    kind === 'held' ? { id: `w-${i}`, kind: 'sync', payload: null, availableAt: 0, group: 'stuck' } : { id: `w-${i}`, kind: 'notification', payload: null, availableAt: 1e15 },
  );
  const due: OutboxItem[] = Array.from({ length: DUE }, (_, i) => ({ id: `d-${i}`, kind: 'notification', payload: null, availableAt: 0 }));
  for (let k = 0; k < ahead.length; k += 2_000) await mustCommit(storage, ahead.slice(k, k + 2_000));
  await mustCommit(storage, due);
  // The group's first item fails: the rest of its group is held behind it until its retry, far ahead.
  if (kind === 'held') {
    const [head] = await storage.claimOutbox({ now: 1, limit: 1, owner: 'bench', leaseMs: 10 });
    await storage.markFailed(head!.id, 'down', 1e15, 'bench');
  }
}

async function mustCommit(storage: StoragePort, outbox: readonly OutboxItem[]): Promise<void> {
  if (!(await storage.commit({ expected: [], writes: [], events: [], outbox })).ok) throw new Error('benchmark outbox commit refused');
}

/** µs per claim of the `DUE` items, with `waiting` items of the given kind queued ahead of them. */
async function claimUs(waiting: number, kind: 'held' | 'not_due'): Promise<number> {
  const storage = createInMemoryStorage();
  await queueClaimScenario(storage, waiting, kind);
  gc(); // the scenario's garbage is not collected inside the timed claims
  const start = process.hrtime.bigint();
  for (let i = 0; i < CLAIMS; i += 1) {
    // Each claim takes the due items again (the previous claim's lease has ended): the same work every time.
    const got = await storage.claimOutbox({ now: 100 + i * 100, limit: DUE, owner: 'bench', leaseMs: 50 });
    if (got.length !== DUE) throw new Error(`benchmark outbox claim took ${got.length} items, not ${DUE}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / CLAIMS;
}

/** What the outbox benchmark measured: µs per claim without and with waiting items, and the ratios. */
export interface OutboxBench {
  readonly noneUs: number;
  readonly heldUs: number;
  readonly notDueUs: number;
  readonly waiting: number;
}

export async function benchOutboxClaims(rounds = 5): Promise<OutboxBench> {
  const none: number[] = [];
  const held: number[] = [];
  const notDue: number[] = [];
  // A warm-up round, not counted: the first claims run before the JIT has compiled the queue (10x slower).
  for (const [waiting, kind] of [[0, 'held'], [WAITING, 'held'], [WAITING, 'not_due']] as const) await claimUs(waiting, kind);
  for (let r = 0; r < rounds; r += 1) {
    none.push(await claimUs(0, 'held'));
    held.push(await claimUs(WAITING, 'held'));
    notDue.push(await claimUs(WAITING, 'not_due'));
  }
  return { noneUs: median(none), heldUs: median(held), notDueUs: median(notDue), waiting: WAITING };
}
