import type { AuthorizationFacts, ToolId } from '../core/facts.js';
import type { CompanyId, ProjectId, TeamId, UserId } from '../core/ids.js';
import type { Level } from '../core/level.js';
import type { DomainError } from '../core/errors.js';
import type { Result } from '../core/result.js';
import type { DirectoryFacts } from '../notifications/directory.js';
import type { ProjectNotificationSettings } from '../notifications/settings.js';
import type { DirectoryProjectEntry, DirectoryUser } from '../ports/directory.js';
import type { PermissionTemplate } from '../permissions/template.js';
import { factsFrom } from '../permissions/authorization-facts.js';
import type { DirectoryData, DirectoryProject } from '../permissions/directory.js';
import { companyEntries, projectEntries, readAll, templateEntry, userEntries } from './portData.js';
import type { TeamActorFacts } from '../shared-project/context.js';
import type { ServiceDeps } from './ports.js';

/** Internal: reads a port's array answer, refusing anything else (a broken adapter counts as a failure). */
export function list<T>(value: unknown, what: string): readonly T[] {
  if (!Array.isArray(value)) throw new Error(`the ${what} port answered with something other than an array`);
  return value as readonly T[];
}

function levels(template: PermissionTemplate | undefined): Record<ToolId, Level> {
  const tools: Record<ToolId, Level> = {};
  if (template === undefined) return tools;
  for (const [tool, setting] of Object.entries(template.tools)) if (setting.level !== 'none') tools[tool] = setting.level;
  return tools;
}

/** Internal: the directory entries of some projects, by id. */
export async function loadProjects(deps: ServiceDeps, ids: readonly ProjectId[]): Promise<Map<string, DirectoryProjectEntry>> {
  const entries = list<DirectoryProjectEntry>(await deps.directory.projects([...new Set(ids)]), 'directory');
  return new Map(entries.filter((p) => ids.includes(p.projectId)).map((p) => [p.projectId, p]));
}

/**
 * Internal: the acting user's authorization facts on some projects (C2, C6, C9), derived from their
 * templates through `deps.deriveFacts`.
 *
 * @remarks
 * With the default derivation, directory answers that validate (once per frozen object, see
 * `portData.ts`) go straight to `factsFrom`, whose frozen facts the lifecycle trusts; anything else
 * takes the public `deriveAuthorizationFacts`, which validates the whole slice.
 */
export async function actorFacts(
  deps: ServiceDeps,
  user: UserId,
  projectIds: readonly ProjectId[],
): Promise<Result<{ facts: AuthorizationFacts; projects: Map<string, DirectoryProjectEntry> }, DomainError>> {
  const [entry] = list<DirectoryUser>(await deps.directory.users([user]), 'directory').filter((u) => u.userId === user);
  const projects = await loadProjects(deps, projectIds);
  const members = [...projects.values()].map((p) => ({ ...p, members: p.members.filter((m) => m.userId === user) }));
  const templateIds = [...new Set(members.flatMap((p) => p.members.map((m) => m.templateId)))];
  const templates = templateIds.length === 0 ? [] : list<PermissionTemplate>(await deps.directory.templates(templateIds), 'directory');
  if (deps.defaultFacts) {
    const fast = trustedFacts(user, projectIds, entry, projects, templates, templateIds);
    if (fast !== undefined) return fast.ok ? { ok: true, value: { facts: fast.value, projects } } : fast;
  }
  const companyIds = [...new Set<CompanyId>([...(entry?.companyIds ?? []), ...members.map((p) => p.companyId)])];
  const data = {
    companies: companyIds.map((companyId) => ({ companyId })),
    memberships: [...new Set(entry?.companyIds ?? [])].map((companyId) => ({ userId: user, companyId })),
    projects: members.map((p) => ({ projectId: p.projectId, companyId: p.companyId, members: p.members.map((m) => ({ userId: m.userId, templateId: m.templateId })) })),
    templates: templates.filter((t) => templateIds.includes(t.id)),
  };
  const facts = deps.deriveFacts(data, user, projectIds);
  return facts.ok ? { ok: true, value: { facts: facts.value, projects } } : facts;
}

/**
 * Internal: the default derivation on directory answers that each validate; `undefined` when one does
 * not (the caller then takes the validating path, which reports the issue as before).
 */
function trustedFacts(
  user: UserId,
  projectIds: readonly ProjectId[],
  rawUser: DirectoryUser | undefined,
  rawProjects: Map<string, DirectoryProjectEntry>,
  rawTemplates: readonly PermissionTemplate[],
  templateIds: readonly string[],
): Result<AuthorizationFacts, DomainError> | undefined {
  const entry = rawUser === undefined ? undefined : userEntries.read(rawUser);
  if (rawUser !== undefined && entry === undefined) return undefined;
  const projects: DirectoryProject[] = [];
  for (const raw of rawProjects.values()) {
    const p = projectEntries.read(raw);
    if (p === undefined) return undefined;
    projects.push({ projectId: p.projectId, companyId: p.companyId, members: p.members.filter((m) => m.userId === user) });
  }
  const templates: PermissionTemplate[] = [];
  for (const raw of rawTemplates) {
    const t = templateEntry(raw);
    if (t === undefined) return undefined;
    if (!templateIds.includes(t.id)) continue;
    if (templates.some((other) => other.id === t.id)) return undefined; // a repeated template: let the schema say so
    templates.push(t);
  }
  const own = entry?.companyIds ?? [];
  const companyIds = [...new Set<CompanyId>([...own, ...projects.map((p) => p.companyId)])];
  const data: DirectoryData = {
    companies: companyIds.map((companyId) => ({ companyId })),
    memberships: [...new Set(own)].map((companyId) => ({ userId: user, companyId })),
    projects,
    templates,
  };
  return factsFrom(data, user, projectIds);
}

/** Internal: the directory facts and settings the notification planner needs, and whether they were built from validated data. */
export interface NotificationFacts {
  readonly directory: DirectoryFacts;
  readonly settings: ProjectNotificationSettings[];
  /** Built from directory answers that each validated: the planner may skip validating them again. */
  readonly trusted: boolean;
}

/**
 * Internal: the directory facts and settings the notification planner needs for some projects, as they
 * stand now (N1–N3). A project the directory does not know gets an empty directory (nobody notified)
 * rather than failing the command.
 */
export async function notificationFacts(
  deps: ServiceDeps,
  parties: readonly { readonly projectId: ProjectId; readonly companyId: CompanyId }[],
): Promise<NotificationFacts> {
  const ids = [...new Set(parties.map((p) => p.projectId))];
  const rawProjects = await loadProjects(deps, ids);
  const templateIds = [...new Set([...rawProjects.values()].flatMap((p) => p.members.map((m) => m.templateId)))];
  const rawTemplates = templateIds.length === 0 ? [] : list<PermissionTemplate>(await deps.directory.templates(templateIds), 'directory');
  const companyIds = [...new Set(parties.map((p) => p.companyId))];
  const rawCompanies = list<{ companyId: CompanyId; admins?: readonly UserId[] }>(await deps.directory.companies(companyIds), 'directory');

  const validProjects = readAll([...rawProjects.values()], projectEntries.read);
  const validTemplates = readAll(rawTemplates, templateEntry);
  const validCompanies = readAll(rawCompanies, companyEntries.read);
  const trusted = validProjects !== undefined && validTemplates !== undefined && validCompanies !== undefined;
  const projects = trusted ? new Map(validProjects.map((p) => [p.projectId as string, p])) : rawProjects;
  const templates: readonly PermissionTemplate[] = trusted ? validTemplates : rawTemplates;
  const companies: readonly { companyId: CompanyId; admins?: readonly UserId[] }[] = trusted ? validCompanies : rawCompanies;

  const byTemplate = new Map(templates.map((t) => [t.id, t]));
  const directory: DirectoryFacts = {
    projects: ids.map((id) => {
      const entry = projects.get(id);
      const party = parties.find((p) => p.projectId === id);
      return {
        projectId: id,
        companyId: entry?.companyId ?? (party?.companyId as CompanyId),
        members: (entry?.members ?? []).map((m) => ({ userId: m.userId, tools: levels(byTemplate.get(m.templateId)) })),
      };
    }),
    companies: companyIds.map((companyId) => ({ companyId, admins: [...new Set(companies.find((c) => c.companyId === companyId)?.admins ?? [])] })),
  };
  const settings: ProjectNotificationSettings[] = [];
  for (const p of projects.values()) if (p.notificationLists !== undefined) settings.push({ projectId: p.projectId, lists: p.notificationLists });
  return { directory, settings, trusted };
}

/** Internal: a user's team memberships and e-mail, as the shared-project decider takes them. */
export async function teamActor(deps: ServiceDeps, user: UserId): Promise<TeamActorFacts> {
  const [entry] = list<DirectoryUser>(await deps.directory.users([user]), 'directory').filter((u) => u.userId === user);
  return { kind: 'user', userId: user, email: entry?.email ?? null, teams: (entry?.teams ?? []).map((t) => ({ teamId: t.teamId, admin: t.admin })) };
}

/** Internal: the admins of some teams, for the host/external notifications. */
export async function teamAdmins(deps: ServiceDeps, ids: readonly TeamId[]): Promise<{ teamId: TeamId; admins: UserId[] }[]> {
  const unique = [...new Set(ids)];
  const teams = list<{ teamId: TeamId; admins?: readonly UserId[] }>(await deps.directory.teams(unique), 'directory');
  return unique.map((teamId) => ({ teamId, admins: [...new Set(teams.find((t) => t.teamId === teamId)?.admins ?? [])] }));
}
