import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import { LibraryIdSchema, type LibraryId } from './ids.js';
import type { PlainIds } from '../core/input.js';

/**
 * What a member wants to do with a host library from inside a shared project (H11).
 *
 * @example
 * ```ts
 * const op: LibraryOperation = 'read_source';
 * ```
 * @since 0.1.0
 */
export type LibraryOperation = 'use' | 'read_source' | 'edit_source';

/**
 * A library access question: the libraries host admins enabled for the project, the library and the
 * operation.
 *
 * @example
 * ```ts
 * const q: LibraryAccessQuery = { enabledLibraryIds: [libraryId('brand-kit')], libraryId: libraryId('brand-kit'), operation: 'use' };
 * ```
 * @since 0.1.0
 */
export interface LibraryAccessQuery {
  /** The host libraries the host admins enabled for the shared project (H11). */
  readonly enabledLibraryIds: readonly LibraryId[];
  /** The library the member wants to use. */
  readonly libraryId: LibraryId;
  /** What the member wants to do with it. */
  readonly operation: LibraryOperation;
}

/**
 * The answer to a {@link LibraryAccessQuery}, with the reason.
 *
 * @example
 * ```ts
 * if (!access.allowed) console.log(access.reason); // 'read_only_source'
 * ```
 * @since 0.1.0
 */
export interface LibraryAccess {
  /** Whether the operation is allowed. */
  readonly allowed: boolean;
  /** Why: the host enabled the library, it is not enabled, or its source is read-only (H11). */
  readonly reason: 'enabled_by_host' | 'not_enabled' | 'read_only_source';
}

/**
 * Schema of a {@link LibraryAccessQuery}. @example `LibraryAccessQuerySchema.parse(query)`
 * @since 0.1.0
 */
export const LibraryAccessQuerySchema = z.strictObject({
  enabledLibraryIds: z.array(LibraryIdSchema).max(10_000),
  libraryId: LibraryIdSchema,
  operation: z.enum(['use', 'read_source', 'edit_source']),
});

/**
 * Whether project members may use a host library (H11): only libraries the host admins enabled, and
 * their source is read-only from the shared project.
 *
 * @remarks
 * Which libraries are enabled is the host admins' choice (H7 `allowHostLibraries`); the product stores
 * the list and passes it in.
 *
 * @example
 * ```ts
 * libraryAccess({ enabledLibraryIds: [libraryId('kit')], libraryId: libraryId('kit'), operation: 'edit_source' });
 * // { ok: true, value: { allowed: false, reason: 'read_only_source' } }
 * ```
 * @since 0.1.0
 */
export function libraryAccess(query: PlainIds<LibraryAccessQuery>): Result<LibraryAccess, DomainError<'INVALID_INPUT'>> {
  const q = parseInputAt(LibraryAccessQuerySchema, query, ['query']);
  if (!q.ok) return q;
  const enabled = (q.value.enabledLibraryIds as readonly string[]).includes(q.value.libraryId);
  if (!enabled) return ok(Object.freeze({ allowed: false, reason: 'not_enabled' }));
  if (q.value.operation === 'edit_source') return ok(Object.freeze({ allowed: false, reason: 'read_only_source' }));
  return ok(Object.freeze({ allowed: true, reason: 'enabled_by_host' }));
}
