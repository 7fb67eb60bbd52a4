/**
 * Permission matrix demo: one template's effective matrix as a table, and explained denials.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILT_IN_CATALOG, explain, listPermissions, validateTemplate, type AuthorizationFactsInput, type PermissionTemplate } from 'project-connections';
import { createTemplate, disablePermission, enableAll, enablePermission, explainConnectedDataAccess, setToolLevel } from 'project-connections/extras';

type Step = (t: PermissionTemplate) => ReturnType<typeof setToolLevel>;

function build(id: string, steps: readonly Step[]): PermissionTemplate {
  const created = createTemplate({ id, name: 'Subcontractor PM', assignable: ['sub_crew'] });
  if (!created.ok) throw new Error(created.error.message);
  return steps.reduce((t, step) => {
    const r = step(t);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }, created.value);
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/**
 * Prints a "Subcontractor PM" template's effective matrix and an explained denial.
 *
 * @example
 * ```ts
 * runPermissionsDemo((line) => console.log(line));
 * ```
 */
export function runPermissionsDemo(log: (line: string) => void): void {
  const template = build('sub_pm', [
    (t) => setToolLevel(t, 'connection_manager', 'admin'),
    (t) => setToolLevel(t, 'drawings', 'standard'),
    (t) => enablePermission(t, 'drawings.upload_drawings'),
    (t) => setToolLevel(t, 'action_plans', 'standard'),
    (t) => setToolLevel(t, 'budget', 'read_only'),
    (t) => enablePermission(t, 'budget.create_edit_original_budget'),
    (t) => setToolLevel(t, 'daily_log', 'standard'),
    (t) => enableAll(t, 'daily_log'),
    (t) => setToolLevel(t, 'rfis', 'standard'),
    (t) => enablePermission(t, 'rfis.view_private_same_company'),
    (t) => setToolLevel(t, 'correspondence', 'standard', { itemType: 'notice_of_delay' }),
    (t) => setToolLevel(t, 'schedule', 'read_only'),
  ]);

  log(`Template "${template.name}" — effective matrix (conditional = on, but depends on the context):`);
  log(`  ${pad('tool', 34)}${pad('level', 11)}permissions in effect`);
  log(`  ${'─'.repeat(34)}${'─'.repeat(11)}${'─'.repeat(48)}`);
  const grants = listPermissions(template);
  if (!grants.ok) throw new Error(grants.error.message);
  const rows = [
    ...Object.entries(template.tools).map(([tool, s]) => ({ tool, itemType: null as string | null, level: s.level })),
    ...Object.entries(template.typeSettings).flatMap(([tool, types]) =>
      Object.entries(types).map(([itemType, s]) => ({ tool, itemType: itemType as string | null, level: s.level })),
    ),
  ];
  for (const row of rows) {
    const label = `${BUILT_IN_CATALOG.tools[row.tool]?.label ?? row.tool}${row.itemType === null ? '' : ` [${row.itemType}]`}`;
    const on = grants.value
      .filter((g) => g.tool === row.tool && g.itemType === row.itemType && g.kind === 'granular')
      .map((g) => `${g.permission.split('.')[1]}${g.status === 'conditional' ? '?' : ''} (${g.reason})`);
    const actions = grants.value.filter((g) => g.tool === row.tool && g.itemType === row.itemType && g.kind === 'action').map((g) => g.permission.split('.')[1]);
    const shown = row.level === 'admin' ? ['everything (admin)', ...(actions.length > 0 ? [`actions: ${actions.join(', ')}`] : [])] : [...on, ...(actions.length > 0 ? [`actions: ${actions.join(', ')}`] : [])];
    log(`  ${pad(label, 34)}${pad(row.level, 11)}${shown.join(', ') || '—'}`);
  }
  const report = validateTemplate(template);
  for (const w of report.warnings) log(`  ⚠ ${w.message}`);
  log('');

  log('Explained denials:');
  const checks: [string, object | undefined][] = [
    ['daily_log.standard_edit_delete_own_entries', undefined],
    ['budget.import_budget', undefined],
    ['rfis.view_private_same_company', { actorCompanyIds: ['electric-co'], otherParty: { companyId: 'gc-builders', role: 'assignee' } }],
    ['drawings.publish', undefined],
  ];
  for (const [permission, context] of checks) {
    const d = explain(template, permission, context);
    if (d.ok) log(`  ${d.value.allowed ? '✓' : '✗'} ${permission}: ${d.value.reason} — ${d.value.missing ?? d.value.message}`);
  }
  const refused = disablePermission(template, 'action_plans.sign_as_approver');
  if (!refused.ok) log(`  ✗ switching off action_plans.sign_as_approver: ${refused.error.code} — ${refused.error.message}`);
  log('');

  log('Cross-company view (C14): can Ned, on the downstream project with no Drawings access, see an upstream drawing?');
  const ned: AuthorizationFactsInput = {
    userId: 'ned',
    companyIds: ['electric-co'],
    projects: [{ projectId: 'sub-tower', companyId: 'electric-co', onDirectory: true, tools: { rfis: 'standard' } }],
  };
  const view = explainConnectedDataAccess(ned, {
    dataType: 'drawings',
    connection: { state: 'connected', upstream: { projectId: 'gc-tower', companyId: 'gc-builders' }, downstream: { projectId: 'sub-tower', companyId: 'electric-co' } },
  });
  if (view.ok) log(`  ${view.value.message}`);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  runPermissionsDemo((line) => console.log(line));
}
