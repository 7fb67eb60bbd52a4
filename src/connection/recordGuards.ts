import { hasOnlyKeys, isPlainId } from '../core/trust.js';
import type { Connection, ProjectLedger } from './state.js';

/**
 * Internal: the fast path of stored-record validation. A guard accepts only deep-frozen records that
 * `ConnectionSchema` / `ProjectLedgerSchema` accept *unchanged*; anything else goes through zod.
 * `test/properties/guards.test.ts` proves the soundness.
 */

const STATES: ReadonlySet<unknown> = new Set(['pending', 'connected', 'declined', 'cancelled', 'expired', 'disconnected']);
const DATA_TYPE = /^[a-z][a-z0-9_]{0,63}$/;

const isTimestamp = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isFrozenPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.isFrozen(v) && Object.getPrototypeOf(v) === Object.prototype;

const LEDGER_KEYS = (k: string): boolean => {
  switch (k) {
    case 'projectId':
    case 'openAsDownstream':
    case 'retired':
    case 'retiredBy':
    case 'openAsUpstream':
    case 'connectedAsUpstream':
      return true;
    default:
      return false;
  }
};

const CONNECTION_KEYS = (k: string): boolean => {
  switch (k) {
    case 'id':
    case 'upstream':
    case 'downstream':
    case 'dataTypes':
    case 'approval':
    case 'state':
    case 'stateSince':
    case 'requestedAt':
    case 'requestedBy':
    case 'connectedAt':
    case 'approvedBy':
    case 'endsAt':
    case 'closedAt':
    case 'closeReason':
    case 'eventCount':
      return true;
    default:
      return false;
  }
};

const SIDE_KEYS = (k: string): boolean => k === 'projectId' || k === 'companyId';

function isSide(v: unknown): boolean {
  return isFrozenPlain(v) && hasOnlyKeys(v, SIDE_KEYS) && isPlainId(v['projectId']) && isPlainId(v['companyId']);
}

function isDataTypes(v: unknown): boolean {
  if (!Array.isArray(v) || !Object.isFrozen(v) || v.length === 0 || Object.getPrototypeOf(v) !== Array.prototype) return false;
  for (const t of v as unknown[]) if (typeof t !== 'string' || !DATA_TYPE.test(t)) return false;
  return true;
}

/**
 * Internal: a deep-frozen project ledger the schema would accept unchanged.
 * @internal
 */
export function isPlainLedger(v: unknown): v is ProjectLedger {
  return (
    isFrozenPlain(v) &&
    hasOnlyKeys(v, LEDGER_KEYS) &&
    isPlainId(v['projectId']) &&
    (v['openAsDownstream'] === null || isPlainId(v['openAsDownstream'])) &&
    typeof v['retired'] === 'boolean' &&
    (v['retiredBy'] === null || isPlainId(v['retiredBy'])) &&
    isCount(v['openAsUpstream']) &&
    isCount(v['connectedAsUpstream'])
  );
}

/**
 * Internal: a deep-frozen connection record the schema would accept unchanged.
 * @internal
 */
export function isPlainConnection(v: unknown): v is Connection {
  if (!isFrozenPlain(v) || !hasOnlyKeys(v, CONNECTION_KEYS)) return false;
  const approval = v['approval'];
  const eventCount = v['eventCount'];
  return (
    isPlainId(v['id']) &&
    isSide(v['upstream']) &&
    isSide(v['downstream']) &&
    isDataTypes(v['dataTypes']) &&
    (approval === 'automatic' || approval === 'manual') &&
    STATES.has(v['state']) &&
    isTimestamp(v['stateSince']) &&
    isTimestamp(v['requestedAt']) &&
    isPlainId(v['requestedBy']) &&
    (v['connectedAt'] === null || isTimestamp(v['connectedAt'])) &&
    (v['approvedBy'] === null || isPlainId(v['approvedBy'])) &&
    (v['endsAt'] === null || isTimestamp(v['endsAt'])) &&
    (v['closedAt'] === null || isTimestamp(v['closedAt'])) &&
    (v['closeReason'] === null || typeof v['closeReason'] === 'string') &&
    typeof eventCount === 'number' &&
    Number.isSafeInteger(eventCount) &&
    eventCount > 0
  );
}
