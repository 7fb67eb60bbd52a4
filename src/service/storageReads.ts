import type { z } from 'zod';
import { domainError, type DomainError, type InputIssue } from '../core/errors.js';
import { deepFreeze } from '../core/freeze.js';
import { err, ok, type Result } from '../core/result.js';
import type { IndexCursor, IndexPage, IndexQuery, StoragePort, VersionedRecord } from '../ports/storage.js';
import { PortFailure } from './portCall.js';

/*
 * Internal: the storage port's answers, checked against the storage contract before the service reads
 * them. An answer of the wrong shape is the port breaking its contract (`PORT_UNAVAILABLE`, via
 * `PortFailure`); a well-shaped answer holding data that does not read back is stored data gone bad
 * (`DATA_CORRUPTED`, from the record and stream readers).
 */

/** A loaded record as the contract gives it (its own key, a version ≥ 0), else `PortFailure`. */
function checkedRecord(value: unknown, key: string): VersionedRecord {
  if (typeof value !== 'object' || value === null) throw new PortFailure('storage', `load answered a non-record for "${key}"`);
  const r = value as VersionedRecord;
  if (r.key !== key || !isVersion(r.version)) throw new PortFailure('storage', `load answered a malformed record for "${key}"`);
  return r;
}

function isVersion(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Internal: `storage.load(keys)`, checked: one record per key, in order, each under its own key.
 * @internal
 */
export async function loadRecords(storage: StoragePort, keys: readonly string[]): Promise<readonly VersionedRecord[]> {
  let records: unknown;
  try {
    records = await storage.load(keys);
  } catch (cause) {
    throw new PortFailure('storage', cause);
  }
  if (!Array.isArray(records) || records.length !== keys.length) throw new PortFailure('storage', 'load answered with the wrong number of records');
  for (let i = 0; i < keys.length; i += 1) checkedRecord(records[i], keys[i]!);
  return records as VersionedRecord[];
}

function isCursor(v: unknown): v is IndexCursor {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as { order?: unknown; key?: unknown };
  return typeof c.order === 'number' && Number.isFinite(c.order) && typeof c.key === 'string';
}

/**
 * Internal: `storage.query(query)`, checked: a page of records (each with a key and a version) and a
 * cursor that is null or a position (`order`, `key`) — never a cursor the next query could not use.
 * @internal
 */
export async function queryIndex(storage: StoragePort, query: IndexQuery): Promise<IndexPage> {
  let page: unknown;
  try {
    page = await storage.query(query);
  } catch (cause) {
    throw new PortFailure('storage', cause);
  }
  if (typeof page !== 'object' || page === null) throw new PortFailure('storage', 'query answered something other than a page');
  const { records, next } = page as { records?: unknown; next?: unknown };
  if (!Array.isArray(records)) throw new PortFailure('storage', 'query answered a page without records');
  for (const r of records as unknown[]) {
    if (typeof r !== 'object' || r === null || typeof (r as VersionedRecord).key !== 'string' || !isVersion((r as VersionedRecord).version)) {
      throw new PortFailure('storage', 'query answered a malformed record');
    }
  }
  if (next !== null && next !== undefined && !isCursor(next)) throw new PortFailure('storage', 'query answered a malformed next-page cursor');
  return { records: records as VersionedRecord[], next: next ?? null };
}

/**
 * Internal: the events of one stream as the library wrote them (`schema`, one event kind of the
 * library): a history that is not a list is `PortFailure`; an event that does not read back is
 * `DATA_CORRUPTED` naming the stream and the event's position.
 * @internal
 */
export async function readStream<E>(storage: StoragePort, stream: string, schema: z.ZodType): Promise<Result<readonly E[], DomainError<'DATA_CORRUPTED'>>> {
  let events: unknown;
  try {
    events = await storage.history(stream);
  } catch (cause) {
    throw new PortFailure('storage', cause);
  }
  if (!Array.isArray(events)) throw new PortFailure('storage', `history answered something other than a list for "${stream}"`);
  const out: E[] = [];
  for (let i = 0; i < events.length; i += 1) {
    const parsed = schema.safeParse(events[i]);
    if (!parsed.success) {
      const issues: InputIssue[] = parsed.error.issues.slice(0, 20).map((issue) => ({ path: [i, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))], code: issue.code, message: issue.message }));
      return err(domainError('DATA_CORRUPTED', { key: stream, issues }));
    }
    out.push(parsed.data as E);
  }
  return ok(deepFreeze(out));
}
