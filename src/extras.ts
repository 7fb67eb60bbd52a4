/**
 * `project-connections/extras`: the helpers the core check path does not need, kept apart (as CASL
 * keeps its extras) so an import of the core entry stays small — editing permission templates
 * (`createTemplate`, `setToolLevel`, `enablePermission`, `disablePermission`, `enableAll`,
 * `disableAll`, `allEnabled`, `setAssignable`), serialising them (`serializeTemplate`,
 * `parseTemplate`) and explaining who can see connected data (`explainConnectedDataAccess`,
 * `explainConnectedDataAccessFor`, `canViewConnectedData`). Added in 0.2.0: before, the root entry
 * exported these names.
 *
 * @packageDocumentation
 */
export { createTemplate, setAssignable } from './permissions/template.js';
export type { CreateTemplateInput } from './permissions/inputs.js';
export { allEnabled, disableAll, disablePermission, enableAll, enablePermission, setToolLevel, type EditError, type EditOptions } from './permissions/edit.js';
export { parseTemplate, serializeTemplate } from './permissions/serialize.js';
export {
  canViewConnectedData,
  explainConnectedDataAccess,
  explainConnectedDataAccessFor,
  type ConnectedDataDecision,
  type ConnectedDataOptions,
  type ConnectedItem,
} from './permissions/connected-data.js';
