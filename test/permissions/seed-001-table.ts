/**
 * The granular permission catalog as transcribed by hand from seed 001 (the French Procore document
 * on granular permissions in project permission templates), section by section, independently of
 * `src/permissions/builtin-data.ts`. `catalog-fidelity.test.ts` compares the built-in catalog with
 * this table, so any drift between the two fails.
 *
 * Citation policy (see docs/permissions-catalog.md): a fact is cited by seed file and line number,
 * with at most a fragment of a few words of the French title to find the line, and an English
 * paraphrase in our own words. No sentence of the seed is copied.
 *
 * Every flag carries the line that states it:
 * - `L`  locked on at Standard (the seed says it is on for Standard and cannot be unticked);
 * - `D`  on by default at Standard and switchable;
 * - `A`  on by default and never changeable;
 * - `S`  the seed grants it to Standard users only (minimum level standard);
 * - `M`  the seed says it applies on the mobile app;
 * - `requires` / `overriddenBy` / `condition`: the prerequisite, the permission that wins when both
 *   are on, and the runtime condition (P9), each with its line.
 * A permission without `S` is available at Read Only and Standard alike (seed line 10 says granular
 * permissions can be added at either level).
 */

/** Seed 001, as a file name. */
export const SEED_001 = 'seeds/001_f4b94bd278a374c4.txt';

/** One permission as the seed states it. */
export interface SeedPermissionRow {
  readonly id: string;
  /** The line where the permission's entry starts. */
  readonly line: number;
  /** A few words of the French title, to find the line (not a sentence). */
  readonly fragment: string;
  /** What the seed says, in our own English words. */
  readonly paraphrase: string;
  readonly L?: number;
  readonly D?: number;
  readonly A?: number;
  readonly S?: number;
  readonly M?: number;
  readonly requires?: readonly [permission: string, line: number];
  readonly overriddenBy?: readonly [permission: string, line: number];
  readonly condition?: readonly [kind: 'same_company' | 'distribution_list' | 'contacts_enabled', line: number];
}

/** One tool section of the seed. */
export interface SeedToolRow {
  readonly id: string;
  /** The line of the section heading. */
  readonly line: number;
  readonly fragment: string;
  /** The line that marks the tool as beta. */
  readonly beta?: number;
  /** The line that says granular settings are made per item type (P8). */
  readonly perType?: number;
  /** The line that says only the marked permissions apply on mobile, the rest on the web (P9). */
  readonly platformScoped?: number;
}

/** The 25 tool sections, in the order of the seed's list (lines 22–46). */
export const SEED_001_TOOLS: readonly SeedToolRow[] = [
  { id: 'action_plans', line: 48, fragment: "Plans d'action" },
  { id: 'admin', line: 67, fragment: 'Admin' },
  { id: 'bidding', line: 81, fragment: "Appels d'offres" },
  { id: 'budget', line: 87, fragment: 'Budget' },
  { id: 'budget_change_workflows', line: 97, fragment: 'Flux de travail des changements budgétaires', beta: 97 },
  { id: 'commitments', line: 105, fragment: 'Engagements' },
  { id: 'commitment_workflows', line: 113, fragment: 'Flux de travail Engagements', beta: 113 },
  { id: 'correspondence', line: 122, fragment: 'Correspondance', perType: 124 },
  { id: 'daily_log', line: 130, fragment: 'Rapport journalier' },
  { id: 'direct_costs', line: 143, fragment: 'Coûts directs' },
  { id: 'directory', line: 148, fragment: 'Annuaire' },
  { id: 'documents', line: 162, fragment: 'Documents' },
  { id: 'drawings', line: 170, fragment: 'Plans' },
  { id: 'inspections', line: 174, fragment: 'Inspections' },
  { id: 'meetings', line: 177, fragment: 'Réunions', platformScoped: 187 },
  { id: 'observations', line: 189, fragment: 'Observations' },
  { id: 'photos', line: 194, fragment: 'Photos' },
  { id: 'prime_contracts', line: 200, fragment: 'Contrats principaux' },
  { id: 'prime_contract_workflows', line: 206, fragment: 'Flux de travail des contrats principaux', beta: 206 },
  { id: 'punch_list', line: 215, fragment: 'Liste de réserves' },
  { id: 'rfis', line: 219, fragment: 'DDR' },
  { id: 'schedule', line: 224, fragment: 'Planning' },
  { id: 'submittals', line: 233, fragment: 'Livrables' },
  { id: 'timesheets', line: 238, fragment: 'Feuilles horaires' },
  { id: 'transmittals', line: 246, fragment: 'Transmissions' },
];

/**
 * The six entries of a workflow tool. `worded` notes how the seed words them when its text names another
 * tool's items (the budget change section repeats the Commitments entries word for word).
 */
const workflows = (tool: string, first: number, what: string, worded = ''): SeedPermissionRow[] => [
  { id: `${tool}.view_workflow_templates`, line: first, fragment: 'Afficher les modèles de flux', paraphrase: `See the template of a ${what} that has a custom workflow.${worded}` },
  { id: `${tool}.view_full_workflow_history`, line: first + 1, fragment: "Afficher l'historique complet", paraphrase: `See the whole history of a ${what} workflow one takes part in.${worded}` },
  { id: `${tool}.view_previous_step_history_only`, line: first + 2, fragment: "l'étape précédente seulement", paraphrase: `See only the previous step of a ${what} workflow one takes part in.${worded}` },
  { id: `${tool}.can_be_workflow_manager`, line: first + 3, fragment: 'Peut être gestionnaire', paraphrase: `Act as workflow manager for ${what}s of the project.${worded}` },
  { id: `${tool}.can_start_workflows`, line: first + 4, fragment: 'des flux de travail', paraphrase: `Start custom workflows for ${what}s of the project.${worded}` },
  { id: `${tool}.configure_workflow_templates`, line: first + 5, fragment: 'Configurer les modèles', paraphrase: `Configure custom workflow templates for ${what}s of the project.${worded}` },
];

/** The 123 granular permissions, in the seed's order within each tool section. */
export const SEED_001_PERMISSIONS: readonly SeedPermissionRow[] = [
  // Action plans (lines 48–66).
  { id: 'action_plans.add_records', line: 49, fragment: 'Ajouter des enregistrements', D: 49, paraphrase: 'Add records to an action plan. On by default for Standard; at Read Only it has to be ticked explicitly (line 50).' },
  { id: 'action_plans.add_record_requests_as_assignee', line: 50, fragment: "Ajouter une demande d'enregistrement", paraphrase: 'Add a record request to published plans when one is an assignee.' },
  { id: 'action_plans.create_edit_plans', line: 51, fragment: 'Créer et modifier un plan', paraphrase: 'Create and edit action plans.' },
  { id: 'action_plans.create_edit_project_templates', line: 52, fragment: 'modèles de projet', paraphrase: 'Create and edit project-level action plan templates.' },
  { id: 'action_plans.edit_due_date_published', line: 53, fragment: 'date d’échéance', paraphrase: 'Change the due date in every published action plan.' },
  { id: 'action_plans.edit_notifications', line: 54, fragment: 'Modifier les notifications', paraphrase: 'Change the project settings of the Action Plans tool.' },
  { id: 'action_plans.edit_item_notes_as_assignee', line: 55, fragment: "notes d'élément", paraphrase: 'Edit item notes on plans one is assigned to.' },
  { id: 'action_plans.edit_item_status_as_assignee', line: 56, fragment: "statut de l'élément", paraphrase: 'Change the status of an item of a plan one is assigned to.' },
  { id: 'action_plans.delete_plans', line: 57, fragment: 'Supprimer un plan', paraphrase: 'Delete action plans.' },
  { id: 'action_plans.sign_as_approver', line: 58, fragment: 'Signer en tant qu’approbateur', L: 58, paraphrase: 'Sign as plan approver. On for Standard and not changeable; at Read Only it has to be ticked explicitly (line 59).' },
  { id: 'action_plans.sign_as_approver_same_company', line: 59, fragment: 'approbateur ... même entreprise', condition: ['same_company', 60], paraphrase: 'Sign as approver on behalf of others; only for people one shares a company with (line 60).' },
  { id: 'action_plans.sign_as_completed_receiver', line: 60, fragment: 'plan d\'action terminé', L: 60, paraphrase: 'Sign a completed plan as its receiver (the entry calls the role approver of the completed plan; its same-company variant, line 61, calls it receiver). On for Standard and not changeable; at Read Only it has to be ticked explicitly (line 61).' },
  { id: 'action_plans.sign_as_completed_receiver_same_company', line: 61, fragment: 'récepteur ... même entreprise', condition: ['same_company', 62], paraphrase: 'Sign as receiver of a completed plan on behalf of others; only for people one shares a company with (line 62).' },
  { id: 'action_plans.sign_as_assignee_any_user', line: 62, fragment: 'pour tout utilisateur', paraphrase: 'Sign a plan as assignee on behalf of any user of the project.' },
  { id: 'action_plans.sign_as_assignee_same_company', line: 63, fragment: 'assignée ... même entreprise', condition: ['same_company', 63], paraphrase: 'Sign a plan as assignee on behalf of people of the same company.' },
  { id: 'action_plans.sign_as_assignee', line: 64, fragment: 'Signer en tant que personne assignée', D: 64, paraphrase: 'Sign as plan assignee. On by default for Standard; at Read Only it has to be ticked explicitly (line 65).' },
  { id: 'action_plans.delete_records', line: 65, fragment: "Supprimer l'enregistrement", D: 65, paraphrase: 'Delete records of an action plan. On by default for Standard; at Read Only it has to be ticked explicitly (line 66).' },
  // Admin (lines 67–80).
  { id: 'admin.update_general_settings', line: 68, fragment: 'Paramètres généraux', paraphrase: "Add, change and delete the project information in the project Admin tool's general settings." },
  { id: 'admin.update_active_tools', line: 69, fragment: 'outils actifs', paraphrase: 'Add, change and remove the active tools of a project.' },
  { id: 'admin.manage_segment_items', line: 70, fragment: 'éléments de segment', paraphrase: 'Add, change, export and delete segment items of the work breakdown structure (cost code, sub job, custom segments).' },
  { id: 'admin.manage_wbs_codes', line: 77, fragment: 'codes SDP', paraphrase: 'Manage the budget code structure of the work breakdown structure.' },
  { id: 'admin.manage_locations', line: 79, fragment: 'Gérer les lieux', paraphrase: 'Add, change and delete the multi-tier locations of a project.' },
  // Bidding (lines 81–86): line 85 adds the distribution list condition to all three.
  { id: 'bidding.create_bid_notes', line: 82, fragment: "Créer des notes d'appel", condition: ['distribution_list', 85], paraphrase: "Create bid notes; one must also be on the bid package's distribution list (line 85)." },
  { id: 'bidding.edit_bid_notes', line: 83, fragment: "Modifier des remarques d'appel", condition: ['distribution_list', 85], paraphrase: "Edit bid notes; one must also be on the bid package's distribution list (line 85)." },
  { id: 'bidding.delete_bid_notes', line: 84, fragment: "Supprimer les notes d'appels", condition: ['distribution_list', 85], paraphrase: "Delete bid notes; one must also be on the bid package's distribution list (line 85)." },
  // Budget (lines 87–96).
  { id: 'budget.import_budget', line: 88, fragment: 'Importer le budget', requires: ['budget.create_edit_original_budget', 88], paraphrase: 'Import a budget from a file, on top of the permission to create and edit the original budget amount.' },
  { id: 'budget.create_edit_original_budget', line: 89, fragment: "budget d'origine", paraphrase: 'Create and edit the original budget amount.' },
  { id: 'budget.view_direct_cost_details', line: 90, fragment: 'détails des coûts directs', paraphrase: 'Open the direct cost transaction details from a budget view.' },
  { id: 'budget.delete_budget_line_items', line: 93, fragment: 'Supprimer les postes budgétaires', paraphrase: 'Delete budget line items.' },
  { id: 'budget.lock_budget', line: 94, fragment: 'Verrouiller le budget', paraphrase: 'Lock the budget.' },
  { id: 'budget.send_retrieve_erp', line: 95, fragment: "Envoyer et retirer les budgets", paraphrase: 'Send budget data to the ERP integrations tool and take it back before an accounting approver accepts the export.' },
  // Budget change workflows, beta (lines 97–104).
  ...workflows('budget_change_workflows', 98, 'budget change', ' (The seed words this entry for commitments, as in the Commitment workflows section, lines 114–119.)'),
  // Commitments (lines 105–112).
  { id: 'commitments.view_private_purchase_orders', line: 106, fragment: 'bon de commande privé', paraphrase: 'See purchase orders marked private without being on their private list.' },
  { id: 'commitments.view_private_work_orders', line: 107, fragment: "ordre de travail privé", paraphrase: 'See work order contracts marked private without being on their private list.' },
  { id: 'commitments.create_purchase_orders', line: 108, fragment: 'Créer un contrat de bon', paraphrase: 'Create purchase orders.' },
  { id: 'commitments.create_work_orders', line: 109, fragment: "Créer un contrat d'ordre", paraphrase: 'Create work order contracts.' },
  { id: 'commitments.update_purchase_orders', line: 110, fragment: 'Mettre à jour le contrat de bon', paraphrase: 'Edit purchase orders.' },
  { id: 'commitments.update_work_orders', line: 111, fragment: "Mettre à jour le contrat d'ordre", paraphrase: 'Edit work order contracts.' },
  // Commitment workflows, beta (lines 113–121).
  ...workflows('commitment_workflows', 114, 'commitment'),
  // Correspondence (lines 122–129), set per correspondence type (line 124).
  { id: 'correspondence.create_items', line: 124, fragment: 'Créer un élément', L: 125, paraphrase: 'Create correspondence items; cannot be unticked when the type is at Standard (line 125).' },
  { id: 'correspondence.respond_to_own_items', line: 125, fragment: 'sur lesquels ils se trouvent', L: 126, paraphrase: 'Respond to items one was added to as assignee, in the Received From field or on the distribution list; cannot be unticked at Standard (line 126).' },
  { id: 'correspondence.edit_own_open_items', line: 126, fragment: 'éléments ouverts', L: 127, paraphrase: 'Edit open items one created; cannot be unticked at Standard (line 127).' },
  { id: 'correspondence.respond_to_same_company_items', line: 127, fragment: 'Répondre aux éléments accessibles', condition: ['same_company', 127], paraphrase: 'Respond to items another user of the same company can access; private ones stay hidden without the next permission.' },
  { id: 'correspondence.view_private_same_company_items', line: 128, fragment: 'Afficher les éléments privés', condition: ['same_company', 128], paraphrase: 'See private items another user of the same company can access.' },
  // Daily log (lines 130–142): only one of the two should be ticked; collaborator entry wins (line 132).
  { id: 'daily_log.collaborator_entry_only', line: 132, fragment: 'Entrée de collaborateur uniquement', paraphrase: 'Read Only or Standard users create entries in four daily log sections only; wins over the other daily log permission when both are ticked.' },
  { id: 'daily_log.standard_edit_delete_own_entries', line: 138, fragment: 'Les utilisateurs standard peuvent', S: 139, overriddenBy: ['daily_log.collaborator_entry_only', 132], paraphrase: 'Standard users add, edit and delete their own entries until the day is completed; needs level Standard (line 139) and collaborator entry unticked (line 141).' },
  // Direct costs (lines 143–147).
  { id: 'direct_costs.create_direct_costs', line: 144, fragment: 'Créer un coût direct', paraphrase: 'Add or import direct costs.' },
  { id: 'direct_costs.update_direct_costs', line: 145, fragment: 'Mettre à jour un coût direct', paraphrase: 'Edit direct costs.' },
  { id: 'direct_costs.delete_direct_costs', line: 146, fragment: 'Supprimer un coût direct', paraphrase: 'Delete direct costs.' },
  // Directory (lines 148–161).
  { id: 'directory.add_from_company_directory', line: 149, fragment: "Ajouter à partir de l'annuaire", paraphrase: "Bulk-add people from the company directory, assigning only the templates one's own template lists as assignable; does not allow changing another user's template, nor their information once added (line 150)." },
  { id: 'directory.assign_project_roles', line: 150, fragment: 'Assigner les rôles du projet', paraphrase: 'Assign and change project roles shown on the project home page.' },
  { id: 'directory.create_edit_users', line: 151, fragment: 'Créer et modifier des utilisateurs', paraphrase: "Create and edit users of the project directory, assigning only the templates one's own template lists as assignable." },
  { id: 'directory.create_contacts', line: 152, fragment: 'Créer des contacts', condition: ['contacts_enabled', 152], paraphrase: 'Create contacts (workers, injured people, witnesses); applies only when Timesheets or Incidents is enabled.' },
  { id: 'directory.create_edit_companies', line: 153, fragment: 'Créer et modifier des entreprises', paraphrase: 'Create, edit and deactivate company profiles in the project directory.' },
  { id: 'directory.create_edit_distribution_groups', line: 154, fragment: 'groupes de distribution', paraphrase: 'Create and edit distribution groups.' },
  { id: 'directory.manage_permission_templates', line: 155, fragment: "Gérer les modèles d'autorisation", paraphrase: "Manage permission templates in the project directory, assigning only the templates one's own template lists as assignable." },
  { id: 'directory.remove_users', line: 156, fragment: "Supprimer un utilisateur d'un projet", paraphrase: 'Remove users from projects.' },
  { id: 'directory.remove_companies', line: 157, fragment: "Retirer une entreprise", paraphrase: 'Remove companies from projects.' },
  { id: 'directory.request_company_people_import', line: 158, fragment: "Demander l'importation", S: 158, paraphrase: 'A user with Standard permission may ask for an import of users or vendors into the project directory.' },
  { id: 'directory.view_company_insurance', line: 159, fragment: "l'assurance de l'entreprise", paraphrase: "See a company's insurance information (only Admin may add or change it)." },
  { id: 'directory.update_contacts', line: 160, fragment: 'Mettre à jour les contacts', condition: ['contacts_enabled', 160], paraphrase: 'Update contacts in the project directory and crews; applies only when Timesheets or Incidents is enabled.' },
  // Documents (lines 162–169).
  { id: 'documents.access_private_items', line: 163, fragment: 'dossiers et fichiers privés', paraphrase: 'Open folders and files marked private.' },
  { id: 'documents.rename_items', line: 164, fragment: 'Renommer les dossiers', paraphrase: 'Rename files and folders.' },
  { id: 'documents.move_copy_items', line: 165, fragment: 'Déplacer et copier', paraphrase: 'Move and copy files and folders.' },
  { id: 'documents.set_permissions', line: 166, fragment: 'Définir les autorisations', paraphrase: 'Use the manage-permissions button of the Documents tool.' },
  { id: 'documents.delete_items', line: 167, fragment: 'Supprimer des dossiers', paraphrase: 'Delete files and folders.' },
  { id: 'documents.view_recycle_bin', line: 168, fragment: 'Afficher la Corbeille', paraphrase: 'See the contents of the recycle bin.' },
  // Drawings (lines 170–173).
  { id: 'drawings.upload_drawings', line: 171, fragment: 'Charger les plans', paraphrase: 'Upload drawings (Standard or Read Only); they stay unpublished until an Admin reviews and publishes them.' },
  { id: 'drawings.upload_review_drawings', line: 172, fragment: 'Charger et réviser les plans', paraphrase: 'Upload drawings and review them; only one\'s own uploads, and an Admin publishes.' },
  // Inspections (lines 174–176).
  { id: 'inspections.create_edit_schedules', line: 175, fragment: 'plannings d\' Inspection', paraphrase: 'Create and edit inspection schedules.' },
  // Meetings (lines 177–188): the permissions marked 1 apply on mobile, the others on the web only (line 187).
  { id: 'meetings.add_comments', line: 178, fragment: 'Ajouter un commentaire', paraphrase: 'Add comments to meetings (web only).' },
  { id: 'meetings.delete_own_comments', line: 179, fragment: 'Supprimer son propre commentaire', paraphrase: "Delete one's own meeting comments (web only)." },
  { id: 'meetings.create_meetings', line: 180, fragment: 'Créer une réunion 1', M: 187, paraphrase: 'Create meetings and fill in their details; available on the mobile app.' },
  { id: 'meetings.distribute_meetings', line: 181, fragment: 'Distribuer les réunions', paraphrase: 'Distribute meeting agendas and minutes (web only).' },
  { id: 'meetings.update_meetings', line: 182, fragment: 'Mettre à jour la réunion 1', M: 187, paraphrase: 'Update every meeting one can access, and switch agenda and minutes; available on the mobile app.' },
  { id: 'meetings.manage_meeting_items', line: 183, fragment: 'éléments de la réunion 1', M: 187, paraphrase: 'Create, update and delete meeting items; available on the mobile app.' },
  { id: 'meetings.manage_meeting_categories', line: 184, fragment: 'catégories de réunion', paraphrase: 'Create and delete meeting categories, except the uncategorised one (web only).' },
  { id: 'meetings.manage_related_items', line: 185, fragment: 'éléments liés', paraphrase: 'Add and remove related items of meetings (web only).' },
  { id: 'meetings.email_meetings', line: 186, fragment: 'Réunion par e-mail', paraphrase: 'Send meetings by e-mail (web only).' },
  // Observations (lines 189–193).
  { id: 'observations.view_private_same_company', line: 190, fragment: 'observations privées', condition: ['same_company', 190], paraphrase: 'See every observation assigned to colleagues of the same company, private ones included.' },
  { id: 'observations.update_status_comment_same_company', line: 191, fragment: 'Mettre à jour le statut et commenter', condition: ['same_company', 191], paraphrase: 'Update and comment on observations assigned to others of the same company, private ones included.' },
  { id: 'observations.assign_standard_users', line: 192, fragment: 'assigner des utilisateurs standard', paraphrase: 'Assign Standard-level users to observations (about the assignees, not the level of the holder).' },
  // Photos (lines 194–199).
  { id: 'photos.create_albums', line: 195, fragment: 'Créer un album photo', L: 196, paraphrase: 'Create photo albums; cannot be switched off when Photos is at Standard (line 196).' },
  { id: 'photos.delete_albums', line: 196, fragment: "Supprimer l'album photo", paraphrase: 'Delete any photo album.' },
  { id: 'photos.reorder_albums', line: 197, fragment: 'Réorganiser les albums', paraphrase: 'Reorder photo albums.' },
  { id: 'photos.view_private_photos', line: 198, fragment: 'Afficher les photos privées', paraphrase: 'See photos marked private.' },
  // Prime contracts (lines 200–205).
  { id: 'prime_contracts.create_prime_contracts', line: 201, fragment: 'Créer un contrat principal', paraphrase: 'Create prime contracts.' },
  { id: 'prime_contracts.update_prime_contracts', line: 202, fragment: 'Mettre à jour le contrat principal', paraphrase: 'Edit prime contracts.' },
  { id: 'prime_contracts.delete_prime_contracts', line: 203, fragment: 'Supprimer un contrat principal', paraphrase: 'Delete prime contracts.' },
  { id: 'prime_contracts.view_owner_invoice_details', line: 204, fragment: 'détails de la facture', paraphrase: 'See the invoice details tab of owner invoices and its export button.' },
  // Prime contract workflows, beta (lines 206–214).
  ...workflows('prime_contract_workflows', 207, 'prime contract'),
  // Punch list (lines 215–218).
  { id: 'punch_list.view_private_same_company', line: 216, fragment: 'éléments de réserve privés', condition: ['same_company', 216], paraphrase: 'See a private punch item when its assignee is another user of the same company.' },
  { id: 'punch_list.respond_same_company', line: 217, fragment: 'Répondre aux éléments de réserve', condition: ['same_company', 217], paraphrase: 'Respond to punch items assigned to another user of the same company, private ones included.' },
  // RFIs (lines 219–223).
  { id: 'rfis.act_as_rfi_manager', line: 220, fragment: 'gestionnaire de DDR', paraphrase: 'Be chosen as RFI manager of an RFI or as the default RFI manager of the project.' },
  { id: 'rfis.mark_official_responses', line: 221, fragment: 'Marquer les réponses officielles', paraphrase: 'Mark or unmark official responses of RFIs one created, is assigned to or is on the distribution of.' },
  { id: 'rfis.view_private_same_company', line: 222, fragment: 'DDR privées', condition: ['same_company', 222], paraphrase: 'See a private RFI when a user of the same company (the user included) created it, manages it, is assigned to it or is on its distribution list.' },
  // Schedule (lines 224–232).
  { id: 'schedule.update_task_percent_complete', line: 225, fragment: "pourcentages d'achèvement", M: 225, paraphrase: 'Read Only and Standard users update task percent complete on mobile.' },
  { id: 'schedule.create_lookaheads', line: 226, fragment: 'Créer des prévisions', paraphrase: 'Create lookaheads.' },
  { id: 'schedule.delete_lookaheads', line: 227, fragment: 'Supprimer les prévisions', paraphrase: 'Delete lookaheads.' },
  { id: 'schedule.view_lookaheads', line: 228, fragment: 'Afficher les prévisions', A: 228, paraphrase: 'See lookaheads; on by default and not changeable.' },
  { id: 'schedule.create_lookahead_tasks', line: 229, fragment: 'Créer des tâches de prévision', paraphrase: 'Create lookahead tasks.' },
  { id: 'schedule.delete_lookahead_tasks', line: 230, fragment: 'Supprimer les tâches de prévision', paraphrase: 'Delete lookahead tasks.' },
  { id: 'schedule.update_lookahead_tasks', line: 231, fragment: 'Mettre à jour les tâches de prévision', paraphrase: 'Update and edit lookahead tasks.' },
  // Submittals (lines 233–237).
  { id: 'submittals.create_submittals', line: 234, fragment: 'Créer un livrable', paraphrase: 'Create submittal items.' },
  { id: 'submittals.create_submittal_packages', line: 235, fragment: 'Créer un lot de livrables', paraphrase: 'Create submittal packages.' },
  { id: 'submittals.view_private_same_company', line: 236, fragment: 'livrables privés', condition: ['same_company', 236], paraphrase: 'See a private submittal when another user of the same company created, manages, submits, approves or receives it.' },
  // Timesheets (lines 238–245).
  { id: 'timesheets.review_edit_timesheets', line: 239, fragment: 'Réviser et modifier', paraphrase: 'Read Only or Standard users edit pending time entries and move them to reviewed; never to approved (lines 243–244).' },
  // Transmittals (lines 246–248).
  { id: 'transmittals.view_private_same_company', line: 247, fragment: 'transmissions privées', condition: ['same_company', 247], paraphrase: 'See a private transmittal when another user of the same company created it or is in its To or CC fields.' },
];
