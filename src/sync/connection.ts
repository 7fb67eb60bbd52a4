import { z } from 'zod';
import { DataTypeIdSchema } from '../connection/commands.js';
import { CONNECTION_STATES, type ConnectionState } from '../connection/machine.js';
import { CompanyIdSchema, ConnectionIdSchema, ProjectIdSchema, type CompanyId, type ConnectionId, type ProjectId } from '../core/ids.js';
import type { Timestamp } from '../core/time.js';

/**
 * What the sync planner needs to know about a connection: the part of a connection record
 * (`Connection` from the lifecycle) that decides what moves.
 *
 * @remarks
 * Pass a whole `Connection`: extra fields are ignored. Its `connectedAt` tells the connected periods
 * of one connection apart: the initial sync of each period is announced under its own notice key
 * (N5), so a transport that de-duplicates by id delivers the second InitialSyncComplete after an
 * undone approval instead of taking it for a re-delivery of the first.
 *
 * @example
 * ```ts
 * const c: SyncConnection = {
 *   id: connectionId('cn-1'), state: 'connected', dataTypes: ['drawings'],
 *   upstream: { projectId: projectId('gc-tower'), companyId: companyId('build-co') },
 *   downstream: { projectId: projectId('sub-tower'), companyId: companyId('electric-co') },
 * };
 * ```
 * @since 0.1.0
 */
export interface SyncConnection {
  /** The connection's id. */
  readonly id: ConnectionId;
  /** The connection's lifecycle state. */
  readonly state: ConnectionState;
  /** The shared data types of the connection (S1). */
  readonly dataTypes: readonly string[];
  /** The upstream project, data is copied from, and its company. */
  readonly upstream: { readonly projectId: ProjectId; readonly companyId: CompanyId };
  /** The downstream project, data is copied to, and its company. */
  readonly downstream: { readonly projectId: ProjectId; readonly companyId: CompanyId };
  /**
   * When the connection last became connected (a `Connection`'s `connectedAt`); `null` or omitted when
   * unknown, and then every initial sync of the connection has one notice key per data type.
   * @since 0.2.0
   */
  readonly connectedAt?: Timestamp | null | undefined;
}

const Party = z.object({ projectId: ProjectIdSchema, companyId: CompanyIdSchema });

/**
 * Schema of a {@link SyncConnection} (extra keys of a full connection record are dropped). @example `SyncConnectionSchema.parse(connection)`
 * @since 0.1.0
 */
export const SyncConnectionSchema = z.object({
  id: ConnectionIdSchema,
  state: z.enum(CONNECTION_STATES),
  dataTypes: z.array(DataTypeIdSchema).max(64),
  upstream: Party,
  downstream: Party,
  connectedAt: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable().optional(),
});
