import { z } from 'zod';
import { CompanyIdSchema, ConnectionIdSchema, ProjectIdSchema, UserIdSchema } from '../core/ids.js';
import { storableText } from '../core/trust.js';
import { DataTypeIdSchema } from './commands.js';
import { CONNECTION_STATES } from './machine.js';

/** A reason as stored: text every store keeps as it is (commands refuse anything else, so records and events hold no other). */
const storedReason = z.string().refine(...storableText('a reason'));

const timestamp = z.number().int().nonnegative();
const side = z.object({ projectId: ProjectIdSchema, companyId: CompanyIdSchema });

/**
 * Schema of a stored `Connection` record. @example `ConnectionSchema.parse(JSON.parse(row.data))`
 * @since 0.1.0
 */
export const ConnectionSchema = z.object({
  id: ConnectionIdSchema,
  upstream: side,
  downstream: side,
  dataTypes: z.array(DataTypeIdSchema).min(1),
  approval: z.enum(['automatic', 'manual']),
  state: z.enum(CONNECTION_STATES),
  stateSince: timestamp,
  requestedAt: timestamp,
  requestedBy: UserIdSchema,
  connectedAt: timestamp.nullable(),
  approvedBy: UserIdSchema.nullable(),
  endsAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  closeReason: storedReason.nullable(),
  eventCount: z.number().int().positive(),
});

/**
 * Schema of a stored `ProjectLedger`. @example `ProjectLedgerSchema.parse(row)`
 * @since 0.1.0
 */
export const ProjectLedgerSchema = z.object({
  projectId: ProjectIdSchema,
  openAsDownstream: ConnectionIdSchema.nullable(),
  retired: z.boolean(),
  retiredBy: ConnectionIdSchema.nullable(),
  openAsUpstream: z.number().int().nonnegative(),
  connectedAsUpstream: z.number().int().nonnegative(),
});

/**
 * Schema of a `ConnectionView`: records keyed by their own ids.
 *
 * @example
 * ```ts
 * const view = ConnectionViewSchema.parse(JSON.parse(snapshot));
 * ```
 * @since 0.1.0
 */
export const ConnectionViewSchema = z
  .object({
    connections: z.record(ConnectionIdSchema, ConnectionSchema),
    projects: z.record(ProjectIdSchema, ProjectLedgerSchema),
  })
  .superRefine((view, ctx) => {
    for (const [key, connection] of Object.entries(view.connections)) {
      if (connection.id !== key) ctx.addIssue({ code: 'custom', path: ['connections', key, 'id'], message: 'a connection is keyed by its id' });
    }
    for (const [key, ledger] of Object.entries(view.projects)) {
      if (ledger.projectId !== key) ctx.addIssue({ code: 'custom', path: ['projects', key, 'projectId'], message: 'a ledger is keyed by its project id' });
    }
  });

const userActor = z.object({ kind: z.literal('user'), userId: UserIdSchema });
const actor = z.discriminatedUnion('kind', [
  userActor,
  z.object({ kind: z.literal('system'), cause: z.enum(['automatic_approval', 'end_date', 'pending_expiry']) }),
]);
const envelope = { schemaVersion: z.literal(1), connectionId: ConnectionIdSchema, at: timestamp, actor };

/**
 * Schema of a stored `ConnectionEvent` (schema version 1).
 *
 * @example
 * ```ts
 * const history = z.array(ConnectionEventSchema).parse(rows.map((r) => r.data));
 * ```
 * @since 0.1.0
 */
export const ConnectionEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ConnectionRequested'),
    ...envelope,
    actor: userActor,
    upstreamProjectId: ProjectIdSchema,
    upstreamCompanyId: CompanyIdSchema,
    downstreamProjectId: ProjectIdSchema,
    downstreamCompanyId: CompanyIdSchema,
    dataTypes: z.array(DataTypeIdSchema).min(1),
    approval: z.enum(['automatic', 'manual']),
    endsAt: timestamp.nullable(),
  }),
  z.object({ type: z.literal('ConnectionApproved'), ...envelope, automatic: z.boolean() }),
  z.object({ type: z.literal('ConnectionDeclined'), ...envelope, reason: storedReason.nullable() }),
  z.object({
    type: z.literal('ConnectionCancelled'),
    ...envelope,
    via: z.enum(['cancel', 'undo']),
    from: z.enum(['pending', 'connected']),
  }),
  z.object({ type: z.literal('ApprovalUndone'), ...envelope }),
  z.object({
    type: z.literal('ConnectionDisconnected'),
    ...envelope,
    side: z.enum(['upstream', 'downstream']).nullable(),
    reason: storedReason,
    cause: z.enum(['manual', 'end_date']),
  }),
  z.object({ type: z.literal('ConnectionExpired'), ...envelope }),
]);
