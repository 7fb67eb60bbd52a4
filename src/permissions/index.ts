export * from './catalog-types.js';
export * from './catalog-schemas.js';
export { BUILT_IN_CATALOG } from './catalog-build.js';
export { createCatalog, registerTool, registerPermission, findPermission, findTool, granularTools } from './catalog.js';
export type { CatalogError } from './catalog-build.js';
export {
  TEMPLATE_SCHEMA_VERSION,
  ItemTypeIdSchema,
  ToolSettingSchema,
  PermissionTemplateSchema,
  createTemplate,
  setAssignable,
  type ItemTypeId,
  type ToolSetting,
  type PermissionTemplate,
} from './template.js';
export { validateTemplate, loadTemplate, type TemplateReport } from './validate.js';
export { setToolLevel, enablePermission, disablePermission, enableAll, disableAll, allEnabled, type EditOptions, type EditError } from './edit.js';
export { serializeTemplate, parseTemplate } from './serialize.js';
export type { EvaluationContext } from './context.js';
export { EvaluationContextSchema } from './context-schema.js';
export type { DecisionReason, DecisionFix, DenialCause, PermissionDecision } from './decision.js';
export { explain } from './evaluate.js';
export { can } from './can.js';
export { listPermissions, type PermissionGrant, type ListOptions } from './list.js';
export { compileTemplate, checkCompiled, createPermissionHandle, compiledToolLevel, type CompiledTemplate, type PermissionHandle } from './compile.js';
export { toolLevelOf, explainToolLevel, type ToolLevelDecision } from './tool-level.js';
export { DirectoryDataSchema, type DirectoryData, type DirectoryProject, type ProjectMember } from './directory.js';
export { deriveAuthorizationFacts } from './authorization-facts.js';
export { checkAssignable, assignTemplate, type AssignError, type Assignment, type AssignmentKind } from './assign.js';
export {
  explainConnectedDataAccess,
  explainConnectedDataAccessFor,
  canViewConnectedData,
  type ConnectedItem,
  type ConnectedDataDecision,
  type ConnectedDataOptions,
} from './connected-data.js';
export type * from './inputs.js';
