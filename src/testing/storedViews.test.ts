import { describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../adapters/memory/index.js';
import type { StoragePort } from '../ports/storage.js';
import { storedConnectionView, storedSharedProjectView } from './storedViews.js';

/** A storage whose reads fail, as a fault injector or a broken adapter makes it. */
function unreadable(): StoragePort {
  const storage = createInMemoryStorage();
  return { ...storage, query: () => Promise.reject(new Error('storage down')), load: () => Promise.reject(new Error('storage down')) };
}

describe('stored views fail loudly (test tooling): an unreadable storage is never an empty view', () => {
  it('storedConnectionView (behind the connection invariant checks) rejects with the storage error instead of answering a view with no connections, which every invariant holds on', async () => {
    await expect(storedConnectionView(unreadable())).rejects.toThrow('storage down');
  });

  it('storedSharedProjectView (behind the plan-usage checks) rejects likewise', async () => {
    await expect(storedSharedProjectView(unreadable())).rejects.toThrow('storage down');
  });

  it('an empty storage is an empty view', async () => {
    await expect(storedConnectionView(createInMemoryStorage())).resolves.toEqual({ connections: {}, projects: {} });
  });
});
