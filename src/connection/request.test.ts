import { describe, expect, it } from 'vitest';
import { executeConnectionCommand, type DomainError } from '../index.js';
import { actor, company, MIN, project, request, requester, T0, upstreamAdmin } from '../../test/support/connectionFixtures.js';
import { given, historyOf } from '../../test/support/connectionSpec.js';

const E = project.towerElectric;
const P = project.towerPlumbing;
const ctx = (a = requester(E), extra: Record<string, unknown> = {}) => ({ now: T0, actor: a, ...extra });

describe('request (C1–C5, C10, C11)', () => {
  it('C1: projects of the same company cannot connect', () => {
    const sameCo = actor('ana', { [project.tower]: { connection_manager: 'admin', drawings: 'admin' }, [project.school]: { connection_manager: 'admin', drawings: 'admin' } });
    given([])
      .when(request('c1', project.school, project.tower), ctx(sameCo))
      .thenFails((e: DomainError) => {
        expect(e.code).toBe('SAME_COMPANY');
        expect(e.details).toEqual({ companyId: company.gc });
      });
  });

  it('C1: the allowSameCompany policy option permits same-company connections', () => {
    const sameCo = actor('ana', { [project.tower]: { connection_manager: 'admin', drawings: 'admin' }, [project.school]: { connection_manager: 'admin', drawings: 'admin' } });
    given([])
      .when(request('c1', project.school, project.tower), ctx(sameCo, { policy: { allowSameCompany: true } }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['ConnectionRequested']));
  });

  it('C2: a requester who meets every condition may request; the event records actor and time', () => {
    given([])
      .when(request('c1', E), ctx())
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          type: 'ConnectionRequested',
          schemaVersion: 1,
          at: T0,
          actor: { kind: 'user', userId: 'req-tower-electric' },
          upstreamCompanyId: company.gc,
          downstreamCompanyId: company.electric,
          dataTypes: ['drawings'],
          approval: 'manual',
        });
      });
  });

  it.each([
    ['member_of_company', actor('x', { [E]: { connection_manager: 'admin', drawings: 'read_only' }, [project.tower]: { drawings: 'read_only' } }, { companies: [company.electric] })],
    ['on_project_directory', actor('x', { [E]: { connection_manager: 'admin', drawings: 'read_only' }, [project.tower]: { drawings: 'read_only' } }, { offDirectory: [project.tower] })],
    ['connection_manager_admin', actor('x', { [E]: { connection_manager: 'standard', drawings: 'read_only' }, [project.tower]: { drawings: 'read_only' } })],
    ['data_type_read_access', actor('x', { [E]: { connection_manager: 'admin', drawings: 'read_only' }, [project.tower]: { drawings: 'none' } })],
  ])('C2: a request fails NOT_AUTHORIZED naming the failed condition %s', (condition, who) => {
    given([])
      .when(request('c1', E), ctx(who))
      .thenFails((e: DomainError) => {
        expect(e.code).toBe('NOT_AUTHORIZED');
        if (e.code !== 'NOT_AUTHORIZED') return;
        expect(e.details.failed.map((f) => f.condition)).toEqual([condition]);
        expect(e.message).toContain('Not authorized');
      });
  });

  it('C2: every shared data type needs read-only or higher in both projects', () => {
    const who = actor('x', {
      [E]: { connection_manager: 'admin', drawings: 'read_only', rfis: 'none' },
      [project.tower]: { drawings: 'read_only', rfis: 'standard' },
    });
    given([])
      .when(request('c1', E, project.tower, { dataTypes: ['drawings', 'rfis'] }), ctx(who, { policy: { dataTypeTools: { drawings: 'drawings', rfis: 'rfis' } } }))
      .thenFails((e: DomainError) => {
        expect(e.code === 'NOT_AUTHORIZED' && e.details.failed).toEqual([
          expect.objectContaining({ condition: 'data_type_read_access', projectId: E, tool: 'rfis', required: 'read_only', actual: 'none' }),
        ]);
      });
  });

  it('C2: a request names at least one known data type', () => {
    given([]).when(request('c1', E, project.tower, { dataTypes: [] }), ctx()).thenFails('INVALID_INPUT');
    given([]).when(request('c1', E, project.tower, { dataTypes: ['blueprints'] }), ctx()).thenFails('INVALID_INPUT');
  });

  it('C2/S1: by default only Drawings can be shared (the seeds: "Initially, you will be able to share Drawings"); RFIs once registered', () => {
    given([]).when(request('c1', E, project.tower, { dataTypes: ['rfis'] }), ctx()).thenFails('INVALID_INPUT');
    given([]).when(request('c1', E, project.tower, { dataTypes: ['submittals'] }), ctx()).thenFails('INVALID_INPUT');
    const who = actor('x', { [E]: { connection_manager: 'admin', rfis: 'read_only' }, [project.tower]: { rfis: 'read_only' } });
    given([]).when(request('c1', E, project.tower, { dataTypes: ['rfis'] }), ctx(who, { policy: { dataTypeTools: { drawings: 'drawings', rfis: 'rfis' } } })).then((events) => {
      expect(events.map((e) => e.type)).toContain('ConnectionRequested');
    });
  });

  it('C2: only the downstream side initiates — the upstream admin cannot request on its behalf', () => {
    const gcAdmin = actor('gc', { [project.tower]: { connection_manager: 'admin', drawings: 'admin' }, [E]: {} }, { companies: [company.gc], offDirectory: [E] });
    given([]).when(request('c1', E), ctx(gcAdmin)).thenFails((e: DomainError) => {
      expect(e.code === 'NOT_AUTHORIZED' && e.details.failed.map((f) => f.condition)).toEqual([
        'member_of_company', 'on_project_directory', 'connection_manager_admin', 'data_type_read_access',
      ]);
    });
  });

  it('C3: a downstream project with a pending request cannot request another upstream', () => {
    const history = historyOf([[request('c1', E), ctx()]]);
    given(history)
      .when(request('c2', E, project.school), ctx(requester(E, project.school)))
      .thenFails((e: DomainError) => {
        expect(e.code).toBe('ONE_UPSTREAM_ONLY');
        expect(e.details).toEqual({ downstreamProjectId: E, openConnectionId: 'c1', openState: 'pending' });
      });
  });

  it('C3: a connected downstream project cannot request another upstream', () => {
    const history = historyOf([[request('c1', E), ctx(requester(E), { approval: 'automatic' })]]);
    given(history)
      .when(request('c2', E, project.school), ctx(requester(E, project.school)))
      .thenFails((e: DomainError) => expect(e.code === 'ONE_UPSTREAM_ONLY' && e.details.openState).toBe('connected'));
  });

  it('C4: an upstream project accepts any number of downstream connections', () => {
    const history = historyOf([
      [request('c1', E), ctx(requester(E), { approval: 'automatic' })],
      [request('c2', P), ctx(requester(P), { approval: 'automatic' })],
    ]);
    given(history)
      .when(request('c3', project.towerSteel), ctx(requester(project.towerSteel), { approval: 'automatic' }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['ConnectionRequested', 'ConnectionApproved']));
  });

  it('C5: automatic approval connects at once; the approval is by the system', () => {
    const r = executeConnectionCommand({ connections: {}, projects: {} }, request('c1', E), ctx(requester(E), { approval: 'automatic' }));
    expect(r.ok && r.value.events[1]).toMatchObject({ type: 'ConnectionApproved', automatic: true, actor: { kind: 'system', cause: 'automatic_approval' } });
    expect(r.ok && r.value.state.connections['c1']?.state).toBe('connected');
  });

  it('C5: manual approval leaves the request pending', () => {
    const r = executeConnectionCommand({ connections: {}, projects: {} }, request('c1', E), ctx(requester(E), { approval: 'manual' }));
    expect(r.ok && r.value.state.connections['c1']?.state).toBe('pending');
  });

  it('C10: a disconnected downstream can never connect again, to the same or another upstream', () => {
    const history = historyOf([
      [request('c1', E), ctx(requester(E), { approval: 'automatic' })],
      [{ type: 'disconnect', connectionId: 'c1', reason: 'contract ended' }, { now: T0 + 10 * MIN, actor: upstreamAdmin() }],
    ]);
    given(history).when(request('c2', E), ctx(requester(E), { now: T0 + 20 * MIN })).thenFails((e: DomainError) => {
      expect(e.code).toBe('RECONNECT_FORBIDDEN');
      expect(e.message).toContain('tower');
    });
    given(history).when(request('c3', E, project.school), ctx(requester(E, project.school))).thenFails('RECONNECT_FORBIDDEN');
  });

  it('C10: other downstreams of the same upstream are not affected by a disconnect', () => {
    const history = historyOf([
      [request('c1', E), ctx(requester(E), { approval: 'automatic' })],
      [{ type: 'disconnect', connectionId: 'c1', reason: 'done' }, { now: T0 + MIN, actor: upstreamAdmin() }],
    ]);
    given(history).when(request('c2', P), ctx(requester(P))).then((events) => expect(events[0]?.type).toBe('ConnectionRequested'));
  });

  it('C11: a project fixed as downstream can never be an upstream', () => {
    const history = historyOf([[request('c1', E), ctx()]]);
    const who = actor('y', { [project.towerPlumbing]: { connection_manager: 'admin', drawings: 'read_only' }, [E]: { drawings: 'read_only' } });
    given(history)
      .when(request('c2', project.towerPlumbing, E), ctx(who))
      .thenFails((e: DomainError) => {
        expect(e.code).toBe('ROLE_CONFLICT');
        expect(e.details).toEqual({ projectId: E, fixedRole: 'downstream', requestedRole: 'upstream' });
      });
  });

  it('C11: a project fixed as upstream can never be a downstream', () => {
    const history = historyOf([[request('c1', E), ctx()]]);
    const who = actor('z', { [project.tower]: { connection_manager: 'admin', drawings: 'read_only' }, [project.towerSteel]: { drawings: 'read_only' } });
    given(history)
      .when(request('c2', project.tower, project.towerSteel), ctx(who))
      .thenFails((e: DomainError) => {
        expect(e.code).toBe('ROLE_CONFLICT');
        expect(e.details).toEqual({ projectId: project.tower, fixedRole: 'upstream', requestedRole: 'downstream' });
      });
  });

  it('C11: a declined request that never connected does not fix the roles', () => {
    const history = historyOf([
      [request('c1', E), ctx()],
      [{ type: 'decline', connectionId: 'c1' }, { now: T0 + MIN, actor: upstreamAdmin() }],
    ]);
    const who = actor('w', { [project.towerSteel]: { connection_manager: 'admin', drawings: 'read_only' }, [E]: { drawings: 'read_only' } });
    given(history).when(request('c2', project.towerSteel, E), ctx(who)).then((events) => expect(events[0]?.type).toBe('ConnectionRequested'));
  });

  it('C11/C17: a pending request past its deadline no longer fixes its upstream\'s role, recorded or not', () => {
    const history = historyOf([[request('c1', E, project.tower, { endsAt: T0 + MIN }), ctx()]]);
    const who = actor('u', { [project.tower]: { connection_manager: 'admin', drawings: 'read_only' }, [project.towerSteel]: { drawings: 'read_only' } });
    const later = { now: T0 + 2 * MIN, actor: who };
    // Before the deadline, c1 is open: the tower is an upstream and cannot be a downstream.
    given(history).when(request('c2', project.tower, project.towerSteel), { ...later, now: T0 + MIN / 2 }).thenFails('ROLE_CONFLICT');
    // After it, the request records c1's expiry first, then is decided on the settled records.
    given(history)
      .when(request('c2', project.tower, project.towerSteel), later)
      .then((events) => {
        expect(events.map((e) => [e.type, e.connectionId])).toEqual([
          ['ConnectionExpired', 'c1'],
          ['ConnectionRequested', 'c2'],
        ]);
        expect(events[0]).toMatchObject({ at: T0 + MIN, actor: { kind: 'system' } });
      });
  });

  it('end date: a request may carry an end date in the future, not in the past', () => {
    given([]).when(request('c1', E, project.tower, { endsAt: T0 + 30 * MIN }), ctx()).then((events) => expect(events[0]).toMatchObject({ endsAt: T0 + 30 * MIN }));
    given([]).when(request('c1', E, project.tower, { endsAt: T0 }), ctx()).thenFails('INVALID_INPUT');
  });

  it('a project cannot connect to itself, and a used connection id cannot be reused', () => {
    given([]).when(request('c1', E, E), ctx()).thenFails('INVALID_INPUT');
    const history = historyOf([[request('c1', E), ctx()]]);
    given(history).when(request('c1', P), ctx(requester(P))).thenFails('INVALID_INPUT');
  });

  it('NOT_FOUND when the facts do not say which company owns a project', () => {
    const who = actor('v', { [E]: { connection_manager: 'admin', drawings: 'read_only' } });
    given([]).when(request('c1', E), ctx(who)).thenFails((e: DomainError) => expect(e.details).toEqual({ entity: 'project', id: project.tower }));
  });
});
