import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pbtRuns } from '../../test/support/pbt.js';
import { domainError } from '../core/errors.js';
import { invalidInput, unknownPermission, unknownTool } from './check-errors.js';

describe('errors of the check path (§7)', () => {
  it('§7: are the errors domainError makes, message included', () => {
    const issue = fc.record({ path: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.nat(9)), { maxLength: 3 }), code: fc.string({ maxLength: 5 }), message: fc.string({ maxLength: 10 }) });
    fc.assert(
      fc.property(fc.array(issue, { maxLength: 5 }), fc.string({ maxLength: 10 }), (issues, id) => {
        expect(invalidInput(issues)).toEqual(domainError('INVALID_INPUT', { issues }));
        expect(unknownTool(id)).toEqual(domainError('UNKNOWN_TOOL', { tool: id }));
        expect(unknownPermission(id)).toEqual(domainError('UNKNOWN_PERMISSION', { permission: id }));
        expect(unknownPermission(id, 'why')).toEqual(domainError('UNKNOWN_PERMISSION', { permission: id }, 'why'));
      }),
      { numRuns: pbtRuns() },
    );
  });
});
