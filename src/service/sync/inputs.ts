import { z } from 'zod';
import { DataTypeIdSchema } from '../../connection/commands.js';
import { ConnectionIdSchema, IdempotencyKeySchema, ProjectIdSchema } from '../../core/ids.js';
import { ItemIdSchema, SourceItemSchema } from '../../sync/item.js';

/*
 * Internal: the input schemas of the sync methods of the service. The typed inputs users write are in
 * ../inputTypes.ts; these check them at run time.
 */

/**
 * At most this many items in one upstream change: a larger batch is refused whole (nothing written). @example `items.length <= MAX_UPSTREAM_BATCH`
 * @since 0.2.0
 */
export const MAX_UPSTREAM_BATCH = 500;

const batch = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .min(1, 'name at least one item')
    .max(MAX_UPSTREAM_BATCH, `at most ${MAX_UPSTREAM_BATCH} items in one call: split the batch`)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((i, index) => {
        const { dataType, itemId } = i as { dataType: string; itemId: string };
        const key = `${dataType}\u0000${itemId}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index], message: `item "${itemId}" of "${dataType}" is named twice in the batch` });
        seen.add(key);
      });
    });

const PublishedItemSchema = z.strictObject({
  dataType: DataTypeIdSchema,
  itemId: ItemIdSchema,
  revision: SourceItemSchema.shape.revision,
  attributes: SourceItemSchema.shape.attributes,
});

const ItemRefSchema = z.strictObject({ dataType: DataTypeIdSchema, itemId: ItemIdSchema });

/**
 * Internal: the inputs of the sync methods.
 * @internal
 */
export const SyncInputSchemas = {
  publish: z.strictObject({ upstreamProjectId: ProjectIdSchema, items: batch(PublishedItemSchema), idempotencyKey: IdempotencyKeySchema.optional() }),
  change: z.strictObject({ upstreamProjectId: ProjectIdSchema, items: batch(ItemRefSchema), idempotencyKey: IdempotencyKeySchema.optional() }),
  status: z.strictObject({ connectionId: ConnectionIdSchema }),
  copies: z.strictObject({
    upstreamProjectId: ProjectIdSchema,
    dataType: DataTypeIdSchema,
    itemId: ItemIdSchema,
    limit: z.number().int().min(1).max(1000).optional(),
    after: z.string().max(1000).optional(),
  }),
};
