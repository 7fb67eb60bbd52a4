import { describe, expect, it } from 'vitest';
import { blank, must } from '../../test/permissions/helpers.js';
import {
  can,
  enableAll,
  enablePermission,
  explain,
  explainToolLevel,
  listPermissions,
  registerTool,
  setToolLevel,
  toolLevelOf,
  type PermissionTemplate,
} from './index.js';

function build(...steps: ((t: PermissionTemplate) => ReturnType<typeof setToolLevel>)[]): PermissionTemplate {
  return steps.reduce((t, step) => must(step(t)), blank());
}
const why = (t: PermissionTemplate, p: string, ctx?: object) => must(explain(t, p, ctx));

describe('evaluation and explanation (P1, P2, P9, P11)', () => {
  it('P1: tool levels are read per tool, none when absent', () => {
    const t = build((t) => setToolLevel(t, 'connection_manager', 'admin'), (t) => setToolLevel(t, 'drawings', 'read_only'));
    expect(must(toolLevelOf(t, 'connection_manager'))).toBe('admin');
    expect(must(toolLevelOf(t, 'rfis'))).toBe('none');
    const unknown = toolLevelOf(t, 'nope');
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_TOOL');
    const d = must(explainToolLevel(t, 'drawings', 'admin'));
    expect(d).toMatchObject({ allowed: false, required: 'admin', actual: 'read_only' });
    expect(d.message).toContain('needs level admin');
  });

  it('P1: level actions of non-granular tools follow the level', () => {
    const t = build((t) => setToolLevel(t, 'connection_manager', 'standard'), (t) => setToolLevel(t, 'drawings', 'read_only'));
    const d = why(t, 'connection_manager.approve');
    expect(d).toMatchObject({ allowed: false, reason: 'level_too_low', requiredLevel: 'admin', missing: 'needs level admin' });
    expect(why(t, 'drawings.view')).toMatchObject({ allowed: true, reason: 'level_grants' });
    expect(can(t, 'drawings.publish')).toBe(false);
  });

  it('P2/P11: admin implies every action of the tool, none implies none', () => {
    const admin = build((t) => setToolLevel(t, 'bidding', 'admin'));
    expect(why(admin, 'bidding.create_bid_notes')).toMatchObject({ allowed: true, reason: 'admin_level' });
    const none = why(blank(), 'bidding.create_bid_notes');
    expect(none).toMatchObject({ allowed: false, reason: 'level_too_low', requiredLevel: 'read_only' });
    expect(none.missing).toBe('needs level read_only or higher; needs bidding.create_bid_notes to be enabled; needs to know whether the actor is on the bid package\'s distribution list');
  });

  it('P3/P11: locked and always-on permissions explain themselves', () => {
    const t = build((t) => setToolLevel(t, 'photos', 'standard'), (t) => setToolLevel(t, 'schedule', 'read_only'));
    expect(why(t, 'photos.create_albums').reason).toBe('locked_on');
    expect(why(t, 'schedule.view_lookaheads').reason).toBe('always_on');
    expect(why(t, 'photos.delete_albums')).toMatchObject({ allowed: false, reason: 'not_granted', missing: 'needs photos.delete_albums to be enabled' });
  });

  it('P5/P11: a permission off whose prerequisite is off says to enable it after the prerequisite (the edit API refuses it before)', () => {
    const t = build((t) => setToolLevel(t, 'budget', 'standard'));
    const d = why(t, 'budget.import_budget');
    expect(d.causes.map((c) => c.kind)).toEqual(['not_granted', 'dependency_missing']);
    expect(d.missing).toBe('needs budget.import_budget to be enabled (after its prerequisite budget.create_edit_original_budget); needs its prerequisite budget.create_edit_original_budget (enable budget.create_edit_original_budget first)');
    // Without the prerequisite missing, the words are as before.
    const ready = build((t) => setToolLevel(t, 'budget', 'standard'), (t) => enablePermission(t, 'budget.create_edit_original_budget'));
    expect(why(ready, 'budget.import_budget').missing).toBe('needs budget.import_budget to be enabled');
  });

  it('P4/P11: defaults explain as default_on, explicit grants as granted', () => {
    const t = build((t) => setToolLevel(t, 'action_plans', 'standard'), (t) => enablePermission(t, 'action_plans.delete_plans'));
    expect(why(t, 'action_plans.add_records').reason).toBe('default_on');
    expect(why(t, 'action_plans.delete_plans').reason).toBe('granted');
  });

  it('P5/P11: a permission whose prerequisite is missing is denied with what is missing', () => {
    const broken: PermissionTemplate = { ...blank(), tools: { budget: { level: 'standard', granted: ['budget.import_budget'] } } };
    const d = why(broken, 'budget.import_budget');
    expect(d).toMatchObject({ allowed: false, reason: 'dependency_missing', requires: ['budget.create_edit_original_budget'] });
    expect(d.missing).toBe('needs its prerequisite budget.create_edit_original_budget (enable budget.create_edit_original_budget first)');
  });

  it('P5/P11: an explanation names the missing prerequisite, and each cause once, in one sentence', () => {
    const t = build((t) => setToolLevel(t, 'budget', 'standard'));
    const d = why(t, 'budget.import_budget');
    expect(d.allowed).toBe(false);
    expect(d.causes.map((c) => c.kind)).toEqual(['not_granted', 'dependency_missing']);
    expect(d.causes[0]).toMatchObject({ kind: 'not_granted', permission: 'budget.import_budget', fix: { action: 'enable', permission: 'budget.import_budget' } });
    expect(d.causes[1]).toMatchObject({
      kind: 'dependency_missing',
      permission: 'budget.create_edit_original_budget',
      requiredBy: 'budget.import_budget',
      fix: { action: 'enable', permission: 'budget.create_edit_original_budget' },
    });
    expect(d.requires).toEqual(['budget.create_edit_original_budget']);
    expect(d.message).toContain('budget.create_edit_original_budget');
    expect(d.message.match(/Denied/g)).toHaveLength(1);
    expect(d.message.split('; ')).toHaveLength(2);
    expect(new Set(d.message.split('; ')).size).toBe(2);
    expect(d.message.endsWith('.') && !/\.\s/.test(d.message)).toBe(true);
  });

  it('P11: a denial lists its causes in order: level, permission off, prerequisite, override, condition', () => {
    const none = why(blank(), 'bidding.create_bid_notes', { onDistributionList: false });
    expect(none.causes.map((c) => c.kind)).toEqual(['level_too_low', 'not_granted', 'condition_failed']);
    expect(none.causes[0]).toMatchObject({ requiredLevel: 'read_only', actualLevel: 'none', fix: { action: 'set_level', tool: 'bidding', level: 'read_only' } });
    expect(none.causes[2]).toMatchObject({ condition: 'distribution_list', fix: { action: 'satisfy_condition', condition: 'distribution_list' } });
    const ro: PermissionTemplate = { ...blank(), tools: { daily_log: { level: 'read_only', granted: ['daily_log.collaborator_entry_only'] } } };
    const over = why(ro, 'daily_log.standard_edit_delete_own_entries');
    expect(over.causes.map((c) => c.kind)).toEqual(['level_too_low', 'not_granted', 'overridden']);
    expect(over.causes[2]).toMatchObject({ permission: 'daily_log.collaborator_entry_only', fix: { action: 'disable', permission: 'daily_log.collaborator_entry_only' } });
    expect(why(ro, 'daily_log.collaborator_entry_only').causes).toEqual([]);
  });

  it('P6/P11: collaborator_entry_only wins and the explanation says so', () => {
    const t = build((t) => setToolLevel(t, 'daily_log', 'standard'), (t) => enableAll(t, 'daily_log'));
    const d = why(t, 'daily_log.standard_edit_delete_own_entries');
    expect(d).toMatchObject({ allowed: false, reason: 'overridden', overriddenBy: 'daily_log.collaborator_entry_only' });
    expect(d.missing).toBe('overridden by daily_log.collaborator_entry_only, which wins while it is on (disable daily_log.collaborator_entry_only)');
    expect(can(t, 'daily_log.collaborator_entry_only')).toBe(true);
    const ro: PermissionTemplate = { ...blank(), tools: { daily_log: { level: 'read_only', granted: ['daily_log.standard_edit_delete_own_entries'] } } };
    expect(why(ro, 'daily_log.standard_edit_delete_own_entries')).toMatchObject({ reason: 'level_too_low', missing: 'needs level standard' });
  });

  it('P8: correspondence permissions are checked with the type', () => {
    let t = must(setToolLevel(blank(), 'correspondence', 'standard', { itemType: 'letter' }));
    t = must(setToolLevel(t, 'correspondence', 'read_only'));
    expect(can(t, 'correspondence.create_items', { itemType: 'letter' })).toBe(true);
    expect(why(t, 'correspondence.create_items', { itemType: 'memo' })).toMatchObject({ allowed: false, level: 'read_only', reason: 'not_granted' });
    const noType = why(t, 'correspondence.create_items');
    expect(noType).toMatchObject({ allowed: false, reason: 'condition_failed', condition: 'item_type' });
  });

  it('P9: same-company permissions apply only when the other party is in the actor company', () => {
    const t = build((t) => setToolLevel(t, 'rfis', 'standard'), (t) => enablePermission(t, 'rfis.view_private_same_company'));
    const same = { actorCompanyIds: ['electric-co', 'holding'], otherParty: { companyId: 'electric-co', role: 'assignee' } };
    expect(why(t, 'rfis.view_private_same_company', same)).toMatchObject({ allowed: true, reason: 'granted', conditions: ['same_company'] });
    const other = why(t, 'rfis.view_private_same_company', { ...same, otherParty: { companyId: 'gc-co', role: 'assignee' } });
    expect(other).toMatchObject({ allowed: false, reason: 'condition_failed', condition: 'same_company' });
    expect(other.missing).toBe('actor and assignee are in different companies');
    expect(why(t, 'rfis.view_private_same_company').missing).toBe('needs the company of the other party in the context');
  });

  it('P9: bid note permissions need the actor on the distribution list', () => {
    const t = build((t) => setToolLevel(t, 'bidding', 'read_only'), (t) => enablePermission(t, 'bidding.create_bid_notes'));
    expect(can(t, 'bidding.create_bid_notes', { onDistributionList: true })).toBe(true);
    expect(why(t, 'bidding.create_bid_notes', { onDistributionList: false }).missing).toBe("actor is not on the bid package's distribution list");
  });

  it('P9: directory contact permissions need Timesheets or Incidents enabled', () => {
    const t = build((t) => setToolLevel(t, 'directory', 'standard'), (t) => enablePermission(t, 'directory.create_contacts'));
    expect(can(t, 'directory.create_contacts', { activeTools: ['incidents'] })).toBe(true);
    expect(can(t, 'directory.create_contacts', { activeTools: ['timesheets'] })).toBe(true);
    expect(why(t, 'directory.create_contacts', { activeTools: ['rfis'] }).missing).toBe('the project has neither Timesheets nor Incidents enabled');
  });

  it('P9: mobile meetings permissions apply on mobile, the rest on the web only', () => {
    const t = build((t) => setToolLevel(t, 'meetings', 'standard'), (t) => enableAll(t, 'meetings'));
    expect(can(t, 'meetings.create_meetings', { platform: 'mobile' })).toBe(true);
    expect(can(t, 'meetings.email_meetings', { platform: 'web' })).toBe(true);
    expect(can(t, 'meetings.email_meetings')).toBe(true);
    const d = why(t, 'meetings.email_meetings', { platform: 'mobile' });
    expect(d).toMatchObject({ allowed: false, reason: 'condition_failed', condition: 'web_only' });
  });

  it('P11/P12: unknown ids are explained denials; malformed input is INVALID_INPUT', () => {
    expect(why(blank(), 'nope.read')).toMatchObject({ allowed: false, reason: 'unknown_tool' });
    expect(why(blank(), 'rfis.fly')).toMatchObject({ allowed: false, reason: 'unknown_permission' });
    // @ts-expect-error 'tv' is no platform: refused at compile time, and at run time for untyped callers
    const bad = explain(blank(), 'rfis.act_as_rfi_manager', { platform: 'tv' });
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
    expect(can(undefined as never, 'rfis.act_as_rfi_manager')).toBe(false);
  });

  it('decisions are frozen plain data', () => {
    const d = why(blank(), 'rfis.act_as_rfi_manager');
    expect(Object.isFrozen(d)).toBe(true);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('P12: registered permissions are evaluated like built-in ones', () => {
    const catalog = must(registerTool(undefined, { id: 'invoices', permissions: [{ name: 'approve', minLevel: 'standard' }] }));
    const t = must(enablePermission(must(setToolLevel(blank(), 'invoices', 'standard', { catalog })), 'invoices.approve', { catalog }));
    expect(can(t, 'invoices.approve', undefined, catalog)).toBe(true);
    expect(must(explain(t, 'invoices.approve')).reason).toBe('unknown_tool');
  });

  it('P11: listing gives every granted permission of a tool, with reasons and conditions', () => {
    const t = build(
      (t) => setToolLevel(t, 'rfis', 'standard'),
      (t) => enableAll(t, 'rfis'),
      (t) => setToolLevel(t, 'photos', 'standard'),
    );
    const rfis = must(listPermissions(t, { tool: 'rfis' }));
    expect(rfis.map((g) => [g.permission, g.status])).toEqual([
      ['rfis.act_as_rfi_manager', 'granted'],
      ['rfis.mark_official_responses', 'granted'],
      ['rfis.view_private_same_company', 'conditional'],
    ]);
    const all = must(listPermissions(t));
    expect(all.map((g) => g.permission)).toContain('photos.create_albums');
    expect(all.every((g) => g.status !== 'denied')).toBe(true);
    const withContext = must(listPermissions(t, { tool: 'rfis', context: { actorCompanyIds: ['a'], otherParty: { companyId: 'b' } }, includeDenied: true }));
    expect(withContext.find((g) => g.permission === 'rfis.view_private_same_company')?.status).toBe('denied');
    const unknown = listPermissions(t, { tool: 'nope' });
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_TOOL');
  });

  it('P8/P11: listing a per-type tool lists the tool setting and every configured type', () => {
    const t = must(setToolLevel(blank(), 'correspondence', 'standard', { itemType: 'letter' }));
    const list = must(listPermissions(t, { tool: 'correspondence' }));
    expect(list.map((g) => [g.itemType, g.permission, g.status])).toEqual([
      ['letter', 'correspondence.create_items', 'granted'],
      ['letter', 'correspondence.respond_to_own_items', 'granted'],
      ['letter', 'correspondence.edit_own_open_items', 'granted'],
    ]);
  });
});
