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
  readonly type: Type;
  readonly schemaVersion: Version;
  readonly at: Timestamp;
  readonly actor: Actor;
}
