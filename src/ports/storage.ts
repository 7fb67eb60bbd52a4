/**
 * A stored record with its version. Version 0 means "absent": it has never been written.
 *
 * @example
 * ```ts
 * const r: VersionedRecord = { key: 'connection:cn-1', version: 3, data: connection };
 * ```
 * @since 0.1.0
 */
export interface VersionedRecord<T = unknown> {
  /** The record's storage key, `kind:id`. */
  readonly key: string;
  /** How many times the record was written (0: never, so absent). */
  readonly version: number;
  /** The record's data (null when absent). */
  readonly data: T;
}

/**
 * One entry of a secondary index: the record it belongs to is found under `term` of index `index`,
 * ordered by `order` (then by key).
 *
 * @remarks
 * Index entries belong to a record: a write that gives `index` replaces all of that record's entries.
 * The service gives, for example, `{ index: 'connection_by_project', term: 'tower', order: requestedAt }`
 * for both projects of a connection, and `{ index: 'connection_deadline', term: '', order: endsAt }`
 * for a connection with an end date, so that "a project's connections" and "what is due now"
 * read only the entries they need ({@link IndexQuery}).
 *
 * @example
 * ```ts
 * const entry: IndexEntry = { index: 'connection_by_state', term: 'pending', order: requestedAt };
 * ```
 * @since 0.2.0
 */
export interface IndexEntry {
  /** The index name, e.g. `connection_by_project`. */
  readonly index: string;
  /** The value looked up, e.g. a project id (`''` for an index with one term, like a time index). */
  readonly term: string;
  /** The sort position within the term (a time, a count); entries of one term are read in (order, key) order. */
  readonly order: number;
}

/**
 * The new data of one record, and optionally its index entries and its partition.
 *
 * @remarks
 * - `index`: when given, replaces every index entry of the record (`[]` removes them); when omitted,
 *   the record keeps the entries it had. A record written with `data: null` has no entries.
 * - `partition`: the distribution key of the record on a partitioned database (see docs/adapters.md,
 *   "Scaling out"); adapters that do not partition ignore it. The service gives the upstream project of
 *   a connection and the team of a team record. It never changes for a key.
 *
 * @example
 * ```ts
 * const write: RecordWrite = { key: 'connection:cn-1', data: connection, index: entries, partition: 'tower' };
 * ```
 * @since 0.2.0
 */
export interface RecordWrite {
  /** The storage key of the record written. */
  readonly key: string;
  /** The record's new data (null clears it, and with it the record's index entries). */
  readonly data: unknown;
  /**
   * When given, the record's index entries from now on (`[]` removes them). Omitted keeps the entries
   * the key has at this point of the commit: none after an earlier write of the same commit deleted
   * the record (writes of one key apply in order).
   */
  readonly index?: readonly IndexEntry[];
  /** The record's distribution key on a partitioned database; never changes for a key. */
  readonly partition?: string;
}

/**
 * One item of the outbox: a notification or a sync job recorded in the same atomic commit as the state
 * change that caused it (N5, S6), delivered later by the dispatcher.
 *
 * @remarks
 * `id` is stable and derived from the cause (e.g. event + recipient), so a second commit of the same
 * item is ignored and receivers can de-duplicate. `availableAt` is when it may first be delivered
 * (later: the retry time after a failed attempt).
 *
 * @example
 * ```ts
 * const item: OutboxItem = { id: 'n:cn-1:ConnectionCreated:ana', kind: 'notification', payload: notification, availableAt: now };
 * ```
 * @since 0.1.0
 */
export interface OutboxItem {
  /** A stable id derived from the cause: a second commit of the same id is ignored, and receivers de-duplicate by it (N5). */
  readonly id: string;
  /**
   * `notification` and `sync` go to the transports; `task` is work the service does itself when the
   * item comes out (a page of an initial sync): a storage stores and hands it out like the others.
   */
  readonly kind: 'notification' | 'sync' | 'task';
  /** What to deliver: the notification, the sync job or the task, as plain data. */
  readonly payload: unknown;
  /** Not delivered before this time (backoff). */
  readonly availableAt: number;
  /** Failed delivery attempts so far (set by the storage when it hands the item out). */
  readonly attempts?: number;
  /** The error of the last failed attempt (set by the storage). */
  readonly lastError?: string | null;
  /**
   * When the item was recorded (set by the storage: the `availableAt` it was committed with).
   * @since 0.2.0
   */
  readonly enqueuedAt?: number;
  /**
   * Items of one group are delivered one at a time, in commit order: an undelivered item (not due
   * yet, leased, or failed and waiting for its retry) holds back every later item of its group. The
   * service groups the sync jobs of a connection (`sync:<connectionId>`), so a copy never overtakes
   * an earlier revision and nothing follows the connection's `stop_sync`.
   * @since 0.2.0
   */
  readonly group?: string;
}

/**
 * Events to append to one stream's history (C13), e.g. the events of one connection.
 *
 * @example
 * ```ts
 * const append: EventAppend = { stream: 'connection:cn-1', events: result.value.events };
 * ```
 * @since 0.1.0
 */
export interface EventAppend {
  /** The history to append to, e.g. `connection:cn-1`. */
  readonly stream: string;
  /** The events, in order. */
  readonly events: readonly unknown[];
}

/**
 * What is stored under an idempotency key (C15): the fingerprint of the command and its first outcome.
 *
 * @example
 * ```ts
 * const receipt: StoredReceipt = { fingerprint: '{"method":"approve",…}', outcome: { ok: true, value }, at: now };
 * ```
 * @since 0.2.0
 */
export interface StoredReceipt {
  /** The canonical text of the first command sent with the key. */
  readonly fingerprint: string;
  /** The command's first outcome, returned again to a retry. */
  readonly outcome: unknown;
  /** When the receipt was recorded, in epoch milliseconds. */
  readonly at: number;
}

/**
 * What one command writes, all or nothing.
 *
 * @remarks
 * - `expected`: the version each record had when it was read, for every record the decision depends
 *   on, written or not (version 0 = must still be absent). If any differs, nothing is written and the
 *   commit reports a conflict: the service decides again on fresh state.
 * - `writes`: the new data of changed records; each gets version `expected + 1`.
 * - `events`, `outbox`, `receipt`: appended in the same transaction. A receipt whose key is already
 *   stored is a conflict too (`receipt:<key>` in `conflicts`), and nothing is written.
 *
 * @example
 * ```ts
 * await storage.commit({ expected: [{ key, version: 2 }], writes: [{ key, data }], events: [], outbox: [] });
 * ```
 * @since 0.1.0
 */
export interface CommitRequest {
  /** The version each record read had (0: still absent), for every record the decision depends on. */
  readonly expected: readonly { readonly key: string; readonly version: number }[];
  /** The new data of the changed records; each gets its expected version + 1. */
  readonly writes: readonly RecordWrite[];
  /** Events to append to stream histories, in the same transaction (C13). */
  readonly events: readonly EventAppend[];
  /** Notifications, sync jobs and tasks to queue, in the same transaction (N5, S6). */
  readonly outbox: readonly OutboxItem[];
  /** The idempotency receipt to store with this outcome (C15); a key already stored is a conflict. */
  readonly receipt?: { readonly key: string; readonly fingerprint: string; readonly outcome: unknown; readonly at: number };
  /**
   * Outbox ids to mark delivered in the same transaction (an acknowledgement recorded with its effect:
   * the service records a performed sync job and its copy ledger at once).
   * @since 0.2.0
   */
  readonly delivered?: readonly string[];
  /**
   * Groups whose undelivered items are dropped, before this commit's own outbox items are queued:
   * every item of the group not leased at `now` (an item a dispatcher is delivering finishes).
   * @since 0.2.0
   */
  readonly cancel?: { readonly groups: readonly string[]; readonly now: number };
}

/**
 * The answer to a commit: done, or a conflict naming the records whose versions moved.
 *
 * @example
 * ```ts
 * const r = await storage.commit(request);
 * if (!r.ok) retry(); // r.conflicts lists the keys
 * ```
 * @since 0.1.0
 */
export type CommitResult = { readonly ok: true } | { readonly ok: false; readonly conflicts: readonly string[] };

/**
 * Where a page of an index query starts: after this (order, key) position.
 *
 * @example
 * ```ts
 * const next: IndexCursor = { order: 1767225600000, key: 'connection:cn-41' };
 * ```
 * @since 0.2.0
 */
export interface IndexCursor {
  /** The `order` of the last entry of the previous page. */
  readonly order: number;
  /** The record key of the last entry of the previous page. */
  readonly key: string;
}

/**
 * A read of one term of a secondary index: the records whose entries match, in (order, key) order.
 *
 * @remarks
 * `from` and `to` bound `order` (both inclusive); `after` continues a previous page. Keys compare in
 * code point order. The cost is proportional to the entries read, never to the size of the store.
 *
 * @example
 * ```ts
 * const due: IndexQuery = { index: 'connection_deadline', term: '', to: now, limit: 100 };
 * ```
 * @since 0.2.0
 */
export interface IndexQuery {
  /** The index name, e.g. `connection_by_project`. */
  readonly index: string;
  /** The term to read (`''` for an index with one term). */
  readonly term: string;
  /** The lowest `order` to read (inclusive); omitted: no lower bound. */
  readonly from?: number;
  /** The highest `order` to read (inclusive); omitted: no upper bound. */
  readonly to?: number;
  /** Continue after this position (the `next` of the previous page). */
  readonly after?: IndexCursor;
  /** At most this many records (1 to 10,000). */
  readonly limit: number;
}

/**
 * One page of an index query: the matching records (with their current version and data) and where the
 * next page starts (`null` when this was the last).
 *
 * @example
 * ```ts
 * let page = await storage.query({ index: 'connection_by_project', term: 'tower', limit: 100 });
 * while (page.next !== null) page = await storage.query({ index: 'connection_by_project', term: 'tower', limit: 100, after: page.next });
 * ```
 * @since 0.2.0
 */
export interface IndexPage {
  /** The matching records, with their current version and data, in (order, key) order. */
  readonly records: readonly VersionedRecord[];
  /** Where the next page starts, or null when this was the last. */
  readonly next: IndexCursor | null;
}

/**
 * A request to lease due outbox items: items available at `now`, not delivered and not leased by
 * another dispatcher, at most `limit`, each leased to `owner` until `now + leaseMs`. Of a group, only
 * the items before its first one that is not claimable are claimed (see `OutboxItem.group`).
 *
 * @example
 * ```ts
 * const claim: OutboxClaim = { now, limit: 100, owner: 'dispatcher-7f3a', leaseMs: 60_000 };
 * ```
 * @since 0.2.0
 */
export interface OutboxClaim {
  /** The current time, in epoch milliseconds: items available by then are due. */
  readonly now: number;
  /** At most this many items. */
  readonly limit: number;
  /** The claiming dispatcher's id; the items are leased to it. */
  readonly owner: string;
  /** How long the lease lasts, in milliseconds from `now`. */
  readonly leaseMs: number;
}

/**
 * The records half of the storage port: versioned records, per-stream histories and idempotency
 * receipts, committed atomically.
 *
 * @remarks
 * Any method of any port may throw an error whose `retryable` property is `false` for a failure a
 * retry cannot fix (a missing grant, a schema never migrated, a failed login): the service then tries
 * once only and answers `PORT_UNAVAILABLE` with `retryable: false`. Any other throw is retried up to
 * `maxAttempts` and answered `retryable: true`. The PostgreSQL adapter marks SQLSTATEs 42501, 42P01,
 * 42883, 3F000, 3D000, 28000 and 28P01 (not 25006, read-only: a failover can end it).
 *
 * @example
 * ```ts
 * const [connection] = await storage.load(['connection:cn-1']);
 * ```
 * @since 0.2.0
 */
export interface RecordStorePort {
  /** Reads records by key, in the order asked; absent ones have version 0 and data null. */
  load(keys: readonly string[]): Promise<readonly VersionedRecord[]>;
  /**
   * Commits atomically, or reports a version conflict and writes nothing.
   *
   * A commit that throws may have been applied with its answer lost (a connection dropped after the
   * database committed): the service then reads the receipt before trying again, and answers
   * `PORT_UNAVAILABLE` with `committed: 'unknown'`. Throw an error whose `committed` property is
   * `false` when the commit surely did not apply (the database refused the statement, the connection
   * was never opened): the service answers `committed: 'no'`, "Nothing was written". The PostgreSQL
   * adapter does so for every error the server answered, except connection and shutdown errors.
   */
  commit(request: CommitRequest): Promise<CommitResult>;
  /** One stream's events, in the order appended. */
  history(stream: string): Promise<readonly unknown[]>;
  /** The receipt stored for an idempotency key, if any. */
  receipt(key: string): Promise<StoredReceipt | undefined>;
}

/**
 * The query half of the storage port: reads of the secondary indexes the commits maintain
 * ({@link IndexEntry}), so list queries never scan the store.
 *
 * @example
 * ```ts
 * const page = await storage.query({ index: 'share_by_team', term: 'studio', limit: 50 });
 * ```
 * @since 0.2.0
 */
export interface IndexQueryPort {
  /** One page of an index term, with the records' current data. */
  query(query: IndexQuery): Promise<IndexPage>;
}

/**
 * The outbox half of the storage port: leased delivery of the recorded notifications and sync jobs
 * (N5, S6), so concurrent dispatchers never deliver the same item at the same time.
 *
 * @example
 * ```ts
 * const items = await storage.claimOutbox({ now, limit: 100, owner, leaseMs: 60_000 });
 * ```
 * @since 0.2.0
 */
export interface OutboxPort {
  /**
   * Leases the due items to `owner` (oldest first) and answers them. Due: available by `now` and not
   * leased at `now` by anyone, `owner` included (a second claim before `now + leaseMs` does not answer
   * them again). Of a group, only the items before its first one that is not due.
   */
  claimOutbox(claim: OutboxClaim): Promise<readonly OutboxItem[]>;
  /**
   * Marks items delivered, all of them or (when it throws) any of them: idempotent, an id may come
   * twice, and a delivered id is never queued again, even by a later commit or before it was ever
   * queued. Whoever holds the lease (`owner` is the caller's id, for logs: a delivery is recorded
   * whoever made it). The dispatcher calls it with many ids at once, usually once per run.
   */
  markDelivered(ids: readonly string[], owner: string): Promise<void>;
  /**
   * Records a failed attempt and when to try again, and ends `owner`'s lease. Ignored when another
   * owner holds the lease, or for an unknown or delivered id; applied to an item nobody holds.
   */
  markFailed(id: string, error: string, retryAt: number, owner: string): Promise<void>;
  /** Ends `owner`'s lease on items it claimed but did not try (no attempt is counted). */
  releaseOutbox(ids: readonly string[], owner: string): Promise<void>;
}

/**
 * The storage port (SPEC §8): versioned records, secondary indexes, per-stream event histories, an
 * outbox and idempotency receipts, committed atomically.
 *
 * @remarks
 * Keys are `kind:id` strings (`connection:cn-1`, `ledger:tower`, ...). Implementations:
 * `createInMemoryStorage()` (the embedded default) and the PostgreSQL adapter in
 * `project-connections/postgres`; both pass the adapter contract suite in `project-connections/testing`.
 * A method that throws or rejects means "unavailable": the service answers `PORT_UNAVAILABLE`. A
 * read that throws has written nothing; a `commit` that throws may have applied unless the error says
 * `committed: false` (see `RecordStorePort.commit`).
 *
 * @example
 * ```ts
 * const storage: StoragePort = createInMemoryStorage();
 * const [connection] = await storage.load(['connection:cn-1']);
 * ```
 * @since 0.1.0
 */
export interface StoragePort extends RecordStorePort, IndexQueryPort, OutboxPort {}
