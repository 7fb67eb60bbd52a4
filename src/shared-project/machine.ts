import { deepFreeze } from '../core/freeze.js';
import type { MachineDefinition } from '../core/machine.js';

/**
 * The states of a share, i.e. of one invitation of an external team to a shared project (§3).
 * `declined`, `cancelled` and `disconnected` are terminal.
 *
 * @example
 * ```ts
 * SHARE_STATES.includes('connected'); // true
 * ```
 * @since 0.1.0
 */
export const SHARE_STATES = Object.freeze(['pending', 'connected', 'declined', 'cancelled', 'disconnected'] as const);

/**
 * A share's state.
 *
 * @example
 * ```ts
 * const s: ShareState = 'pending';
 * ```
 * @since 0.1.0
 */
export type ShareState = (typeof SHARE_STATES)[number];

/**
 * The states in which a share is open: it is the project's one external team (H1).
 *
 * @example
 * ```ts
 * OPEN_SHARE_STATES.includes('pending'); // true
 * ```
 * @since 0.1.0
 */
export const OPEN_SHARE_STATES: readonly ShareState[] = Object.freeze(['pending', 'connected']);

/**
 * The names of the commands of the share lifecycle (the team commands `register_team` and
 * `change_plan` are not part of it).
 *
 * @example
 * ```ts
 * const c: ShareCommandType = 'accept';
 * ```
 * @since 0.1.0
 */
export type ShareCommandType = 'invite' | 'accept' | 'decline' | 'cancel' | 'disconnect' | 'share_copy' | 'transfer';

/**
 * The host/external invitation lifecycle as data (H3, H9): which command may run in which state.
 *
 * @remarks
 * The same machinery as the upstream/downstream lifecycle (`checkTransition` gives `INVALID_TRANSITION`,
 * `toMermaid` draws it). `share_copy` and `transfer` are the host's later choices after a disconnect
 * (H9): they leave the share `disconnected`.
 *
 * @example
 * ```ts
 * sharedProjectMachine.transitions.accept.from; // ['pending']
 * toMermaid(sharedProjectMachine);
 * ```
 * @since 0.1.0
 */
export const sharedProjectMachine: MachineDefinition<ShareState, ShareCommandType> = deepFreeze<
  MachineDefinition<ShareState, ShareCommandType>
>({
  id: 'shared-project',
  states: SHARE_STATES,
  terminal: Object.freeze(['declined', 'cancelled', 'disconnected'] as const),
  transitions: {
    invite: { from: [], to: ['pending'], label: 'invite (host admin)' },
    accept: { from: ['pending'], to: ['connected'], label: 'accept (external admin)' },
    decline: { from: ['pending'], to: ['declined'], label: 'decline (external admin)' },
    cancel: { from: ['pending'], to: ['cancelled'], label: 'cancel (host admin)' },
    disconnect: { from: ['connected'], to: ['disconnected'], label: 'disconnect (either admin, forever)' },
    share_copy: { from: ['disconnected'], to: ['disconnected'], label: 'share a copy (host admin)' },
    transfer: { from: ['disconnected'], to: ['disconnected'], label: 'transfer the project (host admin)' },
  },
});
