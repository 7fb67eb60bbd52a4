import { z } from 'zod';
import { AuthorizationFactsSchema, ToolIdSchema, type AuthorizationFacts, type ToolId } from '../core/facts.js';
import { deepFreeze } from '../core/freeze.js';
import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { MINUTE, type Duration, type Timestamp } from '../core/time.js';
import { isTrusted, trust } from '../core/trust.js';
import { parseInputAt } from '../core/validation.js';
import { DataTypeIdSchema, type DataTypeId } from './commands.js';
import type { ApprovalMode } from './events.js';

/**
 * The options of the connection lifecycle.
 *
 * @example
 * ```ts
 * const policy: ConnectionPolicy = { ...DEFAULT_CONNECTION_POLICY, pendingExpiryMs: 14 * DAY };
 * ```
 * @since 0.1.0
 */
export interface ConnectionPolicy {
  /** C1: allow connecting two projects of the same company (newer product versions do). Default false. */
  readonly allowSameCompany: boolean;
  /**
   * C16: how long a request or an approval can be undone. Default 5 minutes. The window is inclusive
   * (an undo exactly `undoWindowMs` later is still allowed), so 0 allows an undo only at the very
   * instant of the request or approval.
   */
  readonly undoWindowMs: Duration;
  /** C17: a pending request expires after this long; `null` (default) means never. */
  readonly pendingExpiryMs: Duration | null;
  /**
   * S1/C2(d): the tool that holds each shareable data type; a request may only name these types.
   * Default: Drawings only. The service derives it from its sync registry unless given.
   */
  readonly dataTypeTools: Readonly<Record<DataTypeId, ToolId>>;
}

/**
 * The defaults: different companies only, a 5-minute undo window, no expiry, and Drawings, RFIs and
 * Submittals as shareable data types held by the tools of the same name.
 *
 * @example
 * ```ts
 * DEFAULT_CONNECTION_POLICY.undoWindowMs; // 300000
 * ```
 * @since 0.1.0
 */
export const DEFAULT_CONNECTION_POLICY: ConnectionPolicy = Object.freeze({
  allowSameCompany: false,
  undoWindowMs: 5 * MINUTE,
  pendingExpiryMs: null,
  dataTypeTools: Object.freeze({ drawings: 'drawings' }),
});

/**
 * What a connection command is decided with, besides the current records.
 *
 * @example
 * ```ts
 * const context: ConnectionContext = { now: clock.now(), actor, approval: 'manual' };
 * ```
 * @since 0.1.0
 */
export interface ConnectionContext {
  /** The current time, from the caller's clock. */
  readonly now: Timestamp;
  /** Facts about the acting user (C2, C6, C9). Not needed for `reconcile`. */
  readonly actor?: AuthorizationFacts;
  /** The upstream company's approval setting (C5), used by `request`. Default `manual`. */
  readonly approval?: ApprovalMode;
  /** Lifecycle options; missing ones take {@link DEFAULT_CONNECTION_POLICY}. */
  readonly policy?: Partial<ConnectionPolicy>;
}

/**
 * Schema of a {@link ConnectionPolicy} (every field optional). @example `ConnectionPolicySchema.parse({ undoWindowMs: 60000 })`
 * @since 0.1.0
 */
export const ConnectionPolicySchema = z.strictObject({
  allowSameCompany: z.boolean().optional(),
  undoWindowMs: z.number().int().nonnegative().optional(),
  pendingExpiryMs: z.number().int().positive().nullable().optional(),
  dataTypeTools: z.record(DataTypeIdSchema, ToolIdSchema).optional(),
});

/**
 * Schema of a {@link ConnectionContext}. @example `ConnectionContextSchema.parse({ now: Date.now() })`
 * @since 0.1.0
 */
export const ConnectionContextSchema = z.strictObject({
  now: z.number().int().nonnegative(),
  actor: AuthorizationFactsSchema.optional(),
  approval: z.enum(['automatic', 'manual']).optional(),
  policy: ConnectionPolicySchema.optional(),
});

/**
 * Fills the missing options with the defaults.
 *
 * @example
 * ```ts
 * resolvePolicy({ undoWindowMs: 60_000 }).allowSameCompany; // false
 * ```
 */
export function resolvePolicy(policy: Partial<ConnectionPolicy> | undefined): ConnectionPolicy {
  if (policy === undefined) return DEFAULT_CONNECTION_POLICY;
  if (isTrusted(policy, 'connection_policy')) return policy as ConnectionPolicy;
  const out: { -readonly [K in keyof ConnectionPolicy]: ConnectionPolicy[K] } = { ...DEFAULT_CONNECTION_POLICY };
  if (policy.allowSameCompany !== undefined) out.allowSameCompany = policy.allowSameCompany;
  if (policy.undoWindowMs !== undefined) out.undoWindowMs = policy.undoWindowMs;
  if (policy.pendingExpiryMs !== undefined) out.pendingExpiryMs = policy.pendingExpiryMs;
  if (policy.dataTypeTools !== undefined) out.dataTypeTools = policy.dataTypeTools;
  return out;
}

/**
 * Validates connection options once, fills in the defaults and returns a frozen policy that every
 * connection entry point accepts without validating it again.
 *
 * @remarks
 * Pass the prepared policy in each context (`{ now, actor, policy }`): like prepared facts, it keeps the
 * command on the validation fast path.
 *
 * @example
 * ```ts
 * const policy = prepareConnectionPolicy({ pendingExpiryMs: 14 * DAY });
 * if (policy.ok) executeConnectionCommand(view, command, { now, actor, policy: policy.value });
 * ```
 * @since 0.1.0
 */
export function prepareConnectionPolicy(policy: Partial<ConnectionPolicy>): Result<ConnectionPolicy, DomainError<'INVALID_INPUT'>> {
  if (isTrusted(policy, 'connection_policy')) return ok(policy as ConnectionPolicy);
  const parsed = parseInputAt(ConnectionPolicySchema, policy ?? {}, ['policy']);
  if (!parsed.ok) return parsed;
  const resolved = resolvePolicy(parsed.value as Partial<ConnectionPolicy>);
  return ok(trust(deepFreeze({ ...resolved, dataTypeTools: { ...resolved.dataTypeTools } }), 'connection_policy'));
}
