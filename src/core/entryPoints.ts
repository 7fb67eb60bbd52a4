import type { Decision, Preview, Warning } from './decider.js';
import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/**
 * Internal: what a model supplies so that its public entry points can be built by
 * {@link deciderEntryPoints}: how to read (validate) untrusted inputs, the trusted decider, and how to
 * seal (freeze, mark) what it hands out.
 * @internal
 */
export interface DeciderModule<View, Command, Context, Event> {
  readonly readInputs: (view: unknown, command: unknown, context: unknown) => Result<{ readonly view: View; readonly command: Command; readonly context: Context }, DomainError>;
  readonly readView: (input: unknown) => Result<View, DomainError<'INVALID_INPUT'>>;
  readonly readEvent: (input: unknown, at: (string | number)[]) => Result<Event, DomainError<'INVALID_INPUT'>>;
  readonly decide: (view: View, command: Command, context: Context) => Result<readonly Event[], DomainError>;
  readonly evolve: (view: View, event: Event) => View;
  readonly warnings: (view: View, command: Command, events: readonly Event[], context: Context) => readonly Warning[];
  readonly empty: () => View;
  /** Freezes (and may mark as trusted) the events a decision hands out. */
  readonly sealEvents: (events: readonly Event[]) => readonly Event[];
  /** Marks a view built by `evolve` as trusted, if the model keeps such marks. */
  readonly sealView: (view: View) => View;
}

/**
 * Internal: an input that throws when it is read (a revoked Proxy, a getter that throws) is bad input,
 * answered `INVALID_INPUT` like any other, never a throw (issue 15).
 * @internal
 */
export function unreadableInput(cause: unknown): DomainError<'INVALID_INPUT'> {
  let message = 'the input could not be read';
  try {
    if (cause instanceof Error) message = `the input could not be read: ${cause.message}`;
  } catch {
    // A cause that throws too: the plain message.
  }
  return domainError('INVALID_INPUT', { issues: [{ path: [], code: 'unreadable', message }] });
}

/**
 * Internal: runs a read of untrusted input; a throw becomes `INVALID_INPUT`.
 * @internal
 */
export function readSafely<T>(read: () => Result<T, DomainError>): Result<T, DomainError> {
  try {
    return read();
  } catch (cause) {
    return err(unreadableInput(cause));
  }
}

/**
 * Internal: the public entry points every decider-based model offers, built once from its parts.
 * @internal
 */
export interface DeciderEntryPoints<View, Event> {
  decide(view: unknown, command: unknown, context: unknown): Result<readonly Event[], DomainError>;
  execute(view: unknown, command: unknown, context: unknown): Result<Decision<View, Event>, DomainError>;
  preview(view: unknown, command: unknown, context: unknown): Result<Preview<View, Event>, DomainError>;
  evolve(view: unknown, event: unknown): Result<View, DomainError<'INVALID_INPUT'>>;
  replay(events: unknown): Result<View, DomainError<'INVALID_INPUT'>>;
}

/**
 * Internal: builds decide / execute / preview / evolve / replay for a model, so that both lifecycles
 * share one implementation of validation order, freezing and folding.
 * @internal
 */
export function deciderEntryPoints<View, Command, Context, Event>(m: DeciderModule<View, Command, Context, Event>): DeciderEntryPoints<View, Event> {
  const fold = (view: View, events: readonly Event[]): View => {
    let state = view;
    for (const event of events) state = m.evolve(state, event);
    return m.sealView(state);
  };
  return {
    decide(view, command, context) {
      const inputs = readSafely(() => m.readInputs(view, command, context));
      if (!inputs.ok) return inputs;
      const decided = m.decide(inputs.value.view, inputs.value.command, inputs.value.context);
      return decided.ok ? ok(m.sealEvents(decided.value)) : decided;
    },
    execute(view, command, context) {
      const inputs = readSafely(() => m.readInputs(view, command, context));
      if (!inputs.ok) return inputs;
      const decided = m.decide(inputs.value.view, inputs.value.command, inputs.value.context);
      if (!decided.ok) return decided;
      const events = m.sealEvents(decided.value);
      // The state and the events are frozen; the wrapper, like a Result, is the caller's own object.
      return ok({ state: fold(inputs.value.view, events), events });
    },
    preview(view, command, context) {
      const inputs = readSafely(() => m.readInputs(view, command, context));
      if (!inputs.ok) return inputs;
      const { view: before, command: cmd, context: ctx } = inputs.value;
      const decided = m.decide(before, cmd, ctx);
      if (!decided.ok) return decided;
      const events = m.sealEvents(decided.value);
      const warnings = Object.freeze(m.warnings(before, cmd, events, ctx).map((w) => Object.freeze({ ...w })));
      return ok({ state: fold(before, events), events, warnings });
    },
    evolve(view, event) {
      const v = readSafely(() => m.readView(view)) as Result<View, DomainError<'INVALID_INPUT'>>;
      if (!v.ok) return v;
      const e = readSafely(() => m.readEvent(event, ['event'])) as Result<Event, DomainError<'INVALID_INPUT'>>;
      if (!e.ok) return e;
      return ok(m.sealView(m.evolve(v.value, e.value)));
    },
    replay(events) {
      return readSafely(() => replayAll(events)) as Result<View, DomainError<'INVALID_INPUT'>>;
    },
  };

  function replayAll(events: unknown): Result<View, DomainError<'INVALID_INPUT'>> {
      if (!Array.isArray(events)) {
        return err(domainError('INVALID_INPUT', { issues: [{ path: ['events'], code: 'invalid_type', message: 'expected an array of events' }] }));
      }
      let view = m.empty();
      for (let i = 0; i < events.length; i += 1) {
        const e = m.readEvent(events[i], ['events', i]);
        if (!e.ok) return e;
        view = m.evolve(view, e.value);
      }
      return ok(m.sealView(view));
  }
}
