import type { Level } from '../core/level.js';
import { createInMemoryDirectory, type InMemoryDirectory, type InMemoryDirectoryInput } from '../adapters/memory/inMemoryDirectory.js';
import type { PermissionTemplate } from '../permissions/template.js';

/**
 * A permission template giving these tool levels and no granular permission, for test worlds.
 *
 * @example
 * ```ts
 * const admin = levelTemplate('cm-admin', { connection_manager: 'admin', drawings: 'admin' });
 * ```
 * @since 0.1.0
 */
export function levelTemplate(id: string, tools: Readonly<Record<string, Level>>): PermissionTemplate {
  const entries: [string, Level][] = [];
  try {
    if (typeof tools === 'object' && tools !== null) entries.push(...(Object.entries(tools) as [string, Level][]));
  } catch {
    // Unreadable tools: none.
  }
  return {
    schemaVersion: 1,
    id: String(typeof id === 'string' ? id : 'template') as PermissionTemplate['id'],
    name: typeof id === 'string' ? id : 'template',
    tools: Object.fromEntries(entries.map(([tool, level]) => [tool, { level, granted: [] }])),
    typeSettings: {},
    assignable: [],
  } as PermissionTemplate;
}

/**
 * The approval mode of a world's companies: one for all, or one per company id (companies not listed
 * approve manually).
 *
 * @example
 * ```ts
 * const approval: ServiceWorldApproval = { gc: 'manual', electric: 'automatic' };
 * ```
 * @since 0.2.0
 */
export type ServiceWorldApproval = 'automatic' | 'manual' | Readonly<Record<string, 'automatic' | 'manual'>>;

/**
 * The directory of a model-based world: every company of `companies` with its projects, a user
 * `model-admin` who belongs to every company and is Admin on Connection Manager and every shared tool in
 * every project, and `model-outsider`, on every directory with no tool at all (every user command of
 * theirs must be refused). `approval` is every company's mode, or one per company.
 *
 * @example
 * ```ts
 * const directory = serviceWorldDirectory({ gc: ['gc-a'], electric: ['el-a'] }, 'manual');
 * ```
 * @since 0.1.0
 */
export function serviceWorldDirectory(
  companies: Readonly<Record<string, readonly string[]>>,
  approval: ServiceWorldApproval = 'manual',
  options: { readonly latency?: () => Promise<void> } = {},
): InMemoryDirectory {
  return createInMemoryDirectory(serviceWorldData(companies, approval), options);
}

/**
 * A team of the host/external model in a service world: its admin user (with an e-mail at the team's
 * domain), its business domain and its plan.
 *
 * @example
 * ```ts
 * const studio: ServiceWorldTeam = { teamId: 'studio', admin: 'hana', domain: 'studio.example', plan: 'professional' };
 * ```
 * @since 0.1.0
 */
export interface ServiceWorldTeam {
  /** The team's id. */
  readonly teamId: string;
  /** The id of its admin user. */
  readonly admin: string;
  /** Its business domain (the admin's e-mail is at it). */
  readonly domain: string;
  /** Its plan. */
  readonly plan: 'starter' | 'professional' | 'organization' | 'enterprise';
  /**
   * The shared projects the team owns, so may host (H3).
   * @since 0.2.0
   */
  readonly hosts?: readonly string[];
}

/**
 * The data of {@link serviceWorldDirectory}, to change before building a directory; `teams` adds
 * host/external teams, each with one admin.
 *
 * @example
 * ```ts
 * const data = serviceWorldData({ gc: ['gc-a'], electric: ['el-a'] }, 'manual', [
 *   { teamId: 'studio', admin: 'hana', domain: 'studio.example', plan: 'professional' },
 * ]);
 * ```
 * @since 0.1.0
 */
export function serviceWorldData(
  companies: Readonly<Record<string, readonly string[]>>,
  approval: ServiceWorldApproval = 'manual',
  teams: readonly ServiceWorldTeam[] = [],
): InMemoryDirectoryInput {
  try {
    const base = worldData(companies, approval);
    if (!Array.isArray(teams) || teams.length === 0) return base;
    return {
      ...base,
      users: [
        ...(base.users ?? []),
        ...teams.map((t) => ({ userId: t.admin, companyIds: [], teams: [{ teamId: t.teamId, admin: true }], email: `${t.admin}@${t.domain}` })),
      ],
      teams: teams.map((t) => ({ teamId: t.teamId, admins: [t.admin], domain: t.domain, plan: t.plan, ...(Array.isArray(t.hosts) ? { hosts: [...t.hosts] } : {}) })),
    };
  } catch {
    return {};
  }
}

function modeOf(approval: ServiceWorldApproval, companyId: string): 'automatic' | 'manual' {
  if (typeof approval === 'object' && approval !== null) return Object.hasOwn(approval, companyId) && approval[companyId] === 'automatic' ? 'automatic' : 'manual';
  return approval === 'automatic' ? 'automatic' : 'manual';
}

function worldData(companies: Readonly<Record<string, readonly string[]>>, approval: ServiceWorldApproval): InMemoryDirectoryInput {
  const ids = Object.keys(companies);
  return {
    companies: ids.map((companyId) => ({ companyId, approval: modeOf(approval, companyId), admins: [] })),
    users: [
      { userId: 'model-admin', companyIds: ids },
      { userId: 'model-outsider', companyIds: ids },
    ],
    projects: Object.entries(companies).flatMap(([companyId, projects]) =>
      (Array.isArray(projects) ? projects : []).map((projectId) => ({
        projectId,
        companyId,
        members: [
          { userId: 'model-admin', templateId: 'model-admin' },
          { userId: 'model-outsider', templateId: 'model-nothing' },
        ],
      })),
    ),
    templates: [
      levelTemplate('model-admin', { connection_manager: 'admin', drawings: 'admin', rfis: 'admin', submittals: 'admin' }),
      levelTemplate('model-nothing', {}),
    ],
  };
}
