import { z } from 'zod';
import { parseInput } from '../../core/validation.js';
import type { CommitRequest, CommitResult, OutboxItem } from '../../ports/storage.js';
import type { SqlQueryable } from './client.js';
import { LOCK_SEED } from './migrations.js';
import type { ResolvedOptions } from './options.js';

const Key = z.string().refine((s) => !s.includes('\u0000'), 'PostgreSQL text cannot hold the NUL character');
/** Any JavaScript number, NaN and infinities included (as the in-memory adapter accepts them). */
const AnyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');

/** Internal: the shape a commit request must have (the port's `CommitRequest`). */
export const CommitRequestSchema = z.object({
  expected: z.array(z.object({ key: Key, version: AnyNumber })),
  writes: z.array(z.object({ key: Key, data: z.unknown() })),
  events: z.array(z.object({ stream: Key, events: z.array(z.unknown()) })),
  outbox: z.array(z.looseObject({ id: Key, kind: z.enum(['notification', 'sync']), payload: z.unknown(), availableAt: AnyNumber })),
  receipt: z.object({ key: Key, fingerprint: z.string(), outcome: z.unknown(), at: AnyNumber }).optional(),
});

/**
 * Internal: checks a commit request, naming the first problems found.
 */
export function checkCommitRequest(request: unknown): { readonly ok: true; readonly value: CommitRequest } | { readonly ok: false; readonly message: string } {
  const parsed = parseInput(CommitRequestSchema, request);
  if (parsed.ok) return { ok: true, value: request as CommitRequest };
  return { ok: false, message: `invalid commit request: ${parsed.error.message}` };
}

/** Advisory-lock names: one per record, stream, outbox id and receipt key the commit touches. */
function lockNames(schema: string, request: CommitRequest): string[] {
  return [
    ...request.expected.map((e) => `${schema}|r|${e.key}`),
    ...request.writes.map((w) => `${schema}|r|${w.key}`),
    ...request.events.map((e) => `${schema}|s|${e.stream}`),
    ...request.outbox.map((o) => `${schema}|o|${o.id}`),
    ...(request.receipt === undefined ? [] : [`${schema}|c|${request.receipt.key}`]),
  ];
}

const json = (value: unknown) => JSON.stringify(value) ?? 'null';

/**
 * Internal: one commit, inside a READ COMMITTED transaction. Writes nothing on a conflict.
 *
 * @remarks
 * 1. Takes a transaction-scoped advisory lock for every record key (expected or written), stream,
 *    outbox id and receipt key, in ascending lock-id order (one statement), so conflicting commits run
 *    one after the other and never deadlock; keys that do not exist yet are locked too, which row locks
 *    (`SELECT ... FOR UPDATE`) cannot do.
 * 2. Reads the current versions (READ COMMITTED: each statement sees every commit that released the
 *    locks before), compares them with `expected`, checks the receipt key.
 * 3. Applies writes, events, outbox items and the receipt, with the same version rules as the
 *    in-memory adapter.
 */
export async function commitIn(tx: SqlQueryable, o: ResolvedOptions, request: CommitRequest): Promise<CommitResult> {
  const t = o.tables;
  const locks = [...new Set(lockNames(o.schema, request))];
  if (locks.length > 0) {
    // Volatile functions in the SELECT list are evaluated after ORDER BY: the locks are taken in id order.
    await tx.query(
      `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(n, $2) AS h FROM json_array_elements_text($1::json) AS n) AS l ORDER BY h`,
      [json(locks), LOCK_SEED],
    );
  }
  const keys = [...new Set([...request.expected.map((e) => e.key), ...request.writes.map((w) => w.key)])];
  const current = new Map<string, number>();
  if (keys.length > 0) {
    const rows = await tx.query(`SELECT key, version FROM ${t.records} WHERE key IN (SELECT json_array_elements_text($1::json))`, [json(keys)]);
    for (const row of rows.rows) current.set(String(row['key']), Number(row['version']));
  }
  const conflicts = request.expected.filter((e) => (current.get(e.key) ?? 0) !== e.version).map((e) => e.key);
  if (conflicts.length > 0) return { ok: false, conflicts };
  if (request.receipt !== undefined) {
    const found = await tx.query(`SELECT 1 AS found FROM ${t.receipts} WHERE key = $1`, [request.receipt.key]);
    if (found.rows.length > 0) return { ok: false, conflicts: [`receipt:${request.receipt.key}`] };
  }
  await writeRecords(tx, o, request, current);
  await appendEvents(tx, o, request);
  await enqueue(tx, o, request.outbox);
  if (request.receipt !== undefined) {
    const { key, fingerprint, outcome, at } = request.receipt;
    await tx.query(`INSERT INTO ${t.receipts} (key, data) VALUES ($1, $2::json)`, [key, json({ fingerprint, outcome, at })]);
  }
  return { ok: true };
}

async function writeRecords(tx: SqlQueryable, o: ResolvedOptions, request: CommitRequest, current: Map<string, number>): Promise<void> {
  if (request.writes.length === 0) return;
  const expected = new Map(request.expected.map((e) => [e.key, e.version]));
  const rows = new Map<string, { key: string; version: number; data: unknown }>();
  for (const write of request.writes) {
    const version = (expected.get(write.key) ?? current.get(write.key) ?? 0) + 1;
    current.set(write.key, version);
    rows.set(write.key, { key: write.key, version, data: write.data === undefined ? null : write.data });
  }
  await tx.query(
    `INSERT INTO ${o.tables.records} (key, version, data) SELECT key, version, data FROM json_to_recordset($1::json) AS r(key text, version integer, data json)
     ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data`,
    [json([...rows.values()])],
  );
}

async function appendEvents(tx: SqlQueryable, o: ResolvedOptions, request: CommitRequest): Promise<void> {
  const appends = request.events.filter((a) => a.events.length > 0);
  if (appends.length === 0) return;
  const streams = [...new Set(appends.map((a) => a.stream))];
  const last = await tx.query(
    `SELECT stream, max(seq) AS seq FROM ${o.tables.events} WHERE stream IN (SELECT json_array_elements_text($1::json)) GROUP BY stream`,
    [json(streams)],
  );
  const seq = new Map(last.rows.map((row) => [String(row['stream']), Number(row['seq'])]));
  const rows: { stream: string; seq: number; data: unknown }[] = [];
  for (const append of appends) {
    let n = seq.get(append.stream) ?? 0;
    for (const event of append.events) {
      n += 1;
      rows.push({ stream: append.stream, seq: n, data: event === undefined ? null : event });
    }
    seq.set(append.stream, n);
  }
  await tx.query(
    `INSERT INTO ${o.tables.events} (stream, seq, data) SELECT stream, seq, data FROM json_to_recordset($1::json) AS e(stream text, seq integer, data json)`,
    [json(rows)],
  );
}

async function enqueue(tx: SqlQueryable, o: ResolvedOptions, outbox: readonly OutboxItem[]): Promise<void> {
  if (outbox.length === 0) return;
  const seen = new Set<string>();
  const items = outbox.filter((item) => !seen.has(item.id) && (seen.add(item.id), true));
  // ORDER BY n: the outbox's seq follows the order the items were given in. A known id (queued or
  // delivered) is skipped.
  await tx.query(
    `INSERT INTO ${o.tables.outbox} (id, kind, item, available_at)
     SELECT x->>'id', x->>'kind', x->'item', (x->>'at')::float8 FROM json_array_elements($1::json) WITH ORDINALITY AS i(x, n) ORDER BY n
     ON CONFLICT (id) DO NOTHING`,
    // String(availableAt) keeps NaN and the infinities, which JSON would turn into null.
    [json(items.map((item) => ({ id: item.id, kind: item.kind, at: String(item.availableAt), item })))],
  );
}
