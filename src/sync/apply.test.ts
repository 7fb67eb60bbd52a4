import { describe, expect, it } from 'vitest';
import { connectionId, projectId } from '../core/ids.js';
import { applySyncOperations } from './apply.js';
import { copyKey, syncOperationKey, type SyncOperation } from './operations.js';
import { emptyDownstreamStore } from './store.js';

const CN = connectionId('cn-1');
const item = (revision: number) => ({ dataType: 'drawings', itemId: 'A-1', revision, published: true, attributes: { title: 'Plan' } });
const op = (kind: SyncOperation['kind'], revision: number, at = revision): SyncOperation => {
  const base = { key: syncOperationKey(CN, 'drawings', 'A-1', revision, kind), connectionId: CN, downstreamProjectId: projectId('sub'), dataType: 'drawings', itemId: 'A-1', revision, at };
  switch (kind) {
    case 'copy':
      return { ...base, kind, item: item(revision) };
    case 'update':
      return { ...base, kind, item: item(revision), fromRevision: revision - 1 };
    default:
      return { ...base, kind };
  }
};
const run = (ops: SyncOperation[]) => {
  const r = applySyncOperations(emptyDownstreamStore(), ops);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const key = copyKey(CN, 'drawings', 'A-1');

describe('applySyncOperations: the reference copy store', () => {
  it('S2: a copy arrives unpublished, with the source attributes', () => {
    expect(run([op('copy', 1)]).copies[key]).toMatchObject({ revision: 1, status: 'synced', published: false, attributes: { title: 'Plan' } });
  });

  it('S6: a copy only moves forward in revisions', () => {
    expect(run([op('copy', 1), op('update', 3), op('update', 2)]).copies[key]?.revision).toBe(3);
  });

  it('S6: every operation is recorded by key, and a key applied twice changes nothing', () => {
    const once = run([op('copy', 1), op('delete', 1)]);
    expect(Object.keys(once.applied).sort()).toEqual([op('copy', 1).key, op('delete', 1).key].sort());
    const again = applySyncOperations(once, [op('copy', 1), op('delete', 1)]);
    expect(again.ok && again.value).toEqual(once);
  });

  it('S5: a detached copy no longer follows its source', () => {
    const store = run([op('copy', 1), op('detach', 1, 9), op('update', 2), op('delete', 2)]);
    expect(store.copies[key]).toMatchObject({ revision: 1, status: 'detached', endedAt: 9 });
  });

  it('§7: the store comes back frozen; bad input is INVALID_INPUT', () => {
    const store = run([op('copy', 1)]);
    expect(Object.isFrozen(store) && Object.isFrozen(store.copies) && Object.isFrozen(store.copies[key])).toBe(true);
    // @ts-expect-error 'teleport' is no operation kind: refused at compile time, and at run time for untyped callers
    expect(applySyncOperations(store, [{ kind: 'teleport' }]).ok).toBe(false);
    expect(applySyncOperations({ copies: { __proto__: {} } } as never, []).ok).toBe(false);
  });
});
