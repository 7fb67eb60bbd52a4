import { describe, expect, it } from 'vitest';
import { blank, must } from '../../test/permissions/helpers.js';
import { assignTemplate, checkAssignable, enablePermission, setToolLevel, type DirectoryData } from './index.js';

const manager = must(
  enablePermission(must(setToolLevel(blank('manager', ['crew', 'viewer']), 'directory', 'standard')), 'directory.create_edit_users'),
);
const adder = must(
  enablePermission(must(setToolLevel(blank('adder', ['viewer']), 'directory', 'read_only')), 'directory.add_from_company_directory'),
);
const dirAdmin = must(setToolLevel(blank('dir_admin', ['crew']), 'directory', 'admin'));
const crew = must(setToolLevel(blank('crew'), 'rfis', 'standard'));
const viewer = blank('viewer');
const owner = must(setToolLevel(blank('owner'), 'admin', 'admin'));

const directory: DirectoryData = {
  companies: [],
  memberships: [],
  projects: [
    {
      projectId: 'tower',
      companyId: 'gc',
      members: [
        { userId: 'mia', templateId: 'manager' },
        { userId: 'ada', templateId: 'adder' },
        { userId: 'dan', templateId: 'dir_admin' },
        { userId: 'bo', templateId: 'viewer' },
      ],
    },
  ],
  templates: [manager, adder, dirAdmin, crew, viewer, owner],
} as unknown as DirectoryData;

describe('assignable templates (P10)', () => {
  it('P10: a holder may assign the templates their template lists', () => {
    const r = must(assignTemplate(directory, { projectId: 'tower', assignerId: 'mia', userId: 'bo', templateId: 'crew' }));
    expect(r.projects[0]?.members.find((m) => m.userId === 'bo')?.templateId).toBe('crew');
    expect(Object.isFrozen(r) && Object.isFrozen(r.projects[0]?.members)).toBe(true);
  });

  it('P10: assigning any other template is NOT_ASSIGNABLE', () => {
    const r = assignTemplate(directory, { projectId: 'tower', assignerId: 'mia', userId: 'bo', templateId: 'owner' });
    expect(!r.ok && r.error.code).toBe('NOT_ASSIGNABLE');
    expect(!r.ok && r.error.details).toEqual({ templateId: 'owner', assignable: ['crew', 'viewer'], userId: 'bo' });
  });

  it('P10: Directory admins are bound by their assignable list too', () => {
    const r = assignTemplate(directory, { projectId: 'tower', assignerId: 'dan', userId: 'bo', templateId: 'owner' });
    expect(!r.ok && r.error.code).toBe('NOT_ASSIGNABLE');
    expect(assignTemplate(directory, { projectId: 'tower', assignerId: 'dan', userId: 'bo', templateId: 'crew' }).ok).toBe(true);
  });

  it('P10: adding from the company directory adds people but does not change existing templates', () => {
    const added = assignTemplate(directory, { projectId: 'tower', assignerId: 'ada', userId: 'new', templateId: 'viewer' });
    expect(added.ok).toBe(true);
    const changed = assignTemplate(directory, { projectId: 'tower', assignerId: 'ada', userId: 'bo', templateId: 'viewer' });
    expect(!changed.ok && changed.error.code).toBe('NOT_AUTHORIZED');
  });

  it('P10: users without a directory assignment permission cannot assign', () => {
    const r = assignTemplate(directory, { projectId: 'tower', assignerId: 'bo', userId: 'mia', templateId: 'viewer' });
    expect(!r.ok && r.error.code).toBe('NOT_AUTHORIZED');
    const c = checkAssignable(viewer, 'viewer');
    expect(!c.ok && c.error.code).toBe('NOT_AUTHORIZED');
    expect(checkAssignable(manager, 'crew', 'add').ok).toBe(true);
  });

  it('P10: unknown projects, templates and assigners are refused', () => {
    const project = assignTemplate(directory, { projectId: 'x', assignerId: 'mia', userId: 'bo', templateId: 'crew' });
    expect(!project.ok && project.error.code).toBe('NOT_FOUND');
    const template = assignTemplate(directory, { projectId: 'tower', assignerId: 'mia', userId: 'bo', templateId: 'ghost' });
    expect(!template.ok && template.error.code).toBe('NOT_FOUND');
    const stranger = assignTemplate(directory, { projectId: 'tower', assignerId: 'zed', userId: 'bo', templateId: 'crew' });
    expect(!stranger.ok && stranger.error.code).toBe('NOT_AUTHORIZED');
    const bad = assignTemplate(directory, { projectId: 'tower' });
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
  });
});
