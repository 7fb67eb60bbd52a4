import type { RuntimeCondition } from './catalog-types.js';
import type { ItemTypeId } from './template-data.js';

/**
 * What a check knows about the situation, for conditional permissions (P8, P9).
 *
 * @remarks
 * - `itemType`: the item's type for per-type tools (the correspondence type, P8).
 * - `platform`: where the action happens; `web` when absent (Meetings: only mobile-flagged permissions
 *   apply on mobile).
 * - `actorCompanyIds` and `otherParty`: for `*_same_company` permissions, the actor's companies and the
 *   company of the item's creator/assignee/... (`role` only words the explanation).
 * - `onDistributionList`: whether the actor is on the bid package's distribution list (bidding notes).
 * - `activeTools`: the project's enabled tools; directory contact permissions need `timesheets` or
 *   `incidents` among them.
 *
 * A condition whose facts are absent fails (deny by default) and the explanation says what was missing.
 *
 * @example
 * ```ts
 * const ctx: EvaluationContext = { actorCompanyIds: ['electric-co'], otherParty: { companyId: 'electric-co', role: 'assignee' } };
 * ```
 * @since 0.1.0
 */
export interface EvaluationContext {
  /** The item's type, for per-type tools (the correspondence type, P8). */
  readonly itemType?: ItemTypeId;
  /** Where the action happens; `web` when absent (P9, Meetings). */
  readonly platform?: 'web' | 'mobile';
  /** The actor's companies, for `*_same_company` permissions (P9). */
  readonly actorCompanyIds?: readonly string[];
  /** The company of the item's other party (creator, assignee, ...) and, for the explanation, their role (P9). */
  readonly otherParty?: { readonly companyId: string; readonly role?: string };
  /** Whether the actor is on the bid package's distribution list, for bidding notes (P9). */
  readonly onDistributionList?: boolean;
  /** The project's enabled tools, for directory contact permissions (P9). */
  readonly activeTools?: readonly string[];
}

/**
 * Internal: condition bits of compiled states (bit 0 = on when the conditions hold).
 * @internal
 */
export const BIT_SAME_COMPANY = 2;
/**
 * Internal.
 * @internal
 */
export const BIT_DISTRIBUTION_LIST = 4;
/**
 * Internal.
 * @internal
 */
export const BIT_CONTACTS_ENABLED = 8;
/**
 * Internal.
 * @internal
 */
export const BIT_WEB_ONLY = 16;
/**
 * Internal.
 * @internal
 */
export const BIT_NEEDS_TYPE = 32;

/**
 * Internal: the bit of a runtime condition.
 * @internal
 */
export function conditionBit(condition: RuntimeCondition): number {
  switch (condition) {
    case 'same_company':
      return BIT_SAME_COMPANY;
    case 'distribution_list':
      return BIT_DISTRIBUTION_LIST;
    case 'contacts_enabled':
      return BIT_CONTACTS_ENABLED;
    case 'web_only':
      return BIT_WEB_ONLY;
    case 'item_type':
      return BIT_NEEDS_TYPE;
  }
}

function hasString(list: unknown, value: string): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) if (list[i] === value) return true;
  return false;
}

/**
 * Internal: whether the context satisfies every condition in `bits` (not `BIT_NEEDS_TYPE`). Cheap
 * `typeof` guards, no allocation: a field of the wrong type counts as missing.
 * @internal
 */
export function conditionsHold(bits: number, ctx: unknown): boolean {
  if (typeof ctx !== 'object' || ctx === null) {
    // Only web-only holds without a context (the platform defaults to web).
    return (bits & (BIT_SAME_COMPANY | BIT_DISTRIBUTION_LIST | BIT_CONTACTS_ENABLED)) === 0;
  }
  const c = ctx as Record<string, unknown>;
  if ((bits & BIT_WEB_ONLY) !== 0 && c['platform'] === 'mobile') return false;
  if ((bits & BIT_DISTRIBUTION_LIST) !== 0 && c['onDistributionList'] !== true) return false;
  if ((bits & BIT_CONTACTS_ENABLED) !== 0) {
    const tools = c['activeTools'];
    if (!hasString(tools, 'timesheets') && !hasString(tools, 'incidents')) return false;
  }
  if ((bits & BIT_SAME_COMPANY) !== 0) {
    const other = c['otherParty'];
    if (typeof other !== 'object' || other === null) return false;
    const company = (other as Record<string, unknown>)['companyId'];
    if (typeof company !== 'string' || !hasString(c['actorCompanyIds'], company)) return false;
  }
  return true;
}

/**
 * Internal: why one condition fails in a (validated) context, or `null` when it holds.
 * @internal
 */
export function conditionFailure(condition: RuntimeCondition, ctx: EvaluationContext): string | null {
  switch (condition) {
    case 'item_type':
      return ctx.itemType === undefined ? 'needs the item type in the context (e.g. the correspondence type)' : null;
    case 'web_only':
      return ctx.platform === 'mobile' ? 'applies on the web only, and the check is for mobile' : null;
    case 'distribution_list':
      return ctx.onDistributionList === true
        ? null
        : ctx.onDistributionList === undefined
          ? "needs to know whether the actor is on the bid package's distribution list"
          : "actor is not on the bid package's distribution list";
    case 'contacts_enabled': {
      const tools = ctx.activeTools ?? [];
      if (tools.includes('timesheets') || tools.includes('incidents')) return null;
      return ctx.activeTools === undefined
        ? "needs the project's active tools in the context (Timesheets or Incidents)"
        : 'the project has neither Timesheets nor Incidents enabled';
    }
    case 'same_company': {
      const role = ctx.otherParty?.role ?? 'the other party';
      if (ctx.otherParty === undefined) return `needs the company of ${role} in the context`;
      if (ctx.actorCompanyIds === undefined) return "needs the actor's companies in the context";
      return ctx.actorCompanyIds.includes(ctx.otherParty.companyId) ? null : `actor and ${role} are in different companies`;
    }
  }
}
