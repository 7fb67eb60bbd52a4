import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../core/machine.js';
import {
  changedSharedProjectRecords,
  decideSharedProjectCommand,
  evolveSharedProjectView,
  executeSharedProjectCommand,
  previewSharedProjectCommand,
  replaySharedProjectHistory,
  sharedProjectDecider,
} from './api.js';
import type { SharedProjectEvent } from './events.js';
import { shareId } from './ids.js';
import { sharedProjectMachine } from './machine.js';
import { adminOf, billing, invite, on, run, t, withTeams } from './spec-helpers.js';
import { auditSharedProjectUsage, teamUsage } from './usage.js';
import { emptySharedProjectView } from './state.js';

const agency = adminOf('ana', 'agency');
const client = adminOf('cleo', 'client');
const teams = () => withTeams(['agency', 'agency.example', 'professional'], ['client', 'client.example', 'enterprise']);

describe('preview warnings', () => {
  it('H4: inviting for the 3rd of 3 slots warns "3rd of 3" and that it is the last slot', () => {
    let view = teams();
    for (const i of [1, 2]) view = run(view, invite(`s${i}`, `p${i}`, 'agency', 'client'), agency).view;
    const p = previewSharedProjectCommand(view, invite('s3', 'p3', 'agency', 'client'), { now: 1, actor: agency });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.warnings.find((w) => w.code === 'USES_SLOT')?.message).toContain('3rd of 3');
    expect(p.value.warnings.map((w) => w.code)).toContain('LAST_SLOT');
    expect(Object.keys(view.shares)).toHaveLength(2); // nothing committed
  });

  it('previewing a disconnect warns that the external team loses access and the pair never reconnects', () => {
    let view = run(teams(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    view = run(view, on('accept', 's1'), client).view;
    const p = previewSharedProjectCommand(view, on('disconnect', 's1'), { now: 1, actor: agency });
    const codes = p.ok ? p.value.warnings.map((w) => w.code) : [];
    expect(codes).toEqual(expect.arrayContaining(['EXTERNAL_LOSES_ACCESS', 'NEVER_RECONNECT', 'COPY_LATER', 'FREES_SLOT']));
  });

  it('previewing a downgrade below the count warns that nothing is cut', () => {
    let view = teams();
    for (const i of [1, 2]) view = run(view, invite(`s${i}`, `p${i}`, 'agency', 'client'), agency).view;
    const p = previewSharedProjectCommand(view, { type: 'change_plan', teamId: t('agency'), plan: 'starter' }, { now: 1, actor: billing });
    expect(p.ok && p.value.warnings.map((w) => w.code)).toEqual(['NOT_ELIGIBLE', 'OVER_LIMIT']);
  });

  it('previewing an acceptance says the contact joins', () => {
    const view = run(teams(), invite('s1', 'p1', 'agency', 'client', 'lea@client.example'), agency).view;
    const p = previewSharedProjectCommand(view, on('accept', 's1'), { now: 1, actor: client });
    expect(p.ok && p.value.warnings.find((w) => w.code === 'CONTACT_JOINS')?.message).toContain('lea@client.example');
  });
});

describe('H4: usage query', () => {
  it('H4: teamUsage gives count, limit and what is counted ("2 of 3 used")', () => {
    let view = teams();
    view = run(view, invite('s1', 'p1', 'agency', 'client'), agency).view;
    view = run(view, invite('s2', 'p2', 'agency', 'client'), agency).view;
    view = run(view, on('accept', 's1'), client).view;
    const u = teamUsage(view, 'agency');
    expect(u.ok && u.value).toMatchObject({ count: 2, limit: 3, available: 1, remaining: 1, canTakeSlot: true, overLimit: false, connected: ['s1'], hostedPending: ['s2'] });
    const c = teamUsage(view, 'client');
    expect(c.ok && c.value).toMatchObject({ count: 1, limit: 15, connected: ['s1'], hostedPending: [], receivedPending: ['s2'] });
    expect(auditSharedProjectUsage(view)).toEqual({ ok: true, value: [] });
  });

  it('an audit reports a usage record that drifted from the shares', () => {
    const view = run(teams(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    const drifted = { ...view, usage: { agency: { teamId: 'agency', count: 0, shareIds: [] } } };
    expect(auditSharedProjectUsage(drifted as never)).toEqual({ ok: true, value: [{ teamId: 'agency', stored: 0, recomputed: 1 }] });
  });
});

describe('history, decider and storage helpers', () => {
  it('H9: the machine allows share_copy and transfer only after a disconnect, and renders as Mermaid', () => {
    expect(sharedProjectMachine.transitions.share_copy.from).toEqual(['disconnected']);
    expect(toMermaid(sharedProjectMachine)).toContain('pending --> connected: accept (external admin)');
  });

  it('the state can be rebuilt from the history of events, through JSON', () => {
    const events: SharedProjectEvent[] = [];
    let view = emptySharedProjectView();
    const step = (command: Parameters<typeof run>[1], actor: Parameters<typeof run>[2]) => {
      const r = run(view, command, actor);
      view = r.view;
      events.push(...r.events);
    };
    step({ type: 'register_team', teamId: t('agency'), domain: 'agency.example', plan: 'professional' }, billing);
    step({ type: 'register_team', teamId: t('client'), domain: 'client.example', plan: 'enterprise' }, billing);
    step(invite('s1', 'p1', 'agency', 'client'), agency);
    step(on('accept', 's1'), client);
    step({ type: 'disconnect', shareId: shareId('s1'), outcome: 'share_copy' }, agency);
    const replayed = replaySharedProjectHistory(JSON.parse(JSON.stringify(events)));
    expect(replayed.ok && replayed.value).toEqual(view);
  });

  it('changedSharedProjectRecords names the records a command wrote, usage included', () => {
    const before = run(teams(), invite('s1', 'p1', 'agency', 'client'), agency).view;
    const after = run(before, on('accept', 's1'), client).view;
    expect(changedSharedProjectRecords(before, after)).toEqual({ ok: true, value: [{ collection: 'shares', id: 's1', key: 'share:s1' }, { collection: 'usage', id: 'client', key: 'team_usage:client' }] });
  });

  it('the decider decides and evolves like the entry points', () => {
    const decided = sharedProjectDecider.decide(emptySharedProjectView(), { type: 'register_team', teamId: t('x'), domain: 'x.example', plan: 'enterprise' }, { now: 1, actor: billing });
    expect(decided.ok).toBe(true);
    if (!decided.ok) return;
    const view = decided.value.reduce(sharedProjectDecider.evolve, emptySharedProjectView());
    expect(view.teams['x']?.plan).toBe('enterprise');
    expect(sharedProjectDecider.evolve(view, { bogus: true } as never)).toBe(view);
  });

  it('results are frozen', () => {
    const r = executeSharedProjectCommand(teams(), invite('s1', 'p1', 'agency', 'client'), { now: 1, actor: agency });
    expect(r.ok && Object.isFrozen(r.value.state.shares['s1'])).toBe(true);
    expect(r.ok && Object.isFrozen(r.value.events[0])).toBe(true);
  });
});

describe('validation', () => {
  it('§7: malformed commands, contexts and views are INVALID_INPUT, never a throw', () => {
    expect(executeSharedProjectCommand(teams(), { type: 'accept', shareId: '__proto__' }, { now: 1, actor: client }).ok).toBe(false);
    expect(executeSharedProjectCommand(teams(), { type: 'accept', shareId: 's1', extra: 1 } as never, { now: 1, actor: client }).ok).toBe(false);
    expect(executeSharedProjectCommand({ teams: { a: { id: 'b' } } } as never, on('accept', 's1'), { now: 1, actor: client }).ok).toBe(false);
    const r = executeSharedProjectCommand(teams(), invite('s1', 'p1', 'agency', 'client', 'not-an-email'), { now: 1, actor: agency });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });

  it('§7: every entry point is total on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (x, y, z) => {
        // Hostile values, past the types as untyped callers would pass them.
        const [a, b, c] = [x, y, z] as never[] as [never, never, never];
        for (const r of [executeSharedProjectCommand(a, b, c), previewSharedProjectCommand(a, b, c), decideSharedProjectCommand(a, b, c), evolveSharedProjectView(a, b)]) {
          expect(r.ok).toBe(false);
        }
        for (const r of [replaySharedProjectHistory(a), changedSharedProjectRecords(a, b), teamUsage(a as never, b as never, c as never), auditSharedProjectUsage(a as never)]) {
          expect(typeof r.ok).toBe('boolean');
        }
      }),
      { numRuns: 200 },
    );
  });
});
