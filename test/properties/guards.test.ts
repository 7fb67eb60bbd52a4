import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptySharedProjectView, prepareAuthorizationFacts, prepareConnectionPolicy } from '../../src/index.js';
import { ConnectionCommandSchema, ConnectionContextSchema, ConnectionSchema, ProjectLedgerSchema } from '../../src/schemas.js';
import { isPlainConnection, isPlainLedger } from '../../src/connection/recordGuards.js';
import { isPlainProjectEntry, ProjectEntrySchema } from '../../src/service/portData.js';
import { connectionModelCommands, initialConnectionModel, initialConnectionReal } from '../../src/testing/connectionModel.js';
import { isPlainConnectionCommand, isPlainConnectionContext } from '../../src/connection/guards.js';
import { SharedProjectCommandSchema } from '../../src/shared-project/commands.js';
import { isPlainSharedProjectCommand } from '../../src/shared-project/guards.js';
import { deepEqual } from '../../src/testing/deepEqual.js';
import { initialSharedProjectModel, initialSharedProjectReal, sharedProjectModelCommands, type SharedProjectReal } from '../../src/shared-project/arbitraries.js';
import { isPlainShare, isPlainSharedProject, isPlainTeam, isPlainUsage } from '../../src/shared-project/recordGuards.js';
import { SharedProjectSchema, ShareSchema, TeamSchema, TeamUsageRecordSchema } from '../../src/shared-project/schemas.js';
import type { Plan } from '../../src/shared-project/plans.js';
import type { SharedProjectView } from '../../src/shared-project/state.js';
import { pbtRuns } from '../support/pbt.js';

const id = fc.oneof(fc.constantFrom('c1', 'tower', '__proto__', 'constructor', '', ' x'), fc.string({ maxLength: 8 }));
const dataType = fc.oneof(fc.constantFrom('drawings', 'rfis', 'Drawings', ''), fc.string({ maxLength: 6 }));
const reason = fc.oneof(fc.constantFrom('done', ' padded ', '', '   '), fc.string({ maxLength: 6 }));
const extra = fc.option(fc.dictionary(fc.constantFrom('upstream', 'extra', 'connectionId'), fc.anything(), { maxKeys: 2 }), { nil: undefined });

/** The keys each connection command type takes besides `type` (`idempotencyKey` is optional on all). */
const CONNECTION_KEYS: Readonly<Record<string, readonly string[]>> = {
  request: ['connectionId', 'upstreamProjectId', 'downstreamProjectId', 'dataTypes', 'endsAt'],
  approve: ['connectionId'],
  decline: ['connectionId', 'reason'],
  cancel: ['connectionId', 'reason'],
  undo_request: ['connectionId'],
  undo_approval: ['connectionId'],
  disconnect: ['connectionId', 'reason', 'side'],
  reconcile: ['connectionId'],
  merge: ['connectionId'],
};

/**
 * Near-valid values: a command of a type with its own keys (each often valid, sometimes not), now
 * and then one key too many or one missing. So the guard accepts a good share of them (the property's
 * assertions run) and refuses the rest at every kind of edge.
 */
function nearValid(keysOf: Readonly<Record<string, readonly string[]>>, fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.constantFrom(...Object.keys(keysOf)).chain((type) => {
    const own: Record<string, fc.Arbitrary<unknown>> = {};
    for (const k of [...keysOf[type]!, 'idempotencyKey']) own[k] = fields[k]!;
    const keys = keysOf[type]!;
    const change = fc.tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: extra }),
      fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('type', ...keys) }),
    );
    return fc.record(own, { requiredKeys: [...keys] }).chain((c) =>
      change.map(([more, drop]) => {
        const out: Record<string, unknown> = { type, ...c, ...(more ?? {}) };
        if (drop !== null) delete out[drop];
        return out;
      }),
    );
  });
}

const validId = fc.constantFrom('c1', 'tower', 'd-2', '__proto__', 'constructor');
const connectionFields: Record<string, fc.Arbitrary<unknown>> = {
  connectionId: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
  upstreamProjectId: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
  downstreamProjectId: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
  dataTypes: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(['drawings'], ['drawings', 'rfis'], Object.freeze(['rfis'])) }, { weight: 1, arbitrary: fc.array(dataType, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.anything() }),
  endsAt: fc.oneof(fc.constant(null), fc.nat(), fc.integer(), fc.double(), fc.constant(undefined)),
  reason: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('done', 'moved on') }, { weight: 1, arbitrary: reason }),
  side: fc.constantFrom('upstream', 'downstream', 'left'),
  idempotencyKey: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
};

/** Connection commands that are often valid and often almost valid. */
const nearCommand = nearValid(CONNECTION_KEYS, connectionFields);

/**
 * Asserts that whatever `guard` accepts (from `arb` or anything at all), `schema` accepts unchanged;
 * and that the guard accepted at least `minShare` of the runs, so the assertions did run.
 */
function assertSound(guard: (v: unknown) => boolean, schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }, arb: fc.Arbitrary<unknown>, minShare = 0.1): void {
  let runs = 0;
  let accepted = 0;
  fc.assert(
    fc.property(fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.anything() }), (value) => {
      runs += 1;
      if (!guard(value)) return;
      accepted += 1;
      const parsed = schema.safeParse(value);
      expect(parsed.success).toBe(true);
      expect(deepEqual(parsed.data, value)).toBe(true);
    }),
    { numRuns: pbtRuns() * 5 },
  );
  expect(accepted / runs).toBeGreaterThanOrEqual(minShare);
}

describe('fast-path guards are sound: whatever they accept, zod accepts unchanged', () => {
  it('§7 INVALID_INPUT: connection commands, near-valid and arbitrary', () => {
    assertSound(isPlainConnectionCommand, ConnectionCommandSchema, nearCommand);
  });

  it('§7 INVALID_INPUT: decision contexts, near-valid and arbitrary', () => {
    const facts = prepareAuthorizationFacts({ userId: 'u', companyIds: ['a'], projects: [] });
    if (!facts.ok) throw new Error('facts');
    const policy = prepareConnectionPolicy({ pendingExpiryMs: 60_000 });
    if (!policy.ok) throw new Error('policy');
    const context = fc.record(
      {
        now: fc.oneof({ weight: 4, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.double() }),
        actor: fc.constantFrom(facts.value, facts.value, facts.value, { userId: 'u' }),
        approval: fc.constantFrom('automatic', 'manual', 'automatic', 'manual', 'auto'),
        policy: fc.constantFrom(undefined, policy.value, policy.value, {}),
      },
      { requiredKeys: ['now', 'actor'] },
    );
    assertSound(isPlainConnectionContext, ConnectionContextSchema, context);
  });

  it('the guards do accept the common valid inputs (the fast path is taken)', () => {
    expect(isPlainConnectionCommand({ type: 'approve', connectionId: 'c1' })).toBe(true);
    expect(isPlainConnectionCommand({ type: 'request', connectionId: 'c1', upstreamProjectId: 'u', downstreamProjectId: 'd', dataTypes: ['drawings'] })).toBe(true);
    expect(isPlainConnectionCommand({ type: 'disconnect', connectionId: 'c1', reason: ' padded ' })).toBe(false);
  });
});

/** The keys each shared-project command type takes besides `type`. */
const SHARED_KEYS: Readonly<Record<string, readonly string[]>> = {
  register_team: ['teamId', 'domain', 'plan'],
  change_plan: ['teamId', 'plan'],
  invite: ['shareId', 'sharedProjectId', 'hostTeamId', 'externalTeamId', 'contactEmail'],
  accept: ['shareId'],
  decline: ['shareId', 'reason'],
  cancel: ['shareId', 'reason'],
  disconnect: ['shareId', 'reason', 'side', 'outcome'],
  share_copy: ['shareId'],
  transfer: ['shareId'],
  merge: ['shareId'],
};

const sharedFields: Record<string, fc.Arbitrary<unknown>> = {
  shareId: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
  teamId: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
  sharedProjectId: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
  hostTeamId: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
  externalTeamId: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
  contactEmail: fc.oneof(fc.constantFrom('lea@client.example', 'LEA@Client.Example', ' lea@client.example', 'lea@', '@x.io', 'a@b'), fc.emailAddress(), fc.string({ maxLength: 8 })),
  domain: fc.oneof(fc.constantFrom('studio.example', 'Studio.Example', ' studio.example', '', 'studio.example.', 'a..', 'a .', '.', ' . ', 'a\u0000b', 'x\uD800'), fc.domain(), fc.string({ maxLength: 6 })),
  plan: fc.constantFrom('starter', 'professional', 'organization', 'enterprise', 'free', ''),
  reason: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('done', 'moved on') }, { weight: 1, arbitrary: reason }),
  side: fc.constantFrom('host', 'external', 'upstream'),
  outcome: fc.constantFrom('keep', 'share_copy', 'delete'),
  idempotencyKey: fc.oneof({ weight: 3, arbitrary: validId }, { weight: 1, arbitrary: id }),
};

/** Shared-project commands that are often valid and often almost valid. */
const nearSharedCommand = nearValid(SHARED_KEYS, sharedFields);

describe('the shared-project command guard is sound: whatever it accepts, zod accepts unchanged', () => {
  it('§7 INVALID_INPUT: shared-project commands, near-valid and arbitrary', () => {
    assertSound(isPlainSharedProjectCommand, SharedProjectCommandSchema, nearSharedCommand);
  });

  it('the guard does accept the common valid commands (the fast path is taken)', () => {
    expect(isPlainSharedProjectCommand({ type: 'invite', shareId: 's1', sharedProjectId: 'p', hostTeamId: 'h', externalTeamId: 'e', contactEmail: 'lea@client.example' })).toBe(true);
    expect(isPlainSharedProjectCommand({ type: 'accept', shareId: 's1' })).toBe(true);
    expect(isPlainSharedProjectCommand({ type: 'register_team', teamId: 't', domain: 'studio.example', plan: 'starter' })).toBe(true);
    expect(isPlainSharedProjectCommand({ type: 'register_team', teamId: 't', domain: 'Studio.Example', plan: 'starter' })).toBe(false);
    expect(isPlainSharedProjectCommand({ type: 'decline', shareId: 's1', reason: ' padded ' })).toBe(false);
  });
});

/** Edge values around every field's bounds, frozen when they are objects. */
const EDGES: readonly unknown[] = [
  0, -1, 1, 1.5, Number.MAX_SAFE_INTEGER + 2, '', ' ', 'x', '__proto__', 'Drawings', 'drawings', true, null, undefined, 'pending', 'automatic', 'nope',
  Object.freeze({ projectId: 'p', companyId: 'c' }), Object.freeze({ projectId: '', companyId: 'c' }), Object.freeze(['drawings']), Object.freeze([]), Object.freeze(['Drawings']), ['drawings'],
  // host/external records
  'connected', 'disconnected', 'host', 'external', 'upstream', 'keep', 'share_copy', 'delete', 'starter', 'enterprise', 'free',
  'studio.example', 'Studio.Example', ' studio.example', 'x'.repeat(254), 'a@b'.padEnd(321, 'c'), Object.freeze(['t1', 't2']), Object.freeze(['', 't']), Object.freeze(['__proto__']),
];
const tricky = fc.oneof(fc.anything(), fc.constantFrom(...EDGES));
/** A record, a copy of it with one field set to a tricky value (frozen), or an unfrozen copy. */
const mutate = (base: unknown) =>
  fc.oneof(
    fc.constant(base),
    fc.record({ key: fc.constantFrom(...Object.keys(base as object), 'extra'), value: tricky }).map(({ key, value }) => Object.freeze({ ...(base as object), [key]: value })),
    fc.constant({ ...(base as object) }),
  );
type Schema = { safeParse: (v: unknown) => { success: boolean; data?: unknown } };

/** Every field of a few real records set to every edge value: exhaustive, so no mutant slips by chance. */
function exhaustive(bases: readonly unknown[], guard: (v: unknown) => boolean, schema: Schema): void {
  for (const base of bases.slice(0, 6)) {
    for (const key of [...Object.keys(base as object), 'extra']) {
      for (const value of EDGES) {
        const candidate = Object.freeze({ ...(base as object), [key]: value });
        if (!guard(candidate)) continue;
        const parsed = schema.safeParse(candidate);
        expect(parsed.success, `${key} = ${String(value)}`).toBe(true);
        expect(deepEqual(parsed.data, candidate), `${key} = ${String(value)}`).toBe(true);
      }
    }
  }
}

/** The guard takes every real record (the fast path is taken), and what it accepts of their mutants or of anything, the schema accepts unchanged. */
function soundOnRecords(bases: readonly unknown[], guard: (v: unknown) => boolean, schema: Schema): void {
  expect(bases.length).toBeGreaterThan(3);
  expect(bases.every((b) => guard(b))).toBe(true);
  exhaustive(bases, guard, schema);
  fc.assert(
    fc.property(fc.oneof(fc.constantFrom(...bases).chain(mutate), fc.anything()), (value) => {
      if (!guard(value)) return;
      const parsed = schema.safeParse(value);
      expect(parsed.success).toBe(true);
      expect(deepEqual(parsed.data, value)).toBe(true);
    }),
    { numRuns: pbtRuns() * 5 },
  );
}

describe('stored-record guards are sound: whatever they accept, the record schemas accept unchanged', () => {
  /** Real records from model runs, then mutated field by field. */
  const records = (() => {
    const out: { connections: unknown[]; ledgers: unknown[] } = { connections: [], ledgers: [] };
    fc.assert(
      fc.property(fc.commands(connectionModelCommands(), { maxCommands: 40, size: 'medium' }), (cmds) => {
        const setup = () => ({ model: initialConnectionModel(), real: initialConnectionReal() });
        let real: ReturnType<typeof initialConnectionReal> | undefined;
        fc.modelRun(() => {
          const s = setup();
          real = s.real;
          return s;
        }, cmds);
        if (real !== undefined) {
          out.connections.push(...Object.values(real.view.connections));
          out.ledgers.push(...Object.values(real.view.projects));
        }
      }),
      { numRuns: 30, seed: 7 },
    );
    return out;
  })();

  it('connections', () => {
    expect(records.connections.length).toBeGreaterThan(10);
    soundOnRecords(records.connections, isPlainConnection, ConnectionSchema);
  });

  it('ledgers', () => {
    soundOnRecords(records.ledgers, isPlainLedger, ProjectLedgerSchema);
  });
});

describe('host/external record guards are sound (H1–H7 records: teams, shared projects, shares, usage)', () => {
  /** Real records from shared-project model runs. */
  const records = (() => {
    const plans: Record<string, Plan> = { studio: 'professional', client: 'enterprise', solo: 'starter' };
    const out: Record<keyof SharedProjectView, unknown[]> = { teams: [], projects: [], shares: [], usage: [] };
    fc.assert(
      fc.property(fc.commands(sharedProjectModelCommands(Object.keys(plans), ['p1', 'p2', 'p3']), { maxCommands: 40 }), (cmds) => {
        let real: SharedProjectReal | undefined;
        fc.modelRun(() => {
          const s = { model: initialSharedProjectModel(plans), real: initialSharedProjectReal(plans) };
          real = s.real;
          return s;
        }, cmds);
        if (real !== undefined) for (const k of ['teams', 'projects', 'shares', 'usage'] as const) out[k].push(...Object.values(real.view[k]));
      }),
      { numRuns: 30, seed: 11 },
    );
    return out;
  })();

  it('teams', () => soundOnRecords(records.teams, isPlainTeam, TeamSchema));
  it('shared projects', () => soundOnRecords(records.projects, isPlainSharedProject, SharedProjectSchema));
  it('shares', () => soundOnRecords(records.shares, isPlainShare, ShareSchema));
  it('usage records (count = number of shares listed)', () => {
    soundOnRecords(records.usage, isPlainUsage, TeamUsageRecordSchema);
    expect(isPlainUsage(Object.freeze({ teamId: 't', count: 1, shareIds: Object.freeze([]) }))).toBe(false);
  });
});

describe('the directory project-entry guard is sound', () => {
  it('every field of a plain entry at every edge value: whatever the guard accepts, the schema accepts', () => {
    const member = Object.freeze({ userId: 'u1', templateId: 't1' });
    const base = Object.freeze({ projectId: 'p1', companyId: 'c1', name: 'Tower', members: Object.freeze([member]) });
    const edges: unknown[] = [
      '', '__proto__', 'x', 1, null, undefined, Object.freeze([]), [member], Object.freeze([member, member]),
      Object.freeze([Object.freeze({ userId: '', templateId: 't' })]), Object.freeze([Object.freeze(Object.assign([], { userId: 'u', templateId: 't' }))]),
      Object.freeze({ connection_manager: Object.freeze({ selectedAdmins: Object.freeze([]) }) }),
    ];
    let accepted = 0;
    for (const key of [...Object.keys(base), 'notificationLists', 'extra']) {
      for (const value of edges) {
        const candidate = Object.freeze({ ...base, [key]: value });
        if (!isPlainProjectEntry(candidate)) continue;
        accepted += 1;
        expect(ProjectEntrySchema.safeParse(candidate).success, `${key} = ${JSON.stringify(value)}`).toBe(true);
      }
    }
    expect(isPlainProjectEntry(base)).toBe(true);
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('trust marks are per kind', () => {
  it('§7 INVALID_INPUT: a value the library trusts as one kind is validated when handed in as another', () => {
    const facts = prepareAuthorizationFacts({ userId: 'u', companyIds: ['a'], projects: [] });
    if (!facts.ok) throw new Error('facts');
    const policy = prepareConnectionPolicy({ pendingExpiryMs: 60_000 });
    if (!policy.ok) throw new Error('policy');
    // Each is trusted as what it is...
    expect(prepareAuthorizationFacts(facts.value)).toEqual({ ok: true, value: facts.value });
    expect(prepareConnectionPolicy(policy.value)).toEqual({ ok: true, value: policy.value });
    // ...and validated as anything else: facts read as a policy are refused (a policy has no `userId`:
    // unknown keys are INVALID_INPUT, so a typo in an option is never silently a default)...
    const asPolicy = prepareConnectionPolicy(facts.value as never);
    expect(asPolicy.ok ? 'ok' : asPolicy.error.code).toBe('INVALID_INPUT');
    // ...and what does not validate as facts is refused.
    const asFacts = prepareAuthorizationFacts(emptySharedProjectView() as never);
    expect(asFacts.ok ? 'ok' : asFacts.error.code).toBe('INVALID_INPUT');
    const asFactsFromPolicy = prepareAuthorizationFacts(policy.value as never);
    expect(asFactsFromPolicy.ok ? 'ok' : asFactsFromPolicy.error.code).toBe('INVALID_INPUT');
  });
});
