import type { Warning } from '../core/decider.js';
import type { ConnectionCommand } from './commands.js';
import type { ConnectionEvent } from './events.js';
import type { ConnectionPolicy } from './policy.js';
import { findConnection, type ConnectionView } from './state.js';

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
] as const;

/** A duration in the largest unit it is a whole number of, so the warning never rounds a window. */
function duration(ms: number): string {
  const [unit, size] = UNITS.find(([, size]) => ms > 0 && ms % size === 0) ?? ['millisecond', 1];
  const n = ms / size;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The largest instant a `Date` holds (ECMAScript's time range). */
const MAX_DATE_MS = 8.64e15;

/** An instant as ISO 8601, or in milliseconds where a `Date` cannot hold it. */
function instant(ms: number): string {
  return Math.abs(ms) <= MAX_DATE_MS ? `on ${new Date(ms).toISOString()}` : `at ${ms} ms after 1970-01-01`;
}

/**
 * Internal: the warnings a person must see before confirming a command that would emit `events`.
 * @internal
 */
export function connectionWarnings(
  before: ConnectionView,
  command: ConnectionCommand,
  events: readonly ConnectionEvent[],
  policy: ConnectionPolicy,
): Warning[] {
  const warnings: Warning[] = [];
  for (const event of events) {
    if (event.type === 'ConnectionExpired' && event.connectionId !== command.connectionId) {
      warnings.push({ code: 'PREVIOUS_REQUEST_EXPIRED', message: `The earlier request "${event.connectionId}" has expired and is closed first.` });
    }
  }
  switch (command.type) {
    case 'request': {
      const automatic = events.some((e) => e.type === 'ConnectionApproved' && e.automatic);
      warnings.push(
        automatic
          ? {
              code: 'AUTOMATIC_APPROVAL',
              message: `The upstream company approves requests automatically: the projects connect at once and ${command.dataTypes.join(', ')} start copying into "${command.downstreamProjectId}".`,
            }
          : { code: 'AWAITS_APPROVAL', message: "The request waits for a Connection Manager admin of the upstream project to approve it." },
        {
          code: 'ROLES_FIXED',
          message: `While this connection is open or once it has connected, "${command.downstreamProjectId}" can only be a downstream project and "${command.upstreamProjectId}" only an upstream one.`,
        },
        { code: 'UNDO_AVAILABLE', message: `You can undo this request for ${duration(policy.undoWindowMs)}.` },
      );
      if (command.endsAt !== undefined && command.endsAt !== null) {
        warnings.push({ code: 'ENDS_AT', message: `The connection ends ${instant(command.endsAt)} and then counts as disconnected, for good.` });
      }
      return warnings;
    }
    case 'approve': {
      const connection = findConnection(before, command.connectionId);
      const target = connection?.downstream.projectId ?? 'the downstream project';
      warnings.push(
        { code: 'DATA_WILL_SYNC', message: `Every published item of ${connection?.dataTypes.join(', ') ?? 'the shared data types'} is copied into "${target}", and later changes follow.` },
        { code: 'UNDO_AVAILABLE', message: `You can undo this approval for ${duration(policy.undoWindowMs)}.` },
      );
      return warnings;
    }
    case 'decline':
      warnings.push({ code: 'FINAL', message: 'The request is closed for good; the downstream project may send a new one.' });
      return warnings;
    case 'cancel':
      warnings.push({ code: 'FINAL', message: 'The request is withdrawn for good; you may send a new one later.' });
      return warnings;
    case 'disconnect': {
      const connection = findConnection(before, command.connectionId);
      const down = connection?.downstream.projectId ?? 'the downstream project';
      warnings.push(
        { code: 'IRREVERSIBLE', message: 'This disconnect can never be undone: the two projects can never reconnect.' },
        { code: 'RETIRES_DOWNSTREAM', message: `"${down}" can never connect to any upstream project again.` },
        { code: 'COPIES_STAY', message: `Copies already made stay in "${down}", no longer synced.` },
      );
      return warnings;
    }
    case 'undo_request':
    case 'undo_approval':
    case 'reconcile':
      return warnings;
  }
}
