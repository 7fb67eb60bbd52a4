import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as directory from '../../src/adapters/memory/inMemoryDirectory.js';
import * as service from '../../src/service/index.js';
import * as faults from '../../src/testing/faults.js';
import * as world from '../../src/testing/serviceWorld.js';
import * as model from '../../src/testing/serviceModel.js';
import { ERROR_CODES } from '../../src/core/errors.js';
import { hostileArgs } from '../support/hostile.js';
import { pbtRuns } from '../support/pbt.js';

type AnyFn = (...args: unknown[]) => unknown;

const PENDING = Symbol('still pending after 50 ms');

// The stored views (`storedConnectionView`, …) are left out on purpose: a storage they cannot read makes
// them reject, so that an invariant check never passes on an unread, empty view (src/testing/storedViews.test.ts).
const functions = (Object.entries({ ...directory, ...service, ...faults, ...world }) as [string, unknown][]).filter(
  (e): e is [string, AnyFn] => typeof e[1] === 'function',
);
// The service model's helpers are test tooling too: on a world or options they cannot use they throw a
// plain Error that says so (docs/testing.md), rather than run the user's suite on the default world.
const modelFunctions = (Object.entries(model) as [string, unknown][]).filter((e): e is [string, AnyFn] => typeof e[1] === 'function');

describe('fuzz: the service, directory and testing exports never throw or reject (§7)', () => {
  it.each(functions)('§7: %s never throws or rejects on any arguments, revoked Proxies and throwing getters included', async (_name, fn) => {
    await fc.assert(
      fc.asyncProperty(hostileArgs(3), async ({ build }) => {
        let out = fn(...build());
        if (out instanceof Promise) out = await Promise.race([out, new Promise((resolve) => setTimeout(() => resolve(PENDING), 50))]);
        // What it answers, if it is a Result, is well formed: ok, or an error with a code of SPEC §7.
        if (out !== PENDING && typeof out === 'object' && out !== null && 'ok' in out && (out as { ok: unknown }).ok === false) {
          expect(ERROR_CODES).toContain((out as unknown as { error: { code: string } }).error.code);
        }
      }),
      { numRuns: Math.max(30, Math.floor(pbtRuns() / 4)) },
    );
  });

  it.each(modelFunctions)('§7: %s either answers or throws a plain Error naming the unusable argument, on any arguments', async (_name, fn) => {
    await fc.assert(
      fc.asyncProperty(hostileArgs(3), async ({ build }) => {
        try {
          const out = fn(...build());
          if (out instanceof Promise) await Promise.race([out, new Promise((resolve) => setTimeout(resolve, 50))]);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^(connection model world|service model options): /);
        }
      }),
      { numRuns: Math.max(30, Math.floor(pbtRuns() / 4)) },
    );
  });
});
