import { describe, expectTypeOf, it } from 'vitest';
import {
  applySyncOperations,
  can,
  connectionId,
  decideConnectionCommand,
  decideSharedProjectCommand,
  deriveAuthorizationFacts,
  emptyConnectionView,
  emptyDownstreamStore,
  emptySharedProjectView,
  executeConnectionCommand,
  executeSharedProjectCommand,
  explain,
  planConnectionNotifications,
  planDetach,
  planSharedProjectNotifications,
  planSyncNotifications,
  planUpstreamChange,
  previewConnectionCommand,
  replayConnectionHistory,
  resolveRecipients,
  shareId,
  validateTemplate,
  type ConnectionCommand,
  type ConnectionCommandInput,
  type ConnectionEvent,
  type ConnectionEventInput,
  type ConnectionView,
  type ConnectionViewInput,
  type DirectoryFacts,
  type PermissionTemplate,
  type PermissionTemplateInput,
  type PlainIds,
  type SharedProjectCommand,
  type SharedProjectCommandInput,
  type SharedProjectEvent,
  type SharedProjectViewInput,
  auditSharedProjectUsage,
  canInviteMember,
  libraryAccess,
  licensingDecision,
  sharedProjectFeatures,
  teamUsage,
  type SyncConnection,
} from '../../src/index.js';
import { createTemplate, setToolLevel } from '../../src/extras.js';
import { sharedProjectInvariantFailures } from '../../src/testing/index.js';

// Typed inputs, run-time validation (docs/concepts.md): the pure entry points name every field of what
// passes, with plain strings for ids; they still validate at run time (the fuzz suites cover that).

const now = 0;
const actor = { userId: 'ana', companyIds: ['build-co'], projects: [] };
const view = emptyConnectionView();

describe('typed inputs: connection lifecycle (C1–C17)', () => {
  it('plain strings are accepted for every id', () => {
    decideConnectionCommand(view, { type: 'request', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] }, { now, actor });
    executeConnectionCommand(view, { type: 'approve', connectionId: 'cn-1', idempotencyKey: 'k-1' }, { now, actor, approval: 'manual' });
    expectTypeOf<string>().toMatchTypeOf<ConnectionCommandInput['connectionId']>();
  });

  it('branded ids and the library\'s own records are accepted too', () => {
    const command: ConnectionCommand = { type: 'approve', connectionId: connectionId('cn-1') };
    decideConnectionCommand(view, command, { now, actor });
    expectTypeOf<ConnectionView>().toMatchTypeOf<ConnectionViewInput>();
    expectTypeOf<ConnectionEvent>().toMatchTypeOf<ConnectionEventInput>();
    expectTypeOf<ConnectionCommand>().toMatchTypeOf<ConnectionCommandInput>();
  });

  it('a misspelt command type fails to compile', () => {
    // @ts-expect-error 'aprove' is no command type
    decideConnectionCommand(view, { type: 'aprove', connectionId: 'cn-1' }, { now, actor });
    expectTypeOf<ConnectionCommandInput['type']>().toEqualTypeOf<ConnectionCommand['type']>();
  });

  it('a misspelt or missing command field fails to compile', () => {
    // @ts-expect-error `conectionId` is misspelt
    decideConnectionCommand(view, { type: 'approve', conectionId: 'cn-1' }, { now, actor });
    // @ts-expect-error a disconnect needs a reason (C9)
    previewConnectionCommand(view, { type: 'disconnect', connectionId: 'cn-1' }, { now, actor });
    // @ts-expect-error `side` is upstream or downstream
    previewConnectionCommand(view, { type: 'disconnect', connectionId: 'cn-1', reason: 'done', side: 'left' }, { now, actor });
  });

  it('a misspelt context field fails to compile', () => {
    // @ts-expect-error `approvel` is misspelt
    executeConnectionCommand(view, { type: 'approve', connectionId: 'cn-1' }, { now, actor, approvel: 'automatic' });
    // @ts-expect-error `now` is a timestamp
    executeConnectionCommand(view, { type: 'approve', connectionId: 'cn-1' }, { now: 'today', actor });
  });

  it('histories are typed, and a stored one is cast once at the boundary', () => {
    const stored: unknown = [];
    replayConnectionHistory(stored as ConnectionEventInput[]);
    // @ts-expect-error an unknown value must be cast first (the function still validates it)
    replayConnectionHistory(stored);
  });
});

describe('typed inputs: shared projects (H1–H12)', () => {
  const spView = emptySharedProjectView();
  const client = { kind: 'user' as const, userId: 'lea', teams: [{ teamId: 'client', admin: true }] };

  it('plain strings are accepted for every share, project and team id, branded ones too', () => {
    decideSharedProjectCommand(spView, { type: 'accept', shareId: 'sh-1' }, { now, actor: client });
    executeSharedProjectCommand(
      spView,
      { type: 'invite', shareId: 'sh-1', sharedProjectId: 'brand', hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' },
      { now, actor: { kind: 'system', cause: 'provisioning' } },
    );
    const accept: SharedProjectCommand = { type: 'accept', shareId: shareId('sh-1') };
    decideSharedProjectCommand(spView, accept, { now, actor: client });
    expectTypeOf<SharedProjectCommand>().toMatchTypeOf<SharedProjectCommandInput>();
  });

  it('types: the shared-project queries (plan usage, features, licensing, contacts) take plain strings and a view read as plain data (SharedProjectViewInput)', () => {
    const plain: SharedProjectViewInput = spView;
    teamUsage(plain, 'studio');
    auditSharedProjectUsage(plain);
    sharedProjectFeatures(plain, 'brand');
    canInviteMember(plain, { shareId: 'sh-1', actor: client, inviteeTeamId: 'client' });
    licensingDecision(plain, { shareId: 'sh-1', teamIds: ['client'] });
    libraryAccess({ enabledLibraryIds: ['specs'], libraryId: 'specs', operation: 'use' });
    expectTypeOf(sharedProjectInvariantFailures).parameter(0).toEqualTypeOf<SharedProjectViewInput>();
    // @ts-expect-error a misspelt query field still fails
    canInviteMember(plain, { shareID: 'sh-1', actor: client, inviteeTeamId: 'client' });
  });

  it('a misspelt shared-project command type or field fails to compile', () => {
    // @ts-expect-error 'acept' is no command type
    decideSharedProjectCommand(spView, { type: 'acept', shareId: 'sh-1' }, { now, actor: client });
    // @ts-expect-error `shareID` is misspelt
    decideSharedProjectCommand(spView, { type: 'accept', shareID: 'sh-1' }, { now, actor: client });
    // @ts-expect-error H9: the outcome is keep or share_copy
    decideSharedProjectCommand(spView, { type: 'disconnect', shareId: 'sh-1', outcome: 'delete' }, { now, actor: client });
    // @ts-expect-error a system actor is billing or provisioning
    decideSharedProjectCommand(spView, { type: 'change_plan', teamId: 'studio', plan: 'enterprise' }, { now, actor: { kind: 'system', cause: 'cron' } });
  });
});

describe('typed inputs: permissions (P1–P13)', () => {
  const template: PermissionTemplateInput = { schemaVersion: 1, id: 'crew', name: 'Crew', tools: {}, typeSettings: {}, assignable: [] };

  it('plain strings are accepted for template ids; built templates are accepted as they are', () => {
    createTemplate({ id: 'foreman', assignable: ['crew'] });
    can(template, 'rfis.act_as_rfi_manager', { actorCompanyIds: ['electric-co'] });
    expectTypeOf<PermissionTemplate>().toMatchTypeOf<PermissionTemplateInput>();
    deriveAuthorizationFacts({ companies: [], memberships: [], projects: [], templates: [] }, 'ana', ['tower']);
  });

  it('a misspelt level, option or context field fails to compile', () => {
    // @ts-expect-error 'standrd' is no level
    setToolLevel(template, 'rfis', 'standrd');
    // @ts-expect-error `itemTyp` is misspelt
    setToolLevel(template, 'correspondence', 'standard', { itemTyp: 'notice_of_delay' });
    // @ts-expect-error `platfrom` is misspelt
    explain(template, 'meetings.email_meetings', { platfrom: 'web' });
    // @ts-expect-error `nmae` is misspelt
    createTemplate({ id: 'foreman', nmae: 'Foreman' });
  });

  it('validators keep unknown: checking data of any shape is their point', () => {
    expectTypeOf(validateTemplate).parameter(0).toEqualTypeOf<unknown>();
  });
});

describe('typed inputs: notifications (N1–N5)', () => {
  const directory: PlainIds<DirectoryFacts> = { projects: [{ projectId: 'sub-tower', companyId: 'electric-co', members: [{ userId: 'dan', tools: { drawings: 'admin' } }] }] };

  it('plain strings are accepted for notification ids', () => {
    resolveRecipients({ directory, projectId: 'sub-tower', tool: 'drawings' });
    planSyncNotifications({
      notice: { event: 'InitialSyncComplete', key: 'k', connectionId: 'cn-1', dataType: 'drawings', tool: 'drawings', downstream: { projectId: 'sub-tower', companyId: 'electric-co' }, at: now, itemIds: [] },
      directory,
    });
  });

  it('a misspelt notification field or event type fails to compile', () => {
    // @ts-expect-error `projectID` is misspelt
    resolveRecipients({ directory, projectID: 'sub-tower', tool: 'drawings' });
    // @ts-expect-error 'ConnectionRequestd' is no event type
    planConnectionNotifications({ event: { type: 'ConnectionRequestd' }, directory });
    // @ts-expect-error `team` is misspelt
    planSharedProjectNotifications({ event: {} as SharedProjectEvent, team: [] });
  });
});

describe('typed inputs: sync (S1–S6)', () => {
  const connection: PlainIds<SyncConnection> = {
    id: 'cn-1',
    state: 'connected',
    dataTypes: ['drawings'],
    upstream: { projectId: 'tower', companyId: 'build-co' },
    downstream: { projectId: 'tower-electric', companyId: 'electric-co' },
  };

  it('plain strings are accepted for sync ids; item attributes may be omitted', () => {
    planUpstreamChange({ connection, change: { kind: 'published', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1, published: true }] }, at: now });
    planDetach({ connection: { ...connection, state: 'disconnected' }, downstream: emptyDownstreamStore(), at: now });
    applySyncOperations(emptyDownstreamStore(), []);
  });

  it('a misspelt change kind or operation kind fails to compile', () => {
    // @ts-expect-error 'publish' is no change kind
    planUpstreamChange({ connection, change: { kind: 'publish', items: [] }, at: now });
    // @ts-expect-error `downstreem` is misspelt
    planDetach({ connection, downstreem: emptyDownstreamStore(), at: now });
    // @ts-expect-error 'teleport' is no operation kind
    applySyncOperations(emptyDownstreamStore(), [{ kind: 'teleport' }]);
  });
});
