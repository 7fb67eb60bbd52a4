import { z } from 'zod';
import { DataTypeIdSchema, type DataTypeId } from '../connection/commands.js';
import { ConnectionIdSchema, type ConnectionId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';
import { ItemIdSchema, SourceItemSchema, type ItemAttribute } from './item.js';

/**
 * The status of a downstream copy: kept in sync, detached after a disconnect (S5), or deleted because
 * its source was deleted (S3; kept as a tombstone so a late retry cannot bring it back).
 *
 * @example
 * ```ts
 * const s: CopyStatus = 'detached';
 * ```
 * @since 0.1.0
 */
export type CopyStatus = 'synced' | 'detached' | 'deleted';

/**
 * One copy of an upstream item in the downstream project.
 *
 * @remarks
 * Copies and new revisions arrive unpublished (`published: false`, S2) for a downstream Drawings admin
 * to review and publish.
 *
 * @example
 * ```ts
 * copy.status === 'synced' && copy.revision === 2;
 * ```
 * @since 0.1.0
 */
export interface DownstreamCopy {
  /** The connection the copy came through. */
  readonly connectionId: ConnectionId;
  /** The data type of the copy. */
  readonly dataType: DataTypeId;
  /** The id of the upstream item it copies. */
  readonly itemId: string;
  /** The source revision the copy holds. */
  readonly revision: number;
  /** Synced, detached after a disconnect (S5), or deleted with its source (S3). */
  readonly status: CopyStatus;
  /** Whether a downstream admin published it (copies arrive unpublished, S2). */
  readonly published: boolean;
  /** The item's attributes at that revision. */
  readonly attributes: Readonly<Record<string, ItemAttribute>>;
  /** When the current revision arrived. */
  readonly syncedAt: Timestamp;
  /** When it was detached or deleted. */
  readonly endedAt: Timestamp | null;
}

/**
 * The reference model of a downstream project's copy store: its copies (keyed by `copyKey`) and the
 * keys of every operation already applied (S6).
 *
 * @example
 * ```ts
 * const store = emptyDownstreamStore();
 * ```
 * @since 0.1.0
 */
export interface DownstreamStore {
  /** The copies, by copy key (`connection/dataType/item`, see `copyKey`). */
  readonly copies: Readonly<Record<string, DownstreamCopy>>;
  /** The keys of the operations already applied, so a retry changes nothing (S6). */
  readonly applied: Readonly<Record<string, true>>;
}

const EMPTY: DownstreamStore = Object.freeze({ copies: Object.freeze({}), applied: Object.freeze({}) });

/**
 * A downstream project with no copies.
 *
 * @example
 * ```ts
 * Object.keys(emptyDownstreamStore().copies).length; // 0
 * ```
 * @since 0.1.0
 */
export function emptyDownstreamStore(): DownstreamStore {
  return EMPTY;
}

/**
 * Schema of a {@link DownstreamCopy}. @example `DownstreamCopySchema.parse(copy)`
 * @since 0.1.0
 */
export const DownstreamCopySchema = z.object({
  connectionId: ConnectionIdSchema,
  dataType: DataTypeIdSchema,
  itemId: ItemIdSchema,
  revision: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  status: z.enum(['synced', 'detached', 'deleted']),
  published: z.boolean(),
  attributes: SourceItemSchema.shape.attributes,
  syncedAt: z.number().int().nonnegative(),
  endedAt: z.number().int().nonnegative().nullable(),
});

const StoreKeySchema = z.string().min(1).max(2000).refine((k) => k.includes('/'), 'not a store key');

/**
 * Schema of a {@link DownstreamStore}. @example `DownstreamStoreSchema.parse(store)`
 * @since 0.1.0
 */
export const DownstreamStoreSchema = z.object({
  copies: z.record(StoreKeySchema, DownstreamCopySchema),
  applied: z.record(StoreKeySchema, z.literal(true)),
});

/**
 * The copies of one connection in a store, in key order.
 *
 * @example
 * ```ts
 * copiesOf(store, connectionId('cn-1')).filter((c) => c.status === 'synced');
 * ```
 * @since 0.1.0
 */
export function copiesOf(store: DownstreamStore, connectionId: ConnectionId): readonly DownstreamCopy[] {
  try {
    if (typeof store !== 'object' || store === null || typeof store.copies !== 'object' || store.copies === null) return [];
    const copies = store.copies;
    return Object.freeze(
      Object.keys(copies)
        .sort()
        .map((k) => copies[k])
        .filter((c): c is DownstreamCopy => typeof c === 'object' && c !== null && c.connectionId === connectionId),
    );
  } catch {
    return [];
  }
}
