import type { DomainError } from '../core/errors.js';
import { deepFreeze } from '../core/freeze.js';
import type { TeamId, UserId } from '../core/ids.js';
import { ok, type Result } from '../core/result.js';
import { planSharedProjectTrusted } from '../notifications/plan-shared-project.js';
import type { EventAppend, OutboxItem, RecordWrite } from '../ports/storage.js';
import type { SharedProjectCommand } from '../shared-project/commands.js';
import type { TeamActorFacts } from '../shared-project/context.js';
import { decideTrusted } from '../shared-project/decide.js';
import type { SharedProjectEvent } from '../shared-project/events.js';
import { evolveTrusted } from '../shared-project/evolve.js';
import { resolveSharedProjectPolicy, type SharedProjectPolicy } from '../shared-project/plans.js';
import type { Share, SharedProject, SharedProjectView, Team, TeamUsageRecord } from '../shared-project/state.js';
import { hostsList, readTeams, teamActor } from './directoryReads.js';
import { shareIndexEntries, teamIndexEntries } from './indexes.js';
import type { Loaded } from './loaded.js';
import type { CommandModule, CommitParts } from './pipeline.js';
import type { ServiceDeps } from './ports.js';
import type { ServiceMemos } from './memos.js';
import { SHARED_PROJECTS, SHARES, TEAMS, USAGE, type RecordReader } from './storedRecords.js';
import { asInputPaths } from './inputPaths.js';

/**
 * Internal: storage key prefixes of the host/external records.
 * @internal
 */
export const SHARED_KEYS = Object.freeze({ team: TEAMS.prefix, project: SHARED_PROJECTS.prefix, share: SHARES.prefix, usage: USAGE.prefix });
const K = SHARED_KEYS;

/**
 * What a shared-project command answers: the share and team it concerns as they now stand, and the
 * events it recorded (empty when nothing changed).
 *
 * @example
 * ```ts
 * const r = await service.acceptInvitation({ actorId: 'lea', shareId: 'sh-1' });
 * if (r.ok) r.value.share?.state; // 'connected'
 * ```
 * @since 0.1.0
 */
export interface SharedProjectCommandOutcome {
  /** The share the command concerns, as it now stands (null for a team command, or when absent). */
  readonly share: Share | null;
  /** The command's team, or else the share's host team, as it now stands (null when absent). */
  readonly team: Team | null;
  /** The events the command recorded (empty when nothing changed). */
  readonly events: readonly SharedProjectEvent[];
}

/**
 * Who runs a shared-project command: a user (looked up in the directory) or the system.
 *
 * @example
 * ```ts
 * const who: SharedProjectActorInput = { system: 'billing' };
 * ```
 * @since 0.1.0
 */
export type SharedProjectActorInput = { readonly userId: UserId } | { readonly system: 'billing' | 'provisioning' };

interface SharedFacts {
  readonly actor: TeamActorFacts;
  /** The admins of the teams the events may notify. */
  readonly teams: readonly { readonly teamId: TeamId; readonly admins: readonly UserId[] }[];
  /** For an invitation: whether the directory lists the shared project among the host team's (`hosts`). */
  readonly hostOwns: boolean;
}

/** A share's project and teams never change (remembered per service, `ServiceMemos.shareParts`). */
function partsOf(command: SharedProjectCommand, loaded: Loaded, memos: ServiceMemos): { readonly project: string; readonly host: string; readonly external: string } | undefined {
  if (command.type === 'register_team' || command.type === 'change_plan') return undefined;
  if (command.type === 'invite') return { project: command.sharedProjectId, host: command.hostTeamId, external: command.externalTeamId };
  const share = loaded.valid(SHARES, K.share + command.shareId);
  if (share !== undefined) return { project: share.sharedProjectId, host: share.hostTeamId, external: share.externalTeamId };
  return memos.shareParts.get(command.shareId);
}

function remember(memos: ServiceMemos, share: Share): void {
  memos.shareParts.remember(share.id, () => ({ project: share.sharedProjectId, host: share.hostTeamId, external: share.externalTeamId }));
}

const resolved = new WeakMap<object, SharedProjectPolicy>();
function policyOf(deps: ServiceDeps): SharedProjectPolicy {
  let policy = resolved.get(deps.policy);
  if (policy === undefined) {
    policy = resolveSharedProjectPolicy(deps.policy.sharedProject);
    resolved.set(deps.policy, policy);
  }
  return policy;
}

/** The records a shared-project command reads: the share, its project and open share, both teams and their usage (H1, H4). */
function keys(command: SharedProjectCommand, loaded: Loaded, deps: ServiceDeps): string[] {
  if (command.type === 'register_team' || command.type === 'change_plan') return [K.team + command.teamId, K.usage + command.teamId];
  const out = [K.share + command.shareId];
  const parts = partsOf(command, loaded, deps.memos);
  if (parts === undefined) return out;
  out.push(K.project + parts.project, K.team + parts.host, K.team + parts.external, K.usage + parts.host, K.usage + parts.external);
  const open = loaded.valid(SHARED_PROJECTS, K.project + parts.project)?.openShareId ?? null;
  if (open !== null) out.push(K.share + open);
  return out;
}

const COLLECTIONS: readonly (readonly [keyof SharedProjectView, RecordReader<object>])[] = [
  ['teams', TEAMS as RecordReader<object>],
  ['projects', SHARED_PROJECTS as RecordReader<object>],
  ['shares', SHARES as RecordReader<object>],
  ['usage', USAGE as RecordReader<object>],
];

function read(loaded: Loaded, deps: ServiceDeps): Result<SharedProjectView, DomainError> {
  const view = { teams: Object.create(null), projects: Object.create(null), shares: Object.create(null), usage: Object.create(null) } as Record<keyof SharedProjectView, Record<string, unknown>>;
  for (const r of loaded.records.values()) {
    if (r.data === null || r.data === undefined) continue;
    for (const [collection, reader] of COLLECTIONS) {
      if (!r.key.startsWith(reader.prefix)) continue;
      const record = reader.read(r.key, r.data);
      if (!record.ok) return record;
      view[collection][r.key.slice(reader.prefix.length)] = record.value;
      if (collection === 'shares') remember(deps.memos, record.value as Share);
      break;
    }
  }
  // The records are frozen; their id-keyed dictionaries are not: this view never leaves the pipeline
  // (outcomes hand out the frozen records), and freezing a dictionary-mode object costs about 0.4 µs.
  return ok(Object.freeze(view) as SharedProjectView);
}

function time(view: SharedProjectView, _command: SharedProjectCommand, now: number): number {
  let at = now;
  for (const id in view.shares) at = Math.max(at, view.shares[id]!.stateSince);
  for (const id in view.teams) {
    const t = view.teams[id]!;
    at = Math.max(at, t.registeredAt, t.planChangedAt ?? 0);
  }
  return at;
}

const NOTHING_DUE: readonly SharedProjectEvent[] = Object.freeze([]);

async function facts(deps: ServiceDeps, who: SharedProjectActorInput | null, command: SharedProjectCommand, view: SharedProjectView): Promise<Result<SharedFacts, DomainError>> {
  const parts =
    command.type === 'register_team' || command.type === 'change_plan'
      ? undefined
      : command.type === 'invite'
        ? { host: command.hostTeamId, external: command.externalTeamId }
        : (() => {
            const share = Object.hasOwn(view.shares, command.shareId) ? view.shares[command.shareId] : undefined;
            return share === undefined ? undefined : { host: share.hostTeamId, external: share.externalTeamId };
          })();
  const [actor, teams] = await Promise.all([
    who === null || 'system' in who ? null : teamActor(deps, who.userId),
    parts === undefined ? null : readTeams(deps, [parts.host, parts.external]),
  ]);
  let facts: TeamActorFacts;
  if (actor === null) facts = who !== null && 'system' in who ? { kind: 'system', cause: who.system } : { kind: 'system', cause: 'provisioning' };
  else if (!actor.ok) return actor;
  else facts = actor.value;
  if (teams !== null && !teams.ok) return teams;
  const admins = parts === undefined || teams === null ? [] : [parts.host, parts.external].map((teamId) => ({ teamId, admins: teams.value.get(teamId)?.admins ?? [] }));
  const hostOwns = command.type === 'invite' && teams !== null && hostsList(teams.value.get(command.hostTeamId)?.hosts, command.sharedProjectId);
  return ok({ actor: facts, teams: admins, hostOwns });
}

function decide(deps: ServiceDeps, view: SharedProjectView, command: SharedProjectCommand, f: SharedFacts, at: number): Result<readonly SharedProjectEvent[], DomainError> {
  // H3: a shared project not shared before is hosted by the team that owns it, as the directory states
  // (the decider checks it with its other authorization conditions).
  const owns = command.type === 'invite' && deps.policy.sharedProjectHosts === 'directory' ? { hostOwnsProject: f.hostOwns } : {};
  const decided = asInputPaths(decideTrusted(view, command, { now: at, actor: f.actor, policy: policyOf(deps), ...owns }));
  if (!decided.ok) return decided;
  return ok(deepFreeze(decided.value));
}

function evolve(view: SharedProjectView, events: readonly SharedProjectEvent[]): SharedProjectView {
  let state = view;
  for (const event of events) state = evolveTrusted(state, event);
  return state;
}

function streamOf(event: SharedProjectEvent): string {
  return 'shareId' in event ? K.share + event.shareId : K.team + event.teamId;
}

function outboxOf(before: SharedProjectView, events: readonly SharedProjectEvent[], f: SharedFacts, at: number): Result<OutboxItem[], DomainError> {
  const items: OutboxItem[] = [];
  const counters = new Map<string, number>();
  for (const event of events) {
    if (!('shareId' in event)) continue;
    const previous = Object.hasOwn(before.shares, event.shareId) ? before.shares[event.shareId] : undefined;
    const sequence = counters.get(event.shareId) ?? previous?.eventCount ?? 0;
    counters.set(event.shareId, sequence + 1);
    const plan = planSharedProjectTrusted(event, f.teams, sequence);
    if (!plan.ok) return plan;
    for (const n of plan.value.notifications) items.push(Object.freeze({ id: n.id, kind: 'notification', payload: n, availableAt: at }));
  }
  return ok(items);
}

function changed<T extends object>(reader: RecordReader<T>, before: Readonly<Record<string, T>>, after: Readonly<Record<string, T>>, partition: (record: T) => string, writes: RecordWrite[], index?: (record: T) => RecordWrite['index']): void {
  for (const id in after) {
    const record = after[id]!;
    if (before[id] === record) continue;
    const entries = index === undefined ? undefined : index(record);
    writes.push(entries === undefined ? { key: reader.prefix + id, data: reader.seal(record), partition: partition(record) } : { key: reader.prefix + id, data: reader.seal(record), index: entries, partition: partition(record) });
  }
}

function commit(
  deps: ServiceDeps,
  loaded: Loaded,
  before: SharedProjectView,
  after: SharedProjectView,
  events: readonly SharedProjectEvent[],
  f: SharedFacts,
  at: number,
): Result<CommitParts, DomainError> {
  const outbox = outboxOf(before, events, f, at);
  if (!outbox.ok) return outbox;
  const writes: RecordWrite[] = [];
  changed<Team>(TEAMS, before.teams, after.teams, (t) => t.id, writes, teamIndexEntries);
  changed<SharedProject>(SHARED_PROJECTS, before.projects, after.projects, (p) => p.hostTeamId, writes);
  changed<Share>(SHARES, before.shares, after.shares, (s) => s.hostTeamId, writes, shareIndexEntries);
  changed<TeamUsageRecord>(USAGE, before.usage, after.usage, (u) => u.teamId, writes);
  for (const id in after.shares) remember(deps.memos, after.shares[id]!);
  const appends: EventAppend[] = [];
  for (const e of events) {
    const stream = streamOf(e);
    const append = appends.find((a) => a.stream === stream) as { stream: string; events: SharedProjectEvent[] } | undefined;
    if (append === undefined) appends.push({ stream, events: [e] });
    else append.events.push(e);
  }
  return ok({ expected: loaded.expected(), writes, events: appends, outbox: outbox.value });
}

function outcome(after: SharedProjectView, command: SharedProjectCommand, events: readonly SharedProjectEvent[]): SharedProjectCommandOutcome {
  const shareId = 'shareId' in command ? command.shareId : null;
  const share = shareId !== null && Object.hasOwn(after.shares, shareId) ? (after.shares[shareId] ?? null) : null;
  const teamId = 'teamId' in command ? command.teamId : (share?.hostTeamId ?? null);
  const team = teamId !== null && Object.hasOwn(after.teams, teamId) ? (after.teams[teamId] ?? null) : null;
  return Object.freeze({ share, team, events });
}

/**
 * Internal: the host/external model as a module of the command pipeline.
 * @internal
 */
export const SHARED_PROJECT_MODULE: CommandModule<SharedProjectCommand, SharedProjectActorInput, SharedProjectView, SharedFacts, SharedProjectEvent, SharedProjectCommandOutcome> = Object.freeze({
  keys,
  read,
  time,
  due: () => NOTHING_DUE,
  facts,
  decide,
  evolve,
  commit,
  outcome,
});
