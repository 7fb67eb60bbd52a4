import { z } from 'zod';
import { ConnectionCommandSchema, type ConnectionCommand } from '../connection/commands.js';
import type { DomainError } from '../core/errors.js';
import { CompanyIdSchema, ConnectionIdSchema, ProjectIdSchema, TeamIdSchema, UserIdSchema, IdempotencyKeySchema, type UserId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { domainError } from '../core/errors.js';
import { isPlainId } from '../core/trust.js';
import { parseInputAt } from '../core/validation.js';
import { isPlainConnectionCommand } from '../connection/guards.js';
import { SharedProjectCommandSchema, type SharedProjectCommand } from '../shared-project/commands.js';
import { isPlainSharedProjectCommand } from '../shared-project/guards.js';
import { ShareIdSchema } from '../shared-project/ids.js';
import type { SharedProjectActorInput } from './sharedProjectModule.js';
import { CONNECTION_STATES } from '../connection/machine.js';

const PLACEHOLDER = '\u0000pending-id';

/**
 * Internal: a parsed connection command input.
 * @internal
 */
export interface ParsedConnectionInput {
  readonly actorId: UserId;
  readonly command: ConnectionCommand;
  /** Whether the service must draw the connection id (a request without one). */
  readonly needsId: boolean;
  /** What identifies the command for C15 (the caller's payload, without a drawn id); null on the fast path of an unkeyed command (only keyed commands are fingerprinted). */
  readonly identity: unknown;
}

const ConnectionEnvelope = z.looseObject({ actorId: UserIdSchema });

/** Runs a fast path; an input that throws when read (a revoked Proxy, a throwing getter) leaves it to the zod path, which reports it. */
function attemptFast<Type, T>(fast: (type: Type, input: unknown) => T | undefined, type: Type, input: unknown): T | undefined {
  try {
    return fast(type, input);
  } catch {
    return undefined;
  }
}

/**
 * Internal: validates `{ actorId, ...command fields }` for a connection command of type `type`.
 * @internal
 */
export function parseConnectionInput(type: ConnectionCommand['type'], input: unknown): Result<ParsedConnectionInput, DomainError<'INVALID_INPUT'>> {
  const fast = attemptFast(plainConnectionInput, type, input);
  if (fast !== undefined) return ok(fast);
  const env = parseInputAt(ConnectionEnvelope, input, ['input']);
  if (!env.ok) return env;
  const { actorId, ...rest } = env.value as { actorId: UserId } & Record<string, unknown>;
  const needsId = type === 'request' && rest['connectionId'] === undefined;
  const command = parseInputAt(ConnectionCommandSchema, { ...rest, type, ...(needsId ? { connectionId: 'pending-id' } : {}) }, ['input']);
  if (!command.ok) return command;
  const parsed = command.value as ConnectionCommand;
  const self = selfConnection(parsed);
  if (self !== undefined) return err(self);
  const { idempotencyKey: _key, ...payload } = parsed;
  const identity = { method: type, actorId, command: needsId ? { ...payload, connectionId: PLACEHOLDER } : payload };
  return ok({ actorId, command: parsed, needsId, identity });
}

/** A project cannot connect to itself (the pure API's rule, checked here as the service decides with the trusted core). */
function selfConnection(command: ConnectionCommand): DomainError<'INVALID_INPUT'> | undefined {
  if (command.type !== 'request' || command.upstreamProjectId !== command.downstreamProjectId) return undefined;
  return domainError('INVALID_INPUT', { issues: [{ path: ['input', 'downstreamProjectId'], code: 'custom', message: 'a project cannot connect to itself' }] });
}

/** The envelope field of a connection command input (who runs it), never part of the command. */
const CONNECTION_ENVELOPE: ReadonlySet<string> = new Set(['actorId']);
/** The envelope fields of a shared-project command input (a user or a system actor). */
const SHARED_ENVELOPE: ReadonlySet<string> = new Set(['actorId', 'system']);

/**
 * The command fields of a plain input: its own enumerable string-keyed fields but the envelope's, with
 * `type` set — what `{ ...rest, type }` gives for such fields, built without an object rest and spread
 * (the costliest step of the fast path). `undefined` for an input with an own `__proto__` field (a
 * plain assignment could not copy it: the zod path decides).
 */
function commandFields(input: Record<string, unknown>, envelope: ReadonlySet<string>, type: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { type };
  for (const key of Object.keys(input)) {
    if (key === '__proto__') return undefined;
    if (key !== 'type' && !envelope.has(key)) out[key] = input[key];
  }
  return out;
}

/**
 * Internal: the fast path of {@link parseConnectionInput}: a plain input whose command the lifecycle's
 * guard accepts unchanged (the guard is proven sound against the command schema, see
 * `test/properties/guards.test.ts`) gives the same result as the zod path; anything else → `undefined`
 * (the zod path decides and reports).
 */
function plainConnectionInput(type: ConnectionCommand['type'], input: unknown): ParsedConnectionInput | undefined {
  if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) return undefined;
  const actor = (input as Record<string, unknown>)['actorId'];
  if (!isPlainId(actor)) return undefined;
  const actorId = actor as UserId;
  const candidate = commandFields(input as Record<string, unknown>, CONNECTION_ENVELOPE, type);
  if (candidate === undefined) return undefined;
  const needsId = type === 'request' && candidate['connectionId'] === undefined;
  if (needsId) candidate['connectionId'] = 'pending-id';
  // Copy the one array a command holds, so freezing what we store never freezes the caller's array.
  if (Array.isArray(candidate['dataTypes'])) candidate['dataTypes'] = [...(candidate['dataTypes'] as unknown[])];
  if (!isPlainConnectionCommand(candidate)) return undefined;
  const command = candidate as unknown as ConnectionCommand;
  if (selfConnection(command) !== undefined) return undefined;
  // Only a keyed command is fingerprinted (C15): an unkeyed one needs no identity.
  if (command.idempotencyKey === undefined) return { actorId, command, needsId, identity: null };
  const { idempotencyKey: _key, ...payload } = command;
  const identity = { method: type, actorId, command: needsId ? { ...payload, connectionId: PLACEHOLDER } : payload };
  return { actorId, command, needsId, identity };
}

/**
 * Internal: a parsed shared-project command input.
 * @internal
 */
export interface ParsedSharedInput {
  readonly who: SharedProjectActorInput;
  readonly command: SharedProjectCommand;
  readonly needsId: boolean;
  /** As {@link ParsedConnectionInput.identity}. */
  readonly identity: unknown;
}

const SharedEnvelope = z.looseObject({
  actorId: UserIdSchema.optional(),
  system: z.enum(['billing', 'provisioning']).optional(),
});

/**
 * Internal: validates `{ actorId | system, ...command fields }` for a shared-project command.
 * @internal
 */
export function parseSharedInput(type: SharedProjectCommand['type'], input: unknown): Result<ParsedSharedInput, DomainError<'INVALID_INPUT'>> {
  const fast = attemptFast(plainSharedInput, type, input);
  if (fast !== undefined) return ok(fast);
  const env = parseInputAt(SharedEnvelope, input, ['input']);
  if (!env.ok) return env;
  const { actorId, system, ...rest } = env.value as { actorId?: UserId; system?: 'billing' | 'provisioning' } & Record<string, unknown>;
  const systemAllowed = type === 'register_team' || type === 'change_plan';
  if ((actorId === undefined) === (system === undefined) || (system !== undefined && !systemAllowed)) {
    const message = systemAllowed ? 'give either actorId or system' : 'give the acting user as actorId';
    return err(domainError('INVALID_INPUT', { issues: [{ path: ['input', 'actorId'], code: 'custom', message }] }));
  }
  const needsId = type === 'invite' && rest['shareId'] === undefined;
  const command = parseInputAt(SharedProjectCommandSchema, { ...rest, type, ...(needsId ? { shareId: 'pending-id' } : {}) }, ['input']);
  if (!command.ok) return command;
  const parsed = command.value as SharedProjectCommand;
  const { idempotencyKey: _key, ...payload } = parsed;
  const who: SharedProjectActorInput = actorId !== undefined ? { userId: actorId } : { system: system as 'billing' | 'provisioning' };
  const identity = { method: `shared:${type}`, who, command: needsId ? { ...payload, shareId: PLACEHOLDER } : payload };
  return ok({ who, command: parsed, needsId, identity });
}

/**
 * Internal: the fast path of {@link parseSharedInput}: a plain input with a user (or an allowed system
 * actor) whose command the shared-project guard accepts unchanged (proven sound against the command
 * schema in `test/properties/guards.test.ts`) gives the same result as the zod path; anything else →
 * `undefined` (the zod path decides and reports).
 */
function plainSharedInput(type: SharedProjectCommand['type'], input: unknown): ParsedSharedInput | undefined {
  if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) return undefined;
  const { actorId, system } = input as Record<string, unknown>;
  let who: SharedProjectActorInput;
  if (system === undefined) {
    if (!isPlainId(actorId)) return undefined;
    who = { userId: actorId as UserId };
  } else {
    if (actorId !== undefined || !(type === 'register_team' || type === 'change_plan') || (system !== 'billing' && system !== 'provisioning')) return undefined;
    who = { system };
  }
  const candidate = commandFields(input as Record<string, unknown>, SHARED_ENVELOPE, type);
  if (candidate === undefined) return undefined;
  const needsId = type === 'invite' && candidate['shareId'] === undefined;
  if (needsId) candidate['shareId'] = 'pending-id';
  if (!isPlainSharedProjectCommand(candidate)) return undefined;
  const command = candidate as unknown as SharedProjectCommand;
  // Only a keyed command is fingerprinted (C15): an unkeyed one needs no identity.
  if (command.idempotencyKey === undefined) return { who, command, needsId, identity: null };
  const { idempotencyKey: _key, ...payload } = command;
  const identity = { method: `shared:${type}`, who, command: needsId ? { ...payload, shareId: PLACEHOLDER } : payload };
  return { who, command, needsId, identity };
}

const paging = { limit: z.number().int().min(1).max(1000).optional(), after: z.string().max(1000).optional() };

/**
 * Internal: query inputs.
 * @internal
 */
export const QuerySchemas = {
  project: z.strictObject({ projectId: ProjectIdSchema, ...paging }),
  state: z.strictObject({ state: z.enum(CONNECTION_STATES), ...paging }),
  connection: z.strictObject({ connectionId: ConnectionIdSchema }),
  reconcile: z.strictObject({ connectionId: ConnectionIdSchema }),
  share: z.strictObject({ shareId: ShareIdSchema }),
  team: z.strictObject({ teamId: TeamIdSchema }),
  syncTeam: z.strictObject({ teamId: TeamIdSchema, idempotencyKey: IdempotencyKeySchema.optional() }),
  inventory: z
    .strictObject({ companyId: CompanyIdSchema.optional(), teamId: TeamIdSchema.optional(), ...paging })
    .refine((v) => v.companyId !== undefined || v.teamId !== undefined, 'give a companyId, a teamId or both'),
  sweep: z.strictObject({ limit: z.number().int().positive().max(1_000_000).optional() }).optional(),
  dispatch: z.undefined().or(z.strictObject({})),
} as const;
