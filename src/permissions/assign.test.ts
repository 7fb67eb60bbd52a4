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
    expect(!r.ok && r.error.details).toEqual({ templateId: 'owner', assignable: ['crew', 'viewer'], userId: 'bo', reason: 'not_listed' });
  });

  it('P10: Directory admins are bound by their assignable list too', () => {
    const r = assignTemplate(directory, { projectId: 'tower', assignerId: 'dan', userId: 'bo', templateId: 'owner' });
    expect(!r.ok && r.error.code).toBe('NOT_ASSIGNABLE');
    expect(assignTemplate(directory, { projectId: 'tower', assignerId: 'dan', userId: 'new', templateId: 'crew' }).ok).toBe(true);
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
    const bad = assignTemplate(directory, { projectId: 'tower' } as never);
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
  });

  describe('no chaining (issue 15)', () => {
    // lead may assign viewer and helper; helper holders may assign project_admin.
    const assigner = (id: string, assignable: string[]) =>
      must(enablePermission(must(setToolLevel(blank(id, assignable), 'directory', 'standard')), 'directory.create_edit_users'));
    const lead = assigner('lead', ['viewer', 'helper']);
    const helper = assigner('helper', ['project_admin']);
    const projectAdmin = must(setToolLevel(assigner('project_admin', ['viewer']), 'admin', 'admin'));
    const world = (members: { userId: string; templateId: string }[], templates = [lead, helper, projectAdmin, viewer, crew, manager]): DirectoryData =>
      ({ companies: [], memberships: [], projects: [{ projectId: 'p', companyId: 'gc', members }], templates }) as unknown as DirectoryData;
    const assign = (d: DirectoryData, assignerId: string, userId: string, templateId: string) => assignTemplate(d, { projectId: 'p', assignerId, userId, templateId });

    it('P10: a user cannot reach, through a template they may assign, a template they could not assign directly', () => {
      const d = world([{ userId: 'lee', templateId: 'lead' }, { userId: 'fay', templateId: 'viewer' }]);
      const self = assign(d, 'lee', 'lee', 'helper');
      expect(!self.ok && self.error.code).toBe('NOT_ASSIGNABLE');
      expect(!self.ok && self.error.details).toMatchObject({ templateId: 'helper', reason: 'reaches_unlisted', unlisted: ['project_admin'] });
      const friend = assign(d, 'lee', 'fay', 'helper');
      expect(!friend.ok && friend.error.code).toBe('NOT_ASSIGNABLE');
      const stranger = assign(d, 'lee', 'new', 'helper');
      expect(!stranger.ok && stranger.error.code).toBe('NOT_ASSIGNABLE');
      expect(assign(d, 'lee', 'fay', 'viewer').ok).toBe(true);
    });

    it('P10: a chain through a template that lists the assigner\'s own template is refused too', () => {
      const peer = assigner('peer', ['lead2']);
      const lead2 = assigner('lead2', ['peer']);
      const d = world([{ userId: 'lee', templateId: 'lead2' }], [peer, lead2]);
      const r = assign(d, 'lee', 'new', 'peer');
      expect(!r.ok && r.error.details).toMatchObject({ reason: 'reaches_unlisted', unlisted: ['lead2'] });
    });

    it('P10: nobody self-assigns a template wider than their own', () => {
      const wide = must(setToolLevel(blank('wide'), 'budget', 'admin'));
      const narrow = blank('narrow');
      const self = assigner('self', ['wide', 'narrow', 'self']);
      const d = world([{ userId: 'sam', templateId: 'self' }, { userId: 'bo', templateId: 'narrow' }], [self, wide, narrow]);
      const up = assign(d, 'sam', 'sam', 'wide');
      expect(!up.ok && up.error.code).toBe('NOT_ASSIGNABLE');
      expect(!up.ok && up.error.details).toMatchObject({ templateId: 'wide', userId: 'sam', reason: 'wider_than_own' });
      expect(assign(d, 'sam', 'bo', 'wide').ok).toBe(true);
      const down = must(assign(d, 'sam', 'sam', 'narrow'));
      expect(down.projects[0]?.members.find((m) => m.userId === 'sam')?.templateId).toBe('narrow');
    });

    it('P10: nobody changes or demotes a member whose current template they could not assign', () => {
      const d = world([{ userId: 'lee', templateId: 'lead' }, { userId: 'pat', templateId: 'project_admin' }]);
      const r = assign(d, 'lee', 'pat', 'viewer');
      expect(!r.ok && r.error.code).toBe('NOT_ASSIGNABLE');
      expect(!r.ok && r.error.details).toMatchObject({ templateId: 'viewer', userId: 'pat', reason: 'current_not_assignable', currentTemplateId: 'project_admin' });
      expect(assign(d, 'pat', 'lee', 'viewer').ok).toBe(false);
    });
  });
});
