export * from './ids.js';
export {
  PLANS,
  PlanSchema,
  DEFAULT_PLAN_LIMITS,
  DEFAULT_SHARED_PROJECT_POLICY,
  SharedProjectPolicySchema,
  type Plan,
  type PlanLimits,
  type SharedProjectPolicy,
  type SharedProjectPolicyInput,
} from './plans.js';
export * from './machine.js';
export * from './events.js';
export * from './state.js';
export * from './commands.js';
export * from './context.js';
export * from './schemas.js';
export {
  decideSharedProjectCommand,
  executeSharedProjectCommand,
  previewSharedProjectCommand,
  evolveSharedProjectView,
  replaySharedProjectHistory,
  changedSharedProjectRecords,
  sharedProjectDecider,
  SHARED_PROJECT_RECORD_KINDS,
  type SharedProjectRecordKey,
} from './api.js';
export type * from './inputs.js';
export { teamUsage, auditSharedProjectUsage, type TeamUsage, type CountedShare, type UsageMismatch } from './usage.js';
export * from './features.js';
export * from './capabilities.js';
export * from './licensing.js';
export * from './libraries.js';
export * from './members.js';
