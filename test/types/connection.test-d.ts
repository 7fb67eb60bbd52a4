import { describe, expectTypeOf, it } from 'vitest';
import {
  connectionDecider,
  connectionId,
  emptyConnectionView,
  executeConnectionCommand,
  previewConnectionCommand,
  projectId,
  type CompanyId,
  type Connection,
  type ConnectionCommand,
  type ConnectionEvent,
  type ConnectionId,
  type ConnectionState,
  type ConnectionView,
  type Decider,
  type DomainError,
  type ErrorCode,
  type ErrorDetailsMap,
  type ProjectId,
  type Result,
  type Warning,
} from '../../src/index.js';

describe('public types: connection lifecycle', () => {
  it('branded ids do not mix', () => {
    expectTypeOf(projectId('p')).toEqualTypeOf<ProjectId>();
    expectTypeOf<ProjectId>().not.toEqualTypeOf<CompanyId>();
    expectTypeOf<ConnectionId>().toMatchTypeOf<string>();
    // @ts-expect-error a project id is not a connection id
    const wrong: ConnectionId = projectId('p');
    void wrong;
  });

  it('results are a discriminated union on ok', () => {
    const r = executeConnectionCommand(emptyConnectionView(), { type: 'approve', connectionId: 'cn-1' }, { now: 0 });
    expectTypeOf(r).toEqualTypeOf<Result<{ readonly state: ConnectionView; readonly events: readonly ConnectionEvent[] }, DomainError>>();
    if (r.ok) expectTypeOf(r.value.events).toEqualTypeOf<readonly ConnectionEvent[]>();
    else expectTypeOf(r.error.code).toEqualTypeOf<ErrorCode>();
  });

  it('narrowing an error on its code narrows its details', () => {
    const r = previewConnectionCommand(emptyConnectionView(), { type: 'reconcile', connectionId: 'cn-1' }, { now: 0 });
    if (!r.ok && r.error.code === 'ONE_UPSTREAM_ONLY') {
      expectTypeOf(r.error.details).toEqualTypeOf<ErrorDetailsMap['ONE_UPSTREAM_ONLY']>();
    }
    if (r.ok) expectTypeOf(r.value.warnings).toEqualTypeOf<readonly Warning[]>();
  });

  it('PORT_UNAVAILABLE details say whether the commit may have applied and whether a retry can help', () => {
    expectTypeOf<ErrorDetailsMap['PORT_UNAVAILABLE']['committed']>().toEqualTypeOf<'no' | 'unknown'>();
    expectTypeOf<ErrorDetailsMap['PORT_UNAVAILABLE']['retryable']>().toEqualTypeOf<boolean>();
  });

  it('commands and events are discriminated unions', () => {
    expectTypeOf<ConnectionCommand['type']>().toEqualTypeOf<
      'request' | 'approve' | 'decline' | 'cancel' | 'undo_request' | 'undo_approval' | 'disconnect' | 'reconcile'
    >();
    expectTypeOf<Extract<ConnectionEvent, { type: 'ConnectionDisconnected' }>['cause']>().toEqualTypeOf<'manual' | 'end_date'>();
    expectTypeOf<Connection['state']>().toEqualTypeOf<ConnectionState>();
  });

  it('records are readonly', () => {
    expectTypeOf<Connection>().toHaveProperty('state');
    const c = {} as Connection;
    // @ts-expect-error state is readonly
    c.state = 'connected';
  });

  it('the lifecycle is a Decider', () => {
    expectTypeOf(connectionDecider).toMatchTypeOf<Decider<ConnectionView, ConnectionCommand, ConnectionEvent, never, DomainError>>();
    expectTypeOf(connectionId).parameter(0).toEqualTypeOf<string>();
  });
});
