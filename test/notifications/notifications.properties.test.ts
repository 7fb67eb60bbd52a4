import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DirectoryFacts } from '../../src/notifications/directory.js';
import { ARBITRARY_CONNECTION, arbConnectionEvent, arbDirectoryFacts, arbNotificationSettings } from '../../src/notifications/arbitraries.js';
import type { ConnectionNotification } from '../../src/notifications/notification.js';
import { planConnectionNotifications, type PlanConnectionNotificationsInput } from '../../src/notifications/plan-connection.js';
import { planSyncNotifications } from '../../src/notifications/plan-sync.js';
import type { ProjectNotificationSettings } from '../../src/notifications/settings.js';
import { pbtRuns } from '../support/pbt.js';

/** The oracle of N1–N3, written independently of the planner: may this user receive this notification now? */
function qualifies(n: ConnectionNotification, directory: DirectoryFacts, settings: readonly ProjectNotificationSettings[]): boolean {
  const project = directory.projects.find((p) => p.projectId === n.projectId);
  if (project === undefined) return false;
  const list = settings.find((s) => s.projectId === n.projectId)?.lists[n.tool];
  const companyAdmins = directory.companies?.find((c) => c.companyId === project.companyId)?.admins ?? [];
  if (n.tool === 'connection_manager' && list?.addedCompanyAdmins?.includes(n.recipient) === true && companyAdmins.includes(n.recipient)) return true;
  const member = project.members.find((m) => m.userId === n.recipient);
  const isAdmin = member !== undefined && member.tools[n.tool] === 'admin';
  return isAdmin && (list?.selectedAdmins === undefined || list.selectedAdmins.includes(n.recipient));
}

function plan(input: unknown): ConnectionNotification[] {
  const r = planConnectionNotifications(input as PlanConnectionNotificationsInput);
  if (!r.ok) throw new Error(r.error.message);
  return [...r.value.notifications];
}

const notice = fc.record({
  event: fc.constantFrom('InitialSyncComplete' as const, 'NewDrawingsPublished' as const, 'DrawingsDeleted' as const),
  itemIds: fc.uniqueArray(fc.constantFrom('A-1', 'A-2', 'A-3'), { maxLength: 3 }),
  at: fc.nat(),
}).map((n) => ({
  ...n,
  key: `cn-1/drawings#${n.event}#${n.itemIds.join(',')}`,
  connectionId: ARBITRARY_CONNECTION.id,
  dataType: 'drawings',
  tool: 'drawings',
  downstream: ARBITRARY_CONNECTION.downstream,
}));

describe('notification properties', () => {
  it('N1/N3: every recipient of a lifecycle notification qualifies at send time', () => {
    fc.assert(
      fc.property(arbConnectionEvent(), arbDirectoryFacts(), arbNotificationSettings(), (event, directory, settings) => {
        const ns = plan({ event, connection: ARBITRARY_CONNECTION, directory, settings });
        for (const n of ns) expect(qualifies(n, directory, settings)).toBe(true);
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('N1/N3: every recipient of a sync notification qualifies at send time', () => {
    fc.assert(
      fc.property(notice, arbDirectoryFacts(), arbNotificationSettings(), (n, directory, settings) => {
        const r = planSyncNotifications({ notice: n, directory, settings });
        expect(r.ok).toBe(true);
        if (r.ok) for (const x of r.value.notifications) expect(qualifies(x, directory, settings)).toBe(true);
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('N1: without settings, exactly the tool admins on the directory of each notified side are told', () => {
    fc.assert(
      fc.property(arbConnectionEvent(), arbDirectoryFacts(), (event, directory) => {
        const ns = plan({ event, connection: ARBITRARY_CONNECTION, directory });
        for (const side of ['upstream', 'downstream'] as const) {
          const told = ns.filter((n) => n.side === side);
          if (told.length === 0) continue;
          const project = directory.projects.find((p) => p.projectId === ARBITRARY_CONNECTION[side].projectId);
          const admins = (project?.members ?? []).filter((m) => m.tools['connection_manager'] === 'admin').map((m) => m.userId).sort();
          for (const e of new Set(told.map((n) => n.event))) expect(told.filter((n) => n.event === e).map((n) => n.recipient)).toEqual(admins);
        }
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('N3: configured users who do not qualify are reported as withheld, never notified', () => {
    fc.assert(
      fc.property(arbConnectionEvent(), arbDirectoryFacts(), arbNotificationSettings(), (event, directory, settings) => {
        const r = planConnectionNotifications({ event, connection: ARBITRARY_CONNECTION, directory, settings });
        if (!r.ok) throw new Error(r.error.message);
        for (const w of r.value.withheld) {
          const sent = r.value.notifications.filter((n) => n.recipient === w.userId && n.projectId === w.projectId && n.tool === w.tool);
          // A withheld selected admin may still be told as an added company admin, and vice versa.
          for (const n of sent) expect(qualifies(n, directory, settings)).toBe(true);
        }
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('N5: ids are unique within a plan and the same when the event is planned again', () => {
    fc.assert(
      fc.property(arbConnectionEvent(), arbDirectoryFacts(), arbNotificationSettings(), fc.nat(), (event, directory, settings, sequence) => {
        const a = plan({ event, connection: ARBITRARY_CONNECTION, directory, settings, sequence });
        const b = plan({ event, connection: ARBITRARY_CONNECTION, directory, settings, sequence });
        expect(b.map((n) => n.id)).toEqual(a.map((n) => n.id));
        expect(new Set(a.map((n) => n.id)).size).toBe(a.length);
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('N5: two events of one history never share a notification id', () => {
    fc.assert(
      fc.property(fc.array(arbConnectionEvent(), { minLength: 2, maxLength: 6 }), arbDirectoryFacts(), (events, directory) => {
        const ids = events.flatMap((event, sequence) => plan({ event, connection: ARBITRARY_CONNECTION, directory, sequence }).map((n) => n.id));
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: pbtRuns() },
    );
  });
});
