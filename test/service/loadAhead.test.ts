import { describe, expect, it } from 'vitest';
import { recordingStorage, setup } from './fixtures.js';

const request = (connectionId: string, upstreamProjectId: string) => ({ actorId: 'sam', connectionId, upstreamProjectId, downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });

describe('service: a request loads ahead what its ledgers are likely to name (issue 12, round trips)', () => {
  it('C3: a request refused by the one-upstream rule reads its records in one storage round trip, and names the open connection', async () => {
    const { storage, loads } = recordingStorage();
    const { service } = setup({ approval: 'automatic', storage });
    const first = await service.requestConnection(request('cn-1', 'tower'));
    expect(first.ok && first.value.connection?.state).toBe('connected');
    loads.length = 0;
    const refused = await service.requestConnection(request('cn-2', 'school'));
    expect(!refused.ok && refused.error.code).toBe('ONE_UPSTREAM_ONLY');
    expect(!refused.ok && refused.error.details).toMatchObject({ downstreamProjectId: 'tower-electric', openConnectionId: 'cn-1', openState: 'connected' });
    // Without the look-ahead: the new connection and both ledgers, then the open connection the
    // downstream ledger names (two round trips). With it: one.
    expect(loads).toHaveLength(1);
    expect(loads[0]).toEqual(expect.arrayContaining(['connection:cn-2', 'ledger:tower-electric', 'ledger:school', 'connection:cn-1']));
  });

  it('a stale hint changes nothing: the decision sees and expects only the records the ledgers name', async () => {
    const { storage, loads, commits } = recordingStorage();
    const { service } = setup({ approval: 'automatic', storage });
    const first = await service.requestConnection(request('cn-1', 'tower'));
    expect(first.ok).toBe(true);
    // Another process frees the downstream behind this service's back: the service's hint still
    // names cn-1 as the downstream's open upstream connection.
    const [ledger] = await storage.load(['ledger:tower-electric']);
    const freed = { ...(ledger!.data as object), openAsDownstream: null };
    expect((await storage.commit({ expected: [{ key: 'ledger:tower-electric', version: ledger!.version }], writes: [{ key: 'ledger:tower-electric', data: freed }], events: [], outbox: [] })).ok).toBe(true);
    loads.length = 0;
    commits.length = 0;
    const second = await service.requestConnection(request('cn-2', 'school'));
    expect(second.ok && second.value.connection?.state).toBe('connected');
    expect(loads[0]).toContain('connection:cn-1'); // read ahead on the stale hint …
    const expected = commits.at(-1)!.request.expected.map((e) => e.key);
    expect(expected).not.toContain('connection:cn-1'); // … but neither decided on nor expected at commit
    expect(expected).toEqual(expect.arrayContaining(['connection:cn-2', 'ledger:tower-electric', 'ledger:school']));
  });

  it('hints belong to one service: a service on another storage with the same ids reads nothing ahead from them', async () => {
    const a = recordingStorage();
    const first = setup({ approval: 'automatic', storage: a.storage });
    expect((await first.service.requestConnection(request('cn-1', 'tower'))).ok).toBe(true);
    const b = recordingStorage();
    const other = setup({ approval: 'automatic', storage: b.storage });
    const r = await other.service.requestConnection(request('cn-9', 'school'));
    expect(r.ok && r.value.connection?.state).toBe('connected');
    // The first service's hint (tower-electric's open connection is cn-1) is not the second's.
    expect(b.loads[0]).toEqual(['connection:cn-9', 'ledger:tower-electric', 'ledger:school']);
  });
});
