import { expect } from 'vitest';
import type { StoragePort } from '../../src/ports/storage.js';
import { templateId } from '../../src/core/ids.js';
import { levelTemplate } from '../../src/testing/serviceWorld.js';
import { code, permissionService } from './permissionWorld.js';

/** Build Co's directory: ceo is a company admin; ana holds a bootstrap template on Tower; bo and cy are members too. */
function directoryData() {
  return {
    companies: [{ companyId: 'build-co', admins: ['ceo'] }, { companyId: 'other-co', admins: ['oz'] }],
    users: ['ceo', 'ana', 'bo', 'cy', 'oz'].map((userId) => ({ userId, companyIds: ['build-co'] })),
    projects: [
      {
        projectId: 'tower',
        companyId: 'build-co',
        members: [
          { userId: 'ana', templateId: 'boot' },
          { userId: 'bo', templateId: 'nothing' },
          { userId: 'cy', templateId: 'nothing' },
        ],
      },
    ],
    templates: [{ ...levelTemplate('boot', { directory: 'admin' }), assignable: ['crew', 'helper', 'lead', 'nothing', 'pm'].map(templateId) }, levelTemplate('nothing', {})],
  };
}

/**
 * The permission story through the service (issue 13), on `storage`: templates created, edited (P2–P7),
 * versioned and deleted by the company's admin; assignments under P10 (chains refused); checks and
 * explanations (P11) from the stored templates; bad input refused with nothing written.
 */
export async function permissionStory(storage: StoragePort): Promise<void> {
  const service = permissionService(storage, directoryData());

  // P1/P4: the company admin creates its templates; nobody else may.
  expect(code(await service.createPermissionTemplate({ actorId: 'ana', companyId: 'build-co', templateId: 'crew', tools: { drawings: 'read_only' } }))).toBe('NOT_AUTHORIZED');
  expect(code(await service.createPermissionTemplate({ actorId: 'oz', companyId: 'build-co', templateId: 'crew' }))).toBe('NOT_AUTHORIZED');
  const crew = await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'crew', name: 'Crew', tools: { drawings: 'read_only' } });
  expect(crew.ok && crew.value.template).toMatchObject({ version: 1, deleted: false, companyId: 'build-co' });
  expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'helper', tools: { directory: 'admin' }, assignable: ['pm'] }))).toBe('ok');
  expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'lead', tools: { directory: 'admin', drawings: 'standard' }, assignable: ['crew', 'helper', 'nothing'] }))).toBe('ok');
  expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'pm', tools: { directory: 'admin', drawings: 'admin' }, assignable: ['crew', 'helper', 'lead'] }))).toBe('ok');
  expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'crew' }))).toBe('INVALID_INPUT');

  // P10: ana (boot: may assign crew, helper, lead, nothing, pm) makes bo a lead; bo (lead: crew, helper, nothing) assigns.
  const lead = await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'bo', templateId: 'lead' });
  expect(lead.ok ? 'ok' : JSON.stringify(lead.error)).toBe('ok');
  expect(code(await service.assignPermissionTemplate({ actorId: 'bo', projectId: 'tower', userId: 'cy', templateId: 'crew' }))).toBe('ok');
  // P10 chaining: helper may assign pm (which may assign lead), beyond lead's list: bo cannot give helper to anyone, himself included.
  for (const userId of ['cy', 'bo']) {
    const chained = await service.assignPermissionTemplate({ actorId: 'bo', projectId: 'tower', userId, templateId: 'helper' });
    expect(!chained.ok && chained.error.code === 'NOT_ASSIGNABLE' && chained.error.details).toMatchObject({ reason: 'reaches_unlisted', unlisted: ['lead', 'pm'] });
  }
  expect(code(await service.assignPermissionTemplate({ actorId: 'bo', projectId: 'tower', userId: 'cy', templateId: 'pm' }))).toBe('NOT_ASSIGNABLE');
  expect(code(await service.assignPermissionTemplate({ actorId: 'cy', projectId: 'tower', userId: 'bo', templateId: 'crew' }))).toBe('NOT_AUTHORIZED');

  // P11: checks and explanations come from the stored templates.
  const view = await service.checkPermission({ projectId: 'tower', userId: 'cy', permission: 'drawings.view' });
  expect(view.ok && view.value.allowed).toBe(true);
  const publish = await service.checkPermission({ projectId: 'tower', userId: 'cy', permission: 'drawings.publish' });
  expect(publish.ok && !publish.value.allowed && publish.value.causes.map((c) => c.kind)).toEqual(['level_too_low']);

  // P2–P7: edits are all or none; a locked permission cannot be switched off; versions grow by one.
  const locked = await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'crew', edits: [{ kind: 'set_level', tool: 'action_plans', level: 'standard' }, { kind: 'disable', permission: 'action_plans.sign_as_approver' }] });
  expect(code(locked)).toBe('LOCKED_PERMISSION');
  expect(code(await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'crew', edits: [{ kind: 'enable', permission: 'drawings.teleport' }] }))).toBe('UNKNOWN_PERMISSION');
  const edited = await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'crew', edits: [{ kind: 'set_level', tool: 'drawings', level: 'admin' }], expectedVersion: 1 });
  expect(edited.ok && edited.value.template?.version).toBe(2);
  const stale = await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'crew', edits: [{ kind: 'rename', name: 'x' }], expectedVersion: 1 });
  expect(code(stale)).toBe('CONCURRENT_MODIFICATION');
  // A stale expectedVersion: retrying cannot succeed (read the template again), unlike a conflict that outlasted the retries.
  expect(!stale.ok && stale.error.code === 'CONCURRENT_MODIFICATION' && stale.error.details).toMatchObject({ attempts: 0, retryable: false });
  // P6: both daily log permissions on is a valid template, and the edit's answer carries the validation warning.
  const overlap = await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'lead', edits: [{ kind: 'set_level', tool: 'daily_log', level: 'standard' }, { kind: 'enable_all', tool: 'daily_log' }] });
  expect(overlap.ok && overlap.value.warnings.map((w) => [w.code, w.message.includes('daily_log.collaborator_entry_only')])).toEqual([['PERMISSION_OVERRIDDEN', true]]);
  expect(edited.ok && edited.value.warnings).toEqual([]);
  const now = await service.checkPermission({ projectId: 'tower', userId: 'cy', permission: 'drawings.publish' });
  expect(now.ok && now.value.allowed).toBe(true);

  // A template someone holds is not deleted; once nobody does, it is, and it is not assigned again.
  const inUse = await service.deletePermissionTemplate({ actorId: 'ceo', templateId: 'crew' });
  expect(code(inUse)).toBe('INVALID_TRANSITION');
  expect(code(await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'lead' }))).toBe('ok');
  expect(code(await service.deletePermissionTemplate({ actorId: 'ceo', templateId: 'crew' }))).toBe('ok');
  expect(code(await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'crew' }))).toBe('NOT_FOUND');
  expect(code(await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'crew', edits: [{ kind: 'rename', name: 'again' }] }))).toBe('NOT_FOUND');

  // History: every change is an event.
  const history = await service.permissionTemplate({ templateId: 'crew' });
  expect(history.ok && history.value.events.map((e) => e.type)).toEqual(['TemplateCreated', 'TemplateEdited', 'TemplateDeleted']);
  expect(history.ok && history.value.template).toMatchObject({ version: 3, deleted: true });
  const cy = await service.permissionAssignment({ projectId: 'tower', userId: 'cy' });
  expect(cy.ok && [cy.value.templateId, cy.value.source, cy.value.events.map((e) => (e.type === 'TemplateAssigned' ? e.templateId : ''))]).toEqual(['lead', 'service', ['crew', 'lead']]);
  const ana = await service.permissionAssignment({ projectId: 'tower', userId: 'ana' });
  expect(ana.ok && [ana.value.templateId, ana.value.source]).toEqual(['boot', 'directory']);

  // Bad input: a clear error and nothing written.
  const before = await service.permissionTemplate({ templateId: 'lead' });
  for (const input of [
    { actorId: 'ceo', templateId: 'lead', edits: [] },
    { actorId: 'ceo', templateId: 'lead', edits: [{ kind: 'set_level', tool: 'drawings', level: 'owner' }] },
    { actorId: 'ceo', templateId: 'lead', edits: [{ kind: 'explode' }] },
    { actorId: 'ceo', templateId: 'le\u0000ad', edits: [{ kind: 'rename', name: 'x' }] },
    // A name no store keeps as it is (PostgreSQL's jsonb refuses a NUL): refused, not a port failure.
    { actorId: 'ceo', templateId: 'lead', edits: [{ kind: 'rename', name: 'Le\u0000ad' }] },
    { actorId: 'ceo', templateId: 'lead', edits: [{ kind: 'rename', name: 'Lead \uD800' }] },
    null,
  ]) {
    expect(code(await service.editPermissionTemplate(input as never))).toBe('INVALID_INPUT');
  }
  expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'nul-name', name: 'a\u0000b', tools: { drawings: 'read_only' } }))).toBe('INVALID_INPUT');
  expect((await service.permissionTemplate({ templateId: 'nul-name' })).ok).toBe(false);
  expect(await service.permissionTemplate({ templateId: 'lead' })).toEqual(before);
  // A malformed context is named where it is, inside the input.
  const context = await service.checkPermission({ projectId: 'tower', userId: 'cy', permission: 'drawings.view', context: { platform: 'tv' } } as never);
  expect(!context.ok && context.error.code === 'INVALID_INPUT' && context.error.details.issues.map((i) => i.path)).toEqual([['input', 'context', 'platform']]);
}
