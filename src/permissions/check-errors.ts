import type { DomainError, InputIssue } from '../core/errors.js';

/*
 * The errors of the pure check path (catalog reading and building, compiled checks), worded exactly as
 * `domainError` words them but without its table of every code's message, which would otherwise be
 * the largest part of a `can`-only bundle. check-errors.test.ts checks they equal `domainError`'s.
 */

/**
 * Internal: `domainError('INVALID_INPUT', { issues })`.
 * @internal
 */
export function invalidInput(issues: readonly InputIssue[]): DomainError<'INVALID_INPUT'> {
  const shown = issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
  return { code: 'INVALID_INPUT', message: `Invalid input: ${shown}${more}`, details: { issues } };
}

/**
 * Internal: `domainError('UNKNOWN_TOOL', { tool })`.
 * @internal
 */
export function unknownTool(tool: string): DomainError<'UNKNOWN_TOOL'> {
  return { code: 'UNKNOWN_TOOL', message: `Unknown tool "${tool}".`, details: { tool } };
}

/**
 * Internal: `domainError('UNKNOWN_PERMISSION', { permission }, message)`.
 * @internal
 */
export function unknownPermission(permission: string, message = `Unknown permission "${permission}".`): DomainError<'UNKNOWN_PERMISSION'> {
  return { code: 'UNKNOWN_PERMISSION', message, details: { permission } };
}
