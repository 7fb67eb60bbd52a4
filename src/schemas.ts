/**
 * `project-connections/schemas`: the zod schemas of the library's inputs, records and events, for
 * callers who validate data of their own with the same rules (an API layer checking a request body
 * before it reaches the service, a job reading stored events back). The functions of the other entry
 * points validate their inputs themselves: a caller of the service or of the pure API never needs
 * these. Added in 0.2.0: before, the root entry exported these names.
 *
 * @example
 * ```ts
 * import { ConnectionCommandSchema } from 'project-connections/schemas';
 * const parsed = ConnectionCommandSchema.safeParse(body); // a zod result
 * ```
 *
 * @packageDocumentation
 */
export {
  AuthorizationFactsSchema,
  CompanyIdSchema,
  ConnectionIdSchema,
  IdempotencyKeySchema,
  LevelSchema,
  ProjectFactsSchema,
  ProjectIdSchema,
  SharedProjectIdSchema,
  TeamIdSchema,
  TemplateIdSchema,
  ToolIdSchema,
  UserIdSchema,
} from './core/index.js';
export {
  ConnectionCommandSchema,
  ConnectionContextSchema,
  ConnectionEventSchema,
  ConnectionPolicySchema,
  ConnectionSchema,
  ConnectionViewSchema,
  DataTypeIdSchema,
  ProjectLedgerSchema,
} from './connection/index.js';
export {
  InMemoryDirectoryDataSchema,
} from './adapters/memory/index.js';
export {
  BusinessDomainSchema,
  LibraryAccessQuerySchema,
  LibraryIdSchema,
  LicensingQuerySchema,
  MemberInvitationQuerySchema,
  PlanSchema,
  SharedProjectCommandSchema,
  SharedProjectContextSchema,
  SharedProjectEventSchema,
  SharedProjectPolicySchema,
  SharedProjectSchema,
  SharedProjectViewSchema,
  ShareIdSchema,
  ShareSchema,
  ShareSideSchema,
  TeamActorFactsSchema,
  TeamSchema,
  TeamUsageRecordSchema,
} from './shared-project/index.js';
export {
  DownstreamCopySchema,
  DownstreamStoreSchema,
  ItemIdSchema,
  SharedDataTypeSchema,
  SourceItemSchema,
  SyncConnectionSchema,
  SyncNoticeSchema,
  SyncOperationSchema,
  SyncRegistrySchema,
  UpstreamChangeSchema,
} from './sync/index.js';
export {
  CompanyAdminsSchema,
  ConnectionPartiesSchema,
  DirectoryFactsSchema,
  DirectoryMemberSchema,
  NotificationSettingsSchema,
  ProjectDirectorySchema,
  ProjectNotificationSettingsSchema,
  RecipientListSettingsSchema,
} from './notifications/index.js';
export {
  DirectoryDataSchema,
  EvaluationContextSchema,
  ItemTypeIdSchema,
  PermissionIdSchema,
  PermissionInputSchema,
  PermissionNameSchema,
  PermissionTemplateSchema,
  ToolActionInputSchema,
  ToolInputSchema,
  ToolSettingSchema,
} from './permissions/index.js';
export {
  DispatchPolicySchema,
  ServicePolicySchema,
} from './service/index.js';
