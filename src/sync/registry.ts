import { z } from 'zod';
import { DataTypeIdSchema, type DataTypeId } from '../connection/commands.js';
import type { DomainError } from '../core/errors.js';
import { ToolIdSchema, type ToolId } from '../core/facts.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import type { SourceItem } from './item.js';

/**
 * One shared data type of the registry (S1): its id, the tool that holds it, whether its changes send
 * the Drawings-style notifications, and the predicate that says which upstream items sync.
 *
 * @remarks
 * An entry is data plus one small pure function. Adding a type (RFIs, submittals, ...) is adding an
 * entry to a registry: the planner has no per-type code. `isSyncable` must be pure and total; if it
 * throws, planning returns `INVALID_INPUT` naming the entry. Unpublished items never sync whatever the
 * predicate says (S4).
 *
 * @example
 * ```ts
 * const rfis: SharedDataType = {
 *   id: 'rfis', tool: 'rfis', label: 'RFIs', notifies: false,
 *   isSyncable: (item) => item.attributes['status'] === 'closed',
 * };
 * ```
 * @since 0.1.0
 */
export interface SharedDataType {
  /** The data type id, e.g. `drawings` (S1). */
  readonly id: DataTypeId;
  /** The tool that holds the data (C2(d), C14); its admins receive the type's notifications. */
  readonly tool: ToolId;
  /** A human label, e.g. `Drawings`. */
  readonly label: string;
  /** Whether syncing this type sends InitialSyncComplete / NewDrawingsPublished / DrawingsDeleted (§5). */
  readonly notifies: boolean;
  /** Which published upstream items of this type are copied downstream. */
  readonly isSyncable: (item: SourceItem) => boolean;
}

/**
 * A validated, frozen set of shared data types, with unique ids (S1).
 *
 * @example
 * ```ts
 * DEFAULT_SYNC_REGISTRY.types.map((t) => t.id); // ['drawings']
 * ```
 * @since 0.1.0
 */
export interface SyncRegistry {
  /** Marks a registry built by `createSyncRegistry`. */
  readonly kind: 'SyncRegistry';
  /** The shared data types, in registration order. */
  readonly types: readonly SharedDataType[];
}

/**
 * Drawings, the built-in shared data type (S1, S2–S4): every published drawing syncs; its admins get
 * the §5 sync notifications.
 *
 * @example
 * ```ts
 * DRAWINGS_DATA_TYPE.isSyncable({ dataType: 'drawings', itemId: 'A-1', revision: 0, published: true, attributes: {} }); // true
 * ```
 * @since 0.1.0
 */
export const DRAWINGS_DATA_TYPE: SharedDataType = Object.freeze({
  id: 'drawings',
  tool: 'drawings',
  label: 'Drawings',
  notifies: true,
  isSyncable: (item: SourceItem) => {
    try {
      return typeof item === 'object' && item !== null && item.published === true;
    } catch {
      return false; // an item that throws when read never syncs
    }
  },
});

/**
 * Schema of a {@link SharedDataType}. @example `SharedDataTypeSchema.safeParse(DRAWINGS_DATA_TYPE).success // true`
 * @since 0.1.0
 */
export const SharedDataTypeSchema = z.object({
  id: DataTypeIdSchema,
  tool: ToolIdSchema,
  label: z.string().min(1).max(200),
  notifies: z.boolean(),
  isSyncable: z.custom<(item: SourceItem) => boolean>((v) => typeof v === 'function', 'isSyncable must be a function'),
});

const EntriesSchema = z
  .array(SharedDataTypeSchema)
  .min(1, 'a registry holds at least one data type')
  .max(64)
  .refine((types) => new Set(types.map((t) => t.id)).size === types.length, 'data type ids must not repeat');

function freezeRegistry(types: readonly SharedDataType[]): SyncRegistry {
  return Object.freeze({
    kind: 'SyncRegistry' as const,
    types: Object.freeze(types.map((t) => Object.freeze({ ...t }))),
  });
}

/**
 * Builds a registry from entries (S1): at least one, ids unique → else `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const registry = createSyncRegistry([DRAWINGS_DATA_TYPE, rfis]);
 * if (registry.ok) planInitialSync({ ..., registry: registry.value });
 * ```
 * @since 0.1.0
 */
export function createSyncRegistry(types: readonly SharedDataType[]): Result<SyncRegistry, DomainError> {
  const parsed = parseInput(EntriesSchema, types);
  if (!parsed.ok) return parsed;
  return ok(freezeRegistry(parsed.value));
}

/**
 * The registry with the built-in types: Drawings.
 *
 * @example
 * ```ts
 * findDataType(DEFAULT_SYNC_REGISTRY, 'drawings')?.label; // 'Drawings'
 * ```
 * @since 0.1.0
 */
export const DEFAULT_SYNC_REGISTRY: SyncRegistry = freezeRegistry([DRAWINGS_DATA_TYPE]);

/**
 * The entry of a data type, if the registry has it.
 *
 * @example
 * ```ts
 * findDataType(DEFAULT_SYNC_REGISTRY, 'rfis'); // undefined
 * ```
 * @since 0.1.0
 */
export function findDataType(registry: SyncRegistry, id: string): SharedDataType | undefined {
  try {
    if (typeof registry !== 'object' || registry === null || !Array.isArray(registry.types)) return undefined;
    return registry.types.find((t) => typeof t === 'object' && t !== null && t.id === id);
  } catch {
    return undefined;
  }
}

/**
 * Schema that accepts only a registry built by {@link createSyncRegistry} (or the default). @example `SyncRegistrySchema.safeParse(DEFAULT_SYNC_REGISTRY).success // true`
 * @since 0.1.0
 */
export const SyncRegistrySchema = z.object({
  kind: z.literal('SyncRegistry'),
  types: EntriesSchema,
});
