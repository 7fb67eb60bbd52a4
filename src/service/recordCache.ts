import { deepFreeze } from '../core/freeze.js';
import type { CommitRequest, VersionedRecord } from '../ports/storage.js';

/** The data of a forgotten record's entry: only its version is kept. */
const FORGOTTEN: unknown = Object.freeze({ forgotten: true });

/**
 * Internal: the records a service remembers between commands (the `recordCache` policy), so a command
 * on records this service read or wrote recently decides without loading them again.
 *
 * @remarks
 * A cached record is a read like any other: the commit expects its version, so a record another
 * process changed since makes the commit conflict; the pipeline then forgets the request's records and
 * decides again on fresh ones. A refusal is never answered from cached records (an unkeyed refusal
 * commits nothing, so no version would catch a stale one): `attemptCommand` decides it again without
 * the cache.
 *
 * Bounded like the memos: two generations of at most `limit` records each (the young one becomes the
 * old one when full), so the most recent `limit` are always kept. A version never goes back: a load
 * answered after a newer commit of the same key does not replace the newer record, even once the
 * newer record was forgotten (its version stays, as a floor, in the same generations).
 * @internal
 */
export class RecordCache {
  private young = new Map<string, VersionedRecord>();
  private old = new Map<string, VersionedRecord>();

  constructor(private readonly limit: number) {}

  /** The cached record of `key`, if any. */
  get(key: string): VersionedRecord | undefined {
    const kept = this.kept(key);
    return kept === undefined || kept.data === FORGOTTEN ? undefined : kept;
  }

  /** The entry of `key`: a record, or the version of a forgotten one (data `FORGOTTEN`). */
  private kept(key: string): VersionedRecord | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }

  /** Remembers a record read from storage or written by a commit (unless a newer version of it is kept, or was forgotten). */
  offer(record: VersionedRecord): void {
    const kept = this.kept(record.key);
    if (kept !== undefined && kept.version > record.version) return;
    if (this.young.size >= this.limit && !this.young.has(record.key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(record.key, record);
  }

  /**
   * Forgets a record (its current version is no longer known). The version it had stays as a floor, so
   * a load answered late (read before a newer commit) cannot put an older version back.
   */
  forget(key: string): void {
    const kept = this.kept(key);
    if (kept === undefined || kept.data === FORGOTTEN) return;
    const floor = { key, version: kept.version, data: FORGOTTEN };
    if (this.young.has(key)) this.young.set(key, floor);
    else this.old.set(key, floor);
  }

  /** Forgets every record a commit request expected (it conflicted, or its answer is unknown). */
  forgetRequest(request: CommitRequest): void {
    for (const e of request.expected) this.forget(e.key);
    for (const w of request.writes) this.forget(w.key);
  }

  /**
   * Remembers what an applied commit wrote: each written key at its expected version + 1 (the storage
   * contract), with the data written, frozen. A key written without an expected version, or deleted
   * (null data), is forgotten: its version is not known here.
   */
  committed(request: CommitRequest): void {
    if (request.writes.length === 0) return;
    const expected = new Map<string, number>();
    for (const e of request.expected) expected.set(e.key, e.version);
    const last = new Map<string, unknown>();
    for (const w of request.writes) last.set(w.key, w.data);
    for (const [key, data] of last) {
      const version = expected.get(key);
      if (version === undefined || data === undefined || data === null) this.forget(key);
      else this.offer({ key, version: version + 1, data: deepFreeze(data) });
    }
  }
}
