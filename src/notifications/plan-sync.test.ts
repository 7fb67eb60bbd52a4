import { describe, expect, it } from 'vitest';
import { planUpstreamChange } from '../sync/plan.js';
import { planSyncNotifications } from './plan-sync.js';
import { directory, DOWNSTREAM_DRAWINGS, Lifecycle, SUB, T0, u } from '../../test/notifications/fixtures.js';
import { syncNotificationsOf } from '../../test/notifications/story.js';

function publishNotices(itemIds: string[]) {
  const l = new Lifecycle('automatic');
  l.request();
  const r = planUpstreamChange({
    connection: l.connection,
    change: { kind: 'published', items: itemIds.map((itemId) => ({ dataType: 'drawings', itemId, revision: 0, published: true })) },
    at: T0 + 1,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.notices;
}

describe('sync notifications', () => {
  it('N1: go to the downstream Drawings admins, one per recipient, listing the items', () => {
    const ns = syncNotificationsOf(publishNotices(['A-1', 'A-2']));
    expect(ns.map((n) => n.recipient)).toEqual(DOWNSTREAM_DRAWINGS);
    expect(ns.every((n) => n.event === 'NewDrawingsPublished' && n.dataType === 'drawings')).toBe(true);
    expect(ns[0]?.itemIds).toEqual(['A-1', 'A-2']);
  });

  it('N2: follow the downstream Drawings list', () => {
    const ns = syncNotificationsOf(publishNotices(['A-1']), { settings: [{ projectId: SUB, lists: { drawings: { selectedAdmins: u('fay') } } }] });
    expect(ns.map((n) => n.recipient)).toEqual(u('fay'));
  });

  it('N3: a selected Drawings admin who left the directory gets nothing', () => {
    const demoted = {
      ...directory,
      projects: directory.projects.map((p) => (p.projectId !== SUB ? p : { ...p, members: p.members.filter((m) => m.userId !== 'fay') })),
    };
    const notice = publishNotices(['A-1'])[0]!;
    const r = planSyncNotifications({ notice, directory: demoted, settings: [{ projectId: SUB, lists: { drawings: { selectedAdmins: u('fay', 'eve') } } }] });
    expect(r.ok && r.value.notifications.map((n) => n.recipient)).toEqual(u('eve'));
    expect(r.ok && r.value.withheld).toEqual([{ userId: 'fay', projectId: SUB, tool: 'drawings', reason: 'not_on_directory' }]);
  });

  it('N5: the same change planned twice gives the same notification ids', () => {
    const a = syncNotificationsOf(publishNotices(['A-1', 'A-2'])).map((n) => n.id);
    const b = syncNotificationsOf(publishNotices(['A-2', 'A-1'])).map((n) => n.id);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });

  it('§7: a malformed notice is INVALID_INPUT', () => {
    // @ts-expect-error 'ConnectionCreated' is no sync notice: refused at compile time, and at run time for untyped callers
    const r = planSyncNotifications({ notice: { event: 'ConnectionCreated' }, directory });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });
});
