import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../src/connection/machine.js';
import { applySyncOperations } from '../../src/sync/apply.js';
import { arbSyncConnection, arbSyncScenario, arbUpstreamChange } from '../../src/sync/arbitraries.js';
import type { SyncConnection } from '../../src/sync/connection.js';
import type { UpstreamChangeInput } from '../../src/sync/change.js';
import type { SourceItemInput } from '../../src/sync/item.js';
import type { SyncOperation } from '../../src/sync/operations.js';
import { planDetach, planInitialSync, planUpstreamChange } from '../../src/sync/plan.js';
import { copiesOf, emptyDownstreamStore, type DownstreamStore } from '../../src/sync/store.js';
import { pbtRuns } from '../support/pbt.js';

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const apply = (store: DownstreamStore, ops: readonly SyncOperation[]) => value(applySyncOperations(store, ops));

/** Runs a scenario the way a service would: plan against the current store, apply, repeat. */
function run(
  connection: SyncConnection,
  scenario: { initialItems: readonly SourceItemInput[]; changes: readonly UpstreamChangeInput[]; disconnectAfter: number | null },
) {
  let store = emptyDownstreamStore();
  let state: ConnectionState = 'connected';
  const ops: SyncOperation[] = [];
  const afterDisconnect: SyncOperation[] = [];
  const step = (planned: readonly SyncOperation[], closed: boolean) => {
    (closed ? afterDisconnect : ops).push(...planned);
    store = apply(store, planned);
  };
  step(value(planInitialSync({ connection, upstreamItems: scenario.initialItems, downstream: store, at: 1 })).operations, false);
  scenario.changes.forEach((change, i) => {
    if (scenario.disconnectAfter === i) {
      state = 'disconnected';
      step(value(planDetach({ connection: { ...connection, state }, downstream: store, at: 100 + i })).operations, false);
    }
    const closed = state === 'disconnected';
    step(value(planUpstreamChange({ connection: { ...connection, state }, change, downstream: store, at: 2 + i })).operations, closed);
  });
  return { store, ops, afterDisconnect, state: state as ConnectionState };
}

describe('sync properties', () => {
  it('S6: applying any sequence of planned operations twice gives the same downstream state as once', () => {
    fc.assert(
      fc.property(arbSyncConnection('connected'), arbSyncScenario(), (connection, scenario) => {
        const { store, ops } = run(connection, scenario);
        const once = apply(emptyDownstreamStore(), ops);
        expect(once).toEqual(store);
        expect(apply(once, ops)).toEqual(once);
        expect(apply(emptyDownstreamStore(), ops.flatMap((op) => [op, op]))).toEqual(once);
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('S6: retries arriving late, in any order, change nothing', () => {
    fc.assert(
      fc.property(
        arbSyncConnection('connected'),
        arbSyncScenario(),
        fc.infiniteStream(fc.nat()),
        (connection, scenario, picks) => {
          const { store, ops } = run(connection, scenario);
          const retries = ops.map((op, i) => ({ op, rank: picks.next().value + i })).sort((a, b) => a.rank - b.rank).map((r) => r.op);
          expect(apply(store, retries)).toEqual(store);
        },
      ),
      { numRuns: pbtRuns() },
    );
  });

  it('S5: after disconnect no copy, update or delete is ever planned, and copies stay detached', () => {
    fc.assert(
      fc.property(arbSyncConnection('connected'), arbSyncScenario(), (connection, scenario) => {
        const { store, afterDisconnect, state } = run(connection, scenario);
        expect(afterDisconnect).toEqual([]);
        if (state === 'disconnected') {
          expect(copiesOf(store, connection.id).filter((c) => c.status === 'synced')).toEqual([]);
          expect(value(planDetach({ connection: { ...connection, state }, downstream: store, at: 999 })).operations).toEqual([]);
        }
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('S5: whatever the change, a connection that is not connected plans nothing', () => {
    const notConnected = fc.constantFrom<ConnectionState>('pending', 'declined', 'cancelled', 'expired', 'disconnected');
    let wouldPlan = 0;
    fc.assert(
      fc.property(notConnected.chain((s) => arbSyncConnection(s)), arbUpstreamChange(), (connection, change) => {
        const plan = value(planUpstreamChange({ connection, change, at: 5 }));
        expect(plan.operations).toEqual([]);
        expect(plan.notices).toEqual([]);
        // The same change on the same connection, connected: how often the state is what stopped it.
        if (value(planUpstreamChange({ connection: { ...connection, state: 'connected' }, change, at: 5 })).operations.length > 0) wouldPlan += 1;
      }),
      { numRuns: pbtRuns() },
    );
    // Not vacuous: many of those changes would have planned operations on a connected connection (measured: more than half).
    expect(wouldPlan * 4, 'changes that would plan operations if connected').toBeGreaterThan(pbtRuns());
  });

  it('S4: unpublished items and uploads never produce an operation', () => {
    fc.assert(
      fc.property(arbSyncConnection('connected'), arbUpstreamChange(), (connection, change) => {
        const plan = value(planUpstreamChange({ connection, change, at: 5 }));
        if (change.kind === 'uploaded') expect(plan.operations).toEqual([]);
        if (change.kind !== 'deleted') {
          const unpublished = new Set(change.items.filter((i) => !i.published).map((i) => i.itemId));
          expect(plan.operations.filter((o) => unpublished.has(o.itemId))).toEqual([]);
        }
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('S2/S3: while connected, every synced copy holds the newest published revision seen', () => {
    fc.assert(
      fc.property(arbSyncConnection('connected'), arbSyncScenario(), (connection, scenario) => {
        const { store } = run(connection, { ...scenario, disconnectAfter: null });
        const newest = new Map<string, number>();
        const deleted = new Set<string>();
        const see = (items: readonly { itemId: string; revision: number; published: boolean }[]) => {
          for (const i of items) if (i.published && !deleted.has(i.itemId)) newest.set(i.itemId, Math.max(newest.get(i.itemId) ?? -1, i.revision));
        };
        see(scenario.initialItems);
        for (const change of scenario.changes) {
          if (change.kind === 'deleted') for (const i of change.items) { if (newest.has(i.itemId)) { deleted.add(i.itemId); newest.delete(i.itemId); } }
          else if (change.kind !== 'uploaded') see(change.items);
        }
        const synced = copiesOf(store, connection.id).filter((c) => c.status === 'synced');
        expect(Object.fromEntries(synced.map((c) => [c.itemId, c.revision]))).toEqual(Object.fromEntries(newest));
        expect(synced.every((c) => !c.published)).toBe(true);
      }),
      { numRuns: pbtRuns() },
    );
  });
});
