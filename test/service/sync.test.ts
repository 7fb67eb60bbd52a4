import { describe, expect, it } from 'vitest';
import { createInMemoryStorage, createInMemoryUpstreamItems, type InMemoryStorage } from '../../src/adapters/memory/index.js';
import type { SyncJob } from '../../src/ports/transports.js';
import type { SourceItem } from '../../src/sync/item.js';
import { applySyncOperations } from '../../src/sync/apply.js';
import { createSyncRegistry, DRAWINGS_DATA_TYPE } from '../../src/sync/registry.js';
import { emptyDownstreamStore } from '../../src/sync/store.js';
import { MAX_UPSTREAM_BATCH, type ServicePolicyInput } from '../../src/service/index.js';
import { fc, MIN, setup } from './fixtures.js';
import { faultInjector, faultyUpstreamItems, type FaultKind } from '../../src/testing/faults.js';
import { pbtRuns } from '../support/pbt.js';

const drawing = (itemId: string, revision = 1, published = true): SourceItem => ({ dataType: 'drawings', itemId, revision, published, attributes: { title: itemId } });

const ops = (jobs: readonly SyncJob[]) => jobs.filter((j) => j.kind === 'copy' || j.kind === 'update' || j.kind === 'delete');

/** tower → tower-electric connected (cn-1), with the upstream items port holding `items`. */
async function connected(items: readonly SourceItem[] = [], more: { downstreams?: number; storage?: InMemoryStorage; sync?: (job: SyncJob) => Promise<void>; policy?: ServicePolicyInput } = {}) {
  const upstreamItems = createInMemoryUpstreamItems({ tower: items });
  const world = setup({ upstreamItems, ...(more.storage === undefined ? {} : { storage: more.storage }), ...(more.sync === undefined ? {} : { sync: more.sync }), ...(more.policy === undefined ? {} : { policy: more.policy }) });
  const { service } = world;
  const r = await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
  expect(r.ok).toBe(true);
  const a = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' });
  expect(a.ok && a.value.connection?.state).toBe('connected');
  if ((more.downstreams ?? 0) > 1) {
    const p = await service.requestConnection({ actorId: 'pia', connectionId: 'cn-2', upstreamProjectId: 'tower', downstreamProjectId: 'tower-plumbing', dataTypes: ['drawings'] });
    expect(p.ok).toBe(true);
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-2' })).ok).toBe(true);
  }
  return { ...world, upstreamItems };
}

async function drain(service: { dispatchOutbox(): Promise<unknown> }, clock: { advance(ms: number): void }, rounds = 10) {
  for (let i = 0; i < rounds; i += 1) {
    await service.dispatchOutbox();
    clock.advance(MIN);
  }
}

/**
 * tower → tower-electric connected (cn-1); A-101 published and copied, but the copy's answer lost (a
 * failed attempt that the downstream applied); then the approval undone. `held` is the downstream store.
 */
async function lostCopyUndone(options: { readonly newRevisionBeforeUndo?: boolean } = {}) {
  const held = new Set<string>();
  let loseNextCopy = false;
  const world = setup({
    sync: async (job) => {
      // The downstream store: it applies what it receives, then the answer may be lost.
      if (job.kind === 'copy') held.add(job.itemId);
      if (job.kind === 'delete') held.delete(job.itemId);
      if (loseNextCopy && job.kind === 'copy') {
        loseNextCopy = false;
        throw new Error('answer lost');
      }
    },
  });
  const { service, clock } = world;
  expect((await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] })).ok).toBe(true);
  expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
  await service.dispatchOutbox();
  expect((await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] })).ok).toBe(true);
  loseNextCopy = true;
  await service.dispatchOutbox();
  expect(held.has('A-101')).toBe(true);
  // A new revision published before the retry: its operation replaces the failed one, also dropped by the undo.
  if (options.newRevisionBeforeUndo === true) expect((await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 2 }] })).ok).toBe(true);
  expect((await service.undoConnectionApproval({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
  await drain(service, clock, 2);
  return { ...world, held };
}

describe('sync through the service (S2–S6, N1–N5)', () => {
  it('S2/N1: the initial sync copies the published items read from the upstream items port, and InitialSyncComplete goes to the downstream Drawings admins once', async () => {
    const { service, clock, jobs, notifications } = await connected([drawing('A-101'), drawing('A-102'), drawing('A-103'), drawing('A-104', 1, false)]);
    await drain(service, clock);
    const copies = ops(jobs);
    expect(copies.map((j) => (j.kind === 'copy' ? j.itemId : '')).sort()).toEqual(['A-101', 'A-102', 'A-103']);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ synced: 3, pending: 0, failed: 0, detached: 0, initialSync: 'complete', initialRemaining: 0 });
    const complete = notifications.filter((n) => n.event === 'InitialSyncComplete');
    expect(complete.map((n) => n.recipient)).toEqual(['sam']);
  });

  it('S3: the skipped entries a publish or a delete answers are frozen, like the rest of the outcome', async () => {
    const { service } = await connected();
    const deleted = await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'never-published' }] });
    await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-1', revision: 1 }] });
    // The same revision again: already current downstream, skipped.
    const published = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-1', revision: 1 }] });
    for (const r of [deleted, published]) {
      expect(r.ok && r.value.skipped.length).toBeGreaterThan(0);
      if (r.ok) for (const entry of r.value.skipped) expect(Object.isFrozen(entry)).toBe(true);
    }
  });

  it('S2: an initial sync of more items than one page runs page by page and completes after the last acknowledgement', async () => {
    const items = Array.from({ length: 450 }, (_, i) => drawing(`D-${String(i).padStart(4, '0')}`));
    const { service, clock, jobs, notifications } = await connected(items);
    await drain(service, clock, 30);
    expect(new Set(ops(jobs).map((j) => j.itemId)).size).toBe(450);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ synced: 450, initialSync: 'complete' });
    expect(notifications.filter((n) => n.event === 'InitialSyncComplete')).toHaveLength(1);
  });

  it('S2: an initial sync whose upstream items port fails (throws, loses answers) for a while completes once the port recovers: every item copied, one InitialSyncComplete (property)', async () => {
    const items = Array.from({ length: 450 }, (_, i) => drawing(`D-${String(i).padStart(4, '0')}`));
    await fc.assert(
      // 450 items: three pages, so calls 0–2 of a clean run; a failed call is made again.
      fc.asyncProperty(fc.nat({ max: 2 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom<FaultKind>('throw', 'lost_answer'), async (from, count, kind) => {
        const faults = faultInjector((call) => (call.index >= from && call.index < from + count ? kind : null));
        const upstreamItems = faultyUpstreamItems(createInMemoryUpstreamItems({ tower: items }), faults);
        const { service, clock, jobs, notifications } = setup({ upstreamItems });
        expect((await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] })).ok).toBe(true);
        expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
        await drain(service, clock, 40);
        expect(faults.injected.length).toBe(count);
        expect(new Set(ops(jobs).map((j) => j.itemId)).size).toBe(450);
        const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
        expect(status.ok && status.value).toMatchObject({ synced: 450, pending: 0, initialSync: 'complete' });
        expect(notifications.filter((n) => n.event === 'InitialSyncComplete')).toHaveLength(1);
      }),
      { numRuns: pbtRuns(20) },
    );
  });

  it('S3: an item deleted upstream while its initial-sync page is in flight (read from the port before the delete, committed after) is not copied', async () => {
    const inner = createInMemoryUpstreamItems({ tower: [drawing('A-101'), drawing('A-102')] });
    let whileReading: (() => Promise<void>) | null = null;
    const upstreamItems = {
      ...inner,
      items: async (request: Parameters<typeof inner.items>[0]) => {
        const page = await inner.items(request);
        const hook = whileReading;
        whileReading = null;
        if (hook !== null) await hook();
        return page;
      },
    };
    const world = setup({ upstreamItems });
    const { service, clock, jobs, notifications } = world;
    expect((await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] })).ok).toBe(true);
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    // The backend deletes A-102 after the port answered the page that lists it.
    whileReading = async () => {
      inner.remove('tower', 'drawings', 'A-102');
      expect((await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-102' }] })).ok).toBe(true);
    };
    await drain(service, clock);
    expect(ops(jobs).map((j) => `${j.kind}:${j.itemId}`)).toEqual(['copy:A-101']);
    const copies = await service.itemCopies({ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-102' });
    expect(copies.ok && copies.value.items.filter((c) => c.state !== 'deleted')).toEqual([]);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ synced: 1, pending: 0, initialSync: 'complete' });
    expect(notifications.filter((n) => n.event === 'InitialSyncComplete')).toHaveLength(1);
  });

  it.each([false, true])('S3/C16: a copy performed whose answer was lost (a failed attempt), then an undo, a delete while pending and a new approval: the delete is sent (the downstream may hold the copy; new revision before the undo: %s)', async (newRevisionBeforeUndo) => {
    const { service, clock, notifications, held } = await lostCopyUndone({ newRevisionBeforeUndo });
    expect((await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101' }] })).ok).toBe(true);
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    await drain(service, clock);
    expect([...held]).toEqual([]);
    expect(notifications.filter((n) => n.event === 'DrawingsDeleted').map((n) => (n.kind === 'connection' ? n.itemIds : []))).toEqual([['A-101']]);
  });

  it('S3/S4/C16: a copy performed whose answer was lost, then an undo, an unpublish and a new approval: a later delete is still sent (the downstream may hold the copy)', async () => {
    const { service, clock, held } = await lostCopyUndone();
    // Unpublished while undone: the new approval's initial sync skips it (S4) and must not forget the copy.
    expect((await service.unpublishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101' }] })).ok).toBe(true);
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    await drain(service, clock, 5);
    expect(held.has('A-101')).toBe(true); // S4 keeps copies already made
    expect((await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101' }] })).ok).toBe(true);
    await drain(service, clock, 5);
    expect([...held]).toEqual([]);
  });

  it('S1/C2: a service shares the data types of its sync registry: by default Drawings only, so an RFI-only request is refused before anything is written', async () => {
    const { service, storage } = setup();
    const rfis = await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['rfis'] });
    expect(!rfis.ok && rfis.error.code).toBe('INVALID_INPUT');
    expect(storage.snapshot().records).toEqual([]);
    // The project is not held by the one-upstream rule: a Drawings request goes through.
    const drawings = await service.requestConnection({ actorId: 'sam', connectionId: 'cn-2', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
    expect(drawings.ok).toBe(true);
  });

  it('S1/C2: RFIs registered in the sync registry can be shared; a policy naming a data type the registry lacks is INVALID_INPUT on every method', async () => {
    const registry = createSyncRegistry([DRAWINGS_DATA_TYPE, { id: 'rfis', tool: 'rfis', label: 'RFIs', notifies: false, isSyncable: () => true }]);
    if (!registry.ok) throw new Error(registry.error.message);
    const withRfis = setup({ syncRegistry: registry.value });
    const r = await withRfis.service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['rfis'] });
    // Accepted as a data type; the fixture's users hold nothing on the RFIs tool (C2(d)), which is what refuses it.
    expect(!r.ok && r.error.code === 'NOT_AUTHORIZED' && new Set(r.error.details.failed.map((f) => `${f.condition}:${f.tool}`))).toEqual(new Set(['data_type_read_access:rfis']));
    const mismatch = setup({ policy: { connection: { dataTypeTools: { drawings: 'drawings', rfis: 'rfis' } } } });
    const refused = await mismatch.service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
    expect(!refused.ok && [refused.error.code, refused.error.details]).toMatchObject(['INVALID_INPUT', { issues: [{ path: ['options', 'policy', 'connection', 'dataTypeTools', 'rfis'] }] }]);
  });

  it.each(['decline', 'cancel'] as const)('S5: a connection paused by an undone approval and then closed (%s) gets a stop_sync that closes it; a pause and a request that never connected do not', async (how) => {
    const { service, clock, jobs } = await connected([]);
    await drain(service, clock, 2);
    expect((await service.undoConnectionApproval({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    await drain(service, clock, 2);
    const closed = how === 'decline'
      ? await service.declineConnection({ actorId: 'gina', connectionId: 'cn-1', reason: 'not now' })
      : await service.cancelConnectionRequest({ actorId: 'sam', connectionId: 'cn-1' });
    expect(closed.ok).toBe(true);
    // A request that never connected: closing it sends no sync job.
    expect((await service.requestConnection({ actorId: 'pia', connectionId: 'cn-2', upstreamProjectId: 'tower', downstreamProjectId: 'tower-plumbing', dataTypes: ['drawings'] })).ok).toBe(true);
    expect((await service.declineConnection({ actorId: 'gina', connectionId: 'cn-2', reason: 'no' })).ok).toBe(true);
    await drain(service, clock, 2);
    const connectionJobs = jobs.filter((j) => j.kind === 'start_sync' || j.kind === 'stop_sync');
    expect(connectionJobs.map((j) => [j.connectionId, j.kind, 'closes' in j && j.closes])).toEqual([
      ['cn-1', 'start_sync', false],
      ['cn-1', 'stop_sync', false],
      ['cn-1', 'stop_sync', true],
    ]);
  });

  it('S2: without an upstream items port, the initial sync copies the items reported to the service before the approval', async () => {
    const world = setup();
    const { service, clock, jobs } = world;
    await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
    const before = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }, { dataType: 'drawings', itemId: 'A-102', revision: 2 }] });
    expect(before.ok && before.value).toMatchObject({ reached: 0, operations: 0 });
    await service.unpublishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-102' }] });
    await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' });
    await drain(service, clock);
    expect(ops(jobs).map((j) => j.itemId)).toEqual(['A-101']);
  });

  it('S3/S2: one publish fans out to every connected downstream in one call, as copies that arrive unpublished in the reference store', async () => {
    const { service, clock, jobs } = await connected([], { downstreams: 2 });
    await drain(service, clock);
    const r = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-201', revision: 1 }, { dataType: 'drawings', itemId: 'A-202', revision: 1 }] });
    expect(r.ok && r.value).toMatchObject({ reached: 2, operations: 4 });
    await drain(service, clock);
    expect(ops(jobs).map((j) => `${j.connectionId}:${j.kind}:${j.itemId}`).sort()).toEqual(['cn-1:copy:A-201', 'cn-1:copy:A-202', 'cn-2:copy:A-201', 'cn-2:copy:A-202']);
    for (const j of ops(jobs)) expect(j.kind === 'copy' && j.item.published).toBe(true);
    // S2: applied to the reference copy store, every copy is there, synced and not published downstream.
    const store = applySyncOperations(emptyDownstreamStore(), ops(jobs));
    expect(store.ok && Object.values(store.value.copies).map((c) => `${c.connectionId}:${c.itemId}:${c.status}:${c.published}`).sort()).toEqual([
      'cn-1:A-201:synced:false',
      'cn-1:A-202:synced:false',
      'cn-2:A-201:synced:false',
      'cn-2:A-202:synced:false',
    ]);
    const copies = await service.itemCopies({ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-201' });
    expect(copies.ok && copies.value.items.map((c) => `${c.downstreamProjectId}:${c.state}:${c.syncedRevision}`).sort()).toEqual(['tower-electric:synced:1', 'tower-plumbing:synced:1']);
  });

  it('S3: a publish neither loads nor expects the upstream\'s closed connections (they never change again); it reaches the connected ones', async () => {
    const storage = createInMemoryStorage();
    const commits: (readonly string[])[] = [];
    const commit = storage.commit.bind(storage);
    storage.commit = async (request) => (commits.push(request.expected.map((e) => e.key)), commit(request));
    const { service, clock } = await connected([], { downstreams: 2, storage });
    expect((await service.disconnectConnection({ actorId: 'pia', connectionId: 'cn-2', reason: 'done' })).ok).toBe(true);
    await drain(service, clock);
    commits.length = 0;
    const r = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-301', revision: 1 }] });
    expect(r.ok && r.value).toMatchObject({ reached: 1, operations: 1 });
    expect(commits).toHaveLength(1);
    expect(commits[0]).toContain('connection:cn-1');
    expect(commits[0]).not.toContain('connection:cn-2');
  });

  it('S3/N1: a new revision is an update, a delete deletes every copy; NewDrawingsPublished and DrawingsDeleted go to the downstream Drawings admins', async () => {
    const { service, clock, jobs, notifications } = await connected([drawing('A-101')]);
    await drain(service, clock);
    expect((await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 2 }] })).ok).toBe(true);
    expect((await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101' }] })).ok).toBe(true);
    await drain(service, clock);
    expect(ops(jobs).map((j) => `${j.kind}@${j.revision}`)).toEqual(['copy@1', 'update@2', 'delete@2']);
    expect(notifications.filter((n) => n.event === 'NewDrawingsPublished' || n.event === 'DrawingsDeleted').map((n) => `${n.recipient}:${n.event}`)).toEqual(['sam:NewDrawingsPublished', 'sam:DrawingsDeleted']);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ synced: 0, deleted: 1 });
  });

  it.each(['disconnect', 'undo'] as const)('S5/N1: NewDrawingsPublished and DrawingsDeleted queued before a %s are dropped with the operations they announce, not told', async (how) => {
    const { service, clock, jobs, notifications } = await connected([drawing('A-101')]);
    await drain(service, clock, 3); // within the undo window (C16)
    const sent = () => notifications.filter((n) => n.event === 'NewDrawingsPublished' || n.event === 'DrawingsDeleted').map((n) => n.event);
    // Published and deleted while connected; nothing dispatched before the connection stops syncing.
    expect((await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-102', revision: 1 }] })).ok).toBe(true);
    expect((await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101' }] })).ok).toBe(true);
    const stopped = how === 'disconnect'
      ? await service.disconnectConnection({ actorId: 'gina', connectionId: 'cn-1', reason: 'done' })
      : await service.undoConnectionApproval({ actorId: 'gina', connectionId: 'cn-1' });
    expect(stopped.ok).toBe(true);
    const reports = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await service.dispatchOutbox();
      if (r.ok) reports.push(r.value);
    }
    expect(ops(jobs).map((j) => `${j.kind}:${j.itemId}`)).toEqual(['copy:A-101']); // the copy of the initial sync only
    expect(sent()).toEqual([]);
    // Each dropped notice (one per recipient: sam) is reported as dropped, like a dropped operation.
    expect(reports.flatMap((r) => r.dropped).filter((id) => /NewDrawingsPublished|DrawingsDeleted/.test(id))).toHaveLength(2);
  });

  it.each(['reported items', 'upstream items port'] as const)('S3/C16: a delete made while an undone approval left the connection pending deletes the copy when it is approved again (%s)', async (source) => {
    const upstreamItems = createInMemoryUpstreamItems({ tower: [drawing('A-101'), drawing('A-102')] });
    const world = setup(source === 'upstream items port' ? { upstreamItems } : {});
    const { service, clock, jobs, notifications } = world;
    expect((await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] })).ok).toBe(true);
    if (source === 'reported items') expect((await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }, { dataType: 'drawings', itemId: 'A-102', revision: 1 }] })).ok).toBe(true);
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    await drain(service, clock, 2);
    expect(ops(jobs).map((j) => `${j.kind}:${j.itemId}`).sort()).toEqual(['copy:A-101', 'copy:A-102']);
    // Within the quick-undo window (C16): back to pending; A-101 is deleted upstream meanwhile.
    const undone = await service.undoConnectionApproval({ actorId: 'gina', connectionId: 'cn-1' });
    expect(undone.ok && undone.value.connection?.state).toBe('pending');
    upstreamItems.remove('tower', 'drawings', 'A-101');
    const del = await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101' }] });
    expect(del.ok && del.value).toMatchObject({ reached: 0, operations: 0 });
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    await drain(service, clock);
    // The copy of the deleted item is deleted (S3); the other one is current and not sent again (S6).
    expect(ops(jobs).map((j) => `${j.kind}:${j.itemId}`).sort()).toEqual(['copy:A-101', 'copy:A-102', 'delete:A-101']);
    const copies = await service.itemCopies({ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-101' });
    expect(copies.ok && copies.value.items.map((c) => c.state)).toEqual(['deleted']);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ synced: 1, deleted: 1, pending: 0, initialSync: 'complete', initialRemaining: 0 });
    expect(notifications.filter((n) => n.event === 'DrawingsDeleted').map((n) => n.recipient)).toEqual(['sam']);
    // N5/S2: each of the two initial syncs ends with its own InitialSyncComplete (the second is not a duplicate of the first).
    expect(notifications.filter((n) => n.event === 'InitialSyncComplete').map((n) => n.recipient)).toEqual(['sam', 'sam']);
    // In the downstream's reference store A-101 is deleted and A-102 kept.
    const store = applySyncOperations(emptyDownstreamStore(), ops(jobs));
    expect(store.ok && Object.values(store.value.copies).map((c) => `${c.itemId}:${c.status}`).sort()).toEqual(['A-101:deleted', 'A-102:synced']);
  });

  it('S2/S3: an item deleted while its initial copy is still being retried ends the initial sync once the delete is acknowledged', async () => {
    let down = true;
    const sync = async (job: SyncJob) => {
      if (down && job.kind === 'copy' && job.itemId === 'A-1') throw new Error('downstream unavailable');
    };
    const { service, clock, jobs, notifications } = await connected([drawing('A-1'), drawing('A-2')], { sync });
    await drain(service, clock, 3);
    const running = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    // A-1 keeps failing, and A-2 waits behind it (one delivery group per connection, N5).
    expect(running.ok && running.value).toMatchObject({ initialSync: 'running', initialRemaining: 2, failed: 1 });
    expect((await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-1' }] })).ok).toBe(true);
    down = false;
    await drain(service, clock, 20);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ initialSync: 'complete', initialRemaining: 0, pending: 0, failed: 0 });
    expect(notifications.filter((n) => n.event === 'InitialSyncComplete').map((n) => n.recipient)).toEqual(['sam']);
    expect(ops(jobs).some((j) => j.kind === 'delete' && j.itemId === 'A-1')).toBe(true);
  });

  it('S4: unpublished items never sync until published again', async () => {
    const { service, clock, jobs } = await connected();
    await drain(service, clock);
    await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] });
    const un = await service.unpublishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101' }] });
    expect(un.ok && un.value.operations).toBe(0);
    await drain(service, clock);
    expect(ops(jobs)).toHaveLength(1);
    await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] });
    await drain(service, clock);
    expect(ops(jobs)).toHaveLength(1);
  });

  it('S5: after disconnect nothing is sent (queued work is dropped), every copy reads detached, and a later publish reaches no one', async () => {
    const { service, clock, jobs } = await connected([drawing('A-101'), drawing('A-102')]);
    await drain(service, clock);
    await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-103', revision: 1 }] });
    const d = await service.disconnectConnection({ actorId: 'gina', connectionId: 'cn-1', reason: 'done' });
    expect(d.ok).toBe(true);
    const sent = ops(jobs).length;
    await drain(service, clock);
    expect(ops(jobs)).toHaveLength(sent);
    expect(jobs.at(-1)?.kind).toBe('stop_sync');
    const again = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-104', revision: 1 }] });
    expect(again.ok && again.value).toMatchObject({ reached: 0, operations: 0 });
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    // A-101 and A-102 were copied and stay (S5); A-103's copy was dropped unsent: nothing of it is downstream.
    expect(status.ok && status.value).toMatchObject({ connectionState: 'disconnected', synced: 0, pending: 0, detached: 2 });
    const copies = await service.itemCopies({ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-101' });
    expect(copies.ok && copies.value.items.map((c) => c.state)).toEqual(['detached']);
    const never = await service.itemCopies({ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-103' });
    expect(never.ok && never.value.items.map((c) => [c.state, c.syncedRevision])).toEqual([['detached', null]]);
  });

  it('S5/C13: past its end date a connection syncs nothing, before the sweep records the end: queued work is dropped, changes reach no one, copies read detached', async () => {
    const { service, clock, jobs } = setup();
    const endsAt = clock.now() + 30 * MIN;
    expect((await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'], endsAt })).ok).toBe(true);
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    const first = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] });
    expect(first.ok && first.value.reached).toBe(1);
    await drain(service, clock, 3);
    const sent = ops(jobs).length;
    expect(sent).toBe(1);
    // Queued before the end date, delivered after it: dropped unsent.
    expect((await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-102', revision: 1 }] })).ok).toBe(true);
    clock.advance(endsAt - clock.now());
    await drain(service, clock, 3);
    expect(ops(jobs)).toHaveLength(sent);
    // Made after the end date (no sweep ran): reaches no one.
    const later = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-103', revision: 1 }] });
    expect(later.ok && later.value).toMatchObject({ reached: 0, operations: 0 });
    const deleted = await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101' }] });
    expect(deleted.ok && deleted.value).toMatchObject({ reached: 0, operations: 0 });
    await drain(service, clock, 3);
    expect(ops(jobs)).toHaveLength(sent);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ connectionState: 'disconnected', pending: 0, synced: 0 });
    const copies = await service.itemCopies({ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-101' });
    expect(copies.ok && copies.value.items.map((c) => c.state)).toEqual(['detached']);
  });

  it('§8 leases: a slow S5 check before a sync delivery does not let the delivery outlast the lease (another dispatcher could claim it meanwhile)', async () => {
    const inner = createInMemoryStorage();
    let slowLoads: (() => void) | null = null;
    const claims: { now: number; leaseMs: number }[] = [];
    const storage: InMemoryStorage = {
      ...inner,
      load: async (keys) => {
        slowLoads?.();
        return inner.load(keys);
      },
      claimOutbox: async (request) => {
        claims.push({ now: request.now, leaseMs: request.leaseMs });
        return inner.claimOutbox(request);
      },
    };
    const timeoutMs = 200;
    const started: number[] = [];
    const world = await connected([], { storage, sync: async () => void started.push(world.clock.now()), policy: { dispatch: { timeoutMs, leaseMs: 250 } } });
    const { service, clock } = world;
    void (await service.dispatchOutbox());
    expect((await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-1', revision: 1 }] })).ok).toBe(true);
    started.length = 0;
    // Every read takes 80 ms: the copy's S5 check ends 80 ms into a 250 ms lease, and 80 + 200 does not fit.
    slowLoads = () => clock.advance(80);
    for (let i = 0; i < 3; i += 1) {
      await service.dispatchOutbox();
      clock.advance(1_000);
    }
    expect(started).toEqual([]);
    // Reads fast again: the copy goes out, inside its lease.
    slowLoads = null;
    await service.dispatchOutbox();
    expect(started).toHaveLength(1);
    for (const at of started) {
      const claim = claims.filter((c) => c.now <= at).at(-1)!;
      expect(at + timeoutMs).toBeLessThanOrEqual(claim.now + claim.leaseMs);
    }
  });

  it('S5: a sync operation already claimed when the disconnect commits is dropped unsent', async () => {
    const { service, clock, jobs, storage } = await connected();
    await drain(service, clock);
    await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] });
    // Another dispatcher holds the lease on the copy when the disconnect commits; the service's own dispatch then finds it.
    const claimed = await storage.claimOutbox({ now: clock.now(), limit: 10, owner: 'other', leaseMs: 1_000 });
    expect(claimed.some((i) => i.kind === 'sync')).toBe(true);
    await service.disconnectConnection({ actorId: 'gina', connectionId: 'cn-1', reason: 'done' });
    clock.advance(MIN);
    const report = await service.dispatchOutbox();
    // The copy and the NewDrawingsPublished announcing it.
    expect(report.ok && report.value.dropped.length).toBe(2);
    expect(ops(jobs)).toHaveLength(0);
  });

  it('S6: the same operation delivered twice (a lost acknowledgement) gives one copy in the ledger and one in the reference store', async () => {
    const { service, clock, jobs, storage } = await connected([drawing('A-101')]);
    // Deliveries whose acknowledgement is lost once: the dispatcher retries, the ledger counts one copy.
    let lose = 1;
    const original = storage.markDelivered.bind(storage);
    storage.markDelivered = async (ids, owner) => {
      if (lose > 0 && ids.some((id) => id.includes('A-101'))) {
        lose -= 1;
        throw new Error('lost');
      }
      return original(ids, owner);
    };
    await drain(service, clock);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ synced: 1, pending: 0 });
    expect(new Set(ops(jobs).map((j) => j.key)).size).toBe(1);
  });

  it('S6: operations performed again after lost answers give the ledger and the reference store of one delivery each (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { minLength: 3, maxLength: 3 }), async (losses) => {
        const upstreamItems = createInMemoryUpstreamItems({ tower: [drawing('A-101'), drawing('A-102'), drawing('A-103')] });
        const performed: SyncJob[] = [];
        const left = new Map(['A-101', 'A-102', 'A-103'].map((id, i) => [id, losses[i]!]));
        const { createConnectionService } = await import('../../src/service/index.js');
        const { createInMemoryDirectory, createInMemoryStorage } = await import('../../src/adapters/memory/index.js');
        const { manualClock, sequentialIds } = await import('../../src/ports/clock.js');
        const { storyData, T0 } = await import('./fixtures.js');
        const clock = manualClock(T0);
        const service = createConnectionService({
          storage: createInMemoryStorage(),
          directory: createInMemoryDirectory(storyData()),
          notifications: { deliver: async () => undefined },
          // Performs the operation, then loses the answer the first `losses[i]` times: the dispatcher sends it again.
          sync: {
            perform: async (job) => {
              performed.push(job);
              if (job.kind !== 'copy') return;
              const n = left.get(job.itemId) ?? 0;
              if (n > 0) {
                left.set(job.itemId, n - 1);
                throw new Error('answer lost');
              }
            },
          },
          clock,
          ids: sequentialIds(),
          upstreamItems,
          sleep: () => new Promise<void>(() => undefined),
        });
        await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
        await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' });
        await drain(service, { advance: (ms) => clock.advance(ms * 10) }, 12);
        const copies = ops(performed);
        expect(copies).toHaveLength(3 + losses.reduce((a, b) => a + b, 0));
        const unique = [...new Map(copies.map((j) => [j.key, j])).values()];
        expect(unique).toHaveLength(3);
        const once = applySyncOperations(emptyDownstreamStore(), unique);
        expect(once.ok && Object.keys(once.value.copies)).toHaveLength(3); // the jobs are operations the reference store takes
        expect(applySyncOperations(emptyDownstreamStore(), copies)).toEqual(once);
        const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
        expect(status.ok && status.value).toMatchObject({ synced: 3, pending: 0, failed: 0, initialSync: 'complete' });
      }),
      { numRuns: Math.min(pbtRuns(), 25) },
    );
  });

  it('§7: bad upstream changes — unknown data type, revision going backwards, oversized or duplicate batch, not an upstream, a downstream project — a clear error and nothing written', async () => {
    const { service, storage } = await connected([drawing('A-101', 3)]);
    await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 3 }] });
    const before = storage.snapshot();
    const cases: [unknown, string][] = [
      [{ upstreamProjectId: 'tower', items: [{ dataType: 'rfis', itemId: 'R-1', revision: 1 }] }, 'INVALID_INPUT'],
      [{ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 2 }] }, 'INVALID_INPUT'],
      [{ upstreamProjectId: 'tower', items: Array.from({ length: MAX_UPSTREAM_BATCH + 1 }, (_, i) => ({ dataType: 'drawings', itemId: `X-${i}`, revision: 1 })) }, 'INVALID_INPUT'],
      [{ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A', revision: 1 }, { dataType: 'drawings', itemId: 'A', revision: 2 }] }, 'INVALID_INPUT'],
      [{ upstreamProjectId: 'tower', items: [] }, 'INVALID_INPUT'],
      [{ upstreamProjectId: 'school', items: [{ dataType: 'drawings', itemId: 'A', revision: 1 }] }, 'NOT_FOUND'],
      [{ upstreamProjectId: 'tower-electric', items: [{ dataType: 'drawings', itemId: 'A', revision: 1 }] }, 'ROLE_CONFLICT'],
      [{ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: '__proto__', revision: 1 }] }, 'INVALID_INPUT'],
      [{ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A', revision: -1 }] }, 'INVALID_INPUT'],
      [null, 'INVALID_INPUT'],
    ];
    for (const [input, code] of cases) {
      const r = await service.publishUpstreamItems(input as never);
      expect(r.ok ? 'ok' : r.error.code, JSON.stringify(input).slice(0, 80)).toBe(code);
    }
    expect(storage.snapshot()).toEqual(before);
  });

  it('C15: an upstream change retried with its idempotency key answers the first outcome and is applied once', async () => {
    const { service, clock, jobs } = await connected();
    await drain(service, clock);
    const input = { upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }], idempotencyKey: 'pub-1' };
    const a = await service.publishUpstreamItems(input);
    const b = await service.publishUpstreamItems(input);
    expect(b).toEqual(a);
    await drain(service, clock);
    expect(ops(jobs)).toHaveLength(1);
  });

  it('N5: the onEvent hook sees committed and refused commands and each delivery; a hook that throws changes nothing: the notification is delivered once, not lost, not again', async () => {
    const seen: string[] = [];
    const delivered: { id: string; event: string; recipient: string }[] = [];
    const { createConnectionService } = await import('../../src/service/index.js');
    const { createInMemoryDirectory, createInMemoryStorage } = await import('../../src/adapters/memory/index.js');
    const { manualClock, sequentialIds } = await import('../../src/ports/clock.js');
    const { storyData, T0 } = await import('./fixtures.js');
    const storage = createInMemoryStorage();
    const clock = manualClock(T0);
    const service = createConnectionService({
      storage,
      directory: createInMemoryDirectory(storyData()),
      notifications: { deliver: async (n) => void delivered.push({ id: n.id, event: n.event, recipient: n.recipient }) },
      sync: { perform: async () => undefined },
      clock,
      ids: sequentialIds(),
      onEvent: (e) => {
        seen.push(e.type === 'command_committed' || e.type === 'command_refused' ? `${e.type}:${e.method}` : `${e.type}:${e.kind}`);
        throw new Error('a broken logger');
      },
    });
    const r = await service.requestConnection({ actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
    expect(r.ok).toBe(true);
    await service.requestConnection({ actorId: 'vic', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
    await service.dispatchOutbox();
    expect(seen).toEqual(['command_committed:request', 'command_refused:request', 'outbox_delivered:notification']);
    // The hook threw after the delivery: it is still recorded as delivered, so a later dispatch sends nothing again.
    clock.advance(24 * 60 * MIN);
    await service.dispatchOutbox();
    expect(delivered.map((n) => `${n.recipient}:${n.event}`)).toEqual(['gina:ConnectionRequested']);
    expect(storage.snapshot().outbox).toEqual([]);
  });
});

/** `base` with every port call first awaiting `wait(label)` (a scheduler's turn). */
function gatedStorage(base: InMemoryStorage, wait: (label: string) => Promise<unknown>): InMemoryStorage {
  const gated: Record<string, unknown> = { snapshot: () => base.snapshot() };
  for (const name of ['load', 'commit', 'query', 'history', 'receipt', 'claimOutbox', 'markDelivered', 'markFailed', 'releaseOutbox'] as const) {
    const method = base[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (method !== undefined) gated[name] = async (...args: unknown[]) => (await wait(`storage.${name}`), method.apply(base, args));
  }
  return gated as unknown as InMemoryStorage;
}

describe('sync races (S5, property with interleavings)', () => {
  it.each(['reported items', 'upstream items port'] as const)('S3/S4/C16: an item whose queued copy an undo dropped, unpublished meanwhile and published again once connected again, is copied (%s)', async (source) => {
    const world = await connected([]);
    const { service, clock, jobs, upstreamItems } = world;
    await drain(service, clock, 3);
    if (source === 'upstream items port') upstreamItems.put('tower', drawing('A-101'));
    expect((await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] })).ok).toBe(true);
    // Undone before the copy is dispatched: its operation is dropped; the item is unpublished while pending.
    expect((await service.undoConnectionApproval({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    if (source === 'upstream items port') upstreamItems.put('tower', drawing('A-101', 1, false));
    expect((await service.unpublishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101' }] })).ok).toBe(true);
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    await drain(service, clock, 5);
    expect(ops(jobs)).toEqual([]);
    // Published again while connected: copied (S4: "until published" — then it syncs).
    if (source === 'upstream items port') upstreamItems.put('tower', drawing('A-101'));
    const again = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] });
    expect(again.ok && again.value).toMatchObject({ reached: 1, operations: 1 });
    await drain(service, clock, 5);
    expect(ops(jobs).map((j) => `${j.kind}:${j.itemId}`)).toEqual(['copy:A-101']);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ synced: 1, pending: 0 });
  });

  it('S3/C16: the delete of an item whose copy an undo dropped before it was made sends no delete and no DrawingsDeleted once connected again', async () => {
    const { service, clock, jobs, notifications } = await connected([]);
    await drain(service, clock, 3);
    expect((await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'D-1', revision: 1 }] })).ok).toBe(true);
    expect((await service.undoConnectionApproval({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    expect((await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'D-1' }] })).ok).toBe(true);
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    await drain(service, clock, 5);
    // Nothing ever reached the downstream project, so there is nothing to delete there.
    expect(ops(jobs)).toEqual([]);
    expect(notifications.filter((n) => n.event === 'DrawingsDeleted')).toEqual([]);
    const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(status.ok && status.value).toMatchObject({ pending: 0, synced: 0, initialSync: 'complete' });
  });

  it('S5: after a disconnect during the initial sync, detached counts the copies made downstream, not those whose copy was never performed', async () => {
    const items = Array.from({ length: 6 }, (_, i) => drawing(`B-${i}`));
    let performed = 0;
    // The sync transport performs three copies, then fails every other one.
    const { service, clock } = await connected(items, { sync: async (job) => { if (job.kind === 'copy' && ++performed > 3) throw new Error('copier down'); } });
    await drain(service, clock, 3);
    const during = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(during.ok && during.value).toMatchObject({ synced: 3, initialSync: 'running' });
    expect((await service.disconnectConnection({ actorId: 'gina', connectionId: 'cn-1', reason: 'done' })).ok).toBe(true);
    const after = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    expect(after.ok && after.value).toMatchObject({ connectionState: 'disconnected', detached: 3, pending: 0, synced: 0, failed: 0 });
  });

  it('S5: a start_sync claimed by a dispatcher before the disconnect committed is not handed to the transport after it', async () => {
    const base = createInMemoryStorage();
    let hold: Promise<void> | null = null;
    let claimed!: () => void;
    let release!: () => void;
    // The dispatcher's claim answers only once the disconnect has committed (its items stay leased meanwhile).
    const storage: InMemoryStorage = {
      ...base,
      snapshot: () => base.snapshot(),
      async claimOutbox(claim) {
        const items = await base.claimOutbox(claim);
        if (hold !== null) {
          const wait = hold;
          hold = null;
          claimed();
          await wait;
        }
        return items;
      },
    };
    const { service, jobs } = setup({ storage });
    expect((await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] })).ok).toBe(true);
    expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
    hold = new Promise<void>((resolve) => (release = resolve));
    const isClaimed = new Promise<void>((resolve) => (claimed = resolve));
    const dispatching = service.dispatchOutbox();
    await isClaimed;
    expect((await service.disconnectConnection({ actorId: 'gina', connectionId: 'cn-1', reason: 'changed our mind' })).ok).toBe(true);
    release();
    const report = await dispatching;
    expect(report.ok).toBe(true);
    // Nothing of the connection's sync reaches the transport once the disconnect committed but stop_sync (S5).
    expect(jobs.map((j) => j.kind)).not.toContain('start_sync');
    await service.dispatchOutbox();
    expect(jobs.map((j) => j.kind)).toEqual(['stop_sync']);
  });

  it('S5: a publish racing a disconnect never leaves a copy reported attached on a disconnected connection, and nothing is sent once the disconnect committed', async () => {
    let raced = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 4 }), async (s, n) => {
        // Every storage call of the race waits for the scheduler, so the commands' loads and commits,
        // and the dispatches' claims and acknowledgements, interleave in every order it picks.
        const gate: { on: boolean } = { on: false };
        const storage = gatedStorage(createInMemoryStorage(), (label) => (gate.on ? s.schedule(Promise.resolve(), label) : Promise.resolve()));
        const { service, clock, jobs } = await connected([drawing('A-001')], { storage });
        await drain(service, clock, 2);
        gate.on = true;
        const sentBefore = ops(jobs).length;
        let disconnectedAt = -1;
        const publishes = Array.from({ length: n }, (_, i) =>
          s.schedule(Promise.resolve(), `publish ${i}`).then(() => service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: `B-${i}`, revision: 1 }] })),
        );
        const dispatches = Array.from({ length: 2 }, (_, i) => s.schedule(Promise.resolve(), `dispatch ${i}`).then(() => service.dispatchOutbox()));
        const disconnect = s
          .schedule(Promise.resolve(), 'disconnect')
          .then(() => service.disconnectConnection({ actorId: 'gina', connectionId: 'cn-1', reason: 'race' }))
          .then((r) => {
            expect(r.ok).toBe(true);
            disconnectedAt = ops(jobs).length;
          });
        await s.waitFor(Promise.all([...publishes, ...dispatches, disconnect]));
        gate.on = false;
        // A race, not a sequence: some runs send copies of the new items before the disconnect commits.
        if (disconnectedAt > sentBefore) raced += 1;
        // Whatever was in flight when the disconnect committed is all that can follow it: after the
        // dispatches that were running, a full drain sends nothing more.
        const afterRace = ops(jobs).length;
        expect(disconnectedAt).toBeGreaterThanOrEqual(sentBefore);
        await drain(service, clock, 3);
        expect(ops(jobs).length).toBe(afterRace);
        const status = await service.connectionSyncStatus({ connectionId: 'cn-1' });
        expect(status.ok && status.value).toMatchObject({ connectionState: 'disconnected', pending: 0, synced: 0, failed: 0 });
        for (let i = 0; i < n; i += 1) {
          const copies = await service.itemCopies({ upstreamProjectId: 'tower', dataType: 'drawings', itemId: `B-${i}` });
          expect(copies.ok).toBe(true);
          if (copies.ok) for (const c of copies.value.items) expect(c.state).toBe('detached');
        }
      }),
      // Enough runs that some of them race (about one in fifteen sends copies before the disconnect commits).
      { numRuns: Math.max(300, Math.min(pbtRuns(), 1_000)) },
    );
    expect(raced).toBeGreaterThan(0);
  });
});
