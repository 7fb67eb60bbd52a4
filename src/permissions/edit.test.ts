import { describe, expect, it } from 'vitest';
import type { Level } from '../core/level.js';
import { allEnabled, disableAll, disablePermission, enableAll, enablePermission, setToolLevel, validateTemplate, type EditOptions } from './index.js';
import { blank, must } from '../../test/permissions/helpers.js';

const at = (tool: string, level: Level, options?: EditOptions) => must(setToolLevel(blank(), tool, level, options));

describe('template edits (P1–P8)', () => {
  it('P1: a new template has every tool at none', () => {
    const t = blank();
    expect(t.tools).toEqual({});
    expect(Object.isFrozen(t) && Object.isFrozen(t.tools)).toBe(true);
    const unknown = setToolLevel(t, 'nope', 'admin');
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_TOOL');
    // @ts-expect-error 'owner' is no level: refused at compile time, and at run time for untyped callers
    const bad = setToolLevel(t, 'rfis', 'owner');
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
  });

  it('P2: granular permissions cannot be enabled at none or admin', () => {
    for (const level of ['none', 'admin'] as const) {
      const r = enablePermission(at('rfis', level), 'rfis.act_as_rfi_manager');
      expect(!r.ok && r.error.code).toBe('LEVEL_NOT_GRANULAR');
      expect(!r.ok && r.error.details).toMatchObject({ tool: 'rfis', level });
    }
  });

  it('P2: changing a level to none or admin drops the granular flags', () => {
    const t = must(enablePermission(at('rfis', 'standard'), 'rfis.act_as_rfi_manager'));
    expect(must(setToolLevel(t, 'rfis', 'admin')).tools['rfis']).toEqual({ level: 'admin', granted: [] });
    expect(must(setToolLevel(t, 'rfis', 'none')).tools['rfis']).toBeUndefined();
  });

  it('P3: locked permissions come on at standard and cannot be switched off', () => {
    const t = at('photos', 'standard');
    expect(t.tools['photos']?.granted).toEqual(['photos.create_albums']);
    const r = disablePermission(t, 'photos.create_albums');
    expect(!r.ok && r.error.code).toBe('LOCKED_PERMISSION');
    const ap = at('action_plans', 'standard');
    for (const id of ['action_plans.sign_as_approver', 'action_plans.sign_as_completed_receiver']) {
      const off = disablePermission(ap, id);
      expect(!off.ok && off.error.code).toBe('LOCKED_PERMISSION');
    }
  });

  it('P3: locked permissions are switchable at read_only, and go off when a tool comes down from standard', () => {
    const ro = at('photos', 'read_only');
    expect(ro.tools['photos']?.granted).toEqual([]);
    const on = must(enablePermission(ro, 'photos.create_albums'));
    expect(must(disablePermission(on, 'photos.create_albums')).tools['photos']?.granted).toEqual([]);
    const down = must(setToolLevel(at('photos', 'standard'), 'photos', 'read_only'));
    expect(down.tools['photos']?.granted).toEqual([]);
  });

  it('P3: schedule.view_lookaheads is always on at read_only and standard and cannot be changed', () => {
    for (const level of ['read_only', 'standard'] as const) {
      const t = at('schedule', level);
      expect(t.tools['schedule']?.granted).toContain('schedule.view_lookaheads');
      const r = disablePermission(t, 'schedule.view_lookaheads');
      expect(!r.ok && r.error.code).toBe('LOCKED_PERMISSION');
      expect(must(disableAll(t, 'schedule')).tools['schedule']?.granted).toEqual(['schedule.view_lookaheads']);
    }
  });

  it('P4: defaults come on when a tool is set to standard and may be switched off', () => {
    const t = at('action_plans', 'standard');
    for (const id of ['action_plans.add_records', 'action_plans.sign_as_assignee', 'action_plans.delete_records']) {
      expect(t.tools['action_plans']?.granted).toContain(id);
      expect(must(disablePermission(t, id)).tools['action_plans']?.granted).not.toContain(id);
    }
  });

  it('P4: at read_only the defaults and the locked action plan permissions are off unless enabled', () => {
    const t = at('action_plans', 'read_only');
    expect(t.tools['action_plans']?.granted).toEqual([]);
    const on = must(enablePermission(t, 'action_plans.add_records'));
    expect(on.tools['action_plans']?.granted).toEqual(['action_plans.add_records']);
  });

  it('P4: coming down from standard to read_only turns the defaults and locked ones off; explicit grants stay', () => {
    const standard = must(enablePermission(at('action_plans', 'standard'), 'action_plans.delete_plans'));
    const down = must(setToolLevel(standard, 'action_plans', 'read_only'));
    expect(down.tools['action_plans']?.granted).toEqual(['action_plans.delete_plans']);
    const directory = must(enablePermission(must(enablePermission(at('directory', 'standard'), 'directory.request_company_people_import')), 'directory.remove_users'));
    expect(must(setToolLevel(directory, 'directory', 'read_only')).tools['directory']?.granted).toEqual(['directory.remove_users']);
    const r = enablePermission(at('directory', 'read_only'), 'directory.request_company_people_import');
    expect(!r.ok && r.error.code).toBe('LEVEL_TOO_LOW');
  });

  it('P4: defaults do not come back when standard is set again', () => {
    const t = must(disablePermission(at('action_plans', 'standard'), 'action_plans.add_records'));
    expect(must(setToolLevel(t, 'action_plans', 'standard'))).toBe(t);
  });

  it('P5: budget.import_budget needs budget.create_edit_original_budget', () => {
    const t = at('budget', 'standard');
    const alone = enablePermission(t, 'budget.import_budget');
    expect(!alone.ok && alone.error.code).toBe('DEPENDENCY_MISSING');
    expect(!alone.ok && alone.error.details).toEqual({ permission: 'budget.import_budget', requires: ['budget.create_edit_original_budget'] });
    const both = must(enablePermission(must(enablePermission(t, 'budget.create_edit_original_budget')), 'budget.import_budget'));
    const off = disablePermission(both, 'budget.create_edit_original_budget');
    expect(!off.ok && off.error.code).toBe('DEPENDENT_ENABLED');
    expect(!off.ok && off.error.details).toEqual({ permission: 'budget.create_edit_original_budget', dependents: ['budget.import_budget'] });
    expect(!off.ok && off.error.message).toBe('"budget.create_edit_original_budget" cannot be switched off while "budget.import_budget" depends on it.');
  });

  it('P6: standard_edit_delete_own_entries needs level standard', () => {
    const r = enablePermission(at('daily_log', 'read_only'), 'daily_log.standard_edit_delete_own_entries');
    expect(!r.ok && r.error.code).toBe('LEVEL_TOO_LOW');
    expect(!r.ok && r.error.details).toEqual({ permission: 'daily_log.standard_edit_delete_own_entries', required: 'standard', actual: 'read_only' });
    const down = must(setToolLevel(must(enableAll(at('daily_log', 'standard'), 'daily_log')), 'daily_log', 'read_only'));
    expect(down.tools['daily_log']?.granted).toEqual(['daily_log.collaborator_entry_only']);
  });

  it('P6: both daily log permissions on is allowed, with a validation warning', () => {
    const t = must(enableAll(at('daily_log', 'standard'), 'daily_log'));
    const report = validateTemplate(t);
    expect(report.valid).toBe(true);
    expect(report.warnings.map((w) => w.code)).toEqual(['PERMISSION_OVERRIDDEN']);
    expect(report.warnings[0]?.message).toContain('daily_log.collaborator_entry_only');
  });

  it('P7: enable all turns on every permission allowed at the level; the query flips', () => {
    const ro = at('daily_log', 'read_only');
    expect(must(allEnabled(ro, 'daily_log'))).toBe(false);
    const all = must(enableAll(ro, 'daily_log'));
    expect(all.tools['daily_log']?.granted).toEqual(['daily_log.collaborator_entry_only']);
    expect(must(allEnabled(all, 'daily_log'))).toBe(true);
    const std = must(enableAll(at('budget', 'standard'), 'budget'));
    expect(std.tools['budget']?.granted).toHaveLength(6);
    expect(must(allEnabled(std, 'budget'))).toBe(true);
  });

  it('P7: disable all keeps only the locked ones; none/admin refuse; the query is false there', () => {
    const t = must(disableAll(must(enableAll(at('action_plans', 'standard'), 'action_plans')), 'action_plans'));
    expect(t.tools['action_plans']?.granted).toEqual(['action_plans.sign_as_approver', 'action_plans.sign_as_completed_receiver']);
    const admin = enableAll(at('rfis', 'admin'), 'rfis');
    expect(!admin.ok && admin.error.code).toBe('LEVEL_NOT_GRANULAR');
    expect(must(allEnabled(at('rfis', 'admin'), 'rfis'))).toBe(false);
  });

  it('P8: correspondence is set per type, with its own level and flags', () => {
    let t = must(setToolLevel(blank(), 'correspondence', 'standard', { itemType: 'letter' }));
    t = must(setToolLevel(t, 'correspondence', 'read_only', { itemType: 'notice' }));
    t = must(enablePermission(t, 'correspondence.view_private_same_company_items', { itemType: 'notice' }));
    expect(t.typeSettings['correspondence']?.['letter']?.granted).toEqual([
      'correspondence.create_items',
      'correspondence.edit_own_open_items',
      'correspondence.respond_to_own_items',
    ]);
    expect(t.typeSettings['correspondence']?.['notice']).toEqual({ level: 'read_only', granted: ['correspondence.view_private_same_company_items'] });
    const locked = disablePermission(t, 'correspondence.create_items', { itemType: 'letter' });
    expect(!locked.ok && locked.error.code).toBe('LOCKED_PERMISSION');
    const notPerType = setToolLevel(t, 'rfis', 'standard', { itemType: 'letter' });
    expect(!notPerType.ok && notPerType.error.code).toBe('INVALID_INPUT');
    expect(validateTemplate(t).valid).toBe(true);
  });

  it('§7: edits never throw and refuse malformed input', () => {
    for (const bad of [null, 42, {}, { schemaVersion: 2 }]) {
      const r = setToolLevel(bad as never, 'rfis', 'standard');
      expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    }
    const r = enablePermission(blank(), 'not an id');
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
  });
});
