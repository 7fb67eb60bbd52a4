/**
 * `npm run demo:permissions`: permission templates and assignments through the application service
 * (issue 13, P1–P11). Build Co's admin creates its templates; Ana (who may assign them) makes Bo a
 * lead; Bo gives Cy the crew template but cannot hand out one that leads further than his own list
 * (P10, no chains); a locked permission stays on (P3); an edit changes what Cy may do, and every
 * change is in the template's history.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConnectionService, createInMemoryDirectory, createInMemoryStorage, manualClock, sequentialIds, templateId, type DomainError, type Result } from 'project-connections';
import { levelTemplate } from 'project-connections/testing';

/** Runs the story, printing each step with `log`. */
export async function runServicePermissionsDemo(log: (line: string) => void): Promise<void> {
  const service = createConnectionService({
    storage: createInMemoryStorage(),
    directory: createInMemoryDirectory({
      companies: [{ companyId: 'build-co', name: 'Build Co', admins: ['ceo'] }],
      users: ['ceo', 'ana', 'bo', 'cy'].map((userId) => ({ userId, companyIds: ['build-co'] })),
      projects: [{ projectId: 'tower', companyId: 'build-co', members: ['ana', 'bo', 'cy'].map((userId) => ({ userId, templateId: userId === 'ana' ? 'office' : 'newcomer' })) }],
      templates: [{ ...levelTemplate('office', { directory: 'admin' }), assignable: ['crew', 'helper', 'lead', 'newcomer', 'pm'].map(templateId) }, levelTemplate('newcomer', {})],
    }),
    notifications: { deliver: async () => undefined },
    sync: { perform: async () => undefined },
    clock: manualClock(Date.parse('2026-03-02T08:00:00Z')),
    ids: sequentialIds(),
  });
  const show = <T>(what: string, r: Result<T, DomainError>, ok: (v: T) => string) => log(r.ok ? `  ✓ ${what}: ${ok(r.value)}` : `  ✗ ${what}: ${r.error.code} — ${r.error.message}`);

  log('1. The company admin creates Build Co’s templates (P1, P4 defaults)');
  for (const [templateId, tools, assignable] of [
    ['crew', { drawings: 'read_only' }, []],
    ['helper', { directory: 'admin' }, ['pm']],
    ['lead', { directory: 'admin', drawings: 'standard' }, ['crew', 'helper', 'newcomer']],
    ['pm', { directory: 'admin', drawings: 'admin' }, ['crew', 'helper', 'lead']],
  ] as const) {
    show(`create ${templateId}`, await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId, tools, assignable: [...assignable] }), (v) => `version ${v.template?.version}`);
  }
  show('Ana tries to create one (not a company admin)', await service.createPermissionTemplate({ actorId: 'ana', companyId: 'build-co', templateId: 'x' }), () => '');

  log('2. Assignments under P10');
  show('Ana makes Bo a lead', await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'bo', templateId: 'lead' }), (v) => `bo holds ${v.assignment?.templateId}`);
  show('Bo gives Cy the crew template', await service.assignPermissionTemplate({ actorId: 'bo', projectId: 'tower', userId: 'cy', templateId: 'crew' }), (v) => `cy holds ${v.assignment?.templateId}`);
  show('Bo gives himself helper (helper may assign pm: a chain)', await service.assignPermissionTemplate({ actorId: 'bo', projectId: 'tower', userId: 'bo', templateId: 'helper' }), () => '');

  log('3. Checks and explanations from the stored templates (P11)');
  const check = async (permission: string) => {
    const r = await service.checkPermission({ projectId: 'tower', userId: 'cy', permission });
    log(r.ok ? `  cy ${permission}: ${r.value.allowed ? 'allowed' : `denied — ${r.value.message}`}` : `  ✗ ${r.error.code}`);
  };
  await check('drawings.view');
  await check('drawings.publish');

  log('4. Edits (P2–P7), all or none, versioned');
  show('switch off a locked permission', await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'crew', edits: [{ kind: 'set_level', tool: 'action_plans', level: 'standard' }, { kind: 'disable', permission: 'action_plans.sign_as_approver' }] }), () => '');
  show('crew gets Drawings admin', await service.editPermissionTemplate({ actorId: 'ceo', templateId: 'crew', edits: [{ kind: 'set_level', tool: 'drawings', level: 'admin' }], expectedVersion: 1 }), (v) => `version ${v.template?.version}`);
  await check('drawings.publish');
  const history = await service.permissionTemplate({ templateId: 'crew' });
  if (history.ok) log(`  history of crew: ${history.value.events.map((e) => e.type).join(' → ')}`);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  await runServicePermissionsDemo((line) => console.log(line));
}
