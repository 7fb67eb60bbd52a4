import {
  companyId,
  connectionId,
  projectId,
  userId,
  type AuthorizationFacts,
  type CompanyId,
  type Level,
  type ProjectId,
} from '../../src/index.js';

export const T0 = Date.parse('2026-03-02T08:00:00Z');
export const MIN = 60_000;

export const company = {
  gc: companyId('build-co'),
  electric: companyId('electric-co'),
  plumbing: companyId('plumbing-co'),
  steel: companyId('steel-co'),
} as const;

export const project = {
  tower: projectId('tower'),
  towerElectric: projectId('tower-electric'),
  towerPlumbing: projectId('tower-plumbing'),
  towerSteel: projectId('tower-steel'),
  school: projectId('school'),
} as const;

export const ownerOf: Readonly<Record<string, CompanyId>> = {
  [project.tower]: company.gc,
  [project.school]: company.gc,
  [project.towerElectric]: company.electric,
  [project.towerPlumbing]: company.plumbing,
  [project.towerSteel]: company.steel,
};

export const cid = connectionId;

/** Facts for a user with the given tool levels on the given projects (on the directory of each). */
export function actor(
  name: string,
  access: Readonly<Record<string, Readonly<Record<string, Level>>>>,
  options: { companies?: readonly CompanyId[]; offDirectory?: readonly ProjectId[] } = {},
): AuthorizationFacts {
  const projects = Object.entries(access).map(([id, tools]) => ({
    projectId: projectId(id),
    companyId: ownerOf[id] ?? companyId('unknown-co'),
    onDirectory: !(options.offDirectory ?? []).includes(projectId(id)),
    tools,
  }));
  const companies = options.companies ?? [...new Set(projects.map((p) => p.companyId))];
  return { userId: userId(name), companyIds: companies, projects };
}

const CM_ADMIN_DRAWINGS = { connection_manager: 'admin', drawings: 'read_only' } as const;

/** A downstream (subcontractor) admin who is also a collaborator on the GC's project (C2). */
export function requester(down: ProjectId, up: ProjectId = project.tower): AuthorizationFacts {
  return actor(`req-${down}`, { [down]: CM_ADMIN_DRAWINGS, [up]: { drawings: 'read_only' } });
}

/** The GC's Connection Manager admin on `up`. */
export function upstreamAdmin(up: ProjectId = project.tower): AuthorizationFacts {
  return actor(`gc-admin-${up}`, { [up]: { connection_manager: 'admin', drawings: 'admin' } });
}

/** A downstream Connection Manager admin (not on the upstream project). */
export function downstreamAdmin(down: ProjectId): AuthorizationFacts {
  return actor(`sub-admin-${down}`, { [down]: CM_ADMIN_DRAWINGS });
}

export function request(id: string, down: ProjectId, up: ProjectId = project.tower, extra: Record<string, unknown> = {}) {
  return { type: 'request', connectionId: cid(id), upstreamProjectId: up, downstreamProjectId: down, dataTypes: ['drawings'], ...extra } as const;
}
