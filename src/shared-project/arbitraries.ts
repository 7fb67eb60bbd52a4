import fc from 'fast-check';
import { sharedProjectId, teamId, userId } from '../core/ids.js';
import { executeSharedProjectCommand, readSharedProjectView } from './api.js';
import type { SharedProjectViewInput } from './inputs.js';
import type { SharedProjectCommand } from './commands.js';
import type { TeamActorFacts } from './context.js';
import { shareId } from './ids.js';
import type { ShareState } from './machine.js';
import { actingTeam, countOf, expectedInvite, expectedOnShare, recordInvited, recordOnShare, type ModelShareCommand } from './modelExpectations.js';
import { DEFAULT_PLAN_LIMITS, PLANS, type Plan, type PlanLimits } from './plans.js';
import { emptySharedProjectView, type SharedProjectView } from './state.js';
import { recomputeUsage } from './usage.js';

/**
 * An arbitrary {@link Plan}.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(planArbitrary(), (plan) => PLANS.includes(plan)));
 * ```
 * @since 0.1.0
 */
export function planArbitrary(): fc.Arbitrary<Plan> {
  return fc.constantFrom(...PLANS);
}

/**
 * The model of the host/external world the model-based commands check the library against: plain
 * maps, written independently of the library's decider.
 *
 * @example
 * ```ts
 * const model = initialSharedProjectModel({ a: 'professional', b: 'enterprise' });
 * ```
 * @since 0.1.0
 */
export interface SharedProjectModel {
  /** Each team's plan, by team id. */
  readonly plans: Map<string, Plan>;
  /** Every share the commands made, with its project, teams, state and times. */
  readonly shares: { id: string; project: string; host: string; external: string; state: ShareState; invitedAt: number; closedAt: number | null }[];
  /** Each project's host team, by project id (set by its first invitation). */
  readonly projectHost: Map<string, string>;
  /** The plan limits the model and the library are run with (H4). */
  readonly limits: PlanLimits;
  /** Every time a command took a slot: the team, its count afterwards and its limit then. */
  readonly admissions: { team: string; count: number; limit: number }[];
}

/**
 * The system under test: a view the commands evolve, and a clock.
 *
 * @example
 * ```ts
 * const real: SharedProjectReal = { view: emptySharedProjectView(), now: 0 };
 * ```
 * @since 0.1.0
 */
export interface SharedProjectReal {
  /** The library's view, replaced by each command's resulting state. */
  view: SharedProjectView;
  /** The clock, in epoch milliseconds; each command advances it by one. */
  now: number;
}

/**
 * A model with the given teams (id → plan), no shares, and default limits.
 *
 * @example
 * ```ts
 * initialSharedProjectModel({ a: 'professional' }).plans.get('a'); // 'professional'
 * ```
 * @since 0.1.0
 */
export function initialSharedProjectModel(plans: Readonly<Record<string, Plan>>, limits: PlanLimits = DEFAULT_PLAN_LIMITS): SharedProjectModel {
  return { plans: new Map(Object.entries(plans)), shares: [], projectHost: new Map(), limits, admissions: [] };
}

/**
 * A real system registered with the same teams as {@link initialSharedProjectModel} (each team's
 * business domain is `<id>.example`).
 *
 * @example
 * ```ts
 * const real = initialSharedProjectReal({ a: 'professional', b: 'enterprise' });
 * ```
 * @since 0.1.0
 */
export function initialSharedProjectReal(plans: Readonly<Record<string, Plan>>): SharedProjectReal {
  let view = emptySharedProjectView();
  for (const [id, plan] of Object.entries(plans)) {
    const r = executeSharedProjectCommand(view, { type: 'register_team', teamId: id, domain: `${id}.example`, plan }, { now: 0, actor: { kind: 'system', cause: 'provisioning' } });
    if (!r.ok) throw new Error(`cannot register team ${id}: ${r.error.message}`);
    view = r.value.state;
  }
  return { view, now: 0 };
}

const adminOf = (team: string): TeamActorFacts => ({ kind: 'user', userId: userId(`admin-of-${team}`), email: `admin@${team}.example`, teams: [{ teamId: teamId(team), admin: true }] });

/**
 * The invariants the host/external model promises, checked on a view: the failures found (empty when
 * all hold). Stored counts equal the counts recomputed from the shares (H4), a project has at most one
 * open share (H1), and no disconnected (project, external team) pair was invited again (H9). A view
 * that does not read (not a `SharedProjectView`) is one failure saying why.
 *
 * @example
 * ```ts
 * expect(sharedProjectInvariantFailures(view)).toEqual([]);
 * ```
 * @since 0.1.0
 */
export function sharedProjectInvariantFailures(input: SharedProjectViewInput): string[] {
  const read = readSharedProjectView(input);
  if (!read.ok) return [`the view does not read: ${read.error.message}`];
  const view = read.value;
  const failures: string[] = [];
  const expected = recomputeUsage(view);
  for (const team of new Set([...Object.keys(view.usage), ...expected.keys()])) {
    const stored = Object.hasOwn(view.usage, team) ? view.usage[team] : undefined;
    const want = expected.get(team) ?? [];
    if ((stored?.count ?? 0) !== want.length || (stored?.shareIds.length ?? 0) !== want.length) {
      failures.push(`H4: team ${team} stores ${stored?.count ?? 0}, recomputed ${want.length}`);
    }
  }
  const open = new Map<string, number>();
  const shares = Object.values(view.shares);
  for (const s of shares) if (s.state === 'pending' || s.state === 'connected') open.set(s.sharedProjectId, (open.get(s.sharedProjectId) ?? 0) + 1);
  for (const [project, n] of open) if (n > 1) failures.push(`H1: project ${project} has ${n} open shares`);
  for (const d of shares) {
    if (d.state !== 'disconnected' || d.closedAt === null) continue;
    // Invited at or after the disconnect, unless it had closed by the time `d` was invited (an earlier
    // share of the pair, when all of it happened within one millisecond).
    const again = shares.find(
      (s) =>
        s.id !== d.id &&
        s.sharedProjectId === d.sharedProjectId &&
        s.externalTeamId === d.externalTeamId &&
        s.invitedAt >= d.closedAt! &&
        !(s.closedAt !== null && s.closedAt <= d.invitedAt && s.state !== 'disconnected'),
    );
    if (again !== undefined) failures.push(`H9: ${d.sharedProjectId} reconnected with ${d.externalTeamId} (${again.id})`);
  }
  return failures;
}

function step(model: SharedProjectModel, real: SharedProjectReal, command: SharedProjectCommand, actor: TeamActorFacts, expected: string): boolean {
  real.now += 1;
  const r = executeSharedProjectCommand(real.view, command, { now: real.now, actor, policy: { limits: model.limits } });
  const got = r.ok ? 'ok' : r.error.code;
  if (got !== expected) throw new Error(`${command.type}: expected ${expected}, got ${got}${r.ok ? '' : ` (${r.error.message})`}`);
  if (r.ok) real.view = r.value.state;
  const failures = sharedProjectInvariantFailures(real.view);
  if (failures.length > 0) throw new Error(failures.join('; '));
  return r.ok;
}

function admitted(model: SharedProjectModel, team: string): void {
  const count = countOf(model, team);
  const limit = model.limits[model.plans.get(team) ?? 'starter'];
  model.admissions.push({ team, count, limit });
  if (count > limit) throw new Error(`H4: team ${team} admitted beyond its limit (${count} > ${limit})`);
}

class Invite implements fc.Command<SharedProjectModel, SharedProjectReal> {
  constructor(readonly host: string, readonly external: string, readonly project: string) {}
  check(): boolean {
    return true;
  }
  run(model: SharedProjectModel, real: SharedProjectReal): void {
    const id = `sh-${model.shares.length + 1}`;
    const command: SharedProjectCommand = { type: 'invite', shareId: shareId(id), sharedProjectId: sharedProjectId(this.project), hostTeamId: teamId(this.host), externalTeamId: teamId(this.external), contactEmail: `contact@${this.external}.example` };
    if (step(model, real, command, adminOf(this.host), expectedInvite(model, this.host, this.external, this.project))) {
      recordInvited(model, id, this.host, this.external, this.project, real.now);
      admitted(model, this.host);
    }
  }
  toString(): string {
    return `invite(${this.host} → ${this.external}, ${this.project})`;
  }
}

class OnShare implements fc.Command<SharedProjectModel, SharedProjectReal> {
  constructor(readonly type: ModelShareCommand, readonly pick: number, readonly byHost: boolean) {}
  check(model: Readonly<SharedProjectModel>): boolean {
    return model.shares.length > 0;
  }
  run(model: SharedProjectModel, real: SharedProjectReal): void {
    const share = model.shares[this.pick % model.shares.length]!;
    const command: SharedProjectCommand = { type: this.type, shareId: shareId(share.id) };
    if (!step(model, real, command, adminOf(actingTeam(share, this.type, this.byHost)), expectedOnShare(model, share, this.type))) return;
    recordOnShare(share, this.type, real.now);
    if (this.type === 'accept') admitted(model, share.external);
  }
  toString(): string {
    return `${this.type}(#${this.pick}${this.type === 'disconnect' ? (this.byHost ? ' by host' : ' by external') : ''})`;
  }
}

class ChangePlan implements fc.Command<SharedProjectModel, SharedProjectReal> {
  constructor(readonly team: string, readonly plan: Plan) {}
  check(): boolean {
    return true;
  }
  run(model: SharedProjectModel, real: SharedProjectReal): void {
    step(model, real, { type: 'change_plan', teamId: teamId(this.team), plan: this.plan }, { kind: 'system', cause: 'billing' }, 'ok');
    model.plans.set(this.team, this.plan);
  }
  toString(): string {
    return `change_plan(${this.team} → ${this.plan})`;
  }
}

/**
 * Model-based commands over random invite / accept / decline / cancel / disconnect / plan-change
 * sequences, for `fc.commands` + `fc.modelRun`. Every step compares the library's outcome with the
 * model's expectation and checks {@link sharedProjectInvariantFailures}; every admission checks that the
 * admitted team is within its limit (H4, H5).
 *
 * @example
 * ```ts
 * const plans = { a: 'professional', b: 'organization', c: 'enterprise', d: 'professional' } as const;
 * fc.assert(fc.property(fc.commands(sharedProjectModelCommands(Object.keys(plans), ['p1', 'p2', 'p3'])), (cmds) =>
 *   fc.modelRun(() => ({ model: initialSharedProjectModel(plans), real: initialSharedProjectReal(plans) }), cmds)));
 * ```
 * @since 0.1.0
 */
export function sharedProjectModelCommands(teams: readonly string[], projects: readonly string[]): fc.Arbitrary<fc.Command<SharedProjectModel, SharedProjectReal>>[] {
  const team = fc.constantFrom(...teams);
  return [
    fc.tuple(team, team, fc.constantFrom(...projects)).map(([h, e, p]) => new Invite(h, e, p)),
    fc.tuple(fc.constantFrom('accept', 'decline', 'cancel', 'disconnect') as fc.Arbitrary<'accept' | 'decline' | 'cancel' | 'disconnect'>, fc.nat(), fc.boolean()).map(([t, n, h]) => new OnShare(t, n, h)),
    fc.tuple(fc.constantFrom('accept', 'disconnect') as fc.Arbitrary<'accept' | 'disconnect'>, fc.nat(), fc.boolean()).map(([t, n, h]) => new OnShare(t, n, h)),
    fc.tuple(team, planArbitrary()).map(([t, p]) => new ChangePlan(t, p)),
  ];
}
