import { describe, expectTypeOf, it } from 'vitest';
import type { DomainError } from '../../src/core/errors.js';
import type { Result } from '../../src/core/result.js';
import type { DirectoryPort } from '../../src/ports/directory.js';
import type { StoragePort } from '../../src/ports/storage.js';
import {
  createConnectionService,
  createOutboxDispatcher,
  type ConnectionCommandOutcome,
  type ConnectionTargetInput,
  type ConnectionService,
  type DeclineConnectionInput,
  type InventoryInput,
  type RequestConnectionInput,
  type DispatchReport,
  type PlanUsage,
  type SharedProjectCommandOutcome,
} from '../../src/service/index.js';

describe('service types', () => {
  it('createConnectionService returns a ConnectionService whose commands answer Results', () => {
    expectTypeOf(createConnectionService).returns.toEqualTypeOf<ConnectionService>();
    expectTypeOf<ConnectionService['requestConnection']>().returns.resolves.toEqualTypeOf<Result<ConnectionCommandOutcome, DomainError>>();
    expectTypeOf<ConnectionService['acceptInvitation']>().returns.resolves.toEqualTypeOf<Result<SharedProjectCommandOutcome, DomainError>>();
    expectTypeOf<ConnectionService['teamPlanUsage']>().returns.resolves.toEqualTypeOf<Result<PlanUsage, DomainError>>();
    expectTypeOf<ConnectionService['approveConnection']>().parameter(0).toEqualTypeOf<ConnectionTargetInput>();
  });
  it('§8: a DirectoryPort of your own answers entries with plain-string ids, and an e-mail that may be undefined (rows mapped as they are)', () => {
    const rows = [{ id: 'ana', companies: ['electric-co'], email: undefined as string | undefined }];
    const directory: DirectoryPort = {
      users: async () => rows.map((r) => ({ userId: r.id, companyIds: r.companies, email: r.email })),
      projects: async () => [{ projectId: 'tower', companyId: 'build-co', members: [{ userId: 'ana', templateId: 'viewer' }] }],
      templates: async () => [],
      companies: async () => [{ companyId: 'build-co', approval: 'manual', admins: ['ceo'] }],
      teams: async () => [{ teamId: 'studio', admins: ['hana'], hosts: ['brand-1'] }],
    };
    expectTypeOf(directory).toExtend<DirectoryPort>();
  });

  it('an optional input field may be given as undefined (exactOptionalPropertyTypes callers); a required one may not', () => {
    const maybe = undefined as string | undefined;
    expectTypeOf({ actorId: 'gina', connectionId: 'cn-1', reason: maybe }).toMatchTypeOf<DeclineConnectionInput>();
    expectTypeOf({ companyId: 'build-co', teamId: maybe, after: maybe, limit: undefined }).toMatchTypeOf<InventoryInput>();
    expectTypeOf({ actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: maybe, dataTypes: ['drawings'] }).not.toMatchTypeOf<RequestConnectionInput>();
  });
  it('the dispatcher takes any StoragePort', () => {
    expectTypeOf(createOutboxDispatcher).parameter(0).toHaveProperty('storage').toEqualTypeOf<StoragePort>();
    expectTypeOf<ReturnType<ReturnType<typeof createOutboxDispatcher>['dispatch']>>().resolves.toEqualTypeOf<Result<DispatchReport, DomainError>>();
  });
});
