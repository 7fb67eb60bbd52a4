import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import type { Timestamp } from '../core/time.js';
import { digest, keyPart } from './hash.js';
import type { SourceItem } from './item.js';
import type { SyncNotice, SyncNoticeEvent } from './notices.js';
import { copyKey, syncOperationKey, type SyncOperation } from './operations.js';
import type { SkippedItem, SkipReason } from './plan-types.js';
import { runPredicate } from './predicate.js';
import { findDataType, type SharedDataType, type SyncRegistry } from './registry.js';
import type { SyncConnection } from './connection.js';
import type { DownstreamCopy, DownstreamStore } from './store.js';

/**
 * Internal: what one planning call works with.
 * @internal
 */
export interface PlanContext {
  readonly connection: SyncConnection;
  readonly registry: SyncRegistry;
  readonly store: DownstreamStore;
  readonly at: Timestamp;
}

/**
 * Internal: accumulates a plan.
 * @internal
 */
export interface PlanDraft {
  readonly operations: SyncOperation[];
  readonly skipped: SkippedItem[];
}

export function skip(draft: PlanDraft, dataType: string | null, itemId: string | null, reason: SkipReason): void {
  draft.skipped.push({ dataType, itemId, reason });
}

export function currentCopy(ctx: PlanContext, dataType: string, itemId: string): DownstreamCopy | undefined {
  const key = copyKey(ctx.connection.id, dataType, itemId);
  return Object.hasOwn(ctx.store.copies, key) ? ctx.store.copies[key] : undefined;
}

/** The registry entry of a type the connection shares, or the reason it cannot sync. */
export function sharedType(ctx: PlanContext, dataType: string): SharedDataType | SkipReason {
  if (!ctx.connection.dataTypes.includes(dataType)) return 'type_not_shared';
  return findDataType(ctx.registry, dataType) ?? 'unknown_data_type';
}

/** Plans the copy or update of one published upstream item (S2, S3, S4). */
export function planItem(ctx: PlanContext, draft: PlanDraft, item: SourceItem): Result<true, DomainError> {
  const type = sharedType(ctx, item.dataType);
  const reason = typeof type === 'string' ? type : item.published ? null : 'unpublished';
  if (reason !== null || typeof type === 'string') {
    skip(draft, item.dataType, item.itemId, reason ?? 'unknown_data_type');
    return ok(true);
  }
  const eligible = runPredicate(type, item);
  if (!eligible.ok) return eligible;
  if (!eligible.value) {
    skip(draft, item.dataType, item.itemId, 'not_eligible');
    return ok(true);
  }
  const copy = currentCopy(ctx, item.dataType, item.itemId);
  const base = {
    connectionId: ctx.connection.id,
    downstreamProjectId: ctx.connection.downstream.projectId,
    dataType: item.dataType,
    itemId: item.itemId,
    revision: item.revision,
    at: ctx.at,
    item,
  };
  if (copy === undefined) {
    draft.operations.push({ kind: 'copy', key: syncOperationKey(ctx.connection.id, item.dataType, item.itemId, item.revision, 'copy'), ...base });
  } else if (copy.status !== 'synced') {
    skip(draft, item.dataType, item.itemId, 'copy_ended');
  } else if (copy.revision >= item.revision) {
    skip(draft, item.dataType, item.itemId, 'already_current');
  } else {
    draft.operations.push({
      kind: 'update',
      key: syncOperationKey(ctx.connection.id, item.dataType, item.itemId, item.revision, 'update'),
      ...base,
      fromRevision: copy.revision,
    });
  }
  return ok(true);
}

/** One notice per notifying data type, listing the items of the matching operations. */
export function noticesFor(
  ctx: PlanContext,
  operations: readonly SyncOperation[],
  event: Exclude<SyncNoticeEvent, 'InitialSyncComplete'>,
): SyncNotice[] {
  const byType = new Map<string, SyncOperation[]>();
  for (const op of operations) {
    const list = byType.get(op.dataType) ?? [];
    list.push(op);
    byType.set(op.dataType, list);
  }
  const notices: SyncNotice[] = [];
  for (const [dataType, ops] of [...byType.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const type = findDataType(ctx.registry, dataType);
    if (type === undefined || !type.notifies) continue;
    const keys = ops.map((o) => o.key).sort();
    notices.push(notice(ctx, type, event, `${digest(keys.join('|'))}`, ops.map((o) => o.itemId)));
  }
  return notices;
}

/** Builds a notice; its key is the connection, event, type and a stable discriminator. */
export function notice(
  ctx: PlanContext,
  type: SharedDataType,
  event: SyncNoticeEvent,
  discriminator: string,
  itemIds: readonly string[],
): SyncNotice {
  const suffix = discriminator === '' ? '' : `#${discriminator}`;
  return {
    event,
    key: `${keyPart(ctx.connection.id)}/${keyPart(type.id)}#${event}${suffix}`,
    connectionId: ctx.connection.id,
    dataType: type.id,
    tool: type.tool,
    downstream: { projectId: ctx.connection.downstream.projectId, companyId: ctx.connection.downstream.companyId },
    at: ctx.at,
    itemIds: [...itemIds],
  };
}
