import type { PlainIds } from '../core/input.js';
import type { EvaluationContext } from './context.js';
import type { DirectoryData } from './directory.js';
import type { PermissionTemplate } from './template.js';

/*
 * The inputs of the permission functions as TypeScript sees them: plain strings for ids (branded ids
 * are strings, so they are accepted too), every field named. The functions still validate at run time
 * (`INVALID_INPUT`): these types describe what passes. `validateTemplate`, `loadTemplate` and
 * `parseTemplate` keep `unknown`: reading arbitrary stored data is their point.
 */

/**
 * A {@link PermissionTemplate} as the permission functions accept it: a template this library built, or
 * one read back from storage with a plain-string id.
 *
 * @example
 * ```ts
 * const template: PermissionTemplateInput = { schemaVersion: 1, id: 'crew', name: 'Crew', tools: {}, typeSettings: {}, assignable: [] };
 * ```
 * @since 0.2.0
 */
export type PermissionTemplateInput = PlainIds<PermissionTemplate>;

/**
 * An {@link EvaluationContext} as the checks accept it (company ids as plain strings).
 *
 * @example
 * ```ts
 * const context: EvaluationContextInput = { platform: 'web', actorCompanyIds: ['electric-co'] };
 * ```
 * @since 0.2.0
 */
export type EvaluationContextInput = PlainIds<EvaluationContext>;

/**
 * {@link DirectoryData} as `assignTemplate`, `deriveAuthorizationFacts` and
 * `explainConnectedDataAccessFor` accept it: ids as plain strings.
 *
 * @example
 * ```ts
 * const directory: DirectoryDataInput = { companies: [], memberships: [], projects: [], templates: [] };
 * ```
 * @since 0.2.0
 */
export type DirectoryDataInput = PlainIds<DirectoryData>;

/**
 * The input of `createTemplate`: the new template's id, and optionally its name and the templates its
 * holders may assign (P10).
 *
 * @example
 * ```ts
 * const input: CreateTemplateInput = { id: 'foreman', name: 'Foreman', assignable: ['crew'] };
 * ```
 * @since 0.2.0
 */
export interface CreateTemplateInput {
  /** The template id (a plain string, e.g. `foreman`). */
  readonly id: string;
  /** Defaults to the id. */
  readonly name?: string;
  /** The ids of the templates a holder of this one may assign to others (P10); none when omitted. */
  readonly assignable?: readonly string[];
}

