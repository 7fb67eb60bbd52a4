import {
  connectionDecider,
  decideConnectionCommand,
  emptyConnectionView,
  executeConnectionCommand,
  type ConnectionCommandInput,
  type ConnectionContextInput,
  type ConnectionEvent,
  type ConnectionView,
  type DomainError,
} from '../../src/index.js';
import { deciderSpecification } from '../../src/testing/deciderSpecification.js';

/** given/when/then over the connection lifecycle. */
// The specs state commands loosely (they test the run-time validation too), so their decider takes `unknown`.
const decideAny = (view: ConnectionView, command: unknown, context: unknown) =>
  decideConnectionCommand(view, command as ConnectionCommandInput, context as ConnectionContextInput);
export const given = deciderSpecification<ConnectionView, unknown, ConnectionEvent, unknown, DomainError>({ ...connectionDecider, decide: decideAny });

/** Runs commands in order (each must succeed) and returns every event they emitted. */
export function historyOf(steps: readonly (readonly [unknown, unknown])[]): ConnectionEvent[] {
  let view: ConnectionView = emptyConnectionView();
  const events: ConnectionEvent[] = [];
  for (const [command, context] of steps) {
    const result = executeConnectionCommand(view, command as ConnectionCommandInput, context as ConnectionContextInput);
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
    const result = executeConnectionCommand(view, command as ConnectionCommandInput, context as ConnectionContextInput);
    if (!result.ok) throw new Error(`setup step failed: ${result.error.code} ${result.error.message}`);
    view = result.value.state;
  }
  return view;
}
