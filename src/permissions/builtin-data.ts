import type { ToolInput } from './catalog-types.js';

/*
 * The built-in catalog (SPEC §4, seed 001) as compact data. Flag tokens after the label:
 * L locked on at standard, D default at standard, A always on, S needs standard, M mobile,
 * req:<name> needs <tool>.<name>, over:<name> overridden by <tool>.<name>, and the P9 conditions
 * same_company / distribution_list / contacts_enabled. Labels are our own wording.
 */
type Row = readonly [name: string, label: string, flags?: string, notes?: string];

interface ToolRows {
  readonly id: string;
  readonly label: string;
  readonly beta?: boolean;
  readonly perType?: boolean;
  readonly platformScoped?: boolean;
  readonly rows: readonly Row[];
  readonly actions?: ToolInput['actions'];
}

const WORKFLOW_ROWS: readonly Row[] = [
  ['view_workflow_templates', 'View workflow templates'],
  ['view_full_workflow_history', 'View the full history of a workflow they take part in'],
  ['view_previous_step_history_only', 'View only the previous step of a workflow they take part in'],
  ['can_be_workflow_manager', 'Act as workflow manager'],
  ['can_start_workflows', 'Start custom workflows'],
  ['configure_workflow_templates', 'Configure custom workflow templates'],
];

/** The rows of the 25 built-in granular tools plus `connection_manager`, in SPEC order. */
export const BUILT_IN_ROWS: readonly ToolRows[] = [
  {
    id: 'action_plans',
    label: 'Action Plans',
    rows: [
      ['add_records', 'Add records to an action plan', 'D'],
      ['add_record_requests_as_assignee', 'Add record requests to published plans as an assignee'],
      ['create_edit_plans', 'Create and edit action plans'],
      ['create_edit_project_templates', 'Create and edit project-level plan templates'],
      ['edit_due_date_published', 'Change the due date of published plans'],
      ['edit_notifications', 'Edit the action plan project settings'],
      ['edit_item_notes_as_assignee', 'Edit item notes on plans they are assigned to'],
      ['edit_item_status_as_assignee', 'Change item status on plans they are assigned to'],
      ['delete_plans', 'Delete action plans'],
      ['sign_as_approver', 'Sign as plan approver', 'L'],
      ['sign_as_approver_same_company', 'Sign as approver on behalf of people of their company', 'same_company'],
      ['sign_as_completed_receiver', 'Sign as receiver of a completed plan', 'L'],
      ['sign_as_completed_receiver_same_company', 'Sign as completed-plan receiver on behalf of people of their company', 'same_company'],
      ['sign_as_assignee_any_user', 'Sign as assignee on behalf of any user'],
      ['sign_as_assignee_same_company', 'Sign as assignee on behalf of people of their company', 'same_company'],
      ['sign_as_assignee', 'Sign as plan assignee', 'D'],
      ['delete_records', 'Delete records from an action plan', 'D'],
    ],
  },
  {
    id: 'admin',
    label: 'Admin',
    rows: [
      ['update_general_settings', 'Update the project general settings'],
      ['update_active_tools', 'Add and remove the project active tools'],
      ['manage_segment_items', 'Manage segment items of the work breakdown structure'],
      ['manage_wbs_codes', 'Manage the budget code structure'],
      ['manage_locations', 'Manage multi-tier locations'],
    ],
  },
  {
    id: 'bidding',
    label: 'Bidding',
    rows: [
      ['create_bid_notes', 'Create bid notes', 'distribution_list'],
      ['edit_bid_notes', 'Edit bid notes', 'distribution_list'],
      ['delete_bid_notes', 'Delete bid notes', 'distribution_list'],
    ],
  },
  {
    id: 'budget',
    label: 'Budget',
    rows: [
      ['import_budget', 'Import a budget from a file', 'req:create_edit_original_budget'],
      ['create_edit_original_budget', 'Create and edit the original budget amount'],
      ['view_direct_cost_details', 'View direct cost transaction details'],
      ['delete_budget_line_items', 'Delete budget line items'],
      ['lock_budget', 'Lock the budget'],
      ['send_retrieve_erp', 'Send budgets to and retrieve them from ERP integrations'],
    ],
  },
  { id: 'budget_change_workflows', label: 'Budget Change Workflows', beta: true, rows: WORKFLOW_ROWS },
  {
    id: 'commitments',
    label: 'Commitments',
    rows: [
      ['view_private_purchase_orders', 'View private purchase order contracts'],
      ['view_private_work_orders', 'View private work order contracts'],
      ['create_purchase_orders', 'Create purchase order contracts'],
      ['create_work_orders', 'Create work order contracts'],
      ['update_purchase_orders', 'Update purchase order contracts'],
      ['update_work_orders', 'Update work order contracts'],
    ],
  },
  { id: 'commitment_workflows', label: 'Commitment Workflows', beta: true, rows: WORKFLOW_ROWS },
  {
    id: 'correspondence',
    label: 'Correspondence',
    perType: true,
    rows: [
      ['create_items', 'Create items', 'L'],
      ['respond_to_own_items', 'Respond to items they are on', 'L'],
      ['edit_own_open_items', 'Edit open items they created', 'L'],
      [
        'respond_to_same_company_items',
        'Respond to items accessible to people of their company',
        'same_company',
        'Private items stay hidden unless view_private_same_company_items is also on.',
      ],
      ['view_private_same_company_items', 'View private items accessible to people of their company', 'same_company'],
    ],
  },
  {
    id: 'daily_log',
    label: 'Daily Log',
    rows: [
      ['collaborator_entry_only', 'Collaborator entry only (wins over own-entry editing)'],
      ['standard_edit_delete_own_entries', 'Standard users edit and delete their own entries', 'S over:collaborator_entry_only'],
    ],
  },
  {
    id: 'direct_costs',
    label: 'Direct Costs',
    rows: [
      ['create_direct_costs', 'Create and import direct costs'],
      ['update_direct_costs', 'Update direct costs'],
      ['delete_direct_costs', 'Delete direct costs'],
    ],
  },
  {
    id: 'directory',
    label: 'Directory',
    rows: [
      ['add_from_company_directory', 'Add people from the company directory (assignable templates only)'],
      ['assign_project_roles', 'Assign project roles'],
      ['create_edit_users', 'Create and edit users (assignable templates only)'],
      ['create_contacts', 'Create contacts (Timesheets or Incidents enabled)', 'contacts_enabled'],
      ['create_edit_companies', 'Create and edit companies'],
      ['create_edit_distribution_groups', 'Create and edit distribution groups'],
      ['manage_permission_templates', 'Manage permission templates (assignable templates only)'],
      ['remove_users', 'Remove users from the project'],
      ['remove_companies', 'Remove companies from the project'],
      ['request_company_people_import', 'Request a company and people import'],
      ['view_company_insurance', 'View company insurance information'],
      ['update_contacts', 'Update contacts (Timesheets or Incidents enabled)', 'contacts_enabled'],
    ],
  },
  {
    id: 'documents',
    label: 'Documents',
    rows: [
      ['access_private_items', 'Access private folders and files'],
      ['rename_items', 'Rename folders and files'],
      ['move_copy_items', 'Move and copy folders and files'],
      ['set_permissions', 'Set folder and file permissions'],
      ['delete_items', 'Delete folders and files'],
      ['view_recycle_bin', 'View the recycle bin'],
    ],
  },
  {
    id: 'drawings',
    label: 'Drawings',
    rows: [
      ['upload_drawings', 'Upload drawings', '', 'Uploads stay unpublished until an admin publishes them.'],
      ['upload_review_drawings', 'Upload and review drawings', '', 'Only their own uploads can be reviewed.'],
    ],
    actions: [
      { name: 'view', label: 'View drawings', level: 'read_only' },
      { name: 'publish', label: 'Publish drawings', level: 'admin' },
      { name: 'configure_notifications', label: 'Configure drawing notifications', level: 'admin' },
    ],
  },
  { id: 'inspections', label: 'Inspections', rows: [['create_edit_schedules', 'Create and edit inspection schedules']] },
  {
    id: 'meetings',
    label: 'Meetings',
    platformScoped: true,
    rows: [
      ['add_comments', 'Add comments to meetings'],
      ['delete_own_comments', 'Delete their own meeting comments'],
      ['create_meetings', 'Create meetings', 'M'],
      ['distribute_meetings', 'Distribute agendas and minutes'],
      ['update_meetings', 'Update meetings they can access', 'M'],
      ['manage_meeting_items', 'Manage meeting items', 'M'],
      ['manage_meeting_categories', 'Manage meeting categories'],
      ['manage_related_items', 'Manage related items of meetings'],
      ['email_meetings', 'Email meetings'],
    ],
  },
  {
    id: 'observations',
    label: 'Observations',
    rows: [
      ['view_private_same_company', 'View private observations assigned to people of their company', 'same_company'],
      ['update_status_comment_same_company', 'Update status and comment on observations of people of their company', 'same_company'],
      ['assign_standard_users', 'Assign standard users to observations'],
    ],
  },
  {
    id: 'photos',
    label: 'Photos',
    rows: [
      ['create_albums', 'Create photo albums', 'L'],
      ['delete_albums', 'Delete photo albums'],
      ['reorder_albums', 'Reorder photo albums'],
      ['view_private_photos', 'View private photos'],
    ],
  },
  {
    id: 'prime_contracts',
    label: 'Prime Contracts',
    rows: [
      ['create_prime_contracts', 'Create prime contracts'],
      ['update_prime_contracts', 'Update prime contracts'],
      ['delete_prime_contracts', 'Delete prime contracts'],
      ['view_owner_invoice_details', 'View owner invoice details'],
    ],
  },
  { id: 'prime_contract_workflows', label: 'Prime Contract Workflows', beta: true, rows: WORKFLOW_ROWS },
  {
    id: 'punch_list',
    label: 'Punch List',
    rows: [
      ['view_private_same_company', 'View private punch items assigned to people of their company', 'same_company'],
      ['respond_same_company', 'Respond to punch items assigned to people of their company', 'same_company'],
    ],
  },
  {
    id: 'rfis',
    label: 'RFIs',
    rows: [
      ['act_as_rfi_manager', 'Act as RFI manager'],
      ['mark_official_responses', 'Mark official responses'],
      ['view_private_same_company', 'View private RFIs of people of their company', 'same_company'],
    ],
  },
  {
    id: 'schedule',
    label: 'Schedule',
    rows: [
      ['update_task_percent_complete', 'Update task percent complete (mobile)', 'M'],
      ['create_lookaheads', 'Create lookaheads'],
      ['delete_lookaheads', 'Delete lookaheads'],
      ['view_lookaheads', 'View lookaheads', 'A'],
      ['create_lookahead_tasks', 'Create lookahead tasks'],
      ['delete_lookahead_tasks', 'Delete lookahead tasks'],
      ['update_lookahead_tasks', 'Update lookahead tasks'],
    ],
  },
  {
    id: 'submittals',
    label: 'Submittals',
    rows: [
      ['create_submittals', 'Create submittals'],
      ['create_submittal_packages', 'Create submittal packages'],
      ['view_private_same_company', 'View private submittals of people of their company', 'same_company'],
    ],
  },
  {
    id: 'timesheets',
    label: 'Timesheets',
    rows: [
      [
        'review_edit_timesheets',
        'Review and edit timesheets',
        '',
        'Moves entries from pending to reviewed only; never approves.',
      ],
    ],
  },
  {
    id: 'transmittals',
    label: 'Transmittals',
    rows: [['view_private_same_company', 'View private transmittals of people of their company', 'same_company']],
  },
  {
    id: 'connection_manager',
    label: 'Connection Manager',
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

/** Turns the compact rows into registration inputs. */
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
      permissions: tool.rows.map(([name, label, flags = '', notes]) => {
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
