import { z } from 'zod';
import { isCleanText, UNSAFE_TEXT_MESSAGE } from '../core/trust.js';
import {
  IdempotencyKeySchema,
  SharedProjectIdSchema,
  TeamIdSchema,
  type IdempotencyKey,
  type SharedProjectId,
  type TeamId,
} from '../core/ids.js';
import type { DisconnectOutcome, ShareSide } from './events.js';
import { ShareIdSchema, type ShareId } from './ids.js';
import { PlanSchema, type Plan } from './plans.js';

interface Keyed {
  /** Retrying with the same key returns the first outcome (C15). */
  readonly idempotencyKey?: IdempotencyKey;
}

/**
 * Makes a team known (system or one of its admins). @example `{ type: 'register_team', teamId, domain: 'studio.example', plan: 'professional' }`
 * @since 0.1.0
 */
export interface RegisterTeam extends Keyed {
  readonly type: 'register_team';
  readonly teamId: TeamId;
  readonly domain: string;
  readonly plan: Plan;
}
/**
 * Changes a team's plan (H5: nothing is cut). @example `{ type: 'change_plan', teamId, plan: 'organization' }`
 * @since 0.1.0
 */
export interface ChangePlan extends Keyed {
  readonly type: 'change_plan';
  readonly teamId: TeamId;
  readonly plan: Plan;
}
/**
 * A host admin invites an external team to a project (H1–H4). @example `{ type: 'invite', shareId, sharedProjectId, hostTeamId, externalTeamId, contactEmail: 'lea@client.example' }`
 * @since 0.1.0
 */
export interface InviteExternalTeam extends Keyed {
  readonly type: 'invite';
  readonly shareId: ShareId;
  readonly sharedProjectId: SharedProjectId;
  readonly hostTeamId: TeamId;
  readonly externalTeamId: TeamId;
  readonly contactEmail: string;
}
/**
 * An external admin accepts (H3, H4, H12). @example `{ type: 'accept', shareId }`
 * @since 0.1.0
 */
export interface AcceptInvitation extends Keyed {
  readonly type: 'accept';
  readonly shareId: ShareId;
}
/**
 * An external admin declines (H3). @example `{ type: 'decline', shareId, reason: 'not our project' }`
 * @since 0.1.0
 */
export interface DeclineInvitation extends Keyed {
  readonly type: 'decline';
  readonly shareId: ShareId;
  readonly reason?: string;
}
/**
 * A host admin withdraws a pending invitation (H3). @example `{ type: 'cancel', shareId }`
 * @since 0.1.0
 */
export interface CancelInvitation extends Keyed {
  readonly type: 'cancel';
  readonly shareId: ShareId;
  readonly reason?: string;
}
/**
 * An admin of either side disconnects, forever (H9). @example `{ type: 'disconnect', shareId, outcome: 'share_copy' }`
 * @since 0.1.0
 */
export interface DisconnectShare extends Keyed {
  readonly type: 'disconnect';
  readonly shareId: ShareId;
  readonly reason?: string;
  /** The side the actor acts for; inferred when omitted (host first). */
  readonly side?: ShareSide;
  /** H9: the host's choice (host admins only). Default `keep`; sharing a copy stays possible later. */
  readonly outcome?: DisconnectOutcome;
}
/**
 * A host admin shares a copy with the former external team, after a disconnect (H9). @example `{ type: 'share_copy', shareId }`
 * @since 0.1.0
 */
export interface ShareCopy extends Keyed {
  readonly type: 'share_copy';
  readonly shareId: ShareId;
}
/**
 * A host admin transfers the whole project to the former external team, after a disconnect (H9). @example `{ type: 'transfer', shareId }`
 * @since 0.1.0
 */
export interface TransferProject extends Keyed {
  readonly type: 'transfer';
  readonly shareId: ShareId;
}

/**
 * Every command of the host/external model.
 *
 * @example
 * ```ts
 * const command: SharedProjectCommand = { type: 'accept', shareId: shareId('sh-1') };
 * ```
 * @since 0.1.0
 */
export type SharedProjectCommand =
  | RegisterTeam
  | ChangePlan
  | InviteExternalTeam
  | AcceptInvitation
  | DeclineInvitation
  | CancelInvitation
  | DisconnectShare
  | ShareCopy
  | TransferProject;

/**
 * Schema of a business domain: trimmed, lower case, 1–253 characters.
 *
 * @example
 * ```ts
 * BusinessDomainSchema.parse(' Studio.Example '); // 'studio.example'
 * ```
 * @since 0.1.0
 */
export const BusinessDomainSchema = z.string().trim().toLowerCase().min(1, 'a business domain cannot be empty').max(253);

const keyed = { idempotencyKey: IdempotencyKeySchema.optional() };
const reason = z.string().trim().min(1, 'a reason cannot be empty').max(2000).refine(isCleanText, { message: `a reason ${UNSAFE_TEXT_MESSAGE}` });
const onShare = { shareId: ShareIdSchema, ...keyed };

/**
 * Schema of a {@link SharedProjectCommand}: a strict discriminated union on `type` (unknown keys are refused).
 *
 * @example
 * ```ts
 * SharedProjectCommandSchema.safeParse({ type: 'accept', shareId: 'sh-1' }).success; // true
 * ```
 * @since 0.1.0
 */
export const SharedProjectCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('register_team'), teamId: TeamIdSchema, domain: BusinessDomainSchema, plan: PlanSchema, ...keyed }),
  z.strictObject({ type: z.literal('change_plan'), teamId: TeamIdSchema, plan: PlanSchema, ...keyed }),
  z.strictObject({
    type: z.literal('invite'),
    ...onShare,
    sharedProjectId: SharedProjectIdSchema,
    hostTeamId: TeamIdSchema,
    externalTeamId: TeamIdSchema,
    contactEmail: z.email('a contact e-mail address is required').max(320),
  }),
  z.strictObject({ type: z.literal('accept'), ...onShare }),
  z.strictObject({ type: z.literal('decline'), ...onShare, reason: reason.optional() }),
  z.strictObject({ type: z.literal('cancel'), ...onShare, reason: reason.optional() }),
  z.strictObject({
    type: z.literal('disconnect'),
    ...onShare,
    reason: reason.optional(),
    side: z.enum(['host', 'external']).optional(),
    outcome: z.enum(['keep', 'share_copy']).optional(),
  }),
  z.strictObject({ type: z.literal('share_copy'), ...onShare }),
  z.strictObject({ type: z.literal('transfer'), ...onShare }),
]);
