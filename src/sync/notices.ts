import { z } from 'zod';
import { storableText } from '../core/trust.js';
import { DataTypeIdSchema, type DataTypeId } from '../connection/commands.js';
import { ToolIdSchema, type ToolId } from '../core/facts.js';
import { CompanyIdSchema, ConnectionIdSchema, ProjectIdSchema, type CompanyId, type ConnectionId, type ProjectId } from '../core/ids.js';
import { ItemIdSchema } from './item.js';
import type { Timestamp } from '../core/time.js';

/**
 * The notification matrix events that syncing causes (§5).
 *
 * @example
 * ```ts
 * SYNC_NOTICE_EVENTS.includes('DrawingsDeleted'); // true
 * ```
 * @since 0.1.0
 */
export const SYNC_NOTICE_EVENTS = Object.freeze(['InitialSyncComplete', 'NewDrawingsPublished', 'DrawingsDeleted'] as const);

/**
 * One of {@link SYNC_NOTICE_EVENTS}.
 *
 * @example
 * ```ts
 * const e: SyncNoticeEvent = 'InitialSyncComplete';
 * ```
 * @since 0.1.0
 */
export type SyncNoticeEvent = (typeof SYNC_NOTICE_EVENTS)[number];

/**
 * A sync fact the downstream project must be told about, planned with the operations that cause it.
 * Turn it into notifications with `planSyncNotifications`.
 *
 * @remarks
 * `key` is stable: planning the same change again gives the same key, so notifications derived from it
 * are de-duplicated (N5). Only data types whose registry entry has `notifies: true` produce notices;
 * `tool` is the entry's tool, whose admins are the recipients.
 *
 * @example
 * ```ts
 * const n: SyncNotice = {
 *   event: 'NewDrawingsPublished', key: 'cn-1#NewDrawingsPublished#drawings#…', connectionId: connectionId('cn-1'),
 *   dataType: 'drawings', tool: 'drawings', at: now, itemIds: ['A-101'],
 *   downstream: { projectId: projectId('sub-tower'), companyId: companyId('electric-co') },
 * };
 * ```
 * @since 0.1.0
 */
export interface SyncNotice {
  /** The notification event (§5). */
  readonly event: SyncNoticeEvent;
  /** A stable key: planning the same change again gives the same key (N5). */
  readonly key: string;
  /** The connection the sync ran on. */
  readonly connectionId: ConnectionId;
  /** The data type synced. */
  readonly dataType: DataTypeId;
  /** The tool of the data type, whose admins are notified. */
  readonly tool: ToolId;
  /** The downstream project told, and its company. */
  readonly downstream: { readonly projectId: ProjectId; readonly companyId: CompanyId };
  /** When the sync was planned, in epoch milliseconds. */
  readonly at: Timestamp;
  /** The upstream items concerned (for InitialSyncComplete: the items copied by the initial sync). */
  readonly itemIds: readonly string[];
}

/**
 * Schema of a {@link SyncNotice}. @example `SyncNoticeSchema.parse(plan.notices[0])`
 * @since 0.1.0
 */
export const SyncNoticeSchema = z.object({
  event: z.enum(SYNC_NOTICE_EVENTS),
  key: z.string().min(1).max(2000).refine(...storableText('a key')),
  connectionId: ConnectionIdSchema,
  dataType: DataTypeIdSchema,
  tool: ToolIdSchema,
  downstream: z.object({ projectId: ProjectIdSchema, companyId: CompanyIdSchema }),
  at: z.number().int().nonnegative(),
  itemIds: z.array(ItemIdSchema).max(100_000),
});
