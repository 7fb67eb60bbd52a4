import { hasOnlyKeys, isPlainId, isTrusted } from '../core/trust.js';
import type { ConnectionCommand } from './commands.js';

/**
 * Internal: the fast path of command and context validation. A guard accepts only inputs the zod
 * schema accepts *unchanged* (no trimming, no stripped keys); anything else goes through zod, which
 * then decides and reports the issues. `test/properties/guards.test.ts` proves the soundness.
 */

const TARGET_KEYS = new Set(['type', 'connectionId', 'idempotencyKey']);
const DECLINE_KEYS = new Set([...TARGET_KEYS, 'reason']);
const DISCONNECT_KEYS = new Set([...TARGET_KEYS, 'reason', 'side']);
const REQUEST_KEYS = new Set([...TARGET_KEYS, 'upstreamProjectId', 'downstreamProjectId', 'dataTypes', 'endsAt']);
const CONTEXT_KEYS = new Set(['now', 'actor', 'approval', 'policy']);
const DATA_TYPE = /^[a-z][a-z0-9_]{0,63}$/;

const isTimestamp = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isReason = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 2000 && v.trim() === v;

function isDataTypes(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0 || v.length > 32 || Object.getPrototypeOf(v) !== Array.prototype) return false;
  for (let i = 0; i < v.length; i += 1) {
    const t: unknown = v[i];
    if (typeof t !== 'string' || !DATA_TYPE.test(t)) return false;
    for (let j = 0; j < i; j += 1) if (v[j] === t) return false;
  }
  return true;
}

/** Internal: whether `c` is a command the schema would accept exactly as it is. */
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
      return hasOnlyKeys(c, DECLINE_KEYS) && (r['reason'] === undefined || isReason(r['reason']));
    case 'disconnect':
      return (
        hasOnlyKeys(c, DISCONNECT_KEYS) &&
        isReason(r['reason']) &&
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

/** Internal: whether `c` is a context the schema would accept exactly as it is (facts prepared, default policy). */
export function isPlainConnectionContext(c: unknown): boolean {
  if (!hasOnlyKeys(c, CONTEXT_KEYS)) return false;
  const approval = c['approval'];
  return (
    isTimestamp(c['now']) &&
    (c['actor'] === undefined || isTrusted(c['actor'])) &&
    (approval === undefined || approval === 'automatic' || approval === 'manual') &&
    c['policy'] === undefined
  );
}
