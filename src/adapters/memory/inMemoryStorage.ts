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
  /**
   * How many receipts of unkeyed commands (keys starting with `auto:`) to keep, the most recent ones.
   * Default 10,000. Such a receipt is only ever read by the call that drew its key, to recognise its own
   * commit when the answer was lost (see docs/service.md, "Memory"); receipts under a caller's key
   * (C15) are always kept.
   */
  readonly autoReceipts?: number;
  /**
   * How many delivered outbox ids to remember, the most recent ones, so that committing one again does
   * not queue it again. Default 10,000. An id forgotten and committed again is delivered again under
   * the same id: delivery is at least once anyway, and receivers de-duplicate by id (N5, S6).
   */
  readonly deliveredIds?: number;
}

const AUTO_RECEIPT = 'auto:';

function limit(value: unknown, fallback: number): number {
  return typeof value === 'number' && !Number.isNaN(value) && value >= 0 ? Math.floor(value) : fallback;
}

/**
 * Deletes the oldest entries of an insertion-ordered map or set once it holds a quarter more than
 * `max`, down to `max` (in batches: deleting one entry at a time from the front costs a scan over the
 * deleted slots every time).
 */
function trim(entries: Map<string, unknown> | Set<string>, max: number): void {
  if (entries.size <= max + Math.max(16, max >>> 2)) return;
  for (const key of entries.keys()) {
    entries.delete(key);
    if (entries.size <= max) return;
  }
}

/**
 * An in-memory {@link StoragePort}: the embedded default, used by the demo and most tests.
 *
 * @remarks
 * It keeps the same promises as a database: a commit checks every expected version and then applies all
 * its writes, events, outbox items and receipt with no await in between, so it is atomic, and a version
 * conflict writes nothing. Records are stored frozen; outbox items are de-duplicated by id (a delivered
 * id is not queued again while remembered: the last `deliveredIds` of them). Memory grows with the
 * records, their events and caller-keyed receipts; receipts of unkeyed commands and delivered ids are
 * bounded (see {@link InMemoryStorageOptions}).
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
  const maxAutoReceipts = limit(options?.autoReceipts, 10_000);
  const maxDelivered = limit(options?.deliveredIds, 10_000);
  const records = new Map<string, VersionedRecord>();
  const streams = new Map<string, unknown[]>();
  const receipts = new Map<string, Receipt>();
  const autoReceipts = new Map<string, Receipt>();
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
      if (request.receipt !== undefined && (receipts.has(request.receipt.key) || autoReceipts.has(request.receipt.key))) {
        return { ok: false, conflicts: [`receipt:${request.receipt.key}`] };
      }
      const versions = new Map(request.expected.map((e) => [e.key, e.version]));
      for (const write of request.writes) {
        const previous = records.get(write.key);
        const version = (versions.get(write.key) ?? previous?.version ?? 0) + 1;
        records.set(write.key, Object.freeze({ key: previous?.key ?? write.key, version, data: deepFreeze(write.data) }));
      }
      for (const append of request.events) {
        const stream = streams.get(append.stream);
        const frozen = append.events.map((e) => deepFreeze(e));
        // A stream named like a record (connection:<id>) shares the record's key string.
        if (stream === undefined) streams.set(records.get(append.stream)?.key ?? append.stream, frozen);
        else for (const e of frozen) stream.push(e);
      }
      for (const item of request.outbox) {
        if (outbox.has(item.id) || delivered.has(item.id)) continue;
        outbox.set(item.id, { item: deepFreeze(item), attempts: 0, availableAt: item.availableAt, lastError: null });
      }
      if (request.receipt !== undefined) {
        const { key, fingerprint, outcome, at } = request.receipt;
        const receipt = deepFreeze({ fingerprint, outcome, at });
        if (String(key).startsWith(AUTO_RECEIPT)) {
          autoReceipts.set(key, receipt);
          trim(autoReceipts, maxAutoReceipts);
        } else receipts.set(key, receipt);
      }
      return { ok: true };
    },
    async history(stream) {
      await latency();
      return [...(streams.get(String(stream)) ?? [])];
    },
    async receipt(key) {
      await latency();
      const k = String(key);
      return receipts.get(k) ?? autoReceipts.get(k);
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
      trim(delivered, maxDelivered);
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
