/**
 * Sync through the service: one upstream project with `downstreams` connected downstream projects; one
 * `publishUpstreamItems` call (one new revision of one drawing) fans out to all of them in one commit —
 * validation, the connection index read, the copy ledger of every downstream, the directory read for the
 * notifications, and the commit of every operation and notification into the outbox. Then the dispatch
 * of that fan-out (every operation checked, performed and acknowledged with the ledger), timed apart.
 */
import {
  createConnectionService,
  createInMemoryDirectory,
  createInMemoryStorage,
  manualClock,
  sequentialIds,
} from '../src/index.js';
import { serviceWorldData } from '../src/testing/index.js';
import { drain, must } from './service.js';

const T0 = Date.parse('2026-03-02T08:00:00Z');

/** What one fan-out measured. */
export interface FanoutRound {
  /** The one publish call, ms. */
  readonly publishMs: number;
  /** Dispatching what it queued (operations and notifications), ms. */
  readonly dispatchMs: number;
  /** Operations the call queued (one per downstream). */
  readonly operations: number;
  readonly delivered: number;
}

/**
 * A fan-out round factory: builds the service with `downstreams` connections once; each call publishes
 * the next revision of one drawing and dispatches it.
 */
export async function publishFanout(downstreams = 1_000): Promise<() => Promise<FanoutRound>> {
  const companies: Record<string, string[]> = { gc: ['tower'] };
  for (let c = 0; c < 10; c += 1) companies[`sub-${c}`] = [];
  for (let i = 0; i < downstreams; i += 1) companies[`sub-${i % 10}`]!.push(`d-${i}`);
  const clock = manualClock(T0);
  const s = createConnectionService({
    storage: createInMemoryStorage(),
    directory: createInMemoryDirectory(serviceWorldData(companies, 'automatic')),
    notifications: { deliver: async () => {} },
    sync: { perform: async () => {} },
    clock,
    ids: sequentialIds(),
    policy: { dispatch: { batchSize: 1_000 } },
  });
  for (let i = 0; i < downstreams; i += 1) {
    must(await s.requestConnection({ actorId: 'model-admin', connectionId: `cn-${i}`, upstreamProjectId: 'tower', downstreamProjectId: `d-${i}`, dataTypes: ['drawings'] }), 'request');
  }
  await drain(s);
  let revision = 0;
  return async () => {
    revision += 1;
    clock.advance(60_000);
    const start = process.hrtime.bigint();
    const r = await s.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision, attributes: { title: 'Ground floor' } }] });
    const published = process.hrtime.bigint();
    must(r, 'publish');
    const operations = r.ok ? r.value.operations : 0;
    if (operations !== downstreams) throw new Error(`benchmark publish reached ${operations} of ${downstreams} downstreams`);
    const delivered = await drain(s);
    const end = process.hrtime.bigint();
    return { publishMs: Number(published - start) / 1e6, dispatchMs: Number(end - published) / 1e6, operations, delivered };
  };
}
