import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { describe, expectTypeOf, it } from 'vitest';
import { createPostgresStorage, migrate, postgresMigrations, type MigrationReport, type PostgresClient, type PostgresMigration } from '../../src/adapters/postgres/index.js';
import type { DomainError } from '../../src/core/errors.js';
import type { Result } from '../../src/core/result.js';
import type { StoragePort } from '../../src/ports/storage.js';
import { storageContract, storageContractCases, type StorageContractCase, type StorageContractRunner } from '../../src/testing/storageContract.js';

describe('types of project-connections/postgres and the storage contract', () => {
  it('§8: a pg Pool and a PGlite instance are PostgresClients; a single pg Client is not', () => {
    expectTypeOf<pg.Pool>().toExtend<PostgresClient>();
    expectTypeOf<PGlite>().toExtend<PostgresClient>();
    expectTypeOf<pg.Client>().not.toExtend<PostgresClient>();
  });

  it('§8: the factories answer Results', () => {
    expectTypeOf(createPostgresStorage).returns.toEqualTypeOf<Result<StoragePort, DomainError<'INVALID_INPUT'>>>();
    expectTypeOf(migrate).returns.resolves.toEqualTypeOf<Result<MigrationReport, DomainError<'INVALID_INPUT'>>>();
    expectTypeOf(postgresMigrations).returns.toEqualTypeOf<Result<readonly PostgresMigration[], DomainError<'INVALID_INPUT'>>>();
  });

  it('§8: vitest describe/it fit the contract runner; cases run on a StoragePort', () => {
    expectTypeOf<{ describe: typeof describe; it: typeof it; create: () => StoragePort }>().toExtend<StorageContractRunner>();
    expectTypeOf(storageContract).returns.toEqualTypeOf<Result<readonly string[], DomainError<'INVALID_INPUT'>>>();
    expectTypeOf(storageContractCases).returns.toEqualTypeOf<Result<readonly StorageContractCase[], DomainError<'INVALID_INPUT'>>>();
    expectTypeOf<StorageContractCase['run']>().parameter(0).toEqualTypeOf<StoragePort>();
  });

  it('§8: storageContract takes a StorageContractRunner, so its callbacks are typed (cleanup gets the StoragePort)', () => {
    expectTypeOf(storageContract).parameter(0).toEqualTypeOf<StorageContractRunner>();
    storageContract({
      it,
      create: () => ({}) as StoragePort,
      cleanup: (storage) => expectTypeOf(storage).toEqualTypeOf<StoragePort>(),
    });
    // @ts-expect-error create must answer a StoragePort
    storageContract({ it, create: () => 42 });
  });
});
