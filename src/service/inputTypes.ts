import type { TemplateEdit } from './permissions/module.js';
import type { ConnectionState } from '../connection/machine.js';

/*
 * The inputs of the service's methods as TypeScript sees them: plain strings for ids (branded ids are
 * accepted too, being strings), every field named, so a misspelt field fails to compile. Every method
 * still validates its input at run time (`INVALID_INPUT`, nothing written): these types describe what
 * passes. An optional field may also be given as `undefined`, which means the same as leaving it out
 * (so callers with `exactOptionalPropertyTypes` can pass `{ reason: maybeReason }`).
 */

/**
 * Fields every command may carry. @example `{ idempotencyKey: 'req-7f3a' }`
 * @since 0.2.0
 */
export interface KeyedInput {
  /** Retrying with the same key (per acting user) returns the first outcome (C15). */
  readonly idempotencyKey?: string | undefined;
}

/**
 * A command run by a user. @example `{ actorId: 'sam' }`
 * @since 0.2.0
 */
export interface ActingInput extends KeyedInput {
  /** The acting user (a directory user id). */
  readonly actorId: string;
}

/**
 * Input of `requestConnection` (C1–C5). @example `{ actorId: 'sam', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] }`
 * @since 0.2.0
 */
export interface RequestConnectionInput extends ActingInput {
  /** Drawn from the ids port when omitted. */
  readonly connectionId?: string | undefined;
  /** The project data is copied from (C1). */
  readonly upstreamProjectId: string;
  /** The requesting project, data is copied to (C2, C3). */
  readonly downstreamProjectId: string;
  /** The shared data types (S1), at least one, e.g. `['drawings']`. */
  readonly dataTypes: readonly string[];
  /** Optional end date: after it the connection counts as disconnected. */
  readonly endsAt?: number | null | undefined;
}

/**
 * Input of the commands on one connection (approve, cancel, undo). @example `{ actorId: 'gina', connectionId: 'cn-1' }`
 * @since 0.2.0
 */
export interface ConnectionTargetInput extends ActingInput {
  /** The connection the command acts on. */
  readonly connectionId: string;
}

/**
 * Input of `declineConnection` (C6, C7). @example `{ actorId: 'gina', connectionId: 'cn-1', reason: 'wrong project' }`
 * @since 0.2.0
 */
export interface DeclineConnectionInput extends ConnectionTargetInput {
  /** Why it is declined, kept in the history (optional). */
  readonly reason?: string | undefined;
}

/**
 * Input of `disconnectConnection` (C9, C10). @example `{ actorId: 'sam', connectionId: 'cn-1', reason: 'contract ended' }`
 * @since 0.2.0
 */
export interface DisconnectConnectionInput extends ConnectionTargetInput {
  /** Why it is disconnected, kept in the history (required, C9). */
  readonly reason: string;
  /** The side the actor acts for; inferred when omitted (upstream first). */
  readonly side?: 'upstream' | 'downstream' | undefined;
}

/**
 * Input naming one connection. @example `{ connectionId: 'cn-1' }`
 * @since 0.2.0
 */
export interface ConnectionIdInput {
  /** The connection to read or reconcile. */
  readonly connectionId: string;
}

/**
 * A command run by a user, or (for team registration and plan changes) by a system actor. @example `{ system: 'billing' }`
 * @since 0.2.0
 */
export type TeamActorInput = { readonly actorId: string; readonly system?: never } | { readonly system: 'billing' | 'provisioning'; readonly actorId?: never };

/**
 * Input of `registerTeam`. @example `{ system: 'provisioning', teamId: 'studio', domain: 'studio.example', plan: 'professional' }`
 * @since 0.2.0
 */
export type RegisterTeamInput = TeamActorInput & KeyedInput & { readonly teamId: string; readonly domain: string; readonly plan: 'starter' | 'professional' | 'organization' | 'enterprise' };

/**
 * Input of `changeTeamPlan` (H5). @example `{ system: 'billing', teamId: 'studio', plan: 'enterprise' }`
 * @since 0.2.0
 */
export type ChangeTeamPlanInput = TeamActorInput & KeyedInput & { readonly teamId: string; readonly plan: 'starter' | 'professional' | 'organization' | 'enterprise' };

/**
 * Input of `syncTeamFromDirectory`. @example `{ teamId: 'studio' }`
 * @since 0.2.0
 */
export interface SyncTeamInput extends KeyedInput {
  /** The team to register or update from the directory. */
  readonly teamId: string;
}

/**
 * Input of `inviteExternalTeam` (H1–H4). @example `{ actorId: 'hana', sharedProjectId: 'brand', hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' }`
 * @since 0.2.0
 */
export interface InviteExternalTeamInput extends ActingInput {
  /** Drawn from the ids port when omitted. */
  readonly shareId?: string | undefined;
  /** The project to share (H3). */
  readonly sharedProjectId: string;
  /** The team that hosts the project and invites. */
  readonly hostTeamId: string;
  /** The team invited (H1). */
  readonly externalTeamId: string;
  /** The e-mail address of the external contact, who joins on acceptance (H12). */
  readonly contactEmail: string;
}

/**
 * Input of the commands on one share (accept, share a copy, transfer). @example `{ actorId: 'lea', shareId: 'sh-1' }`
 * @since 0.2.0
 */
export interface ShareTargetInput extends ActingInput {
  /** The share the command acts on. */
  readonly shareId: string;
}

/**
 * Input of `declineInvitation` and `cancelInvitation`. @example `{ actorId: 'lea', shareId: 'sh-1', reason: 'not now' }`
 * @since 0.2.0
 */
export interface ShareReasonInput extends ShareTargetInput {
  /** Why, kept in the history (optional). */
  readonly reason?: string | undefined;
}

/**
 * Input of `disconnectSharedProject` (H9). @example `{ actorId: 'hana', shareId: 'sh-1', outcome: 'share_copy' }`
 * @since 0.2.0
 */
export interface DisconnectSharedProjectInput extends ShareReasonInput {
  /** The side the actor acts for; inferred when omitted (host first). */
  readonly side?: 'host' | 'external' | undefined;
  /** The host's choice (H9), host admins only; default `keep`. */
  readonly outcome?: 'keep' | 'share_copy' | undefined;
}

/**
 * Paging of a list query. @example `{ limit: 50, after: page.next }`
 * @since 0.2.0
 */
export interface PageInput {
  /** At most this many items (1 to 1,000; default 100). */
  readonly limit?: number | undefined;
  /**
   * The `next` cursor of the previous page of the same query (same method and same project, state,
   * company, team or item); a cursor of any other query is `INVALID_INPUT`.
   */
  readonly after?: string | undefined;
}

/**
 * Input of `projectConnections`. @example `{ projectId: 'tower', limit: 50 }`
 * @since 0.2.0
 */
export interface ProjectConnectionsInput extends PageInput {
  /** The project whose connections are listed, as upstream or downstream. */
  readonly projectId: string;
}

/**
 * Input of `connectionsInState`. @example `{ state: 'pending' }`
 * @since 0.2.0
 */
export interface ConnectionsInStateInput extends PageInput {
  /** The stored state to list. */
  readonly state: ConnectionState;
}

/**
 * Input of `inventory`: a company's connections, a team's shared projects, or both (connections first). @example `{ companyId: 'build-co' }`
 * @since 0.2.0
 */
export interface InventoryInput extends PageInput {
  /** The company whose external connections are listed. */
  readonly companyId?: string | undefined;
  /** The team whose shared projects are listed. */
  readonly teamId?: string | undefined;
}

/**
 * Input naming one share. @example `{ shareId: 'sh-1' }`
 * @since 0.2.0
 */
export interface ShareIdInput {
  /** The share to read. */
  readonly shareId: string;
}

/**
 * Input naming one team. @example `{ teamId: 'studio' }`
 * @since 0.2.0
 */
export interface TeamIdInput {
  /** The team to read. */
  readonly teamId: string;
}

/**
 * Input of `reconcileDeadlines`. @example `{ limit: 500 }`
 * @since 0.2.0
 */
export interface SweepInput {
  /** At most this many connections (default `policy.sweepLimit`). */
  readonly limit?: number | undefined;
}

/**
 * An upstream item as `publishUpstreamItems` takes it: a new item or a new revision (S3). It syncs as
 * published; copies arrive unpublished downstream (S2, S4).
 *
 * @example `{ dataType: 'drawings', itemId: 'A-101', revision: 2, attributes: { title: 'Ground floor' } }`
 * @since 0.2.0
 */
export interface PublishedItemInput {
  /** The item's data type (S1). */
  readonly dataType: string;
  /** The item's id in the upstream project. */
  readonly itemId: string;
  /** Never lower than a revision already reported for the item. */
  readonly revision: number;
  /** The item's plain attributes, copied as they are. */
  readonly attributes?: Readonly<Record<string, string | number | boolean | null>> | undefined;
}

/**
 * Input of `publishUpstreamItems` (S3): 1 to 500 items of one upstream project. @example `{ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] }`
 * @since 0.2.0
 */
export interface PublishUpstreamItemsInput extends KeyedInput {
  /** The upstream project where the items were published. */
  readonly upstreamProjectId: string;
  /** The items published (new, or a new revision). */
  readonly items: readonly PublishedItemInput[];
}

/**
 * One upstream item named by data type and id. @example `{ dataType: 'drawings', itemId: 'A-101' }`
 * @since 0.2.0
 */
export interface UpstreamItemRef {
  /** The item's data type. */
  readonly dataType: string;
  /** The item's id in the upstream project. */
  readonly itemId: string;
}

/**
 * Input of `unpublishUpstreamItems` and `deleteUpstreamItems` (S3, S4): 1 to 500 items. @example `{ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-104' }] }`
 * @since 0.2.0
 */
export interface UpstreamItemsChangeInput extends KeyedInput {
  /** The upstream project where the items changed. */
  readonly upstreamProjectId: string;
  /** The items unpublished or deleted. */
  readonly items: readonly UpstreamItemRef[];
}

/**
 * Input of `itemCopies`: an upstream item, and a page. @example `{ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-101', limit: 50 }`
 * @since 0.2.0
 */
export interface ItemCopiesInput extends PageInput {
  /** The upstream project of the item. */
  readonly upstreamProjectId: string;
  /** The item's data type. */
  readonly dataType: string;
  /** The item's id in the upstream project. */
  readonly itemId: string;
}

/**
 * Input of `createPermissionTemplate`: a company admin creates a template of their company, with its
 * tool levels (P1, defaults P4) and the templates its holders may assign (P10).
 *
 * @example `{ actorId: 'ana', companyId: 'build-co', templateId: 'foreman', tools: { drawings: 'standard' }, assignable: ['crew'] }`
 * @since 0.2.0
 */
export interface CreatePermissionTemplateInput extends KeyedInput {
  /** The acting user, a company admin of `companyId`. */
  readonly actorId: string;
  /** The company that will own the template. */
  readonly companyId: string;
  /** The new template's id. */
  readonly templateId: string;
  /** Its display name. */
  readonly name?: string | undefined;
  /** The templates its holders may assign (P10). */
  readonly assignable?: readonly string[] | undefined;
  /** Its level per tool (P1); granular defaults follow the level (P4). */
  readonly tools?: Readonly<Record<string, 'none' | 'read_only' | 'standard' | 'admin'>> | undefined;
}

/**
 * Input of `editPermissionTemplate`: edits applied in order, all or none (P2–P7). @example `{ actorId: 'ana', templateId: 'foreman', edits: [{ kind: 'set_level', tool: 'rfis', level: 'standard' }, { kind: 'enable', permission: 'rfis.act_as_rfi_manager' }], expectedVersion: 1 }`
 * @since 0.2.0
 */
export interface EditPermissionTemplateInput extends KeyedInput {
  /** The acting user, a company admin of the template's company. */
  readonly actorId: string;
  /** The template to edit. */
  readonly templateId: string;
  /** The edits, applied in order, all or none (P2–P7). */
  readonly edits: readonly TemplateEdit[];
  /** Refuse the edit (`CONCURRENT_MODIFICATION`) unless the template is at this version. */
  readonly expectedVersion?: number | undefined;
}

/**
 * Input of `deletePermissionTemplate` (refused while someone holds it). @example `{ actorId: 'ana', templateId: 'old-crew' }`
 * @since 0.2.0
 */
export interface DeletePermissionTemplateInput extends KeyedInput {
  /** The acting user, a company admin of the template's company. */
  readonly actorId: string;
  /** The template to delete (refused while someone holds it). */
  readonly templateId: string;
  /** Refuse the delete (`CONCURRENT_MODIFICATION`) unless the template is at this version. */
  readonly expectedVersion?: number | undefined;
}

/**
 * Input of `assignPermissionTemplate` (P10). @example `{ actorId: 'ana', projectId: 'tower', userId: 'bo', templateId: 'crew' }`
 * @since 0.2.0
 */
export interface AssignPermissionTemplateInput extends KeyedInput {
  /** The assigning user; their own template on the project decides what they may assign (P10). */
  readonly actorId: string;
  /** The project the template is held on. */
  readonly projectId: string;
  /** The user who receives the template. */
  readonly userId: string;
  /** The template to assign. */
  readonly templateId: string;
}

/**
 * Input of `permissionTemplate`. @example `{ templateId: 'foreman' }`
 * @since 0.2.0
 */
export interface TemplateIdInput {
  /** The template to read. */
  readonly templateId: string;
}

/**
 * Input of `permissionAssignment`. @example `{ projectId: 'tower', userId: 'bo' }`
 * @since 0.2.0
 */
export interface ProjectMemberInput {
  /** The project. */
  readonly projectId: string;
  /** The user on the project. */
  readonly userId: string;
}

/**
 * Input of `checkPermission` (P11). @example `{ projectId: 'tower', userId: 'bo', permission: 'drawings.publish' }`
 * @since 0.2.0
 */
export interface CheckPermissionInput extends ProjectMemberInput {
  /** The permission or level action to check, `tool.name` (P12). */
  readonly permission: string;
  /** The situation, for conditional permissions (an `EvaluationContext`, P8, P9). */
  readonly context?: Readonly<Record<string, unknown>> | undefined;
}
