import { describe, expect, it } from 'vitest';
import { companyId, connectionId, projectId } from '../core/ids.js';
import { emptyConnectionView } from '../connection/state.js';
import { executeConnectionCommand } from '../connection/api.js';
import type { ConnectionState } from '../connection/machine.js';
import { applySyncOperations } from './apply.js';
import type { UpstreamChange } from './change.js';
import type { SourceItem } from './item.js';
import { planDetach, planInitialSync, planUpstreamChange } from './plan.js';
import type { SyncPlan } from './plan-types.js';
import { copiesOf, emptyDownstreamStore, type DownstreamStore } from './store.js';

const CN = connectionId('cn-1');
const conn = (state: ConnectionState = 'connected') => ({
  id: CN,
  state,
  dataTypes: ['drawings'],
  upstream: { projectId: projectId('gc'), companyId: companyId('build-co') },
  downstream: { projectId: projectId('sub'), companyId: companyId('electric-co') },
});
const sheet = (itemId: string, revision = 0, published = true): SourceItem => ({ dataType: 'drawings', itemId, revision, published, attributes: {} });

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const apply = (store: DownstreamStore, plan: SyncPlan) => value(applySyncOperations(store, plan.operations));
const change = (store: DownstreamStore, c: UpstreamChange, state: ConnectionState = 'connected', at = 10) =>
  value(planUpstreamChange({ connection: conn(state), change: c, downstream: store, at }));
const summary = (plan: SyncPlan) => plan.operations.map((o) => `${o.kind} ${o.itemId}@${o.revision}`);

function connectedStore(): DownstreamStore {
  const plan = value(planInitialSync({ connection: conn(), upstreamItems: [sheet('A-1', 1), sheet('A-2', 0)], at: 1 }));
  return apply(emptyDownstreamStore(), plan);
}

describe('S2: initial sync', () => {
  it('S2: copies every published upstream drawing and ends with InitialSyncComplete', () => {
    const plan = value(planInitialSync({ connection: conn(), upstreamItems: [sheet('A-1', 1), sheet('A-2', 0), sheet('A-3', 0, false)], at: 1 }));
    expect(summary(plan)).toEqual(['copy A-1@1', 'copy A-2@0']);
    expect(plan.notices).toHaveLength(1);
    expect(plan.notices[0]).toMatchObject({ event: 'InitialSyncComplete', dataType: 'drawings', tool: 'drawings', itemIds: ['A-1', 'A-2'] });
    expect(plan.notices[0]?.downstream.projectId).toBe('sub');
  });

  it('S2: copies arrive unpublished downstream', () => {
    const store = connectedStore();
    expect(copiesOf(store, CN).map((c) => [c.itemId, c.status, c.published])).toEqual([
      ['A-1', 'synced', false],
      ['A-2', 'synced', false],
    ]);
  });

  it('S2: an empty upstream project still completes its initial sync', () => {
    const plan = value(planInitialSync({ connection: conn(), upstreamItems: [], at: 1 }));
    expect(plan.operations).toEqual([]);
    expect(plan.notices.map((n) => n.event)).toEqual(['InitialSyncComplete']);
  });

  it('N5/S2: each connected period of a connection announces its initial sync under its own key (connectedAt); planning one again keeps the key', () => {
    const key = (connectedAt: number | null | undefined, at: number) =>
      value(planInitialSync({ connection: connectedAt === undefined ? conn() : { ...conn(), connectedAt }, upstreamItems: [], at })).notices[0]?.key;
    // First connected period, planned twice (a retry): one key. Undone and approved again: a new key,
    // which a transport de-duplicating by id does not take for a re-delivery of the first notice.
    expect(key(1_000, 1_000)).toBe(key(1_000, 5_000));
    expect(key(62_000, 62_000)).not.toBe(key(1_000, 1_000));
    expect(key(1_000, 1_000)).toMatch(/#InitialSyncComplete#/);
    // A hand-built connection without the field keeps one key per connection and data type.
    expect(key(undefined, 1)).toBe('cn-1/drawings#InitialSyncComplete');
  });

  it('N5/S2: a connection record from the lifecycle, approved, undone and approved again, gets a second InitialSyncComplete key', () => {
    const actor = {
      userId: 'gina', companyIds: ['build-co', 'electric-co'],
      projects: [
        { projectId: 'gc', companyId: 'build-co', onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } },
        { projectId: 'sub', companyId: 'electric-co', onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } },
      ],
    } as const;
    let view = emptyConnectionView();
    const run = (command: Parameters<typeof executeConnectionCommand>[1], now: number) => {
      const r = executeConnectionCommand(view, command, { now, actor, approval: 'manual' });
      if (!r.ok) throw new Error(r.error.message);
      view = r.value.state;
      return view.connections[CN]!;
    };
    run({ type: 'request', connectionId: CN, upstreamProjectId: projectId('gc'), downstreamProjectId: projectId('sub'), dataTypes: ['drawings'] }, 1_000);
    const first = run({ type: 'approve', connectionId: CN }, 2_000);
    run({ type: 'undo_approval', connectionId: CN }, 3_000);
    const second = run({ type: 'approve', connectionId: CN }, 4_000);
    const keyOf = (connection: typeof first) => value(planInitialSync({ connection, upstreamItems: [], at: 5_000 })).notices[0]?.key;
    expect(keyOf(first)).not.toBe(keyOf(second));
  });

  it('S2: no initial sync while the connection is pending', () => {
    const plan = value(planInitialSync({ connection: conn('pending'), upstreamItems: [sheet('A-1')], at: 1 }));
    expect(plan.operations).toEqual([]);
    expect(plan.notices).toEqual([]);
    expect(plan.skipped).toEqual([{ dataType: null, itemId: null, reason: 'not_connected' }]);
  });
});

describe('S3: while connected', () => {
  it('S3: publishing a new drawing copies it, with a NewDrawingsPublished notice', () => {
    const plan = change(connectedStore(), { kind: 'published', items: [sheet('B-1')] });
    expect(summary(plan)).toEqual(['copy B-1@0']);
    expect(plan.notices.map((n) => [n.event, n.itemIds])).toEqual([['NewDrawingsPublished', ['B-1']]]);
  });

  it('S3: publishing a new revision updates the copy, which arrives unpublished again', () => {
    const plan = change(connectedStore(), { kind: 'revised', items: [sheet('A-1', 2)] });
    expect(plan.operations).toMatchObject([{ kind: 'update', itemId: 'A-1', revision: 2, fromRevision: 1 }]);
    const after = apply(connectedStore(), plan);
    expect(copiesOf(after, CN).find((c) => c.itemId === 'A-1')).toMatchObject({ revision: 2, published: false, status: 'synced' });
  });

  it('S3: deleting upstream deletes the copy, with a DrawingsDeleted notice', () => {
    const plan = change(connectedStore(), { kind: 'deleted', items: [{ dataType: 'drawings', itemId: 'A-2' }] });
    expect(summary(plan)).toEqual(['delete A-2@0']);
    expect(plan.notices.map((n) => n.event)).toEqual(['DrawingsDeleted']);
    expect(copiesOf(apply(connectedStore(), plan), CN).find((c) => c.itemId === 'A-2')?.status).toBe('deleted');
  });

  it('deleting an item that was never copied does nothing', () => {
    const plan = change(connectedStore(), { kind: 'deleted', items: [{ dataType: 'drawings', itemId: 'Z-9' }] });
    expect(plan.operations).toEqual([]);
    expect(plan.notices).toEqual([]);
    expect(plan.skipped).toEqual([{ dataType: 'drawings', itemId: 'Z-9', reason: 'no_copy' }]);
  });

  it('a data type the connection does not share does not move', () => {
    const plan = change(connectedStore(), { kind: 'published', items: [{ ...sheet('R-1'), dataType: 'rfis' }] });
    expect(plan.skipped).toEqual([{ dataType: 'rfis', itemId: 'R-1', reason: 'type_not_shared' }]);
  });
});

describe('S4: unpublished never syncs', () => {
  it('S4: an unpublished upload moves nothing', () => {
    const plan = change(connectedStore(), { kind: 'uploaded', items: [sheet('C-1', 0, false)] });
    expect(plan.operations).toEqual([]);
    expect(plan.notices).toEqual([]);
    expect(plan.skipped).toEqual([{ dataType: 'drawings', itemId: 'C-1', reason: 'unpublished' }]);
  });

  it('S4: an unpublished revision moves nothing until it is published', () => {
    const store = connectedStore();
    expect(change(store, { kind: 'revised', items: [sheet('A-1', 2, false)] }).operations).toEqual([]);
    expect(summary(change(store, { kind: 'published', items: [sheet('A-1', 2)] }))).toEqual(['update A-1@2']);
  });

  it('S4: an upload flagged published is still an upload: nothing moves until the publish event', () => {
    expect(change(connectedStore(), { kind: 'uploaded', items: [sheet('C-1', 0, true)] }).operations).toEqual([]);
  });
});

describe('S5: after disconnect', () => {
  it('S5: nothing new is copied, updated or deleted', () => {
    const store = connectedStore();
    const changes: UpstreamChange[] = [
      { kind: 'published', items: [sheet('B-1')] },
      { kind: 'revised', items: [sheet('A-1', 5)] },
      { kind: 'deleted', items: [{ dataType: 'drawings', itemId: 'A-2' }] },
    ];
    for (const c of changes) {
      const plan = change(store, c, 'disconnected');
      expect(plan.operations).toEqual([]);
      expect(plan.notices).toEqual([]);
      expect(plan.skipped).toEqual([{ dataType: null, itemId: null, reason: 'not_connected' }]);
    }
    expect(value(planInitialSync({ connection: conn('disconnected'), upstreamItems: [sheet('B-1')], at: 9 })).operations).toEqual([]);
  });

  it('S5: copies already made stay, marked as no longer synced', () => {
    const store = connectedStore();
    const plan = value(planDetach({ connection: conn('disconnected'), downstream: store, at: 50 }));
    expect(summary(plan)).toEqual(['detach A-1@1', 'detach A-2@0']);
    expect(plan.notices).toEqual([]);
    const after = apply(store, plan);
    expect(copiesOf(after, CN).map((c) => [c.itemId, c.status, c.endedAt])).toEqual([
      ['A-1', 'detached', 50],
      ['A-2', 'detached', 50],
    ]);
    // Detaching again plans nothing.
    expect(value(planDetach({ connection: conn('disconnected'), downstream: after, at: 60 })).operations).toEqual([]);
  });

  it('detaching needs a closed connection', () => {
    const plan = value(planDetach({ connection: conn('connected'), downstream: connectedStore(), at: 50 }));
    expect(plan.operations).toEqual([]);
    expect(plan.skipped).toEqual([{ dataType: null, itemId: null, reason: 'not_closed' }]);
  });

  it('detaching a connection leaves the copies of another connection alone', () => {
    const store = connectedStore();
    const other = { ...conn('disconnected'), id: connectionId('cn-0') };
    expect(value(planDetach({ connection: other, downstream: store, at: 50 })).operations).toEqual([]);
  });
});

describe('S6: idempotent operations', () => {
  it('S6: keys are source item + revision (+ kind), the same every time the change is planned', () => {
    const a = change(connectedStore(), { kind: 'published', items: [sheet('B-1', 3)] }, 'connected', 10);
    const b = change(connectedStore(), { kind: 'published', items: [sheet('B-1', 3)] }, 'connected', 99);
    expect(a.operations[0]?.key).toBe('cn-1/drawings/B-1@3#copy');
    expect(b.operations[0]?.key).toBe(a.operations[0]?.key);
    expect(b.notices[0]?.key).toBe(a.notices[0]?.key);
  });

  it('S6: separators inside ids cannot make two keys collide', () => {
    const a = change(emptyDownstreamStore(), { kind: 'published', items: [sheet('x/y')] });
    const b = change(emptyDownstreamStore(), { kind: 'published', items: [sheet('x%2Fy')] });
    expect(a.operations[0]?.key).not.toBe(b.operations[0]?.key);
  });

  it('S6: a retry never duplicates: applying twice equals applying once', () => {
    const store = connectedStore();
    const plan = change(store, { kind: 'published', items: [sheet('B-1'), sheet('A-1', 4)] });
    const once = apply(store, plan);
    expect(apply(once, plan)).toEqual(once);
  });

  it('S6: a late retry of a copy cannot bring back a copy deleted since', () => {
    const store = connectedStore();
    const copyB = change(store, { kind: 'published', items: [sheet('B-1')] });
    const withB = apply(store, copyB);
    const deleteB = change(withB, { kind: 'deleted', items: [{ dataType: 'drawings', itemId: 'B-1' }] });
    const gone = apply(withB, deleteB);
    expect(apply(gone, copyB)).toEqual(gone);
    expect(copiesOf(gone, CN).find((c) => c.itemId === 'B-1')?.status).toBe('deleted');
  });

  it('S6: replanning from a stale store does not duplicate either', () => {
    const store = connectedStore();
    const first = change(store, { kind: 'published', items: [sheet('B-1')] });
    const applied = apply(store, first);
    const replanned = change(store, { kind: 'published', items: [sheet('B-1')] }); // stale store
    expect(apply(applied, replanned)).toEqual(applied);
  });
});

describe('§7: planner inputs', () => {
  it('§7: malformed input is INVALID_INPUT, never a throw', () => {
    const bad: unknown[] = [
      undefined,
      { connection: conn(), change: { kind: 'published', items: [] }, at: 1 },
      { connection: conn(), change: { kind: 'published', items: [sheet('A'), sheet('A')] }, at: 1 },
      { connection: { ...conn(), state: 'open' }, change: { kind: 'uploaded', items: [sheet('A')] }, at: 1 },
      { connection: conn(), change: { kind: 'published', items: [{ ...sheet('A'), revision: -1 }] }, at: 1 },
      { connection: conn(), change: { kind: 'published', items: [sheet('__proto__')] }, at: 1 },
      { connection: conn(), change: { kind: 'uploaded', items: [sheet('A')] }, at: 1.5 },
    ];
    for (const input of bad) expect(!planUpstreamChange(input as never).ok && 'refused').toBe('refused');
    // @ts-expect-error a detach needs the downstream store: refused at compile time, and at run time for untyped callers
    expect(planDetach({ connection: conn('disconnected'), at: 1 }).ok).toBe(false);
  });

  it('§7: plans are frozen', () => {
    const plan = change(connectedStore(), { kind: 'published', items: [sheet('B-1')] });
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.operations[0])).toBe(true);
    expect(Object.isFrozen(plan.notices[0]?.itemIds)).toBe(true);
  });
});
