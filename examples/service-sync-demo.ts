/**
 * `npm run demo:sync`: data sync driven end to end through the application service (S2–S6, N1).
 *
 * A general contractor's Tower project holds four drawings, three of them published. The electrical
 * subcontractor connects: the initial sync copies the three published ones (read from the upstream
 * items port) and Sam, the downstream Drawings admin, hears InitialSyncComplete. Upstream then publishes
 * a revision and deletes a drawing; the subcontractor disconnects; a drawing published afterwards is
 * sent to no one. The last line counts what happened: `synced=<n> detached=<n> after-disconnect=0`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createConnectionService,
  createInMemoryDirectory,
  createInMemoryStorage,
  createInMemoryUpstreamItems,
  manualClock,
  sequentialIds,
  type SourceItem,
  type SyncJob,
} from 'project-connections';
import { levelTemplate } from 'project-connections/testing';

const drawing = (itemId: string, title: string, published: boolean): SourceItem => ({ dataType: 'drawings', itemId, revision: 1, published, attributes: { title } });

/** Runs the story, printing each step with `log`; answers the counts of the last line. */
export async function runServiceSyncDemo(log: (line: string) => void): Promise<{ synced: number; detached: number; afterDisconnect: number }> {
  const upstreamItems = createInMemoryUpstreamItems({
    tower: [drawing('A-101', 'Ground floor', true), drawing('A-102', 'First floor', true), drawing('A-103', 'Roof', true), drawing('A-104', 'Draft section', false)],
  });
  const performed: SyncJob[] = [];
  let disconnected = false;
  let afterDisconnect = 0;
  const clock = manualClock(Date.parse('2026-03-02T08:00:00Z'));
  const service = createConnectionService({
    storage: createInMemoryStorage(),
    directory: createInMemoryDirectory({
      companies: [{ companyId: 'build-co', name: 'Build Co (GC)' }, { companyId: 'electric-co', name: 'Electric Co' }],
      users: [
        { userId: 'gina', companyIds: ['build-co'] },
        { userId: 'sam', companyIds: ['electric-co', 'build-co'] },
      ],
      projects: [
        { projectId: 'tower', companyId: 'build-co', members: [{ userId: 'gina', templateId: 'admin' }, { userId: 'sam', templateId: 'viewer' }] },
        { projectId: 'tower-electric', companyId: 'electric-co', members: [{ userId: 'sam', templateId: 'admin' }] },
      ],
      templates: [levelTemplate('admin', { connection_manager: 'admin', drawings: 'admin' }), levelTemplate('viewer', { drawings: 'read_only' })],
    }),
    notifications: { deliver: async (n) => log(`    ✉ ${n.recipient} ← ${n.event}`) },
    sync: {
      perform: async (job) => {
        performed.push(job);
        if (disconnected && job.kind !== 'stop_sync') afterDisconnect += 1;
        log(`    ⇢ ${job.kind}${'itemId' in job ? ` ${job.itemId}@${job.revision}` : ''}`);
      },
    },
    upstreamItems,
    clock,
    ids: sequentialIds(),
  });
  const dispatch = async () => {
    for (let i = 0; i < 5; i += 1) {
      await service.dispatchOutbox();
      clock.advance(60_000);
    }
  };
  const status = async (label: string) => {
    const s = await service.connectionSyncStatus({ connectionId: 'cn-1' });
    if (s.ok) log(`  ${label}: synced=${s.value.synced} pending=${s.value.pending} deleted=${s.value.deleted} detached=${s.value.detached} (initial sync ${s.value.initialSync})`);
    return s;
  };

  log('1. Electric requests Tower, Gina approves: the connection is made (S2)');
  await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
  await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' });
  log('2. The initial sync copies the 3 published drawings of 4; the unpublished one stays (S4)');
  await dispatch();
  await status('after the initial sync');

  log('3. Tower publishes revision 2 of A-101 (one call reaches every connected downstream, S3)');
  const revision = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 2, attributes: { title: 'Ground floor' } }] });
  if (revision.ok) log(`  reached ${revision.value.reached} downstream project(s), ${revision.value.operations} operation(s) queued`);
  await dispatch();

  log('4. Tower deletes A-103: the copy is deleted downstream (S3)');
  await service.deleteUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-103' }] });
  await dispatch();
  await status('after the revision and the delete');

  log('5. Electric disconnects: its copies stay, no longer synced (S5)');
  await service.disconnectConnection({ actorId: 'sam', connectionId: 'cn-1', reason: 'contract finished' });
  disconnected = true;
  await dispatch();

  log('6. Tower publishes A-105 after the disconnect: nothing is sent (S5)');
  const late = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-105', revision: 1 }] });
  if (late.ok) log(`  reached ${late.value.reached} downstream project(s), ${late.value.operations} operation(s) queued`);
  await dispatch();
  const final = await status('at the end');

  const synced = new Set(performed.flatMap((j) => (j.kind === 'copy' || j.kind === 'update' ? [j.key] : []))).size;
  const detached = final.ok ? final.value.detached : 0;
  log(`synced=${synced} detached=${detached} after-disconnect=${afterDisconnect}`);
  return { synced, detached, afterDisconnect };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  await runServiceSyncDemo((line) => console.log(line));
}
