import { deepFreeze } from '../../core/freeze.js';
import type { CommitRequest, CommitResult, OutboxItem, StoragePort, VersionedRecord } from '../../ports/storage.js';

interface Receipt {
  readonly fingerprint: string;
  readonly outcome: unknown;
  readonly at: number;
}

interface OutboxEntry {
  item: OutboxItem;
  attempts: number;
  availableAt: number;
  lastError: string | null;
}

/**
 * Options of {@link createInMemoryStorage}.
 *
 * @example
 * ```ts
 * const storage = createInMemoryStorage({ latency: () => Promise.resolve() });
 * ```
 */
export interface InMemoryStorageOptions {
  /**
   * Awaited at the start of every call, so tests can interleave concurrent commands
   * (e.g. with `fc.scheduler`). Default: a resolved promise (one microtask).
   */
  readonly latency?: () => Promise<void>;
}

/**
 * An in-memory {@link StoragePort}: the embedded default, used by the demo and most tests.
 *
 * @remarks
 * It keeps the same promises as a database: a commit checks every expected version and then applies all
 * its writes, events, outbox items and receipt with no await in between, so it is atomic, and a version
 * conflict writes nothing. Records are stored frozen; outbox items are de-duplicated by id (a delivered
 * id is never queued again).
 *
 * @example
 * ```ts
 * const storage = createInMemoryStorage();
 * await storage.commit({ expected: [{ key: 'x:1', version: 0 }], writes: [{ key: 'x:1', data: { n: 1 } }], events: [], outbox: [] });
 * (await storage.load(['x:1']))[0]?.version; // 1
 * ```
 */
export function createInMemoryStorage(options: InMemoryStorageOptions = {}): StoragePort {
  const latency = typeof options?.latency === 'function' ? options.latency : () => Promise.resolve();
  const records = new Map<string, VersionedRecord>();
  const streams = new Map<string, unknown[]>();
  const receipts = new Map<string, Receipt>();
  const outbox = new Map<string, OutboxEntry>();
  const delivered = new Set<string>();

  const read = (key: string): VersionedRecord => records.get(key) ?? { key, version: 0, data: null };

  return {
    async load(keys) {
      await latency();
      return Array.isArray(keys) ? keys.map((k) => read(String(k))) : [];
    },
    async list(prefix) {
      await latency();
      const p = String(prefix);
      return [...records.values()].filter((r) => r.key.startsWith(p)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async commit(request: CommitRequest): Promise<CommitResult> {
      await latency();
      // From here on there is no await: the check and the writes form one atomic step.
      const conflicts = request.expected.filter((e) => read(e.key).version !== e.version).map((e) => e.key);
      if (conflicts.length > 0) return { ok: false, conflicts };
      if (request.receipt !== undefined && receipts.has(request.receipt.key)) return { ok: false, conflicts: [`receipt:${request.receipt.key}`] };
      const versions = new Map(request.expected.map((e) => [e.key, e.version]));
      for (const write of request.writes) {
        const version = (versions.get(write.key) ?? read(write.key).version) + 1;
        records.set(write.key, Object.freeze({ key: write.key, version, data: deepFreeze(write.data) }));
      }
      for (const append of request.events) {
        const stream = streams.get(append.stream) ?? [];
        stream.push(...append.events.map((e) => deepFreeze(e)));
        streams.set(append.stream, stream);
      }
      for (const item of request.outbox) {
        if (outbox.has(item.id) || delivered.has(item.id)) continue;
        outbox.set(item.id, { item: deepFreeze(item), attempts: 0, availableAt: item.availableAt, lastError: null });
      }
      if (request.receipt !== undefined) {
        const { key, fingerprint, outcome, at } = request.receipt;
        receipts.set(key, deepFreeze({ fingerprint, outcome, at }));
      }
      return { ok: true };
    },
    async history(stream) {
      await latency();
      return [...(streams.get(String(stream)) ?? [])];
    },
    async receipt(key) {
      await latency();
      return receipts.get(String(key));
    },
    async pendingOutbox(now, limit) {
      await latency();
      const due: OutboxItem[] = [];
      for (const entry of outbox.values()) {
        if (due.length >= limit) break;
        if (entry.availableAt <= now) due.push({ ...entry.item, attempts: entry.attempts, availableAt: entry.availableAt, lastError: entry.lastError });
      }
      return due;
    },
    async markDelivered(id) {
      await latency();
      outbox.delete(String(id));
      delivered.add(String(id));
    },
    async markFailed(id, error, retryAt) {
      await latency();
      const entry = outbox.get(String(id));
      if (entry === undefined) return;
      entry.attempts += 1;
      entry.availableAt = retryAt;
      entry.lastError = String(error);
    },
  };
}
