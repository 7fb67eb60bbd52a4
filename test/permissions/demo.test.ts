import { describe, expect, it } from 'vitest';
import { runPermissionsDemo } from '../../examples/permissions-demo.js';

describe('permissions demo', () => {
  it('P11: prints the effective matrix and explained denials', () => {
    const lines: string[] = [];
    runPermissionsDemo((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toContain('sign_as_approver (locked_on)');
    expect(text).toContain('overridden by daily_log.collaborator_entry_only');
    expect(text).toContain('actor and assignee are in different companies');
    expect(text).toContain('needs read_only or higher on the drawings tool in project "sub-tower"');
  });
});
