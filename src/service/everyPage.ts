import type { VersionedRecord } from '../ports/storage.js';
import { PortFailure } from './portCall.js';
import type { ServiceDeps } from './ports.js';

/**
 * Internal: every record of one index term (all pages), as versioned records.
 * @internal
 */
export async function everyPage(deps: ServiceDeps, index: string, term: string): Promise<VersionedRecord[]> {
  const out: VersionedRecord[] = [];
  let after: { order: number; key: string } | undefined;
  for (let guard = 0; guard < 10_000; guard += 1) {
    let page;
    try {
      page = await deps.storage.query({ index, term, limit: 10_000, ...(after === undefined ? {} : { after }) });
    } catch (cause) {
      throw new PortFailure('storage', cause);
    }
    if (typeof page !== 'object' || page === null || !Array.isArray(page.records)) throw new PortFailure('storage', 'query answered something other than a page');
    out.push(...page.records);
    if (page.next === null || page.next === undefined) return out;
    after = page.next;
  }
  return out;
}
