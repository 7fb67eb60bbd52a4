import type { Brand } from './ids.js';

/**
 * What a pure entry point accepts for a domain type `T`: the same fields, with every branded id
 * (`ProjectId`, `ConnectionId`, `ShareId`, …) relaxed to a plain `string`, arrays relaxed to read-only
 * arrays, and everything else unchanged.
 *
 * @remarks
 * So a command, context or view can be written as an object literal of plain strings (a misspelt field
 * or command `type` still fails to compile), and the branded records this library returns are accepted
 * as they are. The types describe what passes; every entry point still validates its inputs at run time
 * (`INVALID_INPUT`), because JavaScript callers, JSON and casts bypass them (docs/concepts.md, "Typed
 * inputs, run-time validation").
 *
 * @example
 * ```ts
 * const approve: PlainIds<ApproveConnection> = { type: 'approve', connectionId: 'cn-1' };
 * ```
 * @since 0.2.0
 */
export type PlainIds<T> = T extends Brand<string, string>
  ? string
  : T extends (...args: never[]) => unknown
    ? T
    : T extends readonly (infer U)[]
      ? readonly PlainIds<U>[]
      : T extends object
        ? { readonly [K in keyof T]: PlainIds<T[K]> }
        : T;
