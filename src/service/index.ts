export { createConnectionService, CONNECTION_SERVICE_METHODS, type ConnectionService, type SweepReport } from './service.js';
export type { ConnectionServiceOptions, DeriveAuthorizationFacts } from './ports.js';
export type { ConnectionCommandOutcome } from './connectionCommand.js';
export type { SharedProjectCommandOutcome, SharedProjectActorInput } from './sharedProjectCommand.js';
export type { ConnectionStatus, InventoryEntry, PlanUsage } from './queries.js';
export {
  DEFAULT_SERVICE_POLICY,
  ServicePolicySchema,
  DispatchPolicySchema,
  backoffDelay,
  type ServicePolicy,
  type ServicePolicyInput,
  type DispatchPolicy,
} from './options.js';
export {
  createOutboxDispatcher,
  defaultSleep,
  type OutboxDispatcher,
  type OutboxDispatcherOptions,
  type DispatchReport,
  type DispatchFailure,
} from './dispatcher.js';
