import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStorage, migrate, postgresMigrations, POSTGRES_SCHEMA_VERSION } from '../../src/adapters/postgres/index.js';
import { setup } from '../service/fixtures.js';
import { onRealServer, realServer } from './realServer.js';

const server = realServer();

onRealServer(server, '§8: a real PostgreSQL server is available for the adapter tests', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });
  const commitOn = async (schema: string) => {
    const storage = createPostgresStorage(pool, { schema });
    if (!storage.ok) throw new Error(storage.error.message);
    return storage.value.commit({ expected: [], writes: [{ key: 'item:1', data: 1 }], events: [], outbox: [] });
  };
  /** What "your own migration tool" does (docs/adapters.md, "Schema"): each version's SQL, then its record. */
  const applyOwnWay = async (schema: string, upTo: number) => {
    const migrations = postgresMigrations({ schema });
    if (!migrations.ok) throw new Error(migrations.error.message);
    await pool.query(`CREATE SCHEMA "${schema}"`);
    for (const m of migrations.value.filter((x) => x.version <= upTo)) {
      for (const statement of m.statements) await pool.query(statement);
      await pool.query(`INSERT INTO "${schema}".pc_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    }
  };

  it('§8: a commit on a schema older than the adapter says which version it is at and that migrate() must run', async () => {
    const schema = `pc_old${process.pid}`;
    schemas.push(schema);
    // Versions 1 and 2 applied (and recorded) by "your own tool"; version 3's commit function missing.
    // (A schema at version 3 still commits: version 4 only replaces pc_commit(jsonb) with faster plans.)
    await applyOwnWay(schema, 2);
    await expect(commitOn(schema)).rejects.toThrow(new RegExp(`schema "${schema}" is at version 2; this adapter needs version ${POSTGRES_SCHEMA_VERSION}: run migrate\\(\\)`));
  });

  it('§8: migrate on a schema a later release already took further applies nothing, reports its version, and this adapter keeps working (rolling upgrades)', async () => {
    const schema = `pc_newer${process.pid}`;
    schemas.push(schema);
    const first = await migrate(pool, { schema });
    expect(first.ok && first.value.version).toBe(POSTGRES_SCHEMA_VERSION);
    // What a later release's migrate() leaves behind: one more recorded version (its SQL is additive).
    await pool.query(`INSERT INTO "${schema}".pc_migrations (version, name) VALUES ($1, 'a later release')`, [POSTGRES_SCHEMA_VERSION + 1]);
    const again = await migrate(pool, { schema });
    expect(again.ok && again.value).toMatchObject({ applied: [], version: POSTGRES_SCHEMA_VERSION + 1 });
    await expect(commitOn(schema)).resolves.toMatchObject({ ok: true });
  });

  it('§8: the SQL of postgresMigrations, applied by your own tool with the INSERT the docs show, is a schema migrate() finds complete', async () => {
    const schema = `pc_own${process.pid}`;
    schemas.push(schema);
    await applyOwnWay(schema, POSTGRES_SCHEMA_VERSION);
    const r = await migrate(pool, { schema });
    expect(r.ok && r.value).toMatchObject({ applied: [], version: POSTGRES_SCHEMA_VERSION });
    await expect(commitOn(schema)).resolves.toMatchObject({ ok: true });
  });

  it('§8: a schema recorded at the adapter\'s version but missing an object (changed outside migrate()) says so, instead of "run migrate()", which would apply nothing', async () => {
    const schema = `pc_drift${process.pid}`;
    schemas.push(schema);
    const migrated = await migrate(pool, { schema });
    if (!migrated.ok) throw new Error(migrated.error.message);
    await pool.query(`DROP FUNCTION "${schema}".pc_commit(jsonb)`);
    const failure = commitOn(schema);
    await expect(failure).rejects.toThrow(new RegExp(`schema "${schema}" is recorded at version ${POSTGRES_SCHEMA_VERSION} but lacks what this adapter needs .*changed outside migrate\\(\\)`));
    await expect(commitOn(schema)).rejects.toMatchObject({ retryable: false });
  });

  it('§8: a commit on a schema never migrated says so', async () => {
    const schema = `pc_none${process.pid}`;
    await expect(commitOn(schema)).rejects.toThrow(/is not migrated \(it has no pc_migrations table\); this adapter needs version \d+: run migrate\(\)/);
    // The server refused the statement: the adapter says the commit surely did not apply.
    await expect(commitOn(schema)).rejects.toMatchObject({ committed: false, code: expect.stringMatching(/^[0-9A-Z]{5}$/) });
  });

  it('PORT_UNAVAILABLE: a command on a schema never migrated answers committed: no ("Nothing was written"), not "may have been applied"', async () => {
    const storage = createPostgresStorage(pool, { schema: `pc_none${process.pid}` });
    if (!storage.ok) throw new Error(storage.error.message);
    const { service } = setup({ storage: storage.value as never });
    const r = await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'], idempotencyKey: 'k-1' });
    // Retrying cannot help until someone runs migrate(): tried once, and said so.
    expect(!r.ok && r.error.code === 'PORT_UNAVAILABLE' && r.error.details).toMatchObject({ port: 'storage', committed: 'no', retryable: false, attempts: 1 });
    expect(!r.ok && r.error.message).toContain('run migrate()');
    expect(!r.ok && r.error.message).toContain('Nothing was written');
  });

  it('PORT_UNAVAILABLE: a role without grants on the tables is answered retryable: false after one attempt, nothing written', async () => {
    const schema = `pc_grants${process.pid}`;
    schemas.push(schema);
    const migrated = await migrate(pool, { schema });
    if (!migrated.ok) throw new Error(migrated.error.message);
    const role = `pc_nogrant${process.pid}`;
    await pool.query(`DROP ROLE IF EXISTS ${role}`);
    await pool.query(`CREATE ROLE ${role} LOGIN`);
    await pool.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
    const target = new URL(url);
    target.username = role;
    target.password = '';
    const limited = new pg.Pool({ connectionString: target.toString(), max: 1 });
    try {
      const storage = createPostgresStorage(limited, { schema });
      if (!storage.ok) throw new Error(storage.error.message);
      await expect(storage.value.load(['item:1'])).rejects.toMatchObject({ retryable: false, code: '42501' });
      const { service } = setup({ storage: storage.value as never });
      const r = await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
      expect(!r.ok && r.error.code === 'PORT_UNAVAILABLE' && r.error.details).toMatchObject({ port: 'storage', committed: 'no', retryable: false, attempts: 1 });
      expect(!r.ok && r.error.message).toContain('permission denied');
      expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema}".pc_records`)).rows[0]).toEqual({ n: 0 });
      // The grants docs/adapters.md lists ("Roles and grants") are enough for the service: a command and its dispatch.
      await pool.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`);
      await pool.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA "${schema}" TO ${role}`);
      const granted = await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
      expect(granted.ok ? 'ok' : granted.error.message).toBe('ok');
      const sent = await service.dispatchOutbox();
      expect(sent.ok && sent.value.delivered.length).toBeGreaterThan(0);
    } finally {
      await limited.end();
      await pool.query(`DROP OWNED BY ${role}`);
      await pool.query(`DROP ROLE ${role}`);
    }
  });
});
