import { z } from 'zod';
import { CompanyIdSchema, ConnectionIdSchema, ProjectIdSchema, type CompanyId, type ConnectionId, type ProjectId } from '../core/ids.js';

const at = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const base = { connectionId: ConnectionIdSchema, at };

/**
 * Internal: the fields of a connection event the notification planner reads. Extra fields (actor,
 * schema version, ...) are accepted and ignored, so any `ConnectionEvent` passes.
 * @internal
 */
export const NotifiableConnectionEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ConnectionRequested'),
    ...base,
    upstreamProjectId: ProjectIdSchema,
    upstreamCompanyId: CompanyIdSchema,
    downstreamProjectId: ProjectIdSchema,
    downstreamCompanyId: CompanyIdSchema,
    approval: z.enum(['automatic', 'manual']),
  }),
  z.object({ type: z.literal('ConnectionApproved'), ...base, automatic: z.boolean() }),
  z.object({ type: z.literal('ConnectionDeclined'), ...base, reason: z.string().max(10_000).nullable().optional() }),
  z.object({ type: z.literal('ConnectionCancelled'), ...base, via: z.enum(['cancel', 'undo']), from: z.enum(['pending', 'connected']) }),
  z.object({ type: z.literal('ApprovalUndone'), ...base }),
  z.object({
    type: z.literal('ConnectionDisconnected'),
    ...base,
    reason: z.string().max(10_000),
    cause: z.enum(['manual', 'end_date']),
  }),
  z.object({ type: z.literal('ConnectionExpired'), ...base }),
]);

/**
 * Internal: a validated connection event.
 * @internal
 */
export type NotifiableConnectionEvent = z.output<typeof NotifiableConnectionEventSchema>;

/**
 * The two projects of a connection, as the notification planner needs them. A whole `Connection`
 * record fits (extra fields are ignored).
 *
 * @example
 * ```ts
 * const parties: ConnectionParties = {
 *   id: connectionId('cn-1'),
 *   upstream: { projectId: projectId('gc-tower'), companyId: companyId('build-co') },
 *   downstream: { projectId: projectId('sub-tower'), companyId: companyId('electric-co') },
 * };
 * ```
 * @since 0.1.0
 */
export interface ConnectionParties {
  /** The connection's id. */
  readonly id: ConnectionId;
  /** The upstream project and its company. */
  readonly upstream: { readonly projectId: ProjectId; readonly companyId: CompanyId };
  /** The downstream project and its company. */
  readonly downstream: { readonly projectId: ProjectId; readonly companyId: CompanyId };
}

const Party = z.object({ projectId: ProjectIdSchema, companyId: CompanyIdSchema });

/**
 * Schema of {@link ConnectionParties}. @example `ConnectionPartiesSchema.parse(connection)`
 * @since 0.1.0
 */
export const ConnectionPartiesSchema = z.object({ id: ConnectionIdSchema, upstream: Party, downstream: Party });
