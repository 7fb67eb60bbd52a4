import { describe, expectTypeOf, it } from 'vitest';
import type { DomainError } from '../core/errors.js';
import type { Result } from '../core/result.js';
import type { TeamId } from '../core/ids.js';
import {
  executeSharedProjectCommand,
  previewSharedProjectCommand,
  teamUsage,
  type SharedProjectEvent,
  type SharedProjectView,
  type ShareId,
  type TeamUsage,
  type SharedProjectCommand,
  type ShareEvent,
} from './index.js';

describe('shared-project public types', () => {
  it('entry points return Results of views, events and usage', () => {
    expectTypeOf(executeSharedProjectCommand).returns.toMatchTypeOf<Result<{ state: SharedProjectView; events: readonly SharedProjectEvent[] }, DomainError>>();
    expectTypeOf(previewSharedProjectCommand).returns.toMatchTypeOf<Result<{ warnings: readonly { code: string; message: string }[] }, DomainError>>();
    expectTypeOf(teamUsage).returns.toEqualTypeOf<Result<TeamUsage, DomainError>>();
  });

  it('share ids are branded and commands are a discriminated union', () => {
    expectTypeOf<string>().not.toMatchTypeOf<ShareId>();
    expectTypeOf<Extract<SharedProjectCommand, { type: 'invite' }>['hostTeamId']>().toEqualTypeOf<TeamId>();
  });

  it('every share event names both teams for notifications', () => {
    expectTypeOf<ShareEvent['hostTeamId']>().toEqualTypeOf<TeamId>();
    expectTypeOf<ShareEvent['externalTeamId']>().toEqualTypeOf<TeamId>();
    expectTypeOf<ShareEvent['actor']['kind']>().toEqualTypeOf<'user'>();
  });
});
