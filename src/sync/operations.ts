import { z } from 'zod';
import { storableText } from '../core/trust.js';
import { DataTypeIdSchema, type DataTypeId } from '../connection/commands.js';
import { ConnectionIdSchema, ProjectIdSchema, type ConnectionId, type ProjectId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';
import { keyPart } from './hash.js';
import { ItemIdSchema, SourceItemSchema, type SourceItem } from './item.js';

/**
 * The kinds of downstream operation (S2, S3, S5).
 *
 * @example
 * ```ts
 * SYNC_OPERATION_KINDS.includes('detach'); // true
 * ```
 * @since 0.1.0
 */
export const SYNC_OPERATION_KINDS = Object.freeze(['copy', 'update', 'delete', 'detach'] as const);

/**
 * One of {@link SYNC_OPERATION_KINDS}.
 *
 * @example
 * ```ts
 * const k: SyncOperationKind = 'copy';
 * ```
 * @since 0.1.0
 */
export type SyncOperationKind = (typeof SYNC_OPERATION_KINDS)[number];

interface OperationBase<K extends SyncOperationKind> {
  readonly kind: K;
  /** The idempotency key: connection, data type, source item, revision and kind (S6). */
  readonly key: string;
  readonly connectionId: ConnectionId;
  readonly downstreamProjectId: ProjectId;
  readonly dataType: DataTypeId;
  readonly itemId: string;
  /** The source revision the operation concerns. */
  readonly revision: number;
  /** When it was planned. */
  readonly at: Timestamp;
}

/**
 * Copy a published upstream item that has no copy yet; it arrives unpublished downstream (S2, S3). @example `op.kind === 'copy'`
 * @since 0.1.0
 */
export interface CopyOperation extends OperationBase<'copy'> {
  /** The source item to copy downstream (it arrives unpublished, S2). */
  readonly item: SourceItem;
}
/**
 * Replace a copy with a newer published revision; it arrives unpublished for review (S3). @example `op.kind === 'update'`
 * @since 0.1.0
 */
export interface UpdateOperation extends OperationBase<'update'> {
  /** The source item at its new revision. */
  readonly item: SourceItem;
  /** The revision the downstream copy has now. */
  readonly fromRevision: number;
}
/**
 * Delete the copy of an item deleted upstream (S3). `revision` is the copy's revision. @example `op.kind === 'delete'`
 * @since 0.1.0
 */
export interface DeleteOperation extends OperationBase<'delete'> {}
/**
 * Mark a copy as no longer synced after a disconnect; it stays downstream (S5). @example `op.kind === 'detach'`
 * @since 0.1.0
 */
export interface DetachOperation extends OperationBase<'detach'> {}

/**
 * A downstream operation planned by the sync planner. Apply it with the sync transport (for real) or
 * {@link applySyncOperations} (the reference model).
 *
 * @example
 * ```ts
 * for (const op of plan.operations) await transport.perform(op);
 * ```
 * @since 0.1.0
 */
export type SyncOperation = CopyOperation | UpdateOperation | DeleteOperation | DetachOperation;

/**
 * The idempotency key of an operation (S6): the same source item, revision and kind always give the
 * same key, so a retried operation is recognised. Parts are escaped (`%`, `/`, `:`, `@`, `#`, `|`), so
 * ids containing separators cannot collide.
 *
 * @example
 * ```ts
 * syncOperationKey(connectionId('cn-1'), 'drawings', 'A-101', 2, 'copy'); // 'cn-1/drawings/A-101@2#copy'
 * ```
 * @since 0.1.0
 */
export function syncOperationKey(
  connectionId: ConnectionId,
  dataType: DataTypeId,
  itemId: string,
  revision: number,
  kind: SyncOperationKind,
): string {
  return `${keyPart(connectionId)}/${keyPart(dataType)}/${keyPart(itemId)}@${keyPart(revision)}#${keyPart(kind)}`;
}

/**
 * The key of the downstream copy of a source item, per connection.
 *
 * @example
 * ```ts
 * copyKey(connectionId('cn-1'), 'drawings', 'A-101'); // 'cn-1/drawings/A-101'
 * ```
 * @since 0.1.0
 */
export function copyKey(connectionId: ConnectionId, dataType: DataTypeId, itemId: string): string {
  return `${keyPart(connectionId)}/${keyPart(dataType)}/${keyPart(itemId)}`;
}

const base = {
  key: z.string().min(1).max(2000).refine(...storableText('a key')),
  connectionId: ConnectionIdSchema,
  downstreamProjectId: ProjectIdSchema,
  dataType: DataTypeIdSchema,
  itemId: ItemIdSchema,
  revision: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  at: z.number().int().nonnegative(),
};

/**
 * Schema of a {@link SyncOperation}. @example `SyncOperationSchema.parse(op)`
 * @since 0.1.0
 */
export const SyncOperationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('copy'), ...base, item: SourceItemSchema }),
  z.object({ kind: z.literal('update'), ...base, item: SourceItemSchema, fromRevision: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('delete'), ...base }),
  z.object({ kind: z.literal('detach'), ...base }),
]);
