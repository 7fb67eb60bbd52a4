import { z } from 'zod';
import { domainError, type DomainError } from '../core/errors.js';
import { TeamIdSchema, type TeamId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import { readSharedProjectView } from './api.js';
import { ShareIdSchema, type ShareId } from './ids.js';
import type { Plan } from './plans.js';
import type { SharedProjectViewInput } from './inputs.js';
import { findShare, findTeam } from './state.js';
import type { PlainIds } from '../core/input.js';

/**
 * A person to license in a shared project: the teams they have an account in, and whether they are
 * asked to edit host files outside the shared project.
 *
 * @example
 * ```ts
 * const q: LicensingQuery = { shareId: shareId('sh-1'), teamIds: [teamId('client')], editsHostFilesOutsideProject: true };
 * ```
 * @since 0.1.0
 */
export interface LicensingQuery {
  /** The share the person works in. */
  readonly shareId: ShareId;
  /** The teams the person has an account in (empty for someone with none). */
  readonly teamIds: readonly TeamId[];
  /** Whether the person is asked to edit host files outside the shared project (default false). */
  readonly editsHostFilesOutsideProject?: boolean;
}

/**
 * How a person is licensed in a shared project (H10).
 *
 * @remarks
 * - `role`: `host` (has an account in the host team; wins if in both), `external`, or `guest` (no
 *   account in either team).
 * - `seat`: the plan the person works under. Members use their own team's plan, so no team pays for
 *   the other's members; a guest gets a view-only seat on the host's plan.
 * - `upgradeRequestsTo`: the team whose admins receive the person's upgrade requests (their own team's;
 *   the host's for a guest).
 * - `needsHostSeat`: an external member asked to edit host files outside the shared project needs a seat
 *   on the host's plan.
 *
 * @example
 * ```ts
 * if (decision.needsHostSeat) console.log(`needs a seat on ${decision.hostTeamId}'s plan`);
 * ```
 * @since 0.1.0
 */
export interface LicensingDecision {
  /** `host` or `external` by the person's account (host wins if in both), or `guest` with no account in either team. */
  readonly role: 'host' | 'external' | 'guest';
  /** The seat the person works under: the team and plan, and whether it is view-only (a guest's is). */
  readonly seat: { readonly teamId: TeamId; readonly plan: Plan; readonly viewOnly: boolean };
  /** The team whose admins receive the person's upgrade requests. */
  readonly upgradeRequestsTo: TeamId;
  /** The team that hosts the shared project. */
  readonly hostTeamId: TeamId;
  /** Whether the person needs a seat on the host's plan (an external member editing host files outside the project). */
  readonly needsHostSeat: boolean;
}

/**
 * Schema of a {@link LicensingQuery}. @example `LicensingQuerySchema.parse({ shareId: 'sh-1', teamIds: [] })`
 * @since 0.1.0
 */
export const LicensingQuerySchema = z.strictObject({
  shareId: ShareIdSchema,
  teamIds: z.array(TeamIdSchema).max(1000),
  editsHostFilesOutsideProject: z.boolean().optional(),
});

/**
 * Which seat a person works under in a shared project, where their upgrade requests go, and whether they
 * need a seat on the host's plan (H10).
 *
 * @example
 * ```ts
 * const d = licensingDecision(view, { shareId: shareId('sh-1'), teamIds: [] });
 * d.ok && d.value.seat; // { teamId: 'studio', plan: 'professional', viewOnly: true }
 * ```
 * @since 0.1.0
 */
export function licensingDecision(view: SharedProjectViewInput, query: PlainIds<LicensingQuery>): Result<LicensingDecision, DomainError> {
  const v = readSharedProjectView(view);
  if (!v.ok) return v;
  const q = parseInputAt(LicensingQuerySchema, query, ['query']);
  if (!q.ok) return q;
  const share = findShare(v.value, q.value.shareId);
  if (share === undefined) return err(domainError('NOT_FOUND', { entity: 'share', id: q.value.shareId }));
  const host = findTeam(v.value, share.hostTeamId);
  if (host === undefined) return err(domainError('NOT_FOUND', { entity: 'team', id: share.hostTeamId }));
  const external = findTeam(v.value, share.externalTeamId);
  if (external === undefined) return err(domainError('NOT_FOUND', { entity: 'team', id: share.externalTeamId }));
  const teams: readonly string[] = q.value.teamIds;
  if (teams.includes(host.id)) {
    return ok(Object.freeze({ role: 'host', seat: Object.freeze({ teamId: host.id, plan: host.plan, viewOnly: false }), upgradeRequestsTo: host.id, hostTeamId: host.id, needsHostSeat: false }));
  }
  if (teams.includes(external.id)) {
    return ok(
      Object.freeze({
        role: 'external',
        seat: Object.freeze({ teamId: external.id, plan: external.plan, viewOnly: false }),
        upgradeRequestsTo: external.id,
        hostTeamId: host.id,
        needsHostSeat: q.value.editsHostFilesOutsideProject === true,
      }),
    );
  }
  return ok(Object.freeze({ role: 'guest', seat: Object.freeze({ teamId: host.id, plan: host.plan, viewOnly: true }), upgradeRequestsTo: host.id, hostTeamId: host.id, needsHostSeat: false }));
}
