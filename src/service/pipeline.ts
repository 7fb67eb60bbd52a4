import { domainError, type DomainError } from '../core/errors.js';
import { fingerprint } from '../core/idempotency.js';
import { err, ok, type Result } from '../core/result.js';
import type { CommitRequest } from '../ports/storage.js';
import { now, type ServiceDeps } from './ports.js';

/** Internal: what one attempt at a command decided. */
export type Attempt<T> =
  /** Commit these records, events and outbox items; answer `outcome`. */
  | { readonly kind: 'commit'; readonly commit: Omit<CommitRequest, 'receipt'>; readonly outcome: T }
  /** The command is refused, decided against the records read with these versions. */
  | { readonly kind: 'reject'; readonly error: DomainError; readonly expected: CommitRequest['expected'] }
  /** Something due was committed first (a deadline): decide again on fresh records. */
  | { readonly kind: 'again' };

/** Internal: a command for the pipeline. */
export interface PipelineCommand<T> {
  /** The caller's idempotency key (C15), if any. */
  readonly key: string | null;
  /** What identifies the command for C15 (method, actor, payload without the key). */
  readonly identity: unknown;
  readonly attempt: () => Promise<Attempt<T>>;
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unreadable error';
  }
}

function isResult(value: unknown): value is Result<unknown, DomainError> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * Internal: runs a command to its end: check the idempotency receipt, decide on fresh records, commit
 * atomically with expected versions and the receipt; on a conflict (or a port failure) decide again,
 * at most `policy.maxAttempts` times, then `CONCURRENT_MODIFICATION`.
 *
 * @remarks
 * Every commit carries a receipt: under the caller's key (`idem:` + key), or under a key drawn for this
 * call (`auto:` + id) when the caller gave none. So when a commit throws after it was applied (a lost
 * answer), the next attempt finds the receipt and answers the committed outcome instead of deciding
 * again on state it already changed. A caller-keyed refusal is recorded too (same key, same answer);
 * an unkeyed refusal writes nothing.
 */
export async function runPipeline<T>(deps: ServiceDeps, command: PipelineCommand<T>): Promise<Result<T, DomainError>> {
  const max = deps.policy.maxAttempts;
  let receiptKey: string;
  try {
    receiptKey = command.key !== null ? `idem:${command.key}` : `auto:${String(deps.ids.next('command'))}`;
  } catch (cause) {
    return err(unavailable(0, [], describe(cause)));
  }
  // A drawn (`auto:`) key is read back only by this very call, so its receipt needs no fingerprint.
  const print = command.key === null ? '' : fingerprint(command.identity);
  let failures = 0;
  let rounds = 0;
  let conflicts: readonly string[] = [];
  let lastError: string | null = null;
  while (failures < max && rounds < max * 4) {
    rounds += 1;
    try {
      // A key drawn for this call has no receipt before this call's first commit attempt.
      const stored = command.key === null && rounds === 1 ? undefined : await deps.storage.receipt(receiptKey);
      if (stored !== undefined && stored !== null) {
        if (stored.fingerprint !== print) return err(domainError('IDEMPOTENCY_CONFLICT', { key: command.key ?? receiptKey }));
        if (isResult(stored.outcome)) return stored.outcome as Result<T, DomainError>;
        throw new Error(`the receipt of "${receiptKey}" holds no outcome`);
      }
      const attempt = await command.attempt();
      if (attempt.kind === 'again') continue;
      if (attempt.kind === 'reject') {
        if (command.key === null) return err(attempt.error);
        const outcome = err(attempt.error);
        const r = await deps.storage.commit({ expected: attempt.expected, writes: [], events: [], outbox: [], receipt: { key: receiptKey, fingerprint: print, outcome, at: now(deps) } });
        if (r.ok) return outcome;
        failures += 1;
        conflicts = r.conflicts;
        continue;
      }
      const outcome = ok(attempt.outcome);
      const { writes, events, outbox } = attempt.commit;
      // Nothing to record and no caller key: the answer needs no commit (e.g. a sweep with nothing due).
      if (command.key === null && writes.length === 0 && events.length === 0 && outbox.length === 0) return outcome;
      const r = await deps.storage.commit({ ...attempt.commit, receipt: { key: receiptKey, fingerprint: print, outcome, at: now(deps) } });
      if (r.ok) return outcome;
      failures += 1;
      conflicts = Array.isArray(r.conflicts) ? r.conflicts : [];
    } catch (cause) {
      failures += 1;
      lastError = describe(cause);
    }
  }
  return err(lastError === null ? domainError('CONCURRENT_MODIFICATION', { attempts: failures, records: [...conflicts] }) : unavailable(failures, conflicts, lastError));
}

function unavailable(attempts: number, records: readonly string[], cause: string): DomainError<'CONCURRENT_MODIFICATION'> {
  return domainError(
    'CONCURRENT_MODIFICATION',
    { attempts, records: [...records] },
    `Could not complete the command after ${attempts} attempts: a port failed (${cause}). Nothing is ever half-applied: either the whole command was committed (its answer lost) or nothing was; retry with the same idempotency key to find out.`,
  );
}
