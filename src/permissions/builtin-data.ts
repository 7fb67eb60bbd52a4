import type { ToolInput } from './catalog-types.js';

/*
 * The built-in catalog (SPEC §4, seed 001) as compact data, audited line by line against seed 001
 * (test/permissions/seed-001-table.ts is the independent transcription; docs/permissions-catalog.md
 * is generated from these rows). Each row: the permission name, the seed 001 line where its entry
 * starts, our own label, flag tokens, and the SPEC rules that state its flags.
 *
 * Flag tokens: L locked on at standard, D default at standard, A always on, S needs standard, M mobile,
 * req:<name> needs <tool>.<name>, over:<name> overridden by <tool>.<name>, and the P9 conditions
 * same_company / distribution_list / contacts_enabled. Labels are our own wording.
 */

/**
 * Internal: a SPEC rule that states a flag of a catalog row.
 * @internal
 */
export type CatalogRuleId = 'P3' | 'P4' | 'P5' | 'P6' | 'P8' | 'P9' | 'P10';

/**
 * Internal: one granular permission row.
 * @internal
 */
export type Row = readonly [name: string, seedLine: number, label: string, flags?: string, rules?: readonly CatalogRuleId[], notes?: string];

/**
 * Internal: one tool and its rows.
 * @internal
 */
export interface ToolRows {
  readonly id: string;
  readonly label: string;
  /** The seed 001 line of the tool's section heading (`null` for tools the seed does not list). */
  readonly seedLine: number | null;
  readonly rules?: readonly CatalogRuleId[];
  readonly beta?: boolean;
  readonly perType?: boolean;
  readonly platformScoped?: boolean;
  readonly rows: readonly Row[];
  readonly actions?: ToolInput['actions'];
}

/** The six workflow permissions of the three beta workflow tools, from the line of the first one. */
const workflowRows = (first: number): readonly Row[] => [
  ['view_workflow_templates', first, 'View workflow templates'],
  ['view_full_workflow_history', first + 1, 'View the full history of a workflow they take part in'],
  ['view_previous_step_history_only', first + 2, 'View only the previous step of a workflow they take part in'],
  ['can_be_workflow_manager', first + 3, 'Act as workflow manager'],
  ['can_start_workflows', first + 4, 'Start custom workflows'],
  ['configure_workflow_templates', first + 5, 'Configure custom workflow templates'],
];

/**
 * Internal: the rows of the 25 built-in granular tools plus `connection_manager`, in seed order.
 * @internal
 */
export const BUILT_IN_ROWS: readonly ToolRows[] = [
  {
    id: 'action_plans',
    label: 'Action Plans',
    seedLine: 48,
    rows: [
      ['add_records', 49, 'Add records to an action plan', 'D', ['P4']],
      ['add_record_requests_as_assignee', 50, 'Add record requests to published plans as an assignee'],
      ['create_edit_plans', 51, 'Create and edit action plans'],
      ['create_edit_project_templates', 52, 'Create and edit project-level plan templates'],
      ['edit_due_date_published', 53, 'Change the due date of published plans'],
      ['edit_notifications', 54, 'Edit the action plan project settings'],
      ['edit_item_notes_as_assignee', 55, 'Edit item notes on plans they are assigned to'],
      ['edit_item_status_as_assignee', 56, 'Change item status on plans they are assigned to'],
      ['delete_plans', 57, 'Delete action plans'],
      ['sign_as_approver', 58, 'Sign as plan approver', 'L', ['P3', 'P4']],
      ['sign_as_approver_same_company', 59, 'Sign as approver on behalf of people of their company', 'same_company', ['P9']],
      ['sign_as_completed_receiver', 60, 'Sign as receiver of a completed plan', 'L', ['P3', 'P4']],
      ['sign_as_completed_receiver_same_company', 61, 'Sign as completed-plan receiver on behalf of people of their company', 'same_company', ['P9']],
      ['sign_as_assignee_any_user', 62, 'Sign as assignee on behalf of any user'],
      ['sign_as_assignee_same_company', 63, 'Sign as assignee on behalf of people of their company', 'same_company', ['P9']],
      ['sign_as_assignee', 64, 'Sign as plan assignee', 'D', ['P4']],
      ['delete_records', 65, 'Delete records from an action plan', 'D', ['P4']],
    ],
  },
  {
    id: 'admin',
    label: 'Admin',
    seedLine: 67,
    rows: [
      ['update_general_settings', 68, 'Update the project general settings'],
      ['update_active_tools', 69, 'Add, change and remove the project active tools'],
      ['manage_segment_items', 70, 'Manage segment items of the work breakdown structure'],
      ['manage_wbs_codes', 77, 'Manage the budget code structure'],
      ['manage_locations', 79, 'Manage multi-tier locations'],
    ],
  },
  {
    id: 'bidding',
    label: 'Bidding',
    seedLine: 81,
    rows: [
      ['create_bid_notes', 82, 'Create bid notes', 'distribution_list', ['P9']],
      ['edit_bid_notes', 83, 'Edit bid notes', 'distribution_list', ['P9']],
      ['delete_bid_notes', 84, 'Delete bid notes', 'distribution_list', ['P9']],
    ],
  },
  {
    id: 'budget',
    label: 'Budget',
    seedLine: 87,
    rows: [
      ['import_budget', 88, 'Import a budget from a file', 'req:create_edit_original_budget', ['P5']],
      ['create_edit_original_budget', 89, 'Create and edit the original budget amount', '', ['P5']],
      ['view_direct_cost_details', 90, 'View direct cost transaction details'],
      ['delete_budget_line_items', 93, 'Delete budget line items'],
      ['lock_budget', 94, 'Lock the budget'],
      ['send_retrieve_erp', 95, 'Send budgets to and retrieve them from ERP integrations'],
    ],
  },
  { id: 'budget_change_workflows', label: 'Budget Change Workflows', seedLine: 97, beta: true, rows: workflowRows(98) },
  {
    id: 'commitments',
    label: 'Commitments',
    seedLine: 105,
    rows: [
      ['view_private_purchase_orders', 106, 'View private purchase order contracts'],
      ['view_private_work_orders', 107, 'View private work order contracts'],
      ['create_purchase_orders', 108, 'Create purchase order contracts'],
      ['create_work_orders', 109, 'Create work order contracts'],
      ['update_purchase_orders', 110, 'Update purchase order contracts'],
      ['update_work_orders', 111, 'Update work order contracts'],
    ],
  },
  { id: 'commitment_workflows', label: 'Commitment Workflows', seedLine: 113, beta: true, rows: workflowRows(114) },
  {
    id: 'correspondence',
    label: 'Correspondence',
    seedLine: 122,
    rules: ['P8'],
    perType: true,
    rows: [
      ['create_items', 124, 'Create items', 'L', ['P3']],
      ['respond_to_own_items', 125, 'Respond to items they are on', 'L', ['P3']],
      ['edit_own_open_items', 126, 'Edit open items they created', 'L', ['P3']],
      [
        'respond_to_same_company_items',
        127,
        'Respond to items accessible to people of their company',
        'same_company',
        ['P9'],
        'Private items stay hidden unless view_private_same_company_items is also on.',
      ],
      ['view_private_same_company_items', 128, 'View private items accessible to people of their company', 'same_company', ['P9']],
    ],
  },
  {
    id: 'daily_log',
    label: 'Daily Log',
    seedLine: 130,
    rows: [
      ['collaborator_entry_only', 132, 'Collaborator entry only (wins over own-entry editing)', '', ['P6']],
      ['standard_edit_delete_own_entries', 138, 'Standard users edit and delete their own entries', 'S over:collaborator_entry_only', ['P6']],
    ],
  },
  {
    id: 'direct_costs',
    label: 'Direct Costs',
    seedLine: 143,
    rows: [
      ['create_direct_costs', 144, 'Create and import direct costs'],
      ['update_direct_costs', 145, 'Update direct costs'],
      ['delete_direct_costs', 146, 'Delete direct costs'],
    ],
  },
  {
    id: 'directory',
    label: 'Directory',
    seedLine: 148,
    rows: [
      ['add_from_company_directory', 149, 'Add people from the company directory (assignable templates only)', '', ['P10']],
      ['assign_project_roles', 150, 'Assign project roles'],
      ['create_edit_users', 151, 'Create and edit users (assignable templates only)', '', ['P10']],
      ['create_contacts', 152, 'Create contacts (Timesheets or Incidents enabled)', 'contacts_enabled', ['P9']],
      ['create_edit_companies', 153, 'Create, edit and deactivate companies'],
      ['create_edit_distribution_groups', 154, 'Create and edit distribution groups'],
      ['manage_permission_templates', 155, 'Manage permission templates (assignable templates only)', '', ['P10']],
      ['remove_users', 156, 'Remove users from the project'],
      ['remove_companies', 157, 'Remove companies from the project'],
      // Seed 001 line 158 grants it to Standard users; SPEC §4 has no S here (docs/permissions-catalog.md).
      ['request_company_people_import', 158, 'Request a company and people import', 'S'],
      ['view_company_insurance', 159, 'View company insurance information'],
      ['update_contacts', 160, 'Update contacts (Timesheets or Incidents enabled)', 'contacts_enabled', ['P9']],
    ],
  },
  {
    id: 'documents',
    label: 'Documents',
    seedLine: 162,
    rows: [
      ['access_private_items', 163, 'Access private folders and files'],
      ['rename_items', 164, 'Rename folders and files'],
      ['move_copy_items', 165, 'Move and copy folders and files'],
      ['set_permissions', 166, 'Set folder and file permissions'],
      ['delete_items', 167, 'Delete folders and files'],
      ['view_recycle_bin', 168, 'View the recycle bin'],
    ],
  },
  {
    id: 'drawings',
    label: 'Drawings',
    seedLine: 170,
    rows: [
      ['upload_drawings', 171, 'Upload drawings', '', [], 'Uploads stay unpublished until an admin publishes them.'],
      ['upload_review_drawings', 172, 'Upload and review drawings', '', [], 'Only their own uploads can be reviewed.'],
    ],
    actions: [
      { name: 'view', label: 'View drawings', level: 'read_only' },
      { name: 'publish', label: 'Publish drawings', level: 'admin' },
      { name: 'configure_notifications', label: 'Configure drawing notifications', level: 'admin' },
    ],
  },
  { id: 'inspections', label: 'Inspections', seedLine: 174, rows: [['create_edit_schedules', 175, 'Create and edit inspection schedules']] },
  {
    id: 'meetings',
    label: 'Meetings',
    seedLine: 177,
    rules: ['P9'],
    platformScoped: true,
    rows: [
      ['add_comments', 178, 'Add comments to meetings', '', ['P9']],
      ['delete_own_comments', 179, 'Delete their own meeting comments', '', ['P9']],
      ['create_meetings', 180, 'Create meetings', 'M', ['P9']],
      ['distribute_meetings', 181, 'Distribute agendas and minutes', '', ['P9']],
      ['update_meetings', 182, 'Update meetings they can access', 'M', ['P9']],
      ['manage_meeting_items', 183, 'Manage meeting items', 'M', ['P9']],
      ['manage_meeting_categories', 184, 'Manage meeting categories', '', ['P9']],
      ['manage_related_items', 185, 'Manage related items of meetings', '', ['P9']],
      ['email_meetings', 186, 'Email meetings', '', ['P9']],
    ],
  },
  {
    id: 'observations',
    label: 'Observations',
    seedLine: 189,
    rows: [
      ['view_private_same_company', 190, 'View observations assigned to people of their company, private ones included', 'same_company', ['P9']],
      ['update_status_comment_same_company', 191, 'Update status and comment on observations of people of their company', 'same_company', ['P9']],
      ['assign_standard_users', 192, 'Assign standard users to observations'],
    ],
  },
  {
    id: 'photos',
    label: 'Photos',
    seedLine: 194,
    rows: [
      ['create_albums', 195, 'Create photo albums', 'L', ['P3']],
      ['delete_albums', 196, 'Delete photo albums'],
      ['reorder_albums', 197, 'Reorder photo albums'],
      ['view_private_photos', 198, 'View private photos'],
    ],
  },
  {
    id: 'prime_contracts',
    label: 'Prime Contracts',
    seedLine: 200,
    rows: [
      ['create_prime_contracts', 201, 'Create prime contracts'],
      ['update_prime_contracts', 202, 'Update prime contracts'],
      ['delete_prime_contracts', 203, 'Delete prime contracts'],
      ['view_owner_invoice_details', 204, 'View owner invoice details'],
    ],
  },
  { id: 'prime_contract_workflows', label: 'Prime Contract Workflows', seedLine: 206, beta: true, rows: workflowRows(207) },
  {
    id: 'punch_list',
    label: 'Punch List',
    seedLine: 215,
    rows: [
      ['view_private_same_company', 216, 'View private punch items assigned to people of their company', 'same_company', ['P9']],
      ['respond_same_company', 217, 'Respond to punch items assigned to people of their company', 'same_company', ['P9']],
    ],
  },
  {
    id: 'rfis',
    label: 'RFIs',
    seedLine: 219,
    rows: [
      ['act_as_rfi_manager', 220, 'Act as RFI manager'],
      ['mark_official_responses', 221, 'Mark official responses'],
      ['view_private_same_company', 222, 'View private RFIs of people of their company', 'same_company', ['P9']],
    ],
  },
  {
    id: 'schedule',
    label: 'Schedule',
    seedLine: 224,
    rows: [
      ['update_task_percent_complete', 225, 'Update task percent complete (mobile)', 'M'],
      ['create_lookaheads', 226, 'Create lookaheads'],
      ['delete_lookaheads', 227, 'Delete lookaheads'],
      ['view_lookaheads', 228, 'View lookaheads', 'A', ['P3']],
      ['create_lookahead_tasks', 229, 'Create lookahead tasks'],
      ['delete_lookahead_tasks', 230, 'Delete lookahead tasks'],
      ['update_lookahead_tasks', 231, 'Update lookahead tasks'],
    ],
  },
  {
    id: 'submittals',
    label: 'Submittals',
    seedLine: 233,
    rows: [
      ['create_submittals', 234, 'Create submittals'],
      ['create_submittal_packages', 235, 'Create submittal packages'],
      ['view_private_same_company', 236, 'View private submittals of people of their company', 'same_company', ['P9']],
    ],
  },
  {
    id: 'timesheets',
    label: 'Timesheets',
    seedLine: 238,
    rows: [['review_edit_timesheets', 239, 'Review and edit timesheets', '', [], 'Moves entries from pending to reviewed only; never approves.']],
  },
  {
    id: 'transmittals',
    label: 'Transmittals',
    seedLine: 246,
    rows: [['view_private_same_company', 247, 'View private transmittals of people of their company', 'same_company', ['P9']]],
  },
  {
    id: 'connection_manager',
    label: 'Connection Manager',
    seedLine: null,
    rows: [],
    actions: [
      { name: 'request', label: 'Request a connection', level: 'admin' },
      { name: 'approve', label: 'Approve a connection request', level: 'admin' },
      { name: 'decline', label: 'Decline a connection request', level: 'admin' },
      { name: 'cancel', label: 'Cancel a pending request', level: 'admin' },
      { name: 'disconnect', label: 'Disconnect a connection', level: 'admin' },
      { name: 'configure_notifications', label: 'Configure connection notifications', level: 'admin' },
    ],
  },
];

/**
 * Internal: turns the compact rows into registration inputs.
 * @internal
 */
export function builtInToolInputs(): ToolInput[] {
  return BUILT_IN_ROWS.map((tool) => {
    const input: {
      id: string;
      label: string;
      beta: boolean;
      perType: boolean;
      platformScoped: boolean;
      permissions: NonNullable<ToolInput['permissions']>[number][];
      actions?: NonNullable<ToolInput['actions']>;
    } = {
      id: tool.id,
      label: tool.label,
      beta: tool.beta ?? false,
      perType: tool.perType ?? false,
      platformScoped: tool.platformScoped ?? false,
      permissions: tool.rows.map(([name, , label, flags = '', , notes]) => {
        const tokens = flags.split(' ').filter((t) => t.length > 0);
        const ref = (prefix: string): string[] =>
          tokens.filter((t) => t.startsWith(prefix)).map((t) => `${tool.id}.${t.slice(prefix.length)}`);
        const condition = tokens.find(
          (t): t is 'same_company' | 'distribution_list' | 'contacts_enabled' =>
            t === 'same_company' || t === 'distribution_list' || t === 'contacts_enabled',
        );
        return {
          name,
          label,
          notes: notes ?? null,
          lockedAtStandard: tokens.includes('L'),
          defaultAtStandard: tokens.includes('D'),
          alwaysOn: tokens.includes('A'),
          minLevel: tokens.includes('S') ? ('standard' as const) : ('read_only' as const),
          mobile: tokens.includes('M'),
          requires: ref('req:'),
          condition: condition ?? null,
          overriddenBy: ref('over:'),
        };
      }),
    };
    if (tool.actions !== undefined) input.actions = tool.actions;
    return input;
  });
}
