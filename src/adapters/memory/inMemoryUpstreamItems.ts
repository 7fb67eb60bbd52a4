import type { SourceItem } from '../../sync/item.js';
import type { UpstreamItemsPage, UpstreamItemsPort, UpstreamItemsRequest } from '../../ports/upstreamItems.js';

/**
 * An in-memory {@link UpstreamItemsPort} you can change, for tests and demos: the items of each
 * upstream project, by data type and item id.
 *
 * @example
 * ```ts
 * const upstream = createInMemoryUpstreamItems();
 * upstream.put('tower', { dataType: 'drawings', itemId: 'A-101', revision: 1, published: true, attributes: {} });
 * ```
 * @since 0.2.0
 */
export interface InMemoryUpstreamItems extends UpstreamItemsPort {
  /** Adds or replaces an item of a project (frozen copy). */
  put(projectId: string, item: SourceItem): void;
  /** Removes an item of a project. */
  remove(projectId: string, dataType: string, itemId: string): void;
}

/**
 * Creates an in-memory upstream items port: pages in item id order, the cursor being the last id.
 *
 * @example
 * ```ts
 * const upstream = createInMemoryUpstreamItems({ tower: [a101, a102, a103, a104] });
 * const page = await upstream.items({ projectId: projectId('tower'), dataType: 'drawings', limit: 100 });
 * ```
 * @since 0.2.0
 */
export function createInMemoryUpstreamItems(initial: Readonly<Record<string, readonly SourceItem[]>> = {}): InMemoryUpstreamItems {
  const projects = new Map<string, Map<string, SourceItem>>();
  const keyOf = (dataType: string, itemId: string) => `${dataType}\u0000${itemId}`;
  const put = (projectId: string, item: SourceItem) => {
    let items = projects.get(projectId);
    if (items === undefined) projects.set(projectId, (items = new Map()));
    items.set(keyOf(item.dataType, item.itemId), Object.freeze({ ...item, attributes: Object.freeze({ ...item.attributes }) }));
  };
  try {
    for (const [projectId, items] of Object.entries(initial ?? {})) for (const item of Array.isArray(items) ? items : []) put(projectId, item);
  } catch {
    // Unreadable initial items: start empty.
  }
  return {
    put,
    remove(projectId, dataType, itemId) {
      projects.get(String(projectId))?.delete(keyOf(String(dataType), String(itemId)));
    },
    async items(request: UpstreamItemsRequest): Promise<UpstreamItemsPage> {
      const all = [...(projects.get(String(request?.projectId))?.values() ?? [])]
        .filter((i) => i.dataType === request.dataType)
        .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
      const start = typeof request.after === 'string' ? all.findIndex((i) => i.itemId > (request.after as string)) : 0;
      const limit = Math.max(1, Math.floor(Number(request.limit) || 1));
      const from = start < 0 ? all.length : start;
      const items = all.slice(from, from + limit);
      const last = items[items.length - 1];
      return Object.freeze({ items: Object.freeze(items), next: from + limit < all.length && last !== undefined ? last.itemId : null });
    },
  };
}
