import { describe, expect, it } from 'vitest';
import { checkIdempotency, fingerprint, receiptFor } from './idempotency.js';

const T0 = Date.parse('2026-03-02T08:00:00Z');

describe('fingerprint (C15)', () => {
  it('C15: a value referenced twice (not a cycle) has the fingerprint of its unshared copy', () => {
    const x = { projectId: 'tower', dataTypes: ['drawings'] };
    const shared = { a: x, b: x };
    const copied = { a: { projectId: 'tower', dataTypes: ['drawings'] }, b: { projectId: 'tower', dataTypes: ['drawings'] } };
    expect(fingerprint(shared)).toBe(fingerprint(copied));
    expect(fingerprint(shared)).not.toContain('[Circular]');
  });

  it('C15: a repeated reference inside arrays and nested objects is not mistaken for a cycle', () => {
    const tag = ['drawings'];
    const side = { companyId: 'build-co', tags: tag };
    const shared = { list: [side, side, { inner: side }], tags: tag };
    const copied = JSON.parse(JSON.stringify(shared)) as unknown;
    expect(fingerprint(shared)).toBe(fingerprint(copied));
  });

  it('C15: retrying with an equal payload that shares a sub-object replays instead of IDEMPOTENCY_CONFLICT', () => {
    const dataTypes = ['drawings'];
    const first = { type: 'request', upstream: { dataTypes }, downstream: { dataTypes } };
    const retry = { type: 'request', upstream: { dataTypes: ['drawings'] }, downstream: { dataTypes: ['drawings'] } };
    const receipt = receiptFor('req-1', first, 'first outcome', T0);
    expect(checkIdempotency(receipt, 'req-1', retry)).toEqual({ ok: true, value: { kind: 'replay', outcome: 'first outcome' } });
  });

  it('C15: a value shared at every level of a deep DAG has the fingerprint of its expanded copy', () => {
    let shared: unknown = { leaf: 1 };
    let copied: unknown = { leaf: 1 };
    for (let i = 0; i < 8; i += 1) {
      shared = { left: shared, right: shared };
      copied = { left: copied, right: JSON.parse(JSON.stringify(copied)) as unknown };
    }
    expect(fingerprint(shared)).toBe(fingerprint(copied));
    expect(fingerprint(shared)).not.toContain('[Circular]');
  });

  it('a real cycle is still total and marked [Circular]', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop['self'] = loop;
    const list: unknown[] = [1];
    list.push(list);
    expect(fingerprint(loop)).toBe('{"name":"loop","self":"[Circular]"}');
    expect(fingerprint(list)).toBe('[1,"[Circular]"]');
  });

  it('a cycle through a shared object is marked on the cycle only, not on the repeated sibling', () => {
    const child: Record<string, unknown> = { id: 'child' };
    const parent = { first: child, second: child };
    child['parent'] = parent;
    expect(fingerprint(parent)).toBe('{"first":{"id":"child","parent":"[Circular]"},"second":{"id":"child","parent":"[Circular]"}}');
  });

  it('§7: revoked Proxies and throwing getters give a fingerprint, never an exception', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwing = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(() => fingerprint(proxy)).not.toThrow();
    expect(() => fingerprint({ nested: [proxy] })).not.toThrow();
    expect(() => fingerprint(throwing)).not.toThrow();
    expect(typeof fingerprint(throwing)).toBe('string');
    expect(fingerprint(throwing)).not.toBe(fingerprint({ boom: undefined }));
  });

  it('C15: key order and the idempotency key itself do not change the fingerprint', () => {
    expect(fingerprint({ b: 1, a: { d: 2, c: 3 } })).toBe(fingerprint({ a: { c: 3, d: 2 }, b: 1 }));
    expect(fingerprint({ a: 1, idempotencyKey: 'k1' })).toBe(fingerprint({ a: 1, idempotencyKey: 'k2' }));
  });
});

describe('IDEMPOTENCY_CONFLICT (C15) on a very long key', () => {
  it('C15: the message quotes the start of a key of a million characters, the details keep it whole', () => {
    const key = 'k'.repeat(1_000_000);
    const r = checkIdempotency([] as never, key, { type: 'approve' });
    expect(!r.ok && r.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(!r.ok && r.error.message.length).toBeLessThan(200);
    expect(!r.ok && r.error.message).toMatch(/^Idempotency key "k+…" was already used with a different command\.$/);
    expect(!r.ok && r.error.details.key).toBe(key);
  });
});
