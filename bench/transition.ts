/**
 * One lifecycle transition — approving a pending connection request, with its authorization check —
 * three ways: this library, XState v5's pure `transition`, and a hand-written object-spread reducer
 * (the floor).
 */
import { createMachine, initialTransition, transition } from 'xstate';
import { emptyConnectionView, executeConnectionCommand, prepareAuthorizationFacts } from '../src/index.js';
import { compare, type Measurement } from './harness.js';

const NOW = Date.parse('2026-03-02T08:00:00Z');

export function benchTransition(round = 0): { ours: Measurement; xstate: Measurement; plain: Measurement } {
  const prepared = prepareAuthorizationFacts({
    userId: 'grace',
    companyIds: ['build-co', 'electric-co'],
    projects: [
      { projectId: 'tower', companyId: 'build-co', onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } },
      { projectId: 'tower-electric', companyId: 'electric-co', onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } },
    ],
  });
  if (!prepared.ok) throw new Error(prepared.error.message);
  const actor = prepared.value;
  const requested = executeConnectionCommand(
    emptyConnectionView(),
    { type: 'request', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] },
    { now: NOW, actor },
  );
  if (!requested.ok) throw new Error(requested.error.message);
  const view = requested.value.state;

  // XState: the same lifecycle, the approval guarded by the same "upstream Connection Manager admin" test.
  const isUpstreamAdmin = ({ event }: { event: { type: string; actor?: typeof actor } }) =>
    event.actor?.companyIds.includes('build-co' as never) === true &&
    event.actor.projects.some((p) => p.projectId === 'tower' && p.tools['connection_manager'] === 'admin');
  const machine = createMachine({
    id: 'connection',
    initial: 'pending',
    states: {
      pending: { on: { approve: { target: 'connected', guard: isUpstreamAdmin }, decline: 'declined', cancel: 'cancelled' } },
      connected: { on: { disconnect: 'disconnected', undo_approval: 'pending' } },
      declined: { type: 'final' },
      cancelled: { type: 'final' },
      disconnected: { type: 'final' },
    },
  });
  const [snapshot] = initialTransition(machine);

  // The floor: a hand-written reducer doing the same check and the same record updates (the connection
  // and the upstream project's ledger, in maps of records) with plain, unfrozen object spread, emitting
  // no event and validating nothing.
  type PlainView = { connections: Record<string, Record<string, unknown>>; projects: Record<string, { connectedAsUpstream: number }> };
  const plainView: PlainView = JSON.parse(JSON.stringify(view)) as PlainView;
  const plainReducer = (v: PlainView, e: { type: string; id: string; now: number; actor: typeof actor }): PlainView => {
    const c = v.connections[e.id];
    if (e.type !== 'approve' || c === undefined || c['state'] !== 'pending' || !isUpstreamAdmin({ event: e })) return v;
    const up = (c['upstream'] as { projectId: string }).projectId;
    const ledger = v.projects[up]!;
    return {
      connections: { ...v.connections, [e.id]: { ...c, state: 'connected', stateSince: e.now, connectedAt: e.now, approvedBy: e.actor.userId, eventCount: (c['eventCount'] as number) + 1 } },
      projects: { ...v.projects, [up]: { ...ledger, connectedAsUpstream: ledger.connectedAsUpstream + 1 } },
    };
  };

  const r = compare(
    {
      ours: () => executeConnectionCommand(view, { type: 'approve', connectionId: 'cn-1' }, { now: NOW + 60_000, actor }),
      xstate: () => transition(machine, snapshot, { type: 'approve', actor } as never),
      plain: () => plainReducer(plainView, { type: 'approve', id: 'cn-1', now: NOW + 60_000, actor }),
    },
    { rotate: round },
  );
  const check = executeConnectionCommand(view, { type: 'approve', connectionId: 'cn-1' }, { now: NOW + 60_000, actor });
  if (!check.ok || check.value.state.connections['cn-1']?.state !== 'connected') throw new Error('benchmark setup: approval failed');
  return { ours: r['ours']!, xstate: r['xstate']!, plain: r['plain']! };
}
