import type { Level } from './level.js';

/**
 * Every error code this library can return (SPEC §7). The set is closed: a new code is a breaking
 * change and is announced in the CHANGELOG.
 *
 * @example
 * ```ts
 * ERROR_CODES.includes('ONE_UPSTREAM_ONLY'); // true
 * ```
 * @since 0.1.0
 */
export const ERROR_CODES = Object.freeze([
  'INVALID_INPUT',
  'NOT_FOUND',
  'NOT_AUTHORIZED',
  'SAME_COMPANY',
  'SAME_DOMAIN',
  'ONE_UPSTREAM_ONLY',
  'RECONNECT_FORBIDDEN',
  'ROLE_CONFLICT',
  'INVALID_TRANSITION',
  'UNDO_WINDOW_CLOSED',
  'ALREADY_SHARED',
  'PLAN_NOT_ELIGIBLE',
  'PLAN_LIMIT_REACHED',
  'LEVEL_NOT_GRANULAR',
  'LEVEL_TOO_LOW',
  'LOCKED_PERMISSION',
  'DEPENDENCY_MISSING',
  'DEPENDENT_ENABLED',
  'UNKNOWN_TOOL',
  'UNKNOWN_PERMISSION',
  'NOT_ASSIGNABLE',
  'IDEMPOTENCY_CONFLICT',
  'CONCURRENT_MODIFICATION',
  'PORT_UNAVAILABLE',
  'DATA_CORRUPTED',
] as const);

/**
 * One of the {@link ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: ErrorCode = 'ROLE_CONFLICT';
 * ```
 * @since 0.1.0
 */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * One problem found by schema validation.
 *
 * @example
 * ```ts
 * const issue: InputIssue = { path: ['command', 'type'], code: 'invalid_value', message: 'unknown command' };
 * ```
 * @since 0.1.0
 */
export interface InputIssue {
  /** Where the problem is: the property names and array indexes from the root of the input (empty for the root itself). */
  readonly path: readonly (string | number)[];
  /** The validator's issue code (zod's, e.g. `invalid_type`, or `unreadable` for an input that cannot be read). */
  readonly code: string;
  /** A readable description of the problem. */
  readonly message: string;
}

/**
 * One failed authorization condition (C2, C6, C9, H3, ...).
 *
 * @remarks
 * `condition` names the rule clause, e.g. `member_of_company`, `on_project_directory`,
 * `connection_manager_admin`, `data_type_read_access` (the full list: docs/errors.md, "Authorization
 * conditions").
 *
 * @example
 * ```ts
 * const f: AuthorizationFailure = {
 *   condition: 'connection_manager_admin',
 *   message: 'needs Admin on Connection Manager in project sub-1',
 *   projectId: 'sub-1', tool: 'connection_manager', required: 'admin', actual: 'standard',
 * };
 * ```
 * @since 0.1.0
 */
export interface AuthorizationFailure {
  /** The rule clause that failed, e.g. `connection_manager_admin`. */
  readonly condition: string;
  /** A readable sentence saying what was missing, and where. */
  readonly message: string;
  /** The project the condition was checked in, when it is about a project. */
  readonly projectId?: string;
  /** The company the condition was checked against, when it is about a company. */
  readonly companyId?: string;
  /** The team the condition was checked against, when it is about a team (shared projects). */
  readonly teamId?: string;
  /** The tool whose level was checked, when the condition is about a permission level. */
  readonly tool?: string;
  /** The level the condition needs on `tool`. */
  readonly required?: Level;
  /** The level the user actually holds on `tool`. */
  readonly actual?: Level;
}

/**
 * The structured details of each error code.
 *
 * @example
 * ```ts
 * const d: ErrorDetailsMap['PLAN_LIMIT_REACHED'] = { teamId: 't1', plan: 'professional', limit: 3, count: 3 };
 * ```
 * @since 0.1.0
 */
export interface ErrorDetailsMap {
  /** The input failed its schema (or could not be read): every issue found. */
  readonly INVALID_INPUT: { readonly issues: readonly InputIssue[] };
  /** No entity of kind `entity` has the id `id`. */
  readonly NOT_FOUND: { readonly entity: string; readonly id: string };
  /** The acting user and every authorization condition that failed (C2, C6, C9, H3, ...). */
  readonly NOT_AUTHORIZED: { readonly userId?: string; readonly failed: readonly AuthorizationFailure[] };
  /** Both projects belong to the company `companyId` (C1). */
  readonly SAME_COMPANY: { readonly companyId: string };
  /** Host and external team share the business domain `domain` (H1). */
  readonly SAME_DOMAIN: { readonly domain: string };
  /** The downstream project already has the open connection `openConnectionId`, in state `openState` (C3). */
  readonly ONE_UPSTREAM_ONLY: {
    readonly downstreamProjectId: string;
    readonly openConnectionId: string;
    readonly openState: string;
  };
  /**
   * The project can never connect again, and why (C10); for a shared project, `teamId` is the external
   * team it can never be shared with again (H9: the pair is refused, not the project).
   */
  readonly RECONNECT_FORBIDDEN: { readonly projectId: string; readonly reason: string; readonly teamId?: string };
  /** The project's role is fixed as `fixedRole` and the command asked for `requestedRole` (C11). */
  readonly ROLE_CONFLICT: {
    readonly projectId: string;
    readonly fixedRole: 'upstream' | 'downstream';
    readonly requestedRole: 'upstream' | 'downstream';
  };
  /**
   * The command, the current state and the states the command is allowed from (C12); `entity` and `id`
   * name the record (`connection`, `share` or `template`) whenever the refusal is about one.
   */
  readonly INVALID_TRANSITION: {
    readonly command: string;
    readonly state: string;
    readonly allowedFrom: readonly string[];
    readonly entity?: string;
    readonly id?: string;
  };
  /**
   * When the undo window opened (`since`), the time of the attempt (`now`), both epoch milliseconds, the
   * window length in milliseconds, and the connection (C16).
   */
  readonly UNDO_WINDOW_CLOSED: {
    readonly since: number;
    readonly now: number;
    readonly windowMs: number;
    readonly connectionId?: string;
  };
  /** The shared project already has an external team, pending or connected (H1). */
  readonly ALREADY_SHARED: {
    readonly sharedProjectId: string;
    readonly state: string;
    readonly externalTeamId?: string;
  };
  /** The team and its plan, which is not a paid plan (H2). */
  readonly PLAN_NOT_ELIGIBLE: { readonly teamId: string; readonly plan: string };
  /** The team, its plan, the plan's limit and the team's current count of shared projects (H4, H5). */
  readonly PLAN_LIMIT_REACHED: {
    readonly teamId: string;
    readonly plan: string;
    readonly limit: number;
    readonly count: number;
  };
  /** The tool is at `level`, where granular permissions cannot be on (P2). */
  readonly LEVEL_NOT_GRANULAR: { readonly tool: string; readonly level: Level; readonly permission?: string };
  /** The permission needs level `required`; the tool is at `actual` (P6). */
  readonly LEVEL_TOO_LOW: { readonly permission: string; readonly required: Level; readonly actual: Level };
  /** The permission is locked on at `level` and cannot be switched off (P3). */
  readonly LOCKED_PERMISSION: { readonly permission: string; readonly level: Level };
  /** The permission needs the permissions in `requires` to be on first (P5). */
  readonly DEPENDENCY_MISSING: { readonly permission: string; readonly requires: readonly string[] };
  /** The permission cannot be switched off while the permissions in `dependents` are on (P5). */
  readonly DEPENDENT_ENABLED: { readonly permission: string; readonly dependents: readonly string[] };
  /** The tool id that is not in the catalog (P12). */
  readonly UNKNOWN_TOOL: { readonly tool: string };
  /** The permission id that is not in the catalog (P12). */
  readonly UNKNOWN_PERMISSION: { readonly permission: string };
  /** The template that may not be assigned and the templates that may be (P10). */
  readonly NOT_ASSIGNABLE: {
    readonly templateId: string;
    readonly assignable: readonly string[];
    readonly userId?: string;
    /** Which P10 rule refused it (the template is not listed, reaches an unlisted one, ...; `reach_unresolved`: the service could not read every template the chain reaches). */
    readonly reason?: 'not_listed' | 'reaches_unlisted' | 'current_not_assignable' | 'wider_than_own' | 'reach_unresolved';
    readonly unlisted?: readonly string[];
    readonly currentTemplateId?: string;
  };
  /** The idempotency key that was already used with a different payload (C15). */
  readonly IDEMPOTENCY_CONFLICT: { readonly key: string };
  /** How many attempts were made and, when known, the storage keys of the records that changed underneath. */
  readonly CONCURRENT_MODIFICATION: {
    readonly attempts: number;
    readonly records?: readonly string[];
    /**
     * `true`: the records kept changing for every allowed attempt — retry (same key). `false`: the
     * command named an `expectedVersion` the record is no longer at (`attempts` 0): retrying cannot
     * succeed; read the record again and decide again, with a new key.
     * @since 0.2.0
     */
    readonly retryable: boolean;
  };
  /** A port kept failing: which one, how often it was tried and what it threw; nothing was written. */
  readonly PORT_UNAVAILABLE: {
    /** Which port failed. */
    readonly port: PortName;
    /** How many times the command was tried. */
    readonly attempts: number;
    /** What the port threw (its message). */
    readonly cause: string;
    /**
     * Whether the command's commit may have been applied: `no` (nothing was written: the failure came
     * before the commit, or the storage said its commit did not apply), `unknown` (a commit threw or
     * answered garbage, so it may have been applied with its answer lost: retry with the same
     * idempotency key to get its outcome, C15).
     * @since 0.2.0
     */
    readonly committed: 'no' | 'unknown';
    /**
     * Whether the same call may be retried (with the same idempotency key, which finds a commit that
     * did apply): true, unless the port marked its failure `retryable: false` (a permanent one, such as
     * a missing grant or a schema never migrated), which the service then tried only once.
     */
    readonly retryable: boolean;
  };
  /** A stored record does not read back: its key and the schema issues found; nothing was written. */
  readonly DATA_CORRUPTED: {
    /** The storage key of the record (or the stream, or the outbox item) that does not read back. */
    readonly key: string;
    readonly issues: readonly InputIssue[];
  };
}

/**
 * The ports of the application service, as named by `PORT_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * const port: PortName = 'storage';
 * ```
 * @since 0.2.0
 */
export type PortName = 'storage' | 'directory' | 'clock' | 'ids' | 'notifications' | 'sync' | 'upstreamItems';

/**
 * A domain error: a stable `code`, a readable `message` and structured `details`.
 *
 * @remarks
 * Plain data: serialise it, log it, send it over the wire. Switch on `code` to narrow `details`.
 *
 * @example
 * ```ts
 * if (!result.ok && result.error.code === 'PLAN_LIMIT_REACHED') {
 *   console.log(`${result.error.details.count} of ${result.error.details.limit} used`);
 * }
 * ```
 * @since 0.1.0
 */
export type DomainError<C extends ErrorCode = ErrorCode> = {
  [K in C]: { readonly code: K; readonly message: string; readonly details: ErrorDetailsMap[K] };
}[C];

/** Caller text quoted in a message: its first 80 UTF-16 units and `…` when longer (the details keep it whole). */
function excerpt(text: string): string {
  if (text.length <= 80) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[79]!) ? 79 : 80; // never split a surrogate pair
  return `${text.slice(0, cut)}…`;
}

/** A duration for a message: milliseconds under a second (a refusal 1 ms late says so), whole seconds above. */
function spell(ms: number): string {
  return Math.abs(ms) < 1000 ? `${ms} ms` : `${Math.floor(ms / 1000)} s`;
}

const DEFAULT_MESSAGES: { readonly [K in ErrorCode]: (details: ErrorDetailsMap[K]) => string } = {
  INVALID_INPUT: (d) =>
    `Invalid input: ${d.issues
      .slice(0, 3)
      // zod's own messages start "Invalid input: …" too: said once, before the first path.
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message.replace(/^Invalid input: /, '')}`)
      .join('; ')}${d.issues.length > 3 ? ` (+${d.issues.length - 3} more)` : ''}`,
  NOT_FOUND: (d) => `No ${d.entity} with id "${d.id}".`,
  NOT_AUTHORIZED: (d) => `Not authorized: ${d.failed.map((f) => f.message).join('; ')}.`,
  SAME_COMPANY: (d) => `Both projects belong to company "${d.companyId}"; a connection links two different companies.`,
  SAME_DOMAIN: (d) => `Both teams use the business domain "${d.domain}"; host and external teams must differ.`,
  ONE_UPSTREAM_ONLY: (d) =>
    `Project "${d.downstreamProjectId}" already has an open connection ("${d.openConnectionId}", ${d.openState}); a downstream project connects to one upstream only.`,
  RECONNECT_FORBIDDEN: (d) =>
    d.teamId === undefined
      ? `Project "${d.projectId}" can never connect again: ${d.reason}.`
      : `Project "${d.projectId}" can never be shared with team "${d.teamId}" again: ${d.reason}.`,
  ROLE_CONFLICT: (d) =>
    `Project "${d.projectId}" is fixed as ${d.fixedRole} and cannot act as ${d.requestedRole}.`,
  INVALID_TRANSITION: (d) => {
    const from = `(allowed from: ${d.allowedFrom.join(', ') || 'nowhere'})`;
    return d.entity === undefined || d.id === undefined
      ? `Cannot ${d.command} in state ${d.state} ${from}.`
      : `Cannot ${d.command.replace('_', ' ')} ${d.entity} "${d.id}": it is ${d.state} ${from}.`;
  },
  UNDO_WINDOW_CLOSED: (d) => {
    const window = d.connectionId === undefined ? spell(d.windowMs) : `connection "${d.connectionId}" (${spell(d.windowMs)})`;
    return `The undo window of ${window} closed ${spell(d.now - d.since - d.windowMs)} ago.`;
  },
  ALREADY_SHARED: (d) =>
    `Shared project "${d.sharedProjectId}" already has an external team${d.externalTeamId === undefined ? '' : ` ("${d.externalTeamId}")`} (${d.state}).`,
  PLAN_NOT_ELIGIBLE: (d) => `Team "${d.teamId}" is on the ${d.plan} plan; sharing projects needs a paid plan.`,
  PLAN_LIMIT_REACHED: (d) =>
    `Team "${d.teamId}" uses ${d.count} of the ${d.limit} shared projects its ${d.plan} plan allows.`,
  LEVEL_NOT_GRANULAR: (d) =>
    `Granular permissions on "${d.tool}" need level read_only or standard, not ${d.level}.`,
  LEVEL_TOO_LOW: (d) => `"${d.permission}" needs level ${d.required}; the tool is at ${d.actual}.`,
  LOCKED_PERMISSION: (d) => `"${d.permission}" is locked on at level ${d.level} and cannot be switched off.`,
  DEPENDENCY_MISSING: (d) => `"${d.permission}" needs ${d.requires.map((r) => `"${r}"`).join(', ')} to be on first.`,
  DEPENDENT_ENABLED: (d) =>
    `"${d.permission}" cannot be switched off while ${d.dependents.map((r) => `"${r}"`).join(', ')} ${d.dependents.length === 1 ? 'depends' : 'depend'} on it.`,
  UNKNOWN_TOOL: (d) => `Unknown tool "${d.tool}".`,
  UNKNOWN_PERMISSION: (d) => `Unknown permission "${d.permission}".`,
  NOT_ASSIGNABLE: (d) =>
    `Template "${d.templateId}" is not assignable here (assignable: ${d.assignable.join(', ') || 'none'}).`,
  IDEMPOTENCY_CONFLICT: (d) => `Idempotency key "${excerpt(d.key)}" was already used with a different command.`,
  CONCURRENT_MODIFICATION: (d) => `Concurrent modification: gave up after ${d.attempts} attempts.`,
  PORT_UNAVAILABLE: (d) =>
    `The ${d.port} port is unavailable (${d.cause}) after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}. ${
      d.committed === 'unknown'
        ? 'The last commit may have been applied with its answer lost: retry with the same idempotency key to find out.'
        : d.retryable
          ? 'Nothing was written; retry later with the same idempotency key.'
          : 'Nothing was written; retrying will not help until the port is set up (see the cause).'
    }`,
  DATA_CORRUPTED: (d) =>
    `The stored record "${d.key}" does not read back: ${d.issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ')}. Nothing was written.`,
};

/**
 * Builds a {@link DomainError} with a readable default message (or your own).
 *
 * @example
 * ```ts
 * const e = domainError('SAME_COMPANY', { companyId: 'acme' });
 * e.message; // 'Both projects belong to company "acme"; ...'
 * ```
 * @since 0.1.0
 */
export function domainError<C extends ErrorCode>(code: C, details: ErrorDetailsMap[C], message?: string): DomainError<C> {
  return { code, message: typeof message === 'string' ? message : defaultMessage(code, details), details } as DomainError<C>;
}

function defaultMessage<C extends ErrorCode>(code: C, details: ErrorDetailsMap[C]): string {
  const format = typeof code === 'string' && Object.hasOwn(DEFAULT_MESSAGES, code) ? (DEFAULT_MESSAGES[code] as (d: ErrorDetailsMap[C]) => string) : undefined;
  try {
    if (format !== undefined) return format(details);
  } catch {
    // Details of the wrong shape: fall back to the bare code.
  }
  return typeof code === 'string' ? code : 'UNKNOWN_ERROR';
}

/**
 * Whether a value is a {@link DomainError} with one of the known codes.
 *
 * @remarks
 * A type guard, so `value` is `unknown`: it narrows anything.
 *
 * @example
 * ```ts
 * isDomainError({ code: 'NOT_FOUND', message: 'x', details: {} }); // true
 * isDomainError(new Error('boom')); // false
 * ```
 * @since 0.1.0
 */
export function isDomainError(value: unknown): value is DomainError {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const code = (value as { code?: unknown }).code;
    return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) && typeof (value as { message?: unknown }).message === 'string';
  } catch {
    return false; // a value that throws when read is not an error of ours
  }
}
