import { z } from 'zod';
import { domainError, type DomainError } from '../core/errors.js';
import { ProjectIdSchema, TemplateIdSchema, UserIdSchema } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { resolveCatalog } from './catalog.js';
import type { PermissionCatalog, PermissionId } from './catalog-types.js';
import { DirectoryDataSchema, freezeDirectory, templateById, type DirectoryData } from './directory.js';
import { staticDecision } from './decide.js';
import { readTemplate, type PermissionTemplate } from './template.js';
import { grantsWithin } from './template-order.js';
import type { DirectoryDataInput, PermissionTemplateInput } from './inputs.js';

/**
 * Which kind of assignment is checked (P10): giving a template to someone new on the project, or
 * changing the template of someone already on it.
 *
 * @remarks
 * Adding needs `directory.create_edit_users` or `directory.add_from_company_directory`; changing needs
 * `directory.create_edit_users` or `directory.manage_permission_templates` (the product says adding from
 * the company directory does not let one change another user's template afterwards). Admin on
 * Directory implies all three.
 *
 * @example
 * ```ts
 * const how: AssignmentKind = 'change';
 * ```
 * @since 0.1.0
 */
export type AssignmentKind = 'add' | 'change';

const VIA: Readonly<Record<AssignmentKind, readonly PermissionId[]>> = Object.freeze({
  add: Object.freeze(['directory.create_edit_users', 'directory.add_from_company_directory']),
  change: Object.freeze(['directory.create_edit_users', 'directory.manage_permission_templates']),
});

/**
 * The errors of assigning a template (P10): malformed input, an assigner who may not assign it (or would
 * reach a wider template through it), an unknown template, tool or permission.
 *
 * @example
 * ```ts
 * const r = assignTemplate(directory, { assignerId: 'gina', userId: 'sam', projectId: 'tower', templateId: 'crew' });
 * if (!r.ok) { const e: AssignError = r.error; console.log(e.code); }
 * ```
 * @since 0.2.0
 */
export type AssignError = DomainError<'INVALID_INPUT' | 'NOT_AUTHORIZED' | 'NOT_ASSIGNABLE' | 'NOT_FOUND' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>;

function checkWith(catalog: PermissionCatalog, assigner: PermissionTemplate, target: string, kind: AssignmentKind): Result<true, AssignError> {
  const granting = VIA[kind].filter((id) => {
    const d = staticDecision(catalog, assigner, id, null);
    return d.allowed && d.conditions.length === 0;
  });
  if (granting.length === 0) {
    return err(
      domainError('NOT_AUTHORIZED', {
        failed: [
          {
            condition: 'assign_templates',
            tool: 'directory',
            message: `template "${assigner.id}" needs ${VIA[kind].join(' or ')} to ${kind === 'add' ? 'add people with' : 'change'} a template`,
          },
        ],
      }),
    );
  }
  if (!assigner.assignable.includes(target as PermissionTemplate['id'])) {
    return err(domainError('NOT_ASSIGNABLE', { templateId: target, assignable: assigner.assignable, reason: 'not_listed' }));
  }
  return ok(true);
}

/**
 * The templates reachable from `start` by following assignable lists, `start`'s own list first (ids
 * listed but missing from the data count too: they could be added later). Sorted.
 */
function reachable(data: DirectoryData, start: PermissionTemplate): string[] {
  const seen = new Set<string>();
  const queue: string[] = [...start.assignable];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of templateById(data, id)?.assignable ?? []) if (!seen.has(next)) queue.push(next);
  }
  return [...seen].sort();
}

/**
 * P10 beyond the assigner's list: what `target` lets its holders assign, transitively, must be in the
 * assigner's list too (no chains), so nobody reaches through someone else a template they could not
 * assign directly.
 */
function checkReach(data: DirectoryData, assigner: PermissionTemplate, target: PermissionTemplate, userId: string): Result<true, AssignError> {
  const unlisted = reachable(data, target).filter((id) => !assigner.assignable.includes(id as PermissionTemplate['id']));
  if (unlisted.length === 0) return ok(true);
  return err(
    domainError(
      'NOT_ASSIGNABLE',
      { templateId: target.id, assignable: assigner.assignable, userId, reason: 'reaches_unlisted', unlisted },
      `Template "${target.id}" lets its holders assign ${unlisted.map((u) => `"${u}"`).join(', ')}, which template "${assigner.id}" cannot assign (P10: no chains).`,
    ),
  );
}

/**
 * Whether holders of `assigner` may assign template `templateId` (P10): they need one of the directory
 * permissions of the {@link AssignmentKind} (`NOT_AUTHORIZED` otherwise) and the template must be in
 * their template's `assignable` list (`NOT_ASSIGNABLE` otherwise) — even for Directory admins, so no
 * one grants more than their template allows.
 *
 * @remarks
 * Without the directory's templates this cannot see chains: {@link assignTemplate} also refuses a
 * template whose holders could pass on one outside the list, changes of members whose template the
 * assigner could not give, and self-assignments of wider templates.
 *
 * @example
 * ```ts
 * // foreman may edit the directory (directory.create_edit_users; else NOT_AUTHORIZED):
 * checkAssignable(foreman, 'owner'); // err NOT_ASSIGNABLE unless 'owner' is in foreman.assignable
 * ```
 * @since 0.1.0
 */
export function checkAssignable(
  assigner: PermissionTemplateInput,
  templateId: string,
  kind: AssignmentKind = 'change',
  catalog?: PermissionCatalog,
): Result<true, AssignError> {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return cat;
  const t = readTemplate(assigner);
  if (!t.ok) return t;
  const id = parseInput(TemplateIdSchema, templateId);
  if (!id.ok) return id;
  const k = parseInput(z.enum(['add', 'change']), kind);
  if (!k.ok) return k;
  return checkWith(cat.value, t.value, id.value, k.value);
}

/**
 * One assignment request: in `projectId`, `assignerId` gives `userId` the template `templateId`.
 *
 * @example
 * ```ts
 * const a: Assignment = { projectId: projectId('tower'), assignerId: userId('ana'), userId: userId('bo'), templateId: templateId('crew') };
 * ```
 * @since 0.1.0
 */
export interface Assignment {
  /** The project the template is held on. */
  readonly projectId: string;
  /** The user who assigns; their own template decides what they may assign (P10). */
  readonly assignerId: string;
  /** The user who receives the template. */
  readonly userId: string;
  /** The template to assign. */
  readonly templateId: string;
}

const AssignmentSchema = z.strictObject({
  projectId: ProjectIdSchema,
  assignerId: UserIdSchema,
  userId: UserIdSchema,
  templateId: TemplateIdSchema,
});

/**
 * Applies an assignment to directory data (P10): the assigner must be on the project's directory and
 * hold a template that lets them assign the target template; the user is added to the directory
 * (kind `add`) or has their template changed (kind `change`). Returns the new, frozen data.
 *
 * @remarks
 * `NOT_FOUND` for an unknown project or template, `NOT_AUTHORIZED` when the assigner is not on the
 * directory or lacks the directory permission. `NOT_ASSIGNABLE` (with `details.reason`) when the
 * template is not in their template's assignable list (`not_listed`); when a template its holders may
 * assign, directly or through a chain of assignable lists, is not in that list (`reaches_unlisted`,
 * with `unlisted`); when the member's current template is one the assigner could not assign
 * (`current_not_assignable`); when someone assigns themselves a template wider than their own
 * (`wider_than_own`). So no sequence of assignments gives anyone a template that a starting member
 * could not have given them directly (property-tested; docs/permissions.md, P10).
 *
 * @example
 * ```ts
 * const r = assignTemplate(directory, { projectId: 'tower', assignerId: 'ana', userId: 'bo', templateId: 'crew' });
 * if (r.ok) directory = r.value;
 * ```
 * @since 0.1.0
 */
export function assignTemplate(directory: DirectoryDataInput, assignment: Assignment, catalog?: PermissionCatalog): Result<DirectoryData, AssignError> {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return cat;
  const data = parseInput(DirectoryDataSchema, directory);
  if (!data.ok) return data;
  const a = parseInput(AssignmentSchema, assignment);
  if (!a.ok) return a;
  const d = data.value as DirectoryData;
  const { projectId, assignerId, userId, templateId } = a.value;
  const project = d.projects.find((p) => p.projectId === projectId);
  if (project === undefined) return err(domainError('NOT_FOUND', { entity: 'project', id: projectId }));
  const assigner = project.members.find((m) => m.userId === assignerId);
  if (assigner === undefined) {
    return err(
      domainError('NOT_AUTHORIZED', {
        userId: assignerId,
        failed: [{ condition: 'on_project_directory', projectId, message: `"${assignerId}" is not on the directory of project "${projectId}"` }],
      }),
    );
  }
  const assignerTemplate = templateById(d, assigner.templateId);
  if (assignerTemplate === undefined) return err(domainError('NOT_FOUND', { entity: 'template', id: assigner.templateId }));
  const target = templateById(d, templateId);
  if (target === undefined) return err(domainError('NOT_FOUND', { entity: 'template', id: templateId }));
  const member = project.members.find((m) => m.userId === userId);
  const existing = member !== undefined;
  const checked = checkWith(cat.value, assignerTemplate, templateId, existing ? 'change' : 'add');
  if (!checked.ok) {
    const e = checked.error;
    if (e.code === 'NOT_ASSIGNABLE') return err(domainError('NOT_ASSIGNABLE', { ...e.details, userId }));
    if (e.code === 'NOT_AUTHORIZED') return err(domainError('NOT_AUTHORIZED', { ...e.details, userId: assignerId }));
    return checked;
  }
  const reach = checkReach(d, assignerTemplate, target, userId);
  if (!reach.ok) return reach;
  if (member !== undefined && userId !== assignerId) {
    // Changing someone else: their current template must be one the assigner could assign.
    const current = templateById(d, member.templateId);
    if (current === undefined) return err(domainError('NOT_FOUND', { entity: 'template', id: member.templateId }));
    const mayHaveGiven = checkWith(cat.value, assignerTemplate, current.id, 'change');
    const currentReach = mayHaveGiven.ok ? checkReach(d, assignerTemplate, current, userId) : mayHaveGiven;
    if (!currentReach.ok) {
      return err(
        domainError(
          'NOT_ASSIGNABLE',
          { templateId, assignable: assignerTemplate.assignable, userId, reason: 'current_not_assignable', currentTemplateId: current.id },
          `"${userId}" holds template "${current.id}", which template "${assignerTemplate.id}" cannot assign, so it cannot change it (P10).`,
        ),
      );
    }
  }
  if (userId === assignerId && !grantsWithin(cat.value, target, assignerTemplate)) {
    return err(
      domainError(
        'NOT_ASSIGNABLE',
        { templateId, assignable: assignerTemplate.assignable, userId, reason: 'wider_than_own', currentTemplateId: assignerTemplate.id },
        `Template "${templateId}" grants more than "${assignerTemplate.id}": nobody assigns themselves a wider template (P10).`,
      ),
    );
  }
  const members = existing
    ? project.members.map((m) => (m.userId === userId ? { userId: m.userId, templateId } : m))
    : [...project.members, { userId, templateId }];
  return ok(freezeDirectory({ ...d, projects: d.projects.map((p) => (p.projectId === projectId ? { ...p, members } : p)) }));
}
