import { claimFunctionSql } from './commitFunction.js';
import type { ResolvedOptions } from './options.js';

/**
 * Internal: the outbox claim of schema version 5: the oldest due items nobody holds, and of a group
 * only those before its first item that cannot be claimed (not due, or leased) — the same items as
 * version 2's statement (`claimStatementSql` in `commitFunction.ts`), found another way.
 *
 * Version 2 checked each candidate with a correlated `NOT EXISTS` over the earlier items of its group,
 * which PostgreSQL plans as a bitmap scan of all of them, for every undelivered item: quadratic in a
 * group's size. A group of 30,000 items held behind one failing item took 42 s per claim (measured on
 * PostgreSQL 15). Here each group's first blocking item is found once per claim, in one pass over the
 * undelivered items of groups (`pc_outbox_group`), into one `jsonb` object (group → first blocking
 * seq); a candidate is claimable when it comes before its group's entry, a lookup in that object
 * (logarithmic), whatever plan the server picks. (A join with the aggregate instead let the planner
 * pick a nested loop over it: quadratic in the number of held groups, 6.5 s per claim behind 10,000 of
 * them, found by a review.) The predicates are version 2's, so NaN and NULL times behave as before.
 * `p` names the four values: now, limit, owner, lease.
 * @internal
 */
export function claimStatement5Sql(o: ResolvedOptions, p: { readonly now: string; readonly limit: string; readonly owner: string; readonly lease: string }): string {
  const t = o.tables;
  return `UPDATE ${t.outbox} AS o SET lease_owner = ${p.owner}, lease_until = ${p.now} + ${p.lease}
    FROM (
      SELECT c.id FROM ${t.outbox} AS c
      CROSS JOIN (
        SELECT jsonb_object_agg(f.group_key, f.first_blocked) AS m FROM (
          SELECT h.group_key, min(h.seq) AS first_blocked FROM ${t.outbox} AS h
          WHERE NOT h.delivered AND h.group_key IS NOT NULL AND (h.available_at > ${p.now} OR h.lease_until > ${p.now})
          GROUP BY h.group_key
        ) AS f
      ) AS b
      WHERE NOT c.delivered AND c.available_at <= ${p.now} AND c.lease_until <= ${p.now}
        AND (c.group_key IS NULL OR b.m IS NULL OR NOT (b.m ? c.group_key) OR c.seq < (b.m ->> c.group_key)::bigint)
      ORDER BY c.seq LIMIT ${p.limit}
    ) AS due
    WHERE o.id = due.id
    RETURNING o.*`;
}

/**
 * Internal: the claim function of schema version 5, replaced in place (same signature and lock as
 * version 2's, so adapters of earlier versions call it unchanged): {@link claimStatement5Sql} after
 * the transaction-scoped advisory lock that runs claims one at a time.
 * @internal
 */
export function claimFunction5Sql(o: ResolvedOptions): string {
  return claimFunctionSql(o, claimStatement5Sql);
}
