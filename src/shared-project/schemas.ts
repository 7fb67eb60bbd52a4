import { z } from 'zod';
import { SharedProjectIdSchema, TeamIdSchema, UserIdSchema } from '../core/ids.js';
import { StoredBusinessDomainSchema } from './commands.js';
import { ShareIdSchema } from './ids.js';
import { SHARE_STATES } from './machine.js';
import { PlanSchema } from './plans.js';

const timestamp = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/**
 * Schema of a stored `Team` record. @example `TeamSchema.parse(row.data)`
 * @since 0.1.0
 */
export const TeamSchema = z.object({
  id: TeamIdSchema,
  domain: StoredBusinessDomainSchema,
  plan: PlanSchema,
  registeredAt: timestamp,
  planChangedAt: timestamp.nullable(),
});

/**
 * Schema of a stored `SharedProject` record. @example `SharedProjectSchema.parse(row.data)`
 * @since 0.1.0
 */
export const SharedProjectSchema = z.object({
  id: SharedProjectIdSchema,
  hostTeamId: TeamIdSchema,
  openShareId: ShareIdSchema.nullable(),
  disconnectedTeamIds: z.array(TeamIdSchema),
  transferredFrom: TeamIdSchema.nullable(),
});

/**
 * Schema of a stored `Share` record. @example `ShareSchema.parse(row.data)`
 * @since 0.1.0
 */
export const ShareSchema = z.object({
  id: ShareIdSchema,
  sharedProjectId: SharedProjectIdSchema,
  hostTeamId: TeamIdSchema,
  externalTeamId: TeamIdSchema,
  contactEmail: z.string().max(320),
  state: z.enum(SHARE_STATES),
  stateSince: timestamp,
  invitedAt: timestamp,
  invitedBy: UserIdSchema,
  connectedAt: timestamp.nullable(),
  acceptedBy: UserIdSchema.nullable(),
  closedAt: timestamp.nullable(),
  closedBy: UserIdSchema.nullable(),
  closeReason: z.string().nullable(),
  disconnectedBy: z.enum(['host', 'external']).nullable(),
  disconnectOutcome: z.enum(['keep', 'share_copy']).nullable(),
  copiesShared: count,
  transferredAt: timestamp.nullable(),
  eventCount: z.number().int().positive(),
});

/**
 * Schema of a stored `TeamUsageRecord`. @example `TeamUsageRecordSchema.parse(row.data)`
 * @since 0.1.0
 */
export const TeamUsageRecordSchema = z
  .object({ teamId: TeamIdSchema, count, shareIds: z.array(ShareIdSchema) })
  .refine((u) => u.count === u.shareIds.length, { message: 'a usage count equals the number of shares it lists', path: ['count'] });

function keyedBy(records: Record<string, unknown>, field: string, path: string, ctx: z.RefinementCtx): void {
  for (const [key, record] of Object.entries(records)) {
    if ((record as Record<string, unknown>)[field] !== key) {
      ctx.addIssue({ code: 'custom', path: [path, key, field], message: `a record of ${path} is keyed by its ${field}` });
    }
  }
}

/**
 * Schema of a `SharedProjectView`: records keyed by their own ids.
 *
 * @example
 * ```ts
 * const view = SharedProjectViewSchema.parse(JSON.parse(snapshot));
 * ```
 * @since 0.1.0
 */
export const SharedProjectViewSchema = z
  .object({
    teams: z.record(z.string(), TeamSchema),
    projects: z.record(z.string(), SharedProjectSchema),
    shares: z.record(z.string(), ShareSchema),
    usage: z.record(z.string(), TeamUsageRecordSchema),
  })
  .superRefine((view, ctx) => {
    keyedBy(view.teams, 'id', 'teams', ctx);
    keyedBy(view.projects, 'id', 'projects', ctx);
    keyedBy(view.shares, 'id', 'shares', ctx);
    keyedBy(view.usage, 'teamId', 'usage', ctx);
  });

const userActor = z.object({ kind: z.literal('user'), userId: UserIdSchema });
const actor = z.discriminatedUnion('kind', [userActor, z.object({ kind: z.literal('system'), cause: z.enum(['billing', 'provisioning']) })]);
const envelope = { schemaVersion: z.literal(1), at: timestamp };
const share = {
  ...envelope,
  actor: userActor,
  shareId: ShareIdSchema,
  sharedProjectId: SharedProjectIdSchema,
  hostTeamId: TeamIdSchema,
  externalTeamId: TeamIdSchema,
};

/**
 * Schema of a stored `SharedProjectEvent` (schema version 1).
 *
 * @example
 * ```ts
 * const history = z.array(SharedProjectEventSchema).parse(rows.map((r) => r.data));
 * ```
 * @since 0.1.0
 */
export const SharedProjectEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('TeamRegistered'), ...envelope, actor, teamId: TeamIdSchema, domain: StoredBusinessDomainSchema, plan: PlanSchema }),
  z.object({ type: z.literal('TeamPlanChanged'), ...envelope, actor, teamId: TeamIdSchema, from: PlanSchema, to: PlanSchema }),
  z.object({ type: z.literal('ShareInvited'), ...share, contactEmail: z.string().max(320) }),
  z.object({ type: z.literal('ShareAccepted'), ...share, contactEmail: z.string().max(320) }),
  z.object({ type: z.literal('ShareDeclined'), ...share, reason: z.string().nullable() }),
  z.object({ type: z.literal('ShareCancelled'), ...share, reason: z.string().nullable() }),
  z.object({
    type: z.literal('ShareDisconnected'),
    ...share,
    side: z.enum(['host', 'external']),
    reason: z.string().nullable(),
    outcome: z.enum(['keep', 'share_copy']).nullable(),
  }),
  z.object({ type: z.literal('ShareCopyShared'), ...share }),
  z.object({ type: z.literal('ShareTransferred'), ...share }),
]);
