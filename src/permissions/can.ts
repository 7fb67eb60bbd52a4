import { readCatalog } from './catalog-build.js';
import type { EvaluationContext } from './context.js';
import { decideFields } from './decide.js';
import { guarded, isPermissionIdString, readContextShape } from './guards.js';
import { readTemplateData } from './template-data.js';
import type { EvaluationContextInput, PermissionTemplateInput } from './inputs.js';
import type { PermissionCatalog, PermissionId } from './catalog-types.js';

/**
 * Whether a template allows a granular permission or level action in a context (P1–P9). `false` for
 * malformed input and unknown ids. For hot paths, compile the template (`compileTemplate`).
 *
 * @remarks
 * Decides exactly as {@link explain} does (property-tested), but reads its inputs with schema-free
 * readers that accept exactly what the schemas accept, so that importing `can` alone does not bundle
 * a schema library.
 *
 * @example
 * ```ts
 * can(template, 'photos.create_albums'); // true at standard (locked on, P3)
 * can(template, 'meetings.email_meetings', { platform: 'mobile' }); // false: web only (P9)
 * ```
 * @since 0.1.0
 */
export function can(template: PermissionTemplateInput, permission: PermissionId, context?: EvaluationContextInput, catalog?: PermissionCatalog): boolean {
  const cat = readCatalog(catalog);
  if (!cat.ok) return false;
  const t = readTemplateData(template);
  if (!t.ok || !isPermissionIdString(permission)) return false;
  const ctx = context === undefined ? undefined : guarded(readContextShape, context);
  if (ctx !== undefined && !ctx.ok) return false;
  return decideFields(cat.value, t.value, permission, (ctx?.value ?? {}) as EvaluationContext).allowed;
}
