/**
 * The whole story through the application service: a general contractor's project, three
 * subcontractor projects, automatic vs manual approval, a decline and a new request, a quick undo, a
 * disconnect and the refused reconnect, a shared project with plan usage, and the notifications the
 * outbox dispatcher delivers. Runs on the in-memory adapter by default; pass another storage (e.g. the
 * PostgreSQL adapter on PGlite) to run it there.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createConnectionService,
  createInMemoryDirectory,
  createInMemoryStorage,
  manualClock,
  sequentialIds,
  type DomainError,
  type Notification,
  type Result,
  type StoragePort,
  type SyncJob,
} from 'project-connections';
import { levelTemplate } from 'project-connections/testing';

const MIN = 60_000;

function directoryData(gcApproval: 'automatic' | 'manual') {
  return {
    companies: [
      { companyId: 'build-co', name: 'Build Co (GC)', approval: gcApproval },
      { companyId: 'electric-co', name: 'Electric Co' },
      { companyId: 'plumbing-co', name: 'Plumbing Co' },
      { companyId: 'steel-co', name: 'Steel Co' },
    ],
    users: [
      { userId: 'gina', companyIds: ['build-co'] },
      { userId: 'sam', companyIds: ['electric-co', 'build-co'] },
      { userId: 'pia', companyIds: ['plumbing-co', 'build-co'] },
      { userId: 'stu', companyIds: ['steel-co', 'build-co'] },
      { userId: 'hana', companyIds: [], teams: [{ teamId: 'studio', admin: true }], email: 'hana@studio.example' },
      { userId: 'lea', companyIds: [], teams: [{ teamId: 'client', admin: true }], email: 'lea@client.example' },
    ],
    projects: [
      {
        projectId: 'tower',
        companyId: 'build-co',
        name: 'Tower (GC)',
        members: [
          { userId: 'gina', templateId: 'admin' },
          { userId: 'sam', templateId: 'viewer' },
          { userId: 'pia', templateId: 'viewer' },
          { userId: 'stu', templateId: 'viewer' },
        ],
      },
      { projectId: 'tower-electric', companyId: 'electric-co', members: [{ userId: 'sam', templateId: 'admin' }] },
      { projectId: 'tower-plumbing', companyId: 'plumbing-co', members: [{ userId: 'pia', templateId: 'admin' }] },
      { projectId: 'tower-steel', companyId: 'steel-co', members: [{ userId: 'stu', templateId: 'admin' }] },
    ],
    templates: [levelTemplate('admin', { connection_manager: 'admin', drawings: 'admin' }), levelTemplate('viewer', { drawings: 'read_only' })],
    teams: [
      { teamId: 'studio', admins: ['hana'], domain: 'studio.example', plan: 'professional' as const, hosts: ['brand-book'] },
      { teamId: 'client', admins: ['lea'], domain: 'client.example', plan: 'professional' as const },
    ],
  };
}

/**
 * Runs the service story, writing one line per step to `log`.
 *
 * @example
 * ```ts
 * await runServiceDemo((line) => console.log(line));
 * ```
 */
export async function runServiceDemo(log: (line: string) => void, storage: StoragePort = createInMemoryStorage()): Promise<void> {
  const clock = manualClock(Date.parse('2026-03-02T08:00:00Z'));
  const directory = createInMemoryDirectory(directoryData('manual'));
  const service = createConnectionService({
    storage,
    directory,
    notifications: { deliver: async (n: Notification) => log(`    ✉ ${n.recipient} ← ${n.event}${n.kind === 'connection' ? ` (${n.side} ${n.projectId})` : ` (${n.teamId})`}`) },
    sync: { perform: async (job: SyncJob) => log(`    ⇄ sync ${job.kind} ${job.connectionId}`) },
    clock,
    ids: sequentialIds(),
  });

  const show = <T>(what: string, r: Result<T, DomainError>, describe: (value: T) => string) =>
    log(r.ok ? `  ✓ ${what}: ${describe(r.value)}` : `  ✗ ${what}: ${r.error.code} — ${r.error.message}`);
  const state = (r: { connection: { id: string; state: string } | null }) => `${r.connection?.id} is ${r.connection?.state}`;
  const dispatch = async () => {
    const d = await service.dispatchOutbox();
    if (!d.ok) log(`  ✗ dispatch: ${d.error.message}`);
  };
  const request = (actorId: string, down: string, key: string) =>
    service.requestConnection({ actorId, upstreamProjectId: 'tower', downstreamProjectId: down, dataTypes: ['drawings'], idempotencyKey: key });

  log('Build Co approves requests by hand (C5: manual)');
  const idOf = (r: Result<{ connection: { id: string } | null }, DomainError>) => (r.ok ? (r.value.connection?.id ?? '') : '');

  const electric = await request('sam', 'tower-electric', 'req-electric');
  show('Electric requests Tower', electric, state);
  show('same request retried with its key (C15)', await request('sam', 'tower-electric', 'req-electric'), state);
  await dispatch();
  show('Gina approves', await service.approveConnection({ actorId: 'gina', connectionId: idOf(electric) }), state);
  await dispatch();

  const steel = await request('stu', 'tower-steel', 'req-steel-1');
  show('Steel requests Tower', steel, state);
  show('Gina declines', await service.declineConnection({ actorId: 'gina', connectionId: idOf(steel), reason: 'wrong project' }), state);
  await dispatch();
  clock.advance(30 * MIN);
  const steelAgain = await request('stu', 'tower-steel', 'req-steel-2');
  show('Steel requests again (C7)', steelAgain, state);
  show('Gina approves', await service.approveConnection({ actorId: 'gina', connectionId: idOf(steelAgain) }), state);
  await dispatch();

  log('Build Co switches to automatic approval (C5)');
  directory.replace(directoryData('automatic'));
  const plumbing = await request('pia', 'tower-plumbing', 'req-plumbing');
  show('Plumbing requests Tower', plumbing, state);
  await dispatch();
  clock.advance(2 * MIN);
  show('Plumbing undoes it within 5 minutes (C16)', await service.undoConnectionRequest({ actorId: 'pia', connectionId: idOf(plumbing) }), state);
  await dispatch();

  clock.advance(60 * MIN);
  show('Electric disconnects (C9)', await service.disconnectConnection({ actorId: 'sam', connectionId: idOf(electric), reason: 'contract ended' }), state);
  await dispatch();
  show('Electric tries to reconnect (C10)', await request('sam', 'tower-electric', 'req-electric-again'), state);

  log('Build Co inventory');
  const inventory = await service.inventory({ companyId: 'build-co' });
  if (inventory.ok) {
    for (const e of inventory.value.items) {
      if (e.kind === 'connection') log(`  • ${e.id}: ${e.projectId} ← ${e.counterpart.projectId} (${e.counterpart.companyId}) ${e.state} since ${new Date(e.since).toISOString()}`);
    }
  }

  log('A shared project (host/external) and plan usage');
  await service.syncTeamFromDirectory({ teamId: 'studio' });
  await service.syncTeamFromDirectory({ teamId: 'client' });
  const invite = await service.inviteExternalTeam({ actorId: 'hana', sharedProjectId: 'brand-book', hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' });
  show('Studio invites Client', invite, (v) => `${v.share?.id} is ${v.share?.state}`);
  show('Client accepts', await service.acceptInvitation({ actorId: 'lea', shareId: (invite.ok ? invite.value.share?.id : undefined) ?? 'sh-1' }), (v) => `${v.share?.id} is ${v.share?.state}`);
  await dispatch();
  show('Studio plan usage', await service.teamPlanUsage({ teamId: 'studio' }), (u) => `${u.count} of ${u.limit} shared projects (${u.plan})`);

  const history = await service.connectionHistory({ connectionId: idOf(electric) });
  if (history.ok) log(`History of ${idOf(electric)} (C13): ${history.value.events.map((e) => e.type).join(' → ')}`);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  await runServiceDemo((line) => console.log(line));
}
