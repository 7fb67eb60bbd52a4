import type { Decider } from '../core/decider.js';
import { deepEqual } from './deepEqual.js';


/**
 * The outcome checks of a specification. Each throws an `Error` describing the mismatch, so it works
 * under any test runner.
 *
 * @example
 * ```ts
 * given([requested]).when(approve, ctx).then([approved]);
 * ```
 * @since 0.1.0
 */
export interface ThenClause<Event, Error> {
  /** Expects success with exactly these events. */
  then(expected: readonly Event[] | ((events: readonly Event[]) => void)): void;
  /** Expects failure; with a string, the error's `code` must equal it; with a function, it inspects the error. */
  thenFails(expected?: string | ((error: Error) => void)): void;
}

/**
 * The `when` step of a specification. @example `given([]).when(command, context)`
 * @since 0.1.0
 */
export interface WhenClause<Command, Event, Context, Error> {
  /** Decides `command` in `context` against the state the given events lead to, and returns the outcome checks. */
  when(command: Command, context: Context): ThenClause<Event, Error>;
}

function show(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * Builds Emmett-style given/when/then specifications for a decider: given past events, when a command
 * is decided, then these events — or this error.
 *
 * @remarks
 * Runner-agnostic: failures throw plain `Error`s with both sides printed. With a decider that has
 * `tryEvolve` (the library's do), a given history that does not apply — an event that does not read,
 * or does not follow from the ones before it — throws at `when`, so a specification never passes on a
 * state its history could not have led to.
 *
 * @example
 * ```ts
 * const given = deciderSpecification({ decide, evolve, initialState });
 * given([requested]).when({ type: 'approve', connectionId }, { now, actor: gcAdmin }).then([approved]);
 * given([requested, approved, disconnected]).when(request, ctx).thenFails('RECONNECT_FORBIDDEN');
 * ```
 * @since 0.1.0
 */
export function deciderSpecification<State, Command, Event, Context, Error>(
  decider: Decider<State, Command, Event, Context, Error>,
): (history: readonly Event[]) => WhenClause<Command, Event, Context, Error> {
  return (history) => ({
    when(command, context) {
      let state = decider.initialState();
      history.forEach((event, i) => {
        if (decider.tryEvolve === undefined) {
          state = decider.evolve(state, event);
          return;
        }
        const r = decider.tryEvolve(state, event);
        if (!r.ok) throw new Error(`The given history does not apply: event ${i} cannot follow the ones before it:\n${show(event)}\n${show(r.error)}`);
        state = r.value;
      });
      const result = decider.decide(state, command, context);
      return {
        then(expected) {
          if (!result.ok) throw new Error(`Expected success, got error:\n${show(result.error)}`);
          if (typeof expected === 'function') {
            expected(result.value);
            return;
          }
          if (!deepEqual(result.value, expected)) {
            throw new Error(`Events differ.\nExpected:\n${show(expected)}\nActual:\n${show(result.value)}`);
          }
        },
        thenFails(expected) {
          if (result.ok) throw new Error(`Expected an error, got events:\n${show(result.value)}`);
          if (typeof expected === 'function') expected(result.error);
          else if (typeof expected === 'string') {
            const code = (result.error as { code?: unknown }).code;
            if (code !== expected) throw new Error(`Expected error ${expected}, got:\n${show(result.error)}`);
          }
        },
      };
    },
  });
}
