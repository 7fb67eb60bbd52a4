import { afterAll, describe, it } from 'vitest';
import { storageContract } from '../../src/testing/storageContract.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

const server = realServer();

onRealServer(server, '§8: a real PostgreSQL server is available for the adapter tests', (url) => {
  const storages = serverStorages(url);
  const pool = storages.pool(20);
  afterAll(() => storages.close());
  storageContract({
    describe,
    it,
    name: 'StoragePort contract: PostgreSQL adapter on a real server (pg Pool, 20 connections)',
    concurrency: 16,
    create: async () => storages.storage(pool, await storages.schema()),
  });
});
