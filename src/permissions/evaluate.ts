import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { resolveCatalog } from './catalog.js';
import { PermissionIdSchema } from './catalog-schemas.js';
import type { PermissionCatalog } from './catalog-types.js';
import type { EvaluationContext } from './context.js';
import { EvaluationContextSchema } from './context-schema.js';
import { decideFields } from './decide.js';
import { makeDecision, type PermissionDecision } from './decision.js';
import { guarded, isPermissionIdString, readContextShape } from './guards.js';
import { readTemplate, type PermissionTemplate } from './template.js';
import type { EvaluationContextInput, PermissionTemplateInput } from './inputs.js';
import type { PermissionId } from './catalog-types.js';

export { staticDecision, decideFields, type DecisionFields } from './decide.js';

/**
 * Internal: the full decision on validated inputs, with its message.
 * @internal
 */
export function decide(catalog: PermissionCatalog, template: PermissionTemplate, id: string, ctx: EvaluationContext): PermissionDecision {
  return makeDecision(decideFields(catalog, template, id, ctx));
}

/**
 * Internal: validates the inputs of a check.
 * @internal
 */
export function readCheck(
  template: unknown,
  permission: unknown,
  context: unknown,
  catalog: unknown,
): Result<{ catalog: PermissionCatalog; template: PermissionTemplate; id: string; ctx: EvaluationContext }, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return cat;
  const t = readTemplate(template);
  if (!t.ok) return t;
  const id = isPermissionIdString(permission) ? ok(permission) : parseInput(PermissionIdSchema, permission);
  if (!id.ok) return id;
  const fast = context === undefined ? ok({}) : guarded(readContextShape, context);
  const ctx = fast.ok ? fast : parseInput(EvaluationContextSchema.optional(), context);
  if (!ctx.ok) return ctx;
  return ok({ catalog: cat.value, template: t.value, id: id.value, ctx: (ctx.value ?? {}) as EvaluationContext });
}

/**
 * Explains whether a template allows a granular permission or level action (P11), given a context for
 * conditional permissions (P8, P9).
 *
 * @remarks
 * Order of the rules: unknown tool/permission; per-type tools need `context.itemType`; admin allows
 * everything of the tool (P2); none allows nothing; a standard-only permission needs standard (P6); the
 * permission must be on (locked and always-on ones are on by their level, P3); its prerequisites must
 * be in effect (P5); a permission that overrides it must not be in effect (P6); then the runtime
 * conditions (web only for Meetings, same company, distribution list, contacts enabled; P9).
 * Only malformed input is an error (`INVALID_INPUT`); unknown ids are explained denials.
 *
 * @example
 * ```ts
 * const d = explain(template, 'rfis.view_private_same_company', {
 *   actorCompanyIds: ['electric-co'], otherParty: { companyId: 'gc-co', role: 'assignee' },
 * });
 * d.ok && d.value.missing; // 'actor and assignee are in different companies'
 * ```
 * @since 0.1.0
 */
export function explain(
  template: PermissionTemplateInput,
  permission: PermissionId,
  context?: EvaluationContextInput,
  catalog?: PermissionCatalog,
): Result<PermissionDecision, DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>> {
  const input = readCheck(template, permission, context, catalog);
  if (!input.ok) return input;
  const { catalog: cat, template: t, id, ctx } = input.value;
  return ok(decide(cat, t, id, ctx));
}
