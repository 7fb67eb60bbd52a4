import { levelAtLeast } from '../core/level.js';
import type { PermissionCatalog } from './catalog-types.js';
import { compiledLayout, compileTemplate, type CompiledTemplate } from './compile.js';
import { BIT_NEEDS_TYPE } from './context.js';
import { settingFor, type PermissionTemplate } from './template.js';

/** A compiled state allows when bit 0 is set; its condition bits are the rest (the item-type marker aside). */
function stateWithin(a: number, b: number): boolean {
  if ((a & 1) === 0) return true;
  if ((b & 1) === 0) return false;
  const conditionsOfB = b & ~1 & ~BIT_NEEDS_TYPE;
  const conditionsOfA = a & ~1 & ~BIT_NEEDS_TYPE;
  // b allows wherever a does when b needs no condition that a does not need.
  return (conditionsOfB & ~conditionsOfA) === 0;
}

function typeState(c: CompiledTemplate, type: string, i: number): number {
  const row = c.typeStates[type];
  return row === undefined ? (c.states[i] ?? 0) & ~BIT_NEEDS_TYPE : (row[i] ?? 0);
}

/**
 * Internal: whether template `a` grants nothing that `b` does not (P10: "not wider"): on every tool
 * (and every item type of per-type tools) its level is at most `b`'s, and every permission or level
 * action it allows in some context, `b` allows in that context too. Both are valid templates over
 * `catalog`.
 * @internal
 */
export function grantsWithin(catalog: PermissionCatalog, a: PermissionTemplate, b: PermissionTemplate): boolean {
  const ca = compileTemplate(a, catalog);
  const cb = compileTemplate(b, catalog);
  if (!ca.ok || !cb.ok) return false;
  const perTypeTools = Object.values(catalog.tools).filter((t) => t.perType);
  const types = new Set<string>();
  for (const tool of perTypeTools) {
    for (const t of [a, b]) if (Object.hasOwn(t.typeSettings, tool.id)) for (const type of Object.keys(t.typeSettings[tool.id] ?? {})) types.add(type);
  }
  for (const tool of Object.keys(catalog.tools)) {
    if (!levelAtLeast(settingFor(b, tool, null)?.level ?? 'none', settingFor(a, tool, null)?.level ?? 'none')) return false;
  }
  for (const tool of perTypeTools) {
    for (const type of types) {
      if (!levelAtLeast(settingFor(b, tool.id, type)?.level ?? 'none', settingFor(a, tool.id, type)?.level ?? 'none')) return false;
    }
  }
  const { states: sa } = ca.value;
  const { states: sb } = cb.value;
  for (let i = 0; i < sa.length; i += 1) if (!stateWithin(sa[i] ?? 0, sb[i] ?? 0)) return false;
  const layout = compiledLayout(ca.value);
  for (const tool of perTypeTools) {
    for (const id of [...tool.permissions, ...tool.actions]) {
      const i = layout.index.get(id);
      if (i === undefined) continue;
      for (const type of types) if (!stateWithin(typeState(ca.value, type, i), typeState(cb.value, type, i))) return false;
    }
  }
  return true;
}
