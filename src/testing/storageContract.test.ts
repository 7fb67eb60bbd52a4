import { describe, expect, it } from 'vitest';
import { createInMemoryStorage } from '../adapters/memory/inMemoryStorage.js';
import type { StoragePort } from '../ports/storage.js';
import { storageContract, storageContractCases } from './storageContract.js';

/** The names of the contract cases a storage fails. */
async function failures(create: () => StoragePort): Promise<string[]> {
  const cases = storageContractCases({ concurrency: 8 });
  if (!cases.ok) throw new Error(cases.error.message);
  const failed: string[] = [];
  for (const c of cases.value) {
    try {
      await c.run(create());
    } catch {
      failed.push(c.name);
    }
  }
  return failed;
}

const broken = (change: (s: StoragePort) => Partial<StoragePort>) => () => {
  const s = createInMemoryStorage();
  return { ...s, ...change(s) };
};

describe('the storage contract catches broken adapters (SPEC §8)', () => {
  it('§8: the in-memory adapter passes every case', async () => {
    expect(await failures(() => createInMemoryStorage())).toEqual([]);
  });

  it('§8: an adapter that ignores expected versions fails the conflict and race cases', async () => {
    const failed = await failures(broken((s) => ({ commit: (r) => s.commit({ ...r, expected: [] }) })));
    expect(failed).toContain('§8 commit: a stale expected version is a conflict naming the key, and nothing at all is written');
    expect(failed).toContain('§8 commit: expecting version 0 for a key that exists is a conflict (insert-if-absent)');
    expect(failed.some((name) => name.startsWith('C3/H4 concurrency'))).toBe(true);
  });

  it('§8: an adapter that appends events even when the commit conflicts fails "nothing at all is written"', async () => {
    const failed = await failures(
      broken((s) => ({
        commit: async (r) => {
          const result = await s.commit(r);
          if (!result.ok) await s.commit({ expected: [], writes: [], events: r.events, outbox: [] });
          return result;
        },
      })),
    );
    expect(failed).toContain('§8 commit: a stale expected version is a conflict naming the key, and nothing at all is written');
  });

  it('§8: an adapter that checks versions and writes in two steps loses the one-upstream and plan-limit races', async () => {
    const failed = await failures(
      broken((s) => ({
        commit: async (r) => {
          const records = await s.load(r.expected.map((e) => e.key));
          const conflicts = r.expected.filter((e, i) => records[i]?.version !== e.version).map((e) => e.key);
          if (conflicts.length > 0) return { ok: false, conflicts };
          await new Promise((resolve) => setTimeout(resolve, 1));
          return s.commit({ ...r, expected: [] });
        },
      })),
    );
    expect(failed).toContain('C3/H4 concurrency: 8 commits claiming the same slot (same expected version): exactly one wins, nothing of the others is written');
    expect(failed).toContain('C3/H4 concurrency: 8 creations of the same absent key: exactly one wins');
  });

  it('§8: adapters that query out of order or forget deliveries fail the index and outbox cases', async () => {
    const unsorted = await failures(broken((s) => ({ query: async (q) => { const page = await s.query(q); return { ...page, records: [...page.records].reverse() }; } })));
    expect(unsorted).toContain('§8 query: the records of one term in (order, key) order, with their current version and data');
    expect(unsorted).toContain('§8 query: keys of equal order compare in code point order (astral characters after U+FFFF)');
    const forgetful = await failures(broken(() => ({ markDelivered: async () => undefined })));
    expect(forgetful).toContain('N5/S6 outbox: a delivered id is never pending again, even when committed again');
  });

  it('C15/N5: adapters that name a receipt conflict by its bare key, or claim their own leased items again, fail the receipt and lease cases', async () => {
    const bareReceipt = await failures(
      broken((s) => ({
        commit: async (r) => {
          const result = await s.commit(r);
          return result.ok ? result : { ok: false, conflicts: result.conflicts.map((c) => c.replace(/^receipt:/, '')) };
        },
      })),
    );
    expect(bareReceipt).toContain('C15 receipt: a second receipt for the same key is a conflict and writes nothing');
    // Re-answers the claimer's own leases: its claim reads as a claim by a fresh owner at the lease's end.
    const greedy = await failures(
      broken((s) => {
        const held = new Map<string, Set<string>>();
        return {
          claimOutbox: async (c) => {
            const mine = held.get(c.owner) ?? new Set<string>();
            const items = [...(await s.claimOutbox(c))];
            for (const i of items) mine.add(i.id);
            held.set(c.owner, mine);
            const again = mine.size > items.length ? [...mine].filter((id) => !items.some((i) => i.id === id)) : [];
            return [...items, ...again.map((id) => ({ id, kind: 'notification' as const, payload: { id }, availableAt: 0 }))];
          },
        };
      }),
    );
    expect(greedy).toContain('N5 outbox lease: a claimed item is not claimed again, by anyone, until its lease runs out');
  });

  it('§7 INVALID_INPUT: a runner without it/create, or a bad concurrency, is refused without registering anything', () => {
    const registered: string[] = [];
    const it = (name: string) => void registered.push(name);
    for (const bad of [undefined, null, 42, {}, { it }, { create: () => createInMemoryStorage() }, { it, create: () => createInMemoryStorage(), concurrency: 1 }]) {
      const r = storageContract(bad as never);
      expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    }
    expect(registered).toEqual([]);
    expect(storageContractCases({ concurrency: 1.5 }).ok).toBe(false);
    const ok = storageContract({ it, create: () => createInMemoryStorage(), concurrency: 4 });
    expect(ok.ok && ok.value).toEqual(registered);
    expect(registered.some((name) => name.includes('4 commits'))).toBe(true);
  });

  it('§8: a runner that throws while registering gives INVALID_INPUT, not a throw', () => {
    const r = storageContract({ describe: () => { throw new Error('no describe here'); }, it: () => undefined, create: () => createInMemoryStorage() });
    expect(!r.ok && r.error.message).toContain('no describe here');
  });
});
