import { z } from 'zod';
import { DataTypeIdSchema } from '../../connection/commands.js';
import { ConnectionIdSchema, ProjectIdSchema, type ConnectionId, type ProjectId } from '../../core/ids.js';
import type { Timestamp } from '../../core/time.js';
import type { IndexEntry } from '../../ports/storage.js';
import { keyPart } from '../../sync/hash.js';
import { ItemIdSchema, SourceItemSchema, type ItemAttribute } from '../../sync/item.js';
import { copyKey } from '../../sync/operations.js';
import { recordReader, type RecordReader } from '../storedRecords.js';

/*
 * Internal: the records the service keeps for sync (issue 11) — what upstream reported of each item,
 * the copy ledger (what each downstream holds, per connection), and each connection's sync status.
 */

/** What the service was last told of an upstream item (the latest revision, published or not, deleted). */
export interface UpstreamItemRecord {
  readonly projectId: ProjectId;
  readonly dataType: string;
  readonly itemId: string;
  readonly revision: number;
  readonly published: boolean;
  readonly deleted: boolean;
  readonly attributes: Readonly<Record<string, ItemAttribute>>;
  readonly updatedAt: Timestamp;
}

/**
 * The state of one downstream copy as the service knows it: `pending` (an operation is in the outbox),
 * `synced` (the sync transport performed it), `failed` (its last delivery failed; it is retried),
 * `deleted` (the source was deleted and the copy with it). A copy of a closed connection is reported
 * `detached` (S5) whatever its last state.
 *
 * @example
 * ```ts
 * const state: CopyState = 'synced';
 * ```
 * @since 0.2.0
 */
export type CopyState = 'pending' | 'synced' | 'failed' | 'deleted';

/** One entry of the copy ledger: one item's copy in one connection's downstream project. */
export interface CopyRecord {
  readonly connectionId: ConnectionId;
  readonly upstreamProjectId: ProjectId;
  readonly downstreamProjectId: ProjectId;
  readonly dataType: string;
  readonly itemId: string;
  /** The revision of the latest operation planned for the copy. */
  readonly revision: number;
  readonly state: CopyState;
  /** The revision the downstream holds, as acknowledged by the sync transport (null: none yet). */
  readonly syncedRevision: number | null;
  /** The key of the latest operation planned (S6: its acknowledgement is recognised by it). */
  readonly opKey: string;
  /**
   * The connection's event count when that operation was planned: its connected period. An undo and a
   * new approval start another period, and the undo dropped the operations still queued, so a copy
   * `pending` or `failed` from an earlier period has no operation left (see `operationDropped`). Null:
   * not known (a record written before this field).
   */
  readonly opEpoch: number | null;
  /** The initial sync (its epoch) that planned the copy and waits for its acknowledgement (S2); null otherwise. */
  readonly initialEpoch: number | null;
  /**
   * Failed attempts: of the current operation once the downstream acknowledged one of the copy's
   * operations; before that, of all of them (any failed attempt may have made the copy, so a copy with
   * failures is never taken as surely not held downstream).
   */
  readonly failures: number;
  readonly lastError: string | null;
  readonly updatedAt: Timestamp;
}

/** A connection's sync status: counts of its copies by state and the progress of its initial sync. */
export interface SyncStatusRecord {
  readonly connectionId: ConnectionId;
  readonly upstreamProjectId: ProjectId;
  readonly pending: number;
  readonly synced: number;
  readonly failed: number;
  readonly deleted: number;
  /**
   * Copies the downstream holds: their copy was performed (acknowledged) and they were not deleted.
   * What stays, detached, once the connection closes (S5). Undefined: not known (a status written
   * before this count).
   */
  readonly held: number | undefined;
  readonly initial: 'not_started' | 'running' | 'complete';
  /** The epoch of the latest initial sync: the position of the event that started it in the connection's history. */
  readonly initialEpoch: number;
  /** Initial copies planned and not acknowledged yet. */
  readonly initialRemaining: number;
  /** The data types whose initial pages are all planned. */
  readonly initialPlanned: readonly string[];
  /** Items the initial sync copied, per data type (for InitialSyncComplete). */
  readonly initialItems: Readonly<Record<string, number>>;
  readonly completedAt: Timestamp | null;
}

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const time = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const UpstreamItemRecordSchema = z.object({
  projectId: ProjectIdSchema,
  dataType: DataTypeIdSchema,
  itemId: ItemIdSchema,
  revision: count,
  published: z.boolean(),
  deleted: z.boolean(),
  attributes: SourceItemSchema.shape.attributes,
  updatedAt: time,
});

const CopyRecordSchema = z.object({
  connectionId: ConnectionIdSchema,
  upstreamProjectId: ProjectIdSchema,
  downstreamProjectId: ProjectIdSchema,
  dataType: DataTypeIdSchema,
  itemId: ItemIdSchema,
  revision: count,
  state: z.enum(['pending', 'synced', 'failed', 'deleted']),
  syncedRevision: count.nullable(),
  opKey: z.string().min(1).max(2000),
  opEpoch: count.nullable().default(null),
  initialEpoch: count.nullable(),
  failures: count,
  lastError: z.string().max(10_000).nullable(),
  updatedAt: time,
});

const SyncStatusRecordSchema = z.object({
  connectionId: ConnectionIdSchema,
  upstreamProjectId: ProjectIdSchema,
  pending: count,
  synced: count,
  failed: count,
  deleted: count,
  held: count.optional(),
  initial: z.enum(['not_started', 'running', 'complete']),
  initialEpoch: count,
  initialRemaining: count,
  initialPlanned: z.array(DataTypeIdSchema).max(64),
  initialItems: z.record(DataTypeIdSchema, count),
  completedAt: time.nullable(),
});

/** The id part of an upstream item's key. */
export function upstreamItemId(projectId: string, dataType: string, itemId: string): string {
  return `${keyPart(projectId)}/${keyPart(dataType)}/${keyPart(itemId)}`;
}

/**
 * Internal: upstream item records (`upstream_item:<project>/<type>/<item>`).
 * @internal
 */
export const UPSTREAM_ITEMS: RecordReader<UpstreamItemRecord> = recordReader<UpstreamItemRecord>(
  'upstream_item:',
  (r) => upstreamItemId(r.projectId, r.dataType, r.itemId),
  UpstreamItemRecordSchema,
  null,
);
/**
 * Internal: copy ledger records (`copy:<connection>/<type>/<item>`).
 * @internal
 */
export const COPIES: RecordReader<CopyRecord> = recordReader<CopyRecord>('copy:', (r) => copyKey(r.connectionId, r.dataType, r.itemId), CopyRecordSchema, null);
/**
 * Internal: sync status records (`sync_status:<connection>`).
 * @internal
 */
export const SYNC_STATUS: RecordReader<SyncStatusRecord> = recordReader<SyncStatusRecord>('sync_status:', (r) => r.connectionId, SyncStatusRecordSchema, null);

/** The secondary indexes of the sync records. */
export const SYNC_INDEXES = Object.freeze({
  /** term = `<project>/<type>` (escaped parts), order 0: the items upstream reported, in key order. */
  upstreamItemByProject: 'upstream_item_by_project',
  /** term = `<upstream project>/<type>/<item>` (escaped parts), order 0: an item's copies across downstreams. */
  copyByItem: 'copy_by_item',
});

/**
 * Internal: the index entries of an upstream item record.
 * @internal
 */
export function upstreamItemEntries(r: UpstreamItemRecord): IndexEntry[] {
  return [{ index: SYNC_INDEXES.upstreamItemByProject, term: `${keyPart(r.projectId)}/${keyPart(r.dataType)}`, order: 0 }];
}

/**
 * Internal: the index entries of a copy record.
 * @internal
 */
export function copyEntries(r: CopyRecord): IndexEntry[] {
  return [{ index: SYNC_INDEXES.copyByItem, term: upstreamItemId(r.upstreamProjectId, r.dataType, r.itemId), order: 0 }];
}

/**
 * Internal: an empty status for a connection.
 * @internal
 */
export function emptyStatus(connectionId: ConnectionId, upstreamProjectId: ProjectId): SyncStatusRecord {
  // The fields in the order of `statusWith`'s literal: both reach one hidden class.
  return Object.freeze({
    connectionId,
    upstreamProjectId,
    pending: 0,
    synced: 0,
    failed: 0,
    deleted: 0,
    held: 0,
    initial: 'not_started',
    initialEpoch: 0,
    initialRemaining: 0,
    initialPlanned: Object.freeze([]),
    initialItems: Object.freeze({}),
    completedAt: null,
  });
}

/** The fields of a sync status that change. */
type StatusChange = Partial<Omit<SyncStatusRecord, 'connectionId' | 'upstreamProjectId'>>;

/**
 * Internal: `status` with some fields changed, frozen. Every status is a literal with its fields in one
 * order (this one and `emptyStatus`'s), so all of them share one hidden class: an object spread of a
 * frozen record makes V8 copy the record's map for every clone (a fresh map per stored status, about
 * 400 bytes each, and polymorphic reads).
 * @internal
 */
export function statusWith(status: SyncStatusRecord, change: StatusChange): SyncStatusRecord {
  return Object.freeze({
    connectionId: status.connectionId,
    upstreamProjectId: status.upstreamProjectId,
    pending: change.pending ?? status.pending,
    synced: change.synced ?? status.synced,
    failed: change.failed ?? status.failed,
    deleted: change.deleted ?? status.deleted,
    held: 'held' in change ? change.held : status.held,
    initial: change.initial ?? status.initial,
    initialEpoch: change.initialEpoch ?? status.initialEpoch,
    initialRemaining: change.initialRemaining ?? status.initialRemaining,
    initialPlanned: change.initialPlanned ?? status.initialPlanned,
    initialItems: change.initialItems ?? status.initialItems,
    completedAt: change.completedAt === undefined ? status.completedAt : change.completedAt,
  });
}

/** The fields of a copy record that change. */
type CopyChange = Partial<Pick<CopyRecord, 'revision' | 'state' | 'syncedRevision' | 'opKey' | 'opEpoch' | 'initialEpoch' | 'failures' | 'lastError'>> & { readonly updatedAt: Timestamp };

/**
 * Internal: `copy` with some fields changed, built by one literal so every copy record shares one
 * hidden class (see {@link statusWith}).
 * @internal
 */
export function copyWith(copy: CopyRecord, change: CopyChange): CopyRecord {
  return {
    connectionId: copy.connectionId,
    upstreamProjectId: copy.upstreamProjectId,
    downstreamProjectId: copy.downstreamProjectId,
    dataType: copy.dataType,
    itemId: copy.itemId,
    revision: change.revision ?? copy.revision,
    state: change.state ?? copy.state,
    syncedRevision: change.syncedRevision === undefined ? copy.syncedRevision : change.syncedRevision,
    opKey: change.opKey ?? copy.opKey,
    opEpoch: change.opEpoch === undefined ? copy.opEpoch : change.opEpoch,
    initialEpoch: change.initialEpoch === undefined ? copy.initialEpoch : change.initialEpoch,
    failures: change.failures ?? copy.failures,
    lastError: change.lastError === undefined ? copy.lastError : change.lastError,
    updatedAt: change.updatedAt,
  };
}

/**
 * Internal: a status with one copy moved from state `from` (none: a new copy) to `to` (none: removed).
 * @internal
 */
export function moved(status: SyncStatusRecord, from: CopyState | null, to: CopyState | null): SyncStatusRecord {
  if (from === to) return status;
  const counts = { pending: status.pending, synced: status.synced, failed: status.failed, deleted: status.deleted };
  if (from !== null) counts[from] = Math.max(0, counts[from] - 1);
  if (to !== null) counts[to] += 1;
  return statusWith(status, counts);
}

/** The full storage key of a copy. */
export const copyRecordKey = (connectionId: string, dataType: string, itemId: string) => COPIES.prefix + copyKey(connectionId as ConnectionId, dataType, itemId);
/** The full storage key of an upstream item. */
export const upstreamItemKey = (projectId: string, dataType: string, itemId: string) => UPSTREAM_ITEMS.prefix + upstreamItemId(projectId, dataType, itemId);
/** The full storage key of a connection's sync status. */
export const syncStatusKey = (connectionId: string) => SYNC_STATUS.prefix + connectionId;
/** The outbox group of a connection's sync jobs. */
export const syncGroup = (connectionId: string) => `sync:${connectionId}`;
