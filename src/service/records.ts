import type { StoragePort, VersionedRecord } from '../ports/storage.js';

/** Internal: the records one attempt has read, by key, with the versions to expect at commit. */
export class Loaded {
  readonly records = new Map<string, VersionedRecord>();

  /** The data of a loaded record (undefined when absent or not loaded). */
  get<T>(key: string): T | undefined {
    const r = this.records.get(key);
    return r === undefined || r.data === null || r.data === undefined ? undefined : (r.data as T);
  }

  /** Every loaded record, absent ones included, as commit expectations. */
  expected(): { key: string; version: number }[] {
    return [...this.records.values()].map((r) => ({ key: r.key, version: r.version }));
  }

  /** The present records whose key starts with `prefix`, keyed by the rest of the key. */
  collection<T>(prefix: string): Record<string, T> {
    const out: Record<string, T> = {};
    for (const r of this.records.values()) {
      if (r.key.startsWith(prefix) && r.data !== null && r.data !== undefined) {
        Object.defineProperty(out, r.key.slice(prefix.length), { value: r.data, enumerable: true, writable: true, configurable: true });
      }
    }
    return out;
  }
}

function checkRecord(value: unknown, key: string): VersionedRecord {
  if (typeof value !== 'object' || value === null) throw new Error(`storage answered a non-record for "${key}"`);
  const r = value as VersionedRecord;
  if (r.key !== key || typeof r.version !== 'number' || !Number.isSafeInteger(r.version) || r.version < 0) {
    throw new Error(`storage answered a malformed record for "${key}"`);
  }
  return r;
}

/**
 * Internal: loads the keys `needed` asks for, then the keys it asks for once those are known, until it
 * asks for nothing new (a decision's records can depend on other records, e.g. a ledger names the open
 * connection to load). At most `rounds` rounds.
 */
export async function loadClosure(storage: StoragePort, needed: (loaded: Loaded) => readonly string[], rounds = 6): Promise<Loaded> {
  const loaded = new Loaded();
  for (let round = 0; round < rounds; round += 1) {
    const keys = [...new Set(needed(loaded))].filter((k) => !loaded.records.has(k));
    if (keys.length === 0) return loaded;
    const records = await storage.load(keys);
    if (!Array.isArray(records) || records.length !== keys.length) throw new Error('storage answered a load with the wrong number of records');
    keys.forEach((key, i) => loaded.records.set(key, checkRecord(records[i], key)));
  }
  return loaded;
}

/** Internal: the records of `after` that differ from what was loaded (new or changed), as writes. */
export function changedRecords(loaded: Loaded, prefix: string, after: Readonly<Record<string, unknown>>): { key: string; data: unknown }[] {
  const writes: { key: string; data: unknown }[] = [];
  for (const [id, data] of Object.entries(after)) {
    const key = `${prefix}${id}`;
    const before = loaded.get<unknown>(key);
    if (before === undefined || (before !== data && JSON.stringify(before) !== JSON.stringify(data))) writes.push({ key, data });
  }
  return writes;
}
