import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROWS } from '../../src/permissions/builtin-data.js';
import { BUILT_IN_CATALOG, granularTools, type PermissionDefinition } from '../../src/permissions/index.js';
import { SEED_001_PERMISSIONS, SEED_001_TOOLS, type SeedPermissionRow } from './seed-001-table.js';

/** The built-in catalog must say exactly what seed 001 says (issue 13): any drift fails here. */

const seed = new Map(SEED_001_PERMISSIONS.map((r) => [r.id, r] as const));
const catalogRows = new Map<string, { tool: (typeof BUILT_IN_ROWS)[number]; row: (typeof BUILT_IN_ROWS)[number]['rows'][number] }>(
  BUILT_IN_ROWS.flatMap((tool) => tool.rows.map((row) => [`${tool.id}.${row[0]}`, { tool, row }] as const)),
);

function each(check: (p: PermissionDefinition, row: SeedPermissionRow) => void): void {
  for (const p of Object.values(BUILT_IN_CATALOG.permissions)) {
    const row = seed.get(p.id);
    expect(row, `${p.id} is not in the seed 001 table`).toBeDefined();
    if (row !== undefined) check(p, row);
  }
}

describe('catalog fidelity to seed 001 (issue 13)', () => {
  it('P12: the catalog has the 25 tools of seed 001, in its order, with their beta, per-type and platform flags', () => {
    expect(granularTools(BUILT_IN_CATALOG).map((t) => t.id)).toEqual(SEED_001_TOOLS.map((t) => t.id));
    for (const t of SEED_001_TOOLS) {
      const def = BUILT_IN_CATALOG.tools[t.id];
      expect(def?.beta, `${t.id} beta`).toBe(t.beta !== undefined);
      expect(def?.perType, `${t.id} per type (P8)`).toBe(t.perType !== undefined);
      expect(def?.platformScoped, `${t.id} web/mobile (P9)`).toBe(t.platformScoped !== undefined);
      expect(BUILT_IN_ROWS.find((r) => r.id === t.id)?.seedLine, `${t.id} seed line`).toBe(t.line);
    }
  });

  it('P12: the catalog has the 123 permissions of seed 001, tool by tool in the seed order, each citing its seed line', () => {
    expect(SEED_001_PERMISSIONS).toHaveLength(123);
    for (const t of SEED_001_TOOLS) {
      expect(BUILT_IN_CATALOG.tools[t.id]?.permissions, t.id).toEqual(SEED_001_PERMISSIONS.filter((r) => r.id.startsWith(`${t.id}.`)).map((r) => r.id));
    }
    each((p, row) => expect(catalogRows.get(p.id)?.row[1], `${p.id} seed line`).toBe(row.line));
  });

  it('P3: locked-at-standard and always-on permissions are exactly the ones seed 001 says cannot be changed', () => {
    each((p, row) => {
      expect(p.lockedAtStandard, `${p.id} L (seed line ${row.L ?? row.line})`).toBe(row.L !== undefined);
      expect(p.alwaysOn, `${p.id} A (seed line ${row.A ?? row.line})`).toBe(row.A !== undefined);
    });
  });

  it('P4: on-by-default permissions are exactly the ones seed 001 says are on by default for Standard', () => {
    each((p, row) => expect(p.defaultAtStandard, `${p.id} D (seed line ${row.D ?? row.line})`).toBe(row.D !== undefined));
  });

  it('P5: prerequisites are exactly the ones seed 001 states', () => {
    each((p, row) => expect(p.requires, `${p.id} requires`).toEqual(row.requires === undefined ? [] : [row.requires[0]]));
  });

  it('P6: the minimum level is standard exactly where seed 001 grants a permission to Standard users only', () => {
    each((p, row) => expect(p.minLevel, `${p.id} minimum level (seed line ${row.S ?? row.line})`).toBe(row.S === undefined ? 'read_only' : 'standard'));
    expect(BUILT_IN_CATALOG.permissions['directory.request_company_people_import']?.minLevel).toBe('standard');
  });

  it('P6: overrides (exclusive permissions) are exactly the ones seed 001 states', () => {
    each((p, row) => expect(p.overriddenBy, `${p.id} overridden by`).toEqual(row.overriddenBy === undefined ? [] : [row.overriddenBy[0]]));
  });

  it('P9: conditions and the mobile flag are exactly the ones seed 001 states', () => {
    each((p, row) => {
      expect(p.condition, `${p.id} condition`).toBe(row.condition?.[0] ?? null);
      expect(p.mobile, `${p.id} M`).toBe(row.M !== undefined);
    });
  });

  it('every catalog row names exactly the SPEC rules that state its flags', () => {
    const requiredBySomeone = new Set(Object.values(BUILT_IN_CATALOG.permissions).flatMap((p) => p.requires));
    const overridesSomeone = new Set(Object.values(BUILT_IN_CATALOG.permissions).flatMap((p) => p.overriddenBy));
    const assigning = ['directory.create_edit_users', 'directory.add_from_company_directory', 'directory.manage_permission_templates'];
    for (const p of Object.values(BUILT_IN_CATALOG.permissions)) {
      const tool = BUILT_IN_CATALOG.tools[p.tool];
      const expected = new Set<string>();
      if (p.lockedAtStandard || p.alwaysOn) expected.add('P3');
      if (p.defaultAtStandard || (p.lockedAtStandard && p.tool === 'action_plans')) expected.add('P4');
      if (p.requires.length > 0 || requiredBySomeone.has(p.id)) expected.add('P5');
      if (p.overriddenBy.length > 0 || overridesSomeone.has(p.id)) expected.add('P6');
      if (p.condition !== null || tool?.platformScoped === true) expected.add('P9');
      if (assigning.includes(p.id)) expected.add('P10');
      expect(new Set(catalogRows.get(p.id)?.row[4] ?? []), p.id).toEqual(expected);
    }
    for (const t of BUILT_IN_ROWS) {
      const def = BUILT_IN_CATALOG.tools[t.id];
      const expected = new Set<string>([...(def?.perType === true ? ['P8'] : []), ...(def?.platformScoped === true ? ['P9'] : [])]);
      expect(new Set(t.rules ?? []), t.id).toEqual(expected);
    }
  });
});
