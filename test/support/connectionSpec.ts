import {
  connectionDecider,
  decideConnectionCommand,
  emptyConnectionView,
  executeConnectionCommand,
  type ConnectionEvent,
  type ConnectionView,
} from '../../src/index.js';
import { deciderSpecification } from '../../src/testing/deciderSpecification.js';

/** given/when/then over the connection lifecycle. */
// The untyped `decideConnectionCommand` keeps the specs free to state any command (they test the validation too).
export const given = deciderSpecification({ ...connectionDecider, decide: decideConnectionCommand });

/** Runs commands in order (each must succeed) and returns every event they emitted. */
export function historyOf(steps: readonly (readonly [unknown, unknown])[]): ConnectionEvent[] {
  let view: ConnectionView = emptyConnectionView();
  const events: ConnectionEvent[] = [];
  for (const [command, context] of steps) {
    const result = executeConnectionCommand(view, command, context);
    if (!result.ok) throw new Error(`setup step failed: ${result.error.code} ${result.error.message}`);
    view = result.value.state;
    events.push(...result.value.events);
  }
  return events;
}

/** The view after running the steps. */
export function viewOf(steps: readonly (readonly [unknown, unknown])[]): ConnectionView {
  let view: ConnectionView = emptyConnectionView();
  for (const [command, context] of steps) {
    const result = executeConnectionCommand(view, command, context);
    if (!result.ok) throw new Error(`setup step failed: ${result.error.code} ${result.error.message}`);
    view = result.value.state;
  }
  return view;
}
