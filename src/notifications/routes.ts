import type { Side } from '../connection/events.js';
import type { NotificationEventType } from './matrix.js';
import type { NotifiableConnectionEvent } from './connection-input.js';

/**
 * Internal: one matrix notification a connection event causes, for one side.
 * @internal
 */
export interface Route {
  readonly event: NotificationEventType;
  readonly side: Side;
}

/**
 * Internal: what a connection event sends, and the finer cause to record (see docs/notifications-and-sync.md).
 * @internal
 */
export function connectionRoutes(event: NotifiableConnectionEvent): { routes: readonly Route[]; cause: string | null } {
  const both = (e: NotificationEventType): Route[] => [
    { event: e, side: 'upstream' },
    { event: e, side: 'downstream' },
  ];
  switch (event.type) {
    case 'ConnectionRequested':
      // N4: automatic approval tells nobody of the request; ConnectionApproved follows.
      return event.approval === 'manual'
        ? { routes: [{ event: 'ConnectionRequested', side: 'upstream' }], cause: 'manual' }
        : { routes: [], cause: 'automatic' };
    case 'ConnectionApproved':
      return { routes: both('ConnectionCreated'), cause: event.automatic ? 'automatic' : 'manual' };
    case 'ConnectionDeclined':
      return { routes: [{ event: 'ConnectionRequestRejected', side: 'downstream' }], cause: 'declined' };
    case 'ConnectionExpired':
      // Decision: the downstream learns its request lapsed, as a rejection; the upstream needs nothing.
      return { routes: [{ event: 'ConnectionRequestRejected', side: 'downstream' }], cause: 'expired' };
    case 'ConnectionCancelled':
      // Decision: cancelling a pending request tells nobody (the matrix has no such event); undoing a
      // request that automatic approval had already connected ends a connection both sides were told of.
      return event.from === 'connected' ? { routes: both('ConnectionDisabled'), cause: 'request_undone' } : { routes: [], cause: event.via };
    case 'ApprovalUndone':
      // Decision: both sides were told ConnectionCreated; they learn it is no longer active.
      return { routes: both('ConnectionDisabled'), cause: 'approval_undone' };
    case 'ConnectionDisconnected':
      return { routes: both('ConnectionDisabled'), cause: event.cause };
  }
}
