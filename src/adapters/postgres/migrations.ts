import type { DomainError } from '../../core/errors.js';
import { domainError } from '../../core/errors.js';
import { err, ok, type Result } from '../../core/result.js';
import { inTransaction, type SqlQueryable } from './client.js';
import { claimFunction5Sql } from './claimFunction5.js';
import { claimFunctionSql, commitFunctionSql } from './commitFunction.js';
import { commitFunction3Sql } from './commitFunction3.js';
import { commitFunction4Sql } from './commitFunction4.js';
import { LOCK_SEED } from './lockSeed.js';
import { readAdapterInputs, resolveOptions, type ResolvedOptions } from './options.js';

/**
 * One schema migration of the PostgreSQL adapter: a version, a name and its SQL statements.
 *
 * @example
 * ```ts
 * const m: PostgresMigration = { version: 1, name: 'initial tables', statements: ['CREATE TABLE ...'] };
 * ```
 * @since 0.1.0
 */
export interface PostgresMigration {
  /** The schema version the migration brings the database to. */
  readonly version: number;
  /** What the migration does, in words. */
  readonly name: string;
  /** Its SQL statements, run in order by `migrate`. */
  readonly statements: readonly string[];
}

/**
 * What {@link migrate} did: the versions it applied now (empty when the schema was up to date), the
 * schema version afterwards, and, when asked for (`distribute: true`), whether the tables were
 * distributed by their shard column on Citus.
 *
 * @example
 * ```ts
 * const report: MigrationReport = { applied: [1, 2, 3, 4, 5], version: 5, distribution: { requested: false, applied: false, reason: 'not requested' } };
 * ```
 * @since 0.1.0
 */
export interface MigrationReport {
  /** The versions applied by this call (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The schema version afterwards. */
  readonly version: number;
  /** Whether distribution on Citus was requested, whether it was applied, and why not. */
  readonly distribution: { readonly requested: boolean; readonly applied: boolean; readonly reason: string };
}

/**
 * Options of {@link migrate}: the adapter's options, plus whether to distribute the tables on Citus.
 *
 * @example
 * ```ts
 * const options: MigrateOptions = { schema: 'project_connections', distribute: true };
 * ```
 * @since 0.2.0
 */
export interface MigrateOptions {
  /** The PostgreSQL schema holding the adapter's tables (created if absent); default `public`. */
  readonly schema?: string;
  /** Checked like the adapter's `retries` option; `migrate` runs its one transaction without retrying it. */
  readonly retries?: number;
  /**
   * Distribute the tables by their shard column with the Citus extension (see docs/adapters.md,
   * "Scaling out"). Where the extension is not installed, the tables stay local and the report says
   * why. Default false.
   */
  readonly distribute?: boolean;
}

function migrationsTableSql(o: ResolvedOptions): string {
  return `CREATE TABLE IF NOT EXISTS ${o.tables.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
}

function migrationList(o: ResolvedOptions): PostgresMigration[] {
  const t = o.tables;
  return [
    {
      version: 1,
      name: 'records, events, outbox and receipts',
      statements: [
        // Where the versions applied are recorded: first, so a migration tool applying this SQL can record
        // version 1 (migrate() has created it already; IF NOT EXISTS keeps both ways).
        migrationsTableSql(o),
        // COLLATE "C": keys compare byte-wise, so `list(prefix)` returns them in code-point order.
        `CREATE TABLE ${t.records} (key text COLLATE "C" PRIMARY KEY, version integer NOT NULL CHECK (version > 0), data json)`,
        `CREATE TABLE ${t.events} (stream text COLLATE "C" NOT NULL, seq integer NOT NULL, data json, PRIMARY KEY (stream, seq))`,
        // seq gives the outbox its insertion order; a delivered row stays (delivered = true) so its id is never queued again.
        `CREATE TABLE ${t.outbox} (seq bigserial NOT NULL, id text COLLATE "C" PRIMARY KEY, kind text, item json, available_at double precision, attempts integer NOT NULL DEFAULT 0, last_error text, delivered boolean NOT NULL DEFAULT false)`,
        `CREATE INDEX pc_outbox_pending ON ${t.outbox} (seq) WHERE NOT delivered`,
        `CREATE TABLE ${t.receipts} (key text COLLATE "C" PRIMARY KEY, data json NOT NULL)`,
      ],
    },
    {
      version: 2,
      name: 'shard columns, secondary indexes, outbox leases, one-round-trip commits',
      statements: [
        // Every record and event carries its shard (the upstream project, the team; see docs/adapters.md),
        // the distribution column on a distributed PostgreSQL; the first write of a key fixes it.
        `ALTER TABLE ${t.records} ADD COLUMN shard text COLLATE "C"`,
        `UPDATE ${t.records} SET shard = key`,
        `ALTER TABLE ${t.records} ALTER COLUMN shard SET NOT NULL`,
        `ALTER TABLE ${t.records} DROP CONSTRAINT pc_records_pkey`,
        `ALTER TABLE ${t.records} ADD PRIMARY KEY (shard, key)`,
        `CREATE UNIQUE INDEX pc_records_key ON ${t.records} (key)`,
        `ALTER TABLE ${t.events} ADD COLUMN shard text COLLATE "C"`,
        `UPDATE ${t.events} SET shard = stream`,
        `ALTER TABLE ${t.events} ALTER COLUMN shard SET NOT NULL`,
        `ALTER TABLE ${t.events} DROP CONSTRAINT pc_events_pkey`,
        `ALTER TABLE ${t.events} ADD PRIMARY KEY (shard, stream, seq)`,
        `CREATE INDEX pc_events_stream ON ${t.events} (stream, seq)`,
        // One row per index entry of a record; queries read one (name, term) range in (ord, key) order.
        `CREATE TABLE ${t.index} (shard text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, term text COLLATE "C" NOT NULL, ord double precision NOT NULL, key text COLLATE "C" NOT NULL, PRIMARY KEY (shard, name, term, ord, key))`,
        `CREATE INDEX pc_index_lookup ON ${t.index} (name, term, ord, key)`,
        `CREATE INDEX pc_index_key ON ${t.index} (key)`,
        // Leases: a claimed item is skipped by other dispatchers until lease_until.
        // Groups: the items of one group are delivered one at a time, in commit order.
        `ALTER TABLE ${t.outbox} ADD COLUMN lease_owner text, ADD COLUMN lease_until double precision NOT NULL DEFAULT '-Infinity', ADD COLUMN enqueued_at double precision, ADD COLUMN group_key text COLLATE "C"`,
        `UPDATE ${t.outbox} SET enqueued_at = available_at`,
        `CREATE INDEX pc_outbox_group ON ${t.outbox} (group_key, seq) WHERE NOT delivered AND group_key IS NOT NULL`,
        commitFunctionSql(o),
        claimFunctionSql(o),
      ],
    },
    {
      version: 3,
      name: 'commit function on jsonb, parsed once',
      statements: [
        // An overload: pc_commit(json) of version 2 stays for adapters of the previous release (rolling upgrades).
        commitFunction3Sql(o),
      ],
    },
    {
      version: 4,
      name: 'commit function whose plans stay on the indexes',
      statements: [
        // The same pc_commit(jsonb), replaced: adapters of version 3 call it unchanged (rolling upgrades).
        commitFunction4Sql(o),
      ],
    },
    {
      version: 5,
      name: 'outbox claim that reads each group once',
      statements: [
        // The same claim function, replaced: adapters of earlier versions call it unchanged (rolling upgrades).
        claimFunction5Sql(o),
      ],
    },
  ];
}

/**
 * The adapter's schema as versioned SQL, for teams that apply migrations with their own tool (Flyway,
 * node-pg-migrate, ...) instead of {@link migrate}. Tables live in `options.schema` (default `public`).
 *
 * @example
 * ```ts
 * const r = postgresMigrations({ schema: 'pc' });
 * if (r.ok) for (const m of r.value) console.log(m.version, m.statements.join(';\n'));
 * ```
 * @since 0.1.0
 */
export function postgresMigrations(options?: unknown): Result<readonly PostgresMigration[], DomainError<'INVALID_INPUT'>> {
  const resolved = resolveOptions(options);
  if (!resolved.ok) return resolved;
  return ok(Object.freeze(migrationList(resolved.value).map((m) => Object.freeze({ ...m, statements: Object.freeze([...m.statements]) }))));
}

/**
 * The schema version this release of the adapter needs ({@link migrate} brings a database to it).
 *
 * @example
 * ```ts
 * POSTGRES_SCHEMA_VERSION; // 5
 * ```
 * @since 0.1.0
 */
export const POSTGRES_SCHEMA_VERSION = 5;

/**
 * Creates or upgrades the adapter's tables: idempotent, safe to run from several processes at once.
 *
 * @remarks
 * Applied versions are recorded in `pc_migrations`. Everything runs in one transaction under an
 * advisory lock, so concurrent callers wait for each other and a failed migration leaves nothing
 * behind. Bad arguments resolve to an `INVALID_INPUT` error; database failures (unreachable server,
 * missing privileges) reject with the driver's error.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const r = await migrate(pool, { schema: 'project_connections' });
 * if (!r.ok) throw new Error(r.error.message);
 * ```
 * @since 0.1.0
 */
export async function migrate(client: unknown, options?: MigrateOptions | unknown): Promise<Result<MigrationReport, DomainError<'INVALID_INPUT'>>> {
  const inputs = readAdapterInputs(client, options, true);
  if (!inputs.ok) return inputs;
  const distribute = readDistribute(options);
  if (!distribute.ok) return distribute;
  const o = inputs.value.options;
  return inTransaction(inputs.value.client, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, $2))', [`${o.schema}|migrate`, LOCK_SEED]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS "${o.schema}"`);
    await tx.query(migrationsTableSql(o));
    const done = await tx.query(`SELECT version FROM ${o.tables.migrations}`);
    const have = new Set(done.rows.map((row) => Number(row['version'])));
    const applied: number[] = [];
    for (const migration of migrationList(o)) {
      if (have.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(`INSERT INTO ${o.tables.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    const distribution = distribute.value ? await distributeTables(tx, o) : { requested: false, applied: false, reason: 'not requested' };
    return ok(Object.freeze({ applied: Object.freeze(applied), version: Math.max(0, ...have, ...applied), distribution: Object.freeze(distribution) }));
  });
}

function readDistribute(options: unknown): Result<boolean, DomainError<'INVALID_INPUT'>> {
  let value: unknown;
  try {
    value = typeof options === 'object' && options !== null ? (options as { distribute?: unknown }).distribute : undefined;
  } catch {
    value = null;
  }
  if (value === undefined || typeof value === 'boolean') return ok(value === true);
  return err(domainError('INVALID_INPUT', { issues: [{ path: ['options', 'distribute'], code: 'invalid_type', message: 'expected a boolean' }] }));
}

/**
 * Distributes the tables on Citus: records, events and index entries by their shard column (colocated,
 * so one upstream project's or team's commit stays on one node), the outbox by id, receipts by key.
 * Citus cannot keep a unique index that leaves out the distribution column, so `pc_records_key` is
 * made again without `UNIQUE` (the adapter's advisory locks keep a key on the shard its first write
 * fixed): loads and expected-version checks look keys up by it, on every shard, instead of scanning.
 * A schema already distributed is recognised by its table's oid (a name compared as text would miss
 * `public`, which `regclass` prints unqualified), so a second call distributes nothing.
 */
async function distributeTables(tx: SqlQueryable, o: ResolvedOptions): Promise<{ requested: true; applied: boolean; reason: string }> {
  const available = await tx.query(`SELECT 1 AS found FROM pg_available_extensions WHERE name = 'citus'`);
  if (available.rows.length === 0) return { requested: true, applied: false, reason: 'the citus extension is not installed on this server: the tables stay local' };
  await tx.query('CREATE EXTENSION IF NOT EXISTS citus');
  const t = o.tables;
  const done = await tx.query(`SELECT 1 AS found FROM pg_dist_partition WHERE logicalrelid = $1::regclass`, [t.records]);
  if (done.rows.length > 0) return { requested: true, applied: true, reason: 'already distributed' };
  await tx.query(`DROP INDEX IF EXISTS "${o.schema}".pc_records_key`);
  await tx.query(`CREATE INDEX pc_records_key ON ${t.records} (key)`);
  await tx.query(`SELECT create_distributed_table('${t.records}', 'shard')`);
  await tx.query(`SELECT create_distributed_table('${t.events}', 'shard', colocate_with => '${t.records}')`);
  await tx.query(`SELECT create_distributed_table('${t.index}', 'shard', colocate_with => '${t.records}')`);
  await tx.query(`SELECT create_distributed_table('${t.outbox}', 'id')`);
  await tx.query(`SELECT create_distributed_table('${t.receipts}', 'key')`);
  return { requested: true, applied: true, reason: 'distributed by shard (records, events, index), id (outbox) and key (receipts)' };
}
