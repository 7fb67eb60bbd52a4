import type { ConnectionId, ProjectId } from '../../core/ids.js';
import type { OutboxItem } from '../../ports/storage.js';
import type { SyncOperation } from '../../sync/operations.js';
import { digest, keyPart } from '../../sync/hash.js';
import { syncGroup } from './records.js';

/*
 * Internal: the outbox items of sync — the tasks the service runs itself and the operations for the
 * sync transport — all in the connection's outbox group, so they come out in commit order (S6).
 */

/**
 * Internal: an outbox task the service runs itself: one page of a connection's initial sync.
 * @internal
 */
export interface InitialSyncTask {
  readonly task: 'initial_sync';
  readonly connectionId: ConnectionId;
  readonly upstreamProjectId: ProjectId;
  readonly dataType: string;
  /** The cursor of the page (null: the first). */
  readonly after: string | null;
  /** The position of the event that started it (a new connection, a new initial sync). */
  readonly epoch: number;
  /**
   * What the task pages through: the upstream items (absent: the port's, else the items reported to the
   * service, deletions included), or, with an upstream items port, the deletions reported to the
   * service (`deletions`), whose copies made in an earlier connected period are deleted (S3).
   */
  readonly phase?: 'deletions';
  /**
   * Whether the connection held copies when this initial sync began (set from its first page on):
   * only then can an item deleted upstream meanwhile have a copy to delete.
   */
  readonly reconcile?: boolean;
}

/**
 * Internal: the outbox item of an initial sync task.
 * @internal
 */
export function initialSyncTaskItem(task: InitialSyncTask, at: number): OutboxItem {
  return Object.freeze({
    id: `task:initial:${task.connectionId}:${task.epoch}:${keyPart(task.dataType)}:${task.phase === undefined ? '' : `${task.phase}:`}${task.after === null ? '' : digest(task.after)}`,
    kind: 'task',
    payload: Object.freeze(task),
    availableAt: at,
    group: syncGroup(task.connectionId),
  });
}

/**
 * Internal: the outbox item of a sync operation of a connection (id: operation key and epoch, so a later initial sync can send it again).
 * @internal
 */
export function operationItem(op: SyncOperation, epoch: number, at: number): OutboxItem {
  return Object.freeze({ id: `${op.key}@${epoch}`, kind: 'sync', payload: op, availableAt: at, group: syncGroup(op.connectionId) });
}
