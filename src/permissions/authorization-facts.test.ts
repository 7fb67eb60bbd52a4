import { describe, expect, it } from 'vitest';
import { blank, must } from '../../test/permissions/helpers.js';
import {
  canViewConnectedData,
  deriveAuthorizationFacts,
  explainConnectedDataAccess,
  explainConnectedDataAccessFor,
  setToolLevel,
  type DirectoryData,
} from './index.js';

const cmAdmin = must(setToolLevel(must(setToolLevel(blank('cm_admin'), 'connection_manager', 'admin')), 'drawings', 'read_only'));
const viewer = must(setToolLevel(blank('viewer'), 'drawings', 'read_only'));
const nobody = must(setToolLevel(blank('nobody'), 'rfis', 'standard'));

const directory = {
  companies: [{ companyId: 'gc' }, { companyId: 'sub' }],
  memberships: [
    { userId: 'ana', companyId: 'gc' },
    { userId: 'ana', companyId: 'sub' },
    { userId: 'vic', companyId: 'sub' },
    { userId: 'ned', companyId: 'sub' },
  ],
  projects: [
    { projectId: 'gc-tower', companyId: 'gc', members: [{ userId: 'ana', templateId: 'cm_admin' }] },
    {
      projectId: 'sub-tower',
      companyId: 'sub',
      members: [
        { userId: 'ana', templateId: 'cm_admin' },
        { userId: 'vic', templateId: 'viewer' },
        { userId: 'ned', templateId: 'nobody' },
      ],
    },
  ],
  templates: [cmAdmin, viewer, nobody],
};

const connection = {
  id: 'cn-1',
  upstream: { projectId: 'gc-tower', companyId: 'gc' },
  downstream: { projectId: 'sub-tower', companyId: 'sub' },
  dataTypes: ['drawings'],
  state: 'connected' as const,
};

describe('authorization facts from templates (C2, C6, C9, C14)', () => {
  it('derives companies, directories and tool levels per project', () => {
    const facts = must(deriveAuthorizationFacts(directory, 'ana', ['sub-tower', 'gc-tower', 'ghost']));
    expect(facts.companyIds).toEqual(['gc', 'sub']);
    expect(facts.projects).toEqual([
      { projectId: 'sub-tower', companyId: 'sub', onDirectory: true, tools: { connection_manager: 'admin', drawings: 'read_only' } },
      { projectId: 'gc-tower', companyId: 'gc', onDirectory: true, tools: { connection_manager: 'admin', drawings: 'read_only' } },
    ]);
    expect(Object.isFrozen(facts)).toBe(true);
  });

  it('a user not on a directory gets no tools there', () => {
    const facts = must(deriveAuthorizationFacts(directory, 'vic', ['gc-tower']));
    expect(facts.projects).toEqual([{ projectId: 'gc-tower', companyId: 'gc', onDirectory: false, tools: {} }]);
  });

  it('a member holding a template missing from the data is NOT_FOUND; bad input is INVALID_INPUT', () => {
    const broken = { ...directory, templates: [viewer] };
    const r = deriveAuthorizationFacts(broken, 'ana', ['gc-tower']);
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    const bad = deriveAuthorizationFacts({ ...directory, projects: 'x' } as never, 'ana', []);
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
  });

  it('C14: viewing connected data needs read_only on the tool in the downstream project', () => {
    const vic = must(deriveAuthorizationFacts(directory, 'vic', ['sub-tower']));
    const d = must(explainConnectedDataAccess(vic, { dataType: 'drawings', connection }));
    expect(d).toMatchObject({ allowed: true, reason: 'visible', projectId: 'sub-tower', tool: 'drawings', actualLevel: 'read_only', crossCompany: true, synced: true });
    expect(d.message).toContain('read_only');
    const ned = must(deriveAuthorizationFacts(directory, 'ned', ['sub-tower']));
    const denied = must(explainConnectedDataAccess(ned, { dataType: 'drawings', connection }));
    expect(denied).toMatchObject({ allowed: false, reason: 'level_too_low', actualLevel: 'none' });
    expect(denied.message).toContain('needs read_only or higher on the drawings tool in project "sub-tower"');
  });

  it('C14/S5: after a disconnect copies stay visible but unsynced; before a connection nothing is there', () => {
    const vic = must(deriveAuthorizationFacts(directory, 'vic', ['sub-tower']));
    const after = must(explainConnectedDataAccess(vic, { dataType: 'drawings', sourceProjectId: 'gc-tower', downstreamProjectId: 'sub-tower', connectionState: 'disconnected' }));
    expect(after).toMatchObject({ allowed: true, synced: false, crossCompany: null });
    const pending = must(explainConnectedDataAccess(vic, { dataType: 'drawings', connection: { ...connection, state: 'pending' } }));
    expect(pending).toMatchObject({ allowed: false, reason: 'no_copies', connectionState: 'pending' });
  });

  it('C14: users off the downstream directory and unknown data types are explained', () => {
    const facts = must(deriveAuthorizationFacts(directory, 'vic', ['gc-tower']));
    const off = must(explainConnectedDataAccess(facts, { dataType: 'drawings', connection: { ...connection, downstream: { projectId: 'gc-tower', companyId: 'gc' } } }));
    expect(off.reason).toBe('not_on_directory');
    const unknown = must(explainConnectedDataAccess(facts, { dataType: 'photos', connection }));
    expect(unknown.reason).toBe('unknown_data_type');
    expect(canViewConnectedData(facts, { dataType: 'photos', connection }, { dataTypeTools: { photos: 'photos' } })).toBe(false);
  });

  it('C14: the directory variant derives the facts itself', () => {
    const d = must(explainConnectedDataAccessFor(directory as unknown as DirectoryData, 'vic', { dataType: 'drawings', connection }));
    expect(d.allowed).toBe(true);
    expect(canViewConnectedData(null as never, { dataType: 'drawings', connection })).toBe(false);
  });
});
