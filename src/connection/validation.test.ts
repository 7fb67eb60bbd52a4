import { describe, expect, it } from 'vitest';
import { decideConnectionCommand, emptyConnectionView, executeConnectionCommand } from '../index.js';
import { project, request, requester, T0 } from '../../test/support/connectionFixtures.js';

const E = project.towerElectric;

describe('input validation (SPEC §7 INVALID_INPUT)', () => {
  it('an unknown command type is INVALID_INPUT under the command path', () => {
    // @ts-expect-error 'merge' is no command type: refused at compile time, and at run time for untyped callers
    const r = decideConnectionCommand(emptyConnectionView(), { type: 'merge', connectionId: 'c1' }, { now: T0 });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    expect(!r.ok && r.error.code === 'INVALID_INPUT' && r.error.details.issues[0]?.path[0]).toBe('command');
  });

  it('unknown keys in a command are refused', () => {
    const r = decideConnectionCommand(emptyConnectionView(), { ...request('c1', E), upstream: 'x' } as never, { now: T0, actor: requester(E) });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });

  it('the reserved id __proto__ is refused', () => {
    const r = decideConnectionCommand(emptyConnectionView(), request('__proto__', E), { now: T0, actor: requester(E) });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });

  it('a malformed view is INVALID_INPUT under the view path', () => {
    const r = executeConnectionCommand({ connections: { c1: { id: 'c2' } }, projects: {} } as never, request('c1', E), { now: T0, actor: requester(E) });
    expect(!r.ok && r.error.code === 'INVALID_INPUT' && r.error.details.issues.every((i) => i.path[0] === 'view')).toBe(true);
  });

  it('a user command without actor facts is INVALID_INPUT under the context path', () => {
    const r = decideConnectionCommand(emptyConnectionView(), request('c1', E), { now: T0 });
    expect(!r.ok && r.error.code === 'INVALID_INPUT' && r.error.details.issues.map((i) => i.path)).toEqual([['context', 'actor']]);
  });

  it('the decision\'s own INVALID_INPUT names the command field as the schema errors do (unknown data type, past end date)', () => {
    const paths = (command: Record<string, unknown>) => {
      const r = decideConnectionCommand(emptyConnectionView(), { ...request('c1', E), ...command } as never, { now: T0, actor: requester(E) });
      return !r.ok && r.error.code === 'INVALID_INPUT' ? r.error.details.issues.map((i) => i.path) : [];
    };
    expect(paths({ dataTypes: ['drawings', 'bogus'] })).toEqual([['command', 'dataTypes', 1]]);
    expect(paths({ dataTypes: [1] })).toEqual([['command', 'dataTypes', 0]]);
    expect(paths({ endsAt: T0 })).toEqual([['command', 'endsAt']]);
  });

  it('a throwing getter in the input yields INVALID_INPUT, not a throw', () => {
    const hostile = Object.defineProperty({}, 'type', { enumerable: true, get: () => { throw new Error('boom'); } });
    const r = decideConnectionCommand(emptyConnectionView(), hostile as never, { now: T0 });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });
});
