import { z } from 'zod';
import { TeamIdSchema, UserIdSchema, type TeamId, type UserId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';
import { SharedProjectPolicySchema, type SharedProjectPolicyInput } from './plans.js';

/**
 * A user's membership of one team: whether they are one of its admins.
 *
 * @example
 * ```ts
 * const m: TeamMembership = { teamId: teamId('studio'), admin: true };
 * ```
 * @since 0.1.0
 */
export interface TeamMembership {
  /** A team the user has an account in. */
  readonly teamId: TeamId;
  /** Whether the user is an admin of that team. */
  readonly admin: boolean;
}

/**
 * Who runs a shared-project command: a user with their team memberships (the caller looks them up), or
 * the system (billing changes plans, provisioning registers teams).
 *
 * @example
 * ```ts
 * const ana: TeamActorFacts = { kind: 'user', userId: userId('ana'), email: 'ana@studio.example', teams: [{ teamId: teamId('studio'), admin: true }] };
 * const billing: TeamActorFacts = { kind: 'system', cause: 'billing' };
 * ```
 * @since 0.1.0
 */
export type TeamActorFacts =
  | {
      readonly kind: 'user';
      readonly userId: UserId;
      /** The user's e-mail address, if known (H12: the invited contact is recognised by it). */
      readonly email?: string | null;
      readonly teams: readonly TeamMembership[];
    }
  | { readonly kind: 'system'; readonly cause: 'billing' | 'provisioning' };

/**
 * What a shared-project command is decided with, besides the records.
 *
 * @example
 * ```ts
 * const context: SharedProjectContext = { now: clock.now(), actor: ana, policy: { limits: { professional: 5 } } };
 * ```
 * @since 0.1.0
 */
export interface SharedProjectContext {
  /** The current time, from the caller's clock. */
  readonly now: Timestamp;
  /** Who acts: a user with their team memberships, or the system (billing, provisioning). */
  readonly actor: TeamActorFacts;
  /** Options; missing ones take `DEFAULT_SHARED_PROJECT_POLICY`. */
  readonly policy?: SharedProjectPolicyInput;
  /**
   * For an invitation to share a project not shared before: whether the host team owns it (your
   * directory lists it among the team's projects). `false` refuses the invitation as `NOT_AUTHORIZED`
   * (`project_owned_by_team`), with the other authorization checks and before the team rules (H3).
   * Omitted: not checked (the team that first shares a project hosts it). Once a project is hosted,
   * its hosting team is what H3 checks, and this fact is not read.
   * @since 0.2.0
   */
  readonly hostOwnsProject?: boolean;
}

/**
 * Schema of {@link TeamActorFacts}. @example `TeamActorFactsSchema.parse({ kind: 'system', cause: 'billing' })`
 * @since 0.1.0
 */
export const TeamActorFactsSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('user'),
    userId: UserIdSchema,
    email: z.string().max(320).nullable().optional(),
    teams: z.array(z.strictObject({ teamId: TeamIdSchema, admin: z.boolean() })).max(1000),
  }),
  z.strictObject({ kind: z.literal('system'), cause: z.enum(['billing', 'provisioning']) }),
]);

/**
 * Schema of a {@link SharedProjectContext}. @example `SharedProjectContextSchema.parse({ now: 0, actor })`
 * @since 0.1.0
 */
export const SharedProjectContextSchema = z.strictObject({
  now: z.number().int().nonnegative(),
  actor: TeamActorFactsSchema,
  policy: SharedProjectPolicySchema.optional(),
  hostOwnsProject: z.boolean().optional(),
});
