import fc from 'fast-check';
import type { ConnectionEvent } from '../connection/events.js';
import { companyId, connectionId, projectId, userId, type UserId } from '../core/ids.js';
import type { Level } from '../core/level.js';
import type { ConnectionParties } from './connection-input.js';
import type { DirectoryFacts } from './directory.js';
import type { ProjectNotificationSettings } from './settings.js';

const USERS: readonly UserId[] = Object.freeze(['ana', 'ben', 'carl', 'dan', 'eve', 'fay', 'gus', 'hal'].map(userId));
const LEVELS: readonly Level[] = ['none', 'read_only', 'standard', 'admin'];

/**
 * The connection these arbitraries talk about: gc-tower (build-co) upstream, sub-tower (electric-co)
 * downstream.
 *
 * @example
 * ```ts
 * ARBITRARY_CONNECTION.upstream.projectId; // 'gc-tower'
 * ```
 * @since 0.1.0
 */
export const ARBITRARY_CONNECTION: ConnectionParties = Object.freeze({
  id: connectionId('cn-1'),
  upstream: Object.freeze({ projectId: projectId('gc-tower'), companyId: companyId('build-co') }),
  downstream: Object.freeze({ projectId: projectId('sub-tower'), companyId: companyId('electric-co') }),
});

const subset = () => fc.subarray([...USERS]);
const tools = fc.record(
  { connection_manager: fc.constantFrom(...LEVELS), drawings: fc.constantFrom(...LEVELS) },
  { requiredKeys: [] },
);

/**
 * Directory facts for the two projects of {@link ARBITRARY_CONNECTION}, drawn from a small pool of
 * users with random levels, and random company admins (on or off the directories).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbDirectoryFacts(), (d) => d.projects.length === 2));
 * ```
 * @since 0.1.0
 */
export function arbDirectoryFacts(): fc.Arbitrary<DirectoryFacts> {
  const members = subset().chain((ids) => fc.tuple(...ids.map((id) => tools.map((t) => ({ userId: id, tools: t })))));
  return fc.record({
    projects: fc.tuple(members, members).map(([up, down]) => [
      { projectId: ARBITRARY_CONNECTION.upstream.projectId, companyId: ARBITRARY_CONNECTION.upstream.companyId, members: up },
      { projectId: ARBITRARY_CONNECTION.downstream.projectId, companyId: ARBITRARY_CONNECTION.downstream.companyId, members: down },
    ]),
    companies: fc.tuple(subset(), subset()).map(([up, down]) => [
      { companyId: ARBITRARY_CONNECTION.upstream.companyId, admins: up },
      { companyId: ARBITRARY_CONNECTION.downstream.companyId, admins: down },
    ]),
  });
}

/**
 * Notification settings for none, one or both projects: narrowed lists and added company admins drawn
 * from the same user pool (so some configured users do not qualify, N3).
 *
 * @example
 * ```ts
 * fc.sample(arbNotificationSettings(), 1);
 * ```
 * @since 0.1.0
 */
export function arbNotificationSettings(): fc.Arbitrary<ProjectNotificationSettings[]> {
  const cm = fc.record({ selectedAdmins: subset(), addedCompanyAdmins: subset() }, { requiredKeys: [] });
  const drawings = fc.record({ selectedAdmins: subset() }, { requiredKeys: [] });
  const lists = fc.record({ connection_manager: cm, drawings }, { requiredKeys: [] });
  const forProject = (id: ConnectionParties['upstream']['projectId']) =>
    fc.option(lists.map((l) => ({ projectId: id, lists: l })), { nil: undefined });
  return fc
    .tuple(forProject(ARBITRARY_CONNECTION.upstream.projectId), forProject(ARBITRARY_CONNECTION.downstream.projectId))
    .map((pair) => pair.filter((s): s is ProjectNotificationSettings => s !== undefined));
}

/**
 * Any connection lifecycle event about {@link ARBITRARY_CONNECTION}.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbConnectionEvent(), (e) => e.connectionId === 'cn-1'));
 * ```
 * @since 0.1.0
 */
export function arbConnectionEvent(): fc.Arbitrary<ConnectionEvent> {
  const c = ARBITRARY_CONNECTION;
  const base = { schemaVersion: 1 as const, connectionId: c.id };
  const at = fc.nat({ max: 1_000_000 });
  const user = fc.constantFrom(...USERS).map((u) => ({ kind: 'user' as const, userId: u }));
  return fc.oneof(
    fc.record({ at, actor: user, approval: fc.constantFrom('automatic' as const, 'manual' as const) }).map(
      (f): ConnectionEvent => ({
        ...base, ...f, type: 'ConnectionRequested', dataTypes: ['drawings'], endsAt: null,
        upstreamProjectId: c.upstream.projectId, upstreamCompanyId: c.upstream.companyId,
        downstreamProjectId: c.downstream.projectId, downstreamCompanyId: c.downstream.companyId,
      }),
    ),
    fc.record({ at, actor: user, automatic: fc.boolean() }).map((f): ConnectionEvent => ({ ...base, ...f, type: 'ConnectionApproved' })),
    fc.record({ at, actor: user, reason: fc.option(fc.string(), { nil: null }) }).map((f): ConnectionEvent => ({ ...base, ...f, type: 'ConnectionDeclined' })),
    fc
      .record({ at, actor: user, via: fc.constantFrom('cancel' as const, 'undo' as const), from: fc.constantFrom('pending' as const, 'connected' as const) })
      .map((f): ConnectionEvent => ({ ...base, ...f, type: 'ConnectionCancelled' })),
    fc.record({ at, actor: user }).map((f): ConnectionEvent => ({ ...base, ...f, type: 'ApprovalUndone' })),
    fc
      .record({ at, actor: user, side: fc.constantFrom('upstream' as const, 'downstream' as const), reason: fc.constant('done') })
      .map((f): ConnectionEvent => ({ ...base, ...f, type: 'ConnectionDisconnected', cause: 'manual' })),
    at.map((t): ConnectionEvent => ({ ...base, at: t, type: 'ConnectionExpired', actor: { kind: 'system', cause: 'pending_expiry' } })),
  );
}
