import { domainError, type DomainError, type InputIssue } from '../core/errors.js';
import { err, type Result } from '../core/result.js';

/**
 * Internal: a decision's `INVALID_INPUT` with its issue paths said as the service's caller wrote them.
 * The pure deciders name the fields of their command (`['command', 'dataTypes', 0]`); a service
 * method's input carries those fields under the same names (`['input', 'dataTypes', 0]`), as its own
 * schema errors say. Other results pass through unchanged.
 * @internal
 */
export function asInputPaths<T>(result: Result<T, DomainError>): Result<T, DomainError> {
  if (result.ok || result.error.code !== 'INVALID_INPUT') return result;
  const { issues } = result.error.details as { readonly issues: readonly InputIssue[] };
  if (!issues.some((i) => i.path[0] === 'command')) return result;
  return err(domainError('INVALID_INPUT', { issues: issues.map((i) => (i.path[0] === 'command' ? { ...i, path: ['input', ...i.path.slice(1)] } : i)) }));
}
