import type { ConnectionId, ProjectId } from '../core/ids.js';
import { FactMemo } from './factMemo.js';

/**
 * Internal: what one service remembers between commands, to load in fewer storage round trips —
 * bounded (the most recent 50,000 of each, in two generations) and kept per service, never shared
 * with another service of the process (two services on two storages may use the same ids).
 *
 * - `parties`: a connection's two projects (they never change);
 * - `openHints`: the connection a project's ledger last named as open upstream of it (a hint: it may
 *   have changed since);
 * - `retiredHints`: the connection that retired a project (C10; terminal);
 * - `shareParts`: a share's project and teams (they never change).
 *
 * A missing or stale entry only costs a second round trip, or keys read ahead and dropped: what the
 * loaded records name decides (docs/consistency.md, "Reading ahead").
 * @internal
 */
export interface ServiceMemos {
  readonly parties: FactMemo<readonly [ProjectId, ProjectId]>;
  readonly openHints: FactMemo<ConnectionId | null>;
  readonly retiredHints: FactMemo<ConnectionId>;
  readonly shareParts: FactMemo<{ readonly project: string; readonly host: string; readonly external: string }>;
}

const LIMIT = 50_000;

/**
 * Internal: a new service's empty memos.
 * @internal
 */
export function createServiceMemos(): ServiceMemos {
  return { parties: new FactMemo(LIMIT), openHints: new FactMemo(LIMIT), retiredHints: new FactMemo(LIMIT), shareParts: new FactMemo(LIMIT) };
}
