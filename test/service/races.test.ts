import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInMemoryDirectory, createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { replayConnectionHistory } from '../../src/connection/api.js';
import type { ConnectionEventInput } from '../../src/connection/inputs.js';
import type { ConnectionView } from '../../src/connection/state.js';
import { ERROR_CODES } from '../../src/core/errors.js';
import { manualClock, sequentialIds } from '../../src/ports/clock.js';
import { createConnectionService, type ConnectionService } from '../../src/service/index.js';
import { sharedProjectInvariantFailures } from '../../src/shared-project/arbitraries.js';
import { recomputeUsage } from '../../src/shared-project/usage.js';
import { connectionInvariantViolations } from '../../src/testing/connectionInvariants.js';
import { serviceWorldData } from '../../src/testing/serviceWorld.js';
import { storedConnectionView, storedSharedProjectView } from '../../src/testing/storedViews.js';
import { pbtRuns } from '../support/pbt.js';
import { recordingTransports, storyData, T0 } from './fixtures.js';

const SPEC_CODES: readonly string[] = ERROR_CODES;

/** An answer of the service, as far as these tests read it. */
type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: { readonly code: string; readonly details?: unknown } };
const codeOf = (r: Outcome): string => (r.ok ? 'ok' : r.error.code);

/** Per command kind: how often it was raced, succeeded, and answered NOT_FOUND, over all runs of a property. */
function tally() {
  const counts: Record<string, { raced: number; ok: number; notFound: number }> = {};
  return {
    counts,
    add(kind: string, r: Outcome) {
      const c = (counts[kind] ??= { raced: 0, ok: 0, notFound: 0 });
      c.raced += 1;
      if (r.ok) c.ok += 1;
      else if (r.error.code === 'NOT_FOUND') c.notFound += 1;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Connections. Upstreams are GC projects; each scenario of a run gets a slot of its own: downstream
// project el-<slot> (and pl-<slot> for the role race), so scenarios race one another only on the shared
// upstream ledgers and the storage, and each scenario's outcome is fixed by the rules.
// ---------------------------------------------------------------------------------------------------

const UPSTREAMS = ['gc-a', 'gc-b', 'gc-c'] as const;
const SLOTS = 4;
const WORLD = {
  gc: [...UPSTREAMS],
  electric: Array.from({ length: SLOTS }, (_, i) => `el-${i}`),
  plumbing: Array.from({ length: SLOTS }, (_, i) => `pl-${i}`),
};

type Kind = 'request' | 'approve' | 'decline' | 'cancel' | 'undo_request' | 'undo_approval' | 'disconnect';
type Op =
  | { readonly kind: 'request'; readonly id: string; readonly up: string; readonly down: string }
  | { readonly kind: Exclude<Kind, 'request'>; readonly id: string; readonly side?: 'upstream' | 'downstream' };

function runOp(service: ConnectionService, op: Op): Promise<Outcome> {
  const actorId = 'model-admin'; // Connection Manager admin in every project: only the lifecycle decides
  switch (op.kind) {
    case 'request':
      return service.requestConnection({ actorId, connectionId: op.id, upstreamProjectId: op.up, downstreamProjectId: op.down, dataTypes: ['drawings'] });
    case 'approve':
      return service.approveConnection({ actorId, connectionId: op.id });
    case 'decline':
      return service.declineConnection({ actorId, connectionId: op.id, reason: 'race' });
    case 'cancel':
      return service.cancelConnectionRequest({ actorId, connectionId: op.id });
    case 'undo_request':
      return service.undoConnectionRequest({ actorId, connectionId: op.id });
    case 'undo_approval':
      return service.undoConnectionApproval({ actorId, connectionId: op.id });
    case 'disconnect':
      return service.disconnectConnection({ actorId, connectionId: op.id, reason: 'race', ...(op.side === undefined ? {} : { side: op.side }) });
  }
}

/** The state each lifecycle command leads to when it wins. */
const TARGET = { approve: 'connected', decline: 'declined', cancel: 'cancelled', undo_request: 'cancelled', undo_approval: 'pending', disconnect: 'disconnected' } as const;

type Scenario =
  /** C3: requests of different upstreams for one free downstream. */
  | { readonly kind: 'requests'; readonly ups: readonly string[] }
  /** C6/C7/C8/C12: approve, decline and cancel of one pending request. */
  | { readonly kind: 'pending'; readonly up: string; readonly ops: readonly ('approve' | 'decline' | 'cancel')[] }
  /** C9/C16/C12: disconnect against an undo (or the other side's disconnect) of one connected connection. */
  | { readonly kind: 'connected'; readonly up: string; readonly ops: readonly [Op['kind'], Op['kind']] | readonly ['disconnect_up', 'disconnect_down'] }
  /** C10/C3: disconnect of a connected connection against a new request for its downstream. */
  | { readonly kind: 'reconnect'; readonly ups: readonly string[] }
  /** C3/C7/C8: closing a pending request against a new request for its downstream. */
  | { readonly kind: 'rerequest'; readonly ups: readonly string[]; readonly close: 'cancel' | 'decline' }
  /** C11: the same project requested as a downstream and, at once, as an upstream. */
  | { readonly kind: 'roles'; readonly up: string };

const upstream = fc.constantFrom(...UPSTREAMS);
const twoUpstreams = fc.shuffledSubarray([...UPSTREAMS], { minLength: 2, maxLength: 2 });
const scenario: fc.Arbitrary<Scenario> = fc.oneof(
  fc.record({ kind: fc.constant('requests' as const), ups: fc.shuffledSubarray([...UPSTREAMS], { minLength: 2 }) }),
  fc.record({ kind: fc.constant('pending' as const), up: upstream, ops: fc.shuffledSubarray(['approve', 'decline', 'cancel'] as const, { minLength: 2 }) }),
  fc.record({
    kind: fc.constant('connected' as const),
    up: upstream,
    ops: fc.constantFrom(['disconnect', 'undo_approval'] as const, ['undo_request', 'disconnect'] as const, ['undo_approval', 'undo_request'] as const, ['disconnect_up', 'disconnect_down'] as const),
  }),
  fc.record({ kind: fc.constant('reconnect' as const), ups: twoUpstreams }),
  fc.record({ kind: fc.constant('rerequest' as const), ups: twoUpstreams, close: fc.constantFrom('cancel' as const, 'decline' as const) }),
  fc.record({ kind: fc.constant('roles' as const), up: upstream }),
);

type Approval = 'manual' | 'automatic';


/** Commands that bring connection `id` (up → down) to `state`, with either approval mode (C5). */
function setupTo(state: 'pending' | 'connected', id: string, up: string, down: string, approval: Approval): Op[] {
  const request: Op = { kind: 'request', id, up, down };
  if (approval === 'manual') return state === 'pending' ? [request] : [request, { kind: 'approve', id }];
  return state === 'connected' ? [request] : [request, { kind: 'undo_approval', id }];
}

interface Planned {
  readonly setup: readonly Op[];
  readonly race: readonly Op[];
  /** Checks what the rules fix whatever the interleaving: the race's outcomes (in `race` order) and the stored state. */
  readonly check: (results: readonly Outcome[], view: ConnectionView) => void;
}

function plan(s: Scenario, slot: number, approval: Approval): Planned {
  const down = `el-${slot}`;
  const c = `c${slot}`;
  const opened = approval === 'manual' ? 'pending' : 'connected';
  const stateOf = (view: ConnectionView, id: string) => view.connections[id]?.state;
  const openOn = (view: ConnectionView, project: string) =>
    Object.values(view.connections).filter((x) => x.downstream.projectId === project && (x.state === 'pending' || x.state === 'connected')).map((x) => x.id);
  const winnerOf = (results: readonly Outcome[], what: string) => {
    const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect(winners, `${what}: exactly one wins (${results.map(codeOf).join(', ')})`).toHaveLength(1);
    return winners[0]!;
  };
  switch (s.kind) {
    case 'requests': {
      const race: Op[] = s.ups.map((up, k) => ({ kind: 'request', id: `r${slot}-${k}`, up, down }));
      return {
        setup: [],
        race,
        check(results, view) {
          const w = winnerOf(results, `C3 ${s.ups.length} requests for ${down}`);
          results.forEach((r, i) => {
            if (i !== w) expect(codeOf(r)).toBe('ONE_UPSTREAM_ONLY');
            if (i !== w) expect(view.connections[race[i]!.id]).toBeUndefined();
          });
          expect(openOn(view, down)).toEqual([race[w]!.id]);
          expect(stateOf(view, race[w]!.id)).toBe(opened);
        },
      };
    }
    case 'pending': {
      const race: Op[] = s.ops.map((kind) => ({ kind, id: c }));
      return {
        setup: setupTo('pending', c, s.up, down, approval),
        race,
        check(results, view) {
          const w = winnerOf(results, `C6/C8 ${s.ops.join(' vs ')} of pending ${c}`);
          results.forEach((r, i) => i !== w && expect(codeOf(r)).toBe('INVALID_TRANSITION'));
          expect(stateOf(view, c)).toBe(TARGET[s.ops[w]!]);
        },
      };
    }
    case 'connected': {
      const race: Op[] = s.ops.map((kind) =>
        kind === 'disconnect_up' ? { kind: 'disconnect', id: c, side: 'upstream' } : kind === 'disconnect_down' ? { kind: 'disconnect', id: c, side: 'downstream' } : { kind: kind as Exclude<Kind, 'request'>, id: c },
      );
      return {
        setup: setupTo('connected', c, s.up, down, approval),
        race,
        check(results, view) {
          const kinds = race.map((o) => o.kind);
          if (kinds.includes('disconnect')) {
            // Disconnect is from `connected` only, and the other command leaves `connected` for good or
            // for `pending`: exactly one of the two, and the stored state is the winner's.
            const w = winnerOf(results, `C9/C16 ${s.ops.join(' vs ')} of connected ${c}`);
            results.forEach((r, i) => i !== w && expect(codeOf(r)).toBe('INVALID_TRANSITION'));
            const winner = race[w]!.kind as keyof typeof TARGET;
            expect(stateOf(view, c)).toBe(TARGET[winner]);
            expect(view.projects[down]?.retired, 'C10: the downstream is retired iff the disconnect won').toBe(winner === 'disconnect');
          } else {
            // undo_approval vs undo_request: the undo of the request works from pending and connected
            // alike (C16), so it always succeeds and the connection always ends cancelled.
            const undoRequest = kinds.indexOf('undo_request');
            expect(codeOf(results[undoRequest]!)).toBe('ok');
            expect(['ok', 'INVALID_TRANSITION']).toContain(codeOf(results[1 - undoRequest]!));
            expect(stateOf(view, c)).toBe('cancelled');
            expect(view.projects[down]?.retired).toBe(false);
          }
        },
      };
    }
    case 'reconnect': {
      const [up, other] = s.ups as [string, string];
      const race: Op[] = [{ kind: 'disconnect', id: c }, { kind: 'request', id: `r${slot}`, up: other, down }];
      return {
        setup: setupTo('connected', c, up, down, approval),
        race,
        check([disconnect, request], view) {
          // Before the disconnect the slot is taken (C3); after it the downstream is retired (C10).
          expect(codeOf(disconnect!)).toBe('ok');
          expect(['ONE_UPSTREAM_ONLY', 'RECONNECT_FORBIDDEN']).toContain(codeOf(request!));
          expect(stateOf(view, c)).toBe('disconnected');
          expect(view.connections[`r${slot}`]).toBeUndefined();
          expect(view.projects[down]?.retired).toBe(true);
        },
      };
    }
    case 'rerequest': {
      const [up, other] = s.ups as [string, string];
      const r = `r${slot}`;
      const race: Op[] = [{ kind: s.close, id: c }, { kind: 'request', id: r, up: other, down }];
      return {
        setup: setupTo('pending', c, up, down, approval),
        race,
        check([close, request], view) {
          // Nothing else moves the pending request: closing it always wins; the new request gets the
          // slot iff it comes after (C7/C8 do not retire the downstream), else ONE_UPSTREAM_ONLY.
          expect(codeOf(close!)).toBe('ok');
          expect(stateOf(view, c)).toBe(TARGET[s.close]);
          expect(['ok', 'ONE_UPSTREAM_ONLY']).toContain(codeOf(request!));
          expect(openOn(view, down)).toEqual(request!.ok ? [r] : []);
          expect(stateOf(view, r)).toBe(request!.ok ? opened : undefined);
          // C7/C8: whichever came first, closing the request left its downstream free, not retired: a
          // request after it gets the slot (asserted on the ledger, as the race decides the order).
          expect(view.projects[down]?.retired).toBe(false);
        },
      };
    }
    case 'roles': {
      const other = `pl-${slot}`;
      const race: Op[] = [{ kind: 'request', id: `r${slot}-down`, up: s.up, down }, { kind: 'request', id: `r${slot}-up`, up: down, down: other }];
      return {
        setup: [],
        race,
        check(results, view) {
          // Whichever commits first fixes el-<slot>'s role; the other is refused (C11).
          const w = winnerOf(results, `C11 ${down} as downstream vs as upstream`);
          expect(codeOf(results[1 - w]!)).toBe('ROLE_CONFLICT');
          expect(Object.keys(view.connections).filter((id) => id.startsWith(`r${slot}-`))).toEqual([race[w]!.id]);
        },
      };
    }
  }
}

/** How many events a successful command appends to its connection's history (C5: automatic approval adds one). */
const eventsOf = (op: Op, approval: Approval) => (op.kind === 'request' && approval === 'automatic' ? 2 : 1);

// ---------------------------------------------------------------------------------------------------
// Shared projects: the three teams of the story, each on `professional` with a limit of 2 (H4), any team
// may host p1–p6 (`first_invite`).
// ---------------------------------------------------------------------------------------------------

const TEAMS = ['studio', 'client', 'agency'] as const;
type Team = (typeof TEAMS)[number];
const ADMIN: Record<Team, string> = { studio: 'hana', client: 'lea', agency: 'max' };
const LIMIT = 2;
const SHARE_PROJECTS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'] as const;

const teamPair = fc.tuple(fc.constantFrom(...TEAMS), fc.constantFrom(1, 2)).map(([host, k]) => ({ host, external: TEAMS[(TEAMS.indexOf(host) + k) % TEAMS.length]! }));
const setupShare = fc.record({ pair: teamPair, project: fc.constantFrom(...SHARE_PROJECTS), accept: fc.boolean() });
type ShareOp =
  | { readonly kind: 'invite'; readonly pair: { readonly host: Team; readonly external: Team }; readonly project: string }
  | { readonly kind: 'accept' | 'decline' | 'cancel'; readonly pick: number }
  | { readonly kind: 'disconnect'; readonly pick: number; readonly byHost: boolean };
const shareOp: fc.Arbitrary<ShareOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('invite' as const), pair: teamPair, project: fc.constantFrom(...SHARE_PROJECTS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('accept' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('decline' as const, 'cancel' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), pick: fc.nat(), byHost: fc.boolean() }) },
);

describe('service under concurrent commands (fc.scheduler, in-memory adapter)', () => {
  it('C3/C7/C8/C10/C11/C12/C13/C16: racing requests, approvals, declines, cancels, undos and disconnects of existing connections end as the rules fix, whatever the interleaving', async () => {
    const counts = tally();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(scenario, { minLength: 2, maxLength: SLOTS }), fc.constantFrom('manual' as const, 'automatic' as const), async (s, scenarios, approval) => {
        let live = false; // the setup is committed first, without interleaving
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
        const plans = scenarios.map((sc, slot) => plan(sc, slot, approval));
        const events = new Map<string, number>();
        const count = (op: Op) => events.set(op.id, (events.get(op.id) ?? 0) + eventsOf(op, approval));
        for (const op of plans.flatMap((p) => p.setup)) {
          const r = await runOp(service, op);
          expect(codeOf(r), `setup ${JSON.stringify(op)}`).toBe('ok');
          count(op);
        }

        live = true;
        const race = plans.flatMap((p) => p.race);
        const results = await s.waitFor(Promise.all(race.map((op) => s.schedule(Promise.resolve(), `start ${JSON.stringify(op)}`).then(() => runOp(service, op)))));
        live = false;

        race.forEach((op, i) => {
          const r = results[i]!;
          counts.add(op.kind, r);
          if (r.ok) count(op);
          else expect(SPEC_CODES).toContain(r.error.code);
        });
        const view = await storedConnectionView(storage);
        expect(connectionInvariantViolations(view)).toEqual([]);
        let at = 0;
        for (const p of plans) {
          p.check(results.slice(at, at + p.race.length), view);
          at += p.race.length;
        }
        // C13: every successful command appended its events (and nothing else did); the history, with
        // actor and time on every event, rebuilds the stored state.
        expect(Object.keys(view.connections).sort()).toEqual([...events.keys()].sort());
        for (const c of Object.values(view.connections)) {
          const history = (await storage.history(`connection:${c.id}`)) as ConnectionEventInput[];
          expect(history, `events of ${c.id}`).toHaveLength(events.get(c.id)!);
          for (const e of history) {
            expect(e.at).toBe(T0);
            expect([{ kind: 'user', userId: 'model-admin' }, { kind: 'system', cause: 'automatic_approval' }]).toContainEqual(e.actor);
          }
          const replay = replayConnectionHistory(history);
          expect(replay.ok && replay.value.connections[c.id]).toEqual(c);
        }
      }),
      { numRuns: pbtRuns() },
    );
    // The race must keep exercising every lifecycle command on connections that exist.
    const all = Object.values(counts.counts);
    for (const kind of ['request', 'approve', 'decline', 'cancel', 'undo_request', 'undo_approval', 'disconnect'] as const) {
      expect(counts.counts[kind]?.ok ?? 0, `successful racing ${kind}`).toBeGreaterThan(0);
    }
    expect(all.reduce((n, c) => n + c.notFound, 0), 'NOT_FOUND answers').toBe(0);
  });

  it('H1/H4/H9: racing invitations, acceptances, declines, cancels and disconnects keep every team within its plan limit', async () => {
    const counts = tally();
    let runsAtLimit = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(setupShare, { minLength: 1, maxLength: 4 }), fc.array(shareOp, { minLength: 2, maxLength: 8 }), async (s, setupShares, ops) => {
        let live = false;
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
          policy: { maxAttempts: 10, sharedProject: { limits: { professional: LIMIT } }, sharedProjectHosts: 'first_invite' }, // any team may host p1–p6: the race is about H1/H4
        });
        const registered = await Promise.all(TEAMS.map((teamId) => service.syncTeamFromDirectory({ teamId })));
        expect(registered.every((r) => r.ok)).toBe(true);

        // Setup, committed before the race: the shares that could be made, some accepted.
        const shares: { id: string; host: Team; external: Team; state: 'pending' | 'connected' }[] = [];
        for (const [k, sh] of setupShares.entries()) {
          const id = `s${k}`;
          const invited = await service.inviteExternalTeam({ actorId: ADMIN[sh.pair.host], shareId: id, sharedProjectId: sh.project, hostTeamId: sh.pair.host, externalTeamId: sh.pair.external, contactEmail: `x@${sh.pair.external}.example` });
          if (!invited.ok) continue;
          const accepted = sh.accept && (await service.acceptInvitation({ actorId: ADMIN[sh.pair.external], shareId: id })).ok;
          shares.push({ id, ...sh.pair, state: accepted ? 'connected' : 'pending' });
        }
        expect(shares.length).toBeGreaterThan(0); // the first invitation of a fresh store always succeeds

        // The race: new invitations, and commands on the setup's shares by the admin entitled to them
        // (accept and decline by the external team, cancel by the host, disconnect by either).
        const target = (o: Exclude<ShareOp, { kind: 'invite' }>) => {
          const wanted = o.kind === 'disconnect' ? 'connected' : 'pending';
          const fitting = shares.filter((x) => x.state === wanted);
          const pool = fitting.length > 0 ? fitting : shares;
          return pool[o.pick % pool.length]!;
        };
        const planned = ops.map((o, k) => (o.kind === 'invite' ? { o, share: null, id: `n${k}` } : { o, share: target(o), id: target(o).id }));
        const run = ({ o, share, id }: (typeof planned)[number]): Promise<Outcome> => {
          if (o.kind === 'invite') return service.inviteExternalTeam({ actorId: ADMIN[o.pair.host], shareId: id, sharedProjectId: o.project, hostTeamId: o.pair.host, externalTeamId: o.pair.external, contactEmail: `x@${o.pair.external}.example` });
          const sh = share!;
          switch (o.kind) {
            case 'accept':
              return service.acceptInvitation({ actorId: ADMIN[sh.external], shareId: sh.id });
            case 'decline':
              return service.declineInvitation({ actorId: ADMIN[sh.external], shareId: sh.id });
            case 'cancel':
              return service.cancelInvitation({ actorId: ADMIN[sh.host], shareId: sh.id });
            case 'disconnect':
              return service.disconnectSharedProject({ actorId: ADMIN[o.byHost ? sh.host : sh.external], shareId: sh.id, side: o.byHost ? 'host' : 'external' });
          }
        };
        live = true;
        const results = await s.waitFor(Promise.all(planned.map((p) => s.schedule(Promise.resolve(), `start ${p.o.kind} ${p.id}`).then(() => run(p)))));
        live = false;

        planned.forEach(({ o }, i) => counts.add(o.kind, results[i]!));
        for (const r of results) if (!r.ok) expect(SPEC_CODES).toContain(r.error.code);
        const view = await storedSharedProjectView(storage);
        expect(sharedProjectInvariantFailures(view)).toEqual([]);
        const usage = recomputeUsage(view);
        for (const [team, held] of usage) {
          expect(held.length, `team ${team}`).toBeLessThanOrEqual(LIMIT);
          expect(view.usage[team]?.count).toBe(held.length);
        }

        // Per setup share, what the rules fix: nothing returns to pending, so at most one of accept /
        // decline / cancel wins and at most one disconnect; decline and cancel fail only when another of
        // them won; a connected share's disconnects (by entitled admins) have exactly one winner; the
        // stored state is the one the winners lead to.
        for (const sh of shares) {
          const on = planned.flatMap((p, i) => (p.share === sh ? [{ kind: p.o.kind, r: results[i]! }] : []));
          const won = (kinds: readonly string[]) => on.filter((x) => kinds.includes(x.kind) && x.r.ok).length;
          expect(won(['accept', 'decline', 'cancel']), `share ${sh.id} leaves pending once`).toBeLessThanOrEqual(sh.state === 'pending' ? 1 : 0);
          if (sh.state === 'pending' && on.some((x) => x.kind === 'decline' || x.kind === 'cancel')) expect(won(['accept', 'decline', 'cancel'])).toBe(1);
          for (const x of on) {
            if (x.r.ok) continue;
            expect(x.kind === 'accept' ? ['INVALID_TRANSITION', 'PLAN_LIMIT_REACHED'] : ['INVALID_TRANSITION'], `${x.kind} of ${sh.id}`).toContain(x.r.error.code);
          }
          if (sh.state === 'connected' && on.some((x) => x.kind === 'disconnect')) expect(won(['disconnect']), `disconnects of connected ${sh.id}`).toBe(1);
          else expect(won(['disconnect']), `disconnects of ${sh.id} (only after its acceptance)`).toBeLessThanOrEqual(won(['accept']));
          const final = won(['disconnect']) === 1 ? 'disconnected' : won(['decline']) === 1 ? 'declined' : won(['cancel']) === 1 ? 'cancelled' : won(['accept']) === 1 ? 'connected' : sh.state;
          expect(view.shares[sh.id]?.state, `share ${sh.id}: ${on.map((x) => `${x.kind} ${codeOf(x.r)}`).join(', ')}`).toBe(final);
        }

        // H4 refusals are sound: a team's count only grows during the race unless one of its slots is
        // freed, so a team refused at its limit, with none of its slots freed, ends at its limit.
        const freed = new Set<string>();
        planned.forEach(({ o, share }, i) => {
          if (!results[i]!.ok || share === null) return;
          if (o.kind === 'disconnect') freed.add(share.host).add(share.external);
          if (o.kind === 'decline' || o.kind === 'cancel') freed.add(share.host);
        });
        let refused = false;
        for (const r of results) {
          if (r.ok || r.error.code !== 'PLAN_LIMIT_REACHED') continue;
          refused = true;
          const d = r.error.details as { teamId: string; limit: number; count: number };
          expect(d.limit).toBe(LIMIT);
          expect(d.count).toBeGreaterThanOrEqual(LIMIT);
          if (!freed.has(d.teamId)) expect(usage.get(d.teamId)?.length ?? 0, `team ${d.teamId} refused at its limit`).toBe(LIMIT);
        }
        if (refused) runsAtLimit += 1;
      }),
      { numRuns: pbtRuns() },
    );
    // The race must keep pressing the limit, and keep accepting and disconnecting.
    for (const kind of ['invite', 'accept', 'decline', 'cancel', 'disconnect'] as const) {
      expect(counts.counts[kind]?.ok ?? 0, `successful racing ${kind}`).toBeGreaterThan(0);
    }
    expect(runsAtLimit, 'runs with a PLAN_LIMIT_REACHED refusal').toBeGreaterThan(0);
  });
});
