import type { CommitRequest, CommitResult } from '../ports/storage.js';
import type { StoragePort } from '../ports/storage.js';
import { check, same } from './contractAssert.js';
import type { StorageContractCase } from './storageContract.js';
import { peekOutbox } from './storageContractHelpers.js';

/** The keys among `keys` that hold data. */
async function present(storage: StoragePort, keys: readonly string[]): Promise<string[]> {
  return (await storage.load(keys)).filter((r) => r.data !== null && r.data !== undefined).map((r) => r.key);
}

const EMPTY: CommitRequest = { expected: [], writes: [], events: [], outbox: [] };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function winners(results: readonly CommitResult[], what: string): number[] {
  for (const r of results) check(typeof r === 'object' && r !== null && typeof r.ok === 'boolean', `${what}: every commit must be answered ok or conflict, got ${JSON.stringify(r)}`);
  return results.flatMap((r, i) => (r.ok ? [i] : []));
}

/**
 * Internal: the concurrency cases, with `n` commits racing (C3 and H4 rest on them: one open connection
 * per downstream project and plan limits are ledger records claimed with expected versions).
 * @internal
 */
export function concurrencyCases(n: number): readonly StorageContractCase[] {
  return [
    {
      name: `C3/H4 concurrency: ${n} commits claiming the same slot (same expected version): exactly one wins, nothing of the others is written`,
      run: async (storage) => {
        same(await storage.commit({ ...EMPTY, expected: [{ key: 'ledger:p', version: 0 }], writes: [{ key: 'ledger:p', data: { open: null } }] }), { ok: true }, 'create ledger');
        const results = await Promise.all(
          range(n).map((i) =>
            storage.commit({
              expected: [{ key: 'ledger:p', version: 1 }, { key: `connection:cn-${i}`, version: 0 }],
              writes: [{ key: 'ledger:p', data: { open: `cn-${i}` } }, { key: `connection:cn-${i}`, data: { id: `cn-${i}` } }],
              events: [{ stream: `connection:cn-${i}`, events: [{ type: 'Requested', i }] }],
              outbox: [{ id: `out:${i}`, kind: 'notification', payload: i, availableAt: 0 }],
            }),
          ),
        );
        const won = winners(results, 'claims');
        check(won.length === 1, `exactly one claim must win, ${won.length} did`);
        const w = won[0] as number;
        for (const [i, r] of results.entries()) if (!r.ok) same(r.conflicts, ['ledger:p'], `conflicts of claim ${i}`);
        same(await storage.load(['ledger:p']), [{ key: 'ledger:p', version: 2, data: { open: `cn-${w}` } }], 'ledger');
        same(await present(storage, range(n).map((i) => `connection:cn-${i}`)), [`connection:cn-${w}`], 'connections written');
        same((await peekOutbox(storage, 1, n + 1)).map((o) => o.id), [`out:${w}`], 'outbox');
        for (const i of range(n)) same((await storage.history(`connection:cn-${i}`)).length, i === w ? 1 : 0, `events of cn-${i}`);
      },
    },
    {
      name: `C3/H4 concurrency: ${n} creations of the same absent key: exactly one wins`,
      run: async (storage) => {
        const results = await Promise.all(range(n).map((i) => storage.commit({ ...EMPTY, expected: [{ key: 'team:t', version: 0 }], writes: [{ key: 'team:t', data: i }] })));
        const won = winners(results, 'creations');
        check(won.length === 1, `exactly one creation must win, ${won.length} did`);
        same(await storage.load(['team:t']), [{ key: 'team:t', version: 1, data: won[0] }], 'record');
      },
    },
    {
      name: `C3/H4 concurrency: ${n} clients incrementing one counter, retrying on conflict, lose no update`,
      run: async (storage) => {
        const increment = async (): Promise<number> => {
          for (let attempt = 1; attempt <= 50 * n; attempt += 1) {
            const [current] = await storage.load(['usage:team']);
            const version = current?.version ?? 0;
            const count = typeof current?.data === 'number' ? current.data : 0;
            const r = await storage.commit({ ...EMPTY, expected: [{ key: 'usage:team', version }], writes: [{ key: 'usage:team', data: count + 1 }] });
            if (r.ok) return attempt;
          }
          throw new Error('an increment never got through');
        };
        await Promise.all(range(n).map(() => increment()));
        same(await storage.load(['usage:team']), [{ key: 'usage:team', version: n, data: n }], 'counter');
      },
    },
    {
      name: 'C3/H4 concurrency: two commits that each read both slots and claim one (write skew): exactly one wins',
      run: async (storage) => {
        const rounds = Math.max(1, Math.floor(n / 2));
        for (const round of range(rounds)) {
          const keys = { a: `slot:a${round}`, b: `slot:b${round}` };
          const exp = [{ key: keys.a, version: 0 }, { key: keys.b, version: 0 }];
          const results = await Promise.all([
            storage.commit({ ...EMPTY, expected: exp, writes: [{ key: keys.a, data: 'claimed' }] }),
            storage.commit({ ...EMPTY, expected: [...exp].reverse(), writes: [{ key: keys.b, data: 'claimed' }] }),
          ]);
          same(winners(results, 'claims').length, 1, `winners of round ${round}`);
          same((await present(storage, range(round + 1).flatMap((r) => [`slot:a${r}`, `slot:b${r}`]))).length, round + 1, `slots claimed after round ${round}`);
        }
      },
    },
    {
      name: `C15 concurrency: ${n} commits carrying the same idempotency key: exactly one wins`,
      run: async (storage) => {
        const results = await Promise.all(
          range(n).map((i) => storage.commit({ ...EMPTY, writes: [{ key: `item:${i}`, data: i }], receipt: { key: 'cmd:same', fingerprint: 'fp', outcome: i, at: i } })),
        );
        const won = winners(results, 'commits');
        check(won.length === 1, `exactly one commit must store the receipt, ${won.length} did`);
        same((await storage.receipt('cmd:same'))?.outcome, won[0], 'stored outcome');
        same((await storage.load(range(n).map((i) => `item:${i}`))).filter((r) => r.data !== null).map((r) => r.data), won, 'records written');
      },
    },
    {
      name: `N5 concurrency: ${n} dispatchers claiming at once lease each item to exactly one of them`,
      run: async (storage) => {
        same(await storage.commit({ ...EMPTY, outbox: range(4 * n).map((i) => ({ id: `out:${i}`, kind: 'notification' as const, payload: i, availableAt: 0 })) }), { ok: true }, 'enqueue');
        const claims = await Promise.all(range(n).map((i) => storage.claimOutbox({ now: 10, limit: 8, owner: `d${i}`, leaseMs: 1_000 })));
        const ids = claims.flatMap((c) => c.map((o) => o.id));
        same(new Set(ids).size, ids.length, 'items claimed twice');
        same(ids.length, Math.min(4 * n, 8 * n), 'items claimed');
      },
    },
    {
      name: `N5/S6 concurrency: ${n} dispatchers claiming grouped items at once: no group is split between them, each takes an in-order prefix`,
      run: async (storage) => {
        const groups = Math.max(2, Math.floor(n / 2));
        const items = range(groups * 4).map((i) => ({ id: `g${i % groups}:${Math.floor(i / groups)}`, kind: 'sync' as const, payload: i, availableAt: 0, group: `g${i % groups}` }));
        same(await storage.commit({ ...EMPTY, outbox: items }), { ok: true }, 'enqueue');
        const claims = await Promise.all(range(n).map((i) => storage.claimOutbox({ now: 10, limit: 3, owner: `d${i}`, leaseMs: 1_000 })));
        for (let gi = 0; gi < groups; gi += 1) {
          const holders = claims.flatMap((c, owner) => (c.some((o) => o.group === `g${gi}`) ? [owner] : []));
          check(holders.length <= 1, `group g${gi} was split between dispatchers ${JSON.stringify(holders)}`);
          const held = claims.flatMap((c) => c.filter((o) => o.group === `g${gi}`).map((o) => o.id));
          same(held, range(held.length).map((k) => `g${gi}:${k}`), `the items of g${gi} claimed`);
        }
      },
    },
    {
      name: `N5/S6 concurrency: the same outbox id committed by ${n} clients at once is queued once`,
      run: async (storage) => {
        const results = await Promise.all(
          range(n).map((i) =>
            storage.commit({ ...EMPTY, writes: [{ key: `item:${i}`, data: i }], outbox: [{ id: 'out:same', kind: 'sync', payload: i, availableAt: 0 }, { id: `out:${i}`, kind: 'sync', payload: i, availableAt: 0 }] }),
          ),
        );
        same(winners(results, 'commits').length, n, 'commits without expected versions that succeed');
        const pending = await peekOutbox(storage, 0, 10 * n);
        same(pending.filter((o) => o.id === 'out:same').length, 1, 'copies of out:same');
        same(pending.length, n + 1, 'pending items');
      },
    },
  ];
}
