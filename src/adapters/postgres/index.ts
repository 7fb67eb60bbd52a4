export { createPostgresStorage } from './postgresStorage.js';
export { migrate, postgresMigrations, POSTGRES_SCHEMA_VERSION, type MigrateOptions, type MigrationReport, type PostgresMigration } from './migrations.js';
export type { PostgresStorageOptions } from './options.js';
export type { PostgresClient, SqlPool, SqlPoolConnection, SqlQueryable, SqlResult, SqlTransactionalClient } from './client.js';
