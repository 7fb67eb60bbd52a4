import { z } from 'zod';
import { RESERVED_IDS, type Brand } from '../core/ids.js';

/**
 * One sharing of a shared project with one external team: an invitation that may become a connection
 * (the record the host/external lifecycle runs on).
 *
 * @remarks
 * A shared project keeps its id for life; each time its host invites an external team, a new share
 * with its own id starts. At most one share of a project is open (pending or connected) at a time (H1).
 *
 * @example
 * ```ts
 * const s: ShareId = shareId('sh-1');
 * ```
 * @since 0.1.0
 */
export type ShareId = Brand<string, 'ShareId'>;

/**
 * A host library that a shared project may be allowed to use (H11).
 *
 * @example
 * ```ts
 * const l: LibraryId = libraryId('brand-kit');
 * ```
 * @since 0.1.0
 */
export type LibraryId = Brand<string, 'LibraryId'>;

const rawId = z
  .string()
  .min(1, 'an id cannot be empty')
  .max(200, 'an id has at most 200 characters')
  .refine((value) => !RESERVED_IDS.includes(value), { message: 'this id is reserved' });

/**
 * Schema of a {@link ShareId}. @example `ShareIdSchema.parse('sh-1')`
 * @since 0.1.0
 */
export const ShareIdSchema = rawId.transform((v) => v as ShareId);
/**
 * Schema of a {@link LibraryId}. @example `LibraryIdSchema.parse('brand-kit')`
 * @since 0.1.0
 */
export const LibraryIdSchema = rawId.transform((v) => v as LibraryId);

/**
 * Brands a string as a {@link ShareId} (no validation: schemas validate at the boundary). @example `shareId('sh-1')`
 * @since 0.1.0
 */
export const shareId = (value: string): ShareId => value as ShareId;
/**
 * Brands a string as a {@link LibraryId}. @example `libraryId('brand-kit')`
 * @since 0.1.0
 */
export const libraryId = (value: string): LibraryId => value as LibraryId;
