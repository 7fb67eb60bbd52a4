import { describe, expectTypeOf, it } from 'vitest';
import type { DomainError } from '../core/errors.js';
import type { AuthorizationFacts } from '../core/facts.js';
import type { TemplateId } from '../core/ids.js';
import type { Level } from '../core/level.js';
import type { Result } from '../core/result.js';
import {
  can,
  checkCompiled,
  compileTemplate,
  createPermissionHandle,
  deriveAuthorizationFacts,
  explain,
  explainConnectedDataAccess,
  listPermissions,
  setToolLevel,
  validateTemplate,
  type CompiledTemplate,
  type ConnectedDataDecision,
  type DecisionReason,
  type EditError,
  type PermissionCatalog,
  type PermissionDecision,
  type PermissionGrant,
  type PermissionHandle,
  type PermissionTemplate,
  type TemplateReport,
} from './index.js';

describe('permissions public types', () => {
  it('types: templates are readonly plain data with branded ids and a literal schema version', () => {
    expectTypeOf<PermissionTemplate['schemaVersion']>().toEqualTypeOf<1>();
    expectTypeOf<PermissionTemplate['id']>().toEqualTypeOf<TemplateId>();
    expectTypeOf<PermissionTemplate['tools'][string]>().toEqualTypeOf<{ readonly level: Level; readonly granted: readonly string[] }>();
  });

  it('edits return Results with the rule codes', () => {
    expectTypeOf(setToolLevel).returns.toEqualTypeOf<Result<PermissionTemplate, EditError>>();
    expectTypeOf<EditError['code']>().toEqualTypeOf<
      'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION' | 'LEVEL_NOT_GRANULAR' | 'LEVEL_TOO_LOW' | 'LOCKED_PERMISSION' | 'DEPENDENCY_MISSING' | 'DEPENDENT_ENABLED'
    >();
    expectTypeOf(validateTemplate).returns.toEqualTypeOf<TemplateReport>();
  });

  it('decisions carry a closed reason and what is missing', () => {
    expectTypeOf(explain).returns.toEqualTypeOf<Result<PermissionDecision, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>>>();
    expectTypeOf<PermissionDecision['reason']>().toEqualTypeOf<DecisionReason>();
    expectTypeOf<PermissionDecision['missing']>().toEqualTypeOf<string | null>();
    expectTypeOf(can).returns.toEqualTypeOf<boolean>();
    expectTypeOf(listPermissions).returns.toEqualTypeOf<Result<readonly PermissionGrant[], DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>>>();
    expectTypeOf<PermissionGrant['status']>().toEqualTypeOf<'granted' | 'conditional' | 'denied'>();
  });

  it('compiled checks and handles return plain booleans', () => {
    expectTypeOf(compileTemplate).returns.toEqualTypeOf<Result<CompiledTemplate, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>>>();
    expectTypeOf(checkCompiled).returns.toEqualTypeOf<boolean>();
    expectTypeOf<PermissionHandle['check']>().returns.toEqualTypeOf<boolean>();
    expectTypeOf(createPermissionHandle).parameters.toEqualTypeOf<[permission: string, catalog?: PermissionCatalog]>();
  });

  it('facts derivation produces the core AuthorizationFacts', () => {
    expectTypeOf(deriveAuthorizationFacts).returns.toEqualTypeOf<Result<AuthorizationFacts, DomainError<'INVALID_INPUT' | 'NOT_FOUND'>>>();
    expectTypeOf(explainConnectedDataAccess).returns.toEqualTypeOf<Result<ConnectedDataDecision, DomainError<'INVALID_INPUT'>>>();
    expectTypeOf<ConnectedDataDecision['reason']>().toEqualTypeOf<'visible' | 'no_copies' | 'not_on_directory' | 'level_too_low' | 'unknown_data_type'>();
  });

  it('the catalog is read-only', () => {
    expectTypeOf<PermissionCatalog['permissions']>().toEqualTypeOf<Readonly<Record<string, PermissionCatalog['permissions'][string]>>>();
    // @ts-expect-error the catalog cannot be mutated
    const mutate = (c: PermissionCatalog) => (c.tools = {});
    void mutate;
  });
});
