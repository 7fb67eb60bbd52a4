import { z } from 'zod';
import { storableText } from '../core/trust.js';
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
import { hasDomainShape } from './recordGuards.js';

interface Keyed {
  /** Retrying with the same key returns the first outcome (C15). */
  readonly idempotencyKey?: IdempotencyKey;
}

/**
 * Makes a team known (system or one of its admins). @example `{ type: 'register_team', teamId, domain: 'studio.example', plan: 'professional' }`
 * @since 0.1.0
 */
export interface RegisterTeam extends Keyed {
  /** The command name. */
  readonly type: 'register_team';
  /** The id of the team to register. */
  readonly teamId: TeamId;
  /** The team's business domain (trimmed and lower-cased; H1 compares it). */
  readonly domain: string;
  /** The team's plan; under the default `billing` policy a team admin may register only `starter`, the system any plan (H5). */
  readonly plan: Plan;
}
/**
 * Changes a team's plan (H5: nothing is cut). @example `{ type: 'change_plan', teamId, plan: 'organization' }`
 * @since 0.1.0
 */
export interface ChangePlan extends Keyed {
  /** The command name. */
  readonly type: 'change_plan';
  /** The team whose plan changes. */
  readonly teamId: TeamId;
  /** The new plan; set by billing (or by team admins where the policy allows it, H5). */
  readonly plan: Plan;
}
/**
 * A host admin invites an external team to a project (H1–H4). @example `{ type: 'invite', shareId, sharedProjectId, hostTeamId, externalTeamId, contactEmail: 'lea@client.example' }`
 * @since 0.1.0
 */
export interface InviteExternalTeam extends Keyed {
  /** The command name. */
  readonly type: 'invite';
  /** The id of the new share (a new invitation always starts a new share). */
  readonly shareId: ShareId;
  /** The project to share; the first invitation creates its record. */
  readonly sharedProjectId: SharedProjectId;
  /** The team that owns the project and invites (H3). */
  readonly hostTeamId: TeamId;
  /** The team invited (another team with another business domain, H1). */
  readonly externalTeamId: TeamId;
  /** The e-mail address of the external contact invited (H3), who joins on acceptance (H12). */
  readonly contactEmail: string;
}
/**
 * An external admin accepts (H3, H4, H12). @example `{ type: 'accept', shareId }`
 * @since 0.1.0
 */
export interface AcceptInvitation extends Keyed {
  /** The command name. */
  readonly type: 'accept';
  /** The pending invitation to accept. */
  readonly shareId: ShareId;
}
/**
 * An external admin declines (H3). @example `{ type: 'decline', shareId, reason: 'not our project' }`
 * @since 0.1.0
 */
export interface DeclineInvitation extends Keyed {
  /** The command name. */
  readonly type: 'decline';
  /** The pending invitation to decline. */
  readonly shareId: ShareId;
  /** Why it is declined, kept in the history (optional). */
  readonly reason?: string;
}
/**
 * A host admin withdraws a pending invitation (H3). @example `{ type: 'cancel', shareId }`
 * @since 0.1.0
 */
export interface CancelInvitation extends Keyed {
  /** The command name. */
  readonly type: 'cancel';
  /** The pending invitation to withdraw. */
  readonly shareId: ShareId;
  /** Why it is withdrawn, kept in the history (optional). */
  readonly reason?: string;
}
/**
 * An admin of either side disconnects, forever (H9). @example `{ type: 'disconnect', shareId, outcome: 'share_copy' }`
 * @since 0.1.0
 */
export interface DisconnectShare extends Keyed {
  /** The command name. */
  readonly type: 'disconnect';
  /** The connected share to end. */
  readonly shareId: ShareId;
  /** Why it is disconnected, kept in the history (optional). */
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
  /** The command name. */
  readonly type: 'share_copy';
  /** The disconnected share whose former external team receives the copy. */
  readonly shareId: ShareId;
}
/**
 * A host admin transfers the whole project to the former external team, after a disconnect (H9). @example `{ type: 'transfer', shareId }`
 * @since 0.1.0
 */
export interface TransferProject extends Keyed {
  /** The command name. */
  readonly type: 'transfer';
  /** The disconnected share whose former external team receives the project. */
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
 * Internal: a business domain as stored before 0.2.0 checked its shape: normalised like
 * {@link BusinessDomainSchema}, without the label rules, so team records and events written then still
 * read.
 * @internal
 */
export const StoredBusinessDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .overwrite((v) => v.replace(/[.\s]+$/u, ''))
  .min(1, 'a business domain cannot be empty')
  .max(253)
  .refine(...storableText('a business domain'));

/**
 * Schema of a business domain: trimmed, lower case, without the trailing dot of a fully qualified name
 * (`acme.example.` is `acme.example`, so H1 compares them as one domain), 1–253 characters of
 * dot-separated labels, each 1–63 letters, digits or hyphens, not starting or ending with a hyphen
 * (internationalised names as they are, `bücher.example`, or in punycode, `xn--bcher-kva.example`).
 *
 * @example
 * ```ts
 * BusinessDomainSchema.parse(' Studio.Example. '); // 'studio.example'
 * BusinessDomainSchema.safeParse('not a domain').success; // false
 * ```
 * @since 0.1.0
 */
export const BusinessDomainSchema = StoredBusinessDomainSchema.refine(hasDomainShape, 'a business domain is dot-separated labels of letters, digits and hyphens (1–63 each, no hyphen at either end)');

const keyed = { idempotencyKey: IdempotencyKeySchema.optional() };
const reason = z.string().trim().min(1, 'a reason cannot be empty').max(2000).refine(...storableText('a reason'));
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
