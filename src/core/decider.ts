import type { Result } from './result.js';

/**
 * A decider: the whole behaviour of a model as pure functions (after Emmett and J. Chassaing): the
 * state histories start from, `decide` and `evolve`.
 *
 * @remarks
 * `decide` turns a command, given the current state and a context (time, ids, facts about the actor),
 * into the events that happen — or a domain error. `evolve` folds one event into the state. Neither
 * does I/O or reads a clock, so every decision can be replayed, previewed and property-tested.
 *
 * @example
 * ```ts
 * const counter: Decider<number, { type: 'add'; n: number }, { type: 'added'; n: number }, void, never> = {
 *   initialState: () => 0,
 *   decide: (_s, c) => ok([{ type: 'added', n: c.n }]),
 *   evolve: (s, e) => s + e.n,
 * };
 * // connectionDecider is the connection lifecycle as a Decider.
 * ```
 * @since 0.1.0
 */
export interface Decider<State, Command, Event, Context, Error> {
  /**
   * The state before any event (an empty view).
   * @since 0.2.0
   */
  initialState(): State;
  /** Decides a command against the state and context: the events that happen, or a domain error. Pure: no I/O, no clock. */
  decide(state: State, command: Command, context: Context): Result<readonly Event[], Error>;
  /** Folds one event into the state and returns the new state. */
  evolve(state: State, event: Event): State;
  /**
   * Folds one event into the state, or says why it cannot (an event that does not read, or does not
   * follow from the state). Optional: tools that replay histories given from outside (given/when/then
   * specifications) use it to refuse such a history rather than skip the event.
   *
   * @example
   * ```ts
   * connectionDecider.tryEvolve?.(emptyConnectionView(), approved); // { ok: false, ... }: nothing to approve
   * ```
   * @since 0.2.0
   */
  tryEvolve?(state: State, event: Event): Result<State, Error>;
}

/**
 * What a command did: the events it emitted and the state they lead to.
 *
 * @example
 * ```ts
 * const { state, events } = decision;
 * ```
 * @since 0.1.0
 */
export interface Decision<State, Event> {
  /** The state after the command's events. */
  readonly state: State;
  /** The events the command emitted, in order (empty when it changed nothing). */
  readonly events: readonly Event[];
}

/**
 * Something a person must see before confirming a command (e.g. "this cannot be undone").
 *
 * @example
 * ```ts
 * const w: Warning = { code: 'IRREVERSIBLE', message: 'A disconnect can never be undone.' };
 * ```
 * @since 0.1.0
 */
export interface Warning {
  /** A stable code for the warning, e.g. `IRREVERSIBLE`. */
  readonly code: string;
  /** A readable sentence for the person confirming the command. */
  readonly message: string;
}

/**
 * What a command *would* do: events, resulting state and warnings, with nothing committed.
 *
 * @example
 * ```ts
 * const p = previewConnectionCommand(view, command, context);
 * if (p.ok) p.value.warnings.forEach((w) => console.log(w.message));
 * ```
 * @since 0.1.0
 */
export interface Preview<State, Event> extends Decision<State, Event> {
  /** What a person must see before confirming the command (empty when nothing needs saying). */
  readonly warnings: readonly Warning[];
}
