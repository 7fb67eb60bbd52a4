import { domainError, type DomainError } from '../core/errors.js';
import { fingerprint } from '../core/idempotency.js';
import { err, ok, type Result } from '../core/result.js';
import type { CommitRequest, EventAppend, OutboxItem, RecordWrite, StoredReceipt } from '../ports/storage.js';
import { loadClosure, Loaded } from './loaded.js';
import { knownNotApplied, markedPermanent, PortFailure, portUnavailable } from './portCall.js';
import type { ServiceDeps } from './ports.js';

/**
 * Internal: what a decided command writes, besides its receipt.
 * @internal
 */
export interface CommitParts {
  readonly expected: CommitRequest['expected'];
  readonly writes: readonly RecordWrite[];
  readonly events: readonly EventAppend[];
  readonly outbox: readonly OutboxItem[];
  /** Outbox ids this commit acknowledges (see `CommitRequest.delivered`). */
  readonly delivered?: readonly string[];
  /** Outbox groups this commit cancels (see `CommitRequest.cancel`). */
  readonly cancel?: NonNullable<CommitRequest['cancel']>;
}

/**
 * Internal: one domain's part of the command pipeline — how a command of that domain reads its records,
 * decides and builds its commit. The pipeline ({@link runCommand}) runs every domain's commands the
 * same way: load → read → deadlines first → facts → decide → evolve → commit, with receipts and retries.
 *
 * @remarks
 * `Who` is whoever runs the command (a user id, or a system actor); `Facts` what the decision and its
 * outbox need from the directory (authorization facts, approval mode, recipients), read once per attempt.
 * @internal
 */
export interface CommandModule<Command, Who, View, Facts, Event, Outcome> {
  /** The storage keys the decision reads, given the records loaded so far (asked again until it names nothing new). */
  keys(command: Command, loaded: Loaded, deps: ServiceDeps): readonly string[];
  /**
   * Keys the first load round also reads on a guess (hints of what the records will name; see
   * {@link loadClosure}): those the decision does not name in the end are dropped before it reads them.
   */
  ahead?(command: Command, deps: ServiceDeps): readonly string[];
  /**
   * More keys, named by index queries after the first records are loaded (a fan-out to every connected
   * downstream of an upstream): loaded into the same attempt, so their versions are expected at commit.
   * A module whose next keys depend on the directory as well (P10's chains) may load them into `loaded`
   * itself and name none.
   */
  expand?(deps: ServiceDeps, command: Command, loaded: Loaded): readonly string[] | Promise<readonly string[]>;
  /** The loaded records as the decider's view, each checked by its record reader (`DATA_CORRUPTED` naming a bad one). */
  read(loaded: Loaded, deps: ServiceDeps): Result<View, DomainError>;
  /** The time of the decision: the clock's reading, never before the last event of the records it concerns. */
  time(view: View, command: Command, now: number): number;
  /** Events due before the command runs (deadlines): committed on their own first, then the command is decided again. */
  due(deps: ServiceDeps, view: View, command: Command, at: number): readonly Event[];
  /** What the decision and the outbox need from the directory (`who` null for the deadline commit). */
  facts(deps: ServiceDeps, who: Who | null, command: Command, view: View): Promise<Result<Facts, DomainError>>;
  /** The pure decision. */
  decide(deps: ServiceDeps, view: View, command: Command, facts: Facts, at: number): Result<readonly Event[], DomainError>;
  /** Folds the decided events into the view. */
  evolve(view: View, events: readonly Event[]): View;
  /** Changed records (with their index entries), event appends and outbox items of the decided events. */
  commit(deps: ServiceDeps, loaded: Loaded, before: View, after: View, events: readonly Event[], facts: Facts, at: number, command: Command): Result<CommitParts, DomainError>;
  /** What the command answers. */
  outcome(after: View, command: Command, events: readonly Event[]): Outcome;
}

/**
 * Internal: what one attempt at a command decided.
 * @internal
 */
export type Attempt<T> =
  /** Commit these records, events and outbox items; answer `outcome`. */
  | { readonly kind: 'commit'; readonly commit: CommitParts; readonly outcome: T }
  /** The command is refused, decided against the records read with these versions. */
  | { readonly kind: 'reject'; readonly error: DomainError; readonly expected: CommitRequest['expected'] }
  /** Something due must be committed first (a deadline); then decide again on fresh records. */
  | { readonly kind: 'first'; readonly commit: CommitParts };

/**
 * Internal: one attempt at a command of a domain module: load its records, record what is due first,
 * read the directory, decide, and build the commit.
 * @internal
 */
export async function attemptCommand<Command, Who, View, Facts, Event, Outcome>(
  deps: ServiceDeps,
  m: CommandModule<Command, Who, View, Facts, Event, Outcome>,
  who: Who | null,
  command: Command,
): Promise<Attempt<Outcome>> {
  const loaded = new Loaded(deps.records);
  const attempt = await attemptOnce(deps, m, who, command, loaded);
  if (!loaded.fromCache) return attempt;
  if (!(attempt.kind === 'reject' || (attempt.kind === 'commit' && writesNothing(attempt.commit)))) {
    DECIDED_ON_KEPT.add(attempt);
    return attempt;
  }
  // A refusal, or a decision that changes nothing (a reconcile with nothing due), decided on kept
  // records may rest on a record that changed since, and the pipeline commits nothing for it whose
  // expected versions would tell: decide it again on records read from the storage.
  for (const key of loaded.records.keys()) deps.records?.forget(key);
  return attemptOnce(deps, m, who, command, new Loaded(null));
}

/**
 * Attempts decided on records kept by the service's record cache: a conflict of their commit is a kept
 * record gone stale, not a race this call lost, so it does not count against `maxAttempts` (the next
 * attempt reads the records from the storage: the conflict forgot them).
 */
const DECIDED_ON_KEPT = new WeakSet<object>();

/** Whether decided parts change nothing (the pipeline then commits nothing for an unkeyed command). */
function writesNothing(parts: CommitParts): boolean {
  return parts.writes.length === 0 && parts.events.length === 0 && parts.outbox.length === 0 && (parts.delivered?.length ?? 0) === 0;
}

async function attemptOnce<Command, Who, View, Facts, Event, Outcome>(
  deps: ServiceDeps,
  m: CommandModule<Command, Who, View, Facts, Event, Outcome>,
  who: Who | null,
  command: Command,
  into: Loaded,
): Promise<Attempt<Outcome>> {
  const loaded = await loadClosure(deps.storage, (l) => m.keys(command, l, deps), 6, into, m.ahead?.(command, deps));
  if (m.expand !== undefined) {
    // Most commands name nothing more, synchronously: no await (no extra turn of the event loop) then.
    const named = m.expand(deps, command, loaded);
    const more = Array.isArray(named) ? (named as readonly string[]) : await named;
    if (more.length > 0) await loadClosure(deps.storage, (l) => [...more, ...m.keys(command, l, deps)], 6, loaded);
  }
  const read = m.read(loaded, deps);
  if (!read.ok) return { kind: 'reject', error: read.error, expected: loaded.expected() };
  const view = read.value;
  const at = m.time(view, command, deps.now());
  const due = m.due(deps, view, command, at);
  if (due.length > 0) {
    const facts = await m.facts(deps, null, command, view);
    if (!facts.ok) return { kind: 'reject', error: facts.error, expected: loaded.expected() };
    const parts = m.commit(deps, loaded, view, m.evolve(view, due), due, facts.value, at, command);
    if (!parts.ok) return { kind: 'reject', error: parts.error, expected: loaded.expected() };
    return { kind: 'first', commit: parts.value };
  }
  const facts = await m.facts(deps, who, command, view);
  if (!facts.ok) return { kind: 'reject', error: facts.error, expected: loaded.expected() };
  const decided = m.decide(deps, view, command, facts.value, at);
  if (!decided.ok) return { kind: 'reject', error: decided.error, expected: loaded.expected() };
  const events = decided.value;
  const after = events.length === 0 ? view : m.evolve(view, events);
  const parts = m.commit(deps, loaded, view, after, events, facts.value, at, command);
  if (!parts.ok) return { kind: 'reject', error: parts.error, expected: loaded.expected() };
  return { kind: 'commit', commit: parts.value, outcome: m.outcome(after, command, events) };
}

/**
 * Internal: a command for the pipeline.
 * @internal
 */
export interface PipelineCommand<T> {
  /**
   * The receipt key of the caller's idempotency key (C15), already scoped to the actor
   * (see {@link scopedReceiptKey}), or null when the caller gave none.
   */
  readonly key: string | null;
  /** What identifies the command for C15 (method, actor, payload without the key). */
  readonly identity: unknown;
  readonly attempt: () => Promise<Attempt<T>>;
}

/**
 * Internal: the receipt key of an idempotency key given by `scope` (a user id, or `system`): keys are
 * per actor, so one user can never take (or read the outcome of) another's key.
 * @internal
 */
export function scopedReceiptKey(scope: string, key: string): string {
  return `idem:${scope.length}:${scope}:${key}`;
}

/** The caller's idempotency key in a receipt key made by {@link scopedReceiptKey} (other keys as they are). */
function callerKeyOf(receiptKey: string): string {
  const prefix = /^idem:(\d+):/.exec(receiptKey);
  return prefix === null ? receiptKey : receiptKey.slice(prefix[0].length + Number(prefix[1]) + 1);
}

/**
 * The commit request of decided parts with their receipt, built field by field: an object spread of
 * parts whose optional fields vary from command to command costs more than the rest of this step.
 */
function withReceipt(parts: CommitParts, receipt: NonNullable<CommitRequest['receipt']>): CommitRequest {
  const { expected, writes, events, outbox, delivered, cancel } = parts;
  if (delivered === undefined && cancel === undefined) return { expected, writes, events, outbox, receipt };
  return { expected, writes, events, outbox, ...(delivered === undefined ? {} : { delivered }), ...(cancel === undefined ? {} : { cancel }), receipt };
}

function isResult(value: unknown): value is Result<unknown, DomainError> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** Whether a receipt read back has the shape the storage contract gives it (its outcome is checked where it is used). */
function isReceipt(value: unknown): value is StoredReceipt {
  return typeof value === 'object' && value !== null && typeof (value as { fingerprint?: unknown }).fingerprint === 'string' && 'outcome' in value;
}

function hasReceiptConflict(conflicts: readonly string[], receiptKey: string): boolean {
  const name = `receipt:${receiptKey}`;
  for (const c of conflicts) if (c === name) return true;
  return false;
}

function drawReceiptKey(deps: ServiceDeps): string {
  try {
    return `auto:${deps.ids.next('command')}`;
  } catch (cause) {
    throw new PortFailure('ids', cause);
  }
}

/** Outcomes answered from an idempotency receipt another call wrote (see {@link isReplayed}). */
const REPLAYED = new WeakSet<object>();

/**
 * Internal: whether a pipeline's answer is a replay: the outcome an earlier call with the same
 * idempotency key recorded (C15), which this call neither decided nor committed.
 * @internal
 */
export function isReplayed(result: object): boolean {
  return REPLAYED.has(result);
}

/**
 * Internal: runs a command to its end: decide on fresh records, commit atomically with expected versions
 * and a receipt; on a version conflict decide again, at most `policy.maxAttempts` times, then
 * `CONCURRENT_MODIFICATION`; a port that keeps failing gives `PORT_UNAVAILABLE`.
 *
 * @remarks
 * Every commit carries a receipt: under the caller's key, or under a key drawn for this call (`auto:` +
 * id) when the caller gave none. A stored receipt makes the commit conflict, so:
 * - a retry with the caller's key decides again, finds its receipt at commit and answers the first
 *   outcome (or `IDEMPOTENCY_CONFLICT` when the payload differs) — no receipt read on the first try;
 * - when a commit throws after it was applied (a lost answer), the next attempt reads the receipt and
 *   answers the committed outcome instead of deciding again on state it already changed.
 * A caller-keyed refusal is recorded too (same key, same answer); an unkeyed refusal writes nothing.
 * @internal
 */
export async function runPipeline<T>(deps: ServiceDeps, command: PipelineCommand<T>): Promise<Result<T, DomainError>> {
  const max = deps.policy.maxAttempts;
  let receiptKey: string;
  try {
    receiptKey = command.key ?? drawReceiptKey(deps);
  } catch (cause) {
    return err(portUnavailable(cause, 1, 'no'));
  }
  // A drawn (`auto:`) key is read back only by this very call, so its receipt needs no fingerprint.
  const print = command.key === null ? '' : fingerprint(command.identity);
  let failures = 0;
  let conflicts: readonly string[] = [];
  let lastFailure: unknown = null;
  /** Whether a commit of this call may have been applied without our knowing (it threw). */
  let uncertain = false;
  /** The outcome of the commit that threw: a drawn key's receipt records only that it happened. */
  let pending: Result<T, DomainError> | null = null;
  /** Whether the receipt must be read before deciding (a commit threw, or the receipt key conflicted). */
  let readReceipt = false;
  let rounds = 0;
  while (failures < max && rounds < max * 4) {
    rounds += 1;
    try {
      if (readReceipt) {
        let stored: StoredReceipt | undefined;
        try {
          stored = await deps.storage.receipt(receiptKey);
        } catch (cause) {
          throw new PortFailure('storage', cause);
        }
        if (stored !== undefined && stored !== null) {
          if (!isReceipt(stored)) throw new PortFailure('storage', `receipt answered something other than a receipt for "${receiptKey}"`);
          if (command.key === null) {
            if (pending !== null) return pending;
            // A drawn key's receipt that this call did not write: the ids port drew a key already used.
            throw new PortFailure('ids', `the ids port drew "${receiptKey.slice('auto:'.length)}", a command id already in use`);
          }
          if (stored.fingerprint !== print) return err(domainError('IDEMPOTENCY_CONFLICT', { key: callerKeyOf(command.key ?? receiptKey) }));
          if (isResult(stored.outcome)) {
            // Another call's outcome (this one made no commit whose answer it lost): a replay, which records nothing.
            if (pending === null) REPLAYED.add(stored.outcome);
            return stored.outcome as Result<T, DomainError>;
          }
          throw new PortFailure('storage', `the receipt of "${receiptKey}" holds no outcome`);
        }
        readReceipt = false;
        uncertain = false;
        pending = null;
      }
      const attempt = await command.attempt();
      let request: CommitRequest;
      let outcome: Result<T, DomainError> | null = null;
      if (attempt.kind === 'first') {
        request = attempt.commit;
      } else if (attempt.kind === 'reject') {
        if (command.key === null) return err(attempt.error);
        outcome = err(attempt.error);
        request = { expected: attempt.expected, writes: [], events: [], outbox: [], receipt: { key: receiptKey, fingerprint: print, outcome, at: deps.now() } };
        // (Only a caller-keyed refusal is recorded: its receipt holds the refusal for the next call with that key.)
      } else {
        outcome = ok(attempt.outcome);
        // Nothing to record and no caller key: the answer needs no commit (e.g. a sweep with nothing due).
        // (`attemptCommand` decided it on records read from the storage, never on kept ones.)
        if (command.key === null && writesNothing(attempt.commit)) return outcome;
        // A drawn key's receipt records that the commit happened; this call keeps the outcome itself.
        const stored = command.key === null ? null : outcome;
        request = withReceipt(attempt.commit, { key: receiptKey, fingerprint: print, outcome: stored, at: deps.now() });
      }
      /**
       * The commit's answer is lost or unreadable: it may have been applied, so the next attempt reads
       * the receipt first — unless the storage said it did not apply (`committed: false`).
       */
      const unknownAnswer = (cause: unknown): PortFailure => {
        if (outcome !== null && !knownNotApplied(cause)) {
          uncertain = true;
          readReceipt = true;
          pending = outcome;
        }
        return new PortFailure('storage', cause);
      };
      let r;
      try {
        r = await deps.storage.commit(request);
      } catch (cause) {
        deps.records?.forgetRequest(request);
        throw unknownAnswer(cause);
      }
      if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') {
        deps.records?.forgetRequest(request);
        throw unknownAnswer('commit answered something other than a commit result');
      }
      // Kept records: what an applied commit wrote; none of a conflicting one (some moved).
      if (r.ok) deps.records?.committed(request);
      else deps.records?.forgetRequest(request);
      if (outcome === null) {
        // The due deadline is recorded (or someone else recorded it): decide again. A recorded one is told.
        if (r.ok) deps.emit({ type: 'command_committed', method: 'reconcile', events: request.events.flatMap((a) => a.events as readonly { readonly type: string }[]) });
        continue;
      }
      if (r.ok) return outcome;
      if (!Array.isArray(r.conflicts)) throw unknownAnswer('commit answered a refusal without its conflicts');
      conflicts = r.conflicts;
      if (hasReceiptConflict(conflicts, receiptKey)) {
        // Our own receipt: an earlier commit of this call did apply (its answer was lost).
        if (command.key === null && pending !== null) return pending;
        readReceipt = true;
        continue;
      }
      // A conflict on records the cache kept is theirs, not a lost race: decided again, uncounted.
      if (!DECIDED_ON_KEPT.has(attempt)) failures += 1;
      lastFailure = null;
    } catch (cause) {
      failures += 1;
      lastFailure = cause;
      // A failure the port marked permanent: another attempt cannot help.
      if (markedPermanent(cause)) break;
    }
  }
  if (lastFailure !== null) return err(portUnavailable(lastFailure, failures, uncertain ? 'unknown' : 'no'));
  return err(domainError('CONCURRENT_MODIFICATION', { attempts: failures, records: [...conflicts], retryable: true }));
}
