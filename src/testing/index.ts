/**
 * `project-connections/testing`: helpers for your own test suites — given/when/then specifications,
 * fast-check arbitraries and model-based command sets, invariant checks, fault-injecting port
 * wrappers and the storage adapter contract suite. Needs the optional peer `fast-check`
 * (`npm install --save-dev fast-check`): without it, importing this entry (ESM or CommonJS) throws an
 * error with code `ERR_MISSING_PEER_DEPENDENCY` that says so, instead of a raw module-not-found error.
 *
 * @packageDocumentation
 */
export { deciderSpecification, type ThenClause, type WhenClause } from './deciderSpecification.js';
export { connectionInvariantViolations, type InvariantViolation } from './connectionInvariants.js';
export {
  connectionModelCommands,
  DEFAULT_CONNECTION_WORLD,
  initialConnectionModel,
  initialConnectionReal,
  type ConnectionModel,
  type ConnectionReal,
  type ConnectionWorld,
} from './connectionModel.js';
export type { ModelConnection, ModelConnectionState } from './connectionOracle.js';
export { createServiceModelSystem, serviceModelCommands, type ServiceModel, type ServiceModelReal } from './serviceModel.js';
export { levelTemplate, serviceWorldData, serviceWorldDirectory, type ServiceWorldApproval, type ServiceWorldTeam } from './serviceWorld.js';
export { storedConnectionView, storedSharedProjectView } from './storedViews.js';
export {
  faultInjector,
  failWindow,
  faultyDirectory,
  faultyNotificationTransport,
  faultyStorage,
  faultySyncTransport,
  faultyUpstreamItems,
  isInjectedFault,
  type FaultCall,
  type FaultInjector,
  type FaultKind,
  type InjectedFault,
} from './faults.js';
export {
  storageContract,
  storageContractCases,
  type StorageContractCase,
  type StorageContractCaseOptions,
  type StorageContractRunner,
} from './storageContract.js';
export * from '../permissions/arbitraries.js';
export * from '../shared-project/arbitraries.js';
export * from '../sync/arbitraries.js';
export * from '../notifications/arbitraries.js';
