export * from './result.js';
export * from './errors.js';
export * from './ids.js';
export * from './level.js';
export * from './time.js';
export { parseInput, parseInputAt } from './validation.js';
export type { Decider, Decision, Preview, Warning } from './decider.js';
export { toMermaid, type MachineDefinition, type TransitionDefinition } from './machine.js';
export { checkIdempotency, fingerprint, receiptFor, type IdempotencyReceipt } from './idempotency.js';
export {
  AuthorizationFactsSchema,
  prepareAuthorizationFacts,
  ProjectFactsSchema,
  ToolIdSchema,
  type AuthorizationFacts,
  type AuthorizationFactsInput,
  type ProjectFacts,
  type ToolId,
} from './facts.js';
export type { DomainEventEnvelope } from './event.js';
export type { PlainIds } from './input.js';
