import { z } from 'zod';
import { CompanyIdSchema, ProjectIdSchema, TemplateIdSchema, UserIdSchema, type CompanyId, type ProjectId, type TemplateId, type UserId } from '../../core/ids.js';
import type { Timestamp } from '../../core/time.js';
import { PermissionTemplateSchema } from '../../permissions/template.js';
import type { PermissionTemplate } from '../../permissions/template-data.js';
import type { IndexEntry } from '../../ports/storage.js';
import { keyPart } from '../../sync/hash.js';
import { recordReader, type RecordReader } from '../storedRecords.js';

/*
 * Internal: the records the service keeps for permissions (issue 13) — permission templates with their
 * version, and which template each user holds on each project.
 */

/**
 * A permission template as the service stores it: the template, the company that owns it, its version
 * (1 when created, +1 per edit) and whether it was deleted.
 *
 * @example
 * ```ts
 * const r = await service.permissionTemplate({ templateId: 'foreman' });
 * if (r.ok) console.log(r.value.template.version, r.value.template.template.tools);
 * ```
 * @since 0.2.0
 */
export interface StoredPermissionTemplate {
  /** The company that owns the template. */
  readonly companyId: CompanyId;
  /** The template itself. */
  readonly template: PermissionTemplate;
  /** 1 when created, +1 per edit. */
  readonly version: number;
  /** Whether the template was deleted. */
  readonly deleted: boolean;
  /** When it last changed, in epoch milliseconds. */
  readonly updatedAt: Timestamp;
}

/**
 * Which template a user holds on a project, as the service assigned it (P10).
 *
 * @example
 * ```ts
 * const a: StoredAssignment = { projectId: projectId('tower'), userId: userId('bo'), templateId: templateId('crew'), templateVersion: 2, assignedBy: userId('ana'), at: now };
 * ```
 * @since 0.2.0
 */
export interface StoredAssignment {
  /** The project the template is held on. */
  readonly projectId: ProjectId;
  /** The user who holds it. */
  readonly userId: UserId;
  /** The template assigned. */
  readonly templateId: TemplateId;
  /** The template's version when it was assigned (checks read the template as it is now). */
  readonly templateVersion: number;
  /** The user who assigned it. */
  readonly assignedBy: UserId;
  /** When it was assigned, in epoch milliseconds. */
  readonly at: Timestamp;
}

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const StoredTemplateSchema = z.object({
  companyId: CompanyIdSchema,
  template: PermissionTemplateSchema,
  version: count,
  deleted: z.boolean(),
  updatedAt: count,
});

const StoredAssignmentSchema = z.object({
  projectId: ProjectIdSchema,
  userId: UserIdSchema,
  templateId: TemplateIdSchema,
  templateVersion: count,
  assignedBy: UserIdSchema,
  at: count,
});

/**
 * Internal: permission template records (`perm_template:<template>`).
 * @internal
 */
export const TEMPLATES: RecordReader<StoredPermissionTemplate> = recordReader<StoredPermissionTemplate>('perm_template:', (r) => r.template.id, StoredTemplateSchema as z.ZodType<StoredPermissionTemplate>, null);

/** The id part of an assignment's key. */
export const assignmentId = (projectId: string, userId: string): string => `${keyPart(projectId)}/${keyPart(userId)}`;

/**
 * Internal: assignment records (`perm_assignment:<project>/<user>`).
 * @internal
 */
export const ASSIGNMENTS: RecordReader<StoredAssignment> = recordReader<StoredAssignment>('perm_assignment:', (r) => assignmentId(r.projectId, r.userId), StoredAssignmentSchema, null);

/** The secondary indexes of the permission records. */
export const PERMISSION_INDEXES = Object.freeze({
  /** term = company id: a company's templates. */
  templateByCompany: 'template_by_company',
  /** term = template id: who holds a template (a template in use is not deleted). */
  assignmentByTemplate: 'assignment_by_template',
  /** term = project id: a project's assignments. */
  assignmentByProject: 'assignment_by_project',
});

/**
 * Internal: the index entries of a stored template (none once deleted).
 * @internal
 */
export function templateEntries(t: StoredPermissionTemplate): IndexEntry[] {
  return t.deleted ? [] : [{ index: PERMISSION_INDEXES.templateByCompany, term: t.companyId, order: 0 }];
}

/**
 * Internal: the index entries of an assignment.
 * @internal
 */
export function assignmentEntries(a: StoredAssignment): IndexEntry[] {
  return [
    { index: PERMISSION_INDEXES.assignmentByTemplate, term: a.templateId, order: 0 },
    { index: PERMISSION_INDEXES.assignmentByProject, term: a.projectId, order: 0 },
  ];
}

/** The full storage key of a template. */
export const templateKey = (templateId: string) => TEMPLATES.prefix + templateId;
/** The full storage key of an assignment. */
export const assignmentKey = (projectId: string, userId: string) => ASSIGNMENTS.prefix + assignmentId(projectId, userId);
