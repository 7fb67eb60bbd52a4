import { describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { storageContract } from '../../src/testing/storageContract.js';

const registered = storageContract({ describe, it, name: 'StoragePort contract: in-memory adapter', create: () => createInMemoryStorage() });

describe('StoragePort contract registration', () => {
  it('§8: the in-memory adapter registers every contract case', () => {
    expect(registered.ok).toBe(true);
    expect(registered.ok && registered.value.length).toBeGreaterThan(20);
  });
});
