import { describe, expect, it } from 'vitest';
import { companyId, templateId } from '../../core/ids.js';
import { ok } from '../../core/result.js';
import type { PermissionTemplate } from '../../permissions/template-data.js';
import { levelTemplate } from '../../testing/serviceWorld.js';
import { MAX_REACH_ROUNDS, reachTemplates, type ReachSources } from './reach.js';
import type { StoredPermissionTemplate } from './records.js';

const listing = (id: string, assignable: readonly string[]): PermissionTemplate => ({ ...levelTemplate(id, {}), assignable: assignable.map(templateId) });
const stored = (company: string, template: PermissionTemplate, deleted = false): StoredPermissionTemplate => ({ companyId: companyId(company), template, version: 1, deleted, updatedAt: 0 });

/** Sources over fixed stored records and directory templates, counting the rounds asked. */
function sources(storedById: Record<string, StoredPermissionTemplate | 'unresolved'>, directory: readonly PermissionTemplate[]): ReachSources & { rounds: number } {
  const s = {
    rounds: 0,
    stored(ids: readonly string[]) {
      s.rounds += 1;
      return new Map(ids.flatMap((id) => (Object.hasOwn(storedById, id) ? [[id, storedById[id]!] as const] : [])));
    },
    directory: async (ids: readonly string[]) => ok(new Map(directory.filter((t) => ids.includes(t.id)).map((t) => [t.id as string, t] as const))),
  };
  return s;
}

const ids = (r: Awaited<ReturnType<typeof reachTemplates>>) => (r.ok ? r.value.map((t) => t.id).sort() : r.error);

describe('P10 reach in the service: which template an id names on a project, followed through every assignable list', () => {
  it('P10: a company\'s stored template replaces the directory\'s; another company\'s does not; a deleted one hides it (it reaches nothing)', async () => {
    const src = sources(
      { a: stored('build-co', listing('a', ['b'])), b: stored('other-co', listing('b', ['x'])), c: stored('build-co', listing('c', ['y']), true) },
      [listing('a', ['z']), listing('b', ['c']), listing('c', ['w'])],
    );
    expect(ids(await reachTemplates(['a'], 'build-co', src))).toEqual(['a', 'b']);
    const b = await reachTemplates(['a'], 'build-co', src);
    expect(b.ok && b.value.find((t) => t.id === 'b')?.assignable).toEqual(['c']);
  });

  it('P10: a chain of stored and directory templates is followed to its end, one round per link', async () => {
    const chain = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const storedById = Object.fromEntries(chain.filter((_, i) => i % 2 === 0).map((id, k) => [id, stored('build-co', listing(id, [`t${2 * k + 1}`]))]));
    const directory = chain.filter((_, i) => i % 2 === 1).map((id, k) => listing(id, k === 9 ? ['end'] : [`t${2 * k + 2}`]));
    const src = sources(storedById, directory);
    expect(ids(await reachTemplates(['t0'], 'build-co', src))).toEqual([...chain].sort());
    expect(src.rounds).toBe(21);
  });

  it(`P10: deeper than ${MAX_REACH_ROUNDS} links, or through a stored template the attempt did not read, is NOT_ASSIGNABLE (reach_unresolved), never decided on part of the chain`, async () => {
    const chainOf = (length: number) => Array.from({ length }, (_, i) => listing(`t${i}`, i + 1 < length ? [`t${i + 1}`] : []));
    const long = chainOf(MAX_REACH_ROUNDS + 1);
    const deep = await reachTemplates(['t0'], 'build-co', sources({}, long));
    expect(!deep.ok && deep.error.code === 'NOT_ASSIGNABLE' && deep.error.details).toMatchObject({ reason: 'reach_unresolved' });
    const unread = await reachTemplates(['a'], 'build-co', sources({ b: 'unresolved' }, [listing('a', ['b'])]));
    expect(!unread.ok && unread.error.details).toMatchObject({ templateId: 'b', reason: 'reach_unresolved' });
    expect(ids(await reachTemplates(['t0'], 'build-co', sources({}, chainOf(MAX_REACH_ROUNDS))))).toHaveLength(MAX_REACH_ROUNDS);
  });
});
