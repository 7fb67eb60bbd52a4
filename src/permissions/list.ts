import { z } from 'zod';
import { domainError, type DomainError } from '../core/errors.js';
import { ToolIdSchema, type ToolId } from '../core/facts.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { resolveCatalog } from './catalog.js';
import type { PermissionId, RuntimeCondition } from './catalog-types.js';
import type { EvaluationContext } from './context.js';
import { EvaluationContextSchema } from './context-schema.js';
import { makeDecision, type DecisionReason } from './decision.js';
import { decide, staticDecision } from './evaluate.js';
import { ItemTypeIdSchema, readTemplate, type ItemTypeId } from './template.js';
import type { PermissionCatalog } from './catalog-types.js';
import type { PermissionTemplateInput } from './inputs.js';

/**
 * One entry of {@link listPermissions}: a permission (or level action), whether the template grants
 * it, and why.
 *
 * @remarks
 * `status`: `granted` (unconditionally, or the context meets its conditions), `conditional` (on, but
 * it depends on `conditions` and no context was given), `denied` (only with `includeDenied`).
 *
 * @example
 * ```ts
 * const g: PermissionGrant = grants[0]!;
 * console.log(`${g.permission}: ${g.status} (${g.reason})`);
 * ```
 * @since 0.1.0
 */
export interface PermissionGrant {
  /** The permission or level action id, `tool.name`. */
  readonly permission: PermissionId;
  /** The tool it belongs to. */
  readonly tool: ToolId;
  /** The item type it was listed for, for per-type tools; otherwise null. */
  readonly itemType: ItemTypeId | null;
  /** Its human label. */
  readonly label: string;
  /** `granular` for a granular permission, `action` for an action the tool's level grants. */
  readonly kind: 'granular' | 'action';
  /** `granted`, `conditional` (depends on `conditions`, no context given) or `denied`. */
  readonly status: 'granted' | 'conditional' | 'denied';
  /** Why, as in a {@link PermissionDecision} (P11). */
  readonly reason: DecisionReason;
  /** The runtime conditions the grant depends on (P9). */
  readonly conditions: readonly RuntimeCondition[];
  /** One readable sentence explaining the status. */
  readonly message: string;
}

/**
 * Options of {@link listPermissions}.
 *
 * @example
 * ```ts
 * const o: ListOptions = { tool: 'correspondence', itemType: 'notice_of_delay', includeDenied: true };
 * ```
 * @since 0.1.0
 */
export interface ListOptions {
  /** One tool; all tools when absent. */
  readonly tool?: ToolId;
  /** One item type of a per-type tool; otherwise the tool's own setting and every configured type. */
  readonly itemType?: ItemTypeId;
  /** Evaluate conditional permissions in this context instead of listing them as `conditional`. */
  readonly context?: EvaluationContext;
  /** Also list what is denied, with the reason. */
  readonly includeDenied?: boolean;
  /** The catalog to list from; default {@link BUILT_IN_CATALOG}. */
  readonly catalog?: PermissionCatalog;
}

const ListOptionsSchema = z
  .strictObject({
    tool: ToolIdSchema.optional(),
    itemType: ItemTypeIdSchema.optional(),
    context: EvaluationContextSchema.optional(),
    includeDenied: z.boolean().optional(),
    catalog: z.unknown().optional(),
  })
  .optional();

/**
 * Every permission a template grants, on one tool or on all of them, with the reason for each
 * (granular permissions and level actions alike).
 *
 * @example
 * ```ts
 * const r = listPermissions(template, { tool: 'daily_log', includeDenied: true });
 * r.ok && r.value.map((g) => `${g.permission} ${g.status}: ${g.message}`);
 * ```
 * @since 0.1.0
 */
export function listPermissions(
  template: PermissionTemplateInput,
  options?: ListOptions,
): Result<readonly PermissionGrant[], DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const opts = parseInput(ListOptionsSchema, options);
  if (!opts.ok) return opts;
  const o = opts.value ?? {};
  const cat = resolveCatalog(o.catalog);
  if (!cat.ok) return cat;
  const t = readTemplate(template);
  if (!t.ok) return t;
  let tools = Object.values(cat.value.tools);
  if (o.tool !== undefined) {
    const one = Object.hasOwn(cat.value.tools, o.tool) ? cat.value.tools[o.tool] : undefined;
    if (one === undefined) return err(domainError('UNKNOWN_TOOL', { tool: o.tool }));
    tools = [one];
  }
  const out: PermissionGrant[] = [];
  for (const tool of tools) {
    let scopes: (ItemTypeId | null)[] = [null];
    if (tool.perType) {
      if (o.itemType !== undefined) scopes = [o.itemType];
      else {
        const settings = Object.hasOwn(t.value.typeSettings, tool.id) ? t.value.typeSettings[tool.id] : undefined;
        scopes = [null, ...Object.keys(settings ?? {}).sort()];
      }
    }
    for (const scope of scopes) {
      for (const id of [...tool.permissions, ...tool.actions]) {
        const fields = staticDecision(cat.value, t.value, id, scope);
        const kind = Object.hasOwn(cat.value.actions, id) ? 'action' : 'granular';
        const label = (kind === 'action' ? cat.value.actions[id]?.label : cat.value.permissions[id]?.label) ?? id;
        const conditions: RuntimeCondition[] = tool.perType && scope === null ? ['item_type', ...fields.conditions] : [...fields.conditions];
        let status: PermissionGrant['status'];
        let reason: DecisionReason = fields.reason;
        let message: string;
        if (!fields.allowed) {
          status = 'denied';
          message = makeDecision(fields).message;
        } else if (o.context !== undefined) {
          const ctx: EvaluationContext = scope === null ? (o.context as EvaluationContext) : { ...(o.context as EvaluationContext), itemType: scope };
          const d = decide(cat.value, t.value, id, ctx);
          status = d.allowed ? 'granted' : 'denied';
          reason = d.reason;
          message = d.message;
        } else if (conditions.length === 0) {
          status = 'granted';
          message = makeDecision(fields).message;
        } else {
          status = 'conditional';
          message = `Conditional: "${id}" is on (${fields.reason}) but applies only when: ${conditions.join(', ')}.`;
        }
        if (status === 'denied' && o.includeDenied !== true) continue;
        out.push(Object.freeze({ permission: id, tool: tool.id, itemType: scope, label, kind, status, reason, conditions: Object.freeze(conditions), message }));
      }
    }
  }
  return ok(Object.freeze(out));
}
