import type { Attempt } from './pipeline.js';
import { PortFailure } from './portCall.js';

/**
 * Internal: an attempt whose refusal is about an id the service drew from the ids port (the caller gave
 * none) fails as the ids port: the caller's input is not at fault, so `INVALID_INPUT` at a field it never
 * sent would mislead it. A drawn id that is already used is the only such refusal (the ids port's ids are
 * checked for their format when drawn): `PORT_UNAVAILABLE` (port `ids`), and a retry draws a new id.
 *
 * @param field - The field the service filled in (`connectionId`, `shareId`).
 * @internal
 */
export function blameDrawnId<T>(attempt: Attempt<T>, field: 'connectionId' | 'shareId', id: string): Attempt<T> {
  if (attempt.kind !== 'reject') return attempt;
  const { error } = attempt;
  const aboutId =
    // C: the connection decider names the id's field.
    (error.code === 'INVALID_INPUT' && (error.details as { issues: readonly { path: readonly PropertyKey[] }[] }).issues.some((i) => i.path[i.path.length - 1] === field)) ||
    // H1: an invitation under a share id already used is the one transition an invitation refuses.
    (error.code === 'INVALID_TRANSITION' && field === 'shareId' && (error.details as { command?: unknown }).command === 'invite');
  if (!aboutId) return attempt;
  throw new PortFailure('ids', `the ids port drew "${id}", a ${field === 'shareId' ? 'share' : 'connection'} id already in use`);
}
