import type { Warning } from '../core/decider.js';
import type { SharedProjectCommand } from './commands.js';
import type { SharedProjectEvent } from './events.js';
import type { SharedProjectPolicy } from './plans.js';
import { findShare, findTeam, usageRecordOf, type Share, type SharedProjectView, type Team } from './state.js';

function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

function slotWarnings(before: SharedProjectView, team: Team, policy: SharedProjectPolicy, who: string): Warning[] {
  const count = usageRecordOf(before, team.id).count + 1;
  const limit = policy.limits[team.plan];
  const warnings: Warning[] = [
    { code: 'USES_SLOT', message: `This uses ${who} ${ordinal(count)} of ${limit} shared projects (${team.plan} plan).` },
  ];
  if (count >= limit) {
    warnings.push({
      code: 'LAST_SLOT',
      message: `After this, team "${team.id}" cannot host or join another shared project until one is disconnected, declined or cancelled, or its plan changes.`,
    });
  }
  return warnings;
}

function freesSlot(before: SharedProjectView, teams: readonly Team[], policy: SharedProjectPolicy): Warning[] {
  return teams.map((team) => {
    const count = usageRecordOf(before, team.id).count;
    return {
      code: 'FREES_SLOT',
      message: `Team "${team.id}" gets a shared-project slot back (${Math.max(0, count - 1)} of ${policy.limits[team.plan]} used afterwards).`,
    };
  });
}

function teamsOf(before: SharedProjectView, share: Share | undefined, which: 'host' | 'both'): Team[] {
  if (share === undefined) return [];
  const ids = which === 'host' ? [share.hostTeamId] : [share.hostTeamId, share.externalTeamId];
  return ids.map((id) => findTeam(before, id)).filter((t): t is Team => t !== undefined);
}

/**
 * Internal: the warnings a person must see before confirming a command that would emit `events`.
 * @internal
 */
export function sharedProjectWarnings(
  before: SharedProjectView,
  command: SharedProjectCommand,
  events: readonly SharedProjectEvent[],
  policy: SharedProjectPolicy,
): Warning[] {
  if (events.length === 0) return [{ code: 'NO_CHANGE', message: 'Nothing would change.' }];
  switch (command.type) {
    case 'register_team':
      return [];
    case 'change_plan': {
      const team = findTeam(before, command.teamId);
      if (team === undefined) return [];
      const count = usageRecordOf(before, team.id).count;
      const limit = policy.limits[command.plan];
      const warnings: Warning[] = [];
      if (!policy.eligiblePlans.includes(command.plan)) {
        warnings.push({ code: 'NOT_ELIGIBLE', message: `The ${command.plan} plan cannot host or join shared projects: existing ones stay, no new invitation or acceptance is possible.` });
      }
      if (count > limit) {
        warnings.push({
          code: 'OVER_LIMIT',
          message: `Team "${team.id}" uses ${count} shared projects, more than the ${limit} the ${command.plan} plan allows: nothing is cut, but new invitations and acceptances are refused until it is under the limit.`,
        });
      }
      return warnings;
    }
    case 'invite': {
      const host = findTeam(before, command.hostTeamId);
      const external = findTeam(before, command.externalTeamId);
      const warnings = host === undefined ? [] : slotWarnings(before, host, policy, 'your');
      warnings.push({ code: 'AWAITS_ACCEPTANCE', message: `The admins of team "${command.externalTeamId}" are notified; ${command.contactEmail} joins the project once they accept.` });
      if (external !== undefined) {
        const count = usageRecordOf(before, external.id).count;
        const limit = policy.limits[external.plan];
        if (count >= limit) {
          warnings.push({
            code: 'EXTERNAL_AT_LIMIT',
            message: `Team "${external.id}" already uses ${count} of its ${limit} shared projects: it cannot accept until it frees a slot or changes plan.`,
          });
        }
        if (host !== undefined && host.plan !== external.plan) {
          warnings.push({ code: 'HOST_FEATURES', message: `Everyone in the project works with the features of your ${host.plan} plan, whatever team "${external.id}" is on (${external.plan}).` });
        }
      }
      return warnings;
    }
    case 'accept': {
      const share = findShare(before, command.shareId);
      const external = share === undefined ? undefined : findTeam(before, share.externalTeamId);
      const host = share === undefined ? undefined : findTeam(before, share.hostTeamId);
      const warnings = external === undefined ? [] : slotWarnings(before, external, policy, 'your team\'s');
      if (share !== undefined) {
        warnings.push({ code: 'CONTACT_JOINS', message: `${share.contactEmail} joins the project and can invite members of your team.` });
      }
      if (host !== undefined) {
        warnings.push({ code: 'HOST_FEATURES', message: `The project works with the features of the host's ${host.plan} plan; only host-team members can delete its files.` });
      }
      return warnings;
    }
    case 'decline':
      return [
        { code: 'FINAL', message: 'The invitation is closed for good; the host may send a new one.' },
        ...freesSlot(before, teamsOf(before, findShare(before, command.shareId), 'host'), policy),
      ];
    case 'cancel':
      return [
        { code: 'FINAL', message: 'The invitation is withdrawn for good; you may send a new one later.' },
        ...freesSlot(before, teamsOf(before, findShare(before, command.shareId), 'host'), policy),
      ];
    case 'disconnect': {
      const share = findShare(before, command.shareId);
      const external = share?.externalTeamId ?? 'the external team';
      const project = share?.sharedProjectId ?? 'the project';
      const warnings: Warning[] = [
        { code: 'EXTERNAL_LOSES_ACCESS', message: `Team "${external}" loses access to all files of "${project}" at once; the host keeps the project.` },
        { code: 'NEVER_RECONNECT', message: `"${project}" and team "${external}" can never be reconnected.` },
      ];
      const disconnected = events.find((e) => e.type === 'ShareDisconnected');
      if (disconnected?.type === 'ShareDisconnected') {
        if (disconnected.outcome === 'share_copy') {
          warnings.push({ code: 'COPY_SHARED', message: `Team "${external}" receives a copy of the project; later changes are not shared.` });
        } else if (disconnected.outcome === 'keep') {
          warnings.push({ code: 'COPY_LATER', message: 'The host keeps the project to itself; it can still share a copy or transfer it later.' });
        } else {
          warnings.push({ code: 'HOST_DECIDES', message: 'The host admins decide whether to share a copy of the project or transfer it.' });
        }
      }
      return [...warnings, ...freesSlot(before, teamsOf(before, share, 'both'), policy)];
    }
    case 'share_copy': {
      const share = findShare(before, command.shareId);
      return [{ code: 'COPY_SHARED', message: `Team "${share?.externalTeamId ?? 'the external team'}" receives a copy of the project; the original stays with you and later changes are not shared.` }];
    }
    case 'transfer': {
      const share = findShare(before, command.shareId);
      return [
        {
          code: 'TRANSFER',
          message: `The whole project "${share?.sharedProjectId ?? ''}" moves to team "${share?.externalTeamId ?? ''}": your team no longer owns it. This cannot be undone.`,
        },
      ];
    }
  }
}
