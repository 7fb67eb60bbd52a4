import { z } from 'zod';
import { parseInput } from '../../core/validation.js';
import { domainError, type DomainError } from '../../core/errors.js';
import { isPostgresClient, type PostgresClient } from './client.js';
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
}

const OptionsSchema = z
  .object({
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,47}$/, 'a lowercase SQL identifier (letters, digits, _), at most 48 characters')
      .refine((s) => !s.startsWith('pg_'), 'the pg_ prefix is reserved by PostgreSQL')
      .optional(),
    retries: z.number().int().min(0).max(100).optional(),
  })
  .strip();

/**
 * Internal: the resolved options and the qualified table names.
 * @internal
 */
export interface ResolvedOptions {
  readonly schema: string;
  readonly retries: number;
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
 * Internal: validates the options (`undefined` means all defaults) and names the tables.
 * @internal
 */
export function resolveOptions(input: unknown): Result<ResolvedOptions, DomainError<'INVALID_INPUT'>> {
  const parsed = parseInput(OptionsSchema, input === undefined ? {} : input);
  if (!parsed.ok) return err(parsed.error);
  const schema = parsed.value.schema ?? 'public';
  const table = (name: string) => `"${schema}".${name}`;
  return ok(
    Object.freeze({
      schema,
      retries: parsed.value.retries ?? 5,
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

/**
 * Internal: the client and resolved options every adapter entry point starts from, or
 * `INVALID_INPUT` when the client is not a pg Pool / PGlite instance or the options are malformed.
 * @internal
 */
export function readAdapterInputs(
  client: unknown,
  options: unknown,
): Result<{ readonly client: PostgresClient; readonly options: ResolvedOptions }, DomainError<'INVALID_INPUT'>> {
  if (!isPostgresClient(client)) {
    return err(
      domainError('INVALID_INPUT', {
        issues: [{ path: ['client'], code: 'invalid_type', message: 'expected a pg Pool or a PGlite instance (query() plus connect() or transaction())' }],
      }),
    );
  }
  const resolved = resolveOptions(options);
  return resolved.ok ? ok({ client, options: resolved.value }) : resolved;
}
