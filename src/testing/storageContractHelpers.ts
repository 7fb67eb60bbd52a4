import type { OutboxItem, StoragePort } from '../ports/storage.js';

/**
 * Internal: the lease owner of the contract cases.
 * @internal
 */
export const TEST_OWNER = 'contract';

/**
 * Internal: the items claimable at `now` (a claim by {@link TEST_OWNER} with a lease of 0 ms, which
 * ends at once: the items stay claimable), oldest first.
 * @internal
 */
export function peekOutbox(storage: StoragePort, now: number, limit: number): Promise<readonly OutboxItem[]> {
  return storage.claimOutbox({ now, limit, owner: TEST_OWNER, leaseMs: 0 });
}

/**
 * Internal: the ids of {@link peekOutbox}.
 * @internal
 */
export async function pendingIds(storage: StoragePort, now: number, limit = 100): Promise<string[]> {
  return (await peekOutbox(storage, now, limit)).map((i) => i.id);
}
