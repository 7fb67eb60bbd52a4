import { z } from 'zod';
import { storableText } from './trust.js';

declare const brand: unique symbol;

/**
 * A nominal ("branded") type: a `T` that TypeScript will not confuse with another `T`.
 *
 * @example
 * ```ts
 * type OrderId = Brand<string, 'OrderId'>;
 * ```
 * @since 0.1.0
 */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/**
 * A tenant account in the upstream/downstream model. @example `const c: CompanyId = companyId('acme');`
 * @since 0.1.0
 */
export type CompanyId = Brand<string, 'CompanyId'>;
/**
 * A project, owned by exactly one company or team. @example `const p: ProjectId = projectId('tower-a');`
 * @since 0.1.0
 */
export type ProjectId = Brand<string, 'ProjectId'>;
/**
 * A person. @example `const u: UserId = userId('u-ana');`
 * @since 0.1.0
 */
export type UserId = Brand<string, 'UserId'>;
/**
 * A connection between an upstream and a downstream project. @example `const c: ConnectionId = connectionId('cn-1');`
 * @since 0.1.0
 */
export type ConnectionId = Brand<string, 'ConnectionId'>;
/**
 * A team in the host/external model. @example `const t: TeamId = teamId('studio');`
 * @since 0.1.0
 */
export type TeamId = Brand<string, 'TeamId'>;
/**
 * A project shared by a host team with an external team. @example `const s: SharedProjectId = sharedProjectId('sp-1');`
 * @since 0.1.0
 */
export type SharedProjectId = Brand<string, 'SharedProjectId'>;
/**
 * A permission template. @example `const t: TemplateId = templateId('subcontractor');`
 * @since 0.1.0
 */
export type TemplateId = Brand<string, 'TemplateId'>;
/**
 * A key that makes a command safe to retry (C15). @example `const k: IdempotencyKey = idempotencyKey('req-42');`
 * @since 0.1.0
 */
export type IdempotencyKey = Brand<string, 'IdempotencyKey'>;

/**
 * Identifiers that would corrupt a plain object when used as a key, and are therefore refused.
 *
 * @remarks
 * `__proto__` assigned as a key replaces an object's prototype; the others shadow built-ins.
 * Every id schema rejects them, so records keyed by ids are always safe.
 *
 * @example
 * ```ts
 * RESERVED_IDS.includes('__proto__'); // true
 * ```
 * @since 0.1.0
 */
export const RESERVED_IDS: readonly string[] = Object.freeze(['__proto__', 'constructor', 'prototype']);

const rawId = z
  .string()
  .min(1, 'an id cannot be empty')
  .max(200, 'an id has at most 200 characters')
  .refine((value) => !RESERVED_IDS.includes(value), { message: 'this id is reserved' })
  .refine(...storableText('this id'));

/**
 * Schema of a {@link CompanyId}. @example `CompanyIdSchema.parse('acme')`
 * @since 0.1.0
 */
export const CompanyIdSchema = rawId.transform((v) => v as CompanyId);
/**
 * Schema of a {@link ProjectId}. @example `ProjectIdSchema.parse('tower-a')`
 * @since 0.1.0
 */
export const ProjectIdSchema = rawId.transform((v) => v as ProjectId);
/**
 * Schema of a {@link UserId}. @example `UserIdSchema.parse('u-ana')`
 * @since 0.1.0
 */
export const UserIdSchema = rawId.transform((v) => v as UserId);
/**
 * Schema of a {@link ConnectionId}. @example `ConnectionIdSchema.parse('cn-1')`
 * @since 0.1.0
 */
export const ConnectionIdSchema = rawId.transform((v) => v as ConnectionId);
/**
 * Schema of a {@link TeamId}. @example `TeamIdSchema.parse('studio')`
 * @since 0.1.0
 */
export const TeamIdSchema = rawId.transform((v) => v as TeamId);
/**
 * Schema of a {@link SharedProjectId}. @example `SharedProjectIdSchema.parse('sp-1')`
 * @since 0.1.0
 */
export const SharedProjectIdSchema = rawId.transform((v) => v as SharedProjectId);
/**
 * Schema of a {@link TemplateId}. @example `TemplateIdSchema.parse('subcontractor')`
 * @since 0.1.0
 */
export const TemplateIdSchema = rawId.transform((v) => v as TemplateId);
/**
 * Schema of an {@link IdempotencyKey}. @example `IdempotencyKeySchema.parse('req-42')`
 * @since 0.1.0
 */
export const IdempotencyKeySchema = rawId.transform((v) => v as IdempotencyKey);

/**
 * Brands a string as a {@link CompanyId} (no validation: schemas validate at the boundary). @example `companyId('acme')`
 * @since 0.1.0
 */
export const companyId = (value: string): CompanyId => value as CompanyId;
/**
 * Brands a string as a {@link ProjectId}. @example `projectId('tower-a')`
 * @since 0.1.0
 */
export const projectId = (value: string): ProjectId => value as ProjectId;
/**
 * Brands a string as a {@link UserId}. @example `userId('u-ana')`
 * @since 0.1.0
 */
export const userId = (value: string): UserId => value as UserId;
/**
 * Brands a string as a {@link ConnectionId}. @example `connectionId('cn-1')`
 * @since 0.1.0
 */
export const connectionId = (value: string): ConnectionId => value as ConnectionId;
/**
 * Brands a string as a {@link TeamId}. @example `teamId('studio')`
 * @since 0.1.0
 */
export const teamId = (value: string): TeamId => value as TeamId;
/**
 * Brands a string as a {@link SharedProjectId}. @example `sharedProjectId('sp-1')`
 * @since 0.1.0
 */
export const sharedProjectId = (value: string): SharedProjectId => value as SharedProjectId;
/**
 * Brands a string as a {@link TemplateId}. @example `templateId('subcontractor')`
 * @since 0.1.0
 */
export const templateId = (value: string): TemplateId => value as TemplateId;
/**
 * Brands a string as an {@link IdempotencyKey}. @example `idempotencyKey('req-42')`
 * @since 0.1.0
 */
export const idempotencyKey = (value: string): IdempotencyKey => value as IdempotencyKey;
