import type { Decider, Decision, Preview } from '../core/decider.js';
import type { DomainError } from '../core/errors.js';
import { deepFreeze } from '../core/freeze.js';
import { ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import { deciderEntryPoints } from '../core/entryPoints.js';
import { isTrusted, trust } from '../core/trust.js';
import { SharedProjectCommandSchema, type SharedProjectCommand } from './commands.js';
import { SharedProjectContextSchema, type SharedProjectContext } from './context.js';
import { decideTrusted, type ResolvedContext } from './decide.js';
import type { SharedProjectEvent } from './events.js';
import { evolveTrusted } from './evolve.js';
import { resolveSharedProjectPolicy } from './plans.js';
import { SharedProjectEventSchema, SharedProjectViewSchema } from './schemas.js';
import { emptySharedProjectView, type SharedProjectView } from './state.js';
import { sharedProjectWarnings } from './warnings.js';
import type { SharedProjectCommandInput, SharedProjectContextInput, SharedProjectEventInput, SharedProjectViewInput } from './inputs.js';

trust(emptySharedProjectView(), 'shared_project_view');

/**
 * Internal: a validated, frozen view (views this module produced are not validated again).
 * @internal
 */
export function readSharedProjectView(input: unknown): Result<SharedProjectView, DomainError<'INVALID_INPUT'>> {
  if (isTrusted(input, 'shared_project_view')) return ok(input as SharedProjectView);
  const parsed = parseInputAt(SharedProjectViewSchema, input, ['view']);
  return parsed.ok ? ok(trust(deepFreeze(parsed.value as SharedProjectView), 'shared_project_view')) : parsed;
}

function readEvent(input: unknown, at: (string | number)[]): Result<SharedProjectEvent, DomainError<'INVALID_INPUT'>> {
  if (isTrusted(input, 'shared_project_event')) return ok(input as SharedProjectEvent);
  const parsed = parseInputAt(SharedProjectEventSchema, input, at);
  return parsed.ok ? ok(trust(deepFreeze(parsed.value as SharedProjectEvent), 'shared_project_event')) : parsed;
}

interface Inputs {
  readonly view: SharedProjectView;
  readonly command: SharedProjectCommand;
  readonly context: ResolvedContext;
}

function readInputs(view: unknown, command: unknown, context: unknown): Result<Inputs, DomainError> {
  const v = readSharedProjectView(view);
  if (!v.ok) return v;
  const c = parseInputAt(SharedProjectCommandSchema, command, ['command']);
  if (!c.ok) return c;
  const x = parseInputAt(SharedProjectContextSchema, context, ['context']);
  if (!x.ok) return x;
  const ctx = x.value as SharedProjectContext;
  return ok({
    view: v.value,
    command: c.value as SharedProjectCommand,
    context: { now: ctx.now, actor: ctx.actor, policy: resolveSharedProjectPolicy(ctx.policy), ...(ctx.hostOwnsProject === undefined ? {} : { hostOwnsProject: ctx.hostOwnsProject }) },
  });
}

const entry = deciderEntryPoints<SharedProjectView, SharedProjectCommand, ResolvedContext, SharedProjectEvent>({
  readInputs,
  readView: readSharedProjectView,
  readEvent,
  decide: decideTrusted,
  evolve: evolveTrusted,
  warnings: (view, command, events, context) => sharedProjectWarnings(view, command, events, context.policy),
  empty: emptySharedProjectView,
  sealEvents: (events) => {
    for (const event of events) trust(deepFreeze(event), 'shared_project_event');
    return Object.freeze(events);
  },
  sealView: (view) => trust(view, 'shared_project_view'),
});

/**
 * Decides a shared-project command: the events it emits, or the domain error that forbids it (H1–H5,
 * H9, H12).
 *
 * @remarks
 * Validates the view, the command and the context (malformed input gives `INVALID_INPUT` with the zod
 * issues, prefixed by `view`, `command` or `context`). Pure: no clock, no I/O.
 *
 * @example
 * ```ts
 * const r = decideSharedProjectCommand(view, { type: 'accept', shareId: shareId('sh-1') }, { now, actor: clientAdmin });
 * if (r.ok) r.value.map((e) => e.type); // ['ShareAccepted']
 * ```
 * @since 0.1.0
 */
export function decideSharedProjectCommand(
  view: SharedProjectViewInput,
  command: SharedProjectCommandInput,
  context: SharedProjectContextInput,
): Result<readonly SharedProjectEvent[], DomainError> {
  return entry.decide(view, command, context);
}

/**
 * Decides a shared-project command and applies its events: the new view (frozen, sharing untouched
 * records with the old one) and the events to store.
 *
 * @remarks
 * Every event that takes or frees a slot also updates the usage record of each team concerned, so the
 * view's usage records always equal the counts recomputed from the shares (H4).
 *
 * @example
 * ```ts
 * const r = executeSharedProjectCommand(view, invite, { now, actor: agencyAdmin });
 * if (r.ok) view = r.value.state;
 * else if (r.error.code === 'PLAN_LIMIT_REACHED') console.log(`${r.error.details.count} of ${r.error.details.limit} used`);
 * ```
 * @since 0.1.0
 */
export function executeSharedProjectCommand(
  view: SharedProjectViewInput,
  command: SharedProjectCommandInput,
  context: SharedProjectContextInput,
): Result<Decision<SharedProjectView, SharedProjectEvent>, DomainError> {
  return entry.execute(view, command, context);
}

/**
 * Says what a command would do without committing anything: the events, the resulting view and the
 * warnings a person must see first ("this uses your 3rd of 3 shared projects", "the external team loses
 * access to all files at once", "this pair can never be reconnected").
 *
 * @example
 * ```ts
 * const p = previewSharedProjectCommand(view, { type: 'disconnect', shareId }, { now, actor });
 * if (p.ok) for (const w of p.value.warnings) console.log(`⚠ ${w.message}`);
 * ```
 * @since 0.1.0
 */
export function previewSharedProjectCommand(
  view: SharedProjectViewInput,
  command: SharedProjectCommandInput,
  context: SharedProjectContextInput,
): Result<Preview<SharedProjectView, SharedProjectEvent>, DomainError> {
  return entry.preview(view, command, context);
}

/**
 * Applies one event to a view (the `evolve` of the decider).
 *
 * @remarks
 * Events and views this library produced are trusted; others are validated first (`INVALID_INPUT`).
 *
 * @example
 * ```ts
 * const r = evolveSharedProjectView(view, storedEvent);
 * if (r.ok) view = r.value;
 * ```
 * @since 0.1.0
 */
export function evolveSharedProjectView(view: SharedProjectViewInput, event: SharedProjectEventInput): Result<SharedProjectView, DomainError<'INVALID_INPUT'>> {
  return entry.evolve(view, event);
}

/**
 * Rebuilds a view from a history of events: every team, shared project, share and usage record those
 * events describe.
 *
 * @example
 * ```ts
 * const r = replaySharedProjectHistory(storedEvents);
 * r.ok && r.value.shares['sh-1']?.state; // 'disconnected'
 * ```
 * @since 0.1.0
 */
export function replaySharedProjectHistory(events: readonly SharedProjectEventInput[]): Result<SharedProjectView, DomainError<'INVALID_INPUT'>> {
  return entry.replay(events);
}

/**
 * One record of a {@link SharedProjectView}, named by its collection and id: what a storage layer
 * saves (with its expected version) when a command changed it.
 *
 * @example
 * ```ts
 * const key: SharedProjectRecordKey = { collection: 'usage', id: 'studio', key: 'team_usage:studio' };
 * ```
 * @since 0.1.0
 */
export interface SharedProjectRecordKey {
  /** The view collection the record is in. */
  readonly collection: keyof SharedProjectView;
  /** The record's id within the collection. */
  readonly id: string;
  /** A storage key `kind:id`: `team:…`, `shared_project:…`, `share:…` or `team_usage:…`. */
  readonly key: string;
}

const COLLECTIONS: readonly (keyof SharedProjectView)[] = ['teams', 'projects', 'shares', 'usage'];

/**
 * The storage-key prefix of each collection of a {@link SharedProjectView} (`kind:id` keys).
 *
 * @example
 * ```ts
 * `${SHARED_PROJECT_RECORD_KINDS.usage}:studio`; // 'team_usage:studio'
 * ```
 * @since 0.1.0
 */
export const SHARED_PROJECT_RECORD_KINDS: Readonly<Record<keyof SharedProjectView, string>> = Object.freeze({
  teams: 'team',
  projects: 'shared_project',
  shares: 'share',
  usage: 'team_usage',
});

/**
 * The records that differ between two views (added or changed), e.g. before and after a command: the
 * set a storage layer must write atomically, each with the version it read (see the consistency notes
 * in docs/shared-projects.md).
 *
 * @example
 * ```ts
 * const r = executeSharedProjectCommand(view, accept, context);
 * if (r.ok) {
 *   const changed = changedSharedProjectRecords(view, r.value.state);
 *   if (changed.ok) await storage.save(changed.value, expectedVersions);
 * }
 * ```
 * @since 0.1.0
 */
export function changedSharedProjectRecords(before: SharedProjectViewInput, after: SharedProjectViewInput): Result<readonly SharedProjectRecordKey[], DomainError<'INVALID_INPUT'>> {
  const b = readSharedProjectView(before);
  if (!b.ok) return b;
  const a = readSharedProjectView(after);
  if (!a.ok) return a;
  const out: SharedProjectRecordKey[] = [];
  for (const collection of COLLECTIONS) {
    const old: Readonly<Record<string, unknown>> = b.value[collection];
    for (const [id, record] of Object.entries(a.value[collection])) {
      const previous = Object.hasOwn(old, id) ? old[id] : undefined;
      if (previous === record) continue;
      if (previous === undefined || JSON.stringify(previous) !== JSON.stringify(record)) out.push(Object.freeze({ collection, id, key: `${SHARED_PROJECT_RECORD_KINDS[collection]}:${id}` }));
    }
  }
  return ok(Object.freeze(out));
}

/**
 * The host/external lifecycle as a {@link Decider}, for composing with generic decider tooling
 * (given/when/then specs, event-sourcing stores).
 *
 * @remarks
 * `decide` validates like {@link decideSharedProjectCommand}. `evolve` expects events this library
 * produced or validated (use {@link evolveSharedProjectView} for untrusted ones) and leaves the view
 * unchanged for an event it cannot read; `tryEvolve` answers why instead (the given/when/then helper
 * uses it, so a history it cannot read fails the specification).
 *
 * @example
 * ```ts
 * const r = execute(sharedProjectDecider, emptySharedProjectView(), registerStudio, { now, actor: billing });
 * ```
 * @since 0.1.0
 */
export const sharedProjectDecider: Decider<SharedProjectView, SharedProjectCommand, SharedProjectEvent, SharedProjectContext, DomainError> = Object.freeze({
  initialState: emptySharedProjectView,
  decide: (view: SharedProjectView, command: SharedProjectCommand, context: SharedProjectContext) => decideSharedProjectCommand(view, command, context),
  evolve: (view: SharedProjectView, event: SharedProjectEvent) => {
    const r = evolveSharedProjectView(view, event);
    return r.ok ? r.value : view;
  },
  tryEvolve: (view: SharedProjectView, event: SharedProjectEvent) => evolveSharedProjectView(view, event),
});
