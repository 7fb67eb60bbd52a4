import { domainError, type DomainError } from '../core/errors.js';
import { TeamIdSchema, type SharedProjectId, type TeamId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import type { ShareSide } from './events.js';
import type { ShareId } from './ids.js';
import type { ShareState } from './machine.js';
import { resolveSharedProjectPolicy, SharedProjectPolicySchema, type Plan, type SharedProjectPolicy, type SharedProjectPolicyInput } from './plans.js';
import type { SharedProjectViewInput } from './inputs.js';
import { SharedProjectViewSchema } from './schemas.js';
import { findShare, findTeam, usageRecordOf, type SharedProjectView, type Team } from './state.js';

/**
 * One share counted against a team's limit, and why.
 *
 * @example
 * ```ts
 * const item: CountedShare = { shareId, sharedProjectId, side: 'host', state: 'pending' };
 * ```
 * @since 0.1.0
 */
export interface CountedShare {
  /** The share that takes the slot. */
  readonly shareId: ShareId;
  /** The project shared. */
  readonly sharedProjectId: SharedProjectId;
  /** The team's side in it. */
  readonly side: ShareSide;
  /** `connected`, or `pending` for an invitation the team hosts. */
  readonly state: ShareState;
}

/**
 * A team's use of its shared-project slots (H4), ready for "2 of 3 used".
 *
 * @remarks
 * `count` counts connected shares (as host or external) and pending invitations the team hosts.
 * Invitations it received and has not accepted are listed in `receivedPending` but do not count.
 * `overLimit` is true after a downgrade left more than the new limit (H5: nothing is cut).
 *
 * @example
 * ```ts
 * const u = teamUsage(view, 'studio');
 * if (u.ok) console.log(`${u.value.count} of ${u.value.limit} used`);
 * ```
 * @since 0.1.0
 */
export interface TeamUsage {
  /** The team. */
  readonly teamId: TeamId;
  /** Its current plan. */
  readonly plan: Plan;
  /** How many simultaneous shared projects the plan allows (H4). */
  readonly limit: number;
  /** How many slots the team uses (H4). */
  readonly count: number;
  /** How many slots are free (`limit - count`, never below 0), as the service's `PlanUsage.available` says. */
  readonly available: number;
  /**
   * The same as {@link TeamUsage.available}.
   * @deprecated Use `available` (one name for the free slots, here and in the service's `PlanUsage`); kept until 1.0.
   */
  readonly remaining: number;
  /** Whether the plan allows shared projects at all (H2). */
  readonly eligible: boolean;
  /** Whether one more invitation or acceptance would be admitted (eligible and under the limit). */
  readonly canTakeSlot: boolean;
  /** Whether the count exceeds the limit, after a downgrade (H5). */
  readonly overLimit: boolean;
  /** The shares that take a slot, with the team's side and their state. */
  readonly counted: readonly CountedShare[];
  /** The counted shares that are connected. */
  readonly connected: readonly ShareId[];
  /** The counted shares that are invitations the team hosts, still pending. */
  readonly hostedPending: readonly ShareId[];
  /** Pending invitations the team received: listed, but not counted until accepted (H4). */
  readonly receivedPending: readonly ShareId[];
}

/**
 * Internal: the usage of a known team under a resolved policy (view assumed valid).
 * @internal
 */
export function usageOf(view: SharedProjectView, team: Team, policy: SharedProjectPolicy): TeamUsage {
  const record = usageRecordOf(view, team.id);
  const counted: CountedShare[] = [];
  for (const id of record.shareIds) {
    const share = findShare(view, id);
    if (share === undefined) continue;
    counted.push(Object.freeze({ shareId: share.id, sharedProjectId: share.sharedProjectId, side: share.hostTeamId === team.id ? 'host' : 'external', state: share.state }));
  }
  const receivedPending = Object.values(view.shares)
    .filter((s) => s.externalTeamId === team.id && s.state === 'pending')
    .map((s) => s.id);
  const limit = policy.limits[team.plan];
  const eligible = policy.eligiblePlans.includes(team.plan);
  return Object.freeze({
    teamId: team.id,
    plan: team.plan,
    limit,
    count: record.count,
    available: Math.max(0, limit - record.count),
    remaining: Math.max(0, limit - record.count),
    eligible,
    canTakeSlot: eligible && record.count < limit,
    overLimit: record.count > limit,
    counted: Object.freeze(counted),
    connected: Object.freeze(counted.filter((c) => c.state === 'connected').map((c) => c.shareId)),
    hostedPending: Object.freeze(counted.filter((c) => c.state === 'pending').map((c) => c.shareId)),
    receivedPending: Object.freeze(receivedPending),
  });
}

/**
 * A team's usage of its shared-project slots: count, limit and what is counted (H4, H5).
 *
 * @remarks
 * Reads the team's usage record, so it costs the same whatever the number of shares. `policy` overrides
 * the limits table (defaults: professional 3, organization 6, enterprise 15).
 *
 * @example
 * ```ts
 * const u = teamUsage(view, 'studio');
 * if (u.ok) label.textContent = `${u.value.count} of ${u.value.limit} shared projects used`;
 * ```
 * @since 0.1.0
 */
export function teamUsage(view: SharedProjectViewInput, teamId: TeamId | string, policy?: SharedProjectPolicyInput): Result<TeamUsage, DomainError> {
  const parsedView = parseInput(SharedProjectViewSchema, view);
  if (!parsedView.ok) return parsedView;
  const parsedId = parseInput(TeamIdSchema, teamId);
  if (!parsedId.ok) return parsedId;
  const parsedPolicy = parseInput(SharedProjectPolicySchema.optional(), policy);
  if (!parsedPolicy.ok) return parsedPolicy;
  const team = findTeam(parsedView.value, parsedId.value);
  if (team === undefined) return err(domainError('NOT_FOUND', { entity: 'team', id: parsedId.value }));
  return ok(usageOf(parsedView.value, team, resolveSharedProjectPolicy(parsedPolicy.value)));
}

/**
 * A team whose stored usage record disagrees with its shares.
 *
 * @example
 * ```ts
 * const m: UsageMismatch = { teamId, stored: 3, recomputed: 2 };
 * ```
 * @since 0.1.0
 */
export interface UsageMismatch {
  /** The team whose usage record is wrong. */
  readonly teamId: TeamId;
  /** The count in its stored usage record. */
  readonly stored: number;
  /** The count recomputed from the shares. */
  readonly recomputed: number;
}

/**
 * Internal: the share ids that count for each team, recomputed from the shares alone.
 * @internal
 */
export function recomputeUsage(view: SharedProjectView): Map<string, ShareId[]> {
  const counts = new Map<string, ShareId[]>();
  const add = (team: string, id: ShareId) => counts.set(team, [...(counts.get(team) ?? []), id]);
  for (const share of Object.values(view.shares)) {
    if (share.state === 'pending') add(share.hostTeamId, share.id);
    if (share.state === 'connected') {
      add(share.hostTeamId, share.id);
      add(share.externalTeamId, share.id);
    }
  }
  return counts;
}

/**
 * Checks every usage record against a count recomputed from the shares (for audits and tests): the
 * teams whose stored count or listed shares disagree. An empty list means the invariant holds.
 *
 * @example
 * ```ts
 * const r = auditSharedProjectUsage(view);
 * if (r.ok && r.value.length > 0) alert('usage drifted');
 * ```
 * @since 0.1.0
 */
export function auditSharedProjectUsage(view: SharedProjectViewInput): Result<readonly UsageMismatch[], DomainError> {
  const parsed = parseInput(SharedProjectViewSchema, view);
  if (!parsed.ok) return parsed;
  const expected = recomputeUsage(parsed.value);
  const teams = new Set<string>([...expected.keys(), ...Object.keys(parsed.value.usage)]);
  const out: UsageMismatch[] = [];
  for (const id of [...teams].sort()) {
    const stored = usageRecordOf(parsed.value, id as TeamId);
    const want = expected.get(id) ?? [];
    const same = stored.count === want.length && stored.shareIds.length === want.length && want.every((s) => stored.shareIds.includes(s));
    if (!same) out.push(Object.freeze({ teamId: id as TeamId, stored: stored.count, recomputed: want.length }));
  }
  return ok(Object.freeze(out));
}
