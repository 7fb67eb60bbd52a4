import type { Connection } from '../connection/state.js';
import type { ModelConnection, Prediction } from './connectionOracle.js';

/*
 * What both connection models (pure core and service) do with a prediction: compare it with what the
 * system answered, record it in the model's own bookkeeping, and compare the records the system holds
 * with the model's. Every mismatch throws, naming the command.
 */

/** The part of a model these helpers keep: the model's own records and what it learned from them. */
export interface ModelBook {
  /** Every connection the model knows, as the model predicted it. */
  connections: Map<string, ModelConnection>;
  /** The ids of the connections requested so far, in order. */
  ids: string[];
  /** The connections in a terminal state, with that state. */
  terminal: Map<string, string>;
  /** The downstream projects of disconnected connections (C10). */
  retired: Set<string>;
  /** How often each command kind ended how (`approve:ok`, `approve:INVALID_TRANSITION`, `reconcile:noop`, ...). */
  outcomes: Map<string, number>;
}

/** What the system under test answered, reduced to what a prediction says. */
export type Observed = { readonly ok: true; readonly events: number } | { readonly ok: false; readonly code: string };

const TERMINAL = ['declined', 'cancelled', 'expired', 'disconnected'];

/** Throws unless the system answered what was predicted: success (with or without events) or the exact refusal code. */
export function expectOutcome(label: string, predicted: Prediction, observed: Observed): void {
  const say = (o: Prediction | Observed) => (o.ok ? 'success' : `refusal ${o.code}`);
  if (predicted.ok !== observed.ok || (!predicted.ok && !observed.ok && predicted.code !== observed.code)) {
    throw new Error(`${label}: the model predicts ${say(predicted)}, the system answered ${say(observed)}`);
  }
  if (predicted.ok && observed.ok && (predicted.writes.length === 0) !== (observed.events === 0)) {
    throw new Error(`${label}: the model predicts ${predicted.writes.length} changed connection(s), the system emitted ${observed.events} event(s)`);
  }
}

/** Records what the model predicted a command writes (the model never reads the system's records). */
export function recordWrites(book: ModelBook, writes: readonly ModelConnection[]): void {
  for (const c of writes) {
    if (!book.connections.has(c.id)) book.ids.push(c.id);
    book.connections.set(c.id, c);
    if (TERMINAL.includes(c.state)) book.terminal.set(c.id, c.state);
    if (c.state === 'disconnected') book.retired.add(c.downstream);
  }
}

/** Counts how a command of `kind` ended: `ok`, `noop` (a success that changed nothing) or the refusal code. */
export function countOutcome(book: ModelBook, kind: string, predicted: Prediction): void {
  const how = predicted.ok ? (predicted.writes.length > 0 ? 'ok' : 'noop') : predicted.code;
  const key = `${kind}:${how}`;
  book.outcomes.set(key, (book.outcomes.get(key) ?? 0) + 1);
}

/** Throws unless the system holds exactly the model's connections, each as the model predicted it. */
export function expectRecords(label: string, model: ReadonlyMap<string, ModelConnection>, real: Readonly<Record<string, Connection>>): void {
  const ids = Object.keys(real);
  if (ids.length !== model.size) throw new Error(`${label}: the system holds ${ids.length} connections, the model ${model.size}`);
  for (const [id, m] of model) {
    const c = Object.hasOwn(real, id) ? real[id] : undefined;
    if (c === undefined) throw new Error(`${label}: connection "${id}" is missing from the system`);
    const expected = [m.state, m.since, m.requestedAt, m.connectedAt, m.endsAt, m.upstream, m.upstreamCompany, m.downstream, m.downstreamCompany];
    const actual = [c.state, c.stateSince, c.requestedAt, c.connectedAt, c.endsAt, c.upstream.projectId, c.upstream.companyId, c.downstream.projectId, c.downstream.companyId];
    if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      throw new Error(`${label}: connection "${id}" is ${JSON.stringify(actual)}, the model expects ${JSON.stringify(expected)} (state, since, requestedAt, connectedAt, endsAt, upstream, its company, downstream, its company)`);
    }
  }
}
