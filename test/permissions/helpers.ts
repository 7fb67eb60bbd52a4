import type { Result } from '../../src/core/result.js';
import { createTemplate, type PermissionTemplate } from '../../src/permissions/template.js';

/** Test helper: unwraps an ok Result or fails loudly. */
export function must<T>(result: Result<T, { readonly code: string; readonly message: string }>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Test helper: an empty template. */
export function blank(id = 'tpl', assignable: string[] = []): PermissionTemplate {
  return must(createTemplate({ id, name: id, assignable }));
}
