import type { StoragePort, VersionedRecord } from '../ports/storage.js';
import type { RecordCache } from './recordCache.js';
import { loadRecords } from './storageReads.js';

/**
 * Internal: the records one attempt has read, by key, with the versions to expect at commit.
 * @internal
 */
export class Loaded {
  readonly records = new Map<string, VersionedRecord>();
  /** Whether any record came from the service's record cache rather than from the storage. */
  fromCache = false;

  /** `cache`: where {@link loadClosure} reads records first and keeps what it loads (null: always the storage). */
  constructor(readonly cache: RecordCache | null = null) {}

  /** The data of a loaded record (undefined when absent or not loaded). */
  get<T>(key: string): T | undefined {
    const data = this.records.get(key)?.data;
    return data === null || data === undefined ? undefined : (data as T);
  }

  /**
   * The loaded record under `key` as its reader validates it, or undefined when absent, not loaded or
   * malformed (the reading of the view reports a malformed record as `DATA_CORRUPTED`).
   */
  valid<T>(reader: { read(key: string, value: unknown): { ok: boolean; value?: T } }, key: string): T | undefined {
    const data = this.records.get(key)?.data;
    if (data === null || data === undefined) return undefined;
    const r = reader.read(key, data);
    return r.ok ? r.value : undefined;
  }

  /** The version a loaded record had (0 when absent or not loaded). */
  version(key: string): number {
    return this.records.get(key)?.version ?? 0;
  }

  /** Every loaded record, absent ones included, as commit expectations. */
  expected(): { key: string; version: number }[] {
    const out: { key: string; version: number }[] = [];
    for (const r of this.records.values()) out.push({ key: r.key, version: r.version });
    return out;
  }
}

/**
 * Internal: loads the keys `needed` asks for, then the keys it asks for once those are known, until it
 * asks for nothing new (a decision's records can depend on other records, e.g. a ledger names the open
 * connection to load). At most `rounds` rounds; one storage call per round.
 *
 * @remarks
 * `ahead` are keys the first round also loads on a guess (hints of what the records will name, so
 * that a decision that needs a second round usually gets it from the first call). A guessed key that
 * `needed` does not name in the end is dropped from the result, so the decision sees exactly the
 * records it would have seen without the guess, and the commit expects no version of the others.
 *
 * With the loaded set's record cache, keys it holds are read from it (a round they all come from costs
 * no storage call) and every record loaded is offered to it.
 * @internal
 */
export async function loadClosure(
  storage: StoragePort,
  needed: (loaded: Loaded) => readonly string[],
  rounds = 6,
  into?: Loaded,
  ahead: readonly string[] = NONE,
): Promise<Loaded> {
  const loaded = into ?? new Loaded();
  for (let round = 0; round < rounds; round += 1) {
    const asked = needed(loaded);
    let keys: string[] | null = null;
    const seen = asked.length > 64 ? new Set<string>() : null;
    for (const k of asked) {
      if (loaded.records.has(k)) continue;
      if (seen !== null) {
        if (seen.has(k)) continue;
        seen.add(k);
      } else if (keys !== null && keys.includes(k)) continue;
      (keys ??= []).push(k);
    }
    if (keys === null) {
      if (ahead.length > 0) dropUnnamed(loaded, ahead, asked);
      return loaded;
    }
    if (round === 0) for (const k of ahead) if (!loaded.records.has(k) && !keys.includes(k)) keys.push(k);
    const cache = loaded.cache;
    if (cache !== null) {
      // Records the cache holds are read from it; only the others are loaded.
      let missing: string[] | null = null;
      for (const k of keys) {
        const cached = cache.get(k);
        if (cached === undefined) (missing ??= []).push(k);
        else {
          loaded.records.set(k, cached);
          loaded.fromCache = true;
        }
      }
      if (missing === null) continue;
      keys = missing;
    }
    const records = await loadRecords(storage, keys);
    for (let i = 0; i < keys.length; i += 1) {
      loaded.records.set(keys[i]!, records[i]!);
      cache?.offer(records[i]!);
    }
  }
  if (ahead.length > 0) dropUnnamed(loaded, ahead, needed(loaded));
  return loaded;
}

const NONE: readonly string[] = Object.freeze([]);

/** Forgets the records loaded ahead that the decision does not name. */
function dropUnnamed(loaded: Loaded, ahead: readonly string[], named: readonly string[]): void {
  for (const k of ahead) if (!named.includes(k)) loaded.records.delete(k);
}
