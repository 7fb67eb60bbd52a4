import { describe, expectTypeOf, it } from 'vitest';
import type { DomainError } from '../../src/core/errors.js';
import type { UserId } from '../../src/core/ids.js';
import type { Result } from '../../src/core/result.js';
import {
  planConnectionNotifications,
  planSharedProjectNotifications,
  planSyncNotifications,
  resolveRecipients,
  type ConnectionNotification,
  type Notification,
  type NotificationEventType,
  type NotificationPlan,
  type SharedProjectNotification,
} from '../../src/notifications/index.js';
import {
  applySyncOperations,
  planDetach,
  planInitialSync,
  planUpstreamChange,
  type DownstreamStore,
  type SharedDataType,
  type SourceItem,
  type SyncOperation,
  type SyncPlan,
} from '../../src/sync/index.js';
import type { NotificationTransportPort, SyncJob, SyncTransportPort } from '../../src/ports/index.js';

describe('public types: notifications', () => {
  it('planners return Results of frozen plans', () => {
    expectTypeOf(planConnectionNotifications).returns.toEqualTypeOf<Result<NotificationPlan<ConnectionNotification>, DomainError>>();
    expectTypeOf(planSyncNotifications).returns.toEqualTypeOf<Result<NotificationPlan<ConnectionNotification>, DomainError>>();
    expectTypeOf(planSharedProjectNotifications).returns.toEqualTypeOf<Result<NotificationPlan<SharedProjectNotification>, DomainError>>();
    expectTypeOf(resolveRecipients).returns.toMatchTypeOf<Result<{ readonly recipients: readonly UserId[] }, DomainError>>();
  });

  it('notifications are a union narrowed by kind', () => {
    expectTypeOf<Extract<Notification, { kind: 'connection' }>>().toEqualTypeOf<ConnectionNotification>();
    expectTypeOf<ConnectionNotification['event']>().toEqualTypeOf<NotificationEventType>();
    expectTypeOf<ConnectionNotification['recipient']>().toEqualTypeOf<UserId>();
    // @ts-expect-error the matrix is closed
    const wrong: NotificationEventType = 'ConnectionPaused';
    void wrong;
  });

  it('the transport is a port taking any notification', () => {
    expectTypeOf<NotificationTransportPort['deliver']>().parameter(0).toEqualTypeOf<Notification>();
    expectTypeOf<NotificationTransportPort['deliver']>().returns.toEqualTypeOf<Promise<void>>();
  });
});

describe('public types: sync', () => {
  it('planners and the reference store return Results', () => {
    expectTypeOf(planInitialSync).returns.toEqualTypeOf<Result<SyncPlan, DomainError>>();
    expectTypeOf(planUpstreamChange).returns.toEqualTypeOf<Result<SyncPlan, DomainError>>();
    expectTypeOf(planDetach).returns.toEqualTypeOf<Result<SyncPlan, DomainError>>();
    expectTypeOf(applySyncOperations).returns.toEqualTypeOf<Result<DownstreamStore, DomainError>>();
  });

  it('operations are a union on kind, each with an idempotency key', () => {
    expectTypeOf<SyncOperation['kind']>().toEqualTypeOf<'copy' | 'update' | 'delete' | 'detach'>();
    expectTypeOf<SyncOperation['key']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<SyncOperation, { kind: 'copy' }>['item']>().toEqualTypeOf<SourceItem>();
  });

  it('a data type is data plus a predicate; the sync transport is a port', () => {
    expectTypeOf<SharedDataType['isSyncable']>().toEqualTypeOf<(item: SourceItem) => boolean>();
    expectTypeOf<SyncTransportPort['perform']>().parameter(0).toEqualTypeOf<SyncJob>();
    expectTypeOf<SyncOperation>().toMatchTypeOf<SyncJob>();
  });
});
