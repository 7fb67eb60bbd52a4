import { afterAll, describe, it } from 'vitest';
import { storageContract } from '../../src/testing/storageContract.js';
import { pgliteStorages } from './pgliteStorage.js';

const pglite = pgliteStorages();
afterAll(() => pglite.close());

storageContract({ describe, it, name: 'StoragePort contract: PostgreSQL adapter on PGlite', create: () => pglite.fresh() });
