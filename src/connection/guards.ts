import { hasOnlyKeys, isPlainId, isPlainReason, isTrusted } from '../core/trust.js';
import type { ConnectionCommand } from './commands.js';

/**
 * Internal: the fast path of command and context validation. A guard accepts only inputs the zod
 * schema accepts *unchanged* (no trimming, no stripped keys); anything else goes through zod, which
 * then decides and reports the issues. `test/properties/guards.test.ts` proves the soundness.
 */

/** The keys each command shape may have (a `switch` on string literals compiles to pointer compares). */
type KeyTest = (key: string) => boolean;
const TARGET_KEYS: KeyTest = (k) => {
  switch (k) {
    case 'type':
    case 'connectionId':
    case 'idempotencyKey':
      return true;
    default:
      return false;
  }
};
const DECLINE_KEYS: KeyTest = (k) => k === 'reason' || TARGET_KEYS(k);
const DISCONNECT_KEYS: KeyTest = (k) => k === 'reason' || k === 'side' || TARGET_KEYS(k);
const REQUEST_KEYS: KeyTest = (k) => {
  switch (k) {
    case 'upstreamProjectId':
    case 'downstreamProjectId':
    case 'dataTypes':
    case 'endsAt':
      return true;
    default:
      return TARGET_KEYS(k);
  }
};
const CONTEXT_KEYS: KeyTest = (k) => {
  switch (k) {
    case 'now':
    case 'actor':
    case 'approval':
    case 'policy':
      return true;
    default:
      return false;
  }
};
const DATA_TYPE = /^[a-z][a-z0-9_]{0,63}$/;

const isTimestamp = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function isDataTypes(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0 || v.length > 32 || Object.getPrototypeOf(v) !== Array.prototype) return false;
  for (let i = 0; i < v.length; i += 1) {
    const t: unknown = v[i];
    if (typeof t !== 'string' || !DATA_TYPE.test(t)) return false;
    for (let j = 0; j < i; j += 1) if (v[j] === t) return false;
  }
  return true;
}

/**
 * Internal: whether `c` is a command the schema would accept exactly as it is.
 * @internal
 */
export function isPlainConnectionCommand(c: unknown): c is ConnectionCommand {
  if (typeof c !== 'object' || c === null) return false;
  const r = c as Record<string, unknown>;
  if (!isPlainId(r['connectionId'])) return false;
  if (r['idempotencyKey'] !== undefined && !isPlainId(r['idempotencyKey'])) return false;
  switch (r['type']) {
    case 'approve':
    case 'cancel':
    case 'undo_request':
    case 'undo_approval':
    case 'reconcile':
      return hasOnlyKeys(c, TARGET_KEYS);
    case 'decline':
      return hasOnlyKeys(c, DECLINE_KEYS) && (r['reason'] === undefined || isPlainReason(r['reason']));
    case 'disconnect':
      return (
        hasOnlyKeys(c, DISCONNECT_KEYS) &&
        isPlainReason(r['reason']) &&
        (r['side'] === undefined || r['side'] === 'upstream' || r['side'] === 'downstream')
      );
    case 'request':
      return (
        hasOnlyKeys(c, REQUEST_KEYS) &&
        isPlainId(r['upstreamProjectId']) &&
        isPlainId(r['downstreamProjectId']) &&
        isDataTypes(r['dataTypes']) &&
        (r['endsAt'] === undefined || r['endsAt'] === null || isTimestamp(r['endsAt']))
      );
    default:
      return false;
  }
}

/**
 * Internal: whether `c` is a context the schema would accept exactly as it is (facts and policy prepared or absent).
 * @internal
 */
export function isPlainConnectionContext(c: unknown): boolean {
  return readPlainConnectionContext(c) !== undefined;
}

/**
 * Internal: {@link isPlainConnectionContext}'s check, reading each field of `c` once and answering the
 * values read (so a getter cannot answer one value when checked and another when used), or `undefined`.
 * @internal
 */
export function readPlainConnectionContext(c: unknown): { readonly now: number; readonly actor: unknown; readonly approval: 'automatic' | 'manual' | undefined; readonly policy: unknown } | undefined {
  if (!hasOnlyKeys(c, CONTEXT_KEYS)) return undefined;
  const now = c['now'];
  const actor = c['actor'];
  const approval = c['approval'];
  const policy = c['policy'];
  if (!isTimestamp(now)) return undefined;
  if (actor !== undefined && !isTrusted(actor, 'authorization_facts')) return undefined;
  if (approval !== undefined && approval !== 'automatic' && approval !== 'manual') return undefined;
  if (policy !== undefined && !isTrusted(policy, 'connection_policy')) return undefined;
  return { now, actor, approval, policy };
}
