import { z } from 'zod';
import { parseInput } from '../../core/validation.js';
import { domainError, type DomainError } from '../../core/errors.js';
import { isPostgresClient, isSingleConnection, type PostgresClient } from './client.js';
import type { Result } from '../../core/result.js';
import { err, ok } from '../../core/result.js';

/**
 * Options of the PostgreSQL adapter and of its migrations.
 *
 * @example
 * ```ts
 * const options: PostgresStorageOptions = { schema: 'project_connections', retries: 5 };
 * ```
 * @since 0.1.0
 */
export interface PostgresStorageOptions {
  /**
   * The PostgreSQL schema holding the adapter's tables (created by `migrate` if absent). Default
   * `public`. A lowercase identifier: letters, digits and `_`, at most 48 characters.
   */
  readonly schema?: string;
  /**
   * How many times a commit is run again when PostgreSQL reports a serialization failure or a
   * deadlock (SQLSTATE 40001 / 40P01) before it is reported as a conflict. Default 5.
   */
  readonly retries?: number;
  /**
   * Send every statement as `pg`'s query config with a name (`{ name, text, values }`), so each
   * connection parses and plans it once and then only binds and runs it (`pg` remembers the prepared
   * statements of each of its connections). Default: on when the client is a `pg` `Pool`, off for
   * anything else (PGlite, your own wrapper). Turn it on for a wrapper that hands its first argument
   * through to `pg`; turn it off behind a pooler that cannot keep prepared statements (PgBouncer in
   * transaction mode before 1.21). Since 0.2.0.
   */
  readonly namedStatements?: boolean;
}

const OptionsSchema = z
  .object({
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,47}$/, 'a lowercase SQL identifier (letters, digits, _), at most 48 characters')
      .refine((s) => !s.startsWith('pg_'), 'the pg_ prefix is reserved by PostgreSQL')
      // A system schema: pg_dump leaves it out, so a backup would silently hold none of the data.
      .refine((s) => s !== 'information_schema', 'information_schema is a system schema (pg_dump leaves it out)')
      .optional(),
    retries: z.number().int().min(0).max(100).optional(),
    namedStatements: z.boolean().optional(),
  })
  .strict();

/** What `migrate` accepts: the adapter's options and `distribute` (read by `migrate` itself). */
const MigrateOptionsSchema = OptionsSchema.extend({ distribute: z.boolean().optional() }).strict();

/**
 * Internal: the resolved options and the qualified table names.
 * @internal
 */
export interface ResolvedOptions {
  readonly schema: string;
  readonly retries: number;
  /** Whether statements go as named `pg` query configs; `undefined` until the client is known (see {@link readAdapterInputs}). */
  readonly namedStatements: boolean | undefined;
  readonly tables: {
    readonly migrations: string;
    readonly records: string;
    readonly events: string;
    readonly outbox: string;
    readonly receipts: string;
    readonly index: string;
  };
  /** The schema-qualified name of the commit function (one round trip per commit). */
  readonly commitFunction: string;
  /** The schema-qualified name of the outbox claim function. */
  readonly claimFunction: string;
}

/**
 * Internal: validates the options (`undefined` means all defaults; unknown keys are refused, so a
 * misspelt `schema` never sends the data to `public`) and names the tables. `forMigrate`: `migrate`'s
 * options, which may also hold `distribute`.
 * @internal
 */
export function resolveOptions(input: unknown, forMigrate = false): Result<ResolvedOptions, DomainError<'INVALID_INPUT'>> {
  const parsed = parseInput(forMigrate ? MigrateOptionsSchema : OptionsSchema, input === undefined ? {} : input);
  if (!parsed.ok) return err(parsed.error);
  const schema = parsed.value.schema ?? 'public';
  const table = (name: string) => `"${schema}".${name}`;
  return ok(
    Object.freeze({
      schema,
      retries: parsed.value.retries ?? 5,
      namedStatements: parsed.value.namedStatements,
      tables: Object.freeze({
        migrations: table('pc_migrations'),
        records: table('pc_records'),
        events: table('pc_events'),
        outbox: table('pc_outbox'),
        receipts: table('pc_receipts'),
        index: table('pc_index'),
      }),
      commitFunction: table('pc_commit'),
      claimFunction: table('pc_claim'),
    }),
  );
}

/** A `pg` `Pool` (what `namedStatements` defaults to on for): its `Client` class and connection counts. */
function isPgPool(client: PostgresClient): boolean {
  try {
    const c = client as unknown as Record<string, unknown>;
    return !('transaction' in c) && typeof c['Client'] === 'function' && typeof c['totalCount'] === 'number';
  } catch {
    return false;
  }
}

/**
 * Internal: the client and resolved options every adapter entry point starts from, or
 * `INVALID_INPUT` when the client is not a pg Pool / PGlite instance or the options are malformed.
 * @internal
 */
export function readAdapterInputs(
  client: unknown,
  options: unknown,
  forMigrate = false,
): Result<{ readonly client: PostgresClient; readonly options: ResolvedOptions }, DomainError<'INVALID_INPUT'>> {
  if (isSingleConnection(client)) {
    return err(
      domainError('INVALID_INPUT', {
        issues: [{ path: ['client'], code: 'invalid_type', message: 'a single pg Client (or a pool\'s client) is one connection: concurrent commits would interleave on it; give a pg Pool' }],
      }),
    );
  }
  if (!isPostgresClient(client)) {
    return err(
      domainError('INVALID_INPUT', {
        issues: [{ path: ['client'], code: 'invalid_type', message: 'expected a pg Pool or a PGlite instance (query() plus connect() or transaction())' }],
      }),
    );
  }
  const resolved = resolveOptions(options, forMigrate);
  if (!resolved.ok) return resolved;
  const named = resolved.value.namedStatements ?? isPgPool(client);
  return ok({ client, options: Object.freeze({ ...resolved.value, namedStatements: named }) });
}
