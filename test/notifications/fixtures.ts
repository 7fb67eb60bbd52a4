import { executeConnectionCommand } from '../../src/connection/api.js';
import type { ApprovalMode, ConnectionEvent } from '../../src/connection/events.js';
import { emptyConnectionView, type Connection, type ConnectionView } from '../../src/connection/state.js';
import type { ConnectionCommandInput } from '../../src/connection/inputs.js';
import type { AuthorizationFacts } from '../../src/core/facts.js';
import { companyId, connectionId, projectId, userId, type UserId } from '../../src/core/ids.js';
import type { DirectoryFacts } from '../../src/notifications/directory.js';

export const T0 = Date.parse('2026-03-02T08:00:00Z');
export const MIN = 60_000;

export const GC = projectId('gc-tower');
export const SUB = projectId('sub-tower');
export const BUILD = companyId('build-co');
export const ELECTRIC = companyId('electric-co');
export const CN = connectionId('cn-1');
export const u = (...names: string[]): UserId[] => names.map(userId);

/**
 * gc-tower (build-co): ana and ben are Connection Manager admins; carl has Admin on Drawings only; dan
 * (the requester) is a collaborator. ceo is a build-co company admin who is not on the directory.
 * sub-tower (electric-co): dan and fay are CM admins; eve, fay and gus Drawings admins; gus is an
 * electric-co company admin on the directory (CM admin too); owner is a company admin off the directory.
 */
export const directory: DirectoryFacts = {
  projects: [
    {
      projectId: GC,
      companyId: BUILD,
      members: [
        { userId: userId('ana'), tools: { connection_manager: 'admin', drawings: 'admin' } },
        { userId: userId('ben'), tools: { connection_manager: 'admin' } },
        { userId: userId('carl'), tools: { connection_manager: 'standard', drawings: 'admin' } },
        { userId: userId('dan'), tools: { drawings: 'read_only' } },
      ],
    },
    {
      projectId: SUB,
      companyId: ELECTRIC,
      members: [
        { userId: userId('dan'), tools: { connection_manager: 'admin', drawings: 'read_only' } },
        { userId: userId('eve'), tools: { drawings: 'admin' } },
        { userId: userId('fay'), tools: { connection_manager: 'admin', drawings: 'admin' } },
        { userId: userId('gus'), tools: { connection_manager: 'admin', drawings: 'admin' } },
      ],
    },
  ],
  companies: [
    { companyId: BUILD, admins: u('ceo') },
    { companyId: ELECTRIC, admins: u('gus', 'owner') },
  ],
};

/** Expected default recipients (N1). */
export const UPSTREAM_CM = u('ana', 'ben');
export const DOWNSTREAM_CM = u('dan', 'fay', 'gus');
export const DOWNSTREAM_DRAWINGS = u('eve', 'fay', 'gus');

const dan: AuthorizationFacts = {
  userId: userId('dan'),
  companyIds: [ELECTRIC, BUILD],
  projects: [
    { projectId: SUB, companyId: ELECTRIC, onDirectory: true, tools: { connection_manager: 'admin', drawings: 'read_only' } },
    { projectId: GC, companyId: BUILD, onDirectory: true, tools: { drawings: 'read_only' } },
  ],
};
const ana: AuthorizationFacts = {
  userId: userId('ana'),
  companyIds: [BUILD],
  projects: [{ projectId: GC, companyId: BUILD, onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } }],
};
const fay: AuthorizationFacts = {
  userId: userId('fay'),
  companyIds: [ELECTRIC],
  projects: [{ projectId: SUB, companyId: ELECTRIC, onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } }],
};
export const actors = { dan, ana, fay } as const;

/** A small driver over the real connection lifecycle, recording every event. */
export class Lifecycle {
  view: ConnectionView = emptyConnectionView();
  readonly events: ConnectionEvent[] = [];
  constructor(readonly approval: ApprovalMode) {}

  run(command: { readonly type: ConnectionCommandInput['type'] } & Record<string, unknown>, actor: AuthorizationFacts, at: number): readonly ConnectionEvent[] {
    const r = executeConnectionCommand(this.view, { connectionId: CN, ...command } as ConnectionCommandInput, { now: at, actor, approval: this.approval });
    if (!r.ok) throw new Error(`${String(command['type'])} failed: ${r.error.code} ${r.error.message}`);
    this.view = r.value.state;
    this.events.push(...r.value.events);
    return r.value.events;
  }
  request(at = T0) {
    return this.run({ type: 'request', upstreamProjectId: GC, downstreamProjectId: SUB, dataTypes: ['drawings'] }, dan, at);
  }
  approve(at = T0 + MIN) {
    return this.run({ type: 'approve' }, ana, at);
  }
  decline(at = T0 + MIN) {
    return this.run({ type: 'decline', reason: 'wrong project' }, ana, at);
  }
  disconnect(at = T0 + 60 * MIN) {
    return this.run({ type: 'disconnect', reason: 'contract ended', side: 'downstream' }, fay, at);
  }
  get connection(): Connection {
    const c = this.view.connections[CN];
    if (c === undefined) throw new Error('no connection yet');
    return c;
  }
}
