import { describe, expect, it } from 'vitest';
import { runServiceDemo } from '../../examples/service-demo.js';
import { runServiceSyncDemo } from '../../examples/service-sync-demo.js';
import { runServicePermissionsDemo } from '../../examples/service-permissions-demo.js';

describe('service demo', () => {
  it('C5/C7/C10/C16/N5: the story runs through the service and the dispatcher delivers its notifications', async () => {
    const lines: string[] = [];
    await runServiceDemo((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).not.toMatch(/✗ (Electric requests|Gina approves|Gina declines|Steel requests again|Plumbing)/);
    expect(text).toMatch(/Electric tries to reconnect \(C10\): RECONNECT_FORBIDDEN/);
    expect(text).toMatch(/Plumbing requests Tower: cn-\d+ is connected/);
    expect(text).toMatch(/undoes it within 5 minutes \(C16\): cn-\d+ is cancelled/);
    expect(text).toMatch(/stu ← ConnectionRequestRejected/);
    expect(text).toMatch(/Studio plan usage: 1 of 3/);
    expect(lines.filter((l) => l.includes('✉')).length).toBeGreaterThan(10);
  });

  it('S2/S3/S5/N1: the sync story copies 3 of 4 drawings, sends a revision and a delete, and nothing after the disconnect', async () => {
    const lines: string[] = [];
    const counts = await runServiceSyncDemo((line) => lines.push(line));
    expect(counts).toEqual({ synced: 4, detached: 2, afterDisconnect: 0 });
    expect(lines.at(-1)).toBe('synced=4 detached=2 after-disconnect=0');
    expect(lines.filter((l) => l.includes('⇢ copy'))).toHaveLength(3);
    expect(lines).toContain('    ✉ sam ← InitialSyncComplete');
  });

  it('P5/P10/P11: the permissions story creates templates, refuses the chain and the locked toggle, and an edit changes the check', async () => {
    const lines: string[] = [];
    await runServicePermissionsDemo((line) => lines.push(line));
    expect(lines.filter((l) => l.startsWith('  ✓ create'))).toHaveLength(4);
    expect(lines.some((l) => l.includes('NOT_ASSIGNABLE') && l.includes('no chains'))).toBe(true);
    expect(lines.some((l) => l.includes('LOCKED_PERMISSION'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('  cy drawings.publish'))).toEqual([expect.stringContaining('denied'), '  cy drawings.publish: allowed']);
  });
});
