import { z } from 'zod';
import { storableText } from '../core/trust.js';
import { ConnectionIdSchema, IdempotencyKeySchema, ProjectIdSchema, type ConnectionId, type IdempotencyKey, type ProjectId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';
import type { Side } from './events.js';

/**
 * A shared data type id (S1), e.g. `drawings`.
 *
 * @example
 * ```ts
 * const t: DataTypeId = 'drawings';
 * ```
 * @since 0.1.0
 */
export type DataTypeId = string;

/**
 * Schema of a {@link DataTypeId}. @example `DataTypeIdSchema.parse('rfis')`
 * @since 0.1.0
 */
export const DataTypeIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a data type id is lower snake case, e.g. "drawings"');

interface Keyed {
  /** Retrying with the same key returns the first outcome (C15). */
  readonly idempotencyKey?: IdempotencyKey;
}

/**
 * The downstream asks to connect (C1–C5). @example `{ type: 'request', connectionId, upstreamProjectId, downstreamProjectId, dataTypes: ['drawings'] }`
 * @since 0.1.0
 */
export interface RequestConnection extends Keyed {
  /** The command name. */
  readonly type: 'request';
  /** The id of the new connection (chosen by the caller, e.g. from the ids port). */
  readonly connectionId: ConnectionId;
  /** The project data is copied from (in another company, C1). */
  readonly upstreamProjectId: ProjectId;
  /** The requesting project, data is copied to (C2, C3). */
  readonly downstreamProjectId: ProjectId;
  /** The shared data types, at least one (S1), e.g. `['drawings']`. */
  readonly dataTypes: readonly DataTypeId[];
  /** Optional end date: after it the connection counts as disconnected. */
  readonly endsAt?: Timestamp | null;
}
/**
 * An upstream admin approves a pending request (C6). @example `{ type: 'approve', connectionId }`
 * @since 0.1.0
 */
export interface ApproveConnection extends Keyed {
  /** The command name. */
  readonly type: 'approve';
  /** The pending connection to approve. */
  readonly connectionId: ConnectionId;
}
/**
 * An upstream admin declines a pending request (C6, C7). @example `{ type: 'decline', connectionId, reason: 'wrong project' }`
 * @since 0.1.0
 */
export interface DeclineConnection extends Keyed {
  /** The command name. */
  readonly type: 'decline';
  /** The pending connection to decline. */
  readonly connectionId: ConnectionId;
  /** Why it is declined, kept in the history (optional). */
  readonly reason?: string;
}
/**
 * A downstream admin cancels its pending request (C8). @example `{ type: 'cancel', connectionId }`
 * @since 0.1.0
 */
export interface CancelConnection extends Keyed {
  /** The command name. */
  readonly type: 'cancel';
  /** The pending connection to cancel. */
  readonly connectionId: ConnectionId;
}
/**
 * The downstream undoes its request within the undo window (C16). @example `{ type: 'undo_request', connectionId }`
 * @since 0.1.0
 */
export interface UndoRequest extends Keyed {
  /** The command name. */
  readonly type: 'undo_request';
  /** The connection whose request is undone. */
  readonly connectionId: ConnectionId;
}
/**
 * The upstream undoes its approval within the undo window (C16). @example `{ type: 'undo_approval', connectionId }`
 * @since 0.1.0
 */
export interface UndoApproval extends Keyed {
  /** The command name. */
  readonly type: 'undo_approval';
  /** The connection whose approval is undone. */
  readonly connectionId: ConnectionId;
}
/**
 * An admin of either side disconnects, forever (C9, C10). @example `{ type: 'disconnect', connectionId, reason: 'contract ended' }`
 * @since 0.1.0
 */
export interface DisconnectConnection extends Keyed {
  /** The command name. */
  readonly type: 'disconnect';
  /** The connected connection to end. */
  readonly connectionId: ConnectionId;
  /** Why it is disconnected, kept in the history (required, C9). */
  readonly reason: string;
  /** The side the actor acts for; inferred when omitted (upstream first). */
  readonly side?: Side;
}
/**
 * The system applies due deadlines: pending expiry (C17) and end date. @example `{ type: 'reconcile', connectionId }`
 * @since 0.1.0
 */
export interface ReconcileConnection extends Keyed {
  /** The command name. */
  readonly type: 'reconcile';
  /** The connection whose due deadlines are applied. */
  readonly connectionId: ConnectionId;
}

/**
 * Every command of the connection lifecycle.
 *
 * @example
 * ```ts
 * const command: ConnectionCommand = { type: 'approve', connectionId: connectionId('cn-1') };
 * ```
 * @since 0.1.0
 */
export type ConnectionCommand =
  | RequestConnection
  | ApproveConnection
  | DeclineConnection
  | CancelConnection
  | UndoRequest
  | UndoApproval
  | DisconnectConnection
  | ReconcileConnection;

const keyed = { idempotencyKey: IdempotencyKeySchema.optional() };
const reason = z.string().trim().min(1, 'a reason is required').max(2000).refine(...storableText('a reason'));
const target = { connectionId: ConnectionIdSchema, ...keyed };

/**
 * Schema of a {@link ConnectionCommand}: a strict discriminated union on `type` (unknown keys are refused).
 *
 * @example
 * ```ts
 * ConnectionCommandSchema.safeParse({ type: 'approve', connectionId: 'cn-1' }).success; // true
 * ```
 * @since 0.1.0
 */
export const ConnectionCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('request'),
    ...target,
    upstreamProjectId: ProjectIdSchema,
    downstreamProjectId: ProjectIdSchema,
    dataTypes: z
      .array(DataTypeIdSchema)
      .min(1, 'a request shares at least one data type')
      .max(32)
      .refine((types) => new Set(types).size === types.length, 'data types must not repeat'),
    endsAt: z.number().int().nonnegative().nullable().optional(),
  }),
  z.strictObject({ type: z.literal('approve'), ...target }),
  z.strictObject({ type: z.literal('decline'), ...target, reason: reason.optional() }),
  z.strictObject({ type: z.literal('cancel'), ...target }),
  z.strictObject({ type: z.literal('undo_request'), ...target }),
  z.strictObject({ type: z.literal('undo_approval'), ...target }),
  z.strictObject({ type: z.literal('disconnect'), ...target, reason, side: z.enum(['upstream', 'downstream']).optional() }),
  z.strictObject({ type: z.literal('reconcile'), ...target }),
]);
