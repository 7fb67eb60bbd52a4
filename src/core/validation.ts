import type { z } from 'zod';
import { domainError, type DomainError, type InputIssue } from './errors.js';
import { err, ok, type Result } from './result.js';

function toIssue(issue: z.core.$ZodIssue): InputIssue {
  return {
    path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
    code: issue.code,
    message: issue.message,
  };
}

/**
 * Validates `input` with a zod schema and returns a {@link Result}: the parsed value, or an
 * `INVALID_INPUT` error listing every issue.
 *
 * @remarks
 * Total: whatever `input` is (a Proxy whose getters throw, a cyclic object, a BigInt), the answer is a
 * Result, never a throw. `input` stays `unknown`: validating anything is the point.
 *
 * @example
 * ```ts
 * const r = parseInput(ProjectIdSchema, 42);
 * r.ok; // false
 * !r.ok && r.error.code; // 'INVALID_INPUT'
 * ```
 * @since 0.1.0
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): Result<z.output<S>, DomainError<'INVALID_INPUT'>> {
  try {
    const parsed = schema.safeParse(input);
    if (parsed.success) return ok(parsed.data);
    return err(domainError('INVALID_INPUT', { issues: parsed.error.issues.map(toIssue) }));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : 'input could not be read';
    return err(domainError('INVALID_INPUT', { issues: [{ path: [], code: 'unreadable', message }] }));
  }
}

/**
 * Like {@link parseInput}, with every issue path prefixed by `at` (e.g. `['command']`), so an error
 * says which argument was wrong.
 *
 * @example
 * ```ts
 * const r = parseInputAt(ProjectIdSchema, '', ['command', 'upstreamProjectId']);
 * !r.ok && r.error.details.issues[0]?.path; // ['command', 'upstreamProjectId']
 * ```
 * @since 0.1.0
 */
export function parseInputAt<S extends z.ZodType>(
  schema: S,
  input: unknown,
  at: readonly (string | number)[],
): Result<z.output<S>, DomainError<'INVALID_INPUT'>> {
  const parsed = parseInput(schema, input);
  if (parsed.ok) return parsed;
  try {
    if (!Array.isArray(at) || at.length === 0) return parsed;
    // Text or finite numbers only, so the error stays plain, serialisable data (a BigInt, NaN or an
    // object given as a segment is written as text).
    const prefix = (at as readonly unknown[]).map((key) => (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key)) ? key : String(key)));
    const issues = parsed.error.details.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
    return err(domainError('INVALID_INPUT', { issues }));
  } catch {
    return parsed; // a path that cannot be read: the issues as they are
  }
}
