import type { CompanyId, ProjectId, TemplateId, UserId } from '../../core/ids.js';
import type { DomainEventEnvelope } from '../../core/event.js';
import { domainError, type DomainError } from '../../core/errors.js';
import type { Level } from '../../core/level.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Warning } from '../../core/decider.js';
import { assignTemplate } from '../../permissions/assign.js';
import { validateTemplate } from '../../permissions/validate.js';
import type { DirectoryData } from '../../permissions/directory.js';
import { disableAll, disablePermission, enableAll, enablePermission, setToolLevel } from '../../permissions/edit.js';
import { createTemplate, setAssignable } from '../../permissions/template.js';
import type { PermissionTemplate } from '../../permissions/template-data.js';
import { serializeTemplate } from '../../permissions/serialize.js';
import { readDirectory, readTemplates, type DirectorySlice } from '../directoryReads.js';
import type { DirectoryProjectEntry } from '../../ports/directory.js';
import { loadClosure, type Loaded } from '../loaded.js';
import type { CommandModule, CommitParts } from '../pipeline.js';
import type { ServiceDeps } from '../ports.js';
import { queryIndex } from '../storageReads.js';
import {
  ASSIGNMENTS,
  PERMISSION_INDEXES,
  assignmentEntries,
  assignmentKey,
  TEMPLATES,
  templateEntries,
  templateKey,
  type StoredAssignment,
  type StoredPermissionTemplate,
} from './records.js';
import { reachTemplates } from './reach.js';

/**
 * One edit of a stored template (P2–P7), as `editPermissionTemplate` takes it.
 *
 * @example
 * ```ts
 * const edits: TemplateEdit[] = [
 *   { kind: 'set_level', tool: 'rfis', level: 'standard' },
 *   { kind: 'enable', permission: 'rfis.act_as_rfi_manager' },
 *   { kind: 'set_assignable', assignable: ['crew'] },
 * ];
 * ```
 * @since 0.2.0
 */
export type TemplateEdit =
  | { readonly kind: 'set_level'; readonly tool: string; readonly level: Level; readonly itemType?: string }
  | { readonly kind: 'enable' | 'disable'; readonly permission: string; readonly itemType?: string }
  | { readonly kind: 'enable_all' | 'disable_all'; readonly tool: string; readonly itemType?: string }
  | { readonly kind: 'set_assignable'; readonly assignable: readonly string[] }
  | { readonly kind: 'rename'; readonly name: string };

/**
 * Internal: the permission commands of the service.
 * @internal
 */
export type PermissionCommand =
  | { readonly type: 'create_template'; readonly companyId: CompanyId; readonly templateId: TemplateId; readonly name?: string; readonly assignable?: readonly string[]; readonly tools?: Readonly<Record<string, Level>> }
  | { readonly type: 'edit_template'; readonly templateId: TemplateId; readonly edits: readonly TemplateEdit[]; readonly expectedVersion?: number }
  | { readonly type: 'delete_template'; readonly templateId: TemplateId; readonly expectedVersion?: number }
  | { readonly type: 'assign_template'; readonly projectId: ProjectId; readonly userId: UserId; readonly templateId: TemplateId };

const VERSION = 1 as const;

/**
 * An event of the permission store: a template created, edited (each edit, with the template after it),
 * deleted, or assigned to a user on a project. Stored in the history of the template or of the
 * assignment (`permissionTemplate`, `permissionAssignment`).
 *
 * @example
 * ```ts
 * if (event.type === 'TemplateAssigned') console.log(`${event.userId} now holds ${event.templateId} on ${event.projectId}`);
 * ```
 * @since 0.2.0
 */
export type PermissionEvent =
  | (DomainEventEnvelope<'TemplateCreated', 1, { readonly kind: 'user'; readonly userId: UserId }> & { readonly templateId: TemplateId; readonly companyId: CompanyId; readonly version: number; readonly template: PermissionTemplate })
  | (DomainEventEnvelope<'TemplateEdited', 1, { readonly kind: 'user'; readonly userId: UserId }> & { readonly templateId: TemplateId; readonly version: number; readonly edits: readonly TemplateEdit[]; readonly template: PermissionTemplate })
  | (DomainEventEnvelope<'TemplateDeleted', 1, { readonly kind: 'user'; readonly userId: UserId }> & { readonly templateId: TemplateId; readonly version: number })
  | (DomainEventEnvelope<'TemplateAssigned', 1, { readonly kind: 'user'; readonly userId: UserId }> & { readonly projectId: ProjectId; readonly userId: UserId; readonly templateId: TemplateId; readonly templateVersion: number; readonly previousTemplateId: TemplateId | null });

/**
 * What a permission command answers: the template or the assignment as stored after it, and its events.
 *
 * @example
 * ```ts
 * const r = await service.editPermissionTemplate({ actorId: 'ana', templateId: 'foreman', edits: [{ kind: 'set_level', tool: 'drawings', level: 'admin' }] });
 * if (r.ok) console.log(r.value.template?.version);
 * ```
 * @since 0.2.0
 */
export interface PermissionCommandOutcome {
  /** The template the command concerns, as stored after it (after a delete: marked `deleted`). */
  readonly template: StoredPermissionTemplate | null;
  /** The assignment as stored after an assign command (null for template commands). */
  readonly assignment: StoredAssignment | null;
  /** The events the command recorded. */
  readonly events: readonly PermissionEvent[];
  /**
   * What the stored template holds that is valid but not in effect, as `validateTemplate` warns (the P6
   * overlap: with `daily_log.collaborator_entry_only` on, `standard_edit_delete_own_entries` is not);
   * empty after a delete or an assignment.
   */
  readonly warnings: readonly Warning[];
}

interface PermissionView {
  readonly templates: ReadonlyMap<string, StoredPermissionTemplate>;
  readonly assignments: ReadonlyMap<string, StoredAssignment>;
  /** The template ids whose record this attempt read (stored or not). */
  readonly readTemplates: ReadonlySet<string>;
}

interface PermissionFacts {
  readonly slice: DirectorySlice;
  /** For an assignment: every template P10 reaches from the ids it starts from, as the project reads them. */
  readonly reach: readonly PermissionTemplate[];
}

function readView(loaded: Loaded): Result<PermissionView, DomainError> {
  const templates = new Map<string, StoredPermissionTemplate>();
  const assignments = new Map<string, StoredAssignment>();
  const readTemplates = new Set<string>();
  for (const r of loaded.records.values()) {
    if (r.key.startsWith(TEMPLATES.prefix)) readTemplates.add(r.key.slice(TEMPLATES.prefix.length));
    if (r.data === null || r.data === undefined) continue;
    if (r.key.startsWith(TEMPLATES.prefix)) {
      const t = TEMPLATES.read(r.key, r.data);
      if (!t.ok) return t;
      templates.set(t.value.template.id, t.value);
    } else if (r.key.startsWith(ASSIGNMENTS.prefix)) {
      const a = ASSIGNMENTS.read(r.key, r.data);
      if (!a.ok) return a;
      assignments.set(r.key, a.value);
    }
  }
  return ok({ templates, assignments, readTemplates });
}

/** The records every command reads first: its template; for an assignment, the two members' assignments too. */
function keys(command: PermissionCommand, who: UserId): string[] {
  if (command.type !== 'assign_template') return [templateKey(command.templateId)];
  return [assignmentKey(command.projectId, who), assignmentKey(command.projectId, command.userId), templateKey(command.templateId)];
}

/** Where P10 starts: the template to assign and the templates the assigner and the member hold now. */
function startOf(command: Extract<PermissionCommand, { type: 'assign_template' }>, who: UserId, project: DirectoryProjectEntry, assignment: (key: string) => StoredAssignment | undefined): string[] {
  const current = (userId: string) => assignment(assignmentKey(command.projectId, userId))?.templateId ?? project.members.find((m) => m.userId === userId)?.templateId;
  const out = [command.templateId as string];
  for (const id of [current(who), current(command.userId)]) if (id !== undefined) out.push(id);
  return out;
}

/** The directory's templates: those of the slice, the others asked for. */
function directoryTemplates(deps: ServiceDeps, slice: DirectorySlice): (ids: readonly string[]) => Promise<Result<ReadonlyMap<string, PermissionTemplate>, DomainError>> {
  return async (ids) => {
    const missing = ids.filter((id) => !slice.templates.has(id));
    const more = await readTemplates(deps, missing);
    if (!more.ok) return more;
    const out = new Map<string, PermissionTemplate>();
    for (const id of ids) {
      const t = slice.templates.get(id) ?? more.value.get(id);
      if (t !== undefined) out.set(id, t);
    }
    return ok(out);
  };
}

/**
 * Loads into the attempt every stored template P10 can reach (assignable lists of stored and directory
 * templates alike, as the project reads them), so the decision sees them and the commit expects their
 * versions. A directory failure here is answered by `facts`, which reads the directory again.
 */
async function loadReach(deps: ServiceDeps, command: Extract<PermissionCommand, { type: 'assign_template' }>, who: UserId, loaded: Loaded): Promise<readonly string[]> {
  const slice = await readDirectory(deps, null, [command.projectId], null);
  if (!slice.ok) return [];
  const project = slice.value.projects.get(command.projectId);
  if (project === undefined) return [];
  await reachTemplates(startOf(command, who, project, (key) => loaded.valid(ASSIGNMENTS, key)), project.companyId, {
    async stored(ids) {
      await loadClosure(deps.storage, () => ids.map(templateKey), 1, loaded);
      const out = new Map<string, StoredPermissionTemplate>();
      for (const id of ids) {
        const t = loaded.valid(TEMPLATES, templateKey(id));
        if (t !== undefined) out.set(id, t);
      }
      return out;
    },
    directory: directoryTemplates(deps, slice.value),
  });
  return [];
}

const notAuthorized = (userId: UserId, condition: string, message: string) => err(domainError('NOT_AUTHORIZED', { userId, failed: [{ condition, message }] }));

function applyEdits(template: PermissionTemplate, edits: readonly TemplateEdit[]): Result<PermissionTemplate, DomainError> {
  let t = template;
  for (const e of edits) {
    const opts = 'itemType' in e && e.itemType !== undefined ? { itemType: e.itemType } : undefined;
    let r: Result<PermissionTemplate, DomainError>;
    switch (e.kind) {
      case 'set_level':
        r = setToolLevel(t, e.tool, e.level, opts);
        break;
      case 'enable':
        r = enablePermission(t, e.permission, opts);
        break;
      case 'disable':
        r = disablePermission(t, e.permission, opts);
        break;
      case 'enable_all':
        r = enableAll(t, e.tool, opts);
        break;
      case 'disable_all':
        r = disableAll(t, e.tool, opts);
        break;
      case 'set_assignable':
        r = setAssignable(t, e.assignable);
        break;
      case 'rename':
        r = ok(Object.freeze({ ...t, name: e.name }));
        break;
    }
    if (!r.ok) return r;
    t = r.value;
  }
  return ok(t);
}

function decideAssign(view: PermissionView, command: Extract<PermissionCommand, { type: 'assign_template' }>, who: UserId, facts: PermissionFacts, at: number): Result<readonly PermissionEvent[], DomainError> {
  const { slice } = facts;
  const project = slice.projects.get(command.projectId);
  if (project === undefined) return err(domainError('NOT_FOUND', { entity: 'project', id: command.projectId }));
  if (slice.user === undefined) return err(domainError('NOT_FOUND', { entity: 'user', id: command.userId }, `User "${command.userId}" is not in the directory: add them there before assigning a template.`));
  const stored = view.templates.get(command.templateId);
  // Another company's stored template of this id never applies here: the id names what this project
  // reads (the company's directory template of that id), and only with none is the assignment refused.
  const target = stored !== undefined && stored.companyId === project.companyId ? stored : undefined;
  if (stored !== undefined && target === undefined && !stored.deleted && !facts.reach.some((t) => t.id === command.templateId)) {
    return notAuthorized(who, 'template_of_project_company', `template "${command.templateId}" belongs to company "${stored.companyId}", not to "${project.companyId}", the owner of project "${command.projectId}"`);
  }
  // A member's template as the directory lists it, with the service's assignment in its place (P10
  // reads both; the last entry of each wins).
  const templateOf = (userId: string): string | undefined => {
    let found: string | undefined;
    for (const m of project.members) if (m.userId === userId) found = m.templateId;
    for (const a of view.assignments.values()) if (a.projectId === command.projectId && a.userId === userId) found = a.templateId;
    return found;
  };
  // P10 reads only the assigner's template and the member's current one: the project is given with
  // those two members, so an assignment costs the same on a project of any size (it validated and
  // copied every member before: 58 ms at 30,000).
  const members = (who === command.userId ? [who as string] : [who as string, command.userId as string]).flatMap((userId) => {
    const templateId = templateOf(userId);
    return templateId === undefined ? [] : [{ userId, templateId }];
  });
  const data = {
    companies: [{ companyId: project.companyId }],
    memberships: [],
    projects: [{ projectId: project.projectId, companyId: project.companyId, members }],
    // The templates as this project reads them (a company's stored ones in place of the directory's).
    templates: facts.reach,
  } as unknown as DirectoryData;
  const assigned = assignTemplate(data, { projectId: command.projectId, assignerId: who, userId: command.userId, templateId: command.templateId });
  if (!assigned.ok) return assigned;
  const previous = templateOf(command.userId) ?? null;
  if (previous === command.templateId) return ok([]);
  return ok([
    {
      type: 'TemplateAssigned',
      schemaVersion: VERSION,
      at,
      actor: { kind: 'user', userId: who },
      projectId: command.projectId,
      userId: command.userId,
      templateId: command.templateId,
      templateVersion: target?.version ?? 0,
      previousTemplateId: previous as TemplateId | null,
    },
  ]);
}

function decide(view: PermissionView, command: PermissionCommand, who: UserId, facts: PermissionFacts, at: number): Result<readonly PermissionEvent[], DomainError> {
  const actor = { kind: 'user', userId: who } as const;
  if (command.type === 'assign_template') return decideAssign(view, command, who, facts, at);
  const { slice } = facts;
  const stored = view.templates.get(command.templateId);
  const companyId = command.type === 'create_template' ? command.companyId : stored?.companyId;
  // Templates are the company's: its admins (as the directory lists them) create, edit and delete them.
  const admins = companyId === undefined ? [] : (slice.companies.get(companyId)?.admins ?? []);
  if (command.type === 'create_template') {
    if (!admins.includes(who)) return notAuthorized(who, 'company_admin', `only an admin of company "${command.companyId}" manages its permission templates`);
    if (stored !== undefined) return err(domainError('INVALID_INPUT', { issues: [{ path: ['input', 'templateId'], code: 'custom', message: `template id "${command.templateId}" is already used${stored.deleted ? ' (by a deleted template)' : ''}` }] }));
    const created = createTemplate({ id: command.templateId, ...(command.name === undefined ? {} : { name: command.name }), ...(command.assignable === undefined ? {} : { assignable: command.assignable }) });
    if (!created.ok) return created;
    const tools = applyEdits(created.value, Object.entries(command.tools ?? {}).map(([tool, level]) => ({ kind: 'set_level', tool, level }) as const));
    if (!tools.ok) return tools;
    return ok([{ type: 'TemplateCreated', schemaVersion: VERSION, at, actor, templateId: command.templateId, companyId: command.companyId, version: 1, template: tools.value }]);
  }
  if (stored === undefined || stored.deleted) return err(domainError('NOT_FOUND', { entity: 'template', id: command.templateId }));
  if (!admins.includes(who)) return notAuthorized(who, 'company_admin', `only an admin of company "${stored.companyId}" manages its permission templates`);
  if (command.expectedVersion !== undefined && command.expectedVersion !== stored.version) {
    return err(domainError('CONCURRENT_MODIFICATION', { attempts: 0, records: [templateKey(command.templateId)], retryable: false }, `Template "${command.templateId}" is at version ${stored.version}, not ${command.expectedVersion}: read it again.`));
  }
  if (command.type === 'delete_template') {
    const holder = [...view.assignments.values()].find((a) => a.templateId === command.templateId);
    if (holder !== undefined) {
      return err(domainError('INVALID_TRANSITION', { command: 'delete', state: 'assigned', allowedFrom: [], entity: 'template', id: command.templateId }, `Template "${command.templateId}" is held by "${holder.userId}" on project "${holder.projectId}": assign them another template first.`));
    }
  }
  if (command.type === 'delete_template') return ok([{ type: 'TemplateDeleted', schemaVersion: VERSION, at, actor, templateId: command.templateId, version: stored.version + 1 }]);
  const edited = applyEdits(stored.template, command.edits);
  if (!edited.ok) return edited;
  // An edit that changes nothing records nothing (like a pure edit answering the template unchanged).
  if (sameTemplate(stored.template, edited.value)) return ok([]);
  return ok([{ type: 'TemplateEdited', schemaVersion: VERSION, at, actor, templateId: command.templateId, version: stored.version + 1, edits: command.edits, template: edited.value }]);
}

/** Whether two templates say the same (their canonical serialisations are equal). */
function sameTemplate(a: PermissionTemplate, b: PermissionTemplate): boolean {
  if (a === b) return true;
  const x = serializeTemplate(a);
  const y = serializeTemplate(b);
  return x.ok && y.ok && x.value === y.value;
}

function evolve(view: PermissionView, events: readonly PermissionEvent[]): PermissionView {
  const templates = new Map(view.templates);
  const assignments = new Map(view.assignments);
  for (const e of events) {
    switch (e.type) {
      // Records built by one literal, never spread from the frozen one they replace (see shared-project/evolve.ts).
      case 'TemplateCreated':
        templates.set(e.templateId, Object.freeze({ companyId: e.companyId, template: e.template, version: e.version, deleted: false, updatedAt: e.at }));
        break;
      case 'TemplateEdited': {
        const t = templates.get(e.templateId)!;
        templates.set(e.templateId, Object.freeze({ companyId: t.companyId, template: e.template, version: e.version, deleted: t.deleted, updatedAt: e.at }));
        break;
      }
      case 'TemplateDeleted': {
        const t = templates.get(e.templateId)!;
        templates.set(e.templateId, Object.freeze({ companyId: t.companyId, template: t.template, version: e.version, deleted: true, updatedAt: e.at }));
        break;
      }
      case 'TemplateAssigned':
        assignments.set(
          assignmentKey(e.projectId, e.userId),
          Object.freeze({ projectId: e.projectId, userId: e.userId, templateId: e.templateId, templateVersion: e.templateVersion, assignedBy: e.actor.userId, at: e.at }),
        );
        break;
    }
  }
  return { templates, assignments, readTemplates: view.readTemplates };
}

function streamOf(e: PermissionEvent): string {
  return e.type === 'TemplateAssigned' ? assignmentKey(e.projectId, e.userId) : templateKey(e.templateId);
}

function commit(_deps: ServiceDeps, loaded: Loaded, before: PermissionView, after: PermissionView, events: readonly PermissionEvent[]): Result<CommitParts, DomainError> {
  const writes: CommitParts['writes'][number][] = [];
  for (const [id, t] of after.templates) if (before.templates.get(id) !== t) writes.push({ key: templateKey(id), data: TEMPLATES.seal(t), index: templateEntries(t), partition: t.companyId });
  for (const [key, a] of after.assignments) if (before.assignments.get(key) !== a) writes.push({ key, data: ASSIGNMENTS.seal(a), index: assignmentEntries(a), partition: a.projectId });
  // A template's first holder rewrites the template record as it is: a delete that loaded it before
  // (and saw no holder) then conflicts and decides again, so it never strands an assignment. Later
  // holders need not: a delete sees the holder it loads (assignments of one template do not contend).
  for (const e of events) {
    if (e.type !== 'TemplateAssigned') continue;
    const t = after.templates.get(e.templateId);
    const key = templateKey(e.templateId);
    if (t === undefined || writes.some((w) => w.key === key)) continue;
    const own = assignmentKey(e.projectId, e.userId);
    let held = false;
    for (const [k, a] of before.assignments) if (k !== own && a.templateId === e.templateId) held = true;
    if (!held) writes.push({ key, data: TEMPLATES.seal(t), partition: t.companyId });
  }
  const appends = new Map<string, PermissionEvent[]>();
  for (const e of events) appends.set(streamOf(e), [...(appends.get(streamOf(e)) ?? []), e]);
  return ok({ expected: loaded.expected(), writes, events: [...appends].map(([stream, list]) => ({ stream, events: list })), outbox: [] });
}

function outcome(after: PermissionView, command: PermissionCommand, events: readonly PermissionEvent[], who: UserId): PermissionCommandOutcome {
  if (command.type === 'assign_template') {
    return { template: after.templates.get(command.templateId) ?? null, assignment: after.assignments.get(assignmentKey(command.projectId, command.userId)) ?? null, events, warnings: [] };
  }
  void who;
  const template = after.templates.get(command.templateId) ?? null;
  const warnings = template === null || template.deleted ? [] : validateTemplate(template.template).warnings;
  return { template, assignment: null, events, warnings };
}

/**
 * Internal: the permission store's commands (templates and assignments, issue 13) in the command pipeline.
 * @internal
 */
export const PERMISSION_MODULE: CommandModule<PermissionCommand & { readonly actorId: UserId }, UserId, PermissionView, PermissionFacts, PermissionEvent, PermissionCommandOutcome> = Object.freeze({
  keys: (command: PermissionCommand & { readonly actorId: UserId }) => keys(command, command.actorId),
  async expand(deps: ServiceDeps, command: PermissionCommand & { readonly actorId: UserId }, loaded: Loaded): Promise<readonly string[]> {
    if (command.type === 'assign_template') {
      await loadReach(deps, command, command.actorId, loaded);
      // Another holder of the template (one is enough), loaded: without one, the assignment is the
      // template's first holder and touches its record (see `commit`).
      const own = assignmentKey(command.projectId, command.userId);
      const page = await queryIndex(deps.storage, { index: PERMISSION_INDEXES.assignmentByTemplate, term: command.templateId, limit: 2 });
      return page.records.map((r) => r.key).filter((key) => key !== own).slice(0, 1);
    }
    if (command.type !== 'delete_template') return [];
    // Someone holding the template (one is enough): loaded, so a delete never strands an assignment.
    const page = await queryIndex(deps.storage, { index: PERMISSION_INDEXES.assignmentByTemplate, term: command.templateId, limit: 1 });
    return page.records.map((r) => r.key);
  },
  read: readView,
  time(view: PermissionView, _command: PermissionCommand, now: number): number {
    let at = now;
    for (const t of view.templates.values()) at = Math.max(at, t.updatedAt);
    for (const a of view.assignments.values()) at = Math.max(at, a.at);
    return at;
  },
  due: () => [],
  async facts(deps: ServiceDeps, who: UserId | null, command: PermissionCommand, view: PermissionView): Promise<Result<PermissionFacts, DomainError>> {
    if (command.type === 'assign_template') {
      // The member's directory entry too: a template is assigned only to a user the directory knows.
      const slice = await readDirectory(deps, command.userId, [command.projectId], null);
      if (!slice.ok) return slice;
      const project = slice.value.projects.get(command.projectId);
      if (project === undefined || who === null) return ok({ slice: slice.value, reach: [] });
      // The same walk as the load's, on the records loaded: a stored template it did not load is unresolved.
      const reach = await reachTemplates(startOf(command, who, project, (key) => view.assignments.get(key)), project.companyId, {
        stored(ids) {
          const out = new Map<string, StoredPermissionTemplate | 'unresolved'>();
          for (const id of ids) {
            const t = view.readTemplates.has(id) ? view.templates.get(id) : 'unresolved';
            if (t !== undefined) out.set(id, t);
          }
          return out;
        },
        directory: directoryTemplates(deps, slice.value),
      });
      return reach.ok ? ok({ slice: slice.value, reach: reach.value }) : reach;
    }
    const companyId = command.type === 'create_template' ? command.companyId : view.templates.get(command.templateId)?.companyId;
    const slice = await readDirectory(deps, null, [], companyId === undefined ? [] : [companyId]);
    return slice.ok ? ok({ slice: slice.value, reach: [] }) : slice;
  },
  decide: (_deps: ServiceDeps, view: PermissionView, command: PermissionCommand & { readonly actorId: UserId }, f: PermissionFacts, at: number) => decide(view, command, command.actorId, f, at),
  evolve,
  commit: (deps: ServiceDeps, loaded: Loaded, before: PermissionView, after: PermissionView, events: readonly PermissionEvent[]) => commit(deps, loaded, before, after, events),
  outcome: (after: PermissionView, command: PermissionCommand & { readonly actorId: UserId }, events: readonly PermissionEvent[]) => outcome(after, command, events, command.actorId),
});
