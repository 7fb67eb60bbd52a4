/**
 * Notifications and data sync on the pure core: a general contractor's project connected to a
 * subcontractor's project, told step by step — who is notified, and which drawings move.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  companyId,
  connectionId,
  emptyConnectionView,
  executeConnectionCommand,
  projectId,
  userId,
  type AuthorizationFacts,
  type Connection,
  type ConnectionCommandInput,
  type ConnectionEvent,
  type ConnectionView,
} from 'project-connections';
import {
  planConnectionNotifications,
  planSyncNotifications,
  type ConnectionNotification,
  type DirectoryFacts,
  type ProjectNotificationSettings,
  type WithheldRecipient,
} from 'project-connections';
import {
  applySyncOperations,
  copiesOf,
  emptyDownstreamStore,
  planDetach,
  planInitialSync,
  planUpstreamChange,
  type DownstreamStore,
  type SourceItem,
  type SyncPlan,
  type UpstreamChange,
} from 'project-connections';

const MIN = 60_000;
const start = Date.parse('2026-03-02T08:00:00Z');
const gc = { project: projectId('gc-tower'), company: companyId('build-co') };
const sub = { project: projectId('sub-tower'), company: companyId('electric-co') };
const cn = connectionId('cn-tower-electric');

const directory: DirectoryFacts = {
  projects: [
    {
      projectId: gc.project,
      companyId: gc.company,
      members: [
        { userId: userId('ana'), tools: { connection_manager: 'admin', drawings: 'admin' } },
        { userId: userId('ben'), tools: { connection_manager: 'admin' } },
        { userId: userId('dan'), tools: { drawings: 'read_only' } },
      ],
    },
    {
      projectId: sub.project,
      companyId: sub.company,
      members: [
        { userId: userId('dan'), tools: { connection_manager: 'admin', drawings: 'read_only' } },
        { userId: userId('eve'), tools: { drawings: 'admin' } },
        { userId: userId('fay'), tools: { connection_manager: 'admin', drawings: 'admin' } },
      ],
    },
  ],
  companies: [
    { companyId: gc.company, admins: [userId('ceo')] },
    { companyId: sub.company, admins: [userId('owner')] },
  ],
};

/** build-co adds its company admin to the CM list; electric-co narrows its Drawings list to eve and hal (who left). */
const settings: ProjectNotificationSettings[] = [
  { projectId: gc.project, lists: { connection_manager: { addedCompanyAdmins: [userId('ceo')] } } },
  { projectId: sub.project, lists: { drawings: { selectedAdmins: [userId('eve'), userId('hal')] } } },
];

const dan: AuthorizationFacts = {
  userId: userId('dan'),
  companyIds: [sub.company, gc.company],
  projects: [
    { projectId: sub.project, companyId: sub.company, onDirectory: true, tools: { connection_manager: 'admin', drawings: 'read_only' } },
    { projectId: gc.project, companyId: gc.company, onDirectory: true, tools: { drawings: 'read_only' } },
  ],
};
const ana: AuthorizationFacts = {
  userId: userId('ana'),
  companyIds: [gc.company],
  projects: [{ projectId: gc.project, companyId: gc.company, onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } }],
};
const fay: AuthorizationFacts = {
  userId: userId('fay'),
  companyIds: [sub.company],
  projects: [{ projectId: sub.project, companyId: sub.company, onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } }],
};

const sheet = (itemId: string, revision: number, published = true): SourceItem => ({
  dataType: 'drawings',
  itemId,
  revision,
  published,
  attributes: {},
});

function describeNotifications(log: (line: string) => void, ns: readonly ConnectionNotification[], withheld: readonly WithheldRecipient[]): void {
  if (ns.length === 0) log('    ✉ nobody is notified');
  const groups = new Map<string, string[]>();
  for (const n of ns) {
    const key = `${n.event} → ${n.side} ${n.projectId} (${n.tool} list)`;
    groups.set(key, [...(groups.get(key) ?? []), n.recipient]);
  }
  for (const [key, users] of groups) log(`    ✉ ${key}: ${users.join(', ')}`);
  for (const w of withheld) log(`    ✉ withheld: ${w.userId} on ${w.projectId} (${w.reason}, N3)`);
}

function describeOperations(log: (line: string) => void, plan: SyncPlan): void {
  if (plan.operations.length === 0) log(`    ⇣ nothing moves${plan.skipped.length > 0 ? ` (${plan.skipped.map((s) => `${s.itemId ?? 'all'}: ${s.reason}`).join('; ')})` : ''}`);
  for (const op of plan.operations) log(`    ⇣ ${op.kind} ${op.dataType}/${op.itemId} rev ${op.revision}  [key ${op.key}]`);
}

/**
 * Runs the story and prints, for each step, the notifications it sends and the drawings that move.
 *
 * @example
 * ```ts
 * runSyncDemo((line) => console.log(line));
 * ```
 */
export function runSyncDemo(log: (line: string) => void): void {
  let view: ConnectionView = emptyConnectionView();
  let store: DownstreamStore = emptyDownstreamStore();
  let sequence = 0;
  let now = start;

  const connection = (): Connection => {
    const c = view.connections[cn];
    if (c === undefined) throw new Error('the connection is requested first');
    return c;
  };

  const notifyEvents = (events: readonly ConnectionEvent[]) => {
    for (const event of events) {
      const plan = planConnectionNotifications({ event, connection: connection(), directory, settings, sequence });
      sequence += 1;
      if (plan.ok) describeNotifications(log, plan.value.notifications, plan.value.withheld);
      else log(`    ✘ ${plan.error.code}: ${plan.error.message}`);
    }
  };

  const lifecycle = (title: string, command: ConnectionCommandInput, actor: AuthorizationFacts) => {
    log(`  ▸ ${title}`);
    const r = executeConnectionCommand(view, command, { now, actor, approval: 'manual' });
    if (!r.ok) {
      log(`    ✘ ${r.error.code}: ${r.error.message}`);
      return;
    }
    view = r.value.state;
    log(`    events: ${r.value.events.map((e) => e.type).join(', ')}`);
    notifyEvents(r.value.events);
  };

  const sync = (title: string, plan: ReturnType<typeof planUpstreamChange>) => {
    log(`  ▸ ${title}`);
    if (!plan.ok) {
      log(`    ✘ ${plan.error.code}: ${plan.error.message}`);
      return;
    }
    describeOperations(log, plan.value);
    const applied = applySyncOperations(store, plan.value.operations);
    if (applied.ok) store = applied.value;
    const notified: ConnectionNotification[] = [];
    const withheld: WithheldRecipient[] = [];
    for (const notice of plan.value.notices) {
      const n = planSyncNotifications({ notice, directory, settings });
      if (n.ok) {
        notified.push(...n.value.notifications);
        withheld.push(...n.value.withheld);
      }
    }
    describeNotifications(log, notified, withheld);
  };

  const change = (c: UpstreamChange) => planUpstreamChange({ connection: connection(), change: c, downstream: store, at: now });

  lifecycle('dan (electric-co) asks to connect sub-tower to gc-tower; build-co approves manually', {
    type: 'request',
    connectionId: cn,
    upstreamProjectId: gc.project,
    downstreamProjectId: sub.project,
    dataTypes: ['drawings'],
  }, dan);
  now += 10 * MIN;
  lifecycle('ana approves the request', { type: 'approve', connectionId: cn }, ana);

  now += MIN;
  sync(
    'initial sync: A-101 and A-102 are published upstream, A-103 is not',
    planInitialSync({ connection: connection(), upstreamItems: [sheet('A-101', 1), sheet('A-102', 0), sheet('A-103', 0, false)], downstream: store, at: now }),
  );
  now += 60 * MIN;
  sync('ana uploads A-104 without publishing it', change({ kind: 'uploaded', items: [sheet('A-104', 0, false)] }));
  now += 60 * MIN;
  const publish = change({ kind: 'published', items: [sheet('A-104', 0), sheet('A-101', 2)] });
  sync('ana publishes A-104 and revision 2 of A-101', publish);
  now += 60 * MIN;
  sync('ana deletes A-102 upstream', change({ kind: 'deleted', items: [{ dataType: 'drawings', itemId: 'A-102' }] }));

  log('  ▸ the sync worker retries the publish operations (a lost acknowledgement)');
  const before = JSON.stringify(store);
  const retried = publish.ok ? applySyncOperations(store, publish.value.operations) : publish;
  log(`    ⇣ ${retried.ok && JSON.stringify(retried.value) === before ? 'store unchanged: every key was already applied (S6)' : 'store changed!'}`);

  now += 24 * 60 * MIN;
  lifecycle('fay disconnects sub-tower (forever)', { type: 'disconnect', connectionId: cn, reason: 'contract ended', side: 'downstream' }, fay);
  sync('the copies made so far stay downstream, detached (S5)', planDetach({ connection: connection(), downstream: store, at: now }));
  now += 60 * MIN;
  sync('ana publishes A-105 after the disconnect', change({ kind: 'published', items: [sheet('A-105', 0)] }));

  log('  ▸ downstream sub-tower now holds:');
  for (const copy of copiesOf(store, cn)) {
    log(`    ▫ ${copy.dataType}/${copy.itemId} rev ${copy.revision}: ${copy.status}${copy.published ? ', published' : ', unpublished'}`);
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  runSyncDemo((line) => console.log(line));
}
