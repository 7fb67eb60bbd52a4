import { describe, expect, it } from 'vitest';
import { emptyConnectionView, previewConnectionCommand } from '../index.js';
import { MIN, project, request, requester, T0, upstreamAdmin } from '../../test/support/connectionFixtures.js';
import { viewOf } from '../../test/support/connectionSpec.js';

const E = project.towerElectric;

describe('preview', () => {
  it('previews a disconnect with the irreversible warnings, committing nothing', () => {
    const view = viewOf([[request('c1', E), { now: T0, actor: requester(E), approval: 'automatic' }]]);
    const p = previewConnectionCommand(view, { type: 'disconnect', connectionId: 'c1', reason: 'done' }, { now: T0 + 10 * MIN, actor: upstreamAdmin() });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.warnings.map((w) => w.code)).toEqual(['IRREVERSIBLE', 'RETIRES_DOWNSTREAM', 'COPIES_STAY']);
    expect(p.value.warnings[1]?.message).toContain(E);
    expect(p.value.state.connections['c1']?.state).toBe('disconnected');
    expect(view.connections['c1']?.state).toBe('connected');
  });

  it('previews automatic and manual requests differently', () => {
    const auto = previewConnectionCommand(emptyConnectionView(), request('c1', E, project.tower, { endsAt: T0 + 60 * MIN }), { now: T0, actor: requester(E), approval: 'automatic' });
    expect(auto.ok && auto.value.warnings.map((w) => w.code)).toEqual(['AUTOMATIC_APPROVAL', 'ROLES_FIXED', 'UNDO_AVAILABLE', 'ENDS_AT']);
    const manual = previewConnectionCommand(emptyConnectionView(), request('c1', E), { now: T0, actor: requester(E) });
    expect(manual.ok && manual.value.warnings.map((w) => w.code)).toEqual(['AWAITS_APPROVAL', 'ROLES_FIXED', 'UNDO_AVAILABLE']);
  });

  it('§7: a preview of a request whose end date lies past the last instant a Date can hold answers, as execute does', () => {
    const far = Number.MAX_SAFE_INTEGER;
    const p = previewConnectionCommand(emptyConnectionView(), request('c1', E, project.tower, { endsAt: far }), { now: T0, actor: requester(E) });
    expect(p.ok && p.value.warnings.find((w) => w.code === 'ENDS_AT')?.message).toBe(`The connection ends at ${far} ms after 1970-01-01 and then counts as disconnected, for good.`);
  });

  it('C16: the undo warning spells the window exactly, in the largest unit it is a whole number of', () => {
    const said = (undoWindowMs: number) => {
      const p = previewConnectionCommand(emptyConnectionView(), request('c1', E), { now: T0, actor: requester(E), policy: { undoWindowMs } });
      return p.ok ? p.value.warnings.find((w) => w.code === 'UNDO_AVAILABLE')?.message : p.error.code;
    };
    expect(said(5 * MIN)).toBe('You can undo this request for 5 minutes.');
    expect(said(MIN)).toBe('You can undo this request for 1 minute.');
    expect(said(20_000)).toBe('You can undo this request for 20 seconds.');
    expect(said(90_000)).toBe('You can undo this request for 90 seconds.');
    expect(said(24 * 60 * MIN)).toBe('You can undo this request for 1 day.');
    expect(said(2 * 60 * MIN)).toBe('You can undo this request for 2 hours.');
    expect(said(1_500)).toBe('You can undo this request for 1500 milliseconds.');
    expect(said(0)).toBe('You can undo this request for 0 milliseconds.');
  });

  it('a preview of a forbidden command is the same error execute gives', () => {
    const p = previewConnectionCommand(emptyConnectionView(), { type: 'approve', connectionId: 'nope' }, { now: T0, actor: upstreamAdmin() });
    expect(!p.ok && p.error.code).toBe('NOT_FOUND');
  });
});
