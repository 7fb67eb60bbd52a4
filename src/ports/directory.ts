import type { ApprovalMode } from '../connection/events.js';
import type { CompanyId, ProjectId, SharedProjectId, TeamId, TemplateId, UserId } from '../core/ids.js';
import type { PlainIds } from '../core/input.js';
import type { ToolId } from '../core/facts.js';
import type { RecipientListSettings } from '../notifications/settings.js';
import type { PermissionTemplate } from '../permissions/template.js';
import type { Plan } from '../shared-project/plans.js';

/**
 * A user as the directory knows them: the companies they belong to, their teams (host/external model)
 * and their e-mail address.
 *
 * @example
 * ```ts
 * const ana: DirectoryUser = { userId: userId('ana'), companyIds: [companyId('electric-co')], teams: [] };
 * ```
 * @since 0.1.0
 */
export interface DirectoryUser {
  /** The user's id. */
  readonly userId: UserId;
  /** The companies the user belongs to (C2 a, C6). */
  readonly companyIds: readonly CompanyId[];
  /** The teams the user has an account in, and whether they are an admin of each (host/external model). */
  readonly teams?: readonly { readonly teamId: TeamId; readonly admin: boolean }[];
  /** The user's e-mail address, if known (H12: the invited contact is recognised by it). */
  readonly email?: string | null | undefined;
}

/**
 * A project as the directory knows it: its owner company, its directory (each member with the permission
 * template they hold there) and its notification lists (N2).
 *
 * @example
 * ```ts
 * const tower: DirectoryProjectEntry = {
 *   projectId: projectId('tower'), companyId: companyId('build-co'),
 *   members: [{ userId: userId('gina'), templateId: templateId('gc-admin') }],
 * };
 * ```
 * @since 0.1.0
 */
export interface DirectoryProjectEntry {
  /** The project's id. */
  readonly projectId: ProjectId;
  /** The company that owns the project. */
  readonly companyId: CompanyId;
  /** A display name (the library does not read it). */
  readonly name?: string;
  /** The project's directory: each member with the permission template they hold on the project. */
  readonly members: readonly { readonly userId: UserId; readonly templateId: TemplateId }[];
  /** Per-tool notification lists (N2); omitted lists notify every qualifying admin (N1). */
  readonly notificationLists?: Readonly<Record<ToolId, RecipientListSettings>>;
}

/**
 * A company as the directory knows it: its settings (the approval mode of C5) and its company admins
 * (whom a project may add to its Connection Manager list, N2).
 *
 * @example
 * ```ts
 * const gc: DirectoryCompany = { companyId: companyId('build-co'), approval: 'manual', admins: [userId('ceo')] };
 * ```
 * @since 0.1.0
 */
export interface DirectoryCompany {
  /** The company's id. */
  readonly companyId: CompanyId;
  /** A display name (the library does not read it). */
  readonly name?: string;
  /** C5: how the company handles connection requests to its projects. Default `manual`. */
  readonly approval?: ApprovalMode;
  /** The company admins, whom a project may add to its Connection Manager list (N2). */
  readonly admins?: readonly UserId[];
}

/**
 * A team of the host/external model as the directory knows it: its admins (notified of invitations and
 * their outcome), and optionally its business domain and plan as billing knows them (see
 * `syncTeamFromDirectory` on the service).
 *
 * @example
 * ```ts
 * const studio: DirectoryTeam = { teamId: teamId('studio'), admins: [userId('hana')], domain: 'studio.example', plan: 'professional' };
 * ```
 * @since 0.1.0
 */
export interface DirectoryTeam {
  /** The team's id. */
  readonly teamId: TeamId;
  /** A display name (the library does not read it). */
  readonly name?: string;
  /** The team's admins, notified of invitations and their outcome. */
  readonly admins: readonly UserId[];
  /** The team's business domain, as billing knows it. */
  readonly domain?: string;
  /** The team's plan, as billing knows it. */
  readonly plan?: Plan;
  /**
   * H3: the shared projects this team owns, so may host (policy `sharedProjectHosts: 'directory'`, the
   * default: a shared project not shared before is hosted only by a team that lists it here).
   * @since 0.2.0
   */
  readonly hosts?: readonly SharedProjectId[];
}

/**
 * The directory port (SPEC §8): companies, memberships, project directories, users' permission
 * templates per project, company settings and teams. Read-only for the service.
 *
 * @remarks
 * Every method takes a batch of ids and returns the entries it knows, in any order (unknown ids are
 * left out), so an implementation can answer with one query each. Entries may carry plain-string ids
 * (the service validates every answer as untrusted input and brands it; an entry that does not read
 * is `DATA_CORRUPTED`, naming it); extra fields are ignored. Answer each id once: of two entries for
 * one id the first is used. A member listed twice in one project's `members`, and an entry over the
 * limits (100,000 members, 1,000 companies per user, a 320-character e-mail), are `DATA_CORRUPTED`.
 * What is missing means: an unknown actor is `NOT_AUTHORIZED` (they are not in the directory), an
 * unknown project `NOT_FOUND`; a company left out has no settings (manual approval, C5) and no company
 * admins; a member whose template is unknown has no tools there, while the actor's own unknown
 * template is `NOT_FOUND`. The service asks for what a command needs: for a request, the actor, both
 * projects, their companies and the templates their members hold; frozen entries skip re-validation
 * (docs/service.md, Performance). The service reads it at decision time
 * (authorization facts, C2/C6/C9) and when it plans notifications (recipients as they stand now, N3).
 * A method that throws or rejects is treated like an unavailable storage: the command is retried, then
 * answered with `PORT_UNAVAILABLE` (naming the `directory` port, with the cause) and nothing written.
 *
 * @example
 * ```ts
 * const directory: DirectoryPort = createInMemoryDirectory({ companies, users, projects, templates, teams });
 * const [tower] = await directory.projects([projectId('tower')]);
 * ```
 * @since 0.1.0
 */
export interface DirectoryPort {
  /** The users with these ids that the directory knows, in any order. */
  users(ids: readonly UserId[]): Promise<readonly PlainIds<DirectoryUser>[]>;
  /** The projects with these ids that the directory knows, in any order. */
  projects(ids: readonly ProjectId[]): Promise<readonly PlainIds<DirectoryProjectEntry>[]>;
  /** The permission templates with these ids that the directory knows, in any order. */
  templates(ids: readonly TemplateId[]): Promise<readonly PlainIds<PermissionTemplate>[]>;
  /** The companies with these ids that the directory knows, in any order. */
  companies(ids: readonly CompanyId[]): Promise<readonly PlainIds<DirectoryCompany>[]>;
  /** The teams with these ids that the directory knows, in any order. */
  teams(ids: readonly TeamId[]): Promise<readonly PlainIds<DirectoryTeam>[]>;
}
