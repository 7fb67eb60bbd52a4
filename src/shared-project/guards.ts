import { regexes } from 'zod';
import { hasOnlyKeys, isPlainId, isPlainReason } from '../core/trust.js';
import type { SharedProjectCommand } from './commands.js';
import { PLANS } from './plans.js';
import { hasDomainShape, isDomain } from './recordGuards.js';

/**
 * Internal: the fast path of shared-project command validation. The guard accepts only commands that
 * `SharedProjectCommandSchema` accepts *unchanged* (no trimming, no lower-casing, no stripped keys);
 * anything else goes through zod, which then decides and reports the issues.
 * `test/properties/guards.test.ts` proves the soundness.
 */

type KeyTest = (key: string) => boolean;
const SHARE_KEYS: KeyTest = (k) => k === 'type' || k === 'shareId' || k === 'idempotencyKey';
const REASON_KEYS: KeyTest = (k) => k === 'reason' || SHARE_KEYS(k);
const DISCONNECT_KEYS: KeyTest = (k) => k === 'side' || k === 'outcome' || REASON_KEYS(k);
const INVITE_KEYS: KeyTest = (k) => {
  switch (k) {
    case 'sharedProjectId':
    case 'hostTeamId':
    case 'externalTeamId':
    case 'contactEmail':
      return true;
    default:
      return SHARE_KEYS(k);
  }
};
const TEAM_KEYS: KeyTest = (k) => k === 'type' || k === 'teamId' || k === 'plan' || k === 'idempotencyKey';
const REGISTER_KEYS: KeyTest = (k) => k === 'domain' || TEAM_KEYS(k);

const isPlan = (v: unknown): boolean => (PLANS as readonly unknown[]).includes(v);
const isReason = (v: unknown): boolean => v === undefined || isPlainReason(v);
const isEmail = (v: unknown): boolean => typeof v === 'string' && v.length <= 320 && regexes.email.test(v);

/**
 * Internal: whether `c` is a shared-project command the schema would accept exactly as it is.
 * @internal
 */
export function isPlainSharedProjectCommand(c: unknown): c is SharedProjectCommand {
  if (typeof c !== 'object' || c === null) return false;
  const r = c as Record<string, unknown>;
  if (r['idempotencyKey'] !== undefined && !isPlainId(r['idempotencyKey'])) return false;
  switch (r['type']) {
    case 'accept':
    case 'share_copy':
    case 'transfer':
      return hasOnlyKeys(c, SHARE_KEYS) && isPlainId(r['shareId']);
    case 'decline':
    case 'cancel':
      return hasOnlyKeys(c, REASON_KEYS) && isPlainId(r['shareId']) && isReason(r['reason']);
    case 'disconnect':
      return (
        hasOnlyKeys(c, DISCONNECT_KEYS) &&
        isPlainId(r['shareId']) &&
        isReason(r['reason']) &&
        (r['side'] === undefined || r['side'] === 'host' || r['side'] === 'external') &&
        (r['outcome'] === undefined || r['outcome'] === 'keep' || r['outcome'] === 'share_copy')
      );
    case 'invite':
      return (
        hasOnlyKeys(c, INVITE_KEYS) &&
        isPlainId(r['shareId']) &&
        isPlainId(r['sharedProjectId']) &&
        isPlainId(r['hostTeamId']) &&
        isPlainId(r['externalTeamId']) &&
        isEmail(r['contactEmail'])
      );
    case 'register_team':
      return hasOnlyKeys(c, REGISTER_KEYS) && isPlainId(r['teamId']) && isDomain(r['domain']) && hasDomainShape(r['domain'] as string) && isPlan(r['plan']);
    case 'change_plan':
      return hasOnlyKeys(c, TEAM_KEYS) && isPlainId(r['teamId']) && isPlan(r['plan']);
    default:
      return false;
  }
}
