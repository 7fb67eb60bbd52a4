/**
 * One lifecycle transition — approving a pending connection request, with its authorization check —
 * three ways: this library, XState v5's pure `transition`, and a hand-written object-spread reducer
 * (the floor).
 */
import { createMachine, initialTransition, transition } from 'xstate';
import { emptyConnectionView, executeConnectionCommand, prepareAuthorizationFacts } from '../src/index.js';
import { compare, type Measurement } from './harness.js';

const NOW = Date.parse('2026-03-02T08:00:00Z');

export function benchTransition(): { ours: Measurement; xstate: Measurement; plain: Measurement } {
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

  // The floor: a plain reducer doing the same check and the same record update with object spread.
  type Plain = { readonly state: string; readonly upstream: string; readonly connectedAt: number | null; readonly approvedBy: string | null };
  const plainConnection: Plain = { state: 'pending', upstream: 'tower', connectedAt: null, approvedBy: null };
  const plainReducer = (c: Plain, e: { type: string; now: number; actor: typeof actor }): Plain =>
    e.type === 'approve' && c.state === 'pending' && isUpstreamAdmin({ event: e })
      ? { ...c, state: 'connected', connectedAt: e.now, approvedBy: e.actor.userId }
      : c;

  const r = compare({
    ours: () => executeConnectionCommand(view, { type: 'approve', connectionId: 'cn-1' }, { now: NOW + 60_000, actor }),
    xstate: () => transition(machine, snapshot, { type: 'approve', actor } as never),
    plain: () => plainReducer(plainConnection, { type: 'approve', now: NOW + 60_000, actor }),
  });
  const check = executeConnectionCommand(view, { type: 'approve', connectionId: 'cn-1' }, { now: NOW + 60_000, actor });
  if (!check.ok || check.value.state.connections['cn-1']?.state !== 'connected') throw new Error('benchmark setup: approval failed');
  return { ours: r['ours']!, xstate: r['xstate']!, plain: r['plain']! };
}
