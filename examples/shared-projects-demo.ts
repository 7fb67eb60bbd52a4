/**
 * Shared projects (host/external, SPEC §3): an agency on the Professional plan hosts projects for its
 * clients, reaches its limit of 3, frees a slot with a disconnect, and shares a copy with the client.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  emptySharedProjectView,
  sharedProjectId,
  teamId,
  userId,
  executeSharedProjectCommand,
  previewSharedProjectCommand,
  shareId,
  teamUsage,
  type SharedProjectCommand,
  type SharedProjectView,
  type TeamActorFacts,
} from 'project-connections';

/**
 * Runs the agency story, writing one line per command and the plan usage after each step.
 *
 * @example
 * ```ts
 * runSharedProjectsDemo((line) => console.log(line));
 * ```
 */
export function runSharedProjectsDemo(log: (line: string) => void): void {
  let view: SharedProjectView = emptySharedProjectView();
  let now = Date.parse('2026-03-02T09:00:00Z');
  const billing: TeamActorFacts = { kind: 'system', cause: 'billing' };
  const admin = (name: string, team: string): TeamActorFacts => ({ kind: 'user', userId: userId(name), email: `${name}@${team}.example`, teams: [{ teamId: teamId(team), admin: true }] });
  const ana = admin('ana', 'pixel-agency');

  const exec = (command: SharedProjectCommand, actor: TeamActorFacts): boolean => {
    now += 60_000;
    const r = executeSharedProjectCommand(view, command, { now, actor });
    if (!r.ok) {
      log(`  ✗ ${command.type}: ${r.error.code} — ${r.error.message}`);
      return false;
    }
    view = r.value.state;
    log(`  ✓ ${command.type}: ${r.value.events.map((e) => e.type).join(', ') || 'no change'}`);
    return true;
  };
  const usage = (team: string) => {
    const u = teamUsage(view, team);
    if (u.ok) log(`  ${team}: ${u.value.count} of ${u.value.limit} shared projects used (${u.value.plan})`);
  };
  const invite = (n: number, client: string): SharedProjectCommand => ({
    type: 'invite',
    shareId: shareId(`share-${n}`),
    sharedProjectId: sharedProjectId(`${client}-campaign`),
    hostTeamId: teamId('pixel-agency'),
    externalTeamId: teamId(client),
    contactEmail: `lead@${client}.example`,
  });

  log('Teams: an agency on Professional, four clients on paid plans.');
  exec({ type: 'register_team', teamId: teamId('pixel-agency'), domain: 'pixel-agency.example', plan: 'professional' }, billing);
  for (const client of ['acme', 'globex', 'initech', 'umbrella']) {
    exec({ type: 'register_team', teamId: teamId(client), domain: `${client}.example`, plan: client === 'globex' ? 'enterprise' : 'organization' }, billing);
  }

  log('');
  log('The agency invites three clients; each invitation holds one of its slots (H4).');
  const preview = previewSharedProjectCommand(view, invite(1, 'acme'), { now, actor: ana });
  if (preview.ok) for (const w of preview.value.warnings) log(`  ⚠ ${w.message}`);
  exec(invite(1, 'acme'), ana);
  exec(invite(2, 'globex'), ana);
  const third = previewSharedProjectCommand(view, invite(3, 'initech'), { now, actor: ana });
  if (third.ok) for (const w of third.value.warnings.filter((x) => x.code === 'USES_SLOT' || x.code === 'LAST_SLOT')) log(`  ⚠ ${w.message}`);
  exec(invite(3, 'initech'), ana);
  usage('pixel-agency');

  log('');
  log('Clients accept; the contact joins each project (H12). Features follow the host plan (H6).');
  exec({ type: 'accept', shareId: shareId('share-1') }, admin('amy', 'acme'));
  exec({ type: 'accept', shareId: shareId('share-2') }, admin('gus', 'globex'));
  usage('acme');

  log('');
  log('A fourth client: refused, the agency is at its limit.');
  exec(invite(4, 'umbrella'), ana);

  log('');
  log('The Acme campaign ends. Before disconnecting, the agency previews it:');
  const disconnect: SharedProjectCommand = { type: 'disconnect', shareId: shareId('share-1'), reason: 'campaign delivered', outcome: 'share_copy' };
  const p = previewSharedProjectCommand(view, disconnect, { now, actor: ana });
  if (p.ok) for (const w of p.value.warnings) log(`  ⚠ ${w.message}`);
  exec(disconnect, ana);
  usage('pixel-agency');

  log('');
  log('The freed slot lets the agency invite Umbrella; Acme can never be reconnected to that project (H9).');
  exec(invite(4, 'umbrella'), ana);
  exec(invite(5, 'acme'), ana);
  usage('pixel-agency');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  runSharedProjectsDemo((line) => console.log(line));
}
