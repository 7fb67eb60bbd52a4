import type { z } from 'zod';
import { isPlainConnection, isPlainLedger } from '../connection/recordGuards.js';
import { ConnectionSchema, ProjectLedgerSchema } from '../connection/schemas.js';
import type { Connection, ProjectLedger } from '../connection/state.js';
import { domainError, type DomainError, type InputIssue } from '../core/errors.js';
import { deepFreeze } from '../core/freeze.js';
import { err, ok, type Result } from '../core/result.js';
import { isTrusted, trust, type TrustKind } from '../core/trust.js';
import { SharedProjectSchema, ShareSchema, TeamSchema, TeamUsageRecordSchema } from '../shared-project/schemas.js';
import { isPlainShare, isPlainSharedProject, isPlainTeam, isPlainUsage } from '../shared-project/recordGuards.js';
import type { Share, SharedProject, Team, TeamUsageRecord } from '../shared-project/state.js';

/**
 * Internal: the reader of one kind of stored record — its key prefix, the id field that must match the
 * key, and its check: a hand-written guard (no schema, no allocation, no memory per record; the records
 * of the command path) or a trust mark for records this library wrote, else the record's schema (for
 * records read back from a database as fresh JSON).
 * @internal
 */
export interface RecordReader<T> {
  /** The storage key prefix, e.g. `connection:`. */
  readonly prefix: string;
  /** The validated, deep-frozen record, or the issues that make it unreadable. */
  read(key: string, value: unknown): Result<T, DomainError<'DATA_CORRUPTED'>>;
  /** Marks a record this library built (deep-frozen, valid by construction) so reading it back is free (a no-op for guarded readers). */
  seal(record: T): T;
}

function issuesOf(error: z.core.$ZodError | undefined, fallback: string): InputIssue[] {
  if (error === undefined) return [{ path: [], code: 'custom', message: fallback }];
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code, message: i.message }));
}

/**
 * Internal: a record reader; `idOf` gives the id a record must be stored under (its key without the prefix).
 * @internal
 */
export function recordReader<T extends object>(
  prefix: string,
  idOf: (record: T) => string,
  schema: z.ZodType,
  guard: ((value: unknown) => value is T) | null,
): RecordReader<T> {
  const kind: TrustKind = `record:${prefix}`;
  return {
    prefix,
    read(key, value) {
      const id = key.slice(prefix.length);
      let record: T | undefined;
      if (guard !== null ? guard(value) : isTrusted(value, kind)) record = value as T;
      else {
        let parsed: { success: boolean; data?: unknown; error?: z.core.$ZodError };
        try {
          parsed = schema.safeParse(value);
        } catch (cause) {
          return err(domainError('DATA_CORRUPTED', { key, issues: [{ path: [], code: 'unreadable', message: cause instanceof Error ? cause.message : 'unreadable' }] }));
        }
        if (!parsed.success) return err(domainError('DATA_CORRUPTED', { key, issues: issuesOf(parsed.error, 'does not validate') }));
        record = deepFreeze(parsed.data as T);
        if (guard === null) trust(record, kind);
      }
      const own = idOf(record);
      if (own !== id) {
        return err(domainError('DATA_CORRUPTED', { key, issues: [{ path: [], code: 'custom', message: `the record under "${key}" belongs under "${prefix}${own}"` }] }));
      }
      return ok(record);
    },
    seal: (record) => (guard === null ? trust(record, kind) : record),
  };
}

/**
 * Internal: connection records (`connection:<id>`), checked by the hand-written guard or `ConnectionSchema`.
 * @internal
 */
export const CONNECTIONS: RecordReader<Connection> = recordReader<Connection>('connection:', (r) => r.id, ConnectionSchema, isPlainConnection);
/**
 * Internal: project ledgers (`ledger:<projectId>`).
 * @internal
 */
export const LEDGERS: RecordReader<ProjectLedger> = recordReader<ProjectLedger>('ledger:', (r) => r.projectId, ProjectLedgerSchema, isPlainLedger);
/**
 * Internal: team records (`team:<teamId>`).
 * @internal
 */
export const TEAMS: RecordReader<Team> = recordReader<Team>('team:', (r) => r.id, TeamSchema, isPlainTeam);
/**
 * Internal: shared-project records (`shared_project:<id>`).
 * @internal
 */
export const SHARED_PROJECTS: RecordReader<SharedProject> = recordReader<SharedProject>('shared_project:', (r) => r.id, SharedProjectSchema, isPlainSharedProject);
/**
 * Internal: share records (`share:<id>`).
 * @internal
 */
export const SHARES: RecordReader<Share> = recordReader<Share>('share:', (r) => r.id, ShareSchema, isPlainShare);
/**
 * Internal: team usage records (`team_usage:<teamId>`).
 * @internal
 */
export const USAGE: RecordReader<TeamUsageRecord> = recordReader<TeamUsageRecord>('team_usage:', (r) => r.teamId, TeamUsageRecordSchema, isPlainUsage);
