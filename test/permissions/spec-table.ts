import type { PermissionCatalog } from '../../src/permissions/index.js';

/**
 * The SPEC §4 catalog table, verbatim (flags: L locked at standard, D default at standard, A always on,
 * S needs standard, M mobile, req(x), ctx, T per type), and where the built-in catalog departs from it
 * because seed 001 says otherwise (SPEC: the catalog is only as good as its fidelity to seed 001).
 */
export const SPEC_TABLE = String.raw`
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

/** One permission of the SPEC table with its flag tokens. */
export interface SpecRow {
  readonly id: string;
  readonly flags: readonly string[];
}

/** The SPEC table as tools (count, per type, beta) and permission rows. */
export function parseSpecTable(): { tools: Map<string, { count: number; perType: boolean; beta: boolean }>; rows: SpecRow[] } {
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

/** A flag on which the catalog and the SPEC table differ. */
export interface FlagDifference {
  readonly permission: string;
  readonly flag: 'L' | 'D' | 'A' | 'S' | 'M' | 'ctx' | 'req';
  readonly spec: string;
  readonly catalog: string;
}

/** Every flag of every SPEC row on which `catalog` differs from the SPEC table. */
export function specDifferences(catalog: PermissionCatalog): FlagDifference[] {
  const out: FlagDifference[] = [];
  for (const row of parseSpecTable().rows) {
    const p = catalog.permissions[row.id];
    if (p === undefined) continue;
    const f = row.flags;
    const flag = (name: FlagDifference['flag'], spec: boolean, actual: boolean) => {
      if (spec !== actual) out.push({ permission: row.id, flag: name, spec: spec ? name : `no ${name}`, catalog: actual ? name : `no ${name}` });
    };
    flag('L', f.includes('L'), p.lockedAtStandard);
    flag('D', f.includes('D'), p.defaultAtStandard);
    flag('A', f.includes('A'), p.alwaysOn);
    flag('S', f.includes('S'), p.minLevel === 'standard');
    flag('M', f.includes('M'), p.mobile);
    flag('ctx', f.includes('ctx'), p.condition !== null);
    const req = f.find((x) => x.startsWith('req('));
    const specReq = req === undefined ? [] : [`${p.tool}.${req.slice(4, -1)}`];
    if (specReq.join() !== p.requires.join()) out.push({ permission: row.id, flag: 'req', spec: specReq.join(', ') || 'none', catalog: p.requires.join(', ') || 'none' });
  }
  return out;
}

/** A documented disagreement between SPEC §4 and seed 001, settled in favour of the seed. */
export interface SpecSeedDisagreement extends FlagDifference {
  readonly seedLine: number;
  /** Why the seed wins, in our own words. */
  readonly reason: string;
}

/** The disagreements the catalog settles in favour of seed 001 (docs/permissions-catalog.md lists them). */
export const SPEC_SEED_DISAGREEMENTS: readonly SpecSeedDisagreement[] = [
  {
    permission: 'directory.request_company_people_import',
    flag: 'S',
    spec: 'no S',
    catalog: 'S',
    seedLine: 158,
    reason: 'The seed grants this permission to a user who has Standard permission; the SPEC table gives it no S flag, which would let Read Only users hold it.',
  },
];
