import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { UpstreamChangeSchema, type UpstreamChangeInput } from './change.js';
import { SyncConnectionSchema, type SyncConnection } from './connection.js';
import { deepFreeze } from '../core/freeze.js';
import { SourceItemSchema, type SourceItemInput } from './item.js';
import type { SyncNotice } from './notices.js';
import { syncOperationKey, type SyncOperation } from './operations.js';
import { currentCopy, notice, noticesFor, planItem, sharedType, skip, type PlanContext, type PlanDraft } from './plan-items.js';
import type { SyncPlan } from './plan-types.js';
import { DEFAULT_SYNC_REGISTRY, SyncRegistrySchema, type SyncRegistry } from './registry.js';
import { copiesOf, DownstreamStoreSchema, emptyDownstreamStore, type DownstreamStore } from './store.js';
import type { Timestamp } from '../core/time.js';
import type { PlainIds } from '../core/input.js';

const AtSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const common = {
  connection: SyncConnectionSchema,
  downstream: DownstreamStoreSchema.optional(),
  registry: SyncRegistrySchema.optional(),
  at: AtSchema,
};

/**
 * The input of {@link planInitialSync}.
 *
 * @example
 * ```ts
 * const input: PlanInitialSyncInput = { connection, upstreamItems: allDrawings, at: now };
 * ```
 * @since 0.1.0
 */
export interface PlanInitialSyncInput {
  /** The connection to sync (only a connected one copies anything, S2). */
  readonly connection: SyncConnection;
  /** Every item of the upstream project, published or not: the planner picks what syncs. */
  readonly upstreamItems: readonly SourceItemInput[];
  /** The downstream copy store; empty when omitted. */
  readonly downstream?: DownstreamStore;
  /** The shared data types; {@link DEFAULT_SYNC_REGISTRY} (Drawings) when omitted. */
  readonly registry?: SyncRegistry;
  /** The time the operations are planned at, in epoch milliseconds. */
  readonly at: Timestamp;
}

/**
 * The input of {@link planUpstreamChange}.
 *
 * @example
 * ```ts
 * const input: PlanUpstreamChangeInput = { connection, change: { kind: 'published', items: [sheet] }, downstream, at: now };
 * ```
 * @since 0.1.0
 */
export interface PlanUpstreamChangeInput {
  /** The connection the change may reach (nothing is copied unless it is connected, S3, S5). */
  readonly connection: SyncConnection;
  /** What happened upstream: items published, revised, uploaded or deleted. */
  readonly change: UpstreamChangeInput;
  /** The downstream copy store; empty when omitted. */
  readonly downstream?: DownstreamStore;
  /** The shared data types; {@link DEFAULT_SYNC_REGISTRY} (Drawings) when omitted. */
  readonly registry?: SyncRegistry;
  /** The time the operations are planned at, in epoch milliseconds. */
  readonly at: Timestamp;
}

/**
 * The input of {@link planDetach}.
 *
 * @example
 * ```ts
 * const input: PlanDetachInput = { connection: disconnected, downstream, at: now };
 * ```
 * @since 0.1.0
 */
export interface PlanDetachInput {
  /** The closed connection whose copies are detached (S5). */
  readonly connection: SyncConnection;
  /** The downstream copy store. */
  readonly downstream: DownstreamStore;
  /** The time the operations are planned at, in epoch milliseconds. */
  readonly at: Timestamp;
}

const InitialSchema = z.object({
  ...common,
  upstreamItems: z
    .array(SourceItemSchema)
    .max(100_000)
    .refine((items) => new Set(items.map((i) => `${i.dataType}\u0000${i.itemId}`)).size === items.length, 'an item appears once'),
});
const ChangeSchema = z.object({ ...common, change: UpstreamChangeSchema });
const DetachSchema = z.object({ connection: SyncConnectionSchema, downstream: DownstreamStoreSchema, at: AtSchema });

function context(parsed: {
  connection: SyncConnection;
  downstream?: DownstreamStore | undefined;
  registry?: SyncRegistry | undefined;
  at: Timestamp;
}): PlanContext {
  return {
    connection: parsed.connection,
    registry: parsed.registry ?? DEFAULT_SYNC_REGISTRY,
    store: parsed.downstream ?? emptyDownstreamStore(),
    at: parsed.at,
  };
}

function finish(ctx: PlanContext, draft: PlanDraft, notices: SyncNotice[]): Result<SyncPlan, DomainError> {
  return ok(
    deepFreeze({
      connectionState: ctx.connection.state,
      operations: draft.operations,
      notices,
      skipped: draft.skipped,
    }),
  );
}

function notConnected(ctx: PlanContext): Result<SyncPlan, DomainError> {
  const draft: PlanDraft = { operations: [], skipped: [] };
  skip(draft, null, null, 'not_connected');
  return finish(ctx, draft, []);
}

/**
 * Plans the initial sync of a connection (S2): a copy of every published, eligible upstream item of the
 * shared data types, and one InitialSyncComplete notice per notifying data type.
 *
 * @remarks
 * Nothing is planned unless the connection is `connected`. Items that already have a current copy are
 * skipped, so planning the initial sync again (after a retry, or after an undone approval) never
 * duplicates a copy (S6). Deliver the InitialSyncComplete notifications once the operations are
 * performed. Copies arrive unpublished downstream (S2). The notice key is per connection, data type and
 * connected period (the connection's `connectedAt`): planning the same initial sync again is not
 * announced twice, and the initial sync after an undone approval is announced under a new key.
 *
 * @example
 * ```ts
 * const plan = planInitialSync({ connection, upstreamItems: [a101, a102Unpublished], at: now });
 * // plan.value.operations: one copy; notices: InitialSyncComplete for drawings
 * ```
 * @since 0.1.0
 */
export function planInitialSync(input: PlainIds<PlanInitialSyncInput>): Result<SyncPlan, DomainError> {
  const parsed = parseInput(InitialSchema, input);
  if (!parsed.ok) return parsed;
  const ctx = context(parsed.value);
  if (ctx.connection.state !== 'connected') return notConnected(ctx);
  const draft: PlanDraft = { operations: [], skipped: [] };
  for (const item of parsed.value.upstreamItems) {
    const planned = planItem(ctx, draft, item);
    if (!planned.ok) return planned;
  }
  const notices: SyncNotice[] = [];
  for (const dataType of ctx.connection.dataTypes) {
    const type = sharedType(ctx, dataType);
    if (typeof type === 'string') {
      skip(draft, dataType, null, type);
      continue;
    }
    if (!type.notifies) continue;
    const items = draft.operations.filter((o) => o.dataType === dataType).map((o) => o.itemId);
    // One key per connected period (N5): planning again (a retry) keeps it, a new period has its own.
    const period = ctx.connection.connectedAt;
    notices.push(notice(ctx, type, 'InitialSyncComplete', period === null || period === undefined ? '' : String(period), items));
  }
  return finish(ctx, draft, notices);
}

/**
 * Plans what one upstream change does downstream (S3, S4, S6): copy, update, delete or nothing, with the
 * NewDrawingsPublished / DrawingsDeleted notices of notifying data types.
 *
 * @remarks
 * - `published` / `revised`: a published, eligible item with no copy is copied; one with an older copy
 *   is updated; an unpublished one, or an up-to-date copy, gives nothing.
 * - `uploaded`: never anything (S4).
 * - `deleted`: the synced copy is deleted.
 * - Not `connected` (pending, or closed: S5): nothing, whatever the change.
 *
 * @example
 * ```ts
 * const plan = planUpstreamChange({ connection, change: { kind: 'published', items: [a101] }, downstream, at: now });
 * if (plan.ok) store = applySyncOperations(store, plan.value.operations);
 * ```
 * @since 0.1.0
 */
export function planUpstreamChange(input: PlainIds<PlanUpstreamChangeInput>): Result<SyncPlan, DomainError> {
  const parsed = parseInput(ChangeSchema, input);
  if (!parsed.ok) return parsed;
  const ctx = context(parsed.value);
  if (ctx.connection.state !== 'connected') return notConnected(ctx);
  const draft: PlanDraft = { operations: [], skipped: [] };
  const change = parsed.value.change;
  switch (change.kind) {
    case 'uploaded':
      for (const item of change.items) skip(draft, item.dataType, item.itemId, 'unpublished');
      return finish(ctx, draft, []);
    case 'published':
    case 'revised':
      for (const item of change.items) {
        const planned = planItem(ctx, draft, item);
        if (!planned.ok) return planned;
      }
      return finish(ctx, draft, noticesFor(ctx, draft.operations, 'NewDrawingsPublished'));
    case 'deleted':
      for (const { dataType, itemId } of change.items) {
        const type = sharedType(ctx, dataType);
        if (typeof type === 'string') {
          skip(draft, dataType, itemId, type);
          continue;
        }
        const copy = currentCopy(ctx, dataType, itemId);
        if (copy === undefined) skip(draft, dataType, itemId, 'no_copy');
        else if (copy.status !== 'synced') skip(draft, dataType, itemId, 'copy_ended');
        else {
          const op: SyncOperation = {
            kind: 'delete',
            key: syncOperationKey(ctx.connection.id, dataType, itemId, copy.revision, 'delete'),
            connectionId: ctx.connection.id,
            downstreamProjectId: ctx.connection.downstream.projectId,
            dataType,
            itemId,
            revision: copy.revision,
            at: ctx.at,
          };
          draft.operations.push(op);
        }
      }
      return finish(ctx, draft, noticesFor(ctx, draft.operations, 'DrawingsDeleted'));
  }
}

/**
 * After a connection closed (S5): marks every still-synced copy it made as detached. The copies stay
 * in the downstream project; nothing is copied or deleted any more.
 *
 * @remarks
 * Applies to every closed state (`disconnected`; `cancelled` after an undone automatic connection; and
 * `declined`, `cancelled` or `expired` after an undone approval — the service's `stop_sync` with
 * `closes: true` says when). For `pending` and `connected` connections it
 * plans nothing (`not_closed`). Sends no notification: ConnectionDisabled already told both sides.
 *
 * @example
 * ```ts
 * const plan = planDetach({ connection: { ...connection, state: 'disconnected' }, downstream: store, at: now });
 * ```
 * @since 0.1.0
 */
export function planDetach(input: PlainIds<PlanDetachInput>): Result<SyncPlan, DomainError> {
  const parsed = parseInput(DetachSchema, input);
  if (!parsed.ok) return parsed;
  const ctx = context(parsed.value);
  const draft: PlanDraft = { operations: [], skipped: [] };
  const { state } = ctx.connection;
  if (state === 'pending' || state === 'connected') {
    skip(draft, null, null, 'not_closed');
    return finish(ctx, draft, []);
  }
  for (const copy of copiesOf(ctx.store, ctx.connection.id)) {
    if (copy.status !== 'synced') continue;
    draft.operations.push({
      kind: 'detach',
      key: syncOperationKey(ctx.connection.id, copy.dataType, copy.itemId, copy.revision, 'detach'),
      connectionId: ctx.connection.id,
      downstreamProjectId: ctx.connection.downstream.projectId,
      dataType: copy.dataType,
      itemId: copy.itemId,
      revision: copy.revision,
      at: ctx.at,
    });
  }
  return finish(ctx, draft, []);
}
