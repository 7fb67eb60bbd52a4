import fc from 'fast-check';
import { CONNECTION_STATES, type ConnectionState } from '../connection/machine.js';
import { companyId, connectionId, projectId } from '../core/ids.js';
import type { UpstreamChange } from './change.js';
import type { SyncConnection } from './connection.js';
import type { SourceItem } from './item.js';

/**
 * Options of the sync arbitraries: which data types and item ids to draw from. Small pools make
 * collisions (the same item published, revised, deleted) likely, which is what properties need.
 *
 * @example
 * ```ts
 * const opts: SyncArbitraryOptions = { dataTypes: ['drawings', 'rfis'], itemIds: ['A-1', 'A-2'] };
 * ```
 * @since 0.1.0
 */
export interface SyncArbitraryOptions {
  /** The data types to draw from; default `['drawings']`. */
  readonly dataTypes?: readonly string[];
  /** The item ids to draw from (a small default set, so items collide). */
  readonly itemIds?: readonly string[];
  /** The highest revision drawn; default 4. */
  readonly maxRevision?: number;
}

const DEFAULT_ITEM_IDS = Object.freeze(['A-101', 'A-102', 'A-201', 'S/1', 'x%2F']);

/**
 * An upstream item drawn from small pools.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbSourceItem(), (item) => item.revision >= 0));
 * ```
 * @since 0.1.0
 */
export function arbSourceItem(options: SyncArbitraryOptions = {}): fc.Arbitrary<SourceItem> {
  return fc.record({
    dataType: fc.constantFrom(...(options.dataTypes ?? ['drawings'])),
    itemId: fc.constantFrom(...(options.itemIds ?? DEFAULT_ITEM_IDS)),
    revision: fc.nat({ max: options.maxRevision ?? 4 }),
    published: fc.boolean(),
    attributes: fc.record({ status: fc.constantFrom('open', 'closed') }),
  });
}

function uniqueItems<T extends { dataType: string; itemId: string }>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.uniqueArray(arb, { minLength: 1, maxLength: 4, selector: (i) => `${i.dataType}\u0000${i.itemId}` });
}

/**
 * An upstream change (published, revised, uploaded or deleted) over the item pools.
 *
 * @example
 * ```ts
 * fc.sample(arbUpstreamChange(), 3);
 * ```
 * @since 0.1.0
 */
export function arbUpstreamChange(options: SyncArbitraryOptions = {}): fc.Arbitrary<UpstreamChange> {
  const item = arbSourceItem(options);
  return fc.oneof(
    fc.record({ kind: fc.constantFrom('published' as const, 'revised' as const), items: uniqueItems(item.map((i) => ({ ...i, published: true }))) }),
    fc.record({ kind: fc.constantFrom('published' as const, 'revised' as const, 'uploaded' as const), items: uniqueItems(item) }),
    fc.record({
      kind: fc.constant('deleted' as const),
      items: uniqueItems(item.map((i) => ({ dataType: i.dataType, itemId: i.itemId }))),
    }),
  );
}

/**
 * A connection record for the sync planner, in the given state (or any state).
 *
 * @example
 * ```ts
 * const [connection] = fc.sample(arbSyncConnection('connected'), 1);
 * connection?.state; // 'connected'
 * ```
 * @since 0.1.0
 */
export function arbSyncConnection(state?: ConnectionState, options: SyncArbitraryOptions = {}): fc.Arbitrary<SyncConnection> {
  return fc.record({
    id: fc.constantFrom(connectionId('cn-1'), connectionId('cn/2')),
    state: state === undefined ? fc.constantFrom(...CONNECTION_STATES) : fc.constant(state),
    dataTypes: fc.constant([...(options.dataTypes ?? ['drawings'])]),
    upstream: fc.constant({ projectId: projectId('gc-tower'), companyId: companyId('build-co') }),
    downstream: fc.constant({ projectId: projectId('sub-tower'), companyId: companyId('electric-co') }),
  });
}

/**
 * A sync story: the upstream items at connection time, the changes that follow, and after how many
 * changes the connection is disconnected (`null`: never).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbSyncScenario(), (s) => s.changes.length <= 12));
 * ```
 * @since 0.1.0
 */
export function arbSyncScenario(options: SyncArbitraryOptions = {}): fc.Arbitrary<{
  readonly initialItems: readonly SourceItem[];
  readonly changes: readonly UpstreamChange[];
  readonly disconnectAfter: number | null;
}> {
  return fc.record({
    initialItems: fc.uniqueArray(arbSourceItem(options), { maxLength: 5, selector: (i) => `${i.dataType}\u0000${i.itemId}` }),
    changes: fc.array(arbUpstreamChange(options), { maxLength: 12 }),
    disconnectAfter: fc.option(fc.nat({ max: 12 }), { nil: null }),
  });
}
