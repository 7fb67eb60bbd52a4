import { describe, expect, it } from 'vitest';
import { createInMemoryDirectory, createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { manualClock, sequentialIds } from '../../src/ports/clock.js';
import { createConnectionService, type ServiceEvent, type ServicePolicyInput } from '../../src/service/index.js';
import { MIN, storyData, T0 } from './fixtures.js';

/** A service whose `onEvent` observations are recorded as `type:method:event types`. */
function observed(hook?: (e: ServiceEvent) => unknown, policy?: ServicePolicyInput) {
  const seen: string[] = [];
  const clock = manualClock(T0);
  const service = createConnectionService({
    storage: createInMemoryStorage(),
    directory: createInMemoryDirectory(storyData()),
    notifications: { deliver: async () => undefined },
    sync: { perform: async () => undefined },
    clock,
    ids: sequentialIds(),
    ...(policy === undefined ? {} : { policy }),
    onEvent: (e) => {
      if (e.type === 'command_committed') seen.push(`committed:${e.method}:${e.events.map((x) => x.type).join(',')}`);
      else if (e.type === 'command_refused') seen.push(`refused:${e.method}:${e.code}`);
      return hook?.(e) as void;
    },
  });
  return { service, seen, clock };
}

const request = { actorId: 'sam', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] };

describe('onEvent: what the hook is told (docs/service.md)', () => {
  it('C15: a retry answered from its idempotency receipt is not reported as a second commit (it records nothing)', async () => {
    const { service, seen } = observed();
    expect((await service.requestConnection({ ...request, idempotencyKey: 'k-1' })).ok).toBe(true);
    expect((await service.requestConnection({ ...request, idempotencyKey: 'k-1' })).ok).toBe(true);
    expect(seen).toEqual(['committed:request:ConnectionRequested']);
  });

  it('C17: an expiry the service records (by a command that finds it due, or by the sweep) is reported with its event', async () => {
    const { service, seen, clock } = observed(undefined, { connection: { pendingExpiryMs: MIN } });
    expect((await service.requestConnection(request)).ok).toBe(true);
    clock.advance(5 * MIN);
    const approve = await service.approveConnection({ actorId: 'gina', connectionId: 'cn-1' });
    expect(!approve.ok && approve.error.code).toBe('INVALID_TRANSITION');
    expect(seen).toEqual(['committed:request:ConnectionRequested', 'committed:reconcile:ConnectionExpired', 'refused:approve:INVALID_TRANSITION']);
    const second = observed(undefined, { connection: { pendingExpiryMs: MIN } });
    expect((await second.service.requestConnection(request)).ok).toBe(true);
    second.clock.advance(5 * MIN);
    const sweep = await second.service.reconcileDeadlines();
    expect(sweep.ok && sweep.value.reconciled).toEqual(['cn-1']);
    expect(second.seen).toEqual(['committed:request:ConnectionRequested', 'committed:reconcile:ConnectionExpired']);
    const third = observed(undefined, { connection: { pendingExpiryMs: MIN } });
    expect((await third.service.requestConnection(request)).ok).toBe(true);
    third.clock.advance(5 * MIN);
    expect((await third.service.reconcileConnection({ connectionId: 'cn-1' })).ok).toBe(true);
    expect(third.seen).toEqual(['committed:request:ConnectionRequested', 'committed:reconcile:ConnectionExpired']);
  });

  it('§7: a command refused as INVALID_INPUT is reported as refused, like any other refusal', async () => {
    const { service, seen } = observed();
    const r = await service.requestConnection({ ...request, dataTypes: [] });
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    expect(seen).toEqual(['refused:request:INVALID_INPUT']);
  });

  it('an async hook that rejects is ignored like one that throws: no unhandled rejection, nothing changes', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const { service, seen } = observed(async () => {
        throw new Error('a broken async logger');
      });
      expect((await service.requestConnection(request)).ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual(['committed:request:ConnectionRequested']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
