export * from './machine.js';
export * from './events.js';
export {
  emptyConnectionView,
  emptyLedger,
  findConnection,
  fixedRole,
  ledgerOf,
  type Connection,
  type ConnectionView,
  type ProjectLedger,
} from './state.js';
export * from './commands.js';
export {
  DEFAULT_CONNECTION_POLICY,
  prepareConnectionPolicy,
  ConnectionContextSchema,
  ConnectionPolicySchema,
  type ConnectionContext,
  type ConnectionPolicy,
} from './policy.js';
export * from './schemas.js';
export * from './api.js';
export type * from './inputs.js';
export { CONNECTION_MANAGER_TOOL } from './authorization.js';
