import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { deepFreeze } from '../core/freeze.js';
import { copyKey, SyncOperationSchema, type SyncOperation } from './operations.js';
import { DownstreamStoreSchema, type DownstreamCopy, type DownstreamStore } from './store.js';
import type { PlainIds } from '../core/input.js';

const ApplyInputSchema = z.object({
  store: DownstreamStoreSchema,
  operations: z.array(SyncOperationSchema).max(100_000),
});

type Copies = Record<string, DownstreamCopy>;

function applyOne(copies: Copies, op: SyncOperation): void {
  const key = copyKey(op.connectionId, op.dataType, op.itemId);
  const current = Object.hasOwn(copies, key) ? copies[key] : undefined;
  switch (op.kind) {
    case 'copy':
    case 'update': {
      // A copy only moves forward; detached and deleted copies no longer follow the source (S3, S5).
      if (current !== undefined && (current.status !== 'synced' || current.revision >= op.revision)) return;
      copies[key] = {
        connectionId: op.connectionId,
        dataType: op.dataType,
        itemId: op.itemId,
        revision: op.revision,
        status: 'synced',
        published: false,
        attributes: { ...op.item.attributes },
        syncedAt: op.at,
        endedAt: null,
      };
      return;
    }
    case 'delete': {
      if (current === undefined || current.status !== 'synced') return;
      copies[key] = { ...current, status: 'deleted', endedAt: op.at };
      return;
    }
    case 'detach': {
      if (current === undefined || current.status !== 'synced') return;
      copies[key] = { ...current, status: 'detached', endedAt: op.at };
      return;
    }
  }
}

/**
 * The reference model of a downstream copy store: applies operations in order and returns the new
 * frozen store (S2, S3, S5, S6).
 *
 * @remarks
 * An operation whose key was already applied changes nothing, so applying a list twice, or retrying
 * any operation later, gives the same store as applying it once (S6). Each operation is also safe on
 * its own: a copy or update only moves a synced copy forward in revisions; delete and detach only touch
 * a synced copy. Deleted copies stay as tombstones. Use it to check a real sync transport against, or
 * in tests of an integration.
 *
 * @example
 * ```ts
 * const once = applySyncOperations(emptyDownstreamStore(), plan.operations);
 * const twice = once.ok ? applySyncOperations(once.value, plan.operations) : once;
 * // twice.value deep-equals once.value
 * ```
 * @since 0.1.0
 */
export function applySyncOperations(store: PlainIds<DownstreamStore>, operations: readonly PlainIds<SyncOperation>[]): Result<DownstreamStore, DomainError> {
  const parsed = parseInput(ApplyInputSchema, { store, operations });
  if (!parsed.ok) return parsed;
  const copies: Copies = Object.assign(Object.create(null) as Copies, parsed.value.store.copies);
  const applied: Record<string, true> = Object.assign(Object.create(null) as Record<string, true>, parsed.value.store.applied);
  for (const op of parsed.value.operations) {
    if (Object.hasOwn(applied, op.key)) continue;
    applyOne(copies, op as SyncOperation);
    applied[op.key] = true;
  }
  return ok(deepFreeze({ copies: { ...copies }, applied: { ...applied } }));
}
