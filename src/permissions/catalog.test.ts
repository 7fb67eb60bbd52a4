import { describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOG, createCatalog, findPermission, findTool, granularTools, registerPermission, registerTool } from './index.js';

/** The SPEC §4 table, verbatim: the catalog is checked against it flag by flag. */
const SPEC_TABLE = String.raw`
| action_plans (17) | add_records D; add_record_requests_as_assignee; create_edit_plans; create_edit_project_templates; edit_due_date_published; edit_notifications; edit_item_notes_as_assignee; edit_item_status_as_assignee; delete_plans; sign_as_approver L; sign_as_approver_same_company ctx; sign_as_completed_receiver L; sign_as_completed_receiver_same_company ctx; sign_as_assignee_any_user; sign_as_assignee_same_company ctx; sign_as_assignee D; delete_records D |
| admin (5) | update_general_settings; update_active_tools; manage_segment_items; manage_wbs_codes; manage_locations |
| bidding (3) | create_bid_notes ctx; edit_bid_notes ctx; delete_bid_notes ctx |
| budget (6) | import_budget req(create_edit_original_budget); create_edit_original_budget; view_direct_cost_details; delete_budget_line_items; lock_budget; send_retrieve_erp |
| budget_change_workflows (6), commitment_workflows (6), prime_contract_workflows (6) — beta | view_workflow_templates; view_full_workflow_history; view_previous_step_history_only; can_be_workflow_manager; can_start_workflows; configure_workflow_templates |
| commitments (6) | view_private_purchase_orders; view_private_work_orders; create_purchase_orders; create_work_orders; update_purchase_orders; update_work_orders |
| correspondence (5) T | create_items L; respond_to_own_items L; edit_own_open_items L; respond_to_same_company_items ctx (does not reveal private items without the next one); view_private_same_company_items ctx |
| daily_log (2) | collaborator_entry_only (wins over the other); standard_edit_delete_own_entries S |
| direct_costs (3) | create_direct_costs; update_direct_costs; delete_direct_costs |
| directory (12) | add_from_company_directory; assign_project_roles; create_edit_users; create_contacts ctx; create_edit_companies; create_edit_distribution_groups; manage_permission_templates; remove_users; remove_companies; request_company_people_import; view_company_insurance; update_contacts ctx |
| documents (6) | access_private_items; rename_items; move_copy_items; set_permissions; delete_items; view_recycle_bin |
| drawings (2) | upload_drawings (uploads stay unpublished until an admin publishes); upload_review_drawings (may review only own uploads) |
| inspections (1) | create_edit_schedules |
| meetings (9) | add_comments; delete_own_comments; create_meetings M; distribute_meetings; update_meetings M; manage_meeting_items M; manage_meeting_categories; manage_related_items; email_meetings |
| observations (3) | view_private_same_company ctx; update_status_comment_same_company ctx; assign_standard_users |
| photos (4) | create_albums L; delete_albums; reorder_albums; view_private_photos |
| prime_contracts (4) | create_prime_contracts; update_prime_contracts; delete_prime_contracts; view_owner_invoice_details |
| punch_list (2) | view_private_same_company ctx; respond_same_company ctx |
| rfis (3) | act_as_rfi_manager; mark_official_responses; view_private_same_company ctx |
| schedule (7) | update_task_percent_complete M; create_lookaheads; delete_lookaheads; view_lookaheads A; create_lookahead_tasks; delete_lookahead_tasks; update_lookahead_tasks |
| submittals (3) | create_submittals; create_submittal_packages; view_private_same_company ctx |
| timesheets (1) | review_edit_timesheets (pending→reviewed only, never approves) |
| transmittals (1) | view_private_same_company ctx |
`;

interface SpecRow {
  readonly id: string;
  readonly flags: readonly string[];
}

function parseSpec(): { tools: Map<string, { count: number; perType: boolean; beta: boolean }>; rows: SpecRow[] } {
  const tools = new Map<string, { count: number; perType: boolean; beta: boolean }>();
  const rows: SpecRow[] = [];
  for (const line of SPEC_TABLE.trim().split('\n')) {
    const [, head = '', body = ''] = line.split('|').map((c) => c.trim());
    const names = [...head.matchAll(/([a-z_]+) \((\d+)\)/g)];
    const perType = / T$/.test(head);
    const beta = head.includes('beta');
    for (const [, tool = '', count = '0'] of names) {
      tools.set(tool, { count: Number(count), perType, beta });
      for (const entry of body.split(';').map((e) => e.trim())) {
        const [name = '', ...rest] = entry.replace(/\(does not reveal[^)]*\)|\(uploads[^)]*\)|\(may review[^)]*\)|\(wins over[^)]*\)|\(pending[^)]*\)/g, '').trim().split(/\s+/);
        rows.push({ id: `${tool}.${name}`, flags: rest });
      }
    }
  }
  return { tools, rows };
}

describe('built-in catalog (P12, SPEC §4)', () => {
  const spec = parseSpec();

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

  it('P3/P4/P5/P6/P9: every permission carries exactly the flags of the SPEC table', () => {
    expect(new Set(spec.rows.map((r) => r.id))).toEqual(new Set(Object.keys(BUILT_IN_CATALOG.permissions)));
    for (const row of spec.rows) {
      const p = BUILT_IN_CATALOG.permissions[row.id];
      expect(p, row.id).toBeDefined();
      if (p === undefined) continue;
      const f = row.flags;
      expect(p.lockedAtStandard, `${row.id} L`).toBe(f.includes('L'));
      expect(p.defaultAtStandard, `${row.id} D`).toBe(f.includes('D'));
      expect(p.alwaysOn, `${row.id} A`).toBe(f.includes('A'));
      expect(p.minLevel === 'standard', `${row.id} S`).toBe(f.includes('S'));
      expect(p.mobile, `${row.id} M`).toBe(f.includes('M'));
      expect(p.condition !== null, `${row.id} ctx`).toBe(f.includes('ctx'));
      const req = f.find((x) => x.startsWith('req('));
      expect(p.requires, `${row.id} req`).toEqual(req === undefined ? [] : [`${p.tool}.${req.slice(4, -1)}`]);
    }
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

  it('P1: connection_manager and the drawings base level carry the level actions the connection rules use', () => {
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
    const copy: unknown = JSON.parse(JSON.stringify(BUILT_IN_CATALOG));
    const r = findPermission('budget.import_budget', copy);
    expect(r.ok && r.value.requires).toEqual(['budget.create_edit_original_budget']);
  });

  it('P12: the catalog is frozen data', () => {
    expect(Object.isFrozen(BUILT_IN_CATALOG)).toBe(true);
    expect(Object.isFrozen(BUILT_IN_CATALOG.permissions['photos.create_albums'])).toBe(true);
  });
});
