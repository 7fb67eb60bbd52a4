/**
 * The application service on the in-memory adapters:
 * - commands per second (requests with automatic approval, each a full validate → load → authorize
 *   → decide → commit with outbox and receipt), the outbox drained as it goes;
 * - scale: one upstream project growing to `total` downstream connections; the per-command cost of
 *   the first and the last decile, and the bytes each connection adds to the process heap.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createConnectionService,
  createInMemoryStorage,
  manualClock,
  sequentialIds,
  type ConnectionService,
} from '../src/index.js';
import { serviceWorldDirectory } from '../src/testing/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function world(downstreams: number, companies = 10) {
  const subs: Record<string, string[]> = { gc: ['tower'] };
  for (let c = 0; c < companies; c += 1) subs[`sub-${c}`] = [];
  for (let i = 0; i < downstreams; i += 1) subs[`sub-${i % companies}`]!.push(`d-${i}`);
  return subs;
}

function service(downstreams: number): ConnectionService {
  return createConnectionService({
    storage: createInMemoryStorage(),
    directory: serviceWorldDirectory(world(downstreams), 'automatic'),
    notifications: { deliver: async () => {} },
    sync: { perform: async () => {} },
    clock: manualClock(Date.parse('2026-03-02T08:00:00Z')),
    ids: sequentialIds(),
  });
}

async function request(s: ConnectionService, i: number): Promise<void> {
  const r = await s.requestConnection({ actorId: 'model-admin', upstreamProjectId: 'tower', downstreamProjectId: `d-${i}`, dataTypes: ['drawings'] });
  if (!r.ok) throw new Error(`benchmark request ${i} failed: ${r.error.code} ${r.error.message}`);
}

/** Delivers every due outbox item (one dispatch delivers one batch). */
async function drain(s: ConnectionService): Promise<void> {
  for (;;) {
    const r = await s.dispatchOutbox();
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.failed.length > 0) throw new Error(`delivery failed: ${r.value.failed[0]?.error}`);
    if (r.value.delivered.length === 0) return;
  }
}

/** Service commands per second: `count` requests in sequence, the outbox drained every 1,000. */
export async function benchServiceThroughput(count = 20_000): Promise<{ commandsPerSecond: number; count: number }> {
  const s = service(count + 1_000);
  for (let i = 0; i < 1_000; i += 1) await request(s, count + i); // warm-up
  await drain(s);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    await request(s, i);
    if (i % 1_000 === 999) await drain(s);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { commandsPerSecond: count / seconds, count };
}

/** One upstream growing to `total` downstream connections. */
export async function benchScale(total = 100_000): Promise<{ firstDecileUs: number; lastDecileUs: number; ratio: number; bytesPerConnection: number; total: number }> {
  const s = service(total);
  await drain(s);
  gc();
  const before = process.memoryUsage().heapUsed;
  const decile = total / 10;
  const perDecile: number[] = [];
  for (let d = 0; d < 10; d += 1) {
    const start = process.hrtime.bigint();
    for (let i = d * decile; i < (d + 1) * decile; i += 1) {
      await request(s, i);
      if (i % 1_000 === 999) await drain(s);
    }
    perDecile.push(Number(process.hrtime.bigint() - start) / 1e3 / decile);
  }
  await drain(s);
  gc();
  const after = process.memoryUsage().heapUsed;
  const first = perDecile[0]!;
  const last = perDecile[9]!;
  return { firstDecileUs: first, lastDecileUs: last, ratio: last / first, bytesPerConnection: (after - before) / total, total };
}
