import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/**
 * One command's edge in a {@link MachineDefinition}: from which states it may run, and where it leads.
 *
 * @remarks
 * `from: []` marks a creating command (it starts a new record).
 *
 * @example
 * ```ts
 * const approve: TransitionDefinition<'pending' | 'connected'> = { from: ['pending'], to: ['connected'] };
 * ```
 * @since 0.1.0
 */
export interface TransitionDefinition<S extends string> {
  /** The states the command may run from (empty for a creating command). */
  readonly from: readonly S[];
  /** The states the command may lead to. */
  readonly to: readonly S[];
  /** The edge label in diagrams (the command name when omitted). */
  readonly label?: string;
  /**
   * The exact edges, when not every `from` leads to every `to` (e.g. a deadline expires a pending
   * request but disconnects a connected one). `null` as a source is the creation of a record.
   */
  readonly edges?: readonly { readonly from: S | null; readonly to: S; readonly label?: string }[];
}

/**
 * A lifecycle as data: its states, terminal states and command edges.
 *
 * @remarks
 * Deciders check transitions against it, the docs draw it ({@link toMermaid}), and the
 * property tests read which states are terminal. Both connection styles share this machinery.
 *
 * @example
 * ```ts
 * connectionMachine.terminal; // ['declined', 'cancelled', 'expired', 'disconnected']
 * ```
 * @since 0.1.0
 */
export interface MachineDefinition<S extends string, C extends string> {
  /** The machine's name, e.g. `connection` (used in diagrams and docs). */
  readonly id: string;
  /** Every state of the lifecycle. */
  readonly states: readonly S[];
  /** The states no command leaves. */
  readonly terminal: readonly S[];
  /** Each command's edge: the states it may run from and the states it leads to. */
  readonly transitions: { readonly [K in C]: TransitionDefinition<S> };
}

/**
 * Whether `command` may run in `state` under `machine`; otherwise `INVALID_TRANSITION` naming the
 * current state and the states the command is allowed from (C12).
 *
 * @example
 * ```ts
 * checkTransition(connectionMachine, 'approve', 'disconnected').ok; // false
 * ```
 */
export function checkTransition<S extends string, C extends string>(
  machine: MachineDefinition<S, C>,
  command: C,
  state: S,
): Result<true, DomainError<'INVALID_TRANSITION'>> {
  const edge = machine.transitions[command];
  if (edge.from.includes(state)) return ok(true);
  return err(domainError('INVALID_TRANSITION', { command, state, allowedFrom: edge.from }));
}

/**
 * Whether `state` is terminal in `machine`.
 *
 * @example
 * ```ts
 * isTerminal(connectionMachine, 'declined'); // true
 * ```
 */
export function isTerminal<S extends string>(machine: MachineDefinition<S, string>, state: S): boolean {
  return machine.terminal.includes(state);
}

/**
 * Renders a machine as a Mermaid `stateDiagram-v2` (used by the docs generator).
 *
 * @example
 * ```ts
 * console.log(toMermaid(connectionMachine));
 * ```
 * @since 0.1.0
 */
export function toMermaid<S extends string, C extends string>(machine: MachineDefinition<S, C>): string {
  try {
    return mermaidLines(machine);
  } catch {
    return 'stateDiagram-v2\n';
  }
}

function mermaidLines<S extends string, C extends string>(machine: MachineDefinition<S, C>): string {
  const lines = ['stateDiagram-v2'];
  const commands = Object.keys(machine.transitions) as C[];
  for (const command of commands) {
    const edge = machine.transitions[command];
    const label = edge.label ?? command;
    if (edge.edges !== undefined) {
      for (const e of edge.edges) lines.push(`  ${e.from ?? '[*]'} --> ${e.to}: ${e.label ?? label}`);
      continue;
    }
    const sources = edge.from.length === 0 ? ['[*]'] : edge.from;
    for (const from of sources) for (const to of edge.to) lines.push(`  ${from} --> ${to}: ${label}`);
  }
  for (const state of machine.terminal) lines.push(`  ${state} --> [*]`);
  return `${lines.join('\n')}\n`;
}
