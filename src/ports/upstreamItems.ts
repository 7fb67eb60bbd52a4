import type { DataTypeId } from '../connection/commands.js';
import type { ProjectId } from '../core/ids.js';
import type { SourceItem } from '../sync/item.js';

/**
 * A request for one page of an upstream project's items of one data type.
 *
 * @example
 * ```ts
 * const request: UpstreamItemsRequest = { projectId: projectId('tower'), dataType: 'drawings', limit: 200 };
 * ```
 * @since 0.2.0
 */
export interface UpstreamItemsRequest {
  /** The upstream project whose items are read. */
  readonly projectId: ProjectId;
  /** The data type of the items, e.g. `drawings`. */
  readonly dataType: DataTypeId;
  /** The `next` of the previous page; omitted for the first. */
  readonly after?: string;
  /** At most this many items. */
  readonly limit: number;
}

/**
 * One page of upstream items: the items (published or not: the service picks what syncs, S4) and where
 * the next page starts (`null` on the last).
 *
 * @example
 * ```ts
 * const page: UpstreamItemsPage = { items: [sheetA101, sheetA102], next: null };
 * ```
 * @since 0.2.0
 */
export interface UpstreamItemsPage {
  /** The items of this page, published or not (the service picks what syncs, S4). */
  readonly items: readonly SourceItem[];
  /** The `after` of the next page, or null on the last. */
  readonly next: string | null;
}

/**
 * The upstream items port (read side): the items of a project of the product that owns them (its
 * drawings, RFIs, ...), paged. The service reads it to plan a connection's initial sync itself when
 * the connection becomes connected (S2); upstream changes afterwards are reported to the service with
 * `publishUpstreamItems`, `unpublishUpstreamItems` and `deleteUpstreamItems`.
 *
 * @remarks
 * Optional: without it, the initial sync copies the items the service was told about through those
 * commands. A method that throws or rejects is a port failure: the initial sync task is retried later.
 *
 * @example
 * ```ts
 * const upstreamItems: UpstreamItemsPort = {
 *   async items({ projectId, dataType, after, limit }) {
 *     const rows = await db.drawings(projectId, after, limit);
 *     return { items: rows.map(toSourceItem), next: rows.length === limit ? rows.at(-1).id : null };
 *   },
 * };
 * ```
 * @since 0.2.0
 */
export interface UpstreamItemsPort {
  /** One page of the items of a project's data type. */
  items(request: UpstreamItemsRequest): Promise<UpstreamItemsPage>;
}
