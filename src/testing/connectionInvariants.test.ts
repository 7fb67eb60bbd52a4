import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../connection/state.js';
import { cid, MIN, project, request, requester, T0, upstreamAdmin } from '../../test/support/connectionFixtures.js';
import { viewOf } from '../../test/support/connectionSpec.js';
import { connectionInvariantViolations } from './connectionInvariants.js';

const E = project.towerElectric;

/** tower → tower-electric connected automatically, then disconnected (C10: tower-electric is retired). */
function disconnected(): ConnectionView {
  return viewOf([
    [request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }],
    [{ type: 'disconnect', connectionId: 'c1', reason: 'done' }, { now: T0 + 10 * MIN, actor: upstreamAdmin() }],
  ]);
}

describe('connectionInvariantViolations (test tooling)', () => {
  it('C10: a stored connection of a retired downstream project, requested after its disconnect, is a violation', () => {
    const view = disconnected();
    expect(connectionInvariantViolations(view)).toEqual([]);
    const first = view.connections['c1']!;
    // What a store written by a service with C10 broken holds: the same pair connected again.
    const again = { ...first, id: cid('c2'), state: 'connected' as const, requestedAt: T0 + 20 * MIN, stateSince: T0 + 20 * MIN, connectedAt: T0 + 20 * MIN, closedAt: null, closeReason: null };
    const broken = { ...view, connections: { ...view.connections, c2: again } } as ConnectionView;
    expect(connectionInvariantViolations(broken)).toContainEqual({ rule: 'C10', message: `project "${E}" was disconnected as a downstream (connection "c1") and requested again (connection "c2", connected)` });
  });

  it('C10: connections of the project that ended before its disconnected one are no violation', () => {
    const view = viewOf([
      [request('c0', E), { now: T0 - 30 * MIN, actor: requester(E) }],
      [{ type: 'cancel', connectionId: 'c0' }, { now: T0 - 20 * MIN, actor: requester(E) }],
      [request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }],
      [{ type: 'disconnect', connectionId: 'c1', reason: 'done' }, { now: T0 + 10 * MIN, actor: upstreamAdmin() }],
    ]);
    expect(connectionInvariantViolations(view)).toEqual([]);
  });
});
