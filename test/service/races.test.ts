import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInMemoryDirectory, createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { replayConnectionHistory } from '../../src/connection/api.js';
import type { ConnectionEventInput } from '../../src/connection/inputs.js';
import { ERROR_CODES } from '../../src/core/errors.js';
import { manualClock, sequentialIds } from '../../src/ports/clock.js';
import { createConnectionService, type ConnectionService } from '../../src/service/index.js';
import { recomputeUsage } from '../../src/shared-project/usage.js';
import { connectionInvariantViolations } from '../../src/testing/connectionInvariants.js';
import { serviceWorldData } from '../../src/testing/serviceWorld.js';
import { storedConnectionView, storedSharedProjectView } from '../../src/testing/storedViews.js';
import { pbtRuns } from '../support/pbt.js';
import { recordingTransports, storyData, T0 } from './fixtures.js';

const PROJECTS = ['gc-a', 'gc-b', 'el-a', 'pl-a'] as const;
const WORLD = { gc: ['gc-a', 'gc-b'], electric: ['el-a'], plumbing: ['pl-a'] };

type Op =
  | { kind: 'request'; id: string; up: string; down: string }
  | { kind: 'approve' | 'cancel' | 'disconnect' | 'undo_request'; id: string };

const connectionOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('request' as const), id: fc.constantFrom('c1', 'c2', 'c3', 'c4'), up: fc.constantFrom(...PROJECTS), down: fc.constantFrom(...PROJECTS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('approve' as const, 'cancel' as const, 'disconnect' as const, 'undo_request' as const), id: fc.constantFrom('c1', 'c2', 'c3', 'c4') }) },
);

function runOp(service: ConnectionService, op: Op) {
  const actorId = 'model-admin';
  switch (op.kind) {
    case 'request':
      return service.requestConnection({ actorId, connectionId: op.id, upstreamProjectId: op.up, downstreamProjectId: op.down, dataTypes: ['drawings'] });
    case 'approve':
      return service.approveConnection({ actorId, connectionId: op.id });
    case 'cancel':
      return service.cancelConnectionRequest({ actorId, connectionId: op.id });
    case 'undo_request':
      return service.undoConnectionRequest({ actorId, connectionId: op.id });
    case 'disconnect':
      return service.disconnectConnection({ actorId, connectionId: op.id, reason: 'race' });
  }
}

const SPEC_CODES: readonly string[] = ERROR_CODES;

describe('service under concurrent commands (fc.scheduler, in-memory adapter)', () => {
  it('C3/C11/C13: any interleaving of conflicting connection commands keeps one upstream per downstream and fixed roles', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(connectionOp, { minLength: 2, maxLength: 8 }), fc.constantFrom('manual' as const, 'automatic' as const), async (s, ops, approval) => {
        let live = true;
        const latency = () => (live ? s.schedule(Promise.resolve()) : Promise.resolve());
        const storage = createInMemoryStorage({ latency });
        const t = recordingTransports();
        const service = createConnectionService({
          storage,
          directory: createInMemoryDirectory(serviceWorldData(WORLD, approval), { latency }),
          notifications: t.notificationTransport,
          sync: t.syncTransport,
          clock: manualClock(T0),
          ids: sequentialIds(),
          policy: { maxAttempts: 10 },
        });
        const results = await s.waitFor(Promise.all(ops.map((op) => runOp(service, op))));
        live = false;
        for (const r of results) if (!r.ok) expect(SPEC_CODES).toContain(r.error.code);
        const view = await storedConnectionView(storage);
        expect(connectionInvariantViolations(view)).toEqual([]);
        for (const c of Object.values(view.connections)) {
          const replay = replayConnectionHistory((await storage.history(`connection:${c.id}`)) as ConnectionEventInput[]);
          expect(replay.ok && replay.value.connections[c.id]).toEqual(c);
        }
      }),
      { numRuns: pbtRuns() },
    );
  });

  it('H4: any interleaving of invitations and acceptances keeps every team within its plan limit', async () => {
    const teams = ['studio', 'client', 'agency'] as const;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('invite' as const), share: fc.constantFrom('s1', 's2', 's3', 's4'), project: fc.constantFrom('p1', 'p2', 'p3'), host: fc.constantFrom(...teams), external: fc.constantFrom(...teams) }),
      fc.record({ kind: fc.constant('accept' as const), share: fc.constantFrom('s1', 's2', 's3', 's4') }),
      fc.record({ kind: fc.constant('disconnect' as const), share: fc.constantFrom('s1', 's2', 's3', 's4') }),
    );
    const admin = { studio: 'hana', client: 'lea', agency: 'max' } as const;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(op, { minLength: 2, maxLength: 8 }), fc.array(op, { maxLength: 4 }), async (s, ops, setupOps) => {
        let live = true;
        const latency = () => (live ? s.schedule(Promise.resolve()) : Promise.resolve());
        const storage = createInMemoryStorage({ latency });
        const t = recordingTransports();
        const service = createConnectionService({
          storage,
          directory: createInMemoryDirectory(storyData(), { latency }),
          notifications: t.notificationTransport,
          sync: t.syncTransport,
          clock: manualClock(T0),
          ids: sequentialIds(),
          policy: { maxAttempts: 10, sharedProject: { limits: { professional: 1 } }, sharedProjectHosts: 'first_invite' }, // any team may host p1–p3: the race is about H1/H4
        });
        const run = (o: (typeof ops)[number]) => {
          if (o.kind === 'invite') {
            return service.inviteExternalTeam({ actorId: admin[o.host], shareId: o.share, sharedProjectId: o.project, hostTeamId: o.host, externalTeamId: o.external, contactEmail: `x@${o.external}.example` });
          }
          // Either side may try: the external admin accepts; a host or external admin disconnects.
          return o.kind === 'accept'
            ? Promise.all(teams.map((team) => service.acceptInvitation({ actorId: admin[team], shareId: o.share }))).then((rs) => rs.find((r) => r.ok) ?? rs[0]!)
            : service.disconnectSharedProject({ actorId: 'hana', shareId: o.share });
        };
        const registered = await s.waitFor(Promise.all(teams.map((teamId) => service.syncTeamFromDirectory({ teamId }))));
        expect(registered.every((r) => r.ok)).toBe(true);
        for (const o of setupOps) await s.waitFor(run(o));
        const results = await s.waitFor(Promise.all(ops.map(run)));
        live = false;
        for (const r of results) if (!r.ok) expect(SPEC_CODES).toContain(r.error.code);
        const view = await storedSharedProjectView(storage);
        for (const [team, shares] of recomputeUsage(view)) {
          expect(shares.length, `team ${team}`).toBeLessThanOrEqual(1);
          expect(view.usage[team]?.count).toBe(shares.length);
        }
      }),
      { numRuns: pbtRuns() },
    );
  });
});

