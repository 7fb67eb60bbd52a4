import { z } from 'zod';
import type { DomainError } from '../core/errors.js';
import { AuthorizationFactsSchema, ToolIdSchema, toolLevel, projectFacts, type AuthorizationFacts, type ToolId } from '../core/facts.js';
import { CompanyIdSchema, ProjectIdSchema, UserIdSchema, type CompanyId, type ProjectId } from '../core/ids.js';
import { levelAtLeast, type Level } from '../core/level.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { DataTypeIdSchema } from '../connection/commands.js';
import { CONNECTION_STATES, type ConnectionState } from '../connection/machine.js';
import { DEFAULT_CONNECTION_POLICY } from '../connection/policy.js';
import { factsFrom } from './authorization-facts.js';
import { DirectoryDataSchema, type DirectoryData } from './directory.js';
import type { AuthorizationFactsInput } from '../core/facts.js';
import type { DirectoryDataInput } from './inputs.js';

/**
 * A connected item as {@link explainConnectedDataAccess} needs it: its data type and the connection it
 * came through — either the `Connection` record (or any object with its `state`, `upstream` and
 * `downstream`), or just the two project ids and the state.
 *
 * @remarks
 * Whether copies exist is not in the state alone: a connection `pending` again after an undone
 * approval, or `cancelled`/`declined`/`expired` after it, holds the copies made while it was connected
 * (C16, S5). The `Connection` record tells (its `connectedAt` and `eventCount`); with the flat form,
 * say so with `everConnected: true` (default: only `connected` and `disconnected` hold copies).
 *
 * @example
 * ```ts
 * const item: ConnectedItem = { dataType: 'drawings', connection };
 * const same: ConnectedItem = { dataType: 'drawings', sourceProjectId: 'gc-tower', downstreamProjectId: 'sub-tower', connectionState: 'connected' };
 * const afterUndo: ConnectedItem = { dataType: 'drawings', sourceProjectId: 'gc-tower', downstreamProjectId: 'sub-tower', connectionState: 'pending', everConnected: true };
 * ```
 * @since 0.1.0
 */
export type ConnectedItem =
  | {
      readonly dataType: string;
      readonly connection: {
        readonly state: ConnectionState;
        readonly upstream: { readonly projectId: string; readonly companyId?: string };
        readonly downstream: { readonly projectId: string; readonly companyId?: string };
        /** The record's `connectedAt` (see `Connection`); tells a closed connection that was connected. */
        readonly connectedAt?: number | null;
        /** The record's `eventCount`; tells a connection pending again after an undone approval. */
        readonly eventCount?: number;
      };
    }
  | {
      readonly dataType: string;
      readonly sourceProjectId: string;
      readonly downstreamProjectId: string;
      readonly connectionState: ConnectionState;
      /** Whether the connection was ever `connected` (copies were made); default false. @since 0.2.0 */
      readonly everConnected?: boolean;
    };

const side = z.looseObject({ projectId: ProjectIdSchema, companyId: CompanyIdSchema.optional() });
const ConnectedItemSchema = z.union([
  z.strictObject({
    dataType: DataTypeIdSchema,
    connection: z.looseObject({
      state: z.enum(CONNECTION_STATES),
      upstream: side,
      downstream: side,
      connectedAt: z.number().nullable().optional(),
      eventCount: z.number().int().min(1).optional(),
    }),
  }),
  z.strictObject({
    dataType: DataTypeIdSchema,
    sourceProjectId: ProjectIdSchema,
    downstreamProjectId: ProjectIdSchema,
    connectionState: z.enum(CONNECTION_STATES),
    everConnected: z.boolean().optional(),
  }),
]);

/**
 * Events a connection in `state` has when it never reached `connected`: a request alone (pending), or
 * a request and the event that closed it. From `pending` the only event that does not close is the
 * approval, so one more event than this means it was connected once (and undone, C16).
 */
function eventsWithoutConnecting(state: ConnectionState): number {
  return state === 'pending' ? 1 : 2;
}

/** Whether the connection the item came through ever reached `connected`, so copies were made (S2). */
function everConnected(item: Parsed): boolean {
  if ('connection' in item) {
    const c = item.connection;
    if (c.state === 'connected' || c.state === 'disconnected') return true;
    return (c.connectedAt !== undefined && c.connectedAt !== null) || (c.eventCount !== undefined && c.eventCount > eventsWithoutConnecting(c.state));
  }
  return item.connectionState === 'connected' || item.connectionState === 'disconnected' || item.everConnected === true;
}

const OptionsSchema = z.strictObject({ dataTypeTools: z.record(DataTypeIdSchema, ToolIdSchema).optional() }).optional();

/**
 * Why a user can or cannot see a connected item in the downstream project (C14, S5).
 *
 * @remarks
 * `reason`: `visible`; `no_copies` (the connection never reached `connected`: pending, declined,
 * cancelled or expired without ever connecting); `not_on_directory`; `level_too_low` (needs read_only
 * on the data type's tool in the downstream project); `unknown_data_type`. After a disconnect, or an
 * undo once it was connected (C16), copies stay visible but are no longer synced (`synced: false`). `crossCompany`: the item comes from a project of a company the user does
 * not belong to.
 *
 * @example
 * ```ts
 * const r = explainConnectedDataAccess(actor, { dataType: 'drawings', connection });
 * r.ok && console.log(r.value.message);
 * ```
 * @since 0.1.0
 */
export interface ConnectedDataDecision {
  /** Whether the user can see the connected item in the downstream project. */
  readonly allowed: boolean;
  /** Why: `visible`, or the first thing that stops it (C14). */
  readonly reason: 'visible' | 'no_copies' | 'not_on_directory' | 'level_too_low' | 'unknown_data_type';
  /** One readable sentence with the decision and its reason. */
  readonly message: string;
  /** The user the decision is about. */
  readonly userId: string;
  /** The data type of the item. */
  readonly dataType: string;
  /** The tool that holds the data type, or null for an unknown data type. */
  readonly tool: ToolId | null;
  /** The upstream project the item comes from. */
  readonly sourceProjectId: ProjectId;
  /** The downstream project the item is seen in. */
  readonly projectId: ProjectId;
  /** The state of the connection the item came through. */
  readonly connectionState: ConnectionState;
  /** Whether the copy still follows its source (only while connected, S5). */
  readonly synced: boolean;
  /** The level needed on the tool in the downstream project (`read_only`, C14). */
  readonly requiredLevel: Level;
  /** The user's level on the tool there (`none` for an unknown data type). */
  readonly actualLevel: Level;
  /** Whether the user is on the downstream project's directory. */
  readonly onDirectory: boolean;
  /** Whether the item comes from a company the user does not belong to; null when the upstream company was not given. */
  readonly crossCompany: boolean | null;
}

/**
 * Options of {@link explainConnectedDataAccess}.
 *
 * @example
 * ```ts
 * const o: ConnectedDataOptions = { dataTypeTools: { drawings: 'drawings', specs: 'specifications' } };
 * ```
 * @since 0.1.0
 */
export interface ConnectedDataOptions {
  /** The tool holding each data type; default: the connection policy's (drawings, rfis, submittals). */
  readonly dataTypeTools?: Readonly<Record<string, ToolId>>;
}

type Parsed = z.output<typeof ConnectedItemSchema>;

function decideAccess(actor: AuthorizationFacts, item: Parsed, tools: Readonly<Record<string, ToolId>>): ConnectedDataDecision {
  const state = 'connection' in item ? item.connection.state : item.connectionState;
  const source = ('connection' in item ? item.connection.upstream.projectId : item.sourceProjectId) as ProjectId;
  const target = ('connection' in item ? item.connection.downstream.projectId : item.downstreamProjectId) as ProjectId;
  const sourceCompany = 'connection' in item ? (item.connection.upstream.companyId as CompanyId | undefined) : undefined;
  const tool = Object.hasOwn(tools, item.dataType) ? (tools[item.dataType] ?? null) : null;
  const facts = projectFacts(actor, target);
  const onDirectory = facts?.onDirectory === true;
  const actualLevel = tool === null ? 'none' : toolLevel(actor, target, tool);
  const synced = state === 'connected';
  const crossCompany = sourceCompany === undefined ? null : !actor.companyIds.includes(sourceCompany);
  const base = {
    userId: actor.userId,
    dataType: item.dataType,
    tool,
    sourceProjectId: source,
    projectId: target,
    connectionState: state,
    synced,
    requiredLevel: 'read_only' as Level,
    actualLevel,
    onDirectory,
    crossCompany,
  };
  const who = `"${actor.userId}"`;
  const what = `${item.dataType} from project "${source}" in project "${target}"`;
  const denied = (reason: ConnectedDataDecision['reason'], why: string): ConnectedDataDecision =>
    Object.freeze({ ...base, allowed: false, reason, message: `${who} cannot see ${what}: ${why}.` });
  if (tool === null) return denied('unknown_data_type', `"${item.dataType}" is not a shared data type`);
  if (!everConnected(item)) {
    return denied('no_copies', `the connection is ${state} and was never connected, so nothing was ever copied into "${target}"`);
  }
  if (!onDirectory) return denied('not_on_directory', `they are not on the directory of project "${target}"`);
  if (!levelAtLeast(actualLevel, 'read_only')) {
    return denied('level_too_low', `it needs read_only or higher on the ${tool} tool in project "${target}", and they hold ${actualLevel}`);
  }
  const tail = synced
    ? 'the connection is connected, so the copies stay in sync'
    : `the connection is ${state}: copies made while it was connected stay in the project but are no longer synced`;
  return Object.freeze({
    ...base,
    allowed: true,
    reason: 'visible',
    message: `${who} can see ${what}: they hold ${actualLevel} on the ${tool} tool there (read_only needed)${crossCompany === true ? ', although the data comes from another company' : ''}; ${tail}.`,
  });
}

/**
 * Explains whether a user (given as authorization facts) can see a connected item in the downstream
 * project (C14): which project, which tool and level, which connection state.
 *
 * @remarks
 * Visible when the connection is or was `connected` (copies stay after a disconnect or an undo, S5,
 * C16; see {@link ConnectedItem} for how that is told), the user is on the
 * downstream project's directory and holds read_only or higher on the data type's tool there. Upstream
 * permissions do not matter: the copies live in the downstream project.
 *
 * @example
 * ```ts
 * const r = explainConnectedDataAccess(actor, { dataType: 'drawings', sourceProjectId: 'gc', downstreamProjectId: 'sub', connectionState: 'connected' });
 * ```
 * @since 0.1.0
 */
export function explainConnectedDataAccess(
  actor: AuthorizationFactsInput,
  item: ConnectedItem,
  options?: ConnectedDataOptions,
): Result<ConnectedDataDecision, DomainError<'INVALID_INPUT'>> {
  const facts = parseInput(AuthorizationFactsSchema, actor);
  if (!facts.ok) return facts;
  const parsed = parseInput(ConnectedItemSchema, item);
  if (!parsed.ok) return parsed;
  const opts = parseInput(OptionsSchema, options);
  if (!opts.ok) return opts;
  return ok(decideAccess(facts.value as AuthorizationFacts, parsed.value, opts.value?.dataTypeTools ?? DEFAULT_CONNECTION_POLICY.dataTypeTools));
}

/**
 * Whether a user (given as authorization facts) can see a connected item in the downstream project
 * (C14). `false` on malformed input.
 *
 * @example
 * ```ts
 * canViewConnectedData(actor, { dataType: 'drawings', connection }); // true with read_only on Drawings downstream
 * ```
 * @since 0.1.0
 */
export function canViewConnectedData(actor: AuthorizationFactsInput, item: ConnectedItem, options?: ConnectedDataOptions): boolean {
  const r = explainConnectedDataAccess(actor, item, options);
  return r.ok && r.value.allowed;
}

/**
 * {@link explainConnectedDataAccess} from directory data: derives the user's facts for the downstream
 * project first (`NOT_FOUND` for a member's missing template).
 *
 * @example
 * ```ts
 * const r = explainConnectedDataAccessFor(directory, 'ana', { dataType: 'drawings', connection });
 * ```
 * @since 0.1.0
 */
export function explainConnectedDataAccessFor(
  directory: DirectoryDataInput,
  userId: string,
  item: ConnectedItem,
  options?: ConnectedDataOptions,
): Result<ConnectedDataDecision, DomainError<'INVALID_INPUT' | 'NOT_FOUND'>> {
  const data = parseInput(DirectoryDataSchema, directory);
  if (!data.ok) return data;
  const user = parseInput(UserIdSchema, userId);
  if (!user.ok) return user;
  const parsed = parseInput(ConnectedItemSchema, item);
  if (!parsed.ok) return parsed;
  const opts = parseInput(OptionsSchema, options);
  if (!opts.ok) return opts;
  const target = 'connection' in parsed.value ? parsed.value.connection.downstream.projectId : parsed.value.downstreamProjectId;
  const facts = factsFrom(data.value as DirectoryData, user.value, [target]);
  if (!facts.ok) return facts;
  return ok(decideAccess(facts.value, parsed.value, opts.value?.dataTypeTools ?? DEFAULT_CONNECTION_POLICY.dataTypeTools));
}
