import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInMemoryDirectory, createInMemoryStorage, type InMemoryStorage } from '../../src/adapters/memory/index.js';
import { manualClock, sequentialIds, type IdPort } from '../../src/ports/clock.js';
import type { CommitRequest, StoragePort } from '../../src/ports/storage.js';
import { createConnectionService, type ConnectionService } from '../../src/service/index.js';
import { templateId } from '../../src/core/ids.js';
import { levelTemplate } from '../../src/testing/serviceWorld.js';
import { pbtRuns } from '../support/pbt.js';
import { T0 } from './fixtures.js';

const USERS = ['cy', 'dee', 'eli', 'fay', 'gus', 'hal'] as const;

/** build-co: ceo (company admin) keeps templates; ana may assign "crew" on tower to the six users. */
function world(storage: StoragePort, ids: IdPort): ConnectionService {
  return createConnectionService({
    storage,
    clock: manualClock(T0),
    ids,
    directory: createInMemoryDirectory({
      companies: [{ companyId: 'build-co', admins: ['ceo'] }],
      users: ['ceo', 'ana', ...USERS].map((userId) => ({ userId, companyIds: ['build-co'] })),
      projects: [{ projectId: 'tower', companyId: 'build-co', members: [{ userId: 'ana', templateId: 'boss' }, ...USERS.map((userId) => ({ userId, templateId: 'nothing' }))] }],
      templates: [{ ...levelTemplate('boss', { directory: 'admin' }), assignable: ['crew', 'nothing'].map(templateId) }, levelTemplate('nothing', {})],
    }),
    notifications: { deliver: async () => undefined },
    sync: { perform: async () => undefined },
  });
}

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const hasEvent = (request: CommitRequest, type: string) => request.events.some((a) => a.events.some((e) => (e as { type?: string }).type === type));

/** The in-memory storage with one commit held until `release` (the one `hold` picks). */
function gated(base: InMemoryStorage, hold: (request: CommitRequest) => boolean) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const storage: StoragePort = {
    ...base,
    async commit(request) {
      if (!held && hold(request)) {
        held = true;
        await gate;
      }
      return base.commit(request);
    },
  };
  return { storage, release };
}

/** Template "crew" created (nobody holds it), then a service whose commit `hold` picks waits for `release`. */
async function withCrew(hold: (request: CommitRequest) => boolean) {
  const base = createInMemoryStorage();
  const ids = sequentialIds();
  expect(code(await world(base, ids).createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'crew', tools: { drawings: 'read_only' } }))).toBe('ok');
  const { storage, release } = gated(base, hold);
  return { base, service: world(storage, ids), release };
}

/** The assignments stored that name a template stored as deleted. */
function stranded(base: InMemoryStorage): string[] {
  const records = base.snapshot().records as readonly { key: string; data: unknown }[];
  const deleted = new Set(records.filter((r) => r.key.startsWith('perm_template:') && (r.data as { deleted?: boolean } | null)?.deleted === true).map((r) => (r.data as { template: { id: string } }).template.id));
  return records.filter((r) => r.key.startsWith('perm_assignment:') && deleted.has((r.data as { templateId: string }).templateId)).map((r) => r.key);
}

describe('P10/templates: a delete racing an assignment never strands an assignment on a deleted template', () => {
  it('P10: the assignment commits while the delete waits to commit: the delete is refused (INVALID_TRANSITION), the assignment stands', async () => {
    const { base, service, release } = await withCrew((r) => hasEvent(r, 'TemplateDeleted'));
    const deleting = service.deletePermissionTemplate({ actorId: 'ceo', templateId: 'crew' });
    const assigned = await service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'crew' });
    release();
    expect(code(assigned)).toBe('ok');
    expect(code(await deleting)).toBe('INVALID_TRANSITION');
    expect(stranded(base)).toEqual([]);
    const check = await service.checkPermission({ projectId: 'tower', userId: 'cy', permission: 'drawings.view' });
    expect(code(check)).toBe('ok');
  });

  it('P10: the delete commits while the assignment waits to commit: the assignment is refused (NOT_FOUND), nothing is stranded', async () => {
    const { base, service, release } = await withCrew((r) => hasEvent(r, 'TemplateAssigned'));
    const assigning = service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: 'cy', templateId: 'crew' });
    const deleted = await service.deletePermissionTemplate({ actorId: 'ceo', templateId: 'crew' });
    release();
    expect(code(deleted)).toBe('ok');
    expect(code(await assigning)).toBe('NOT_FOUND');
    expect(stranded(base)).toEqual([]);
  });

  it('P10: six assignments of one template at once all succeed (only a first holder touches the template)', async () => {
    const base = createInMemoryStorage();
    const service = world(base, sequentialIds());
    expect(code(await service.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'crew', tools: { drawings: 'read_only' } }))).toBe('ok');
    const all = await Promise.all(USERS.map((userId) => service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId, templateId: 'crew' })));
    expect(all.map(code)).toEqual(USERS.map(() => 'ok'));
  });

  it('P10: whatever the interleaving of a delete with assignments and reassignments, no stored assignment names the deleted template', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.record({ userId: fc.constantFrom(...USERS), templateId: fc.constantFrom('crew', 'nothing') }), { minLength: 1, maxLength: 5 }), async (s, moves) => {
        const base = createInMemoryStorage();
        const ids = sequentialIds();
        const setup = world(base, ids);
        expect(code(await setup.createPermissionTemplate({ actorId: 'ceo', companyId: 'build-co', templateId: 'crew', tools: { drawings: 'read_only' } }))).toBe('ok');
        const service = world({ ...base, load: s.scheduleFunction((keys: readonly string[]) => base.load(keys)), commit: s.scheduleFunction((r: CommitRequest) => base.commit(r)), query: s.scheduleFunction((q: Parameters<StoragePort['query']>[0]) => base.query(q)) }, ids);
        const answers = [
          service.deletePermissionTemplate({ actorId: 'ceo', templateId: 'crew' }),
          ...moves.map((m) => service.assignPermissionTemplate({ actorId: 'ana', projectId: 'tower', userId: m.userId, templateId: m.templateId })),
        ];
        await s.waitFor(Promise.all(answers));
        const codes = (await Promise.all(answers)).map(code);
        for (const c of codes) expect(['ok', 'INVALID_TRANSITION', 'NOT_FOUND', 'CONCURRENT_MODIFICATION']).toContain(c);
        expect(stranded(base)).toEqual([]);
      }),
      { numRuns: pbtRuns(150) },
    );
  });
});
