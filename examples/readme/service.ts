import { createConnectionService, createInMemoryDirectory, createInMemoryStorage, systemClock } from 'project-connections';

// Who is who. In production: your own DirectoryPort over your users, projects and templates.
const levels = (tools: Record<string, 'read_only' | 'admin'>) =>
  Object.fromEntries(Object.entries(tools).map(([tool, level]) => [tool, { level, granted: [] }]));
const directory = createInMemoryDirectory({
  companies: [{ companyId: 'build-co', approval: 'manual' }, { companyId: 'electric-co' }],
  users: [
    { userId: 'gina', companyIds: ['build-co'] },
    { userId: 'elena', companyIds: ['electric-co', 'build-co'] },
  ],
  projects: [
    { projectId: 'tower', companyId: 'build-co', members: [{ userId: 'gina', templateId: 'cm-admin' }, { userId: 'elena', templateId: 'viewer' }] },
    { projectId: 'tower-electric', companyId: 'electric-co', members: [{ userId: 'elena', templateId: 'cm-admin' }] },
  ],
  templates: [
    { schemaVersion: 1, id: 'cm-admin', name: 'Connection Manager admin', tools: levels({ connection_manager: 'admin', drawings: 'admin' }), typeSettings: {}, assignable: [] },
    { schemaVersion: 1, id: 'viewer', name: 'Viewer', tools: levels({ drawings: 'read_only' }), typeSettings: {}, assignable: [] },
  ],
});

const service = createConnectionService({
  // In production: `createPostgresStorage(pool)` from 'project-connections/postgres' (after `migrate(pool)`)
  // returns a Result; pass its `value`.
  storage: createInMemoryStorage(),
  directory,
  notifications: { deliver: async (n) => console.log(`  ✉ ${n.recipient} ← ${n.event}`) }, // your mailer
  sync: { perform: async (job) => console.log(`  ⇄ ${job.kind} for ${job.connectionId}`) }, // your copier
  clock: systemClock,
  ids: { next: (kind) => `${kind}-${crypto.randomUUID()}` },
});

const requested = await service.requestConnection({ actorId: 'elena', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
if (!requested.ok || requested.value.connection === null) throw new Error(requested.ok ? 'no connection' : requested.error.message);
console.log(`requested: ${requested.value.connection.state}`); // 'pending': Build Co approves by hand
await service.dispatchOutbox(); // delivers what the commit recorded: gina ← ConnectionRequested

const approved = await service.approveConnection({ actorId: 'gina', connectionId: requested.value.connection.id });
console.log(approved.ok ? `approved: ${approved.value.connection?.state}` : approved.error.code); // 'connected'
await service.dispatchOutbox(); // ConnectionCreated to both sides, start_sync; the initial sync starts

// Upstream publishes a drawing: one call reaches every connected downstream (S3).
const published = await service.publishUpstreamItems({ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] });
console.log(published.ok ? `copies queued: ${published.value.operations}` : published.error.code); // 1
await service.dispatchOutbox(); // elena ← InitialSyncComplete, ⇄ copy, elena ← NewDrawingsPublished
