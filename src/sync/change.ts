import { z } from 'zod';
import { DataTypeIdSchema, type DataTypeId } from '../connection/commands.js';
import { ItemIdSchema, SourceItemSchema, type SourceItem, type SourceItemInput } from './item.js';

/**
 * Something that happened to items in the upstream project, as the sync planner sees it.
 *
 * @remarks
 * - `published`: items (new, or a new revision) were published upstream → copy or update (S3).
 * - `revised`: a new revision of already-synced items; it syncs once it is published (S4).
 * - `uploaded`: items were uploaded but not published → nothing ever moves (S4).
 * - `deleted`: items were deleted upstream → their copies are deleted (S3).
 *
 * @example
 * ```ts
 * const change: UpstreamChange = { kind: 'published', items: [sheetA101] };
 * const gone: UpstreamChange = { kind: 'deleted', items: [{ dataType: 'drawings', itemId: 'A-101' }] };
 * ```
 * @since 0.1.0
 */
export type UpstreamChange =
  | { readonly kind: 'published' | 'revised' | 'uploaded'; readonly items: readonly SourceItem[] }
  | { readonly kind: 'deleted'; readonly items: readonly DeletedItem[] };

/**
 * An {@link UpstreamChange} as the planners accept it: items may omit `attributes`.
 *
 * @example
 * ```ts
 * const change: UpstreamChangeInput = { kind: 'published', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 2, published: true }] };
 * ```
 * @since 0.2.0
 */
export type UpstreamChangeInput =
  | { readonly kind: 'published' | 'revised' | 'uploaded'; readonly items: readonly SourceItemInput[] }
  | { readonly kind: 'deleted'; readonly items: readonly DeletedItem[] };

/**
 * An item deleted upstream: its type and id.
 *
 * @example
 * ```ts
 * const d: DeletedItem = { dataType: 'drawings', itemId: 'A-101' };
 * ```
 * @since 0.1.0
 */
export interface DeletedItem {
  /** The data type of the deleted upstream item. */
  readonly dataType: DataTypeId;
  /** The id of the deleted upstream item. */
  readonly itemId: string;
}

const unique = (items: readonly { dataType: string; itemId: string }[]) =>
  new Set(items.map((i) => `${i.dataType}\u0000${i.itemId}`)).size === items.length;

/**
 * Schema of an {@link UpstreamChange}: 1 to 10 000 distinct items. @example `UpstreamChangeSchema.parse({ kind: 'uploaded', items: [item] })`
 * @since 0.1.0
 */
export const UpstreamChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['published', 'revised', 'uploaded']),
    items: z.array(SourceItemSchema).min(1).max(10_000).refine(unique, 'an item appears once per change'),
  }),
  z.object({
    kind: z.literal('deleted'),
    items: z
      .array(z.object({ dataType: DataTypeIdSchema, itemId: ItemIdSchema }))
      .min(1)
      .max(10_000)
      .refine(unique, 'an item appears once per change'),
  }),
]);
