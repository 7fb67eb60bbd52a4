import { expect } from 'vitest';
import { templateId } from '../../src/core/ids.js';
import type { StoragePort } from '../../src/ports/storage.js';
import { levelTemplate } from '../../src/testing/serviceWorld.js';
import { code, permissionService } from './permissionWorld.js';

const CHAIN = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'];

/** Build Co's Tower: ana assigns with a bootstrap directory template; bo, cy and dee hold directory templates too. */
function directoryData() {
  return {
    companies: [{ companyId: 'build-co', admins: ['ceo'] }, { companyId: 'other-co', admins: ['oz'] }],
    users: ['ceo', 'ana', 'bo', 'cy', 'dee', 'oz'].map((userId) => ({ userId, companyIds: ['build-co'] })),
    projects: [
      {
        projectId: 'tower',
        companyId: 'build-co',
        members: [
          { userId: 'ana', templateId: 'boot' },
          { userId: 'bo', templateId: 'guest' },
          { userId: 'cy', templateId: 'nothing' },
          { userId: 'dee', templateId: 'nothing' },
        ],
      },
    ],
    templates: [{ ...levelTemplate('boot', { directory: 'admin' }), assignable: ['crew', 'nothing', 'visitor', ...CHAIN].map(templateId) }, levelTemplate('nothing', {}), levelTemplate('guest', {}), levelTemplate('visitor', { drawings: 'admin' })],
  };
}

/**
 * Which template an id names on a project, through the service (issue 13): a company's stored template
 * replaces the directory's of the same id on that company's projects only, a deleted one hides it, and
 * P10 follows every assignable list, stored or from the directory, however long the chain.
 */
export async function permissionScopeStory(storage: StoragePort): Promise<void> {
  const service = permissionService(storage, directoryData());
  const publish = async (userId: string) => {
    const r = await service.checkPermission({ projectId: 'tower', userId, permission: 'drawings.publish' });
    return r.ok ? r.value.allowed : r.error.code;
  };

  // Another company's template of the same id changes nothing on Build Co's projects: the id still names
  // Build Co's directory template there, for checks and for assignments (another company storing an id
  // cannot stop Build Co from giving, or demoting someone to, its own template); an id only the other
  // company has is not assigned there.
  expect(code(await service.createPermissionTemplate({ actorId: 'oz', companyId: 'other-co', templateId: 'visitor', tools: { drawings: 'none' } }))).toBe('ok');
  expect(code(await service.createPermissionTemplate({ actorId: 'oz', companyId: 'other-co', templateId: 'guest', tools: { drawings: 'admin' } }))).toBe('ok');
  expect(await publish('bo')).toBe(false);
  const own = await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'visitor' });
  expect(own.ok && own.value.assignment).toMatchObject({ templateId: 'visitor', templateVersion: 0 });
  expect(await publish('cy')).toBe(true); // Build Co's directory visitor (drawings admin), not other-co's
  expect(code(await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'nothing' }))).toBe('ok');
  expect(code(await service.createPermissionTemplate({ actorId: 'oz', companyId: 'other-co', templateId: 'rival-only', tools: { drawings: 'admin' } }))).toBe('ok');
  const foreign = await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'rival-only' });
  expect(!foreign.ok && foreign.error.code === 'NOT_AUTHORIZED' && foreign.error.details).toMatchObject({ failed: [{ condition: 'template_of_project_company' }] });

  // A template is assigned only to a user the directory knows (nothing written otherwise).
  const ghost = await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'ghost', templateId: 'nothing' });
  expect(!ghost.ok && ghost.error.details).toEqual({ entity: 'user', id: 'ghost' });
  expect(code(await service.permissionAssignment({ projectId: 'tower', userId: 'ghost' }))).toBe('NOT_FOUND');

  // A directory template nobody holds in the directory, assigned through the service, is what checks read.
  expect(code(await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'visitor' }))).toBe('ok');
  expect(await publish('cy')).toBe(true);
  expect(code(await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'nothing' }))).toBe('ok');
  expect(await publish('cy')).toBe(false);

  // P10 follows the whole chain: t1 → … → t8 → pm, and boot does not list pm.
  for (const [i, id] of CHAIN.entries()) {
    const next = CHAIN[i + 1] ?? 'pm';
    expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: id, tools: { directory: 'admin' }, assignable: [next] }))).toBe('ok');
  }
  const chained = await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 't1' });
  expect(!chained.ok && chained.error.code === 'NOT_ASSIGNABLE' && chained.error.details).toMatchObject({ reason: 'reaches_unlisted', unlisted: ['pm'] });
  expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'crew', tools: { drawings: 'read_only' } }))).toBe('ok');
  expect(code(await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'crew' }))).toBe('ok');

  // The company narrows the bootstrap template by storing its own: P10 reads the stored one for the assigner.
  expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'boot', tools: { directory: 'read_only' }, assignable: ['crew', 'nothing'] }))).toBe('ok');
  const narrowed = await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'dee', templateId: 'crew' });
  expect(narrowed.ok ? 'ok' : narrowed.error.code).toBe('NOT_AUTHORIZED');
  const dee = await service.permissionAssignment({ projectId: 'tower', userId: 'dee' });
  expect(dee.ok && [dee.value.templateId, dee.value.source, dee.value.events]).toEqual(['nothing', 'directory', []]);

  // A stored template replaces the directory's of the same id; deleted, it hides it (dee then holds no template).
  expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'nothing', tools: { drawings: 'admin' } }))).toBe('ok');
  expect(await publish('dee')).toBe(true);
  expect(code(await service.deletePermissionTemplate({ actorId: 'ceo', templateId: 'nothing' }))).toBe('ok');
  expect(await publish('dee')).toBe('NOT_FOUND');
  expect(await publish('bo')).toBe(false);
}
