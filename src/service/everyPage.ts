import type { VersionedRecord } from '../ports/storage.js';
import type { ServiceDeps } from './ports.js';
import { queryIndex } from './storageReads.js';

/**
 * Internal: every record of one index term (all pages), as versioned records.
 * @internal
 */
export async function everyPage(deps: ServiceDeps, index: string, term: string): Promise<VersionedRecord[]> {
  const out: VersionedRecord[] = [];
  let after: { order: number; key: string } | undefined;
  for (let guard = 0; guard < 10_000; guard += 1) {
    const page = await queryIndex(deps.storage, { index, term, limit: 10_000, ...(after === undefined ? {} : { after }) });
    out.push(...page.records);
    if (page.next === null) return out;
    after = page.next;
  }
  return out;
}
