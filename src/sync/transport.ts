import type { SyncOperation } from './operations.js';

/**
 * The sync transport port: performs one downstream operation for real (copies files, writes records).
 *
 * @remarks
 * The library never touches files. An implementation must be idempotent per `operation.key` (S6): the
 * service retries operations it is not sure were performed.
 *
 * @example
 * ```ts
 * const transport: SyncTransport = {
 *   async perform(op) { if (!(await done.has(op.key))) { await copyFiles(op); await done.add(op.key); } },
 * };
 * ```
 */
export interface SyncTransport {
  perform(operation: SyncOperation): Promise<void>;
}
