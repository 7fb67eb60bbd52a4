/**
 * The connection lifecycle on the pure core: a general contractor's project and three
 * subcontractor projects, from first request to the disconnect that can never be undone.
 */
import {
  companyId,
  emptyConnectionView,
  executeConnectionCommand,
  previewConnectionCommand,
  projectId,
  userId,
  type AuthorizationFacts,
  type ConnectionView,
  type ProjectFacts,
} from '../src/index.js';

const MIN = 60_000;
const start = Date.parse('2026-03-02T08:00:00Z');

const gc = companyId('build-co');
const tower = projectId('tower');
const subs = {
  electric: { company: companyId('electric-co'), project: projectId('tower-electric') },
  plumbing: { company: companyId('plumbing-co'), project: projectId('tower-plumbing') },
  steel: { company: companyId('steel-co'), project: projectId('tower-steel') },
};

const towerFacts = (tools: ProjectFacts['tools']): ProjectFacts => ({ projectId: tower, companyId: gc, onDirectory: true, tools });

/** The GC's Connection Manager admin. */
const gcAdmin: AuthorizationFacts = {
  userId: userId('grace@build-co'),
  companyIds: [gc],
  projects: [towerFacts({ connection_manager: 'admin', drawings: 'admin' }), ...Object.values(subs).map((s) => ({ projectId: s.project, companyId: s.company, onDirectory: false, tools: {} }))],
};

/** A subcontractor admin who is also a collaborator on the GC's tower project (C2). */
function subAdmin(name: string, sub: (typeof subs)[keyof typeof subs]): AuthorizationFacts {
  return {
    userId: userId(name),
    companyIds: [sub.company, gc],
    projects: [{ projectId: sub.project, companyId: sub.company, onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } }, towerFacts({ drawings: 'read_only' })],
  };
}

const elena = subAdmin('elena@electric-co', subs.electric);
const pablo = subAdmin('pablo@plumbing-co', subs.plumbing);
const sam = subAdmin('sam@steel-co', subs.steel);

export function runConnectionDemo(log: (line: string) => void): ConnectionView {
  let view = emptyConnectionView();
  let now = start;
  const step = (title: string, command: Record<string, unknown>, actor: AuthorizationFacts, approval: 'automatic' | 'manual' = 'manual') => {
    const result = executeConnectionCommand(view, command, { now, actor, approval });
    if (result.ok) {
      view = result.value.state;
      log(`  ✔ ${title}: ${result.value.events.map((e) => e.type).join(' → ')}`);
    } else {
      log(`  ✘ ${title}: ${result.error.code} — ${result.error.message}`);
    }
    now += MIN;
  };
  const request = (id: string, sub: (typeof subs)[keyof typeof subs]) => ({
    type: 'request',
    connectionId: id,
    upstreamProjectId: tower,
    downstreamProjectId: sub.project,
    dataTypes: ['drawings'],
  });

  log('1. Build-Co approves requests automatically: Electric-Co connects at once.');
  step('Elena requests tower ← tower-electric', request('cn-electric', subs.electric), elena, 'automatic');

  log('2. Build-Co switches to manual approval. Plumbing-Co asks; Grace declines; Pablo asks again; Grace approves.');
  step('Pablo requests tower ← tower-plumbing', request('cn-plumbing-1', subs.plumbing), pablo);
  step('Grace declines (wrong project)', { type: 'decline', connectionId: 'cn-plumbing-1', reason: 'wrong project' }, gcAdmin);
  step('Pablo requests again', request('cn-plumbing-2', subs.plumbing), pablo);
  step('Grace approves', { type: 'approve', connectionId: 'cn-plumbing-2' }, gcAdmin);

  log('3. Steel-Co connects, then changes its mind within the undo window.');
  step('Sam requests tower ← tower-steel', request('cn-steel', subs.steel), sam, 'automatic');
  step('Sam undoes the request (within 5 minutes)', { type: 'undo_request', connectionId: 'cn-steel' }, sam);

  log('4. The electrical scope ends: Grace previews, then disconnects Electric-Co.');
  const preview = previewConnectionCommand(view, { type: 'disconnect', connectionId: 'cn-electric', reason: 'scope complete' }, { now, actor: gcAdmin });
  if (preview.ok) for (const warning of preview.value.warnings) log(`  ⚠ ${warning.message}`);
  step('Grace disconnects tower-electric', { type: 'disconnect', connectionId: 'cn-electric', reason: 'scope complete' }, gcAdmin);
  step('Elena tries to reconnect', request('cn-electric-2', subs.electric), elena, 'automatic');

  log('');
  log('Final state:');
  for (const c of Object.values(view.connections)) {
    log(`  ${c.id.padEnd(14)} ${c.upstream.projectId} ← ${c.downstream.projectId.padEnd(15)} ${c.state.padEnd(12)} ${c.closeReason ?? ''}`);
  }
  return view;
}
