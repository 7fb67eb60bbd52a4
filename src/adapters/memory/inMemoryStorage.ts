import { deepFreeze } from '../../core/freeze.js';
import type {
  CommitRequest,
  CommitResult,
  IndexPage,
  IndexQuery,
  OutboxClaim,
  OutboxItem,
  StoragePort,
  StoredReceipt,
  VersionedRecord,
} from '../../ports/storage.js';
import { OutboxQueue } from './outboxQueue.js';
import { RecentIds } from './recentIds.js';
import { compareKeys, SortedEntries } from './sortedIndex.js';

/**
 * Options of {@link createInMemoryStorage}.
 *
 * @example
 * ```ts
 * const storage = createInMemoryStorage({ latency: () => Promise.resolve() });
 * ```
 * @since 0.1.0
 */
export interface InMemoryStorageOptions {
  /**
   * Awaited at the start of every call, so tests can interleave concurrent commands
   * (e.g. with `fc.scheduler`). Default: none (each call still answers asynchronously).
   */
  readonly latency?: () => Promise<void>;
  /**
   * How many receipts of unkeyed commands (keys starting with `auto:`) to keep: at least this many of
   * the most recent ones, at most twice as many. Default 10,000. Such a receipt is only ever read by the call that drew its key, to recognise its own
   * commit when the answer was lost (see docs/service.md, "Memory"), so only its key is kept; receipts
   * under a caller's key (C15) are always kept, with their outcome.
   */
  readonly autoReceipts?: number;
  /**
   * How many delivered outbox ids to remember (at least this many of the most recent ones, at most twice
   * as many), so that committing one again does not queue it again. Default 10,000. An id forgotten and committed again is delivered again under
   * the same id: delivery is at least once anyway, and receivers de-duplicate by id (N5, S6).
   */
  readonly deliveredIds?: number;
}

const AUTO_RECEIPT = 'auto:';
/** What `receipt` answers for a remembered drawn key: it exists (its call knows its own outcome). */
const AUTO_FOUND: StoredReceipt = Object.freeze({ fingerprint: '', outcome: null, at: 0 });

type Flat = readonly (string | number)[];

/** A record as kept: its version, frozen data and flat index entries (the key is the map's). */
interface StoredRecord {
  version: number;
  data: unknown;
  index: Flat | null;
}
const MAX_QUERY_LIMIT = 10_000;

function limit(value: unknown, fallback: number): number {
  return typeof value === 'number' && !Number.isNaN(value) && value >= 0 ? Math.floor(value) : fallback;
}

function malformed(what: string): never {
  throw new TypeError(`invalid commit request: ${what}`);
}

const isKey = (v: unknown): v is string => typeof v === 'string';

/** Checks the shape of a commit request (the port's `CommitRequest`) before anything is applied. */
function checkRequest(request: CommitRequest): void {
  if (typeof request !== 'object' || request === null) malformed('expected an object');
  const { expected, writes, events, outbox, receipt } = request;
  if (!Array.isArray(expected) || !Array.isArray(writes) || !Array.isArray(events) || !Array.isArray(outbox)) malformed('expected, writes, events and outbox are arrays');
  for (const e of expected) if (typeof e !== 'object' || e === null || !isKey(e.key) || typeof e.version !== 'number') malformed('an expectation is { key, version }');
  for (const w of writes) {
    if (typeof w !== 'object' || w === null || !isKey(w.key)) malformed('a write is { key, data }');
    const index = w.index;
    if (index === undefined) continue;
    if (!Array.isArray(index)) malformed(`the index entries of "${w.key}" are an array`);
    for (const entry of index as readonly unknown[]) {
      const x = entry as { index?: unknown; term?: unknown; order?: unknown } | null;
      if (typeof x !== 'object' || x === null || !isKey(x.index) || !isKey(x.term) || typeof x.order !== 'number' || Number.isNaN(x.order)) {
        malformed(`an index entry of "${w.key}" is { index, term, order }`);
      }
    }
  }
  for (const a of events) if (typeof a !== 'object' || a === null || !isKey(a.stream) || !Array.isArray(a.events)) malformed('an event append is { stream, events }');
  for (const o of outbox) {
    if (typeof o !== 'object' || o === null || !isKey(o.id) || (o.kind !== 'notification' && o.kind !== 'sync' && o.kind !== 'task') || typeof o.availableAt !== 'number') {
      malformed('an outbox item is { id, kind, payload, availableAt }');
    }
    if (o.group !== undefined && !isKey(o.group)) malformed(`the group of outbox item "${o.id}" is a string`);
  }
  const { delivered, cancel } = request;
  if (delivered !== undefined && (!Array.isArray(delivered) || !delivered.every(isKey))) malformed('delivered is an array of outbox ids');
  if (cancel !== undefined && (typeof cancel !== 'object' || cancel === null || !Array.isArray(cancel.groups) || !cancel.groups.every(isKey) || typeof cancel.now !== 'number')) {
    malformed('cancel is { groups, now }');
  }
  if (receipt !== undefined && (typeof receipt !== 'object' || receipt === null || !isKey(receipt.key) || typeof receipt.fingerprint !== 'string')) {
    malformed('a receipt is { key, fingerprint, outcome, at }');
  }
}

/**
 * What an in-memory storage holds, for tests and demos: every record (key order), every stream, the
 * outbox items not yet delivered (queue order) and the receipts under callers' keys.
 *
 * @example
 * ```ts
 * const { records, outbox } = storage.snapshot();
 * expect(records).toEqual([]); // nothing was written
 * ```
 * @since 0.2.0
 */
export interface InMemoryStorageSnapshot {
  /** Every record written, with its version, sorted by key. */
  readonly records: readonly VersionedRecord[];
  /** Every event history, by stream. */
  readonly streams: Readonly<Record<string, readonly unknown[]>>;
  /** The outbox items not yet delivered, in queue order, with their attempts and last error. */
  readonly outbox: readonly OutboxItem[];
  /** The idempotency receipts under callers' keys, by key. */
  readonly receipts: Readonly<Record<string, StoredReceipt>>;
}

/**
 * The in-memory storage: a {@link StoragePort} that can also show what it holds.
 *
 * @example
 * ```ts
 * const storage: InMemoryStorage = createInMemoryStorage();
 * storage.snapshot().records.length; // 0
 * ```
 * @since 0.2.0
 */
export interface InMemoryStorage extends StoragePort {
  /** Everything stored, as plain frozen data (a copy: later commits do not change it). */
  snapshot(): InMemoryStorageSnapshot;
  /**
   * Deletes the receipts under callers' keys recorded before `before` (epoch ms, the receipt's `at`)
   * and answers how many went: run it past your retry horizon, as the PostgreSQL adapter's pruning
   * SQL does (docs/adapters.md). A retry with a pruned key runs as a new command. A `before` that is
   * not a finite number prunes nothing.
   *
   * @example
   * ```ts
   * storage.pruneReceipts(Date.now() - 7 * 24 * 3_600_000); // keep a week of retries
   * ```
   */
  pruneReceipts(before: number): number;
}

/**
 * An in-memory {@link StoragePort}: the embedded default, used by the demo and most tests.
 *
 * @remarks
 * It keeps the same promises as a database: a commit checks every expected version and then applies all
 * its writes, index entries, events, outbox items and receipt with no await in between, so it is
 * atomic, and a version conflict writes nothing. Index terms are kept sorted, so a query reads only
 * the entries it returns. Records are stored frozen; outbox items are de-duplicated by id (a delivered
 * id is not queued again while remembered: the last `deliveredIds` of them) and leased to one
 * dispatcher at a time. Memory grows with the records, their index entries and events, and
 * caller-keyed receipts; receipts of unkeyed commands and delivered ids are bounded (see
 * {@link InMemoryStorageOptions}).
 *
 * @example
 * ```ts
 * const storage = createInMemoryStorage();
 * await storage.commit({ expected: [{ key: 'x:1', version: 0 }], writes: [{ key: 'x:1', data: { n: 1 } }], events: [], outbox: [] });
 * (await storage.load(['x:1']))[0]?.version; // 1
 * ```
 * @since 0.1.0
 */
export function createInMemoryStorage(options: InMemoryStorageOptions = {}): InMemoryStorage {
  let latency: (() => Promise<void>) | null = null;
  let maxAutoReceipts = 10_000;
  let maxDelivered = 10_000;
  try {
    latency = typeof options?.latency === 'function' ? options.latency : null;
    maxAutoReceipts = limit(options?.autoReceipts, 10_000);
    maxDelivered = limit(options?.deliveredIds, 10_000);
  } catch {
    // Options that throw when read: the defaults.
  }
  /** key → the stored record, with its index entries flat: index, term, order, index, term, order, ... */
  const records = new Map<string, StoredRecord>();
  const streams = new Map<string, unknown[]>();
  const receipts = new Map<string, StoredReceipt>();
  /** Receipts of drawn (`auto:`) keys are only ever checked for existence by the call that drew them. */
  const autoReceipts = new RecentIds(maxAutoReceipts);
  const outbox = new OutboxQueue();
  const delivered = new RecentIds(maxDelivered);
  /** index name → term → sorted entries. */
  const indexes = new Map<string, Map<string, SortedEntries>>();

  const versionOf = (key: string): number => records.get(key)?.version ?? 0;
  /** Marks an outbox id delivered: never queued again while remembered. */
  const deliver = (id: string): void => {
    outbox.remove(id);
    delivered.add(id);
  };
  const view = (key: string): VersionedRecord => {
    const r = records.get(key);
    return r === undefined ? { key, version: 0, data: null } : { key, version: r.version, data: r.data };
  };

  function termOf(index: string, term: string, create: boolean): SortedEntries | undefined {
    let terms = indexes.get(index);
    if (terms === undefined) {
      if (!create) return undefined;
      terms = new Map();
      indexes.set(index, terms);
    }
    let entries = terms.get(term);
    if (entries === undefined && create) {
      entries = new SortedEntries();
      terms.set(term, entries);
    }
    return entries;
  }

  /** Whether the flat entries hold (index, term, order) at some position. */
  function holds(flat: Flat, index: string, term: string, order: number): boolean {
    for (let i = 0; i < flat.length; i += 3) if (flat[i + 2] === order && flat[i + 1] === term && flat[i] === index) return true;
    return false;
  }

  /**
   * The new flat entries of a written record, or `kept` unchanged: only the entries that changed leave
   * or join the sorted terms (a state change moves two of a connection's six entries, not six).
   */
  function reindex(key: string, index: CommitRequest['writes'][number]['index'], data: unknown, kept: Flat | null): Flat | null {
    if (index === undefined && data !== null) return kept;
    if (index === undefined || index.length === 0 || data === null) {
      if (kept !== null) for (let i = 0; i < kept.length; i += 3) termOf(kept[i] as string, kept[i + 1] as string, false)?.remove(kept[i + 2] as number, key);
      return null;
    }
    const flat: (string | number)[] = new Array(index.length * 3);
    for (let i = 0; i < index.length; i += 1) {
      const entry = index[i]!;
      flat[i * 3] = entry.index;
      flat[i * 3 + 1] = entry.term;
      flat[i * 3 + 2] = entry.order;
    }
    if (kept !== null) {
      for (let i = 0; i < kept.length; i += 3) {
        const name = kept[i] as string;
        const term = kept[i + 1] as string;
        const order = kept[i + 2] as number;
        if (!holds(flat, name, term, order)) termOf(name, term, false)?.remove(order, key);
      }
    }
    for (let i = 0; i < flat.length; i += 3) {
      const name = flat[i] as string;
      const term = flat[i + 1] as string;
      const order = flat[i + 2] as number;
      if (kept === null || !holds(kept, name, term, order)) termOf(name, term, true)!.add(order, key);
    }
    return flat;
  }

  return {
    pruneReceipts(before) {
      if (typeof before !== 'number' || !Number.isFinite(before)) return 0;
      let pruned = 0;
      for (const [key, receipt] of receipts) {
        if (receipt.at < before) {
          receipts.delete(key);
          pruned += 1;
        }
      }
      return pruned;
    },
    snapshot() {
      const keys = [...records.keys()].sort(compareKeys);
      const streamCopy: Record<string, readonly unknown[]> = {};
      for (const [stream, events] of streams) Object.defineProperty(streamCopy, stream, { value: Object.freeze([...events]), enumerable: true });
      const receiptCopy: Record<string, StoredReceipt> = {};
      for (const [key, receipt] of receipts) Object.defineProperty(receiptCopy, key, { value: receipt, enumerable: true });
      return Object.freeze({
        records: Object.freeze(keys.map((key) => Object.freeze(view(key)))),
        streams: Object.freeze(streamCopy),
        outbox: Object.freeze(
          [...outbox.values()].map((e) => Object.freeze({ ...e.item, availableAt: e.availableAt, attempts: e.attempts, lastError: e.lastError, enqueuedAt: e.enqueuedAt })),
        ),
        receipts: Object.freeze(receiptCopy),
      });
    },
    async load(keys) {
      if (latency !== null) await latency();
      if (!Array.isArray(keys)) return [];
      const out: VersionedRecord[] = new Array(keys.length);
      for (let i = 0; i < keys.length; i += 1) out[i] = view(String(keys[i]));
      return out;
    },
    async commit(request: CommitRequest): Promise<CommitResult> {
      if (latency !== null) await latency();
      checkRequest(request);
      // From here on there is no await: the check and the writes form one atomic step.
      let conflicts: string[] | null = null;
      for (const e of request.expected) if (versionOf(e.key) !== e.version) (conflicts ??= []).push(e.key);
      if (conflicts !== null) return { ok: false, conflicts };
      const receipt = request.receipt;
      // A drawn key's receipt is only ever kept in `autoReceipts`, a caller's key's only in `receipts`.
      if (receipt !== undefined && (receipt.key.startsWith(AUTO_RECEIPT) ? autoReceipts.has(receipt.key) : receipts.has(receipt.key))) {
        return { ok: false, conflicts: [`receipt:${receipt.key}`] };
      }
      // Expected versions by key, for commits with many (a publish's fan-out): the last of a key wins.
      const expectedOf = request.expected.length > 8 ? new Map(request.expected.map((e) => [e.key, e.version] as const)) : null;
      for (const write of request.writes) {
        const previous = records.get(write.key);
        // The version a write bumps is the expected one (checked equal to the stored one above), so two
        // writes of one key in one commit both bump it once, as the PostgreSQL adapter does.
        let version = previous?.version ?? 0;
        if (expectedOf === null) {
          for (const e of request.expected) if (e.key === write.key) version = e.version;
        } else version = expectedOf.get(write.key) ?? version;
        const data = write.data === undefined ? null : deepFreeze(write.data);
        const index = reindex(write.key, write.index, data, previous?.index ?? null);
        if (previous === undefined) records.set(write.key, { version: version + 1, data, index });
        else {
          previous.version = version + 1;
          previous.data = data;
          previous.index = index;
        }
      }
      for (const append of request.events) {
        if (append.events.length === 0) continue;
        const stream = streams.get(append.stream);
        if (stream === undefined) streams.set(append.stream, append.events.map((e) => deepFreeze(e)));
        else for (const e of append.events) stream.push(deepFreeze(e));
      }
      if (request.delivered !== undefined) for (const id of request.delivered) deliver(id);
      if (request.cancel !== undefined && request.cancel.groups.length > 0) {
        const { groups, now } = request.cancel;
        for (const group of groups) for (const id of outbox.unleasedOfGroup(group, now)) deliver(id);
      }
      for (const item of request.outbox) {
        if (outbox.has(item.id) || delivered.has(item.id)) continue;
        const frozen = Object.isFrozen(item)
          ? item
          : Object.freeze(
              item.group === undefined
                ? { id: item.id, kind: item.kind, payload: deepFreeze(item.payload), availableAt: item.availableAt }
                : { id: item.id, kind: item.kind, payload: deepFreeze(item.payload), availableAt: item.availableAt, group: item.group },
            );
        outbox.add(frozen);
      }
      if (receipt !== undefined) {
        if (receipt.key.startsWith(AUTO_RECEIPT)) {
          autoReceipts.add(receipt.key);
        } else receipts.set(receipt.key, Object.freeze({ fingerprint: receipt.fingerprint, outcome: deepFreeze(receipt.outcome), at: receipt.at }));
      }
      return { ok: true };
    },
    async query(query: IndexQuery): Promise<IndexPage> {
      if (latency !== null) await latency();
      if (typeof query !== 'object' || query === null || !isKey(query.index) || !isKey(query.term)) throw new TypeError('invalid index query: { index, term, limit } expected');
      const max = Math.min(MAX_QUERY_LIMIT, Math.max(0, Math.floor(Number(query.limit) || 0)));
      const entries = termOf(query.index, query.term, false);
      if (entries === undefined || max === 0) return { records: [], next: null };
      const from = typeof query.from === 'number' && !Number.isNaN(query.from) ? query.from : Number.NEGATIVE_INFINITY;
      const to = typeof query.to === 'number' && !Number.isNaN(query.to) ? query.to : Number.POSITIVE_INFINITY;
      const after = query.after !== undefined && isKey(query.after.key) && typeof query.after.order === 'number' ? query.after : undefined;
      const page = entries.range(from, to, after, max);
      const found: VersionedRecord[] = new Array(page.keys.length);
      for (let i = 0; i < page.keys.length; i += 1) found[i] = view(page.keys[i]!);
      const last = page.keys.length - 1;
      return { records: found, next: page.more && last >= 0 ? { order: page.orders[last]!, key: page.keys[last]! } : null };
    },
    async history(stream) {
      if (latency !== null) await latency();
      return [...(streams.get(String(stream)) ?? [])];
    },
    async receipt(key) {
      if (latency !== null) await latency();
      const k = String(key);
      if (!k.startsWith(AUTO_RECEIPT)) return receipts.get(k);
      return autoReceipts.has(k) ? AUTO_FOUND : undefined;
    },
    async claimOutbox(claim: OutboxClaim) {
      if (latency !== null) await latency();
      const now = Number(claim?.now);
      const max = Math.max(0, Math.floor(Number(claim?.limit) || 0));
      const leaseMs = Math.max(0, Number(claim?.leaseMs) || 0);
      return outbox.claim(now, max, String(claim?.owner), leaseMs);
    },
    async markDelivered(ids) {
      if (latency !== null) await latency();
      if (!Array.isArray(ids)) return;
      for (const id of ids) deliver(String(id));
    },
    async releaseOutbox(ids, owner) {
      if (latency !== null) await latency();
      if (!Array.isArray(ids)) return;
      for (const id of ids) outbox.release(String(id), String(owner));
    },
    async markFailed(id, error, retryAt, owner) {
      if (latency !== null) await latency();
      outbox.fail(String(id), String(error), Number(retryAt), String(owner));
    },
  };
}
