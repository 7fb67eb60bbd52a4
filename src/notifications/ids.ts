import { keyPart } from '../sync/hash.js';

/**
 * Internal: the stable id of a connection-event notification (N5).
 * @internal
 */
export function eventNotificationId(parts: {
  readonly scope: string;
  readonly subjectId: string;
  readonly triggerType: string;
  readonly at: number;
  readonly sequence: number | null;
  readonly event: string;
  readonly side: string;
  readonly recipient: string;
}): string {
  return [
    parts.scope,
    keyPart(parts.subjectId),
    keyPart(parts.triggerType),
    String(parts.at),
    parts.sequence === null ? '-' : String(parts.sequence),
    keyPart(parts.event),
    keyPart(parts.side),
    keyPart(parts.recipient),
  ].join(':');
}

/**
 * Internal: the stable id of a sync notification (N5): the notice key and the recipient.
 * @internal
 */
export function noticeNotificationId(noticeKey: string, recipient: string): string {
  return `sync:${keyPart(noticeKey)}:${keyPart(recipient)}`;
}
