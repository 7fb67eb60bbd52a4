import { domainError, type DomainError } from '../core/errors.js';
import { ToolIdSchema } from '../core/facts.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { resolveCatalog } from './catalog.js';
import type { PermissionCatalog, ToolDefinition } from './catalog-types.js';
import { readTemplate, type PermissionTemplate } from './template.js';

/**
 * Internal: what every per-tool template function starts from — the resolved catalog, a validated
 * template and the tool's definition (`UNKNOWN_TOOL` when the catalog does not know it), checked in
 * that order.
 * @internal
 */
export function readTemplateTool(
  catalog: unknown,
  template: unknown,
  tool: unknown,
): Result<
  { readonly catalog: PermissionCatalog; readonly template: PermissionTemplate; readonly tool: ToolDefinition },
  DomainError<'INVALID_INPUT' | 'UNKNOWN_TOOL' | 'UNKNOWN_PERMISSION'>
> {
  const cat = resolveCatalog(catalog);
  if (!cat.ok) return cat;
  const t = readTemplate(template);
  if (!t.ok) return t;
  const toolId = parseInput(ToolIdSchema, tool);
  if (!toolId.ok) return toolId;
  const def = Object.hasOwn(cat.value.tools, toolId.value) ? cat.value.tools[toolId.value] : undefined;
  if (def === undefined) return err(domainError('UNKNOWN_TOOL', { tool: toolId.value }));
  return ok({ catalog: cat.value, template: t.value, tool: def });
}
