import { z } from 'zod';
import { domainError, type DomainError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import type { StoragePort } from '../ports/storage.js';
import { concurrencyCases } from './storageContractConcurrency.js';
import { outboxCases } from './storageContractOutbox.js';
import { indexCases } from './storageContractIndex.js';
import { recordCases } from './storageContractRecords.js';

/**
 * One case of the storage adapter contract: a name (prefixed by the rule it protects) and a check run
 * on a fresh, empty storage. `run` rejects with a readable message when the adapter breaks the contract.
 *
 * @example
 * ```ts
 * const cases = storageContractCases();
 * if (cases.ok) for (const c of cases.value) await c.run(await createMyStorage());
 * ```
 * @since 0.1.0
 */
export interface StorageContractCase {
  /** The case's name, prefixed by the rule it protects. */
  readonly name: string;
  /** Runs the case on a fresh, empty storage; rejects with a readable message when the adapter breaks the contract. */
  readonly run: (storage: StoragePort) => Promise<void>;
}

/**
 * Options of {@link storageContractCases}.
 *
 * @example
 * ```ts
 * const options: StorageContractCaseOptions = { concurrency: 32 };
 * ```
 * @since 0.1.0
 */
export interface StorageContractCaseOptions {
  /** How many commits race in the concurrency cases (2 to 256). Default 16. */
  readonly concurrency?: number;
}

/**
 * How {@link storageContract} registers its cases with your test runner (vitest, jest, mocha,
 * `node:test`, ...), and how it gets a fresh storage for each case.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * const runner: StorageContractRunner = { describe, it, create: async () => createInMemoryStorage() };
 * ```
 * @since 0.1.0
 */
export interface StorageContractRunner extends StorageContractCaseOptions {
  /** Registers one test; the body rejects when the case fails. */
  readonly it: (name: string, body: () => Promise<void>) => unknown;
  /** Groups the tests (optional). */
  readonly describe?: (name: string, body: () => void) => unknown;
  /** A fresh, empty storage for each case (e.g. a new schema, or truncated tables). */
  readonly create: () => StoragePort | Promise<StoragePort>;
  /** Called after each case, passed or failed, with the storage it used. */
  readonly cleanup?: (storage: StoragePort) => unknown;
  /** The name of the group (default `StoragePort contract`). */
  readonly name?: string;
}

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
const CaseOptionsSchema = z.object({ concurrency: z.number().int().min(2).max(256).optional() });
const RunnerSchema = CaseOptionsSchema.extend({ it: fn, describe: fn.optional(), create: fn, cleanup: fn.optional(), name: z.string().optional() });

/**
 * Every case of the storage adapter contract (SPEC §8), for runners that iterate them themselves.
 *
 * @remarks
 * Covers: absent keys are version 0; versions increase by one; a conflict writes nothing (records,
 * events, outbox, receipt, index entries); insert-if-absent; read dependencies; index queries (terms in
 * (order, key) order, bounds, pages, replaced and removed entries, code point order); history order;
 * receipts unique (C15); outbox order, de-duplication, backoff, leases and delivered ids never queued
 * again (N5, S6); and races: `concurrency` commits for one slot, one absent key, one receipt or one
 * outbox id, concurrent claims, a counter with retries, write skew. The race cases need a storage that really runs
 * commits concurrently (a connection pool) to be meaningful, but pass on any correct adapter.
 *
 * @example
 * ```ts
 * const cases = storageContractCases({ concurrency: 8 });
 * if (cases.ok) for (const c of cases.value) test(c.name, async () => c.run(await freshStorage()));
 * ```
 * @since 0.1.0
 */
export function storageContractCases(options?: unknown): Result<readonly StorageContractCase[], DomainError<'INVALID_INPUT'>> {
  const parsed = parseInput(CaseOptionsSchema, options === undefined ? {} : options);
  if (!parsed.ok) return err(parsed.error);
  return ok(Object.freeze([...recordCases, ...indexCases, ...outboxCases, ...concurrencyCases(parsed.value.concurrency ?? 16)]));
}

/**
 * Registers the storage adapter contract with your test runner: one test per case, each on a fresh
 * storage from `create()`. Returns the names of the registered tests.
 *
 * @remarks
 * Runner-agnostic (the runner's `it`/`describe` are injected): the cases throw their own readable
 * errors and need no `expect`. Run it on your own adapter to prove it behaves like the in-memory one.
 * A runner that is not one (from JavaScript) is answered `INVALID_INPUT`, with nothing registered.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { storageContract } from 'project-connections/testing';
 * import { createInMemoryStorage } from 'project-connections';
 *
 * storageContract({ describe, it, name: 'in-memory storage', create: () => createInMemoryStorage() });
 * ```
 * @since 0.1.0
 */
export function storageContract(runner: StorageContractRunner): Result<readonly string[], DomainError<'INVALID_INPUT'>> {
  const parsed = parseInput(RunnerSchema, runner);
  if (!parsed.ok) return err(parsed.error);
  const r = runner as StorageContractRunner;
  const cases = storageContractCases(r.concurrency === undefined ? {} : { concurrency: r.concurrency });
  if (!cases.ok) return cases;
  const register = () => {
    for (const c of cases.value) {
      r.it(c.name, async () => {
        const storage = await r.create();
        try {
          await c.run(storage);
        } finally {
          await r.cleanup?.(storage);
        }
      });
    }
  };
  try {
    if (r.describe === undefined) register();
    else r.describe(r.name ?? 'StoragePort contract', register);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : 'the runner threw while registering tests';
    return err(domainError('INVALID_INPUT', { issues: [{ path: [], code: 'runner_failed', message }] }));
  }
  return ok(Object.freeze(cases.value.map((c) => c.name)));
}
