import { describe, expect, it } from 'vitest';
import { userId } from '../core/ids.js';
import { resolveRecipients } from './recipients.js';
import { parseNotificationSettings } from './settings-parse.js';
import { directory, DOWNSTREAM_CM, DOWNSTREAM_DRAWINGS, GC, SUB, u, UPSTREAM_CM } from '../../test/notifications/fixtures.js';
import type { DirectoryFacts } from './directory.js';

function resolve(input: Record<string, unknown>) {
  const r = resolveRecipients({ directory, ...input } as never);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('N1: default recipients', () => {
  it('N1: every member with Admin on the tool and on the directory, nobody else', () => {
    expect(resolve({ projectId: GC, tool: 'connection_manager' }).recipients).toEqual(UPSTREAM_CM);
    expect(resolve({ projectId: SUB, tool: 'connection_manager' }).recipients).toEqual(DOWNSTREAM_CM);
    expect(resolve({ projectId: SUB, tool: 'drawings' }).recipients).toEqual(DOWNSTREAM_DRAWINGS);
  });

  it('N1: a company admin off the directory is excluded, one on the directory with Admin is included', () => {
    const cm = resolve({ projectId: SUB, tool: 'connection_manager' }).recipients;
    expect(cm).toContain('gus'); // electric-co company admin on the directory
    expect(cm).not.toContain('owner'); // electric-co company admin, not on the directory
    expect(resolve({ projectId: GC, tool: 'connection_manager' }).recipients).not.toContain('ceo');
  });

  it('N1: Standard or Read Only on the tool is not enough', () => {
    expect(resolve({ projectId: GC, tool: 'connection_manager' }).recipients).not.toContain('carl');
    expect(resolve({ projectId: SUB, tool: 'drawings' }).recipients).not.toContain('dan');
  });

  it('a project missing from the directory facts is NOT_FOUND', () => {
    const r = resolveRecipients({ directory, projectId: 'elsewhere', tool: 'drawings' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'project directory', id: 'elsewhere' } });
  });
});

describe('N2: per-project settings', () => {
  it('N2: the Connection Manager list can be narrowed to selected Connection Manager admins', () => {
    const settings = [{ projectId: GC, lists: { connection_manager: { selectedAdmins: u('ben') } } }];
    expect(resolve({ settings, projectId: GC, tool: 'connection_manager' }).recipients).toEqual(u('ben'));
    // Another project keeps its defaults.
    expect(resolve({ settings, projectId: SUB, tool: 'connection_manager' }).recipients).toEqual(DOWNSTREAM_CM);
  });

  it('N2: company admins can be added to the Connection Manager list, even off the directory', () => {
    const settings = [{ projectId: GC, lists: { connection_manager: { addedCompanyAdmins: u('ceo') } } }];
    expect(resolve({ settings, projectId: GC, tool: 'connection_manager' }).recipients).toEqual(u('ana', 'ben', 'ceo'));
  });

  it('N2: the Drawings list can be narrowed to selected Drawings admins', () => {
    const settings = [{ projectId: SUB, lists: { drawings: { selectedAdmins: u('eve') } } }];
    expect(resolve({ settings, projectId: SUB, tool: 'drawings' }).recipients).toEqual(u('eve'));
    expect(resolve({ settings, projectId: SUB, tool: 'connection_manager' }).recipients).toEqual(DOWNSTREAM_CM);
  });

  it('N2: an empty selection notifies nobody on that list', () => {
    const settings = [{ projectId: SUB, lists: { drawings: { selectedAdmins: [] } } }];
    expect(resolve({ settings, projectId: SUB, tool: 'drawings' }).recipients).toEqual([]);
  });

  it('N2: company admins cannot be added to the Drawings list (INVALID_INPUT)', () => {
    const r = parseNotificationSettings({ projectId: SUB, lists: { drawings: { addedCompanyAdmins: ['owner'] } } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toMatch(/connection_manager/);
    }
  });

  it('§7: settings are validated with zod: unknown keys, repeated users, reserved ids, two entries per project', () => {
    const bad: unknown[] = [
      { projectId: SUB, lists: { drawings: { selected: ['eve'] } } },
      { projectId: SUB, lists: { drawings: { selectedAdmins: ['eve', 'eve'] } } },
      { projectId: '__proto__', lists: {} },
      { projectId: SUB, lists: { Drawings: {} } },
      null,
    ];
    for (const input of bad) expect(parseNotificationSettings(input).ok).toBe(false);
    const twice = resolveRecipients({ directory, settings: [{ projectId: SUB, lists: {} }, { projectId: SUB, lists: {} }], projectId: SUB, tool: 'drawings' });
    expect(twice.ok).toBe(false);
  });

  it('valid settings come back frozen', () => {
    const r = parseNotificationSettings({ projectId: SUB, lists: { connection_manager: { selectedAdmins: ['dan'], addedCompanyAdmins: ['owner'] } } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Object.isFrozen(r.value)).toBe(true);
      expect(Object.isFrozen(r.value.lists)).toBe(true);
    }
  });
});

describe('N3: configured recipients who no longer qualify get nothing', () => {
  const settings = [
    { projectId: SUB, lists: { connection_manager: { selectedAdmins: u('dan', 'fay'), addedCompanyAdmins: u('owner', 'gone') } } },
  ];

  it('N3: a selected admin who lost Admin is withheld', () => {
    const demoted: DirectoryFacts = {
      ...directory,
      projects: directory.projects.map((p) =>
        p.projectId !== SUB ? p : { ...p, members: p.members.map((m) => (m.userId === 'dan' ? { ...m, tools: { connection_manager: 'standard' as const } } : m)) },
      ),
    };
    const r = resolveRecipients({ directory: demoted, settings, projectId: SUB, tool: 'connection_manager' });
    expect(r.ok && r.value.recipients).toEqual(u('fay', 'owner'));
    expect(r.ok && r.value.withheld).toEqual([
      { userId: 'dan', projectId: SUB, tool: 'connection_manager', reason: 'not_tool_admin' },
      { userId: 'gone', projectId: SUB, tool: 'connection_manager', reason: 'not_company_admin' },
    ]);
  });

  it('N3: a selected admin who left the directory is withheld', () => {
    const left: DirectoryFacts = {
      ...directory,
      projects: directory.projects.map((p) => (p.projectId !== SUB ? p : { ...p, members: p.members.filter((m) => m.userId !== 'fay') })),
    };
    const r = resolveRecipients({ directory: left, settings, projectId: SUB, tool: 'connection_manager' });
    expect(r.ok && r.value.recipients).toEqual(u('dan', 'owner'));
    expect(r.ok && r.value.withheld.find((w) => w.userId === userId('fay'))?.reason).toBe('not_on_directory');
  });

  it('N3: an added company admin who is no longer a company admin is withheld', () => {
    const demoted: DirectoryFacts = { ...directory, companies: [] };
    const r = resolveRecipients({ directory: demoted, settings, projectId: SUB, tool: 'connection_manager' });
    expect(r.ok && r.value.recipients).toEqual(u('dan', 'fay'));
    expect(r.ok && r.value.withheld.map((w) => w.reason)).toEqual(['not_company_admin', 'not_company_admin']);
  });
});
