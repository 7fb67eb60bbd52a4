import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionEvent, Side } from '../../src/connection/events.js';
import type { DirectoryFacts } from '../../src/notifications/directory.js';
import { ARBITRARY_CONNECTION, arbConnectionEvent, arbDirectoryFacts, arbNotificationSettings } from '../../src/notifications/arbitraries.js';
import type { ConnectionNotification, NotificationPlan } from '../../src/notifications/notification.js';
import { planConnectionNotifications, type PlanConnectionNotificationsInput } from '../../src/notifications/plan-connection.js';
import { planSyncNotifications } from '../../src/notifications/plan-sync.js';
import type { ProjectNotificationSettings } from '../../src/notifications/settings.js';
import { pbtRuns } from '../support/pbt.js';

// ---------------------------------------------------------------------------------------------------
// The oracle, written from SPEC §5 and N1–N3 only (no planner code): who must be told, who is withheld.
// ---------------------------------------------------------------------------------------------------

type MatrixEvent =
  | 'ConnectionRequested'
  | 'ConnectionRequestRejected'
  | 'ConnectionCreated'
  | 'InitialSyncComplete'
  | 'NewDrawingsPublished'
  | 'DrawingsDeleted'
  | 'ConnectionDisabled';
type ListTool = 'connection_manager' | 'drawings';

/** SPEC §5's table: the company (side) notified, and whose admins are the default recipients. */
const MATRIX: Readonly<Record<MatrixEvent, { readonly sides: readonly Side[]; readonly tool: ListTool }>> = {
  ConnectionRequested: { sides: ['upstream'], tool: 'connection_manager' },
  ConnectionRequestRejected: { sides: ['downstream'], tool: 'connection_manager' },
  ConnectionCreated: { sides: ['upstream', 'downstream'], tool: 'connection_manager' },
  InitialSyncComplete: { sides: ['downstream'], tool: 'drawings' },
  NewDrawingsPublished: { sides: ['downstream'], tool: 'drawings' },
  DrawingsDeleted: { sides: ['downstream'], tool: 'drawings' },
  ConnectionDisabled: { sides: ['upstream', 'downstream'], tool: 'connection_manager' },
};

/**
 * Which matrix events a lifecycle event sends: SPEC §5 and N4, and for the lifecycle events the matrix
 * does not name, the decisions of docs/notifications-and-sync.md ("From lifecycle events to matrix events").
 */
function matrixEventsOf(event: ConnectionEvent): MatrixEvent[] {
  switch (event.type) {
    case 'ConnectionRequested':
      return event.approval === 'manual' ? ['ConnectionRequested'] : []; // N4
    case 'ConnectionApproved':
      return ['ConnectionCreated']; // N4: sent with automatic approval too
    case 'ConnectionDeclined':
    case 'ConnectionExpired':
      return ['ConnectionRequestRejected'];
    case 'ConnectionCancelled':
      return event.from === 'connected' ? ['ConnectionDisabled'] : [];
    case 'ApprovalUndone':
    case 'ConnectionDisconnected':
      return ['ConnectionDisabled'];
  }
}

interface Withheld {
  readonly userId: string;
  readonly projectId: string;
  readonly tool: string;
  readonly reason: 'not_on_directory' | 'not_tool_admin' | 'not_company_admin';
}

/**
 * One project's list for one tool, by N1–N3: the users to tell (each once) and the configured users
 * who no longer qualify, with why.
 */
function expectedList(directory: DirectoryFacts, settings: readonly ProjectNotificationSettings[], projectId: string, tool: ListTool) {
  const project = directory.projects.find((p) => p.projectId === projectId);
  if (project === undefined) throw new Error(`oracle: no directory for ${projectId}`);
  // N1: Admin on the tool and on the project's directory (company admins only through N2).
  const toolAdmins = project.members.filter((m) => m.tools[tool] === 'admin').map((m) => m.userId as string);
  const list = settings.find((s) => s.projectId === projectId)?.lists[tool];
  const told = new Set<string>();
  const withheld: Withheld[] = [];
  // N2: the list may be narrowed to selected admins; N3: a selected user who lost Admin or left the directory gets nothing.
  if (list?.selectedAdmins === undefined) for (const a of toolAdmins) told.add(a);
  else {
    for (const u of list.selectedAdmins) {
      if (toolAdmins.includes(u)) told.add(u);
      else withheld.push({ userId: u, projectId, tool, reason: project.members.some((m) => m.userId === u) ? 'not_tool_admin' : 'not_on_directory' });
    }
  }
  // N2: the Connection Manager list may add company admins (of the project's company); N3: only while they are.
  if (tool === 'connection_manager') {
    const companyAdmins: readonly string[] = directory.companies?.find((c) => c.companyId === project.companyId)?.admins ?? [];
    for (const u of list?.addedCompanyAdmins ?? []) {
      if (companyAdmins.includes(u)) told.add(u);
      else withheld.push({ userId: u, projectId, tool, reason: 'not_company_admin' });
    }
  }
  return { told: [...told], withheld };
}

/** A notification as the rules see it: which matrix event, to which company, project, list and person. */
const keyOf = (n: { event: string; side: string; companyId: string; projectId: string; tool: string; recipient: string }) =>
  [n.event, n.side, n.companyId, n.projectId, n.tool, n.recipient].join(' | ');
const withheldKey = (w: Withheld) => [w.projectId, w.tool, w.userId, w.reason].join(' | ');
const sorted = (xs: readonly string[]) => [...xs].sort();

/** What the rules say matrix events `events` send, and withhold, for ARBITRARY_CONNECTION. */
function expectedPlan(events: readonly MatrixEvent[], directory: DirectoryFacts, settings: readonly ProjectNotificationSettings[]) {
  const notified: string[] = [];
  const withheld: Withheld[] = [];
  let withheldYetTold = false;
  for (const event of events) {
    const { sides, tool } = MATRIX[event];
    for (const side of sides) {
      const party = ARBITRARY_CONNECTION[side];
      const list = expectedList(directory, settings, party.projectId, tool);
      for (const recipient of list.told) notified.push(keyOf({ event, side, companyId: party.companyId, projectId: party.projectId, tool, recipient }));
      withheld.push(...list.withheld);
      if (list.withheld.some((w) => list.told.includes(w.userId))) withheldYetTold = true;
    }
  }
  return { notified: sorted(notified), withheld: sorted(withheld.map(withheldKey)), withheldList: withheld, withheldYetTold };
}

/** Compares a plan with the oracle exactly: the same notifications (as a multiset, so duplicates count) and the same withheld users. */
function expectExactly(plan: NotificationPlan<ConnectionNotification>, expected: ReturnType<typeof expectedPlan>) {
  expect(sorted(plan.notifications.map(keyOf))).toEqual(expected.notified);
  expect(sorted(plan.withheld.map(withheldKey))).toEqual(expected.withheld);
}

function planned(input: unknown): NotificationPlan<ConnectionNotification> {
  const r = planConnectionNotifications(input as PlanConnectionNotificationsInput);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function plan(input: unknown): ConnectionNotification[] {
  return [...planned(input).notifications];
}

function plannedSync(input: Parameters<typeof planSyncNotifications>[0]): NotificationPlan<ConnectionNotification> {
  const r = planSyncNotifications(input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
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

/** Counts runs with a property of interest, to show that the exact comparisons are not vacuous. */
function tally() {
  const counts = { runs: 0, notified: 0, empty: 0, withheld: 0, withheldYetTold: 0, reasons: new Set<string>() };
  return {
    counts,
    add(expected: ReturnType<typeof expectedPlan>) {
      counts.runs += 1;
      if (expected.notified.length > 0) counts.notified += 1;
      else counts.empty += 1;
      if (expected.withheld.length > 0) counts.withheld += 1;
      if (expected.withheldYetTold) counts.withheldYetTold += 1;
      for (const w of expected.withheld) counts.reasons.add(w.split(' | ')[3] ?? '');
    },
  };
}

describe('notification properties', () => {
  it('N1/N4: without settings, a lifecycle event notifies exactly the tool admins on the directory of each side the matrix names: no more, no fewer, no duplicates', () => {
    const t = tally();
    fc.assert(
      fc.property(arbConnectionEvent(), arbDirectoryFacts(), (event, directory) => {
        const expected = expectedPlan(matrixEventsOf(event), directory, []);
        expectExactly(planned({ event, connection: ARBITRARY_CONNECTION, directory }), expected);
        expect(expected.withheld).toEqual([]);
        t.add(expected);
      }),
      { numRuns: pbtRuns() },
    );
    // Both a plan with recipients and an empty one (N4, cancelled requests, no admins) are common.
    expect(t.counts.notified / t.counts.runs).toBeGreaterThan(0.3);
    expect(t.counts.empty / t.counts.runs).toBeGreaterThan(0.2);
  });

  it('N1: without settings, a sync notice notifies exactly the Drawings admins on the downstream directory: no more, no fewer, no duplicates', () => {
    const t = tally();
    fc.assert(
      fc.property(notice, arbDirectoryFacts(), (n, directory) => {
        const expected = expectedPlan([n.event], directory, []);
        expectExactly(plannedSync({ notice: n, directory }), expected);
        t.add(expected);
      }),
      { numRuns: pbtRuns() },
    );
    expect(t.counts.notified / t.counts.runs).toBeGreaterThan(0.25);
  });

  it('N1/N2/N3: with settings, a lifecycle event notifies exactly the configured users who qualify, and withholds exactly those who no longer do (with why), none of whom is told through that entry', () => {
    const t = tally();
    fc.assert(
      fc.property(arbConnectionEvent(), arbDirectoryFacts(), arbNotificationSettings(), (event, directory, settings) => {
        const expected = expectedPlan(matrixEventsOf(event), directory, settings);
        const result = planned({ event, connection: ARBITRARY_CONNECTION, directory, settings });
        expectExactly(result, expected);
        // N3: a withheld user is told on that list only if they also qualify through its other entry
        // (a selected admin who is also an added company admin still in office, or the reverse).
        for (const w of expected.withheldList) {
          const list = expectedList(directory, settings, w.projectId, w.tool as ListTool);
          const told = result.notifications.filter((n) => n.recipient === w.userId && n.projectId === w.projectId && n.tool === w.tool);
          if (!list.told.includes(w.userId)) expect(told, `${w.userId} withheld (${w.reason}) yet told`).toEqual([]);
        }
        t.add(expected);
      }),
      { numRuns: pbtRuns() },
    );
    // Withheld users, each reason, and users withheld from one entry but told through the other all occur.
    expect(t.counts.withheld / t.counts.runs).toBeGreaterThan(0.35);
    expect(t.counts.notified / t.counts.runs).toBeGreaterThan(0.35);
    expect(t.counts.withheldYetTold / t.counts.runs).toBeGreaterThan(0.08);
    expect([...t.counts.reasons].sort()).toEqual(['not_company_admin', 'not_on_directory', 'not_tool_admin']);
  });

  it('N1/N2/N3: with settings, a sync notice notifies exactly the selected Drawings admins who qualify, and withholds exactly the selected users who no longer do (with why)', () => {
    const t = tally();
    fc.assert(
      fc.property(notice, arbDirectoryFacts(), arbNotificationSettings(), (n, directory, settings) => {
        const expected = expectedPlan([n.event], directory, settings);
        const result = plannedSync({ notice: n, directory, settings });
        expectExactly(result, expected);
        // N3: the Drawings list has no other entry, so a withheld user is never told.
        for (const w of expected.withheldList) expect(result.notifications.filter((x) => x.recipient === w.userId), `${w.userId} withheld (${w.reason}) yet told`).toEqual([]);
        t.add(expected);
      }),
      { numRuns: pbtRuns() },
    );
    expect(t.counts.withheld / t.counts.runs).toBeGreaterThan(0.25);
    expect(t.counts.notified / t.counts.runs).toBeGreaterThan(0.12);
    expect([...t.counts.reasons].sort()).toEqual(['not_on_directory', 'not_tool_admin']);
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
