/**
 * A stored record with its version. Version 0 means "absent": it has never been written.
 *
 * @example
 * ```ts
 * const r: VersionedRecord = { key: 'connection:cn-1', version: 3, data: connection };
 * ```
 */
export interface VersionedRecord<T = unknown> {
  readonly key: string;
  readonly version: number;
  readonly data: T;
}

/**
 * One item of the outbox: a notification or a sync job recorded in the same atomic commit as the state
 * change that caused it (N5, S6), delivered later by the dispatcher.
 *
 * @remarks
 * `id` is stable and derived from the cause (e.g. event + recipient), so a second commit of the same
 * item is ignored and receivers can de-duplicate.
 *
 * @example
 * ```ts
 * const item: OutboxItem = { id: 'n:cn-1:ConnectionCreated:ana', kind: 'notification', payload: notification, availableAt: now };
 * ```
 */
export interface OutboxItem {
  readonly id: string;
  readonly kind: 'notification' | 'sync';
  readonly payload: unknown;
  /** Not delivered before this time (backoff). */
  readonly availableAt: number;
  readonly attempts?: number;
  readonly lastError?: string | null;
}

/**
 * Events to append to one stream's history (C13), e.g. the events of one connection.
 *
 * @example
 * ```ts
 * const append: EventAppend = { stream: 'connection:cn-1', events: result.value.events };
 * ```
 */
export interface EventAppend {
  readonly stream: string;
  readonly events: readonly unknown[];
}

/**
 * What one command writes, all or nothing.
 *
 * @remarks
 * - `expected`: the version each record had when it was read, for every record the decision depends
 *   on, written or not (version 0 = must still be absent). If any differs, nothing is written and the
 *   commit reports a conflict: the service re-decides on fresh state.
 * - `writes`: the new data of changed records; each gets version `expected + 1`.
 * - `events`, `outbox`, `receipt`: appended in the same transaction.
 *
 * @example
 * ```ts
 * await storage.commit({ expected: [{ key, version: 2 }], writes: [{ key, data }], events: [], outbox: [] });
 * ```
 */
export interface CommitRequest {
  readonly expected: readonly { readonly key: string; readonly version: number }[];
  readonly writes: readonly { readonly key: string; readonly data: unknown }[];
  readonly events: readonly EventAppend[];
  readonly outbox: readonly OutboxItem[];
  readonly receipt?: { readonly key: string; readonly fingerprint: string; readonly outcome: unknown; readonly at: number };
}

/**
 * The answer to a commit: done, or a conflict naming the records whose versions moved.
 *
 * @example
 * ```ts
 * const r = await storage.commit(request);
 * if (!r.ok) retry(); // r.conflicts lists the keys
 * ```
 */
export type CommitResult = { readonly ok: true } | { readonly ok: false; readonly conflicts: readonly string[] };

/**
 * The storage port (SPEC §8): versioned records, per-stream event histories, an outbox and
 * idempotency receipts, committed atomically.
 *
 * @remarks
 * Keys are `kind:id` strings (`connection:cn-1`, `ledger:tower`, ...). `load` returns version 0 and
 * `data: null` for keys never written. Implementations: `createInMemoryStorage()` (the embedded default)
 * and the PostgreSQL adapter in `project-connections/postgres`; both pass the adapter contract suite in
 * `project-connections/testing`.
 *
 * @example
 * ```ts
 * const [connection] = await storage.load(['connection:cn-1']);
 * ```
 */
export interface StoragePort {
  /** Reads records by key, in the order asked; absent ones have version 0 and data null. */
  load(keys: readonly string[]): Promise<readonly VersionedRecord[]>;
  /** Lists every record whose key starts with `prefix` (e.g. `connection:`), in key order. */
  list(prefix: string): Promise<readonly VersionedRecord[]>;
  /** Commits atomically, or reports a version conflict and writes nothing. */
  commit(request: CommitRequest): Promise<CommitResult>;
  /** One stream's events, in the order appended. */
  history(stream: string): Promise<readonly unknown[]>;
  /** The receipt stored for an idempotency key, if any. */
  receipt(key: string): Promise<{ readonly fingerprint: string; readonly outcome: unknown; readonly at: number } | undefined>;
  /** Outbox items available at `now` and not yet delivered, oldest first, at most `limit`. */
  pendingOutbox(now: number, limit: number): Promise<readonly OutboxItem[]>;
  /** Marks an outbox item delivered (idempotent). */
  markDelivered(id: string): Promise<void>;
  /** Records a failed attempt and when to try again. */
  markFailed(id: string, error: string, retryAt: number): Promise<void>;
}
