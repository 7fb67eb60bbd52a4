import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { domainError } from '../core/errors.js';
import { SharedProjectIdSchema, TeamIdSchema, UserIdSchema, type TeamId, type UserId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import type { PlainIds } from '../core/input.js';
import type { SharedProjectEvent, ShareSide } from '../shared-project/events.js';
import { ShareIdSchema } from '../shared-project/ids.js';
import { deepFreeze } from '../core/freeze.js';
import { eventNotificationId } from './ids.js';
import type { NotificationPlan } from './notification.js';
import type { SharedProjectNotification, SharedProjectNotificationEventType } from './shared-project-notification.js';

/**
 * A team's admins, as the host/external notification planner needs them.
 *
 * @example
 * ```ts
 * const t: TeamAdmins = { teamId: teamId('studio'), admins: [userId('hana')] };
 * ```
 * @since 0.1.0
 */
export interface TeamAdmins {
  /** The team. */
  readonly teamId: TeamId;
  /** Its admins, as they stand now. */
  readonly admins: readonly UserId[];
}

/**
 * The input of {@link planSharedProjectNotifications}.
 *
 * @example
 * ```ts
 * const input: PlanSharedProjectNotificationsInput = { event: invited, teams: [hostAdmins, externalAdmins] };
 * ```
 * @since 0.1.0
 */
export interface PlanSharedProjectNotificationsInput {
  /** The shared-project event to notify about. */
  readonly event: SharedProjectEvent;
  /** The admins of the teams concerned, as they stand now. */
  readonly teams: readonly TeamAdmins[];
  /** The event's position in the share's history (makes ids unique for same-millisecond events). */
  readonly sequence?: number;
}

const at = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const share = {
  at,
  shareId: ShareIdSchema,
  sharedProjectId: SharedProjectIdSchema,
  hostTeamId: TeamIdSchema,
  externalTeamId: TeamIdSchema,
};
const reason = z.string().max(10_000).nullable().optional();
const EventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('TeamRegistered'), at }),
  z.object({ type: z.literal('TeamPlanChanged'), at }),
  z.object({ type: z.literal('ShareInvited'), ...share, contactEmail: z.string().max(500) }),
  z.object({ type: z.literal('ShareAccepted'), ...share, contactEmail: z.string().max(500) }),
  z.object({ type: z.literal('ShareDeclined'), ...share, reason }),
  z.object({ type: z.literal('ShareCancelled'), ...share, reason }),
  z.object({ type: z.literal('ShareDisconnected'), ...share, reason, side: z.enum(['host', 'external']) }),
  z.object({ type: z.literal('ShareCopyShared'), ...share }),
  z.object({ type: z.literal('ShareTransferred'), ...share }),
]);

const InputSchema = z.object({
  event: EventSchema,
  teams: z
    .array(z.object({ teamId: TeamIdSchema, admins: z.array(UserIdSchema).max(100_000) }))
    .max(10_000)
    .refine((t) => new Set(t.map((x) => x.teamId)).size === t.length, 'a team appears once'),
  sequence: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});

type Parsed = z.output<typeof EventSchema>;
type Route = { readonly event: SharedProjectNotificationEventType; readonly side: ShareSide };

function routes(event: Parsed | SharedProjectEvent): readonly Route[] {
  switch (event.type) {
    case 'TeamRegistered':
    case 'TeamPlanChanged':
      return [];
    case 'ShareInvited':
      return [{ event: 'ShareInvitationReceived', side: 'external' }];
    case 'ShareAccepted':
      return [{ event: 'ShareInvitationAccepted', side: 'host' }];
    case 'ShareDeclined':
      return [{ event: 'ShareInvitationDeclined', side: 'host' }];
    case 'ShareCancelled':
      return [{ event: 'ShareInvitationCancelled', side: 'external' }];
    case 'ShareDisconnected':
      return [
        { event: 'SharedProjectDisconnected', side: 'host' },
        { event: 'SharedProjectDisconnected', side: 'external' },
      ];
    case 'ShareCopyShared':
      return [{ event: 'SharedProjectCopyReceived', side: 'external' }];
    case 'ShareTransferred':
      return [{ event: 'SharedProjectTransferred', side: 'external' }];
  }
}

/**
 * The notifications a host/external event sends (§5): external admins of an invitation; host admins
 * of acceptance and decline; both sides of a disconnect.
 *
 * @remarks
 * Decisions where the spec is silent: a cancelled invitation tells the external admins (they were
 * invited); a copy shared or a transfer after a disconnect tells the external admins (they receive it);
 * team registration and plan changes send nothing. There are no per-project settings in this model:
 * every admin of the team is told. A notified team missing from `teams` → `NOT_FOUND`. One notification
 * per recipient, ids stable per event and recipient (N5).
 *
 * @example
 * ```ts
 * const plan = planSharedProjectNotifications({ event: disconnected, teams: [host, external] });
 * // plan.value.notifications: every host admin and every external admin
 * ```
 * @since 0.1.0
 */
export function planSharedProjectNotifications(
  input: PlainIds<PlanSharedProjectNotificationsInput>,
): Result<NotificationPlan<SharedProjectNotification>, DomainError> {
  const parsed = parseInput(InputSchema, input);
  if (!parsed.ok) return parsed;
  return planSharedProjectTrusted(parsed.value.event as SharedProjectEvent, parsed.value.teams, parsed.value.sequence ?? null);
}

/**
 * Internal: {@link planSharedProjectNotifications} on inputs already known valid (an event built by the
 * core, team admins read from validated directory entries). Not exported from the package.
 * @internal
 */
export function planSharedProjectTrusted(
  event: SharedProjectEvent,
  teams: readonly { readonly teamId: string; readonly admins: readonly string[] }[],
  sequence: number | null,
): Result<NotificationPlan<SharedProjectNotification>, DomainError> {
  const notifications: SharedProjectNotification[] = [];
  if (event.type === 'TeamRegistered' || event.type === 'TeamPlanChanged') return ok(deepFreeze({ notifications, withheld: [] }));
  for (const route of routes(event)) {
    const teamId = route.side === 'host' ? event.hostTeamId : event.externalTeamId;
    const team = teams.find((t) => t.teamId === teamId);
    if (team === undefined) return err(domainError('NOT_FOUND', { entity: 'team', id: teamId }));
    const recipients = [...new Set(team.admins)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) as UserId[];
    for (const recipient of recipients) {
      // Frozen as built (the plan's deepFreeze then skips them instead of walking each one).
      notifications.push(Object.freeze({
        kind: 'shared_project',
        id: eventNotificationId({
          scope: 'sp',
          subjectId: event.shareId,
          triggerType: event.type,
          at: event.at,
          sequence,
          event: route.event,
          side: route.side,
          recipient,
        }),
        event: route.event,
        sharedProjectId: event.sharedProjectId,
        shareId: event.shareId,
        side: route.side,
        teamId,
        recipient,
        at: event.at,
        trigger: Object.freeze({ type: event.type, cause: event.type === 'ShareDisconnected' ? `by_${event.side}` : null, sequence }),
        reason: 'reason' in event ? (event.reason ?? null) : null,
        contactEmail: 'contactEmail' in event ? event.contactEmail : null,
      }));
    }
  }
  return ok(deepFreeze({ notifications, withheld: [] }));
}
