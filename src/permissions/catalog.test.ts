import { describe, expect, it } from 'vitest';
import { parseSpecTable, SPEC_SEED_DISAGREEMENTS, specDifferences } from '../../test/permissions/spec-table.js';
import { BUILT_IN_CATALOG, createCatalog, findPermission, findTool, granularTools, registerPermission, registerTool, type PermissionCatalog } from './index.js';

describe('built-in catalog (P12, SPEC §4)', () => {
  const spec = parseSpecTable();

  it('P12: ships 25 tools with 123 granular permissions', () => {
    expect(granularTools(BUILT_IN_CATALOG)).toHaveLength(25);
    expect(Object.keys(BUILT_IN_CATALOG.permissions)).toHaveLength(123);
    expect(spec.tools.size).toBe(25);
    expect(spec.rows).toHaveLength(123);
  });

  it('P12: every tool of the SPEC table has its permission count, per-type and beta flags', () => {
    for (const [tool, expected] of spec.tools) {
      const def = BUILT_IN_CATALOG.tools[tool];
      expect(def, tool).toBeDefined();
      expect(def?.permissions.length, tool).toBe(expected.count);
      expect(def?.perType, tool).toBe(expected.perType);
      expect(def?.beta, tool).toBe(expected.beta);
      expect(def?.builtIn, tool).toBe(true);
    }
  });

  it('P3/P4/P5/P6/P9: every permission carries the flags of the SPEC table, except where seed 001 says otherwise', () => {
    expect(new Set(spec.rows.map((r) => r.id))).toEqual(new Set(Object.keys(BUILT_IN_CATALOG.permissions)));
    const documented = SPEC_SEED_DISAGREEMENTS.map(({ permission, flag, spec: s, catalog }) => ({ permission, flag, spec: s, catalog }));
    expect(specDifferences(BUILT_IN_CATALOG)).toEqual(documented);
  });

  it('P9: conditional permissions have the right kind of condition', () => {
    const kinds = (kind: string) => Object.values(BUILT_IN_CATALOG.permissions).filter((p) => p.condition === kind).map((p) => p.id);
    expect(kinds('distribution_list')).toEqual(['bidding.create_bid_notes', 'bidding.edit_bid_notes', 'bidding.delete_bid_notes']);
    expect(kinds('contacts_enabled')).toEqual(['directory.create_contacts', 'directory.update_contacts']);
    expect(kinds('same_company').every((id) => id.includes('same_company'))).toBe(true);
    expect(BUILT_IN_CATALOG.tools['meetings']?.platformScoped).toBe(true);
  });

  it('P6: standard_edit_delete_own_entries is overridden by collaborator_entry_only', () => {
    expect(BUILT_IN_CATALOG.permissions['daily_log.standard_edit_delete_own_entries']?.overriddenBy).toEqual(['daily_log.collaborator_entry_only']);
  });

  it('connection_manager and the drawings base level carry the level actions the connection rules use', () => {
    const cm = findTool('connection_manager');
    expect(cm.ok && cm.value.permissions.length).toBe(0);
    for (const a of ['request', 'approve', 'decline', 'cancel', 'disconnect', 'configure_notifications']) {
      expect(BUILT_IN_CATALOG.actions[`connection_manager.${a}`]?.level).toBe('admin');
    }
    expect(BUILT_IN_CATALOG.actions['drawings.view']?.level).toBe('read_only');
    expect(BUILT_IN_CATALOG.actions['drawings.publish']?.level).toBe('admin');
  });

  it('P12: unknown tools and permissions are UNKNOWN_TOOL / UNKNOWN_PERMISSION', () => {
    const t = findPermission('nope.x');
    expect(!t.ok && t.error.code).toBe('UNKNOWN_TOOL');
    const p = findPermission('rfis.nope');
    expect(!p.ok && p.error.code).toBe('UNKNOWN_PERMISSION');
    // @ts-expect-error a permission id is a string: refused at compile time, and at run time for untyped callers
    const bad = findPermission(42);
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
  });

  it('P12: users register their own tools and permissions', () => {
    const r = registerTool(BUILT_IN_CATALOG, {
      id: 'invoices',
      label: 'Invoices',
      permissions: [{ name: 'create_invoices' }, { name: 'approve_invoices', minLevel: 'standard', requires: ['invoices.create_invoices'] }],
      actions: [{ name: 'configure', level: 'admin' }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.tools['invoices']?.builtIn).toBe(false);
    expect(r.value.permissions['invoices.approve_invoices']?.requires).toEqual(['invoices.create_invoices']);
    expect(Object.keys(r.value.permissions)).toHaveLength(125);
    expect(BUILT_IN_CATALOG.tools['invoices']).toBeUndefined();
    const more = registerPermission(r.value, 'rfis', { name: 'close_rfis' });
    expect(more.ok && more.value.permissions['rfis.close_rfis']?.tool).toBe('rfis');
    expect(more.ok && more.value.tools['rfis']?.builtIn).toBe(true);
  });

  it('P12: registration refuses duplicates, unknown references and contradictory flags', () => {
    const dup = registerTool(BUILT_IN_CATALOG, { id: 'rfis' });
    expect(!dup.ok && dup.error.code).toBe('INVALID_INPUT');
    const unknownTool = registerPermission(BUILT_IN_CATALOG, 'nope', { name: 'x' });
    expect(!unknownTool.ok && unknownTool.error.code).toBe('UNKNOWN_TOOL');
    const badRef = registerTool(BUILT_IN_CATALOG, { id: 'x', permissions: [{ name: 'a', requires: ['rfis.act_as_rfi_manager'] }] });
    expect(!badRef.ok && badRef.error.code).toBe('UNKNOWN_PERMISSION');
    const contradictory = createCatalog([{ id: 'x', permissions: [{ name: 'a', alwaysOn: true, minLevel: 'standard' }] }]);
    expect(!contradictory.ok && contradictory.error.code).toBe('INVALID_INPUT');
    const lockedNeedsSwitchable = createCatalog([{ id: 'x', permissions: [{ name: 'a' }, { name: 'b', lockedAtStandard: true, requires: ['x.a'] }] }]);
    expect(!lockedNeedsSwitchable.ok && lockedNeedsSwitchable.error.code).toBe('INVALID_INPUT');
  });

  it('P12: a catalog that went through JSON is accepted again', () => {
    const copy = JSON.parse(JSON.stringify(BUILT_IN_CATALOG)) as PermissionCatalog;
    const r = findPermission('budget.import_budget', copy);
    expect(r.ok && r.value.requires).toEqual(['budget.create_edit_original_budget']);
  });

  it('the catalog is frozen data', () => {
    expect(Object.isFrozen(BUILT_IN_CATALOG)).toBe(true);
    expect(Object.isFrozen(BUILT_IN_CATALOG.permissions['photos.create_albums'])).toBe(true);
  });
});
