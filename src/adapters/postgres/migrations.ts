import type { DomainError } from '../../core/errors.js';
import { ok, type Result } from '../../core/result.js';
import { inTransaction } from './client.js';
import { readAdapterInputs, resolveOptions, type ResolvedOptions } from './options.js';

/**
 * One schema migration of the PostgreSQL adapter: a version, a name and its SQL statements.
 *
 * @example
 * ```ts
 * const m: PostgresMigration = { version: 1, name: 'initial tables', statements: ['CREATE TABLE ...'] };
 * ```
 */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/**
 * What {@link migrate} did: the versions it applied now (empty when the schema was up to date) and the
 * schema version afterwards.
 *
 * @example
 * ```ts
 * const report: MigrationReport = { applied: [1], version: 1 };
 * ```
 */
export interface MigrationReport {
  readonly applied: readonly number[];
  readonly version: number;
}

/** Internal: seed of every advisory-lock hash of this library, so its locks rarely meet an application's own. */
export const LOCK_SEED = 0x5043_636f;

function migrationList(o: ResolvedOptions): PostgresMigration[] {
  const t = o.tables;
  return [
    {
      version: 1,
      name: 'records, events, outbox and receipts',
      statements: [
        // COLLATE "C": keys compare byte-wise, so `list(prefix)` returns them in code-point order.
        `CREATE TABLE ${t.records} (key text COLLATE "C" PRIMARY KEY, version integer NOT NULL CHECK (version > 0), data json)`,
        `CREATE TABLE ${t.events} (stream text COLLATE "C" NOT NULL, seq integer NOT NULL, data json, PRIMARY KEY (stream, seq))`,
        // seq gives the outbox its insertion order; a delivered row stays (delivered = true) so its id is never queued again.
        `CREATE TABLE ${t.outbox} (seq bigserial NOT NULL, id text COLLATE "C" PRIMARY KEY, kind text, item json, available_at double precision, attempts integer NOT NULL DEFAULT 0, last_error text, delivered boolean NOT NULL DEFAULT false)`,
        `CREATE INDEX pc_outbox_pending ON ${t.outbox} (seq) WHERE NOT delivered`,
        `CREATE TABLE ${t.receipts} (key text COLLATE "C" PRIMARY KEY, data json NOT NULL)`,
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
 * POSTGRES_SCHEMA_VERSION; // 1
 * ```
 */
export const POSTGRES_SCHEMA_VERSION = 1;

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
 */
export async function migrate(client: unknown, options?: unknown): Promise<Result<MigrationReport, DomainError<'INVALID_INPUT'>>> {
  const inputs = readAdapterInputs(client, options);
  if (!inputs.ok) return inputs;
  const o = inputs.value.options;
  return inTransaction(inputs.value.client, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, $2))', [`${o.schema}|migrate`, LOCK_SEED]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS "${o.schema}"`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${o.tables.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = await tx.query(`SELECT version FROM ${o.tables.migrations}`);
    const have = new Set(done.rows.map((row) => Number(row['version'])));
    const applied: number[] = [];
    for (const migration of migrationList(o)) {
      if (have.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(`INSERT INTO ${o.tables.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return ok(Object.freeze({ applied: Object.freeze(applied), version: Math.max(0, ...have, ...applied) }));
  });
}
