import { z } from 'zod';
import type { ConnectionCommand } from '../connection/commands.js';
import type { ConnectionEvent } from '../connection/events.js';
import { ConnectionEventSchema } from '../connection/schemas.js';
import { domainError, type DomainError } from '../core/errors.js';
import { deepFreeze } from '../core/freeze.js';
import type { CompanyId, ConnectionId, TeamId } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { parseInputAt } from '../core/validation.js';
import { deriveAuthorizationFacts } from '../permissions/authorization-facts.js';
import type { SharedProjectCommand } from '../shared-project/commands.js';
import type { SharedProjectEvent } from '../shared-project/events.js';
import { SharedProjectEventSchema } from '../shared-project/schemas.js';
import type { Share } from '../shared-project/state.js';
import { createServiceMemos } from './memos.js';
import { CONNECTION_KEY, CONNECTION_MODULE, rememberParties, type ConnectionCommandOutcome } from './connectionModule.js';
import { readTeams } from './directoryReads.js';
import { blameDrawnId } from './drawnIds.js';
import { defaultSleep, dispatcherWith, type DispatchReport } from './dispatcher.js';
import { SERVICE_INDEXES } from './indexes.js';
import type * as In from './inputTypes.js';
import { parseConnectionInput, parseSharedInput, QuerySchemas, type ParsedConnectionInput, type ParsedSharedInput } from './inputs.js';
import { resolveServicePolicy, ServicePolicySchema, type ServicePolicy } from './options.js';
import { attemptCommand, isReplayed, runPipeline, scopedReceiptKey } from './pipeline.js';
import { RecordCache } from './recordCache.js';
import { portUnavailable } from './portCall.js';
import { checkedIds, monotonicNow, safeHook, type ConnectionServiceOptions, type ServiceDeps } from './ports.js';
import {
  badCursor,
  DEFAULT_PAGE,
  cursorPrefix,
  decodeCursor,
  dueConnections,
  encodeCursor,
  inventoryPage,
  readPage,
  statusOf,
  usageOf,
  type ConnectionStatus,
  type InventoryEntry,
  type Page,
  type PlanUsage,
} from './queries.js';
import { SHARED_KEYS, SHARED_PROJECT_MODULE, type SharedProjectActorInput, type SharedProjectCommandOutcome } from './sharedProjectModule.js';
import { loadRecords, readStream } from './storageReads.js';
import { CONNECTIONS, SHARES } from './storedRecords.js';
import { syncHooks, syncMethods, type ConnectionSyncStatus, type ItemCopy } from './sync/methods.js';
import { permissionMethods, type PermissionAssignmentRecord, type PermissionTemplateRecord } from './permissions/methods.js';
import type { PermissionCommandOutcome } from './permissions/module.js';
import type { PermissionDecision } from '../permissions/decision.js';
import type { UpstreamChangeOutcome } from './sync/modules.js';
import { DEFAULT_SYNC_REGISTRY, findDataType, SyncRegistrySchema, type SyncRegistry } from '../sync/registry.js';

/**
 * What `reconcileDeadlines` did: the connections whose due deadline it recorded, and those it could not.
 *
 * @example
 * ```ts
 * const r = await service.reconcileDeadlines();
 * if (r.ok) console.log(`${r.value.reconciled.length} connections ended`);
 * ```
 * @since 0.1.0
 */
export interface SweepReport {
  /**
   * The connections whose due deadline this sweep recorded; one whose deadline another command
   * recorded first is not listed.
   */
  readonly reconciled: readonly ConnectionId[];
  /** The connections whose deadline could not be recorded, each with the error. */
  readonly failed: readonly { readonly connectionId: ConnectionId; readonly error: DomainError }[];
}

/**
 * A method's answer: a promise of a {@link Result}. @example `const answer: Answer<PlanUsage> = service.teamPlanUsage({ teamId: 'studio' });`
 * @since 0.2.0
 */
export type Answer<T> = Promise<Result<T, DomainError>>;

/**
 * The application service: one entry point per command of both connection styles, the queries a
 * product needs, the deadline sweep and the outbox dispatcher. Every method takes one plain input,
 * validates it, and answers a `Result`: it never throws, and a malformed input writes nothing.
 *
 * @remarks
 * Commands take the acting user as `actorId` next to the command's fields, and an optional
 * `idempotencyKey` (C15, scoped to the acting user). Authorization is derived from the directory port
 * on every attempt. List queries read one page of a secondary index (`limit`, `after`), never the whole
 * store. A port that throws gives `PORT_UNAVAILABLE` naming it; a stored record that does not read back
 * gives `DATA_CORRUPTED` naming its key.
 *
 * @example
 * ```ts
 * const service = createConnectionService({ storage, directory, notifications, sync, clock, ids });
 * const r = await service.requestConnection({ actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] });
 * if (!r.ok) console.log(r.error.code); // e.g. 'ONE_UPSTREAM_ONLY'
 * await service.dispatchOutbox();
 * ```
 * @since 0.1.0
 */
export interface ConnectionService {
  /** C1–C5: the downstream asks to connect (`connectionId` optional: drawn from the ids port). */
  requestConnection(input: In.RequestConnectionInput): Answer<ConnectionCommandOutcome>;
  /** C6: an upstream Connection Manager admin approves a pending request. */
  approveConnection(input: In.ConnectionTargetInput): Answer<ConnectionCommandOutcome>;
  /** C6, C7: an upstream Connection Manager admin declines (optional `reason`). */
  declineConnection(input: In.DeclineConnectionInput): Answer<ConnectionCommandOutcome>;
  /** C8: a downstream Connection Manager admin cancels their pending request. */
  cancelConnectionRequest(input: In.ConnectionTargetInput): Answer<ConnectionCommandOutcome>;
  /** C16: the downstream undoes its request within the undo window. */
  undoConnectionRequest(input: In.ConnectionTargetInput): Answer<ConnectionCommandOutcome>;
  /** C16: the upstream undoes its approval within the undo window. */
  undoConnectionApproval(input: In.ConnectionTargetInput): Answer<ConnectionCommandOutcome>;
  /** C9, C10: an admin of either side disconnects, forever (`reason` required, `side` optional). */
  disconnectConnection(input: In.DisconnectConnectionInput): Answer<ConnectionCommandOutcome>;
  /** Records a connection's due deadline (pending expiry, end date), if any. */
  reconcileConnection(input: In.ConnectionIdInput): Answer<ConnectionCommandOutcome>;
  /** Records every due deadline (at most `limit`, default `policy.sweepLimit`), read from the deadline index: run it periodically. */
  reconcileDeadlines(input?: In.SweepInput): Answer<SweepReport>;

  /** Makes a team known (`system: 'provisioning'` any plan; a team admin on `starter` only, H5), with its domain and plan. */
  registerTeam(input: In.RegisterTeamInput): Answer<SharedProjectCommandOutcome>;
  /** H5: changes a team's plan: `system: 'billing'` only (team admins too with policy `sharedProject.planChanges: 'team_admins'`). */
  changeTeamPlan(input: In.ChangeTeamPlanInput): Answer<SharedProjectCommandOutcome>;
  /** Registers a team, or changes its plan, from what the directory says of it. */
  syncTeamFromDirectory(input: In.SyncTeamInput): Answer<SharedProjectCommandOutcome>;
  /** H1–H4: a host admin invites an external team (`shareId` optional: drawn from the ids port). */
  inviteExternalTeam(input: In.InviteExternalTeamInput): Answer<SharedProjectCommandOutcome>;
  /** H3, H4, H12: an external admin accepts. */
  acceptInvitation(input: In.ShareTargetInput): Answer<SharedProjectCommandOutcome>;
  /** H3: an external admin declines. */
  declineInvitation(input: In.ShareReasonInput): Answer<SharedProjectCommandOutcome>;
  /** H3: the host withdraws a pending invitation. */
  cancelInvitation(input: In.ShareReasonInput): Answer<SharedProjectCommandOutcome>;
  /** H9: an admin of either side disconnects a shared project. */
  disconnectSharedProject(input: In.DisconnectSharedProjectInput): Answer<SharedProjectCommandOutcome>;
  /** H9: the host shares a copy with the former external team. */
  shareProjectCopy(input: In.ShareTargetInput): Answer<SharedProjectCommandOutcome>;
  /** H9: the host transfers the whole project to the former external team. */
  transferSharedProject(input: In.ShareTargetInput): Answer<SharedProjectCommandOutcome>;

  /** A project's connections, as upstream or downstream, with their state as of now (one page, by request time). */
  projectConnections(input: In.ProjectConnectionsInput): Answer<Page<ConnectionStatus>>;
  /**
   * The connections whose stored state is `state` (one page, oldest change first).
   * @since 0.2.0
   */
  connectionsInState(input: In.ConnectionsInStateInput): Answer<Page<ConnectionStatus>>;
  /** A connection and its full history (C13). */
  connectionHistory(input: In.ConnectionIdInput): Answer<{ readonly status: ConnectionStatus; readonly events: readonly ConnectionEvent[] }>;
  /** A share and its full history. */
  sharedProjectHistory(input: In.ShareIdInput): Answer<{ readonly share: Share; readonly events: readonly SharedProjectEvent[] }>;
  /** A company's external connections and a team's shared projects (one page; connections first). */
  inventory(input: In.InventoryInput): Answer<Page<InventoryEntry>>;
  /** H4: a team's plan usage. */
  teamPlanUsage(input: In.TeamIdInput): Answer<PlanUsage>;

  /**
   * S3, S4, S6: upstream published items (new, or a new revision): one call fans out to every connected
   * downstream sharing the item's data type, in one atomic commit of copy/update operations.
   * @since 0.2.0
   */
  publishUpstreamItems(input: In.PublishUpstreamItemsInput): Answer<UpstreamChangeOutcome>;
  /**
   * S4: upstream unpublished items: nothing of them syncs until they are published again; copies stay.
   * @since 0.2.0
   */
  unpublishUpstreamItems(input: In.UpstreamItemsChangeInput): Answer<UpstreamChangeOutcome>;
  /**
   * S3: upstream deleted items: a delete operation for every downstream copy (DrawingsDeleted).
   * @since 0.2.0
   */
  deleteUpstreamItems(input: In.UpstreamItemsChangeInput): Answer<UpstreamChangeOutcome>;
  /**
   * S2, S5: a connection's copies by state (`detached` once it is closed) and its initial sync.
   * @since 0.2.0
   */
  connectionSyncStatus(input: In.ConnectionIdInput): Answer<ConnectionSyncStatus>;
  /**
   * S5, S6: the copies of one upstream item across downstream projects (one page).
   * @since 0.2.0
   */
  itemCopies(input: In.ItemCopiesInput): Answer<Page<ItemCopy>>;

  /**
   * P1, P4, P10: a company admin creates a permission template of their company (tool levels, assignable templates).
   * @since 0.2.0
   */
  createPermissionTemplate(input: In.CreatePermissionTemplateInput): Answer<PermissionCommandOutcome>;
  /**
   * P2–P7: a company admin edits a template (levels, toggles, assignable list, name), all edits or none; its version grows by one.
   * @since 0.2.0
   */
  editPermissionTemplate(input: In.EditPermissionTemplateInput): Answer<PermissionCommandOutcome>;
  /**
   * A company admin deletes a template no one holds through the service.
   * @since 0.2.0
   */
  deletePermissionTemplate(input: In.DeletePermissionTemplateInput): Answer<PermissionCommandOutcome>;
  /**
   * P10: a project member assigns a template to a user on the project: never beyond what the assigner's own template may assign, chains included.
   * @since 0.2.0
   */
  assignPermissionTemplate(input: In.AssignPermissionTemplateInput): Answer<PermissionCommandOutcome>;
  /**
   * A stored template with its version and history.
   * @since 0.2.0
   */
  permissionTemplate(input: In.TemplateIdInput): Answer<PermissionTemplateRecord>;
  /**
   * The template a user holds on a project (the service's assignment, else the directory's), with the assignment history.
   * @since 0.2.0
   */
  permissionAssignment(input: In.ProjectMemberInput): Answer<PermissionAssignmentRecord>;
  /**
   * P11: whether a user may do something on a project, from the stored templates, with the causes of a denial.
   * @since 0.2.0
   */
  checkPermission(input: In.CheckPermissionInput): Answer<PermissionDecision>;

  /**
   * N5, S2, S6: delivers the outbox items due now through the transports, runs the initial sync pages,
   * records each sync operation's outcome in the copy ledger, and drops the operations of a closed
   * connection unsent (S5).
   */
  dispatchOutbox(input?: Record<string, never>): Answer<DispatchReport>;
}

const fn = (what: string, methods: readonly string[]) =>
  z.custom<unknown>(
    (v) => typeof v === 'object' && v !== null && methods.every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
    `${what} with ${methods.join(', ')}`,
  );

const OptionsSchema = z.object({
  storage: fn('a storage port', ['load', 'commit', 'query', 'history', 'receipt', 'claimOutbox', 'markDelivered', 'markFailed']),
  directory: fn('a directory port', ['users', 'projects', 'templates', 'companies', 'teams']),
  notifications: fn('a notification transport', ['deliver']),
  sync: fn('a sync transport', ['perform']),
  clock: fn('a clock port', ['now']),
  ids: fn('an id port', ['next']),
  policy: ServicePolicySchema.optional(),
  deriveFacts: z.custom<unknown>((v) => typeof v === 'function', 'a function').optional(),
  sleep: z.custom<unknown>((v) => typeof v === 'function', 'a function').optional(),
  syncRegistry: SyncRegistrySchema.optional(),
  upstreamItems: fn('an upstream items port', ['items']).optional(),
  onEvent: z.custom<unknown>((v) => typeof v === 'function', 'a function').optional(),
});

/**
 * The service's connection policy with the data types a connection may share (C2, S1): by default the
 * sync registry's, each with its tool; when the policy names them (`connection.dataTypeTools`), each
 * must be in the registry, or a connection for it could never copy anything (`INVALID_INPUT`).
 */
function withRegistryDataTypes(policy: ServicePolicy, registry: SyncRegistry): Result<ServicePolicy, DomainError<'INVALID_INPUT'>> {
  const named = policy.connection.dataTypeTools;
  if (named === undefined) {
    const dataTypeTools = Object.freeze(Object.fromEntries(registry.types.map((t) => [t.id, t.tool])));
    return ok(Object.freeze({ ...policy, connection: Object.freeze({ ...policy.connection, dataTypeTools }) }));
  }
  const missing = Object.keys(named).find((id) => findDataType(registry, id) === undefined);
  if (missing === undefined) return ok(policy);
  return err(
    domainError('INVALID_INPUT', {
      issues: [{ path: ['options', 'policy', 'connection', 'dataTypeTools', missing], code: 'custom', message: `data type "${missing}" is not in the sync registry: a connection sharing it would never copy anything (register it in options.syncRegistry)` }],
    }),
  );
}

/** Runs `body`, turning any throw into an error Result (a port failure, or `DATA_CORRUPTED` thrown as a value). */
async function total<T>(body: () => Promise<Result<T, DomainError>>): Promise<Result<T, DomainError>> {
  try {
    const r = await body();
    // Every answer is frozen, refusals too: a caller cannot change what another caller (a replay) reads.
    return r.ok ? Object.freeze(ok(deepFreeze(r.value))) : deepFreeze(r);
  } catch (cause) {
    return deepFreeze(err(portUnavailable(cause, 1, 'no')));
  }
}

/**
 * Creates the application service on injected ports: storage, directory, notification and sync
 * transports, clock and ids (SPEC §8).
 *
 * @remarks
 * Each command runs the one command pipeline: validate the input (`INVALID_INPUT`, nothing written) →
 * load the records the decision needs (docs/consistency.md) → record a due deadline first → read the
 * actor's authorization facts and the recipients from the directory → decide with the pure core →
 * commit atomically with expected versions: records with their index entries, the events appended to
 * their streams (C13), notifications and sync jobs in the outbox (N5, S6) and the receipt (C15). On a
 * version conflict the command is decided again on fresh records, at most `policy.maxAttempts` times,
 * then `CONCURRENT_MODIFICATION`; so C3 and H4 hold under any interleaving. A port that keeps failing
 * gives `PORT_UNAVAILABLE`. Malformed options give a service whose every method answers that
 * `INVALID_INPUT`.
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
 * @since 0.1.0
 */
export function createConnectionService(options: ConnectionServiceOptions): ConnectionService {
  const parsed = parseInputAt(OptionsSchema, options, ['options']);
  const syncRegistry = parsed.ok ? ((options.syncRegistry ?? DEFAULT_SYNC_REGISTRY) as SyncRegistry) : DEFAULT_SYNC_REGISTRY;
  const policy = parsed.ok ? withRegistryDataTypes(resolveServicePolicy(parsed.value.policy as z.output<typeof ServicePolicySchema> | undefined), syncRegistry) : parsed;
  if (!policy.ok) {
    const error = policy.error;
    const refuse = async () => err(error);
    return Object.freeze(Object.fromEntries(METHODS.map((m) => [m, refuse])) as unknown as ConnectionService);
  }
  const deps: ServiceDeps = {
    storage: options.storage,
    directory: options.directory,
    notifications: options.notifications,
    sync: options.sync,
    clock: options.clock,
    ids: options.ids,
    policy: policy.value,
    deriveFacts: options.deriveFacts ?? deriveAuthorizationFacts,
    defaultFacts: options.deriveFacts === undefined || options.deriveFacts === deriveAuthorizationFacts,
    sleep: options.sleep ?? defaultSleep,
    now: monotonicNow(options.clock),
    drawId: checkedIds(options.ids),
    syncRegistry,
    upstreamItems: options.upstreamItems ?? null,
    emit: safeHook(options.onEvent),
    memos: createServiceMemos(),
    records: policy.value.recordCache > 0 ? new RecordCache(policy.value.recordCache) : null,
  };
  const dispatcher = dispatcherWith(
    { storage: deps.storage, notifications: deps.notifications, sync: deps.sync, clock: deps.clock, policy: deps.policy.dispatch, sleep: deps.sleep },
    { ...syncHooks(deps), now: deps.now },
  );
  const sync = syncMethods(deps);
  const permissions = permissionMethods(deps);

  /** Tells the `onEvent` hook what a command answered. */
  const observed = <T>(method: string, r: Result<T, DomainError>, events: (value: T) => readonly { readonly type: string }[]): Result<T, DomainError> => {
    // A replay (C15) records nothing: it was told when the first call committed or was refused.
    if (isReplayed(r)) return r;
    if (r.ok) deps.emit({ type: 'command_committed', method, events: events(r.value) });
    else deps.emit({ type: 'command_refused', method, code: r.error.code, message: r.error.message });
    return r;
  };
  const eventsOf = (v: { readonly events?: readonly { readonly type: string }[] }) => v.events ?? [];

  const connection =
    (type: ConnectionCommand['type']) =>
    (input: unknown): Answer<ConnectionCommandOutcome> =>
      total(async () => {
        const p = parseConnectionInput(type, input);
        if (!p.ok) return observed<ConnectionCommandOutcome>(type, p, eventsOf);
        const parsedInput: ParsedConnectionInput = p.value;
        const command: ConnectionCommand = parsedInput.needsId ? ({ ...parsedInput.command, connectionId: deps.drawId('cn') } as ConnectionCommand) : parsedInput.command;
        const key = command.idempotencyKey === undefined ? null : scopedReceiptKey(parsedInput.actorId, command.idempotencyKey);
        const attempt = parsedInput.needsId
          ? async () => blameDrawnId(await attemptCommand(deps, CONNECTION_MODULE, parsedInput.actorId, command), 'connectionId', (command as { connectionId: string }).connectionId)
          : () => attemptCommand(deps, CONNECTION_MODULE, parsedInput.actorId, command);
        return observed(type, await runPipeline(deps, { key, identity: parsedInput.identity, attempt }), eventsOf);
      });

  const shared =
    (type: SharedProjectCommand['type']) =>
    (input: unknown): Answer<SharedProjectCommandOutcome> =>
      total(async () => {
        const p = parseSharedInput(type, input);
        if (!p.ok) return observed<SharedProjectCommandOutcome>(type, p, eventsOf);
        const parsedInput: ParsedSharedInput = p.value;
        const command: SharedProjectCommand = parsedInput.needsId ? ({ ...parsedInput.command, shareId: deps.drawId('sh') } as SharedProjectCommand) : parsedInput.command;
        const scope = 'system' in parsedInput.who ? `system:${parsedInput.who.system}` : parsedInput.who.userId;
        const key = command.idempotencyKey === undefined ? null : scopedReceiptKey(scope, command.idempotencyKey);
        const attempt = parsedInput.needsId
          ? async () => blameDrawnId(await attemptCommand(deps, SHARED_PROJECT_MODULE, parsedInput.who, command), 'shareId', (command as { shareId: string }).shareId)
          : () => attemptCommand(deps, SHARED_PROJECT_MODULE, parsedInput.who, command);
        return observed(type, await runPipeline(deps, { key, identity: parsedInput.identity, attempt }), eventsOf);
      });

  const reconcile = async (connectionId: ConnectionId) =>
    observed(
      'reconcile',
      await runPipeline(deps, {
        key: null,
        identity: { method: 'reconcile', connectionId },
        attempt: () => attemptCommand(deps, CONNECTION_MODULE, null, { type: 'reconcile', connectionId }),
      }),
      eventsOf,
    );

  /** One page of connection statuses from an index term. */
  async function connectionPage(index: string, term: string, limit: number | undefined, after: string | undefined): Promise<Result<Page<ConnectionStatus>, DomainError>> {
    const at = cursorPrefix(index, term);
    const cursor = decodeCursor(at, after);
    if (cursor === null) return err(badCursor());
    const page = await readPage(deps, CONNECTIONS, { index, term, limit: limit ?? DEFAULT_PAGE, ...(cursor === undefined ? {} : { after: cursor }) });
    const now = deps.now();
    return ok({ items: page.records.map((c) => statusOf(deps, c, now)), next: encodeCursor(at, page.next), corrupted: page.corrupted });
  }

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
        const at = deps.now();
        const limit = Math.min(p.value?.limit ?? deps.policy.sweepLimit, deps.policy.sweepLimit, 10_000);
        const due = await dueConnections(deps, at, limit);
        const reconciled: ConnectionId[] = [];
        const failed: { connectionId: ConnectionId; error: DomainError }[] = [];
        // The index read the due connections already: their projects are known, so each reconcile loads
        // the connection and both ledgers in one round trip, however many connections are stored.
        for (const c of due.records) rememberParties(deps.memos, c);
        for (const c of due.records) {
          const r = await reconcile(c.id);
          // Only what this sweep recorded: another command may have recorded the deadline first.
          if (r.ok) {
            if (r.value.events.length > 0) reconciled.push(c.id);
          } else failed.push({ connectionId: c.id, error: r.error });
        }
        for (const bad of due.corrupted) failed.push({ connectionId: bad.key.slice(CONNECTION_KEY.length) as ConnectionId, error: domainError('DATA_CORRUPTED', { key: bad.key, issues: bad.issues }) });
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
          key: p.value.idempotencyKey === undefined ? null : scopedReceiptKey('system:directory', p.value.idempotencyKey),
          identity: { method: 'sync_team', teamId },
          attempt: async () => {
            const teams = await readTeams(deps, [teamId]);
            if (!teams.ok) return { kind: 'reject', error: teams.error, expected: [] };
            const entry = teams.value.get(teamId);
            if (entry === undefined || entry.plan === undefined || entry.domain === undefined) {
              return { kind: 'reject', error: domainError('NOT_FOUND', { entity: 'team', id: teamId }, `The directory has no domain and plan for team "${teamId}".`), expected: [] };
            }
            const [record] = await loadRecords(deps.storage, [SHARED_KEYS.team + teamId]);
            const registered = record?.data !== null && record?.data !== undefined;
            const command: SharedProjectCommand = registered
              ? { type: 'change_plan', teamId, plan: entry.plan }
              : { type: 'register_team', teamId, domain: entry.domain, plan: entry.plan };
            const who: SharedProjectActorInput = { system: registered ? 'billing' : 'provisioning' };
            return attemptCommand(deps, SHARED_PROJECT_MODULE, who, command);
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
      total(async () => {
        const p = parseInputAt(QuerySchemas.project, input, ['input']);
        if (!p.ok) return p;
        return connectionPage(SERVICE_INDEXES.connectionByProject, p.value.projectId, p.value.limit, p.value.after);
      }),
    connectionsInState: (input) =>
      total(async () => {
        const p = parseInputAt(QuerySchemas.state, input, ['input']);
        if (!p.ok) return p;
        return connectionPage(SERVICE_INDEXES.connectionByState, p.value.state, p.value.limit, p.value.after);
      }),
    connectionHistory: (input) =>
      total(async () => {
        const p = parseInputAt(QuerySchemas.connection, input, ['input']);
        if (!p.ok) return p;
        const key = CONNECTION_KEY + p.value.connectionId;
        const [[record], events] = await Promise.all([loadRecords(deps.storage, [key]), readStream<ConnectionEvent>(deps.storage, key, ConnectionEventSchema)]);
        if (record === undefined || record.data === null || record.data === undefined) return err(domainError('NOT_FOUND', { entity: 'connection', id: p.value.connectionId }));
        const c = CONNECTIONS.read(key, record.data);
        if (!c.ok) return c;
        if (!events.ok) return events;
        return ok({ status: statusOf(deps, c.value, deps.now()), events: events.value });
      }),
    sharedProjectHistory: (input) =>
      total(async () => {
        const p = parseInputAt(QuerySchemas.share, input, ['input']);
        if (!p.ok) return p;
        const key = SHARED_KEYS.share + p.value.shareId;
        const [[record], events] = await Promise.all([loadRecords(deps.storage, [key]), readStream<SharedProjectEvent>(deps.storage, key, SharedProjectEventSchema)]);
        if (record === undefined || record.data === null || record.data === undefined) return err(domainError('NOT_FOUND', { entity: 'share', id: p.value.shareId }));
        const share = SHARES.read(key, record.data);
        if (!share.ok) return share;
        if (!events.ok) return events;
        return ok({ share: share.value, events: events.value });
      }),
    inventory: (input) =>
      total<Page<InventoryEntry>>(async () => {
        const p = parseInputAt(QuerySchemas.inventory, input, ['input']);
        if (!p.ok) return p;
        const { companyId, teamId, after } = p.value as { companyId?: CompanyId; teamId?: TeamId; after?: string };
        return inventoryPage(deps, { companyId, teamId, after, limit: p.value.limit ?? DEFAULT_PAGE });
      }),
    teamPlanUsage: (input) =>
      total<PlanUsage>(async () => {
        const p = parseInputAt(QuerySchemas.team, input, ['input']);
        if (!p.ok) return p;
        return usageOf(deps, p.value.teamId as TeamId);
      }),

    publishUpstreamItems: (input) => total(async () => observed('publish', await sync.publishUpstreamItems(input), () => [])),
    unpublishUpstreamItems: (input) => total(async () => observed('unpublish', await sync.unpublishUpstreamItems(input), () => [])),
    deleteUpstreamItems: (input) => total(async () => observed('delete', await sync.deleteUpstreamItems(input), () => [])),
    connectionSyncStatus: (input) => total(() => sync.connectionSyncStatus(input)),
    itemCopies: (input) => total(() => sync.itemCopies(input)),

    createPermissionTemplate: (input) => total(async () => observed('create_template', await permissions.createPermissionTemplate(input), eventsOf)),
    editPermissionTemplate: (input) => total(async () => observed('edit_template', await permissions.editPermissionTemplate(input), eventsOf)),
    deletePermissionTemplate: (input) => total(async () => observed('delete_template', await permissions.deletePermissionTemplate(input), eventsOf)),
    assignPermissionTemplate: (input) => total(async () => observed('assign_template', await permissions.assignPermissionTemplate(input), eventsOf)),
    permissionTemplate: (input) => total(() => permissions.permissionTemplate(input)),
    permissionAssignment: (input) => total(() => permissions.permissionAssignment(input)),
    checkPermission: (input) => total(() => permissions.checkPermission(input)),

    dispatchOutbox: (input) =>
      total(async () => {
        const p = parseInputAt(QuerySchemas.dispatch, input, ['input']);
        return p.ok ? dispatcher.dispatch() : p;
      }),
  };
  return Object.freeze(service);
}

/**
 * The names of every public method of {@link ConnectionService} (for fuzzing and wrappers). @example `CONNECTION_SERVICE_METHODS.includes('requestConnection')`
 * @since 0.1.0
 */
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
  'connectionsInState',
  'connectionHistory',
  'sharedProjectHistory',
  'inventory',
  'teamPlanUsage',
  'publishUpstreamItems',
  'unpublishUpstreamItems',
  'deleteUpstreamItems',
  'connectionSyncStatus',
  'itemCopies',
  'createPermissionTemplate',
  'editPermissionTemplate',
  'deletePermissionTemplate',
  'assignPermissionTemplate',
  'permissionTemplate',
  'permissionAssignment',
  'checkPermission',
  'dispatchOutbox',
] as const satisfies readonly (keyof ConnectionService)[]);

const METHODS: readonly string[] = CONNECTION_SERVICE_METHODS;

