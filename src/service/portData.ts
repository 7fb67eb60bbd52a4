import { z } from 'zod';
import { ProjectLedgerSchema, ConnectionSchema } from '../connection/schemas.js';
import type { Connection, ProjectLedger } from '../connection/state.js';
import { ToolIdSchema } from '../core/facts.js';
import { CompanyIdSchema, ProjectIdSchema, TemplateIdSchema, UserIdSchema, type CompanyId, type UserId } from '../core/ids.js';
import { deepFreeze } from '../core/freeze.js';
import { isPlainId, validationCache } from '../core/trust.js';
import { isPlainConnection, isPlainLedger } from '../connection/recordGuards.js';
import { ProjectNotificationSettingsSchema, RecipientListSettingsSchema } from '../notifications/settings.js';
import { readTemplate } from '../permissions/template.js';
import type { PermissionTemplate } from '../permissions/template.js';
import type { DirectoryProjectEntry, DirectoryUser } from '../ports/directory.js';

/*
 * Internal: validation of what the ports answer, once per object. A port that returns the same frozen
 * object again (the in-memory directory and storage do) pays for its validation once; mutable answers
 * are validated on every call. The schemas here are at least as strict as the checks the public
 * functions would apply to the same data, so a command takes the fast path only when the slow path
 * would accept the same data; anything they refuse sends the command down the slow path, unchanged.
 */

const unique = (ids: readonly string[]) => new Set(ids).size === ids.length;

export const ProjectEntrySchema = z.looseObject({
  projectId: ProjectIdSchema,
  companyId: CompanyIdSchema,
  members: z
    .array(z.looseObject({ userId: UserIdSchema, templateId: TemplateIdSchema }))
    .max(100_000)
    .refine((members) => unique(members.map((m) => m.userId)), 'a user appears once per directory'),
  notificationLists: z.record(ToolIdSchema, RecipientListSettingsSchema).optional(),
});

const UserEntrySchema = z.looseObject({ userId: UserIdSchema, companyIds: z.array(CompanyIdSchema).max(1000) });

const CompanyEntrySchema = z.looseObject({ companyId: CompanyIdSchema, admins: z.array(UserIdSchema).max(100_000).optional() });

/**
 * Internal: a deep-frozen project entry without notification lists that `ProjectEntrySchema` accepts
 * as it is, checked by hand: such entries (one per project, the bulk of a directory) need no cache
 * entry, so validating them costs no memory per project.
 */
export function isPlainProjectEntry(value: unknown): value is DirectoryProjectEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.isFrozen(value)) return false;
  const v = value as Record<string, unknown>;
  if (!isPlainId(v['projectId']) || !isPlainId(v['companyId']) || v['notificationLists'] !== undefined) return false;
  const members = v['members'];
  if (!Array.isArray(members) || !Object.isFrozen(members) || members.length > 100_000) return false;
  const seen = new Set<string>();
  for (const m of members as unknown[]) {
    if (typeof m !== 'object' || m === null || Array.isArray(m) || !Object.isFrozen(m)) return false;
    const { userId, templateId } = m as Record<string, unknown>;
    if (!isPlainId(userId) || !isPlainId(templateId) || seen.has(userId)) return false;
    seen.add(userId);
  }
  return true;
}

const projectEntryCache = validationCache<DirectoryProjectEntry>((value) => {
  const parsed = ProjectEntrySchema.safeParse(value);
  if (!parsed.success) return undefined;
  const entry = parsed.data as unknown as DirectoryProjectEntry;
  if (entry.notificationLists !== undefined) {
    // N2: company admins only on the Connection Manager list (the settings schema's own rule).
    const settings = ProjectNotificationSettingsSchema.safeParse({ projectId: entry.projectId, lists: entry.notificationLists });
    if (!settings.success) return undefined;
  }
  // The schema changes nothing it accepts (ids are kept as given, unknown keys kept): a frozen entry is
  // its own validated form, so the cache holds no copy of it.
  return Object.isFrozen(value) ? (value as DirectoryProjectEntry) : deepFreeze(entry);
});

/** Internal: a directory project entry, validated (by hand when plain and frozen, else by the schema, cached). */
export const projectEntries = {
  read: (value: unknown): DirectoryProjectEntry | undefined => (isPlainProjectEntry(value) ? value : projectEntryCache.read(value)),
};

/** Internal: a directory user entry (its companies), validated. */
export const userEntries = validationCache<DirectoryUser>((value) => {
  const parsed = UserEntrySchema.safeParse(value);
  return parsed.success ? (Object.isFrozen(value) ? (value as DirectoryUser) : (deepFreeze(parsed.data) as unknown as DirectoryUser)) : undefined;
});

/** Internal: a directory company entry (its admins), validated. */
export const companyEntries = validationCache<{ readonly companyId: CompanyId; readonly admins?: readonly UserId[] }>((value) => {
  const parsed = CompanyEntrySchema.safeParse(value);
  return parsed.success ? (Object.isFrozen(value) ? (value as { companyId: CompanyId }) : (deepFreeze(parsed.data) as { companyId: CompanyId; admins?: UserId[] })) : undefined;
});

/** Internal: a permission template, validated (shape only, as `DirectoryDataSchema` checks it). */
export function templateEntry(value: unknown): PermissionTemplate | undefined {
  const r = readTemplate(value);
  return r.ok ? r.value : undefined;
}

/**
 * Internal: a stored connection record, validated. Deep-frozen records of the right shape (those the
 * service committed, read back from the in-memory adapter) pass a hand-written guard with no side table,
 * so validation costs no memory per stored record; others go through the schema.
 */
export function connectionRecord(value: unknown): Connection | undefined {
  if (isPlainConnection(value)) return value;
  const parsed = ConnectionSchema.safeParse(value);
  return parsed.success ? deepFreeze(parsed.data as Connection) : undefined;
}

/** Internal: a stored project ledger, validated (see {@link connectionRecord}). */
export function ledgerRecord(value: unknown): ProjectLedger | undefined {
  if (isPlainLedger(value)) return value;
  const parsed = ProjectLedgerSchema.safeParse(value);
  return parsed.success ? deepFreeze(parsed.data as ProjectLedger) : undefined;
}

/** Internal: validates every element with `read`; `undefined` when any is malformed. */
export function readAll<T>(values: readonly unknown[], read: (value: unknown) => T | undefined): T[] | undefined {
  const out: T[] = [];
  for (const v of values) {
    const r = read(v);
    if (r === undefined) return undefined;
    out.push(r);
  }
  return out;
}
