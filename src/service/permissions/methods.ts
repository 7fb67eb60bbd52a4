import { z } from 'zod';
import { domainError, type DomainError } from '../../core/errors.js';
import { CompanyIdSchema, IdempotencyKeySchema, ProjectIdSchema, TemplateIdSchema, UserIdSchema, type ProjectId, type UserId } from '../../core/ids.js';
import { LevelSchema } from '../../core/level.js';
import { err, ok, type Result } from '../../core/result.js';
import { parseInputAt } from '../../core/validation.js';
import { ToolIdSchema } from '../../core/facts.js';
import { PermissionIdSchema } from '../../permissions/catalog-schemas.js';
import type { PermissionDecision } from '../../permissions/decision.js';
import { explain } from '../../permissions/evaluate.js';
import type { PermissionTemplate } from '../../permissions/template-data.js';
import { readDirectory, readTemplates } from '../directoryReads.js';
import { storedFor } from './reach.js';
import { EvaluationContextSchema } from '../../permissions/context-schema.js';
import type { EvaluationContextInput } from '../../permissions/inputs.js';
import { attemptCommand, runPipeline, scopedReceiptKey } from '../pipeline.js';
import type { ServiceDeps } from '../ports.js';
import { loadRecords, readStream } from '../storageReads.js';
import { PermissionEventSchema, TemplateEditSchema, TemplateNameSchema } from './schemas.js';
import { PERMISSION_MODULE, type PermissionCommand, type PermissionCommandOutcome, type PermissionEvent, type TemplateEdit } from './module.js';
import { ASSIGNMENTS, assignmentKey, TEMPLATES, templateKey, type StoredAssignment, type StoredPermissionTemplate } from './records.js';

const keyed = { actorId: UserIdSchema, idempotencyKey: IdempotencyKeySchema.optional() };

const version = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Internal: the input schemas of the permission methods. */
const Schemas = {
  create: z.strictObject({
    ...keyed,
    companyId: CompanyIdSchema,
    templateId: TemplateIdSchema,
    name: TemplateNameSchema.optional(),
    assignable: z.array(TemplateIdSchema).max(1000).optional(),
    tools: z.record(ToolIdSchema, LevelSchema).optional(),
  }),
  edit: z.strictObject({ ...keyed, templateId: TemplateIdSchema, edits: z.array(TemplateEditSchema).min(1).max(500), expectedVersion: version.optional() }),
  delete: z.strictObject({ ...keyed, templateId: TemplateIdSchema, expectedVersion: version.optional() }),
  assign: z.strictObject({ ...keyed, projectId: ProjectIdSchema, userId: UserIdSchema, templateId: TemplateIdSchema }),
  template: z.strictObject({ templateId: TemplateIdSchema }),
  member: z.strictObject({ projectId: ProjectIdSchema, userId: UserIdSchema }),
  check: z.strictObject({ projectId: ProjectIdSchema, userId: UserIdSchema, permission: PermissionIdSchema, context: EvaluationContextSchema.optional() }),
};

/**
 * A stored template and its history (`permissionTemplate`).
 *
 * @example
 * ```ts
 * const r = await service.permissionTemplate({ templateId: 'foreman' });
 * if (r.ok) console.log(r.value.template.version, r.value.events.map((e) => e.type));
 * ```
 * @since 0.2.0
 */
export interface PermissionTemplateRecord {
  /** The stored template, with its version. */
  readonly template: StoredPermissionTemplate;
  /** Its history, oldest first. */
  readonly events: readonly PermissionEvent[];
}

/**
 * The template a user holds on a project, where it comes from, and the assignment's history
 * (`permissionAssignment`).
 *
 * @example
 * ```ts
 * const r = await service.permissionAssignment({ projectId: 'tower', userId: 'bo' });
 * if (r.ok) console.log(r.value.templateId, r.value.source); // 'crew', 'service'
 * ```
 * @since 0.2.0
 */
export interface PermissionAssignmentRecord {
  /** The project. */
  readonly projectId: ProjectId;
  /** The user. */
  readonly userId: UserId;
  /** The template the user holds there. */
  readonly templateId: string;
  /** `service`: assigned through `assignPermissionTemplate`; `directory`: as the directory lists the member. */
  readonly source: 'service' | 'directory';
  /** The service's assignment, or null when the template comes from the directory. */
  readonly assignment: StoredAssignment | null;
  /** The assignment's history, oldest first. */
  readonly events: readonly PermissionEvent[];
}

/** The history of a template or an assignment, as stored (a history that does not read back is `DATA_CORRUPTED`). */
function history(deps: ServiceDeps, key: string): Promise<Result<readonly PermissionEvent[], DomainError<'DATA_CORRUPTED'>>> {
  return readStream<PermissionEvent>(deps.storage, key, PermissionEventSchema);
}

/** The template a member holds: the service's assignment, else the directory's membership. */
async function memberTemplate(deps: ServiceDeps, projectId: ProjectId, userId: UserId): Promise<Result<{ template: PermissionTemplate; assignment: StoredAssignment | null }, DomainError>> {
  const key = assignmentKey(projectId, userId);
  const [record] = await loadRecords(deps.storage, [key]);
  let templateId: string | undefined;
  let assignment: StoredAssignment | null = null;
  if (record !== undefined && record.data !== null && record.data !== undefined) {
    const a = ASSIGNMENTS.read(key, record.data);
    if (!a.ok) return a;
    assignment = a.value;
    templateId = a.value.templateId;
  }
  const slice = await readDirectory(deps, null, [projectId], null);
  if (!slice.ok) return slice;
  const project = slice.value.projects.get(projectId);
  if (project === undefined) return err(domainError('NOT_FOUND', { entity: 'project', id: projectId }));
  if (templateId === undefined) templateId = project.members.find((m) => m.userId === userId)?.templateId;
  if (templateId === undefined) return err(domainError('NOT_FOUND', { entity: 'project member', id: `${projectId}/${userId}` }, `User "${userId}" is not on the directory of project "${projectId}".`));
  const tKey = templateKey(templateId);
  const [stored] = await loadRecords(deps.storage, [tKey]);
  if (stored !== undefined && stored.data !== null && stored.data !== undefined) {
    const t = TEMPLATES.read(tKey, stored.data);
    if (!t.ok) return t;
    // The project's company's stored template replaces the directory's, and a deleted one hides it;
    // another company's template of the same id does not apply here.
    const own = storedFor(t.value, project.companyId);
    if (own === null) return err(domainError('NOT_FOUND', { entity: 'template', id: templateId }, `Template "${templateId}" was deleted: assign user "${userId}" another template on project "${projectId}".`));
    if (own !== undefined) return ok({ template: own, assignment });
  }
  // The slice holds the templates the directory's members hold; one assigned through the service may be another.
  let fromDirectory = slice.value.templates.get(templateId);
  if (fromDirectory === undefined) {
    const more = await readTemplates(deps, [templateId]);
    if (!more.ok) return more;
    fromDirectory = more.value.get(templateId);
  }
  if (fromDirectory === undefined) return err(domainError('NOT_FOUND', { entity: 'template', id: templateId }));
  return ok({ template: fromDirectory, assignment });
}

/**
 * Internal: the permission methods of the service (issue 13).
 * @internal
 */
export function permissionMethods(deps: ServiceDeps) {
  const run = <S extends z.ZodType>(schema: S, input: unknown, toCommand: (v: z.output<S>) => PermissionCommand): Promise<Result<PermissionCommandOutcome, DomainError>> => {
    const p = parseInputAt(schema, input, ['input']);
    if (!p.ok) return Promise.resolve(p);
    const { actorId, idempotencyKey, ...rest } = p.value as { actorId: UserId; idempotencyKey?: string } & Record<string, unknown>;
    const command = { ...toCommand(p.value), actorId };
    return runPipeline(deps, {
      key: idempotencyKey === undefined ? null : scopedReceiptKey(actorId, idempotencyKey),
      identity: { method: command.type, actorId, rest },
      attempt: () => attemptCommand(deps, PERMISSION_MODULE, actorId, command),
    });
  };
  return {
    createPermissionTemplate: (input: unknown) =>
      run(Schemas.create, input, (v) => ({
        type: 'create_template',
        companyId: v.companyId,
        templateId: v.templateId,
        ...(v.name === undefined ? {} : { name: v.name }),
        ...(v.assignable === undefined ? {} : { assignable: v.assignable }),
        ...(v.tools === undefined ? {} : { tools: v.tools }),
      })),
    editPermissionTemplate: (input: unknown) =>
      run(Schemas.edit, input, (v) => ({ type: 'edit_template', templateId: v.templateId, edits: v.edits as readonly TemplateEdit[], ...(v.expectedVersion === undefined ? {} : { expectedVersion: v.expectedVersion }) })),
    deletePermissionTemplate: (input: unknown) => run(Schemas.delete, input, (v) => ({ type: 'delete_template', templateId: v.templateId, ...(v.expectedVersion === undefined ? {} : { expectedVersion: v.expectedVersion }) })),
    assignPermissionTemplate: (input: unknown) => run(Schemas.assign, input, (v) => ({ type: 'assign_template', projectId: v.projectId, userId: v.userId, templateId: v.templateId })),

    async permissionTemplate(input: unknown): Promise<Result<PermissionTemplateRecord, DomainError>> {
      const p = parseInputAt(Schemas.template, input, ['input']);
      if (!p.ok) return p;
      const key = templateKey(p.value.templateId);
      const [[record], events] = await Promise.all([loadRecords(deps.storage, [key]), history(deps, key)]);
      if (record === undefined || record.data === null || record.data === undefined) return err(domainError('NOT_FOUND', { entity: 'template', id: p.value.templateId }));
      const t = TEMPLATES.read(key, record.data);
      if (!t.ok) return t;
      return events.ok ? ok({ template: t.value, events: events.value }) : events;
    },

    async permissionAssignment(input: unknown): Promise<Result<PermissionAssignmentRecord, DomainError>> {
      const p = parseInputAt(Schemas.member, input, ['input']);
      if (!p.ok) return p;
      const { projectId, userId } = p.value as { projectId: ProjectId; userId: UserId };
      const member = await memberTemplate(deps, projectId, userId);
      if (!member.ok) return member;
      const events = await history(deps, assignmentKey(projectId, userId));
      if (!events.ok) return events;
      return ok({ projectId, userId, templateId: member.value.template.id, source: member.value.assignment === null ? 'directory' : 'service', assignment: member.value.assignment, events: events.value });
    },

    async checkPermission(input: unknown): Promise<Result<PermissionDecision, DomainError>> {
      const p = parseInputAt(Schemas.check, input, ['input']);
      if (!p.ok) return p;
      const member = await memberTemplate(deps, p.value.projectId as ProjectId, p.value.userId as UserId);
      if (!member.ok) return member;
      // Parsed here for the paths of its issues (`input.context…`); `explain` takes what the schema accepts.
      return explain(member.value.template, p.value.permission, p.value.context as EvaluationContextInput | undefined);
    },
  };
}
