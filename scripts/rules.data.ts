/**
 * The rules of the product contract (SPEC.md), restated so the repository reads them on its own: each
 * rule's id and statement, by section, and the §7 error codes with their meaning. `npm run rules`
 * (scripts/rules.ts) adds where each is enforced and tested and writes docs/rules.md.
 *
 * When SPEC.md gains or changes a rule, change it here too (test/docs/rules.test.ts checks the ids
 * against ../shared/SPEC.md when that file is beside the repository).
 */

/** One rule: its id (`C3`) and its statement, in markdown. */
export interface RuleStatement {
  readonly id: string;
  readonly title: string;
  readonly statement: string;
}

/** One section of the contract and its rules. */
export interface RuleSection {
  readonly heading: string;
  readonly intro: string;
  readonly rules: readonly RuleStatement[];
}

/** One §7 error code and what it means. */
export interface ErrorCodeStatement {
  readonly code: string;
  readonly meaning: string;
  /** A code the library added beyond SPEC §7's list, with the version it appeared in. */
  readonly beyondSpec?: string;
}

export const RULE_SECTIONS: readonly RuleSection[] = [
  {
    heading: 'Connection lifecycle — upstream/downstream (SPEC §2)',
    intro:
      'States: `pending`, `connected`, `declined`, `cancelled`, `expired`, `disconnected` (the last four terminal). A *connection* links an upstream project (where data originates) to a downstream project (where data is copied) of another company.',
    rules: [
      { id: 'C1', title: 'Different companies', statement: 'Upstream and downstream projects must belong to different companies → `SAME_COMPANY`. Same-company connections are a policy option, off by default.' },
      {
        id: 'C2',
        title: 'Who may request',
        statement:
          'Only the downstream side initiates. The requesting user must (a) belong to both companies, (b) be on both projects’ directories, (c) hold Admin on Connection Manager in the downstream project, and (d) hold Read Only or higher on the tool of every shared data type in both projects → `NOT_AUTHORIZED`, naming the failed condition. A request names at least one data type.',
      },
      { id: 'C3', title: 'One upstream', statement: 'A downstream project has at most one open connection (`pending` or `connected`) at any moment → `ONE_UPSTREAM_ONLY`, also under concurrent requests.' },
      { id: 'C4', title: 'Many downstreams', statement: 'An upstream project may have any number of downstream connections.' },
      { id: 'C5', title: 'Approval setting', statement: 'The upstream company’s `approval: automatic | manual` decides what a request does: automatic → `connected` at once; manual → `pending` until decided.' },
      { id: 'C6', title: 'Approve and decline', statement: 'Only while `pending`, only by a user holding Admin on Connection Manager in the upstream project and belonging to the upstream company.' },
      { id: 'C7', title: 'Declined is final for the request', statement: 'A declined request is terminal; the downstream may request again later (a new connection), to the same or another upstream.' },
      { id: 'C8', title: 'Cancel a pending request', statement: 'The downstream’s Connection Manager admins may cancel their own pending request (terminal; the downstream project is not retired).' },
      { id: 'C9', title: 'Disconnect', statement: 'Only while `connected`, by a Connection Manager admin of either side, at any time, with a reason kept in the history.' },
      {
        id: 'C10',
        title: 'Disconnect is forever',
        statement: 'The pair can never reconnect, and the downstream project can never connect to any upstream again → `RECONNECT_FORBIDDEN`. Other downstreams of the same upstream are not affected.',
      },
      {
        id: 'C11',
        title: 'Fixed roles',
        statement: 'A project that has an open connection, or ever had a connected one, as a downstream can never be an upstream, and the other way round (no chains, so no copy loops) → `ROLE_CONFLICT`.',
      },
      { id: 'C12', title: 'Invalid transitions', statement: 'Any other transition (approve a disconnected connection, disconnect a pending one, …) → `INVALID_TRANSITION`, naming the current state.' },
      { id: 'C13', title: 'Events and history', statement: 'Every transition emits a domain event with actor and time; the full history of a connection is kept (audit trail) and state can be rebuilt from it.' },
      { id: 'C14', title: 'Viewing connected data', statement: 'Viewing connected data in the downstream project needs Read Only or higher on the tool that holds that data (e.g. Drawings) in the downstream project.' },
      { id: 'C15', title: 'Idempotency', statement: 'Retrying a command with the same idempotency key returns the first outcome and emits nothing new; the same key with a different payload → `IDEMPOTENCY_CONFLICT`.' },
      {
        id: 'C16',
        title: 'Quick undo',
        statement:
          'Within a window (default 5 minutes, configurable) the downstream may undo its request (→ `cancelled`, even if automatic approval already connected it; not retired) and the upstream may undo its approval (→ back to `pending`). After the window → `UNDO_WINDOW_CLOSED`.',
      },
      { id: 'C17', title: 'Optional expiry', statement: 'Optional policy: a pending request expires after a configured time (→ terminal `expired`, no retirement). Off by default.' },
    ],
  },
  {
    heading: 'Shared projects — host/external (SPEC §3)',
    intro: 'One project owned by a *host* team, shared with one *external* team; states as in §2 (`pending` invitation, `connected`, `declined`, `cancelled`, `disconnected`).',
    rules: [
      {
        id: 'H1',
        title: 'One external team',
        statement: 'A shared project has one host team and at most one external team (another invitation while one is pending or connected → `ALREADY_SHARED`); host and external must differ and use different business domains → `SAME_DOMAIN`.',
      },
      { id: 'H2', title: 'Paid plans', statement: 'Both teams must be on a paid plan (`professional`, `organization`, `enterprise`; not `starter`) → `PLAN_NOT_ELIGIBLE`.' },
      { id: 'H3', title: 'Who invites, accepts, declines, cancels', statement: 'Only host admins invite (naming the external team and a contact email); only external admins accept or decline; the host may cancel a pending invitation.' },
      {
        id: 'H4',
        title: 'Plan limits',
        statement:
          'Simultaneous shared projects per team: professional 3, organization 6, enterprise 15. A team’s count = shared projects it is connected to (as host or external) + pending invitations it hosts; received pending invitations count only once accepted. Checked when inviting (host) and accepting (external) → `PLAN_LIMIT_REACHED` (with limit and count). Disconnect, decline and cancel free the slot. Holds under concurrent commands.',
      },
      { id: 'H5', title: 'Plan downgrades', statement: 'If a team’s plan changes so that its count exceeds the new limit, existing connections stay; new invitations and acceptances are refused until the count is under the limit.' },
      { id: 'H6', title: 'Host plan features', statement: 'The shared project’s features are the host plan’s, for every participant.' },
      {
        id: 'H7',
        title: 'Admin capabilities by side',
        statement:
          'Admins of both sides see the shared project in admin and may disconnect. Host admins see all members, manage security and privacy settings, let external members use host libraries, manage AI feature availability, manage everyone’s access, and after a disconnect may share a copy or transfer the project. External admins see and manage only their own team’s members.',
      },
      { id: 'H8', title: 'File operations', statement: 'Members of both teams may create, move and import files; only host-team members may delete.' },
      {
        id: 'H9',
        title: 'Disconnect',
        statement:
          'By either side’s admin: the host keeps the project, the external team loses access to all of it at once. The host keeps it or shares a copy with the external team; sharing a copy or transferring stays possible later. A disconnected (project, external team) pair is never reconnected.',
      },
      {
        id: 'H10',
        title: 'Licensing',
        statement:
          'Each member works under a seat of their own team’s plan; no team is billed for the other’s members. An invited person with no account in either team joins the host’s plan with a view-only seat, and their upgrade requests go to host admins. An external member who edits host files outside the shared project needs a seat on the host’s plan.',
      },
      { id: 'H11', title: 'Libraries', statement: 'Host admins choose which host libraries the shared project may use; access to a library’s source is read-only.' },
      { id: 'H12', title: 'The external contact', statement: 'On acceptance the external contact joins the project and may invite members of their own team.' },
    ],
  },
  {
    heading: 'Permission matrix (SPEC §4)',
    intro: 'Per tool a level, and granular permissions with ids `tool.permission` (25 built-in tools, 123 granular permissions).',
    rules: [
      { id: 'P1', title: 'Levels', statement: 'Levels per tool: `none` < `read_only` < `standard` < `admin`.' },
      {
        id: 'P2',
        title: 'Where granular permissions apply',
        statement: 'Granular permissions can be on only where the tool’s level is `read_only` or `standard` (→ `LEVEL_NOT_GRANULAR`). Admin implies every action of the tool; none implies none. Changing a level to `none` or `admin` drops its granular flags.',
      },
      {
        id: 'P3',
        title: 'Locked on',
        statement:
          'Locked on at `standard` (cannot be switched off → `LOCKED_PERMISSION`): action_plans.sign_as_approver, action_plans.sign_as_completed_receiver, correspondence.create_items, correspondence.respond_to_own_items, correspondence.edit_own_open_items, photos.create_albums. schedule.view_lookaheads is always on at read_only and standard and cannot be changed.',
      },
      {
        id: 'P4',
        title: 'On by default',
        statement: 'On by default when a tool is set to `standard` (may be switched off): action_plans.add_records, action_plans.sign_as_assignee, action_plans.delete_records. At `read_only` these (and the P3 action_plans ones) are off unless enabled.',
      },
      { id: 'P5', title: 'Dependencies', statement: 'budget.import_budget requires budget.create_edit_original_budget: enabling it alone → `DEPENDENCY_MISSING`; switching off the prerequisite while it is on → `DEPENDENT_ENABLED`.' },
      {
        id: 'P6',
        title: 'Daily log',
        statement: 'daily_log.standard_edit_delete_own_entries needs level `standard` (→ `LEVEL_TOO_LOW`). With daily_log.collaborator_entry_only also on, collaborator_entry_only wins and the other is not in effect (explanations say so; validation warns).',
      },
      { id: 'P7', title: 'Enable all / disable all', statement: '"Enable all" turns on every granular permission allowed at the tool’s level; "disable all" turns off all but locked ones; a query tells whether all are on.' },
      { id: 'P8', title: 'Correspondence types', statement: 'Correspondence permissions are set per correspondence type (defined by each company): level and granular flags per type, checked with the type.' },
      {
        id: 'P9',
        title: 'Conditional permissions',
        statement:
          'Checked against a context: `*_same_company` ones apply only when the other party is in the actor’s company; bidding note permissions also need the actor on the bid package’s distribution list; directory contact permissions apply only with Timesheets or Incidents enabled; meetings permissions marked mobile apply on mobile, the rest on web only.',
      },
      {
        id: 'P10',
        title: 'Assignable templates',
        statement:
          'A template names which templates its holders may assign (via directory.create_edit_users, directory.add_from_company_directory, directory.manage_permission_templates). Assigning any other → `NOT_ASSIGNABLE`. No user can grant more than they were allowed to.',
      },
      { id: 'P11', title: 'Explanations', statement: 'A decision can be explained: allowed or not, and why (admin level, granted, locked on, default, overridden by, condition failed, level too low, unknown permission).' },
      { id: 'P12', title: 'The catalog is data', statement: 'The 25 tools ship built in; users can register their own tools and permissions. Unknown tool/permission → `UNKNOWN_TOOL` / `UNKNOWN_PERMISSION`.' },
      { id: 'P13', title: 'Templates are data', statement: 'Templates are plain data with a schema version; parse(serialize(t)) = t.' },
    ],
  },
  {
    heading: 'Notifications (SPEC §5)',
    intro:
      'The matrix: ConnectionRequested (manual approval only) to the upstream’s Connection Manager admins; ConnectionRequestRejected to the downstream’s; ConnectionCreated and ConnectionDisabled to both sides’; InitialSyncComplete, NewDrawingsPublished and DrawingsDeleted to the downstream’s Drawings admins. Host/external: external admins hear of an invitation, host admins of acceptance, decline and disconnect, both sides of a disconnect.',
    rules: [
      { id: 'N1', title: 'Default recipients', statement: 'Users with Admin on the tool *and* on the project’s directory; company admins are excluded unless they are on the project’s directory.' },
      { id: 'N2', title: 'Per-project lists', statement: 'Each project can narrow the Connection Manager list to selected Connection Manager admins and may add company admins; the Drawings list can be narrowed to selected Drawings admins.' },
      { id: 'N3', title: 'Recipients who no longer qualify', statement: 'A configured recipient who no longer qualifies (lost Admin, left the directory) gets nothing.' },
      { id: 'N4', title: 'Automatic approval', statement: 'With automatic approval nobody is told of the request; ConnectionCreated is still sent.' },
      { id: 'N5', title: 'Exactly once', statement: 'No notification is lost or sent twice: it is recorded with the state change that caused it and delivered (with retries) through the injected transport, de-duplicated by an id.' },
    ],
  },
  {
    heading: 'Data sync (SPEC §6)',
    intro: 'What is copied from the upstream project to the downstream one, and when.',
    rules: [
      { id: 'S1', title: 'A registry of data types', statement: 'Shared data types are a registry; Drawings ship first; RFIs, submittals and others can be added.' },
      { id: 'S2', title: 'Initial sync', statement: 'On connection an initial sync copies every published upstream drawing; its end emits InitialSyncComplete. Copies arrive unpublished downstream, for a downstream Drawings admin to review and publish.' },
      { id: 'S3', title: 'While connected', statement: 'Publishing upstream copies downstream; deleting upstream deletes the copy.' },
      { id: 'S4', title: 'Unpublished items', statement: 'Unpublished drawings never sync until published.' },
      { id: 'S5', title: 'After disconnect', statement: 'Nothing new is copied or deleted; copies already made stay in the downstream project, marked as no longer synced.' },
      { id: 'S6', title: 'Idempotent operations', statement: 'Every sync operation is idempotent (keyed by source item and revision): a retry never duplicates.' },
    ],
  },
];

/** SPEC §7: the closed set of error codes. Rule violations are values (a Result), never thrown. */
export const ERROR_CODE_STATEMENTS: readonly ErrorCodeStatement[] = [
  { code: 'INVALID_INPUT', meaning: 'Schema failure, with the issues: bad input of any shape, from any public entry point (never a crash, never a partial write).' },
  { code: 'NOT_FOUND', meaning: 'A connection, shared project, team or other record the command names does not exist.' },
  { code: 'NOT_AUTHORIZED', meaning: 'The actor lacks a required membership, directory entry or tool level, with the failed condition (C2, C6, C8, C9, H3).' },
  { code: 'SAME_COMPANY', meaning: 'Upstream and downstream belong to the same company (C1).' },
  { code: 'SAME_DOMAIN', meaning: 'Host and external team are the same or share a business domain (H1).' },
  { code: 'ONE_UPSTREAM_ONLY', meaning: 'The downstream project already has an open connection (C3).' },
  { code: 'RECONNECT_FORBIDDEN', meaning: 'The downstream project or the pair was disconnected before (C10, H9).' },
  { code: 'ROLE_CONFLICT', meaning: 'The project already plays the other role (C11).' },
  { code: 'INVALID_TRANSITION', meaning: 'The command is not allowed in the current state, which is named (C12).' },
  { code: 'UNDO_WINDOW_CLOSED', meaning: 'The quick-undo window has passed (C16).' },
  { code: 'ALREADY_SHARED', meaning: 'The shared project already has a pending or connected external team (H1).' },
  { code: 'PLAN_NOT_ELIGIBLE', meaning: 'A team is not on a paid plan (H2).' },
  { code: 'PLAN_LIMIT_REACHED', meaning: 'A team is at its plan’s limit of shared projects, with the limit and the count (H4, H5).' },
  { code: 'LEVEL_NOT_GRANULAR', meaning: 'Granular permissions at a level that has none (P2).' },
  { code: 'LEVEL_TOO_LOW', meaning: 'The permission needs a higher tool level (P6).' },
  { code: 'LOCKED_PERMISSION', meaning: 'The permission is locked on and cannot be switched off (P3).' },
  { code: 'DEPENDENCY_MISSING', meaning: 'The permission needs another one that is off (P5).' },
  { code: 'DEPENDENT_ENABLED', meaning: 'Another permission that needs this one is on (P5).' },
  { code: 'UNKNOWN_TOOL', meaning: 'The tool is not in the catalog (P12).' },
  { code: 'UNKNOWN_PERMISSION', meaning: 'The permission is not in the catalog (P12).' },
  { code: 'NOT_ASSIGNABLE', meaning: 'The actor’s template does not allow assigning that template (P10).' },
  { code: 'IDEMPOTENCY_CONFLICT', meaning: 'The idempotency key was used with a different payload (C15).' },
  { code: 'CONCURRENT_MODIFICATION', meaning: 'Records kept changing between load and commit (expected version mismatch) for every allowed attempt; a real conflict: decide again on fresh records.' },
  { code: 'PORT_UNAVAILABLE', meaning: 'An injected port (storage, directory, clock, ids, transports) threw, rejected or answered garbage; nothing was written (or, when a commit failed, retry with the same idempotency key to learn whether it applied). Retryable.', beyondSpec: '0.2.0' },
  { code: 'DATA_CORRUPTED', meaning: 'A stored record (or directory entry) does not read back as its schema says; names the key; nothing was written. Not retryable.', beyondSpec: '0.2.0' },
];
