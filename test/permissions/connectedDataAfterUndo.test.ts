import { describe, expect, it } from 'vitest';
import type { AuthorizationFactsInput, Connection } from '../../src/index.js';
import { explainConnectedDataAccess } from '../../src/extras.js';
import { setup } from '../service/fixtures.js';

/** vic: a viewer with read_only on Drawings in the downstream project tower-electric. */
const vic: AuthorizationFactsInput = {
  userId: 'vic',
  companyIds: ['electric-co'],
  projects: [{ projectId: 'tower-electric', companyId: 'electric-co', onDirectory: true, tools: { drawings: 'read_only' } }],
};

function explain(connection: Connection) {
  const r = explainConnectedDataAccess(vic, { dataType: 'drawings', connection });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function approvedThenUndone() {
  const world = setup();
  const { service } = world;
  expect((await service.requestConnection({ actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] })).ok).toBe(true);
  expect((await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' })).ok).toBe(true);
  const undone = await service.undoConnectionApproval({ actorId: 'gina', connectionId: 'cn-1' });
  if (!undone.ok || undone.value.connection === null) throw new Error('undo refused');
  return { world, pending: undone.value.connection };
}

describe('C14/S5: copies made before an undo stay visible, unsynced', () => {
  it('C14: a connection pending again after an undone approval holds copies: visible with read_only, not synced', async () => {
    const { pending } = await approvedThenUndone();
    expect(pending.state).toBe('pending');
    expect(explain(pending)).toMatchObject({ allowed: true, reason: 'visible', synced: false, connectionState: 'pending' });
    expect(explain(pending).message).toContain('no longer synced');
  });

  it('C14: declined after an undone approval, the copies made while connected stay visible', async () => {
    const { world } = await approvedThenUndone();
    const declined = await world.service.declineConnection({ actorId: 'gina', connectionId: 'cn-1', reason: 'not now' });
    if (!declined.ok || declined.value.connection === null) throw new Error('decline refused');
    expect(declined.value.connection.state).toBe('declined');
    expect(explain(declined.value.connection)).toMatchObject({ allowed: true, reason: 'visible', synced: false });
  });

  it('C14/C16: a request undone after automatic approval connected it leaves its copies visible', async () => {
    const { service } = setup({ approval: 'automatic' });
    const req = await service.requestConnection({ actorId: 'pia', connectionId: 'cn-2', upstreamProjectId: 'tower', downstreamProjectId: 'tower-plumbing', dataTypes: ['drawings'] });
    expect(req.ok && req.value.connection?.state).toBe('connected');
    const undone = await service.undoConnectionRequest({ actorId: 'pia', connectionId: 'cn-2' });
    if (!undone.ok || undone.value.connection === null) throw new Error('undo refused');
    expect(undone.value.connection.state).toBe('cancelled');
    const pia: AuthorizationFactsInput = { userId: 'pia', companyIds: ['plumbing-co'], projects: [{ projectId: 'tower-plumbing', companyId: 'plumbing-co', onDirectory: true, tools: { drawings: 'read_only' } }] };
    const r = explainConnectedDataAccess(pia, { dataType: 'drawings', connection: undone.value.connection });
    expect(r.ok && r.value).toMatchObject({ allowed: true, reason: 'visible', synced: false });
  });

  it('C14: a connection never connected holds no copies (pending, then declined)', async () => {
    const { service } = setup();
    const req = await service.requestConnection({ actorId: 'sam', connectionId: 'cn-3', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
    if (!req.ok || req.value.connection === null) throw new Error('request refused');
    expect(explain(req.value.connection)).toMatchObject({ allowed: false, reason: 'no_copies' });
    const declined = await service.declineConnection({ actorId: 'gina', connectionId: 'cn-3', reason: 'no' });
    if (!declined.ok || declined.value.connection === null) throw new Error('decline refused');
    expect(explain(declined.value.connection)).toMatchObject({ allowed: false, reason: 'no_copies' });
  });

  it('C14: the flat form says whether the connection was ever connected (everConnected)', () => {
    const base = { dataType: 'drawings', sourceProjectId: 'tower', downstreamProjectId: 'tower-electric', connectionState: 'pending' } as const;
    const never = explainConnectedDataAccess(vic, base);
    expect(never.ok && never.value.reason).toBe('no_copies');
    const once = explainConnectedDataAccess(vic, { ...base, everConnected: true });
    expect(once.ok && once.value).toMatchObject({ allowed: true, reason: 'visible', synced: false });
  });
});
