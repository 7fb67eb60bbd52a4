import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import type { ShareSide } from './events.js';

/**
 * What the admins of one side may do in a shared project (H7).
 *
 * @example
 * ```ts
 * ADMIN_CAPABILITIES.external.manageAccess; // 'own_team'
 * ```
 * @since 0.1.0
 */
export interface AdminCapabilities {
  /** See the shared project in admin (both sides). */
  readonly seeInAdmin: boolean;
  /** Whose membership they see. */
  readonly seeMembers: 'all' | 'own_team';
  /** Manage the project's security and privacy settings (host admins only). */
  readonly manageSecurityAndPrivacy: boolean;
  /** Let external members use host libraries (H11). */
  readonly allowHostLibraries: boolean;
  /** Manage which AI features are available (host admins only). */
  readonly manageAiFeatures: boolean;
  /** Whose access they manage. */
  readonly manageAccess: 'everyone' | 'own_team';
  /** Disconnect the share (both sides, H9). */
  readonly disconnect: boolean;
  /** After a disconnect: share a copy or transfer the project (H9). */
  readonly shareCopyOrTransfer: boolean;
}

/**
 * The H7 table: host admins control the project; external admins see it, manage their own team's
 * access and may disconnect.
 *
 * @example
 * ```ts
 * ADMIN_CAPABILITIES.host.manageAiFeatures; // true
 * ```
 * @since 0.1.0
 */
export const ADMIN_CAPABILITIES: Readonly<Record<ShareSide, AdminCapabilities>> = Object.freeze({
  host: Object.freeze({
    seeInAdmin: true,
    seeMembers: 'all',
    manageSecurityAndPrivacy: true,
    allowHostLibraries: true,
    manageAiFeatures: true,
    manageAccess: 'everyone',
    disconnect: true,
    shareCopyOrTransfer: true,
  }),
  external: Object.freeze({
    seeInAdmin: true,
    seeMembers: 'own_team',
    manageSecurityAndPrivacy: false,
    allowHostLibraries: false,
    manageAiFeatures: false,
    manageAccess: 'own_team',
    disconnect: true,
    shareCopyOrTransfer: false,
  }),
});

/**
 * Schema of a {@link ShareSide}. @example `ShareSideSchema.parse('host')`
 * @since 0.1.0
 */
export const ShareSideSchema = z.enum(['host', 'external']);

/**
 * The capabilities of the admins of one side (H7).
 *
 * @example
 * ```ts
 * const c = adminCapabilities('external');
 * c.ok && c.value.seeMembers; // 'own_team'
 * ```
 * @since 0.1.0
 */
export function adminCapabilities(side: ShareSide): Result<AdminCapabilities, DomainError<'INVALID_INPUT'>> {
  const s = parseInputAt(ShareSideSchema, side, ['side']);
  return s.ok ? ok(ADMIN_CAPABILITIES[s.value]) : s;
}

/**
 * The file operations of a shared project (H8).
 *
 * @example
 * ```ts
 * FILE_OPERATIONS.includes('delete'); // true
 * ```
 * @since 0.1.0
 */
export const FILE_OPERATIONS = Object.freeze(['create', 'move', 'import', 'delete'] as const);

/**
 * One of the {@link FILE_OPERATIONS}.
 *
 * @example
 * ```ts
 * const op: FileOperation = 'import';
 * ```
 * @since 0.1.0
 */
export type FileOperation = (typeof FILE_OPERATIONS)[number];

/**
 * Whether members of a side may perform a file operation in the shared project (H8): both sides create,
 * move and import; only host-team members delete.
 *
 * @example
 * ```ts
 * fileOperationAllowed('external', 'delete'); // { ok: true, value: false }
 * ```
 * @since 0.1.0
 */
export function fileOperationAllowed(side: ShareSide, operation: FileOperation): Result<boolean, DomainError<'INVALID_INPUT'>> {
  const s = parseInputAt(ShareSideSchema, side, ['side']);
  if (!s.ok) return s;
  const o = parseInputAt(z.enum(FILE_OPERATIONS), operation, ['operation']);
  if (!o.ok) return o;
  return ok(o.value !== 'delete' || s.value === 'host');
}
