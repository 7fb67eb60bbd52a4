import { domainError, type DomainError } from '../../core/errors.js';
import { err, ok, type Result } from '../../core/result.js';
import type { PermissionTemplate } from '../../permissions/template-data.js';
import type { StoredPermissionTemplate } from './records.js';

/*
 * Internal: which template an id names on a project, and every template P10 can reach from a few ids.
 *
 * On a project of company X, template id T is X's stored template T when the service stores one for X
 * (a deleted one hides the directory's T: the id names no template), else the directory's template T.
 * A stored template of another company never stands in for the directory's on X's projects.
 */

/** How many rounds of assignable lists P10 follows before it refuses (`reach_unresolved`). */
export const MAX_REACH_ROUNDS = 32;

/**
 * The template `id` names on a project of `companyId`: the stored one of that company (null when it
 * was deleted), or `undefined` to say the directory's template applies.
 * @internal
 */
export function storedFor(stored: StoredPermissionTemplate | undefined, companyId: string): PermissionTemplate | null | undefined {
  if (stored === undefined || stored.companyId !== companyId) return undefined;
  return stored.deleted ? null : stored.template;
}

/**
 * Where {@link reachTemplates} reads templates from.
 * @internal
 */
export interface ReachSources {
  /** The stored templates among these ids (absent when none is stored), or `unresolved` for ids the attempt did not load. */
  stored(ids: readonly string[]): Promise<ReadonlyMap<string, StoredPermissionTemplate | 'unresolved'>> | ReadonlyMap<string, StoredPermissionTemplate | 'unresolved'>;
  /** The directory's templates among these ids. */
  directory(ids: readonly string[]): Promise<Result<ReadonlyMap<string, PermissionTemplate>, DomainError>>;
}

/**
 * Every template reachable from `start` on a project of `companyId` by following assignable lists, each
 * as that project reads it (see {@link storedFor}); ids that name no template are left out (they reach
 * nothing). `NOT_ASSIGNABLE` with reason `reach_unresolved` when the lists go deeper than
 * {@link MAX_REACH_ROUNDS} or name a stored template the attempt could not read: P10 is never decided
 * on a part of the chain.
 * @internal
 */
export async function reachTemplates(start: readonly string[], companyId: string, sources: ReachSources): Promise<Result<PermissionTemplate[], DomainError>> {
  const resolved = new Map<string, PermissionTemplate | null>();
  let frontier = [...new Set(start)];
  for (let round = 0; frontier.length > 0; round += 1) {
    if (round === MAX_REACH_ROUNDS) return err(unresolved(frontier[0]!, `its assignable lists go deeper than ${MAX_REACH_ROUNDS} templates`));
    const stored = await sources.stored(frontier);
    const fromDirectory: string[] = [];
    for (const id of frontier) {
      const s = stored.get(id);
      if (s === 'unresolved') return err(unresolved(id, 'it changed while the assignment was decided; try again'));
      const own = storedFor(s, companyId);
      if (own === undefined) fromDirectory.push(id);
      else resolved.set(id, own);
    }
    if (fromDirectory.length > 0) {
      const listed = await sources.directory(fromDirectory);
      if (!listed.ok) return listed;
      for (const id of fromDirectory) resolved.set(id, listed.value.get(id) ?? null);
    }
    const next = new Set<string>();
    for (const id of frontier) for (const a of resolved.get(id)?.assignable ?? []) if (!resolved.has(a)) next.add(a);
    frontier = [...next];
  }
  const out: PermissionTemplate[] = [];
  for (const t of resolved.values()) if (t !== null) out.push(t);
  return ok(out);
}

function unresolved(templateId: string, why: string): DomainError {
  return domainError('NOT_ASSIGNABLE', { templateId, assignable: [], reason: 'reach_unresolved' }, `P10 cannot be decided: the templates reachable through "${templateId}" are not all known (${why}).`);
}
