import { domainError, type DomainError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import type { SourceItem } from './item.js';
import type { SharedDataType } from './registry.js';

/**
 * Internal: runs a type's predicate without letting it throw.
 * @internal
 */
export function runPredicate(type: SharedDataType, item: SourceItem): Result<boolean, DomainError> {
  try {
    return ok(type.isSyncable(item) === true);
  } catch (cause) {
    let message = 'the predicate threw';
    try {
      if (cause instanceof Error && typeof cause.message === 'string') message = cause.message;
    } catch {
      // keep the generic message
    }
    return err(
      domainError('INVALID_INPUT', {
        issues: [{ path: ['registry', type.id, 'isSyncable'], code: 'predicate_threw', message: `isSyncable of "${type.id}" threw: ${message}` }],
      }),
    );
  }
}
