import { OPEN_STATES, type ConnectionState } from '../connection/machine.js';
import type { Connection, ConnectionView } from '../connection/state.js';

/**
 * One broken rule found by {@link connectionInvariantViolations}.
 *
 * @example
 * ```ts
 * const v: InvariantViolation = { rule: 'C3', message: 'project p has 2 open connections' };
 * ```
 * @since 0.1.0
 */
export interface InvariantViolation {
  /** The SPEC rule broken, e.g. `C3`. */
  readonly rule: string;
  /** What was found, in words. */
  readonly message: string;
}

const isOpen = (c: Connection) => OPEN_STATES.includes(c.state);
const locks = (c: Connection) => isOpen(c) || c.state === 'disconnected';
const everConnected = (state: ConnectionState) => state === 'connected' || state === 'disconnected';

/**
 * Checks the cross-connection invariants of a view, recomputed from the connection records alone:
 * C3 (at most one open connection per downstream), C10 (no connection of a downstream project
 * requested after it was disconnected), C11 (no project both upstream and downstream while either role
 * is fixed), and that every project ledger equals what its connections imply.
 *
 * @remarks
 * Use it after every step of a model-based test, on the whole world or on your adapter's contents.
 *
 * @example
 * ```ts
 * expect(connectionInvariantViolations(view)).toEqual([]);
 * ```
 * @since 0.1.0
 */
export function connectionInvariantViolations(view: ConnectionView): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  const connections = Object.values(view.connections);
  const openByDownstream = new Map<string, number>();
  const downstreamLocked = new Set<string>();
  const upstreamLocked = new Set<string>();
  for (const c of connections) {
    if (isOpen(c)) openByDownstream.set(c.downstream.projectId, (openByDownstream.get(c.downstream.projectId) ?? 0) + 1);
    if (locks(c)) {
      downstreamLocked.add(c.downstream.projectId);
      upstreamLocked.add(c.upstream.projectId);
    }
  }
  for (const [project, count] of openByDownstream) {
    if (count > 1) violations.push({ rule: 'C3', message: `project "${project}" has ${count} open connections as downstream` });
  }
  for (const project of downstreamLocked) {
    if (upstreamLocked.has(project)) violations.push({ rule: 'C11', message: `project "${project}" is both upstream and downstream` });
  }
  // C10: a project disconnected as a downstream never connects again. Its disconnected connection was
  // open until it closed, so any other connection of it requested later came after the disconnect.
  for (const d of connections) {
    if (d.state !== 'disconnected' || d.closedAt === null) continue;
    for (const c of connections) {
      if (c.id === d.id || c.downstream.projectId !== d.downstream.projectId || c.requestedAt <= d.requestedAt || c.requestedAt < d.closedAt) continue;
      violations.push({ rule: 'C10', message: `project "${d.downstream.projectId}" was disconnected as a downstream (connection "${d.id}") and requested again (connection "${c.id}", ${c.state})` });
    }
  }
  const ids = new Set([...Object.keys(view.projects), ...connections.flatMap((c) => [c.upstream.projectId, c.downstream.projectId])]);
  for (const id of ids) {
    const ledger = Object.hasOwn(view.projects, id) ? view.projects[id] : undefined;
    const asDown = connections.filter((c) => c.downstream.projectId === id);
    const asUp = connections.filter((c) => c.upstream.projectId === id);
    const expected = {
      open: asDown.find(isOpen)?.id ?? null,
      retired: asDown.some((c) => c.state === 'disconnected'),
      upOpen: asUp.filter(isOpen).length,
      upConnected: asUp.filter((c) => everConnected(c.state)).length,
    };
    const actual = {
      open: ledger?.openAsDownstream ?? null,
      retired: ledger?.retired ?? false,
      upOpen: ledger?.openAsUpstream ?? 0,
      upConnected: ledger?.connectedAsUpstream ?? 0,
    };
    if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      violations.push({ rule: 'ledger', message: `ledger of "${id}" is ${JSON.stringify(actual)}, connections imply ${JSON.stringify(expected)}` });
    }
  }
  return violations;
}
