import { z } from 'zod';
import { DataTypeIdSchema, type DataTypeId } from '../connection/commands.js';
import { RESERVED_IDS } from '../core/ids.js';
import { storableText } from '../core/trust.js';

/**
 * A plain attribute value of a shared item (a drawing number, an RFI status, ...).
 *
 * @example
 * ```ts
 * const v: ItemAttribute = 'closed';
 * ```
 * @since 0.1.0
 */
export type ItemAttribute = string | number | boolean | null;

/**
 * One item of a shared data type as it stands in the upstream project: a drawing, an RFI, ...
 *
 * @remarks
 * `revision` grows with every new version of the item; together with `itemId` it names what a sync
 * operation copies (S6). `published` is the upstream publication flag (S4: unpublished items never
 * sync). `attributes` are free plain values the data type's eligibility predicate may read (S1).
 *
 * @example
 * ```ts
 * const sheet: SourceItem = {
 *   dataType: 'drawings', itemId: 'A-101', revision: 2, published: true,
 *   attributes: { title: 'Ground floor plan' },
 * };
 * ```
 * @since 0.1.0
 */
export interface SourceItem {
  /** The item's data type (S1). */
  readonly dataType: DataTypeId;
  /** The item's id in the upstream project. */
  readonly itemId: string;
  /** The item's revision; a copy only moves forward in revisions (S6). */
  readonly revision: number;
  /** Whether the item is published upstream; unpublished items never sync (S4). */
  readonly published: boolean;
  /** The item's plain attributes, copied as they are. */
  readonly attributes: Readonly<Record<string, ItemAttribute>>;
}

/**
 * A {@link SourceItem} as the planners accept it: `attributes` may be omitted (no attributes).
 *
 * @example
 * ```ts
 * const sheet: SourceItemInput = { dataType: 'drawings', itemId: 'A-101', revision: 2, published: true };
 * ```
 * @since 0.2.0
 */
export type SourceItemInput = Omit<SourceItem, 'attributes'> & { readonly attributes?: SourceItem['attributes'] };

/**
 * Schema of an item id: 1 to 200 characters, not a reserved key (`__proto__`, ...).
 *
 * @example
 * ```ts
 * ItemIdSchema.safeParse('A-101').success; // true
 * ```
 * @since 0.1.0
 */
export const ItemIdSchema = z
  .string()
  .min(1, 'an item id cannot be empty')
  .max(200, 'an item id has at most 200 characters')
  .refine((v) => !RESERVED_IDS.includes(v), { message: 'this id is reserved' })
  .refine(...storableText('this item id'));

const AttributeKeySchema = z
  .string()
  .min(1)
  .max(100)
  .refine((v) => !RESERVED_IDS.includes(v), { message: 'this attribute name is reserved' });

/**
 * Schema of a {@link SourceItem}; `attributes` defaults to `{}`.
 *
 * @example
 * ```ts
 * SourceItemSchema.parse({ dataType: 'drawings', itemId: 'A-101', revision: 1, published: true });
 * ```
 * @since 0.1.0
 */
export const SourceItemSchema = z.object({
  dataType: DataTypeIdSchema,
  itemId: ItemIdSchema,
  revision: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  published: z.boolean(),
  attributes: z
    .record(AttributeKeySchema, z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]))
    .default({}),
});
