import { describe, expect, it } from 'vitest';
import { blank, must } from '../../test/permissions/helpers.js';
import { hostileProxy, revokedProxy, throwingGetter } from '../../test/support/hostile.js';
import { compiledLayout } from './compile.js';
import { BUILT_IN_CATALOG, can, checkCompiled, compiledToolLevel, compileTemplate, createCatalog, createPermissionHandle, disablePermission, enableAll, enablePermission, registerTool, setToolLevel } from './index.js';

describe('compiled checks (P1–P9, fast path)', () => {
  const t = must(
    enableAll(
      must(setToolLevel(must(setToolLevel(must(setToolLevel(blank(), 'meetings', 'standard')), 'connection_manager', 'admin')), 'rfis', 'standard')),
      'meetings',
    ),
  );
  const compiled = must(compileTemplate(t));

  it('P12: nothing reachable from a compiled template can be changed — every value is frozen, and the catalog layout (a Map every compile shares) is not reachable', () => {
    const other = must(compileTemplate(blank()));
    const reachable: unknown[] = [compiled, other];
    for (let i = 0; i < reachable.length; i += 1) {
      const value = reachable[i];
      if (typeof value !== 'object' || value === null) continue;
      expect(value instanceof Map || ArrayBuffer.isView(value)).toBe(false);
      expect(Object.isFrozen(value)).toBe(true);
      reachable.push(...Object.values(value));
    }
    expect('layout' in compiled).toBe(false);
    expect(checkCompiled(compiled, 'meetings.email_meetings')).toBe(true);
  });

  it('P3/P4: a compiled template answers like the template', () => {
    expect(checkCompiled(compiled, 'meetings.email_meetings')).toBe(true);
    expect(checkCompiled(compiled, 'rfis.act_as_rfi_manager')).toBe(false);
    expect(checkCompiled(compiled, 'connection_manager.approve')).toBe(true);
    expect(compiledToolLevel(compiled, 'connection_manager')).toBe('admin');
    expect(compiledToolLevel(compiled, 'budget')).toBe('none');
    // P3: locked permissions are on at standard (and at read_only only when enabled); P4: defaults are on at
    // standard, may be switched off, and are off at read_only.
    const standard = must(setToolLevel(must(setToolLevel(blank(), 'action_plans', 'standard')), 'photos', 'standard'));
    const noDefault = must(disablePermission(standard, 'action_plans.add_records'));
    const readOnly = must(setToolLevel(blank(), 'action_plans', 'read_only'));
    const expected: [typeof standard, string, boolean][] = [
      [standard, 'action_plans.sign_as_approver', true],
      [standard, 'action_plans.sign_as_completed_receiver', true],
      [standard, 'photos.create_albums', true],
      [standard, 'action_plans.add_records', true],
      [standard, 'action_plans.sign_as_assignee', true],
      [standard, 'action_plans.delete_records', true],
      [standard, 'action_plans.delete_plans', false],
      [noDefault, 'action_plans.add_records', false],
      [readOnly, 'action_plans.sign_as_approver', false],
      [readOnly, 'action_plans.add_records', false],
    ];
    for (const [template, permission, allowed] of expected) {
      expect(checkCompiled(must(compileTemplate(template)), permission), permission).toBe(allowed);
      expect(can(template, permission), permission).toBe(allowed);
    }
  });

  it('P9: compiled conditional permissions are checked against the context', () => {
    expect(checkCompiled(compiled, 'meetings.email_meetings', { platform: 'mobile' })).toBe(false);
    expect(checkCompiled(compiled, 'meetings.create_meetings', { platform: 'mobile' })).toBe(true);
  });

  it('P8: per-type permissions need the type; types without their own setting use the tool setting', () => {
    let c = must(setToolLevel(blank(), 'correspondence', 'standard', { itemType: 'letter' }));
    c = must(setToolLevel(c, 'correspondence', 'admin'));
    const compiledC = must(compileTemplate(c));
    expect(checkCompiled(compiledC, 'correspondence.create_items')).toBe(false);
    expect(checkCompiled(compiledC, 'correspondence.create_items', { itemType: 'letter' })).toBe(true);
    expect(checkCompiled(compiledC, 'correspondence.view_private_same_company_items', { itemType: 'letter' })).toBe(false);
    expect(checkCompiled(compiledC, 'correspondence.view_private_same_company_items', { itemType: 'memo' })).toBe(true);
    expect(checkCompiled(compiledC, 'correspondence.create_items', { itemType: '__proto__' })).toBe(true);
  });

  it('§7: unknown or malformed input gives false, never a throw', () => {
    for (const [c, p] of [
      [compiled, 'nope.nope'],
      [compiled, 42],
      [compiled, '__proto__'],
      [compiled, 'toString'],
      [null, 'rfis.act_as_rfi_manager'],
      [{ layout: 'x', states: 'abc' }, 'rfis.act_as_rfi_manager'],
      [{ layout: { index: {} } }, 'rfis.act_as_rfi_manager'],
    ] as const) {
      expect(checkCompiled(c as never, p as never)).toBe(false);
    }
    expect(compiledToolLevel({ levels: { rfis: 'owner' } } as never, 'rfis')).toBe('none');
  });

  it('P12: a handle looks the permission up once (UNKNOWN_PERMISSION when there is none) and tests many compiled templates', () => {
    const handle = must(createPermissionHandle('meetings.email_meetings'));
    const other = must(compileTemplate(blank('other')));
    expect([compiled, other].map((c) => handle.check(c))).toEqual([true, false]);
    expect(handle.check(compiled, { platform: 'mobile' })).toBe(false);
    expect(handle.check('not compiled' as never)).toBe(false);
    const unknown = createPermissionHandle('meetings.fly');
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_PERMISSION');
  });

  it('P12: a handle on one catalog still answers for templates compiled with another', () => {
    const catalog = must(registerTool(undefined, { id: 'invoices', permissions: [{ name: 'approve' }] }));
    const withCustom = must(compileTemplate(t, catalog));
    const handle = must(createPermissionHandle('meetings.email_meetings'));
    expect(handle.check(withCustom)).toBe(true);
    // Conditions are read from the template's own catalog, whichever catalog made the handle.
    expect(handle.check(withCustom, { platform: 'mobile' })).toBe(false);
    expect(must(createPermissionHandle('meetings.create_meetings', catalog)).check(compiled, { platform: 'mobile' })).toBe(true);
  });

  it('P12: a handle for an id the template\'s catalog lacks denies, as a check by id does', () => {
    const catalog = must(registerTool(undefined, { id: 'invoices', permissions: [{ name: 'approve' }] }));
    const granted = must(compileTemplate(must(enableAll(must(setToolLevel(t, 'invoices', 'standard', { catalog })), 'invoices', { catalog })), catalog));
    const approve = must(createPermissionHandle('invoices.approve', catalog));
    expect([approve.check(granted), checkCompiled(granted, 'invoices.approve')]).toEqual([true, true]);
    expect([approve.check(compiled), checkCompiled(compiled, 'invoices.approve')]).toEqual([false, false]);
    // A catalog that knows only one of the meetings permissions: built-in handles read the one it has.
    const small = must(createCatalog([{ id: 'meetings', permissions: [{ name: 'email_meetings' }] }]));
    const smallTemplate = must(compileTemplate(must(enableAll(must(setToolLevel(blank('small'), 'meetings', 'standard', { catalog: small })), 'meetings', { catalog: small })), small));
    const [email, create] = [must(createPermissionHandle('meetings.email_meetings')), must(createPermissionHandle('meetings.create_meetings'))];
    expect([email.check(compiled), create.check(compiled)]).toEqual([true, true]);
    expect([email.check(smallTemplate), create.check(smallTemplate)]).toEqual([true, false]);
    expect([checkCompiled(smallTemplate, 'meetings.email_meetings'), checkCompiled(smallTemplate, 'meetings.create_meetings')]).toEqual([true, false]);
  });

  it('P12: ids laid out late (after many other catalogs) keep a compiled template as small as its catalog, and their handles still answer', () => {
    // Other catalogs' ids take process-wide slots first (tenants' tools registered at run time).
    for (let i = 0; i < 2_000; i += 1) {
      const other = must(registerTool(BUILT_IN_CATALOG, { id: `tenant_tool_${i}`, label: 'Tenant tool', permissions: [{ name: 'approve', minLevel: 'standard' }] }));
      must(createPermissionHandle(`tenant_tool_${i}.approve`, other));
    }
    const catalog = must(registerTool(BUILT_IN_CATALOG, { id: 'late_tool', label: 'Late tool', permissions: [{ name: 'approve', minLevel: 'standard' }, { name: 'reject', minLevel: 'standard' }] }));
    const granted = must(compileTemplate(must(enablePermission(must(setToolLevel(blank(), 'late_tool', 'standard', { catalog })), 'late_tool.approve', { catalog })), catalog));
    const layout = compiledLayout(granted);
    expect(layout.slots.some((slot) => slot >= 2_000)).toBe(true);
    expect(layout.width).toBeLessThanOrEqual(2 * layout.ids.length);
    const approve = must(createPermissionHandle('late_tool.approve', catalog));
    const reject = must(createPermissionHandle('late_tool.reject', catalog));
    const rfis = must(createPermissionHandle('rfis.act_as_rfi_manager', catalog));
    expect([approve.check(granted), reject.check(granted), checkCompiled(granted, 'late_tool.approve'), checkCompiled(granted, 'late_tool.reject')]).toEqual([true, false, true, false]);
    expect(approve.check(compiled)).toBe(false); // a template of the built-in catalog, which lacks the id
    expect(rfis.check(granted)).toBe(false);
    expect(rfis.check(compiled)).toBe(can(t, 'rfis.act_as_rfi_manager'));
  });

  it('§7: the brand cannot be faked: copies, Proxies and hostile objects give false, never a throw', () => {
    const handle = must(createPermissionHandle('meetings.email_meetings'));
    const forged = Object.assign(Object.create(Object.getPrototypeOf(compiled) as object) as object, compiled);
    const fakes = [forged, { ...compiled }, new Proxy(compiled, {}), revokedProxy(), hostileProxy(), throwingGetter('layout'), throwingGetter('states'), 'meetings', 42, undefined];
    for (const fake of fakes) {
      expect(checkCompiled(fake as never, 'meetings.email_meetings')).toBe(false);
      expect(handle.check(fake as never)).toBe(false);
    }
    expect(checkCompiled(compiled, { toString: () => 'meetings.email_meetings' } as never)).toBe(false);
  });

  it('a compiled template is frozen, and so is a handle', () => {
    const handle = must(createPermissionHandle('meetings.email_meetings'));
    expect(Object.isFrozen(compiled) && Object.isFrozen(compiled.states) && Object.isFrozen(handle)).toBe(true);
  });

  it('a handle\'s check is a method: called detached it throws a TypeError, never a silent false', () => {
    const handle = must(createPermissionHandle('meetings.email_meetings'));
    const detached = handle.check;
    expect(() => detached(compiled)).toThrow(TypeError);
    expect([compiled].map((c) => handle.check(c))).toEqual([true]);
  });
});
