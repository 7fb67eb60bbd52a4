import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInMemoryDirectory, createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { manualClock, sequentialIds } from '../../src/ports/clock.js';
import { createConnectionService } from '../../src/service/index.js';
import { pbtRuns } from '../support/pbt.js';
import { recordingTransports, setup, storyData, T0 } from './fixtures.js';

const request = { actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] };

describe('service: idempotency keys (C15)', () => {
  it('C15: the same key returns the first outcome and records nothing new', async () => {
    const { service, storage } = setup();
    const first = await service.requestConnection({ ...request, idempotencyKey: 'k-1' });
    const before = storage.snapshot();
    const again = await service.requestConnection({ ...request, idempotencyKey: 'k-1' });
    expect(again).toEqual(first);
    expect(storage.snapshot().records).toEqual(before.records);
    expect(storage.snapshot().outbox).toEqual(before.outbox);
    expect(await storage.history('connection:cn-1')).toHaveLength(1);
  });

  it('C15: a refusal is an outcome too: the same key gives the same refusal even after the state changed', async () => {
    const { service } = setup();
    const refused = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-x', idempotencyKey: 'k-2' });
    expect(!refused.ok && refused.error.code).toBe('NOT_FOUND');
    await service.requestConnection({ ...request, connectionId: 'cn-x' });
    expect(await service.approveConnection({ actorId: 'gina', connectionId: 'cn-x', idempotencyKey: 'k-2' })).toEqual(refused);
  });

  it('C15: the same key with a different payload or method (same actor) is IDEMPOTENCY_CONFLICT, naming the key as the caller gave it', async () => {
    const { service } = setup();
    await service.requestConnection({ ...request, idempotencyKey: 'k-3' });
    const other = await service.requestConnection({ ...request, upstreamProjectId: 'school', idempotencyKey: 'k-3' });
    expect(!other.ok && other.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(!other.ok && [other.error.details, other.error.message]).toEqual([{ key: 'k-3' }, 'Idempotency key "k-3" was already used with a different command.']);
    const otherMethod = await service.disconnectConnection({ actorId: request.actorId, connectionId: 'cn-1', reason: 'done', idempotencyKey: 'k-3' });
    expect(!otherMethod.ok && otherMethod.error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('C15: the in-memory storage prunes caller-key receipts recorded before a time (pruneReceipts): later keys still replay, a pruned key runs as a new command', async () => {
    const { service, storage, clock } = setup();
    const refused = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-x', idempotencyKey: 'old' });
    clock.advance(60_000);
    const requested = await service.requestConnection({ ...request, idempotencyKey: 'new' });
    expect(Object.keys(storage.snapshot().receipts)).toHaveLength(2);
    expect(storage.pruneReceipts(Number.NaN)).toBe(0);
    expect(storage.pruneReceipts(T0 + 1)).toBe(1);
    expect(Object.keys(storage.snapshot().receipts)).toHaveLength(1);
    expect(await service.requestConnection({ ...request, idempotencyKey: 'new' })).toEqual(requested);
    // The pruned refusal is not replayed: the approval runs now, on a connection that exists.
    await service.requestConnection({ ...request, connectionId: 'cn-x', downstreamProjectId: 'tower-steel', actorId: 'stu' });
    const again = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-x', idempotencyKey: 'old' });
    expect(!refused.ok && refused.error.code).toBe('NOT_FOUND');
    expect(again.ok && again.value.connection?.state).toBe('connected');
  });

  it('C15: keys are per acting user: another user\'s use of the same key neither replays nor blocks theirs', async () => {
    const { service } = setup();
    const sams = await service.requestConnection({ ...request, idempotencyKey: 'shared-key' });
    expect(sams.ok).toBe(true);
    // Gina (upstream admin) uses the same key text for her own command: it runs as hers.
    const ginas = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1', idempotencyKey: 'shared-key' });
    expect(ginas.ok && ginas.value.connection?.state).toBe('connected');
    // And Sam's replay still answers Sam's first outcome.
    expect(await service.requestConnection({ ...request, idempotencyKey: 'shared-key' })).toEqual(sams);
  });

  it('C15: concurrent duplicates under any interleaving commit once and all answer the same outcome', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 5 }), async (s, copies) => {
        let live = true;
        const latency = () => (live ? s.schedule(Promise.resolve()) : Promise.resolve());
        const storage = createInMemoryStorage({ latency });
        const t = recordingTransports();
        const service = createConnectionService({
          storage,
          directory: createInMemoryDirectory(storyData('automatic'), { latency }),
          notifications: t.notificationTransport,
          sync: t.syncTransport,
          clock: manualClock(T0),
          ids: sequentialIds(),
        });
        const results = await s.waitFor(Promise.all(Array.from({ length: copies }, () => service.requestConnection({ ...request, idempotencyKey: 'dup' }))));
        live = false;
        for (const r of results) expect(r).toEqual(results[0]);
        expect(results[0]?.ok).toBe(true);
        const id = results[0]?.ok ? results[0].value.connection?.id : undefined;
        expect(await storage.history(`connection:${id}`)).toHaveLength(2);
        expect(storage.snapshot().records.filter((r) => r.key.startsWith('connection:')).length).toBe(1);
        await service.dispatchOutbox();
        expect(new Set(t.notifications.map((n) => n.id)).size).toBe(t.notifications.length);
      }),
      { numRuns: pbtRuns() },
    );
  });
});
