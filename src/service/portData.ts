import { z } from 'zod';
import { ProjectLedgerSchema, ConnectionSchema } from '../connection/schemas.js';
import type { Connection, ProjectLedger } from '../connection/state.js';
import { ToolIdSchema } from '../core/facts.js';
import { CompanyIdSchema, ProjectIdSchema, TemplateIdSchema, UserIdSchema, type CompanyId, type UserId } from '../core/ids.js';
import { deepFreeze } from '../core/freeze.js';
import { validationCache } from '../core/trust.js';
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

const ProjectEntrySchema = z.looseObject({
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

/** Internal: a directory project entry, validated. */
export const projectEntries = validationCache<DirectoryProjectEntry>((value) => {
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

/** Internal: a stored connection record, validated (records the service committed are known). */
export const connectionRecords = validationCache<Connection>((value) => {
  const parsed = ConnectionSchema.safeParse(value);
  return parsed.success ? deepFreeze(parsed.data as Connection) : undefined;
});

/** Internal: a stored project ledger, validated (records the service committed are known). */
export const ledgerRecords = validationCache<ProjectLedger>((value) => {
  const parsed = ProjectLedgerSchema.safeParse(value);
  return parsed.success ? deepFreeze(parsed.data as ProjectLedger) : undefined;
});

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
