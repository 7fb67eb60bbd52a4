import { afterAll, afterEach, describe, it } from 'vitest';
import { permissionScopeStory } from '../service/permissionScopeStory.js';
import { permissionStory } from '../service/permissionStory.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

const server = realServer();

onRealServer(server, 'a real PostgreSQL server is available for the permission store test', (url) => {
  const storages = serverStorages(url);
  afterEach(() => storages.endPools());
  afterAll(() => storages.close());

  describe('permissions through the service (issue 13), PostgreSQL adapter on a real server', () => {
    it('P1–P7/P10/P11: the same story as in memory: templates, versions, history, P10 assignments, checks from stored templates, nothing written on bad input', async () => {
      const schema = await storages.schema();
      await permissionStory(storages.storage(storages.pool(3), schema));
    }, 60_000);

    it('P10/P1: which template an id names on a project, and chains of any length, as in memory', async () => {
      const schema = await storages.schema();
      await permissionScopeStory(storages.storage(storages.pool(3), schema));
    }, 60_000);
  });
});
