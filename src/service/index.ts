export { createConnectionService, CONNECTION_SERVICE_METHODS, type ConnectionService, type SweepReport, type Answer } from './service.js';
export type { ConnectionServiceOptions, DeriveAuthorizationFacts, ServiceEventHook, ServiceEvent } from './ports.js';
export type { ConnectionSyncStatus, ItemCopy } from './sync/methods.js';
export type { UpstreamChangeOutcome } from './sync/modules.js';
export type { CopyState } from './sync/records.js';
export { MAX_UPSTREAM_BATCH } from './sync/inputs.js';
export type { PermissionTemplateRecord, PermissionAssignmentRecord } from './permissions/methods.js';
export type { PermissionCommandOutcome, PermissionEvent, TemplateEdit } from './permissions/module.js';
export type { StoredPermissionTemplate, StoredAssignment } from './permissions/records.js';
export type { ConnectionCommandOutcome } from './connectionModule.js';
export type { SharedProjectCommandOutcome, SharedProjectActorInput } from './sharedProjectModule.js';
export type { ConnectionStatus, InventoryEntry, PlanUsage, Page, CorruptedRecord } from './queries.js';
export { SERVICE_INDEXES } from './indexes.js';
export type * from './inputTypes.js';
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
  type StuckItem,
} from './dispatcher.js';
