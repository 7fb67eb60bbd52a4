import { hasOnlyKeys, isCleanText, isCount, isEventCount, isFrozenArrayOf, isFrozenPlain, isPlainId, isTimestamp } from '../core/trust.js';
import type { Connection, ProjectLedger } from './state.js';

/**
 * Internal: the fast path of stored-record validation. A guard accepts only deep-frozen records that
 * `ConnectionSchema` / `ProjectLedgerSchema` accept *unchanged*; anything else goes through zod.
 * `test/properties/guards.test.ts` proves the soundness.
 */

const STATES: ReadonlySet<unknown> = new Set(['pending', 'connected', 'declined', 'cancelled', 'expired', 'disconnected']);
const DATA_TYPE = /^[a-z][a-z0-9_]{0,63}$/;


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

const isDataType = (t: unknown): boolean => typeof t === 'string' && DATA_TYPE.test(t);

function isDataTypes(v: unknown): boolean {
  return isFrozenArrayOf(v, isDataType) && v.length > 0;
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
    (v['closeReason'] === null || (typeof v['closeReason'] === 'string' && isCleanText(v['closeReason']))) &&
    isEventCount(v['eventCount'])
  );
}
