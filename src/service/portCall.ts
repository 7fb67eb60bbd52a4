import { domainError, type DomainError, type PortName } from '../core/errors.js';

/**
 * Internal: a readable text of anything thrown, without ever throwing itself.
 * @internal
 */
export function describeFailure(error: unknown): string {
  try {
    if (error instanceof PortFailure) return error.reason;
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unreadable error';
  }
}

/**
 * Internal: a port call that threw, rejected or answered something malformed, tagged with the port, so
 * the pipeline can answer `PORT_UNAVAILABLE` naming it.
 * @internal
 */
export class PortFailure extends Error {
  readonly port: PortName;
  readonly reason: string;
  /** Whether the port marked the failure `retryable: false`: retrying cannot help. */
  readonly permanent: boolean;
  constructor(port: PortName, cause: unknown) {
    const reason = typeof cause === 'string' ? cause : describeFailure(cause);
    super(`${port}: ${reason}`);
    this.port = port;
    this.reason = reason;
    this.permanent = markedPermanent(cause);
  }
}

/**
 * Internal: whether a thrown value is marked `retryable: false` (the ports' convention for a failure
 * a retry cannot fix, see `RecordStorePort`), or is a {@link PortFailure} of one. Read once; a value
 * that throws when read is not marked.
 * @internal
 */
export function markedPermanent(cause: unknown): boolean {
  return cause instanceof PortFailure ? cause.permanent : markedFalse(cause, 'retryable');
}

/** Whether a thrown value's flag `name` is `false`, read once: a non-object or a getter that throws is not. */
function markedFalse(cause: unknown, name: 'retryable' | 'committed'): boolean {
  if (typeof cause !== 'object' || cause === null) return false;
  try {
    return (cause as Record<string, unknown>)[name] === false;
  } catch {
    return false;
  }
}

/**
 * Internal: awaits a port call, turning a throw or rejection into a {@link PortFailure} of `port`.
 * @internal
 */
export async function portCall<T>(port: PortName, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw cause instanceof PortFailure ? cause : new PortFailure(port, cause);
  }
}

/**
 * Internal: whether a failed commit is known not to have applied: the storage threw a value whose
 * `committed` is `false` (the storage port's convention, see `StoragePort.commit`). Read once, and a
 * value that throws when read is not known.
 * @internal
 */
export function knownNotApplied(cause: unknown): boolean {
  return markedFalse(cause, 'committed');
}

/**
 * Internal: the `PORT_UNAVAILABLE` answer for a failure.
 * @internal
 */
export function portUnavailable(failure: unknown, attempts: number, committed: 'no' | 'unknown'): DomainError<'PORT_UNAVAILABLE'> {
  const port: PortName = failure instanceof PortFailure ? failure.port : 'storage';
  return domainError('PORT_UNAVAILABLE', { port, attempts, cause: describeFailure(failure), committed, retryable: !markedPermanent(failure) });
}
