import { describe, expect, it } from 'vitest';
import { connectionId, companyId, projectId } from '../core/ids.js';
import type { SourceItem } from './item.js';
import { planInitialSync, planUpstreamChange } from './plan.js';
import { createSyncRegistry, DEFAULT_SYNC_REGISTRY, DRAWINGS_DATA_TYPE, findDataType, type SharedDataType } from './registry.js';

/** A second data type, defined entirely outside the core: only closed RFIs are copied. */
const rfis: SharedDataType = {
  id: 'rfis',
  tool: 'rfis',
  label: 'RFIs',
  notifies: false,
  isSyncable: (item) => item.attributes['status'] === 'closed',
};

const connection = {
  id: connectionId('cn-1'),
  state: 'connected' as const,
  dataTypes: ['drawings', 'rfis'],
  upstream: { projectId: projectId('gc'), companyId: companyId('build-co') },
  downstream: { projectId: projectId('sub'), companyId: companyId('electric-co') },
};
const rfi = (itemId: string, status: string): SourceItem => ({ dataType: 'rfis', itemId, revision: 0, published: true, attributes: { status } });

describe('S1: shared data types are a registry', () => {
  it('S1: Drawings ship built in', () => {
    expect(DEFAULT_SYNC_REGISTRY.types.map((t) => t.id)).toEqual(['drawings']);
    expect(findDataType(DEFAULT_SYNC_REGISTRY, 'drawings')).toMatchObject({ tool: 'drawings', notifies: true });
    expect(Object.isFrozen(DEFAULT_SYNC_REGISTRY.types)).toBe(true);
  });

  it('S1: a second type (RFIs, closed only) is added as an entry, with no change to the planner', () => {
    const registry = createSyncRegistry([DRAWINGS_DATA_TYPE, rfis]);
    expect(registry.ok).toBe(true);
    if (!registry.ok) return;
    const plan = planInitialSync({
      connection,
      registry: registry.value,
      upstreamItems: [rfi('RFI-1', 'closed'), rfi('RFI-2', 'open'), { dataType: 'drawings', itemId: 'A-1', revision: 0, published: true, attributes: {} }],
      at: 5,
    });
    expect(plan.ok && plan.value.operations.map((o) => `${o.kind} ${o.dataType}/${o.itemId}`)).toEqual(['copy rfis/RFI-1', 'copy drawings/A-1']);
    expect(plan.ok && plan.value.skipped).toEqual([{ dataType: 'rfis', itemId: 'RFI-2', reason: 'not_eligible' }]);
    // RFIs do not notify; Drawings still announce their initial sync.
    expect(plan.ok && plan.value.notices.map((n) => `${n.event} ${n.dataType}`)).toEqual(['InitialSyncComplete drawings']);
  });

  it('S1: a type missing from the registry never syncs', () => {
    const plan = planUpstreamChange({ connection, change: { kind: 'published', items: [rfi('RFI-1', 'closed')] }, at: 5 });
    expect(plan.ok && plan.value.operations).toEqual([]);
    expect(plan.ok && plan.value.skipped).toEqual([{ dataType: 'rfis', itemId: 'RFI-1', reason: 'unknown_data_type' }]);
  });

  it('§7: a registry needs unique ids, at least one type and a predicate (INVALID_INPUT)', () => {
    for (const bad of [[], [DRAWINGS_DATA_TYPE, DRAWINGS_DATA_TYPE], [{ ...rfis, isSyncable: 'closed' }], [{ ...rfis, id: 'RFIs' }], 'drawings']) {
      const r = createSyncRegistry(bad as never);
      expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    }
  });

  it('§7: a predicate that throws makes planning fail with INVALID_INPUT, not a crash', () => {
    const boom: SharedDataType = { ...rfis, isSyncable: () => { throw new Error('boom'); } };
    const registry = createSyncRegistry([boom]);
    if (!registry.ok) throw new Error(registry.error.message);
    const plan = planUpstreamChange({ connection, registry: registry.value, change: { kind: 'published', items: [rfi('RFI-1', 'closed')] }, at: 5 });
    expect(!plan.ok && plan.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/boom/) });
  });
});
