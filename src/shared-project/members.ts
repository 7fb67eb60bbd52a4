import { z } from 'zod';
import { domainError, type AuthorizationFailure, type DomainError } from '../core/errors.js';
import { TeamIdSchema, type TeamId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import { readSharedProjectView } from './api.js';
import { isTeamAdmin, isTeamMember } from './authorization.js';
import { TeamActorFactsSchema, type TeamActorFacts } from './context.js';
import { ShareIdSchema, type ShareId } from './ids.js';
import type { SharedProjectViewInput } from './inputs.js';
import { findShare } from './state.js';
import type { PlainIds } from '../core/input.js';

/**
 * Who may add whom to a connected shared project.
 *
 * @example
 * ```ts
 * const q: MemberInvitationQuery = { shareId: shareId('sh-1'), actor: contact, inviteeTeamId: teamId('client') };
 * ```
 * @since 0.1.0
 */
export interface MemberInvitationQuery {
  /** The share the person is to be added to. */
  readonly shareId: ShareId;
  /** The user who wants to add them. */
  readonly actor: TeamActorFacts;
  /** The team the invited person has an account in, or `null` for someone with no account in either team. */
  readonly inviteeTeamId: TeamId | null;
}

/**
 * Schema of a {@link MemberInvitationQuery}. @example `MemberInvitationQuerySchema.parse(query)`
 * @since 0.1.0
 */
export const MemberInvitationQuerySchema = z.strictObject({
  shareId: ShareIdSchema,
  actor: TeamActorFactsSchema,
  inviteeTeamId: TeamIdSchema.nullable(),
});

/**
 * Whether an actor may add a person to a connected shared project (H7 "manage who has access", H12).
 *
 * @remarks
 * Host admins may add anyone (a person with no account in either team joins with a view-only seat on
 * the host's plan, H10). External admins may add members of their own team only. The external contact,
 * once the invitation is accepted, may add members of their own team (H12); the contact is recognised
 * by the actor's `email` and membership of the external team. Only while the share is `connected`
 * (`INVALID_TRANSITION` otherwise).
 *
 * @example
 * ```ts
 * const r = canInviteMember(view, { shareId: shareId('sh-1'), actor: lea, inviteeTeamId: teamId('client') });
 * r.ok; // true once Léa's team accepted
 * ```
 * @since 0.1.0
 */
export function canInviteMember(view: SharedProjectViewInput, query: PlainIds<MemberInvitationQuery>): Result<true, DomainError> {
  const v = readSharedProjectView(view);
  if (!v.ok) return v;
  const q = parseInputAt(MemberInvitationQuerySchema, query, ['query']);
  if (!q.ok) return q;
  const share = findShare(v.value, q.value.shareId);
  if (share === undefined) return err(domainError('NOT_FOUND', { entity: 'share', id: q.value.shareId }));
  if (share.state !== 'connected') {
    return err(domainError('INVALID_TRANSITION', { command: 'invite_member', state: share.state, allowedFrom: ['connected'], entity: 'share', id: share.id }, `Members can be added to share "${share.id}" only while it is connected (it is ${share.state}).`));
  }
  const actor = q.value.actor as TeamActorFacts;
  if (isTeamAdmin(actor, share.hostTeamId)) return ok(true);
  const invitee = q.value.inviteeTeamId;
  const ownTeam = invitee === share.externalTeamId;
  if (ownTeam && isTeamAdmin(actor, share.externalTeamId)) return ok(true);
  const isContact =
    actor.kind === 'user' &&
    typeof actor.email === 'string' &&
    actor.email.toLowerCase() === share.contactEmail.toLowerCase() &&
    isTeamMember(actor, share.externalTeamId);
  if (ownTeam && isContact) return ok(true);
  const failed: AuthorizationFailure[] = [
    {
      condition: ownTeam ? 'external_admin_or_contact' : 'host_team_admin',
      message: ownTeam
        ? `only host admins, admins of team "${share.externalTeamId}" or its contact ${share.contactEmail} may add its members`
        : `only host admins of team "${share.hostTeamId}" may add people outside team "${share.externalTeamId}"`,
      teamId: ownTeam ? share.externalTeamId : share.hostTeamId,
    },
  ];
  return err(domainError('NOT_AUTHORIZED', actor.kind === 'user' ? { userId: actor.userId, failed } : { failed }));
}
