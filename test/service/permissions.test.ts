import { describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { createTemplate } from '../../src/extras.js';
import { levelTemplate } from '../../src/testing/serviceWorld.js';
import { permissionScopeStory } from './permissionScopeStory.js';
import { permissionStory } from './permissionStory.js';
import { permissionService } from './permissionWorld.js';

/** A service whose directory has company build-co with its admin ceo, and no project. */
function companyAdminService() {
  return permissionService(createInMemoryStorage(), {
    companies: [{ companyId: 'build-co', admins: ['ceo'] }],
    users: [{ userId: 'ceo', companyIds: ['build-co'] }],
    projects: [],
    templates: [levelTemplate('nothing', {})],
  });
}

describe('permissions through the service (issue 13), in-memory adapter', () => {
  it('P1–P7/P10/P11: templates created, edited, versioned and deleted by the company admin; assignments under P10 with chains refused; checks from stored templates; bad input writes nothing', async () => {
    await permissionStory(createInMemoryStorage());
  });

  it('P10/P1: a stored template stands in for the directory\'s on its own company\'s projects only, a deleted one hides it, and P10 follows chains of any length, stored or from the directory', async () => {
    await permissionScopeStory(createInMemoryStorage());
  });

  it('P1: a template name is stored as createTemplate makes it: trimmed, through the service as in the pure core; an empty one is refused by both', async () => {
    const service = companyAdminService();
    const stored = await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'padded', name: '  Padded  ', tools: {} });
    const pure = createTemplate({ id: 'padded', name: '  Padded  ' });
    expect(stored.ok && stored.value.template?.template.name).toBe('Padded');
    expect(pure.ok && pure.value.name).toBe('Padded');
    const empty = createTemplate({ id: 'x', name: '   ' });
    expect(!empty.ok && empty.error.code).toBe('INVALID_INPUT');
    const emptyStored = await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'x', name: '   ', tools: {} });
    expect(!emptyStored.ok && emptyStored.error.code).toBe('INVALID_INPUT');
  });

  it('P2: an edit that changes nothing (the same level again, a rename to the same name) records nothing and keeps the version, like the pure edits returning the template unchanged', async () => {
    const service = companyAdminService();
    expect((await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'crew', name: 'Crew', tools: { drawings: 'read_only' } })).ok).toBe(true);
    const same = await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'crew', edits: [{ kind: 'set_level', tool: 'drawings', level: 'read_only' }, { kind: 'rename', name: 'Crew' }], expectedVersion: 1 });
    expect(same.ok && same.value.events).toEqual([]);
    expect(same.ok && same.value.template?.version).toBe(1);
    const changed = await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'crew', edits: [{ kind: 'set_level', tool: 'drawings', level: 'standard' }], expectedVersion: 1 });
    expect(changed.ok && changed.value.template?.version).toBe(2);
    expect(changed.ok && changed.value.events.map((e) => e.type)).toEqual(['TemplateEdited']);
  });
});
