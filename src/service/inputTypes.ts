import type { TemplateEdit } from './permissions/module.js';
import type { ConnectionState } from '../connection/machine.js';

/*
 * The inputs of the service's methods as TypeScript sees them: plain strings for ids (branded ids are
 * accepted too, being strings), every field named, so a misspelt field fails to compile. Every method
 * still validates its input at run time (`INVALID_INPUT`, nothing written): these types describe what
 * passes.
 */

/**
 * Fields every command may carry. @example `{ idempotencyKey: 'req-7f3a' }`
 * @since 0.2.0
 */
export interface KeyedInput {
  /** Retrying with the same key (per acting user) returns the first outcome (C15). */
  readonly idempotencyKey?: string;
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
  readonly connectionId?: string;
  readonly upstreamProjectId: string;
  readonly downstreamProjectId: string;
  /** The shared data types (S1), at least one, e.g. `['drawings']`. */
  readonly dataTypes: readonly string[];
  /** Optional end date: after it the connection counts as disconnected. */
  readonly endsAt?: number | null;
}

/**
 * Input of the commands on one connection (approve, cancel, undo). @example `{ actorId: 'gina', connectionId: 'cn-1' }`
 * @since 0.2.0
 */
export interface ConnectionTargetInput extends ActingInput {
  readonly connectionId: string;
}

/**
 * Input of `declineConnection` (C6, C7). @example `{ actorId: 'gina', connectionId: 'cn-1', reason: 'wrong project' }`
 * @since 0.2.0
 */
export interface DeclineConnectionInput extends ConnectionTargetInput {
  readonly reason?: string;
}

/**
 * Input of `disconnectConnection` (C9, C10). @example `{ actorId: 'sam', connectionId: 'cn-1', reason: 'contract ended' }`
 * @since 0.2.0
 */
export interface DisconnectConnectionInput extends ConnectionTargetInput {
  readonly reason: string;
  /** The side the actor acts for; inferred when omitted (upstream first). */
  readonly side?: 'upstream' | 'downstream';
}

/**
 * Input naming one connection. @example `{ connectionId: 'cn-1' }`
 * @since 0.2.0
 */
export interface ConnectionIdInput {
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
  readonly teamId: string;
}

/**
 * Input of `inviteExternalTeam` (H1–H4). @example `{ actorId: 'hana', sharedProjectId: 'brand', hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' }`
 * @since 0.2.0
 */
export interface InviteExternalTeamInput extends ActingInput {
  /** Drawn from the ids port when omitted. */
  readonly shareId?: string;
  readonly sharedProjectId: string;
  readonly hostTeamId: string;
  readonly externalTeamId: string;
  readonly contactEmail: string;
}

/**
 * Input of the commands on one share (accept, share a copy, transfer). @example `{ actorId: 'lea', shareId: 'sh-1' }`
 * @since 0.2.0
 */
export interface ShareTargetInput extends ActingInput {
  readonly shareId: string;
}

/**
 * Input of `declineInvitation` and `cancelInvitation`. @example `{ actorId: 'lea', shareId: 'sh-1', reason: 'not now' }`
 * @since 0.2.0
 */
export interface ShareReasonInput extends ShareTargetInput {
  readonly reason?: string;
}

/**
 * Input of `disconnectSharedProject` (H9). @example `{ actorId: 'hana', shareId: 'sh-1', outcome: 'share_copy' }`
 * @since 0.2.0
 */
export interface DisconnectSharedProjectInput extends ShareReasonInput {
  readonly side?: 'host' | 'external';
  readonly outcome?: 'keep' | 'share_copy';
}

/**
 * Paging of a list query. @example `{ limit: 50, after: page.next }`
 * @since 0.2.0
 */
export interface PageInput {
  /** At most this many items (1 to 1,000; default 100). */
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
}

/**
 * Input of `projectConnections`. @example `{ projectId: 'tower', limit: 50 }`
 * @since 0.2.0
 */
export interface ProjectConnectionsInput extends PageInput {
  readonly projectId: string;
}

/**
 * Input of `connectionsInState`. @example `{ state: 'pending' }`
 * @since 0.2.0
 */
export interface ConnectionsInStateInput extends PageInput {
  readonly state: ConnectionState;
}

/**
 * Input of `inventory`: a company's connections, a team's shared projects, or both (connections first). @example `{ companyId: 'build-co' }`
 * @since 0.2.0
 */
export interface InventoryInput extends PageInput {
  readonly companyId?: string;
  readonly teamId?: string;
}

/**
 * Input naming one share. @example `{ shareId: 'sh-1' }`
 * @since 0.2.0
 */
export interface ShareIdInput {
  readonly shareId: string;
}

/**
 * Input naming one team. @example `{ teamId: 'studio' }`
 * @since 0.2.0
 */
export interface TeamIdInput {
  readonly teamId: string;
}

/**
 * Input of `reconcileDeadlines`. @example `{ limit: 500 }`
 * @since 0.2.0
 */
export interface SweepInput {
  /** At most this many connections (default `policy.sweepLimit`). */
  readonly limit?: number;
}

/**
 * An upstream item as `publishUpstreamItems` takes it: a new item or a new revision (S3). It syncs as
 * published; copies arrive unpublished downstream (S2, S4).
 *
 * @example `{ dataType: 'drawings', itemId: 'A-101', revision: 2, attributes: { title: 'Ground floor' } }`
 * @since 0.2.0
 */
export interface PublishedItemInput {
  readonly dataType: string;
  readonly itemId: string;
  /** Never lower than a revision already reported for the item. */
  readonly revision: number;
  readonly attributes?: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Input of `publishUpstreamItems` (S3): 1 to 500 items of one upstream project. @example `{ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-101', revision: 1 }] }`
 * @since 0.2.0
 */
export interface PublishUpstreamItemsInput extends KeyedInput {
  readonly upstreamProjectId: string;
  readonly items: readonly PublishedItemInput[];
}

/**
 * One upstream item named by data type and id. @example `{ dataType: 'drawings', itemId: 'A-101' }`
 * @since 0.2.0
 */
export interface UpstreamItemRef {
  readonly dataType: string;
  readonly itemId: string;
}

/**
 * Input of `unpublishUpstreamItems` and `deleteUpstreamItems` (S3, S4): 1 to 500 items. @example `{ upstreamProjectId: 'tower', items: [{ dataType: 'drawings', itemId: 'A-104' }] }`
 * @since 0.2.0
 */
export interface UpstreamItemsChangeInput extends KeyedInput {
  readonly upstreamProjectId: string;
  readonly items: readonly UpstreamItemRef[];
}

/**
 * Input of `itemCopies`: an upstream item, and a page. @example `{ upstreamProjectId: 'tower', dataType: 'drawings', itemId: 'A-101', limit: 50 }`
 * @since 0.2.0
 */
export interface ItemCopiesInput extends PageInput {
  readonly upstreamProjectId: string;
  readonly dataType: string;
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
  readonly actorId: string;
  readonly companyId: string;
  readonly templateId: string;
  readonly name?: string;
  readonly assignable?: readonly string[];
  readonly tools?: Readonly<Record<string, 'none' | 'read_only' | 'standard' | 'admin'>>;
}

/**
 * Input of `editPermissionTemplate`: edits applied in order, all or none (P2–P7). @example `{ actorId: 'ana', templateId: 'foreman', edits: [{ kind: 'enable', permission: 'drawings.publish' }], expectedVersion: 1 }`
 * @since 0.2.0
 */
export interface EditPermissionTemplateInput extends KeyedInput {
  readonly actorId: string;
  readonly templateId: string;
  readonly edits: readonly TemplateEdit[];
  /** Refuse the edit (`CONCURRENT_MODIFICATION`) unless the template is at this version. */
  readonly expectedVersion?: number;
}

/**
 * Input of `deletePermissionTemplate` (refused while someone holds it). @example `{ actorId: 'ana', templateId: 'old-crew' }`
 * @since 0.2.0
 */
export interface DeletePermissionTemplateInput extends KeyedInput {
  readonly actorId: string;
  readonly templateId: string;
  readonly expectedVersion?: number;
}

/**
 * Input of `assignPermissionTemplate` (P10). @example `{ actorId: 'ana', projectId: 'tower', userId: 'bo', templateId: 'crew' }`
 * @since 0.2.0
 */
export interface AssignPermissionTemplateInput extends KeyedInput {
  readonly actorId: string;
  readonly projectId: string;
  readonly userId: string;
  readonly templateId: string;
}

/**
 * Input of `permissionTemplate`. @example `{ templateId: 'foreman' }`
 * @since 0.2.0
 */
export interface TemplateIdInput {
  readonly templateId: string;
}

/**
 * Input of `permissionAssignment`. @example `{ projectId: 'tower', userId: 'bo' }`
 * @since 0.2.0
 */
export interface ProjectMemberInput {
  readonly projectId: string;
  readonly userId: string;
}

/**
 * Input of `checkPermission` (P11). @example `{ projectId: 'tower', userId: 'bo', permission: 'drawings.publish' }`
 * @since 0.2.0
 */
export interface CheckPermissionInput extends ProjectMemberInput {
  readonly permission: string;
  readonly context?: Readonly<Record<string, unknown>>;
}
