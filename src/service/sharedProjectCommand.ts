import type { DomainError } from '../core/errors.js';
import type { TeamId, UserId } from '../core/ids.js';
import { ok, type Result } from '../core/result.js';
import { planSharedProjectNotifications } from '../notifications/plan-shared-project.js';
import type { EventAppend, OutboxItem } from '../ports/storage.js';
import { executeSharedProjectCommand, SHARED_PROJECT_RECORD_KINDS } from '../shared-project/api.js';
import type { SharedProjectCommand } from '../shared-project/commands.js';
import type { TeamActorFacts } from '../shared-project/context.js';
import type { SharedProjectEvent } from '../shared-project/events.js';
import type { Share, SharedProject, SharedProjectView, Team, TeamUsageRecord } from '../shared-project/state.js';
import { teamActor, teamAdmins } from './directoryFacts.js';
import type { Attempt } from './pipeline.js';
import { now, type ServiceDeps } from './ports.js';
import { changedRecords, loadClosure, type Loaded } from './records.js';

const K = {
  team: `${SHARED_PROJECT_RECORD_KINDS.teams}:`,
  project: `${SHARED_PROJECT_RECORD_KINDS.projects}:`,
  share: `${SHARED_PROJECT_RECORD_KINDS.shares}:`,
  usage: `${SHARED_PROJECT_RECORD_KINDS.usage}:`,
} as const;

/** Internal: storage key prefixes of the host/external records. */
export const SHARED_KEYS = K;

/**
 * What a shared-project command answers: the share and team it concerns as they now stand, and the
 * events it recorded (empty when nothing changed).
 *
 * @example
 * ```ts
 * const r = await service.acceptInvitation({ actorId: 'lea', shareId: 'sh-1' });
 * if (r.ok) r.value.share?.state; // 'connected'
 * ```
 */
export interface SharedProjectCommandOutcome {
  readonly share: Share | null;
  readonly team: Team | null;
  readonly events: readonly SharedProjectEvent[];
}

/**
 * Who runs a shared-project command: a user (looked up in the directory) or the system.
 *
 * @example
 * ```ts
 * const who: SharedProjectActorInput = { system: 'billing' };
 * ```
 */
export type SharedProjectActorInput = { readonly userId: UserId } | { readonly system: 'billing' | 'provisioning' };

/** Internal: the records a shared-project command reads: the share, its project and open share, both teams and their usage (H1, H4). */
function neededKeys(command: SharedProjectCommand, loaded: Loaded): string[] {
  if (command.type === 'register_team' || command.type === 'change_plan') return [K.team + command.teamId, K.usage + command.teamId];
  const keys = [K.share + command.shareId];
  const share = loaded.get<Share>(K.share + command.shareId);
  const parts =
    command.type === 'invite'
      ? { project: command.sharedProjectId, host: command.hostTeamId, external: command.externalTeamId }
      : share === undefined
        ? null
        : { project: share.sharedProjectId, host: share.hostTeamId, external: share.externalTeamId };
  if (parts === null) return keys;
  keys.push(K.project + parts.project, K.team + parts.host, K.team + parts.external, K.usage + parts.host, K.usage + parts.external);
  const open = loaded.get<SharedProject>(K.project + parts.project)?.openShareId ?? null;
  if (open !== null) keys.push(K.share + open);
  return keys;
}

function viewOf(loaded: Loaded): SharedProjectView {
  return {
    teams: loaded.collection<Team>(K.team),
    projects: loaded.collection<SharedProject>(K.project),
    shares: loaded.collection<Share>(K.share),
    usage: loaded.collection<TeamUsageRecord>(K.usage),
  };
}

function streamOf(event: SharedProjectEvent): string {
  return 'shareId' in event ? K.share + event.shareId : K.team + event.teamId;
}

async function outboxFor(deps: ServiceDeps, before: SharedProjectView, events: readonly SharedProjectEvent[], at: number): Promise<Result<OutboxItem[], DomainError>> {
  const shareEvents = events.filter((e): e is Extract<SharedProjectEvent, { shareId: unknown }> => 'shareId' in e);
  if (shareEvents.length === 0) return ok([]);
  const teams = await teamAdmins(deps, shareEvents.flatMap((e) => [e.hostTeamId, e.externalTeamId] as TeamId[]));
  const counters = new Map<string, number>();
  const items: OutboxItem[] = [];
  for (const event of shareEvents) {
    const previous = Object.hasOwn(before.shares, event.shareId) ? before.shares[event.shareId] : undefined;
    const sequence = counters.get(event.shareId) ?? previous?.eventCount ?? 0;
    counters.set(event.shareId, sequence + 1);
    const plan = planSharedProjectNotifications({ event, teams, sequence });
    if (!plan.ok) return plan;
    for (const n of plan.value.notifications) items.push({ id: n.id, kind: 'notification', payload: n, availableAt: at });
  }
  return ok(items);
}

/** Internal: one attempt at a shared-project command: load, look up the actor, decide, build the commit. */
export async function sharedProjectAttempt(deps: ServiceDeps, who: SharedProjectActorInput, command: SharedProjectCommand): Promise<Attempt<SharedProjectCommandOutcome>> {
  const at = now(deps);
  const loaded = await loadClosure(deps.storage, (l) => neededKeys(command, l));
  const view = viewOf(loaded);
  const actor: TeamActorFacts = 'system' in who ? { kind: 'system', cause: who.system } : await teamActor(deps, who.userId);
  const decided = executeSharedProjectCommand(view, command, { now: at, actor, policy: deps.policy.sharedProject });
  if (!decided.ok) return { kind: 'reject', error: decided.error, expected: loaded.expected() };
  const { state, events } = decided.value;
  const outbox = await outboxFor(deps, view, events, at);
  if (!outbox.ok) return { kind: 'reject', error: outbox.error, expected: loaded.expected() };
  const streams = new Map<string, SharedProjectEvent[]>();
  for (const e of events) streams.set(streamOf(e), [...(streams.get(streamOf(e)) ?? []), e]);
  const appends: EventAppend[] = [...streams].map(([stream, list]) => ({ stream, events: list }));
  const writes = [
    ...changedRecords(loaded, K.team, state.teams),
    ...changedRecords(loaded, K.project, state.projects),
    ...changedRecords(loaded, K.share, state.shares),
    ...changedRecords(loaded, K.usage, state.usage),
  ];
  const shareId = 'shareId' in command ? command.shareId : null;
  const share = shareId !== null && Object.hasOwn(state.shares, shareId) ? (state.shares[shareId] ?? null) : null;
  const teamId = 'teamId' in command ? command.teamId : share?.hostTeamId ?? null;
  const team = teamId !== null && Object.hasOwn(state.teams, teamId) ? (state.teams[teamId] ?? null) : null;
  return { kind: 'commit', commit: { expected: loaded.expected(), writes, events: appends, outbox: outbox.value }, outcome: { share, team, events } };
}
