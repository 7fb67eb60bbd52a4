import type { z } from 'zod';
import { isPlainConnection, isPlainLedger } from '../connection/recordGuards.js';
import { ConnectionSchema, ProjectLedgerSchema } from '../connection/schemas.js';
import type { Connection, ProjectLedger } from '../connection/state.js';
import { domainError, type DomainError, type InputIssue } from '../core/errors.js';
import { deepFreeze } from '../core/freeze.js';
import { err, ok, type Result } from '../core/result.js';
import { isTrusted, trust } from '../core/trust.js';
import { SharedProjectSchema, ShareSchema, TeamSchema, TeamUsageRecordSchema } from '../shared-project/schemas.js';
import type { Share, SharedProject, Team, TeamUsageRecord } from '../shared-project/state.js';

/**
 * Internal: the reader of one kind of stored record — its key prefix, the id field that must match the
 * key, and its check: a hand-written guard or a trust mark for records this library wrote (no cost, no
 * memory per record), else the record's schema (for records read back from a database as fresh JSON).
 */
export interface RecordReader<T> {
  /** The storage key prefix, e.g. `connection:`. */
  readonly prefix: string;
  /** The validated, deep-frozen record, or the issues that make it unreadable. */
  read(key: string, value: unknown): Result<T, DomainError<'DATA_CORRUPTED'>>;
  /** Marks a record this library built (deep-frozen, valid by construction) so reading it back is free. */
  seal(record: T): T;
}

function issuesOf(error: z.core.$ZodError | undefined, fallback: string): InputIssue[] {
  if (error === undefined) return [{ path: [], code: 'custom', message: fallback }];
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code, message: i.message }));
}

function reader<T extends object>(
  prefix: string,
  idField: keyof T & string,
  schema: z.ZodType,
  guard: ((value: unknown) => value is T) | null,
): RecordReader<T> {
  return {
    prefix,
    read(key, value) {
      const id = key.slice(prefix.length);
      let record: T | undefined;
      if (guard !== null ? guard(value) : isTrusted(value)) record = value as T;
      else {
        let parsed: { success: boolean; data?: unknown; error?: z.core.$ZodError };
        try {
          parsed = schema.safeParse(value);
        } catch (cause) {
          return err(domainError('DATA_CORRUPTED', { key, issues: [{ path: [], code: 'unreadable', message: cause instanceof Error ? cause.message : 'unreadable' }] }));
        }
        if (!parsed.success) return err(domainError('DATA_CORRUPTED', { key, issues: issuesOf(parsed.error, 'does not validate') }));
        record = deepFreeze(parsed.data as T);
        if (guard === null) trust(record);
      }
      if ((record as Record<string, unknown>)[idField] !== id) {
        return err(domainError('DATA_CORRUPTED', { key, issues: [{ path: [idField], code: 'custom', message: `the record under "${key}" has ${idField} "${String((record as Record<string, unknown>)[idField])}"` }] }));
      }
      return ok(record);
    },
    seal: (record) => (guard === null ? trust(record) : record),
  };
}

/** Internal: connection records (`connection:<id>`), checked by the hand-written guard or `ConnectionSchema`. */
export const CONNECTIONS: RecordReader<Connection> = reader<Connection>('connection:', 'id', ConnectionSchema, isPlainConnection);
/** Internal: project ledgers (`ledger:<projectId>`). */
export const LEDGERS: RecordReader<ProjectLedger> = reader<ProjectLedger>('ledger:', 'projectId', ProjectLedgerSchema, isPlainLedger);
/** Internal: team records (`team:<teamId>`). */
export const TEAMS: RecordReader<Team> = reader<Team>('team:', 'id', TeamSchema, null);
/** Internal: shared-project records (`shared_project:<id>`). */
export const SHARED_PROJECTS: RecordReader<SharedProject> = reader<SharedProject>('shared_project:', 'id', SharedProjectSchema, null);
/** Internal: share records (`share:<id>`). */
export const SHARES: RecordReader<Share> = reader<Share>('share:', 'id', ShareSchema, null);
/** Internal: team usage records (`team_usage:<teamId>`). */
export const USAGE: RecordReader<TeamUsageRecord> = reader<TeamUsageRecord>('team_usage:', 'teamId', TeamUsageRecordSchema, null);
