import { domainError, type DomainError } from '../core/errors.js';
import type { AuthorizationFacts, ProjectFacts, ToolId } from '../core/facts.js';
import type { CompanyId, ProjectId, TeamId, UserId } from '../core/ids.js';
import type { Level } from '../core/level.js';
import { err, ok, type Result } from '../core/result.js';
import type { DirectoryFacts, ProjectDirectory } from '../notifications/directory.js';
import type { ProjectNotificationSettings } from '../notifications/settings.js';
import type { PermissionTemplate } from '../permissions/template.js';
import type { DirectoryCompany, DirectoryProjectEntry, DirectoryTeam, DirectoryUser } from '../ports/directory.js';
import type { TeamActorFacts } from '../shared-project/context.js';
import { companyEntries, projectEntries, teamEntries, templateEntry, userEntries } from './portData.js';
import { PortFailure } from './portCall.js';
import type { ServiceDeps } from './ports.js';

/**
 * Internal: what one command read from the directory, each entry validated (by a hand-written guard or
 * its schema, once per frozen object), by id.
 * @internal
 */
export interface DirectorySlice {
  readonly user: DirectoryUser | undefined;
  readonly projects: ReadonlyMap<string, DirectoryProjectEntry>;
  readonly templates: ReadonlyMap<string, PermissionTemplate>;
  readonly companies: ReadonlyMap<string, DirectoryCompany>;
}

type Method = 'users' | 'projects' | 'templates' | 'companies' | 'teams';

/** One directory call: its answer as an array, or a {@link PortFailure} of the directory. */
async function ask(deps: ServiceDeps, method: Method, ids: readonly string[]): Promise<readonly unknown[]> {
  let answer: unknown;
  try {
    answer = await (deps.directory[method] as (ids: readonly string[]) => Promise<unknown>)(ids);
  } catch (cause) {
    throw new PortFailure('directory', cause);
  }
  if (!Array.isArray(answer)) throw new PortFailure('directory', `${method} answered with something other than an array`);
  return answer;
}

/** A directory entry that does not validate: `DATA_CORRUPTED` under a `directory:` key, with a message that says it is the directory's. */
const corrupted = (what: string, id: string): DomainError<'DATA_CORRUPTED'> =>
  domainError(
    'DATA_CORRUPTED',
    { key: `directory:${what}:${id}`, issues: [{ path: [], code: 'custom', message: `the directory's ${what} entry does not validate` }] },
    `The directory's ${what} entry "${id}" does not validate (the directory port answered it; fix it there). Nothing was written.`,
  );

/** Keeps the validated entries whose id was asked for (an answer may hold others, in any order). */
function pick<T>(
  answer: readonly unknown[],
  wanted: readonly string[],
  read: (value: unknown) => T | undefined,
  idOf: (entry: T) => string,
  what: string,
): Result<Map<string, T>, DomainError<'DATA_CORRUPTED'>> {
  const out = new Map<string, T>();
  // A Set for long lists (a publish's fan-out asks for every downstream project): `includes` stays for short ones.
  const many = wanted.length > 16 ? new Set(wanted) : null;
  const asked = (id: string) => (many === null ? wanted.includes(id) : many.has(id));
  for (const raw of answer) {
    const entry = read(raw);
    if (entry === undefined) {
      // An entry naming an id we did not ask for is not ours: ignored. One that names no id (null, a
      // number, an object without its id) may be the one we asked for: corrupted, never skipped.
      const id = typeof raw === 'object' && raw !== null ? safeId(raw, what) : null;
      if (id !== null && !asked(id)) continue;
      return err(corrupted(what, id ?? '?'));
    }
    const id = idOf(entry);
    if (asked(id) && !out.has(id)) out.set(id, entry);
  }
  return ok(out);
}

function safeId(raw: object, what: string): string | null {
  try {
    const field = what === 'template' ? 'id' : `${what}Id`;
    const id = (raw as Record<string, unknown>)[field];
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/**
 * Internal: reads what a connection command needs from the directory in two rounds: the acting user and
 * the projects (and the companies, when known), then every template the projects' members hold and the
 * companies (approval mode C5, company admins N2). One slice serves authorization and notifications.
 * @internal
 */
export async function readDirectory(
  deps: ServiceDeps,
  userId: UserId | null,
  projectIds: readonly ProjectId[],
  knownCompanies: readonly CompanyId[] | null,
): Promise<Result<DirectorySlice, DomainError>> {
  const [users, projectAnswer, companyAnswer] = await Promise.all([
    userId === null ? EMPTY : ask(deps, 'users', [userId]),
    ask(deps, 'projects', projectIds),
    knownCompanies === null ? EMPTY : ask(deps, 'companies', knownCompanies),
  ]);
  const projects = pick(projectAnswer, projectIds, projectEntries.read, (p) => p.projectId, 'project');
  if (!projects.ok) return projects;
  let user: DirectoryUser | undefined;
  if (userId !== null) {
    const u = pick(users, [userId], userEntries.read, (e) => e.userId, 'user');
    if (!u.ok) return u;
    user = u.value.get(userId);
  }
  // Sets keep first-seen order, and stay linear in members and projects.
  const templateSet = new Set<string>();
  const companySet = new Set<string>(knownCompanies ?? []);
  for (const p of projects.value.values()) {
    companySet.add(p.companyId);
    for (const m of p.members) templateSet.add(m.templateId);
  }
  const templateIds = [...templateSet];
  const companyIds = [...companySet];
  const known = knownCompanies === null ? null : new Set<string>(knownCompanies);
  const missingCompanies = known === null ? companyIds : companyIds.filter((c) => !known.has(c));
  // Usually only the templates are left to read (the companies are known): one call, awaited directly.
  const asked = templateIds.length === 0 ? EMPTY : ask(deps, 'templates', templateIds);
  const [templateAnswer, moreCompanies] =
    missingCompanies.length === 0 ? [await asked, EMPTY] : await Promise.all([asked, ask(deps, 'companies', missingCompanies)]);
  const templates = pick(templateAnswer, templateIds, templateEntry, (t) => t.id, 'template');
  if (!templates.ok) return templates;
  const companies = pick(companyAnswer.length === 0 ? moreCompanies : [...companyAnswer, ...moreCompanies], companyIds, companyEntries.read, (c) => c.companyId, 'company');
  if (!companies.ok) return companies;
  return ok({ user, projects: projects.value, templates: templates.value, companies: companies.value as Map<string, DirectoryCompany> });
}

const EMPTY: readonly unknown[] = Object.freeze([]);

/** Tool levels of a validated template (cached per frozen template: a template serves many commands). */
const levelCache = new WeakMap<PermissionTemplate, Readonly<Record<ToolId, Level>>>();
const NO_TOOLS: Readonly<Record<ToolId, Level>> = Object.freeze({});

function levelsOf(template: PermissionTemplate | undefined): Readonly<Record<ToolId, Level>> {
  if (template === undefined) return NO_TOOLS;
  let levels = levelCache.get(template);
  if (levels === undefined) {
    const tools: Record<ToolId, Level> = {};
    for (const [tool, setting] of Object.entries(template.tools)) if (setting.level !== 'none') tools[tool] = setting.level;
    levels = Object.freeze(tools);
    if (Object.isFrozen(template)) levelCache.set(template, levels);
  }
  return levels;
}

/**
 * Internal: the acting user's authorization facts on some projects (C2, C6, C9), from a directory
 * slice: with the library’s own derivation, built directly (valid by construction); with a custom `deriveFacts`,
 * from the slice as `DirectoryData`.
 * @internal
 */
export function actorFactsFrom(deps: ServiceDeps, slice: DirectorySlice, userId: UserId, projectIds: readonly ProjectId[]): Result<AuthorizationFacts, DomainError> {
  const own = slice.user?.companyIds ?? [];
  if (!deps.defaultFacts) {
    const projects = [...slice.projects.values()].map((p) => ({ projectId: p.projectId, companyId: p.companyId, members: p.members.filter((m) => m.userId === userId) }));
    const companyIds = [...new Set<CompanyId>([...own, ...projects.map((p) => p.companyId)])];
    const data = {
      companies: companyIds.map((companyId) => ({ companyId })),
      memberships: [...new Set(own)].map((companyId) => ({ userId, companyId })),
      projects,
      templates: [...slice.templates.values()].filter((t) => projects.some((p) => p.members.some((m) => m.templateId === t.id))),
    };
    return deps.deriveFacts(data, userId, projectIds);
  }
  const projects: ProjectFacts[] = [];
  for (const id of projectIds) {
    const p = slice.projects.get(id);
    if (p === undefined || projects.some((x) => x.projectId === id)) continue;
    let templateId: string | undefined;
    for (const m of p.members) if (m.userId === userId) templateId = m.templateId;
    if (templateId !== undefined && !slice.templates.has(templateId)) return err(domainError('NOT_FOUND', { entity: 'template', id: templateId }));
    projects.push(
      Object.freeze({
        projectId: p.projectId,
        companyId: p.companyId,
        onDirectory: templateId !== undefined,
        tools: templateId === undefined ? NO_TOOLS : levelsOf(slice.templates.get(templateId)),
      }),
    );
  }
  const companyIds = own.length <= 1 ? own : [...new Set(own)];
  // Only the trusted deciders read these facts (never the pure API's validation), so they need no trust mark.
  return ok(Object.freeze({ userId, companyIds: Object.isFrozen(companyIds) ? companyIds : Object.freeze(companyIds), projects: Object.freeze(projects) }));
}

/**
 * Internal: the directory facts and settings the notification planner needs for some projects, as they
 * stand now (N1–N3). A project the directory does not know gets an empty directory (nobody notified)
 * rather than failing the command.
 * @internal
 */
export function notificationFactsFrom(
  slice: DirectorySlice,
  parties: readonly { readonly projectId: ProjectId; readonly companyId: CompanyId }[],
): { readonly directory: DirectoryFacts; readonly settings: readonly ProjectNotificationSettings[] } {
  const projects: ProjectDirectory[] = [];
  const companies: { companyId: CompanyId; admins: readonly UserId[] }[] = [];
  const settings: ProjectNotificationSettings[] = [];
  const seenProjects = new Set<string>();
  const seenCompanies = new Set<string>();
  for (const party of parties) {
    if (seenProjects.has(party.projectId)) continue;
    seenProjects.add(party.projectId);
    const entry = slice.projects.get(party.projectId);
    const companyId = entry?.companyId ?? party.companyId;
    projects.push({
      projectId: party.projectId,
      companyId,
      members: entry === undefined ? [] : entry.members.map((m) => ({ userId: m.userId, tools: levelsOf(slice.templates.get(m.templateId)) })),
    });
    if (!seenCompanies.has(companyId)) {
      seenCompanies.add(companyId);
      companies.push({ companyId, admins: slice.companies.get(companyId)?.admins ?? [] });
    }
    if (entry?.notificationLists !== undefined) settings.push({ projectId: entry.projectId, lists: entry.notificationLists });
  }
  return { directory: { projects, companies }, settings };
}

/**
 * Internal: a user's team memberships and e-mail, as the shared-project decider takes them.
 * @internal
 */
export async function teamActor(deps: ServiceDeps, userId: UserId): Promise<Result<TeamActorFacts, DomainError>> {
  const answer = await ask(deps, 'users', [userId]);
  const users = pick(answer, [userId], userEntries.read, (u) => u.userId, 'user');
  if (!users.ok) return users;
  const entry = users.value.get(userId);
  return ok({ kind: 'user', userId, email: entry?.email ?? null, teams: (entry?.teams ?? []).map((t) => ({ teamId: t.teamId, admin: t.admin })) });
}

/**
 * Internal: the directory entries of some teams (their admins, domain and plan), by id.
 * @internal
 */
export async function readTeams(deps: ServiceDeps, ids: readonly TeamId[]): Promise<Result<Map<string, DirectoryTeam>, DomainError>> {
  const unique = ids.length <= 1 ? ids : [...new Set(ids)];
  const answer = await ask(deps, 'teams', unique);
  return pick(answer, unique, teamEntries.read, (t) => t.teamId, 'team');
}

/** Host lists searched by scan up to this many entries; longer frozen ones through a cached set. */
const SCANNED_HOSTS = 16;
const hostSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * Internal: whether a team's directory `hosts` list names a shared project. A frozen list (a directory
 * answering the same frozen entry again, as the in-memory one does) is indexed once, so a team hosting
 * thousands of projects costs one set lookup per invitation, not a scan of the list.
 * @internal
 */
export function hostsList(hosts: readonly string[] | undefined, sharedProjectId: string): boolean {
  if (hosts === undefined) return false;
  if (hosts.length <= SCANNED_HOSTS || !Object.isFrozen(hosts)) return hosts.includes(sharedProjectId);
  let set = hostSets.get(hosts);
  if (set === undefined) {
    set = new Set(hosts);
    hostSets.set(hosts, set);
  }
  return set.has(sharedProjectId);
}

/**
 * Internal: the directory's permission templates with these ids, by id (ids it does not know are absent).
 * @internal
 */
export async function readTemplates(deps: ServiceDeps, ids: readonly string[]): Promise<Result<Map<string, PermissionTemplate>, DomainError>> {
  if (ids.length === 0) return ok(new Map());
  const answer = await ask(deps, 'templates', ids);
  return pick(answer, ids, templateEntry, (t) => t.id, 'template');
}
