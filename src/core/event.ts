import type { Timestamp } from './time.js';

/**
 * The envelope every domain event of both deciders carries: its `type`, the `schemaVersion` of its
 * model, when it happened (`at`) and who did it (`actor`). Connection events add `connectionId`,
 * share events the share and its two teams.
 *
 * @since 0.2.0
 * @example
 * ```ts
 * function describe(e: DomainEventEnvelope<string, number, unknown>) { return `${e.type} v${e.schemaVersion} at ${e.at}`; }
 * ```
 */
export interface DomainEventEnvelope<Type extends string, Version extends number, Actor> {
  /** The event's name, e.g. `ConnectionRequested`. */
  readonly type: Type;
  /** The schema version of its model the event was written with (stored histories keep it). */
  readonly schemaVersion: Version;
  /** When it happened, in epoch milliseconds. */
  readonly at: Timestamp;
  /** Who did it: a user, or the system for an automatic step. */
  readonly actor: Actor;
}
