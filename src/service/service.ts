import { z } from 'zod';
import type { ConnectionCommand } from '../connection/commands.js';
import type { ConnectionEvent } from '../connection/events.js';
import type { Connection } from '../connection/state.js';
import { domainError, type DomainError } from '../core/errors.js';
import { deepFreeze } from '../core/freeze.js';
import { ConnectionIdSchema, type CompanyId, type ConnectionId, type TeamId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import { deriveAuthorizationFacts } from '../permissions/authorization-facts.js';
import type { DirectoryTeam } from '../ports/directory.js';
import type { SharedProjectCommand } from '../shared-project/commands.js';
import type { SharedProjectEvent } from '../shared-project/events.js';
import { ShareIdSchema } from '../shared-project/ids.js';
import type { Share } from '../shared-project/state.js';
import { connectionAttempt, CONNECTION_KEY, type ConnectionCommandOutcome } from './connectionCommand.js';
import { list } from './directoryFacts.js';
import { createOutboxDispatcher, defaultSleep, type DispatchReport } from './dispatcher.js';
import { parseConnectionInput, parseSharedInput, QuerySchemas, type ParsedConnectionInput, type ParsedSharedInput } from './inputs.js';
import { resolveServicePolicy, ServicePolicySchema } from './options.js';
import { runPipeline, type Attempt } from './pipeline.js';
import { now, type ConnectionServiceOptions, type ServiceDeps } from './ports.js';
import { allConnections, inventoryOf, statusOf, usageOf, type ConnectionStatus, type InventoryEntry, type PlanUsage } from './queries.js';
import { SHARED_KEYS, sharedProjectAttempt, type SharedProjectCommandOutcome } from './sharedProjectCommand.js';

/**
 * What `reconcileDeadlines` did: the connections whose due deadline it recorded, and those it could not.
 *
 * @example
 * ```ts
 * const r = await service.reconcileDeadlines();
 * if (r.ok) console.log(`${r.value.reconciled.length} connections ended`);
 * ```
 */
export interface SweepReport {
  readonly reconciled: readonly ConnectionId[];
  readonly failed: readonly { readonly connectionId: ConnectionId; readonly error: DomainError }[];
}

/**
 * The application service: one entry point per command of both connection styles, the queries a
 * product needs, the deadline sweep and the outbox dispatcher. Every method takes one plain input,
 * validates it, and answers a `Result`: it never throws, and a malformed input writes nothing.
 *
 * @remarks
 * Commands take the acting user as `actorId` next to the command's fields, and an optional
 * `idempotencyKey` (C15). Authorization is derived from the directory port on every attempt.
 *
 * @example
 * ```ts
 * const service = createConnectionService({ storage, directory, notifications, sync, clock, ids });
 * const r = await service.requestConnection({ actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
 * if (!r.ok) console.log(r.error.code); // e.g. 'ONE_UPSTREAM_ONLY'
 * await service.dispatchOutbox();
 * ```
 */
export interface ConnectionService {
  /** C1–C5: the downstream asks to connect (`connectionId` optional: drawn from the ids port). */
  requestConnection(input: unknown): Promise<Result<ConnectionCommandOutcome, DomainError>>;
  /** C6: an upstream Connection Manager admin approves a pending request. */
  approveConnection(input: unknown): Promise<Result<ConnectionCommandOutcome, DomainError>>;
  /** C6, C7: an upstream Connection Manager admin declines (optional `reason`). */
  declineConnection(input: unknown): Promise<Result<ConnectionCommandOutcome, DomainError>>;
  /** C8: a downstream Connection Manager admin cancels their pending request. */
  cancelConnectionRequest(input: unknown): Promise<Result<ConnectionCommandOutcome, DomainError>>;
  /** C16: the downstream undoes its request within the undo window. */
  undoConnectionRequest(input: unknown): Promise<Result<ConnectionCommandOutcome, DomainError>>;
  /** C16: the upstream undoes its approval within the undo window. */
  undoConnectionApproval(input: unknown): Promise<Result<ConnectionCommandOutcome, DomainError>>;
  /** C9, C10: an admin of either side disconnects, forever (`reason` required, `side` optional). */
  disconnectConnection(input: unknown): Promise<Result<ConnectionCommandOutcome, DomainError>>;
  /** Records a connection's due deadline (pending expiry, end date), if any: `{ connectionId }`. */
  reconcileConnection(input: unknown): Promise<Result<ConnectionCommandOutcome, DomainError>>;
  /** Records every due deadline (at most `limit`, default `policy.sweepLimit`): run it periodically. */
  reconcileDeadlines(input?: unknown): Promise<Result<SweepReport, DomainError>>;

  /** Makes a team known (`system: 'provisioning'` or a team admin), with its domain and plan. */
  registerTeam(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;
  /** H5: changes a team's plan (`system: 'billing'` or a team admin). */
  changeTeamPlan(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;
  /** Registers a team, or changes its plan, from what the directory says of it (`{ teamId }`). */
  syncTeamFromDirectory(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;
  /** H1–H4: a host admin invites an external team (`shareId` optional: drawn from the ids port). */
  inviteExternalTeam(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;
  /** H3, H4, H12: an external admin accepts. */
  acceptInvitation(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;
  /** H3: an external admin declines. */
  declineInvitation(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;
  /** H3: the host withdraws a pending invitation. */
  cancelInvitation(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;
  /** H9: an admin of either side disconnects a shared project. */
  disconnectSharedProject(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;
  /** H9: the host shares a copy with the former external team. */
  shareProjectCopy(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;
  /** H9: the host transfers the whole project to the former external team. */
  transferSharedProject(input: unknown): Promise<Result<SharedProjectCommandOutcome, DomainError>>;

  /** A project's connections, as upstream or downstream, with their state as of now: `{ projectId }`. */
  projectConnections(input: unknown): Promise<Result<readonly ConnectionStatus[], DomainError>>;
  /** A connection and its full history (C13): `{ connectionId }`. */
  connectionHistory(input: unknown): Promise<Result<{ readonly status: ConnectionStatus; readonly events: readonly ConnectionEvent[] }, DomainError>>;
  /** A share and its full history: `{ shareId }`. */
  sharedProjectHistory(input: unknown): Promise<Result<{ readonly share: Share; readonly events: readonly SharedProjectEvent[] }, DomainError>>;
  /** Every external connection of a company and every shared project of a team: `{ companyId?, teamId? }`. */
  inventory(input: unknown): Promise<Result<readonly InventoryEntry[], DomainError>>;
  /** H4: a team's plan usage: `{ teamId }`. */
  teamPlanUsage(input: unknown): Promise<Result<PlanUsage, DomainError>>;

  /** N5, S6: delivers the outbox items due now through the transports (see `createOutboxDispatcher`). */
  dispatchOutbox(input?: unknown): Promise<Result<DispatchReport, DomainError>>;
}

const fn = (what: string, methods: readonly string[]) =>
  z.custom<unknown>(
    (v) => typeof v === 'object' && v !== null && methods.every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
    `${what} with ${methods.join(', ')}`,
  );

const OptionsSchema = z.object({
  storage: fn('a storage port', ['load', 'list', 'commit', 'history', 'receipt', 'pendingOutbox', 'markDelivered', 'markFailed']),
  directory: fn('a directory port', ['users', 'projects', 'templates', 'companies', 'teams']),
  notifications: fn('a notification transport', ['deliver']),
  sync: fn('a sync transport', ['perform']),
  clock: fn('a clock port', ['now']),
  ids: fn('an id port', ['next']),
  policy: ServicePolicySchema.optional(),
  deriveFacts: z.custom<unknown>((v) => typeof v === 'function', 'a function').optional(),
  sleep: z.custom<unknown>((v) => typeof v === 'function', 'a function').optional(),
});

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unreadable error';
  }
}

function failure(cause: unknown): DomainError {
  return domainError('CONCURRENT_MODIFICATION', { attempts: 1, records: [] }, `A port failed: ${describe(cause)}. Nothing was written by this call; retry later.`);
}

/** Runs `body`, turning any throw into an error Result (the belt to the pipeline's braces). */
async function total<T>(body: () => Promise<Result<T, DomainError>>): Promise<Result<T, DomainError>> {
  try {
    const r = await body();
    return r.ok ? ok(deepFreeze(r.value)) : r;
  } catch (cause) {
    return err(failure(cause));
  }
}

function drawId<S extends z.ZodType>(deps: ServiceDeps, kind: string, schema: S): Result<z.output<S>, DomainError> {
  return parseInputAt(schema, deps.ids.next(kind), ['ids']);
}

/**
 * Creates the application service (issue 6) on injected ports: storage, directory, notification and
 * sync transports, clock and ids (SPEC §8).
 *
 * @remarks
 * Each command: validate the input (zod; `INVALID_INPUT`, nothing written) → check the idempotency
 * receipt (C15) → load the records the decision needs (docs/consistency.md) → record a due deadline
 * first → derive the actor's authorization facts from the directory and their templates → decide with
 * the pure core → commit atomically with expected versions: records, the events appended to their
 * streams (C13), notifications and sync jobs in the outbox (N5, S6) and the receipt. On a version
 * conflict the command is decided again on fresh records, at most `policy.maxAttempts` times, then
 * `CONCURRENT_MODIFICATION`; so C3 and H4 hold under any interleaving. Malformed options give a service
 * whose every method answers that `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const service = createConnectionService({
 *   storage: createInMemoryStorage(), directory: createInMemoryDirectory(data),
 *   notifications: { deliver: async (n) => console.log(n.recipient, n.event) },
 *   sync: { perform: async (job) => console.log(job.kind, job.key) },
 *   clock: systemClock, ids: { next: (kind) => `${kind}-${crypto.randomUUID()}` },
 * });
 * ```
 */
export function createConnectionService(options: ConnectionServiceOptions): ConnectionService {
  const parsed = parseInputAt(OptionsSchema, options, ['options']);
  if (!parsed.ok) {
    const error = parsed.error;
    const refuse = async () => err(error);
    return Object.freeze(
      Object.fromEntries(METHODS.map((m) => [m, refuse])) as unknown as ConnectionService,
    );
  }
  const deps: ServiceDeps = {
    storage: options.storage,
    directory: options.directory,
    notifications: options.notifications,
    sync: options.sync,
    clock: options.clock,
    ids: options.ids,
    policy: resolveServicePolicy(parsed.value.policy as z.output<typeof ServicePolicySchema> | undefined),
    deriveFacts: options.deriveFacts ?? deriveAuthorizationFacts,
    defaultFacts: options.deriveFacts === undefined || options.deriveFacts === deriveAuthorizationFacts,
    sleep: options.sleep ?? defaultSleep,
  };
  const dispatcher = createOutboxDispatcher({
    storage: deps.storage,
    notifications: deps.notifications,
    sync: deps.sync,
    clock: deps.clock,
    policy: deps.policy.dispatch,
    sleep: deps.sleep,
  });

  /**
   * One command method: parse the input, draw the record's id from the ids port when the caller gave
   * none, and run the attempt through the pipeline (C15 keys, retries on conflicts).
   */
  function commandMethod<C extends { readonly idempotencyKey?: string | undefined }, P extends { readonly command: C; readonly needsId: boolean; readonly identity: unknown }, T>(
    parse: (input: unknown) => Result<P, DomainError>,
    draw: (command: C) => Result<C, DomainError>,
    attempt: (parsed: P, command: C) => Promise<Attempt<T>>,
  ): (input: unknown) => Promise<Result<T, DomainError>> {
    return (input) =>
      total<T>(async () => {
        const p = parse(input);
        if (!p.ok) return p;
        const command = p.value.needsId ? draw(p.value.command) : ok(p.value.command);
        if (!command.ok) return command;
        const fixed = command.value;
        return runPipeline(deps, { key: fixed.idempotencyKey ?? null, identity: p.value.identity, attempt: () => attempt(p.value, fixed) });
      });
  }

  const connection = (type: ConnectionCommand['type']) =>
    commandMethod<ConnectionCommand, ParsedConnectionInput, ConnectionCommandOutcome>(
      (input) => parseConnectionInput(type, input),
      (command: ConnectionCommand) => {
        const id = drawId(deps, 'cn', ConnectionIdSchema);
        return id.ok ? ok({ ...command, connectionId: id.value } as ConnectionCommand) : id;
      },
      (parsed, command) => connectionAttempt(deps, parsed.actorId, command),
    );

  const shared = (type: SharedProjectCommand['type']) =>
    commandMethod<SharedProjectCommand, ParsedSharedInput, SharedProjectCommandOutcome>(
      (input) => parseSharedInput(type, input),
      (command: SharedProjectCommand) => {
        const id = drawId(deps, 'sh', ShareIdSchema);
        return id.ok ? ok({ ...command, shareId: id.value } as SharedProjectCommand) : id;
      },
      (parsed, command) => sharedProjectAttempt(deps, parsed.who, command),
    );

  const reconcile = (connectionId: ConnectionId) =>
    runPipeline(deps, {
      key: null,
      identity: { method: 'reconcile', connectionId },
      attempt: () => connectionAttempt(deps, null, { type: 'reconcile', connectionId }),
    });

  const service: ConnectionService = {
    requestConnection: connection('request'),
    approveConnection: connection('approve'),
    declineConnection: connection('decline'),
    cancelConnectionRequest: connection('cancel'),
    undoConnectionRequest: connection('undo_request'),
    undoConnectionApproval: connection('undo_approval'),
    disconnectConnection: connection('disconnect'),
    reconcileConnection: (input) =>
      total(async () => {
        const p = parseInputAt(QuerySchemas.reconcile, input, ['input']);
        return p.ok ? reconcile(p.value.connectionId as ConnectionId) : p;
      }),
    reconcileDeadlines: (input) =>
      total<SweepReport>(async () => {
        const p = parseInputAt(QuerySchemas.sweep, input, ['input']);
        if (!p.ok) return p;
        const at = now(deps);
        const due = (await allConnections(deps)).filter((c) => statusOf(deps, c, at).state !== c.state).slice(0, p.value?.limit ?? deps.policy.sweepLimit);
        const reconciled: ConnectionId[] = [];
        const failed: { connectionId: ConnectionId; error: DomainError }[] = [];
        for (const c of due) {
          const r = await reconcile(c.id);
          if (r.ok) reconciled.push(c.id);
          else failed.push({ connectionId: c.id, error: r.error });
        }
        return ok({ reconciled, failed });
      }),

    registerTeam: shared('register_team'),
    changeTeamPlan: shared('change_plan'),
    syncTeamFromDirectory: (input) =>
      total<SharedProjectCommandOutcome>(async () => {
        const p = parseInputAt(QuerySchemas.syncTeam, input, ['input']);
        if (!p.ok) return p;
        const teamId = p.value.teamId as TeamId;
        // One pipeline for the whole sync, so a retry with the same key replays it whichever command it became.
        return runPipeline(deps, {
          key: p.value.idempotencyKey ?? null,
          identity: { method: 'sync_team', teamId },
          attempt: async () => {
            const [entry] = list<DirectoryTeam>(await deps.directory.teams([teamId]), 'directory').filter((t) => t.teamId === teamId);
            if (entry === undefined || entry.plan === undefined || entry.domain === undefined) {
              return { kind: 'reject', error: domainError('NOT_FOUND', { entity: 'team', id: teamId }, `The directory has no domain and plan for team "${teamId}".`), expected: [] };
            }
            const [record] = await deps.storage.load([SHARED_KEYS.team + teamId]);
            const registered = record?.data !== null && record?.data !== undefined;
            const command: SharedProjectCommand = registered
              ? { type: 'change_plan', teamId, plan: entry.plan }
              : { type: 'register_team', teamId, domain: entry.domain, plan: entry.plan };
            return sharedProjectAttempt(deps, { system: registered ? 'billing' : 'provisioning' }, command);
          },
        });
      }),
    inviteExternalTeam: shared('invite'),
    acceptInvitation: shared('accept'),
    declineInvitation: shared('decline'),
    cancelInvitation: shared('cancel'),
    disconnectSharedProject: shared('disconnect'),
    shareProjectCopy: shared('share_copy'),
    transferSharedProject: shared('transfer'),

    projectConnections: (input) =>
      total<readonly ConnectionStatus[]>(async () => {
        const p = parseInputAt(QuerySchemas.project, input, ['input']);
        if (!p.ok) return p;
        const at = now(deps);
        const id = p.value.projectId;
        return ok((await allConnections(deps)).filter((c) => c.upstream.projectId === id || c.downstream.projectId === id).map((c) => statusOf(deps, c, at)));
      }),
    connectionHistory: (input) =>
      total(async () => {
        const p = parseInputAt(QuerySchemas.connection, input, ['input']);
        if (!p.ok) return p;
        const [record] = await deps.storage.load([CONNECTION_KEY + p.value.connectionId]);
        const c = record?.data as Connection | null | undefined;
        if (c === null || c === undefined) return err(domainError('NOT_FOUND', { entity: 'connection', id: p.value.connectionId }));
        const events = (await deps.storage.history(CONNECTION_KEY + p.value.connectionId)) as readonly ConnectionEvent[];
        return ok({ status: statusOf(deps, c, now(deps)), events: [...events] });
      }),
    sharedProjectHistory: (input) =>
      total(async () => {
        const p = parseInputAt(QuerySchemas.share, input, ['input']);
        if (!p.ok) return p;
        const [record] = await deps.storage.load([SHARED_KEYS.share + p.value.shareId]);
        const share = record?.data as Share | null | undefined;
        if (share === null || share === undefined) return err(domainError('NOT_FOUND', { entity: 'share', id: p.value.shareId }));
        const events = (await deps.storage.history(SHARED_KEYS.share + p.value.shareId)) as readonly SharedProjectEvent[];
        return ok({ share, events: [...events] });
      }),
    inventory: (input) =>
      total<readonly InventoryEntry[]>(async () => {
        const p = parseInputAt(QuerySchemas.inventory, input, ['input']);
        if (!p.ok) return p;
        return ok(await inventoryOf(deps, p.value.companyId as CompanyId | undefined, p.value.teamId as TeamId | undefined, now(deps)));
      }),
    teamPlanUsage: (input) =>
      total<PlanUsage>(async () => {
        const p = parseInputAt(QuerySchemas.team, input, ['input']);
        if (!p.ok) return p;
        const usage = await usageOf(deps, p.value.teamId as TeamId);
        return usage === undefined ? err(domainError('NOT_FOUND', { entity: 'team', id: p.value.teamId })) : ok(usage);
      }),

    dispatchOutbox: (input) =>
      total(async () => {
        const p = parseInputAt(QuerySchemas.dispatch, input, ['input']);
        return p.ok ? dispatcher.dispatch() : p;
      }),
  };
  return Object.freeze(service);
}

/** The names of every public method of {@link ConnectionService} (for fuzzing and wrappers). @example `CONNECTION_SERVICE_METHODS.includes('requestConnection')` */
export const CONNECTION_SERVICE_METHODS = Object.freeze([
  'requestConnection',
  'approveConnection',
  'declineConnection',
  'cancelConnectionRequest',
  'undoConnectionRequest',
  'undoConnectionApproval',
  'disconnectConnection',
  'reconcileConnection',
  'reconcileDeadlines',
  'registerTeam',
  'changeTeamPlan',
  'syncTeamFromDirectory',
  'inviteExternalTeam',
  'acceptInvitation',
  'declineInvitation',
  'cancelInvitation',
  'disconnectSharedProject',
  'shareProjectCopy',
  'transferSharedProject',
  'projectConnections',
  'connectionHistory',
  'sharedProjectHistory',
  'inventory',
  'teamPlanUsage',
  'dispatchOutbox',
] as const satisfies readonly (keyof ConnectionService)[]);

const METHODS: readonly string[] = CONNECTION_SERVICE_METHODS;
