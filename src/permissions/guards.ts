import type { InputIssue } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { isCleanText, UNSAFE_TEXT_MESSAGE } from '../core/trust.js';
import type { ToolSetting } from './template-data.js';

/*
 * Hand-written readers of the permission inputs, free of schema construction, so that the pure check
 * path (`can`, compiled checks, the built-in catalog) does not bundle zod. Each one accepts exactly
 * what its zod schema accepts and returns what the schema's parse returns (a fresh plain copy, keys in
 * schema order); test/permissions/guards.test.ts proves both against the schemas on random inputs.
 * They mirror zod 4's rules: objects are any non-array object and their fields are read with `in` and
 * `[]` (inherited ones count), strict objects refuse every `for...in` key outside the shape, records
 * need a plain object and read its own enumerable keys (an own `__proto__` key is skipped), string
 * lengths count code points, and an optional field that is present but `undefined` stays in the
 * output. A getter that throws makes the reader fail, never throw.
 */

type Path = (string | number)[];

const FAILED: unique symbol = Symbol('guard-failed');

interface Failure {
  readonly [FAILED]: true;
  readonly issue: InputIssue;
}

function fail(path: Path, message: string): never {
  const failure: Failure = { [FAILED]: true, issue: { path: [...path], code: 'invalid_input', message } };
  throw failure;
}

function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && (value as Partial<Failure>)[FAILED] === true;
}

/**
 * Internal: runs a reader; a failed check or a throwing getter gives the issue instead of a throw.
 * @internal
 */
export function guarded<T>(read: (value: unknown, path: Path) => T, value: unknown): Result<T, InputIssue> {
  try {
    return ok(read(value, []));
  } catch (cause) {
    if (isFailure(cause)) return err(cause.issue);
    return err({ path: [], code: 'unreadable', message: cause instanceof Error ? cause.message : 'input could not be read' });
  }
}

const TOOL_ID = /^[a-z][a-z0-9_]{0,63}$/;
const PERMISSION_ID = /^[a-z][a-z0-9_]{0,63}\.[a-z][a-z0-9_]{0,63}$/;
const PERMISSION_NAME = TOOL_ID;
const RESERVED = ['__proto__', 'constructor', 'prototype'];
const LEVELS = ['none', 'read_only', 'standard', 'admin'];

/** Code points of a string, counting a lone surrogate as one (as zod's length checks do). */
function codePoints(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length - 1; i += 1) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count -= 1;
      i += 1;
    }
  }
  return count;
}

function string(value: unknown, path: Path, min: number, max: number): string {
  if (typeof value !== 'string') fail(path, 'expected a string');
  // A code point is one or two UTF-16 units: count them only when the units leave a doubt.
  if (value.length < min || (value.length < 2 * min && codePoints(value) < min)) fail(path, `expected at least ${min} characters`);
  if (value.length > max && codePoints(value) > max) fail(path, `expected at most ${max} characters`);
  return value;
}

function id(value: unknown, path: Path): string {
  const s = string(value, path, 1, 200);
  if (RESERVED.includes(s)) fail(path, 'this id is reserved');
  if (!isCleanText(s)) fail(path, `this id ${UNSAFE_TEXT_MESSAGE}`);
  return s;
}

function pattern(value: unknown, path: Path, re: RegExp, what: string): string {
  if (typeof value !== 'string' || !re.test(value)) fail(path, `expected ${what}`);
  return value;
}

/**
 * Internal: whether a value is a permission id, `tool.name` in lower snake case (PermissionIdSchema).
 * @internal
 */
export function isPermissionIdString(value: unknown): value is string {
  return typeof value === 'string' && PERMISSION_ID.test(value);
}

/**
 * Internal: whether a value is a tool id in lower snake case (ToolIdSchema).
 * @internal
 */
export function isToolIdString(value: unknown): value is string {
  return typeof value === 'string' && TOOL_ID.test(value);
}

const toolId = (value: unknown, path: Path): string => pattern(value, path, TOOL_ID, 'a tool id in lower snake case');
const permissionId = (value: unknown, path: Path): string => pattern(value, path, PERMISSION_ID, 'a permission id "tool.name"');

function oneOf<T extends string>(value: unknown, path: Path, values: readonly T[]): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) fail(path, `expected one of ${values.join(', ')}`);
  return value as T;
}

function boolean(value: unknown, path: Path): boolean {
  if (typeof value !== 'boolean') fail(path, 'expected a boolean');
  return value;
}

function array<T>(value: unknown, path: Path, max: number, item: (v: unknown, p: Path) => T): T[] {
  if (!Array.isArray(value)) fail(path, 'expected an array');
  const n = value.length;
  if (n > max) fail(path, `expected at most ${max} items`);
  const out: T[] = [];
  for (let i = 0; i < n; i += 1) {
    path.push(i);
    out.push(item(value[i], path));
    path.pop();
  }
  return out;
}

function unique<T>(items: T[], path: Path, what: string): T[] {
  if (new Set(items).size !== items.length) fail(path, `${what} must not repeat`);
  return items;
}

function object(value: unknown, path: Path): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'expected an object');
  return value as Record<string, unknown>;
}

/** An object with no `for...in` key outside `keys` (zod's strict objects). */
function strictObject(value: unknown, path: Path, keys: readonly string[]): Record<string, unknown> {
  const o = object(value, path);
  for (const key in o) if (!keys.includes(key)) fail([...path, key], 'unrecognized key');
  return o;
}

/** Copies an optional field: absent stays absent, present `undefined` stays `undefined`. */
function optional<T>(o: Record<string, unknown>, out: Record<string, unknown>, key: string, path: Path, read: (v: unknown, p: Path) => T): void {
  const v = o[key];
  if (v === undefined) {
    if (key in o) out[key] = undefined;
    return;
  }
  path.push(key);
  out[key] = read(v, path);
  path.pop();
}

function required<T>(o: Record<string, unknown>, key: string, path: Path, read: (v: unknown, p: Path) => T): T {
  path.push(key);
  const v = read(o[key], path);
  if (!(key in o)) fail(path, 'required');
  path.pop();
  return v;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto = (ctor as { prototype?: unknown }).prototype;
  if (typeof proto !== 'object' || proto === null || Array.isArray(proto)) return false;
  return Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

/** zod's records: a plain object, own enumerable keys (an own `__proto__` is skipped), each key and value read. */
function record<T>(value: unknown, path: Path, key: (k: string, p: Path) => string, item: (v: unknown, p: Path) => T): Record<string, T> {
  if (!isPlainObject(value)) fail(path, 'expected a record');
  const out: Record<string, T> = {};
  for (const k of Reflect.ownKeys(value)) {
    if (k === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, k)) continue;
    if (typeof k !== 'string') fail(path, 'record keys are strings');
    path.push(k);
    key(k, path);
    out[k] = item(value[k], path);
    path.pop();
  }
  return out;
}

function toolSetting(value: unknown, path: Path): ToolSetting {
  const o = strictObject(value, path, ['level', 'granted']);
  const level = required(o, 'level', path, (v, p) => oneOf(v, p, LEVELS));
  const granted = required(o, 'granted', path, (v, p) => unique(array(v, p, 1000, permissionId), p, 'granted permissions'));
  return { level: level as ToolSetting['level'], granted };
}

const TEMPLATE_KEYS = ['schemaVersion', 'id', 'name', 'tools', 'typeSettings', 'assignable'];

/**
 * Internal: PermissionTemplateSchema without zod (shape only; catalog rules are validateTemplate's).
 * @internal
 */
export function readTemplateShape(value: unknown, path: Path): Record<string, unknown> {
  const o = strictObject(value, path, TEMPLATE_KEYS);
  const schemaVersion = required(o, 'schemaVersion', path, (v, p) => (v === 1 ? 1 : fail(p, 'expected schema version 1')));
  return {
    schemaVersion,
    id: required(o, 'id', path, id),
    name: required(o, 'name', path, (v, p) => {
      const name = string(v, p, 0, 200);
      if (!isCleanText(name)) fail(p, `a template name ${UNSAFE_TEXT_MESSAGE}`);
      return name;
    }),
    tools: required(o, 'tools', path, (v, p) => record(v, p, toolId, toolSetting)),
    typeSettings: required(o, 'typeSettings', path, (v, p) => record(v, p, toolId, (types, q) => record(types, q, id, toolSetting))),
    assignable: required(o, 'assignable', path, (v, p) => unique(array(v, p, 1000, id), p, 'assignable templates')),
  };
}

const CONTEXT_KEYS = ['itemType', 'platform', 'actorCompanyIds', 'otherParty', 'onDistributionList', 'activeTools'];

/**
 * Internal: EvaluationContextSchema without zod.
 * @internal
 */
export function readContextShape(value: unknown, path: Path): Record<string, unknown> {
  const o = strictObject(value, path, CONTEXT_KEYS);
  const out: Record<string, unknown> = {};
  optional(o, out, 'itemType', path, id);
  optional(o, out, 'platform', path, (v, p) => oneOf(v, p, ['web', 'mobile']));
  optional(o, out, 'actorCompanyIds', path, (v, p) => array(v, p, 1000, id));
  optional(o, out, 'otherParty', path, (v, p) => {
    const party = strictObject(v, p, ['companyId', 'role']);
    const copy: Record<string, unknown> = { companyId: required(party, 'companyId', p, id) };
    optional(party, copy, 'role', p, (r, q) => string(r, q, 1, 100));
    return copy;
  });
  optional(o, out, 'onDistributionList', path, boolean);
  optional(o, out, 'activeTools', path, (v, p) => array(v, p, 1000, toolId));
  return out;
}

function toolDefinition(value: unknown, path: Path): Record<string, unknown> {
  const o = object(value, path);
  return {
    id: required(o, 'id', path, toolId),
    label: required(o, 'label', path, (v, p) => string(v, p, 0, Infinity)),
    beta: required(o, 'beta', path, boolean),
    perType: required(o, 'perType', path, boolean),
    platformScoped: required(o, 'platformScoped', path, boolean),
    builtIn: required(o, 'builtIn', path, boolean),
    permissions: required(o, 'permissions', path, (v, p) => array(v, p, Infinity, permissionId)),
    actions: required(o, 'actions', path, (v, p) => array(v, p, Infinity, permissionId)),
  };
}

/**
 * Internal: the catalog shape schema without zod (tool definitions checked, permission records any value).
 * @internal
 */
export function readCatalogShape(value: unknown, path: Path): Record<string, unknown> {
  const o = object(value, path);
  const anything = (v: unknown): unknown => v;
  return {
    tools: required(o, 'tools', path, (v, p) => record(v, p, toolId, toolDefinition)),
    permissions: required(o, 'permissions', path, (v, p) => record(v, p, permissionId, anything)),
    actions: required(o, 'actions', path, (v, p) => record(v, p, permissionId, anything)),
  };
}

const PERMISSION_INPUT_KEYS = ['name', 'label', 'notes', 'lockedAtStandard', 'defaultAtStandard', 'alwaysOn', 'minLevel', 'mobile', 'requires', 'condition', 'overriddenBy'];

function label(v: unknown, p: Path): string {
  return string(v, p, 1, 200);
}

function permissionInput(value: unknown, path: Path): Record<string, unknown> {
  const o = strictObject(value, path, PERMISSION_INPUT_KEYS);
  const out: Record<string, unknown> = { name: required(o, 'name', path, (v, p) => pattern(v, p, PERMISSION_NAME, 'a permission name in lower snake case')) };
  optional(o, out, 'label', path, label);
  optional(o, out, 'notes', path, (v, p) => (v === null ? null : string(v, p, 0, 1000)));
  for (const flag of ['lockedAtStandard', 'defaultAtStandard', 'alwaysOn']) optional(o, out, flag, path, boolean);
  optional(o, out, 'minLevel', path, (v, p) => oneOf(v, p, ['read_only', 'standard']));
  optional(o, out, 'mobile', path, boolean);
  optional(o, out, 'requires', path, (v, p) => array(v, p, 64, permissionId));
  optional(o, out, 'condition', path, (v, p) => (v === null ? null : oneOf(v, p, ['same_company', 'distribution_list', 'contacts_enabled'])));
  optional(o, out, 'overriddenBy', path, (v, p) => array(v, p, 64, permissionId));
  return out;
}

function actionInput(value: unknown, path: Path): Record<string, unknown> {
  const o = strictObject(value, path, ['name', 'label', 'level']);
  const out: Record<string, unknown> = { name: required(o, 'name', path, (v, p) => pattern(v, p, PERMISSION_NAME, 'an action name in lower snake case')) };
  optional(o, out, 'label', path, label);
  out['level'] = required(o, 'level', path, (v, p) => oneOf(v, p, ['read_only', 'standard', 'admin']));
  return out;
}

const TOOL_INPUT_KEYS = ['id', 'label', 'beta', 'perType', 'platformScoped', 'permissions', 'actions'];

/**
 * Internal: ToolInputSchema without zod.
 * @internal
 */
export function readToolInput(value: unknown, path: Path): Record<string, unknown> {
  const o = strictObject(value, path, TOOL_INPUT_KEYS);
  const out: Record<string, unknown> = { id: required(o, 'id', path, toolId) };
  optional(o, out, 'label', path, label);
  for (const flag of ['beta', 'perType', 'platformScoped']) optional(o, out, flag, path, boolean);
  optional(o, out, 'permissions', path, (v, p) => array(v, p, 500, permissionInput));
  optional(o, out, 'actions', path, (v, p) => array(v, p, 100, actionInput));
  return out;
}

/**
 * Internal: an array of tool inputs (at most 1000), as `createCatalog` takes them.
 * @internal
 */
export function readToolInputs(value: unknown, path: Path): Record<string, unknown>[] {
  return array(value, path, 1000, readToolInput);
}
