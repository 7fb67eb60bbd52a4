import { afterAll, describe, it } from 'vitest';
import { storageContract } from '../../src/testing/storageContract.js';
import { realServer, serverStorages } from './realServer.js';

const server = realServer();

if ('error' in server) {
  it('§8: a real PostgreSQL server is available for the adapter tests', () => {
    throw new Error(server.error);
  });
} else {
  const storages = serverStorages(server.url);
  const pool = storages.pool(20);
  afterAll(() => storages.close());
  storageContract({
    describe,
    it,
    name: 'StoragePort contract: PostgreSQL adapter on a real server (pg Pool, 20 connections)',
    concurrency: 16,
    create: async () => storages.storage(pool, await storages.schema()),
  });
}
