import type { Side } from '../connection/events.js';
import type { ToolId } from '../core/facts.js';

/**
 * The events of the notification matrix (§5, seed 003).
 *
 * @example
 * ```ts
 * NOTIFICATION_EVENTS.length; // 7
 * ```
 * @since 0.1.0
 */
export const NOTIFICATION_EVENTS = Object.freeze([
  'ConnectionRequested',
  'ConnectionRequestRejected',
  'ConnectionCreated',
  'InitialSyncComplete',
  'NewDrawingsPublished',
  'DrawingsDeleted',
  'ConnectionDisabled',
] as const);

/**
 * One of the {@link NOTIFICATION_EVENTS}.
 *
 * @example
 * ```ts
 * const e: NotificationEventType = 'ConnectionCreated';
 * ```
 * @since 0.1.0
 */
export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number];

/**
 * One row of the notification matrix: which side's project is told, and whose admins (by tool) are the
 * default recipients.
 *
 * @example
 * ```ts
 * NOTIFICATION_MATRIX.ConnectionCreated.sides; // ['upstream', 'downstream']
 * ```
 * @since 0.1.0
 */
export interface NotificationMatrixRow {
  /** The sides whose companies are notified (§5). */
  readonly sides: readonly Side[];
  /** The tool whose admins receive it; the sync rows use the data type's tool (Drawings for drawings). */
  readonly tool: ToolId;
  /** Whether the project's list for this tool may add company admins (N2). */
  readonly companyAdminsAddable: boolean;
}

const cm = (sides: readonly Side[]): NotificationMatrixRow =>
  Object.freeze({ sides: Object.freeze([...sides]), tool: 'connection_manager', companyAdminsAddable: true });
const drawings: NotificationMatrixRow = Object.freeze({
  sides: Object.freeze(['downstream'] as const),
  tool: 'drawings',
  companyAdminsAddable: false,
});

/**
 * The notification matrix as data (§5): for each event, the sides told and the tool whose admins are
 * the default recipients.
 *
 * @example
 * ```ts
 * NOTIFICATION_MATRIX.ConnectionRequested; // { sides: ['upstream'], tool: 'connection_manager', ... }
 * ```
 * @since 0.1.0
 */
export const NOTIFICATION_MATRIX: { readonly [E in NotificationEventType]: NotificationMatrixRow } = Object.freeze({
  ConnectionRequested: cm(['upstream']),
  ConnectionRequestRejected: cm(['downstream']),
  ConnectionCreated: cm(['upstream', 'downstream']),
  InitialSyncComplete: drawings,
  NewDrawingsPublished: drawings,
  DrawingsDeleted: drawings,
  ConnectionDisabled: cm(['upstream', 'downstream']),
});

/**
 * The tool whose list may add company admins (N2): Connection Manager.
 *
 * @example
 * ```ts
 * CONNECTION_MANAGER_LIST; // 'connection_manager'
 * ```
 * @since 0.1.0
 */
export const CONNECTION_MANAGER_LIST: ToolId = 'connection_manager';
