import type { CommitRequest, CommitResult } from '../../ports/storage.js';
import { CommitNotApplied, inTransaction, isRetryable, surelyNotCommitted, type PostgresClient } from './client.js';
import type { ResolvedOptions } from './options.js';
import { explainedFailure } from './schemaCheck.js';
import { runStatement } from './statements.js';

/** PostgreSQL text cannot hold NUL, and a lone surrogate cannot travel as UTF-8. */
function sqlText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`invalid commit request: ${what} must be a string`);
  if (value.includes('\u0000') || !(value as string & { isWellFormed(): boolean }).isWellFormed()) throw new TypeError(`invalid commit request: ${what} holds a NUL character or a lone surrogate`);
  return value;
}

function number(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new TypeError(`invalid commit request: ${what} must be a number`);
  return value;
}

/** A number as JSON carries it: NaN and the infinities as strings, which PostgreSQL casts to `double precision`. */
const wire = (n: number): number | string => (Number.isFinite(n) ? n : String(n));

/** A stored value as its JSON text (`null` for what JSON cannot hold, as `JSON.stringify` drops it from an object). */
const jsonText = (value: unknown): string => JSON.stringify(value) ?? 'null';

const array = (value: unknown, what: string): readonly unknown[] => {
  if (!Array.isArray(value)) throw new TypeError(`invalid commit request: ${what} must be an array`);
  return value;
};

/**
 * Internal: the JSON the commit function (schema version 3) takes, built from a checked request: writes
 * with their base version (the expected one) and index entries as `[index, term, order]`, the keys
 * whose index entries are replaced, appends merged by stream, outbox items de-duplicated by id, the lock
 * names of everything touched; empty parts left out; record data, events, outbox items and the receipt
 * as their JSON text. Throws a `TypeError` naming the first problem of a malformed request.
 * @internal
 */
export function commitPayload(o: ResolvedOptions, request: CommitRequest): string {
  if (typeof request !== 'object' || request === null) throw new TypeError('invalid commit request: expected an object');
  const locks = new Set<string>();
  const expected = new Map<string, number>();
  const expectedRows: { key: string; version: number | string }[] = [];
  for (const e of array(request.expected, 'expected')) {
    const x = e as { key?: unknown; version?: unknown } | null;
    if (typeof x !== 'object' || x === null) throw new TypeError('invalid commit request: an expectation is { key, version }');
    const key = sqlText(x.key, 'an expected key');
    const version = number(x.version, `the expected version of "${key}"`);
    expected.set(key, version);
    expectedRows.push({ key, version: wire(version) });
    locks.add(`${o.schema}|r|${key}`);
  }
  const writes = new Map<string, { key: string; data: unknown; base: number | null; bumps: number; shard?: string; index?: (string | number)[][] }>();
  for (const w of array(request.writes, 'writes')) {
    const x = w as { key?: unknown; data?: unknown; index?: unknown; partition?: unknown } | null;
    if (typeof x !== 'object' || x === null) throw new TypeError('invalid commit request: a write is { key, data }');
    const key = sqlText(x.key, 'a written key');
    const base = expected.get(key);
    // Writes of one key within a commit: the last data wins; without an expected version each write
    // counts (as the in-memory adapter does), with one every write gives expected + 1.
    const row: { key: string; data: unknown; base: number | null; bumps: number; shard?: string; index?: (string | number)[][] } = {
      key,
      data: x.data === undefined ? null : x.data,
      base: base !== undefined && Number.isSafeInteger(base) ? base : null,
      bumps: base === undefined ? (writes.get(key)?.bumps ?? 0) + 1 : 1,
    };
    if (x.partition !== undefined) row.shard = sqlText(x.partition, `the partition of "${key}"`);
    if (x.index !== undefined) {
      row.index = array(x.index, `the index entries of "${key}"`).map((entry) => {
        const y = entry as { index?: unknown; term?: unknown; order?: unknown } | null;
        if (typeof y !== 'object' || y === null) throw new TypeError(`invalid commit request: an index entry of "${key}" is { index, term, order }`);
        const order = number(y.order, `an index order of "${key}"`);
        if (Number.isNaN(order)) throw new TypeError(`invalid commit request: an index order of "${key}" is NaN`);
        return [sqlText(y.index, 'an index name'), sqlText(y.term, 'an index term'), Number.isFinite(order) ? order : String(order)];
      });
    }
    const earlier = writes.get(key);
    // Entries of an earlier write of the key stay, unless that write deleted the record: a delete
    // drops every entry, and a later write without `index` starts from none (as in memory).
    if (row.index === undefined && earlier !== undefined) {
      if (earlier.data === null) row.index = [];
      else if (earlier.index !== undefined) row.index = earlier.index;
    }
    if (row.shard === undefined && earlier?.shard !== undefined) row.shard = earlier.shard;
    writes.set(key, row);
    locks.add(`${o.schema}|r|${key}`);
  }
  const streams = new Map<string, unknown[]>();
  for (const a of array(request.events, 'events')) {
    const x = a as { stream?: unknown; events?: unknown } | null;
    if (typeof x !== 'object' || x === null) throw new TypeError('invalid commit request: an event append is { stream, events }');
    const stream = sqlText(x.stream, 'a stream');
    const events = array(x.events, `the events of "${stream}"`);
    if (events.length === 0) continue;
    const list = streams.get(stream);
    if (list === undefined) streams.set(stream, events.map((e) => (e === undefined ? null : e)));
    else for (const e of events) list.push(e === undefined ? null : e);
    locks.add(`${o.schema}|s|${stream}`);
  }
  const outbox = new Map<string, { id: string; kind: string; at: number | string; item: unknown; group?: string }>();
  for (const item of array(request.outbox, 'outbox')) {
    const x = item as { id?: unknown; kind?: unknown; availableAt?: unknown } | null;
    if (typeof x !== 'object' || x === null) throw new TypeError('invalid commit request: an outbox item is { id, kind, payload, availableAt }');
    const id = sqlText(x.id, 'an outbox id');
    if (x.kind !== 'notification' && x.kind !== 'sync' && x.kind !== 'task') throw new TypeError(`invalid commit request: the kind of outbox item "${id}" is notification, sync or task`);
    const at = number(x.availableAt, `the availableAt of outbox item "${id}"`);
    const group = (x as { group?: unknown }).group;
    if (group !== undefined) locks.add(`${o.schema}|g|${sqlText(group, `the group of outbox item "${id}"`)}`);
    if (!outbox.has(id)) outbox.set(id, group === undefined ? { id, kind: x.kind, at: String(at), item } : { id, kind: x.kind, at: String(at), item, group: group as string });
    locks.add(`${o.schema}|o|${id}`);
  }
  const delivered: string[] = [];
  if (request.delivered !== undefined) {
    for (const id of array(request.delivered, 'delivered')) {
      delivered.push(sqlText(id, 'a delivered outbox id'));
      locks.add(`${o.schema}|o|${id as string}`);
    }
  }
  let cancel: { groups: string[]; now: string } | undefined;
  if (request.cancel !== undefined) {
    const x = request.cancel as { groups?: unknown; now?: unknown } | null;
    if (typeof x !== 'object' || x === null) throw new TypeError('invalid commit request: cancel is { groups, now }');
    const groups = array(x.groups, 'cancel.groups').map((g) => sqlText(g, 'a cancelled group'));
    for (const g of groups) locks.add(`${o.schema}|g|${g}`);
    cancel = { groups, now: String(number(x.now, 'cancel.now')) };
  }
  let receipt: { key: string; data: unknown } | undefined;
  if (request.receipt !== undefined) {
    const x = request.receipt as { key?: unknown; fingerprint?: unknown; outcome?: unknown; at?: unknown } | null;
    if (typeof x !== 'object' || x === null || typeof x.fingerprint !== 'string') throw new TypeError('invalid commit request: a receipt is { key, fingerprint, outcome, at }');
    const key = sqlText(x.key, 'a receipt key');
    receipt = { key, data: { fingerprint: x.fingerprint, outcome: x.outcome ?? null, at: x.at } };
    locks.add(`${o.schema}|c|${key}`);
  }
  const shardOf = new Map<string, string>();
  const reindex: string[] = [];
  const rows: { key: string; data: string; base: number | null; bumps: number; shard?: string; index?: (string | number)[][] }[] = [];
  for (const w of writes.values()) {
    if (w.shard !== undefined) shardOf.set(w.key, w.shard);
    // A write that carries index entries replaces the key's entries; a delete drops them.
    if (w.index !== undefined || w.data === null) reindex.push(w.key);
    rows.push({ ...w, data: jsonText(w.data) });
  }
  // Version 3 of the commit function (`commitFunction3.ts`): a part left out costs no statement, and the
  // stored values travel as their JSON text, stored as it is.
  const payload: Record<string, unknown> = { locks: [...locks] };
  if (expectedRows.length > 0) payload['expected'] = expectedRows;
  if (rows.length > 0) payload['writes'] = rows;
  if (reindex.length > 0) payload['reindex'] = reindex;
  // A stream named like a record (connection:<id>) lives on that record's shard.
  if (streams.size > 0) payload['events'] = [...streams].map(([stream, events]) => ({ stream, shard: shardOf.get(stream) ?? null, events: events.map(jsonText) }));
  if (outbox.size > 0) payload['outbox'] = [...outbox.values()].map((x) => ({ ...x, item: jsonText(x.item) }));
  if (delivered.length > 0) payload['delivered'] = delivered;
  if (cancel !== undefined && cancel.groups.length > 0) payload['cancel'] = cancel;
  if (receipt !== undefined) payload['receipt'] = { key: receipt.key, data: jsonText(receipt.data) };
  return JSON.stringify(payload);
}

/**
 * Internal: one commit, in one round trip: a call of the commit function (migration 3's `pc_commit(jsonb)`, see `commitFunction3.ts`),
 * run again on a serialization failure or deadlock (a server forcing another isolation level), at most
 * `o.retries` times, then answered as a conflict on what it touched.
 * @internal
 */
export async function commitRequest(db: PostgresClient, o: ResolvedOptions, request: CommitRequest): Promise<CommitResult> {
  let payload: string;
  try {
    payload = commitPayload(o, request);
  } catch (error) {
    // Refused before any statement: nothing was sent.
    throw new CommitNotApplied(error);
  }
  for (let attempt = 0; attempt <= o.retries; attempt += 1) {
    try {
      // The function only runs in a READ COMMITTED transaction: under REPEATABLE READ or SERIALIZABLE
      // (a `default_transaction_isolation` set on the database, role or connection) its snapshot would
      // be taken before its advisory locks, and two commits expecting the same versions could both pass.
      // There the statement answers null without calling it, and the call runs in an explicit
      // READ COMMITTED transaction instead (three round trips, on such servers only).
      const result = await runStatement(db, o, `SELECT CASE WHEN current_setting('transaction_isolation') = 'read committed' THEN ${o.commitFunction}($1::jsonb) END AS r`, [payload]);
      let r = result.rows[0]?.['r'] as { ok?: unknown; conflicts?: unknown } | null | undefined;
      if (r === null) r = (await inTransaction(db, (tx) => tx.query(`SELECT ${o.commitFunction}($1::jsonb) AS r`, [payload]))).rows[0]?.['r'] as typeof r;
      if (r?.ok === true) return { ok: true };
      if (r?.ok === false && Array.isArray(r.conflicts)) return { ok: false, conflicts: r.conflicts.map(String) };
      throw new Error('the commit function answered something other than a commit result');
    } catch (error) {
      if (!isRetryable(error)) {
        const failure = await explainedFailure(db, o, error);
        throw surelyNotCommitted(error) ? new CommitNotApplied(failure, error) : failure;
      }
    }
  }
  const touched = [...new Set([...request.expected.map((e) => e.key), ...request.writes.map((w) => w.key)])];
  return { ok: false, conflicts: touched.length > 0 ? touched : ['commit'] };
}
