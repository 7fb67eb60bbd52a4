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
    // C5: under manual approval a request waits, pending; under automatic it is connected at once (above).
    expect(text).toMatch(/✓ Electric requests Tower: cn-\d+ is pending/);
    expect(text).toMatch(/stu ← ConnectionRequestRejected/);
    expect(text).toMatch(/Studio plan usage: 1 of 3/);
    // N5: every notification the story's state changes recorded is delivered once: none lost, none twice.
    const delivered = lines.filter((l) => l.includes('✉')).map((l) => l.trim());
    const times = (n: number, line: string) => Array.from({ length: n }, () => line);
    expect([...delivered].sort()).toEqual(
      [
        ...times(3, '✉ gina ← ConnectionRequested (upstream tower)'),
        ...times(3, '✉ gina ← ConnectionCreated (upstream tower)'),
        ...times(2, '✉ gina ← ConnectionDisabled (upstream tower)'),
        '✉ sam ← ConnectionCreated (downstream tower-electric)',
        '✉ sam ← InitialSyncComplete (downstream tower-electric)',
        '✉ sam ← ConnectionDisabled (downstream tower-electric)',
        '✉ stu ← ConnectionRequestRejected (downstream tower-steel)',
        '✉ stu ← ConnectionCreated (downstream tower-steel)',
        '✉ stu ← InitialSyncComplete (downstream tower-steel)',
        '✉ pia ← ConnectionCreated (downstream tower-plumbing)',
        '✉ pia ← InitialSyncComplete (downstream tower-plumbing)',
        '✉ pia ← ConnectionDisabled (downstream tower-plumbing)',
        '✉ lea ← ShareInvitationReceived (client)',
        '✉ hana ← ShareInvitationAccepted (studio)',
      ].sort(),
    );
  });

  it('S2/S3/S5/N1: the sync story copies 3 of 4 drawings, sends a revision and a delete, and nothing after the disconnect', async () => {
    const lines: string[] = [];
    const counts = await runServiceSyncDemo((line) => lines.push(line));
    expect(counts).toEqual({ synced: 4, detached: 2, afterDisconnect: 0 });
    expect(lines.at(-1)).toBe('synced=4 detached=2 after-disconnect=0');
    expect(lines.filter((l) => l.includes('⇢ copy'))).toHaveLength(3);
    // S3: the revision is an update and the upstream delete deletes the copy.
    expect(lines).toContain('    ⇢ update A-101@2');
    expect(lines).toContain('    ⇢ delete A-103@1');
    // N1: the sync notices go to the downstream Drawings admin on its directory (sam), nobody else.
    expect(lines.filter((l) => /InitialSyncComplete|NewDrawingsPublished|DrawingsDeleted/.test(l))).toEqual([
      '    ✉ sam ← InitialSyncComplete',
      '    ✉ sam ← NewDrawingsPublished',
      '    ✉ sam ← DrawingsDeleted',
    ]);
  });

  it('P3/P10/P11: the permissions story creates templates, refuses the chain and the locked toggle, and an edit changes the check', async () => {
    const lines: string[] = [];
    await runServicePermissionsDemo((line) => lines.push(line));
    expect(lines.filter((l) => l.startsWith('  ✓ create'))).toHaveLength(4);
    expect(lines.some((l) => l.includes('NOT_ASSIGNABLE') && l.includes('no chains'))).toBe(true);
    expect(lines.some((l) => l.includes('LOCKED_PERMISSION') && l.includes('action_plans.sign_as_approver'))).toBe(true);
    // P11: the denial says why (the level is too low), and the edit turns it into allowed.
    expect(lines.filter((l) => l.startsWith('  cy drawings.publish'))).toEqual([expect.stringMatching(/denied — .*needs level admin/), '  cy drawings.publish: allowed']);
  });
});
