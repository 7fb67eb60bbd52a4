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

  it('a preview of a forbidden command is the same error execute gives', () => {
    const p = previewConnectionCommand(emptyConnectionView(), { type: 'approve', connectionId: 'nope' }, { now: T0, actor: upstreamAdmin() });
    expect(!p.ok && p.error.code).toBe('NOT_FOUND');
  });
});
