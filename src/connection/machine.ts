import { deepFreeze } from '../core/freeze.js';
import type { MachineDefinition } from '../core/machine.js';

/**
 * The states of a connection (§2). The last four are terminal.
 *
 * @example
 * ```ts
 * CONNECTION_STATES.includes('pending'); // true
 * ```
 * @since 0.1.0
 */
export const CONNECTION_STATES = Object.freeze([
  'pending',
  'connected',
  'declined',
  'cancelled',
  'expired',
  'disconnected',
] as const);

/**
 * A connection's state.
 *
 * @example
 * ```ts
 * const s: ConnectionState = 'connected';
 * ```
 * @since 0.1.0
 */
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/**
 * The states in which a connection is open: it holds its downstream's single upstream slot (C3).
 *
 * @example
 * ```ts
 * OPEN_STATES.includes('pending'); // true
 * ```
 * @since 0.1.0
 */
export const OPEN_STATES: readonly ConnectionState[] = Object.freeze(['pending', 'connected']);

/**
 * The names of the connection commands.
 *
 * @example
 * ```ts
 * const name: ConnectionCommandType = 'disconnect';
 * ```
 * @since 0.1.0
 */
export type ConnectionCommandType =
  | 'request'
  | 'approve'
  | 'decline'
  | 'cancel'
  | 'undo_request'
  | 'undo_approval'
  | 'disconnect'
  | 'reconcile';

/**
 * The upstream/downstream connection lifecycle as data (C12): which command may run in which state.
 *
 * @remarks
 * `reconcile` is the system command that applies deadlines: a pending request's expiry (C17) and a
 * connected connection's end date.
 *
 * @example
 * ```ts
 * connectionMachine.transitions.approve.from; // ['pending']
 * ```
 * @since 0.1.0
 */
export const connectionMachine: MachineDefinition<ConnectionState, ConnectionCommandType> = deepFreeze<
  MachineDefinition<ConnectionState, ConnectionCommandType>
>({
  id: 'connection',
  states: CONNECTION_STATES,
  terminal: ['declined', 'cancelled', 'expired', 'disconnected'],
  transitions: {
    request: {
      from: [],
      to: ['pending', 'connected'],
      edges: [
        { from: null, to: 'pending', label: 'request (manual approval)' },
        { from: null, to: 'connected', label: 'request (automatic approval)' },
      ],
    },
    approve: { from: ['pending'], to: ['connected'] },
    decline: { from: ['pending'], to: ['declined'] },
    cancel: { from: ['pending'], to: ['cancelled'] },
    undo_request: { from: ['pending', 'connected'], to: ['cancelled'], label: 'undo request (within window)' },
    undo_approval: { from: ['connected'], to: ['pending'], label: 'undo approval (within window)' },
    disconnect: { from: ['connected'], to: ['disconnected'], label: 'disconnect (forever)' },
    reconcile: {
      from: ['pending', 'connected'],
      to: ['expired', 'disconnected'],
      edges: [
        { from: 'pending', to: 'expired', label: 'expiry or end date' },
        { from: 'connected', to: 'disconnected', label: 'end date' },
      ],
    },
  },
});
