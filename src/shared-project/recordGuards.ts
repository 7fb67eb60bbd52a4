import { hasOnlyKeys, isCleanText, isCount, isEventCount, isFrozenArrayOf, isFrozenPlain, isPlainId, isTimestamp } from '../core/trust.js';
import { PLANS } from './plans.js';
import { SHARE_STATES } from './machine.js';
import type { Share, SharedProject, Team, TeamUsageRecord } from './state.js';

/**
 * Internal: the fast path of stored host/external record validation, as for connections
 * (`connection/recordGuards.ts`): a guard accepts only deep-frozen records that `TeamSchema`,
 * `SharedProjectSchema`, `ShareSchema` / `TeamUsageRecordSchema` accept *unchanged*; anything else goes
 * through zod. `test/properties/guards.test.ts` proves the soundness.
 */

const keysOf = (names: readonly string[]): ((key: string) => boolean) => {
  const allowed = new Set(names);
  return (key) => allowed.has(key);
};

const TEAM_KEYS = keysOf(['id', 'domain', 'plan', 'registeredAt', 'planChangedAt']);
const PROJECT_KEYS = keysOf(['id', 'hostTeamId', 'openShareId', 'disconnectedTeamIds', 'transferredFrom']);
const USAGE_KEYS = keysOf(['teamId', 'count', 'shareIds']);
const SHARE_KEYS = keysOf([
  'id',
  'sharedProjectId',
  'hostTeamId',
  'externalTeamId',
  'contactEmail',
  'state',
  'stateSince',
  'invitedAt',
  'invitedBy',
  'connectedAt',
  'acceptedBy',
  'closedAt',
  'closedBy',
  'closeReason',
  'disconnectedBy',
  'disconnectOutcome',
  'copiesShared',
  'transferredAt',
  'eventCount',
]);

const PLAN_SET: ReadonlySet<unknown> = new Set(PLANS);
const STATE_SET: ReadonlySet<unknown> = new Set(SHARE_STATES);

const orNull = (v: unknown, check: (v: unknown) => boolean): boolean => v === null || check(v);
/** A business domain the schema keeps unchanged: already trimmed and lower-case, 1–253 characters. */
/**
 * Internal: a domain `BusinessDomainSchema` gives back unchanged: trimmed, lower case, no trailing dot or
 * space, storable text (the command guard and the record guard share it).
 * @internal
 */
export const isDomain = (v: unknown): boolean =>
  typeof v === 'string' && v.length > 0 && v.length <= 253 && v.trim().toLowerCase() === v && !/[.\s]$/u.test(v) && isCleanText(v);

const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * Internal: whether a normalised domain is dot-separated labels of 1–63 letters, digits or hyphens,
 * none starting or ending with a hyphen (`BusinessDomainSchema`'s shape rule).
 * @internal
 */
export function hasDomainShape(v: string): boolean {
  for (const label of v.split('.')) if (!DOMAIN_LABEL.test(label)) return false;
  return true;
}

/**
 * Internal: a deep-frozen team record the schema would accept unchanged.
 * @internal
 */
export function isPlainTeam(v: unknown): v is Team {
  return (
    isFrozenPlain(v) &&
    hasOnlyKeys(v, TEAM_KEYS) &&
    isPlainId(v['id']) &&
    isDomain(v['domain']) &&
    PLAN_SET.has(v['plan']) &&
    isTimestamp(v['registeredAt']) &&
    orNull(v['planChangedAt'], isTimestamp)
  );
}

/**
 * Internal: a deep-frozen shared-project record the schema would accept unchanged.
 * @internal
 */
export function isPlainSharedProject(v: unknown): v is SharedProject {
  return (
    isFrozenPlain(v) &&
    hasOnlyKeys(v, PROJECT_KEYS) &&
    isPlainId(v['id']) &&
    isPlainId(v['hostTeamId']) &&
    orNull(v['openShareId'], isPlainId) &&
    isFrozenArrayOf(v['disconnectedTeamIds'], isPlainId) &&
    orNull(v['transferredFrom'], isPlainId)
  );
}

/**
 * Internal: a deep-frozen team usage record the schema would accept unchanged (its count equals the
 * number of shares it lists).
 * @internal
 */
export function isPlainUsage(v: unknown): v is TeamUsageRecord {
  if (!isFrozenPlain(v) || !hasOnlyKeys(v, USAGE_KEYS) || !isPlainId(v['teamId'])) return false;
  const shareIds = v['shareIds'];
  return isCount(v['count']) && isFrozenArrayOf(shareIds, isPlainId) && shareIds.length === v['count'];
}

/**
 * Internal: a deep-frozen share record the schema would accept unchanged.
 * @internal
 */
export function isPlainShare(v: unknown): v is Share {
  if (!isFrozenPlain(v) || !hasOnlyKeys(v, SHARE_KEYS)) return false;
  const email = v['contactEmail'];
  const by = v['disconnectedBy'];
  const outcome = v['disconnectOutcome'];
  return (
    isPlainId(v['id']) &&
    isPlainId(v['sharedProjectId']) &&
    isPlainId(v['hostTeamId']) &&
    isPlainId(v['externalTeamId']) &&
    typeof email === 'string' &&
    email.length <= 320 &&
    STATE_SET.has(v['state']) &&
    isTimestamp(v['stateSince']) &&
    isTimestamp(v['invitedAt']) &&
    isPlainId(v['invitedBy']) &&
    orNull(v['connectedAt'], isTimestamp) &&
    orNull(v['acceptedBy'], isPlainId) &&
    orNull(v['closedAt'], isTimestamp) &&
    orNull(v['closedBy'], isPlainId) &&
    (v['closeReason'] === null || typeof v['closeReason'] === 'string') &&
    (by === null || by === 'host' || by === 'external') &&
    (outcome === null || outcome === 'keep' || outcome === 'share_copy') &&
    isCount(v['copiesShared']) &&
    orNull(v['transferredAt'], isTimestamp) &&
    isEventCount(v['eventCount'])
  );
}
