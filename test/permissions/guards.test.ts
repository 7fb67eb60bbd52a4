import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ToolIdSchema } from '../../src/core/facts.js';
import { evaluationContextArbitrary, permissionIdArbitrary, rawTemplateArbitrary, templateArbitrary } from '../../src/permissions/arbitraries.js';
import { catalogToInputs } from '../../src/permissions/catalog-build.js';
import { CatalogShapeSchema, ToolInputsSchema } from '../../src/permissions/catalog.js';
import { guarded, isPermissionIdString, isToolIdString, readCatalogShape, readContextShape, readTemplateShape, readToolInput, readToolInputs } from '../../src/permissions/guards.js';
import {
  BUILT_IN_CATALOG,
  can,
  EvaluationContextSchema,
  explain,
  PermissionIdSchema,
  PermissionTemplateSchema,
  registerTool,
  ToolInputSchema,
} from '../../src/permissions/index.js';
import { pbtRuns } from '../support/pbt.js';
import { must } from './helpers.js';

/*
 * The schema-free readers of the check path (issue 16) accept exactly what the zod schemas accept, and
 * return what zod's parse returns: checked on valid inputs mutated in every way zod distinguishes
 * (extra, missing, undefined and inherited keys, null prototypes, class instances, own `__proto__`,
 * symbol and non-enumerable keys, holes, long and surrogate strings, NULs and lone surrogates, reserved
 * ids) and on anything.
 */

const strings = fc.oneof(
  fc.constantFrom('', 'a', 'rfis', 'Rfis', 'rfis.act_as_rfi_manager', 'rfis.', '__proto__', 'constructor', 'prototype', 'toString', '1', ' x', 'standard', 'admin', 'web', 'mobile'),
  fc.constantFrom('a'.repeat(200), 'a'.repeat(201), '😀'.repeat(100), '😀'.repeat(101), '😀'.repeat(200), '😀'.repeat(201), 'a'.repeat(99) + '😀', '\uD800'.repeat(201), 'b'.repeat(100), 'b'.repeat(101), 'a\u0000b', '\u0000', 'x\uDC00', 'rfis\uD800'),
  fc.string({ maxLength: 8 }),
);
const values = fc.oneof(strings, fc.anything({ maxDepth: 2, withNullPrototype: true, withObjectString: true }), fc.constantFrom(undefined, null, 1, true, [], {}, ['rfis.act_as_rfi_manager']));
const keys = fc.oneof(strings, fc.constantFrom('level', 'granted', 'tools', 'id', 'name', 'label', 'permissions', 'actions', 'requires', 'condition', 'notes', 'itemType', 'otherParty', 'companyId', 'role'));

type Op =
  | { readonly op: 'set' | 'extra'; readonly key: string; readonly value: unknown }
  | { readonly op: 'delete' | 'undefined'; readonly key: string }
  | { readonly op: 'copy'; readonly key: string; readonly to: string }
  | { readonly op: 'grow'; readonly length: number }
  | { readonly op: 'null_prototype' | 'inherit' | 'class' | 'own_proto' | 'symbol' | 'non_enumerable' | 'hole' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('set' as const, 'extra' as const), key: keys, value: values }),
  fc.record({ op: fc.constantFrom('delete' as const, 'undefined' as const), key: keys }),
  fc.record({ op: fc.constant('grow' as const), length: fc.constantFrom(64, 65, 100, 101, 500, 501, 1000, 1001) }),
  fc.record({ op: fc.constant('copy' as const), key: keys, to: fc.oneof(keys, fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf')) }),
  fc.record({ op: fc.constantFrom('null_prototype' as const, 'inherit' as const, 'class' as const, 'own_proto' as const, 'symbol' as const, 'non_enumerable' as const, 'hole' as const) }),
);

class Instance {}

/** A plain JSON copy (values JSON cannot hold are kept as they are). */
function clone(value: unknown): unknown {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? value : JSON.parse(json);
  } catch {
    return value;
  }
}

/** Applies each op to a container node picked by `at`, replacing nodes in their parents when needed. */
function mutate(base: unknown, ops: readonly { at: number; op: Op }[]): unknown {
  const root = { value: clone(base) as unknown };
  for (const { at, op: o } of ops) {
    const nodes: { parent: Record<string | number, unknown>; key: string | number; node: Record<string | number, unknown> }[] = [];
    const walk = (parent: Record<string | number, unknown>, key: string | number, depth: number): void => {
      const node = parent[key];
      if (typeof node !== 'object' || node === null || depth > 6) return;
      nodes.push({ parent, key, node: node as Record<string | number, unknown> });
      for (const k of Object.keys(node)) walk(node as Record<string, unknown>, Array.isArray(node) ? Number(k) : k, depth + 1);
    };
    walk(root as Record<string, unknown>, 'value', 0);
    const target = nodes[at % Math.max(nodes.length, 1)];
    if (target === undefined) {
      if (o.op === 'set' || o.op === 'extra') root.value = o.value;
      continue;
    }
    const { parent, key, node } = target;
    const own = Object.keys(node);
    const pick = (k: string) => (own.length > 0 && o.op !== 'extra' ? (own[k.length % own.length] ?? k) : k);
    if ('key' in o && Array.isArray(node) && pick(o.key) === 'length') continue;
    switch (o.op) {
      case 'set':
      case 'extra':
        node[pick(o.key)] = o.value;
        break;
      case 'copy':
        // A valid entry under a key that means something to objects (a tool called "constructor", ...).
        if (!Array.isArray(node)) node[o.to] = clone(node[pick(o.key)]);
        break;
      case 'delete':
        delete node[pick(o.key)];
        break;
      case 'undefined':
        node[pick(o.key)] = undefined;
        break;
      case 'null_prototype':
        if (!Array.isArray(node)) parent[key] = Object.assign(Object.create(null), node);
        break;
      case 'inherit':
        parent[key] = Object.create(node);
        break;
      case 'class':
        if (!Array.isArray(node)) parent[key] = Object.assign(new Instance(), node);
        break;
      case 'own_proto':
        Object.defineProperty(node, '__proto__', { value: { level: 'admin' }, enumerable: true, configurable: true, writable: true });
        break;
      case 'symbol':
        node[Symbol('s') as unknown as string] = 1;
        break;
      case 'non_enumerable':
        Object.defineProperty(node, own[0] ?? 'hidden', { value: 'x', enumerable: false, configurable: true });
        break;
      case 'grow':
        // Up to the array limits of the schemas: copies of the first item (strings made unique).
        if (Array.isArray(node) && node.length > 0) {
          const first: unknown = node[0];
          for (let i = node.length; i < o.length; i += 1) Array.prototype.push.call(node, typeof first === 'string' ? `${first}_${i}` : clone(first)); // (an array whose prototype was swapped has no own push)
        }
        break;
      case 'hole':
        if (Array.isArray(node)) node.length += 1;
        break;
    }
  }
  return root.value;
}

const mutated = <T,>(base: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { arbitrary: base.map((b) => clone(b)), weight: 1 },
    { arbitrary: fc.tuple(base, fc.array(fc.record({ at: fc.nat(), op }), { minLength: 1, maxLength: 3 })).map(([b, ops]) => mutate(b, ops)), weight: 6 },
    { arbitrary: fc.anything({ withNullPrototype: true, withObjectString: true }), weight: 1 },
  );

/**
 * Structural identity: same prototypes, same own keys (an `undefined` value counts), same values.
 * (`toStrictEqual` compares `constructor` properties, which misleads on a tool named "constructor".)
 */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Reflect.ownKeys(a).map(String).sort();
  const kb = Reflect.ownKeys(b).map(String).sort();
  if (ka.join('\u0000') !== kb.join('\u0000')) return false;
  return Reflect.ownKeys(a).every((k) => same((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k]));
}

function sameAsSchema(read: (value: unknown, path: (string | number)[]) => unknown, schema: z.ZodType, input: unknown): void {
  const mine = guarded(read, input);
  const theirs = schema.safeParse(input);
  expect(mine.ok, `reader ${mine.ok ? 'accepts' : `refuses (${JSON.stringify(mine.ok ? null : mine.error)})`} what zod ${theirs.success ? 'accepts' : 'refuses'}`).toBe(theirs.success);
  if (mine.ok && theirs.success) expect(same(mine.value, theirs.data), 'the reader returns what zod returns').toBe(true);
}

const smallCatalog = must(
  registerTool(BUILT_IN_CATALOG, {
    id: 'invoices',
    label: 'Invoices',
    permissions: [{ name: 'create', notes: null }, { name: 'approve', minLevel: 'standard', requires: ['invoices.create'], condition: 'same_company' }],
    actions: [{ name: 'configure', level: 'admin' }],
  }),
);
const toolInputs = fc.subarray(catalogToInputs(smallCatalog), { maxLength: 4 });

describe('schema-free readers accept exactly what the schemas accept (issue 16)', () => {
  const runs = { numRuns: pbtRuns() * 5 };

  it('templates (PermissionTemplateSchema)', () => {
    fc.assert(fc.property(mutated(fc.oneof(templateArbitrary(), rawTemplateArbitrary())), (input) => sameAsSchema(readTemplateShape, PermissionTemplateSchema, input)), runs);
  });

  it('evaluation contexts (EvaluationContextSchema)', () => {
    fc.assert(fc.property(mutated(evaluationContextArbitrary()), (input) => sameAsSchema(readContextShape, EvaluationContextSchema, input)), runs);
  });

  it('catalogs from outside (the catalog shape schema)', () => {
    const catalogs = fc.constantFrom(BUILT_IN_CATALOG, smallCatalog).map((c) => clone(c));
    fc.assert(fc.property(mutated(catalogs), (input) => sameAsSchema(readCatalogShape, CatalogShapeSchema, input)), { numRuns: pbtRuns() * 2 });
  });

  it('tool inputs (ToolInputSchema, createCatalog argument)', () => {
    fc.assert(
      fc.property(mutated(toolInputs), (input) => {
        sameAsSchema(readToolInputs, ToolInputsSchema, input);
        sameAsSchema(readToolInput, ToolInputSchema, Array.isArray(input) ? input[0] : input);
      }),
      runs,
    );
  });

  it('permission and tool ids (PermissionIdSchema, ToolIdSchema)', () => {
    fc.assert(
      fc.property(fc.oneof(strings, permissionIdArbitrary(), values), (input) => {
        expect(isPermissionIdString(input)).toBe(PermissionIdSchema.safeParse(input).success);
        expect(isToolIdString(input)).toBe(ToolIdSchema.safeParse(input).success);
      }),
      runs,
    );
  });

  it('P1–P9: can decides as explain does, on any input', () => {
    const context = fc.oneof(fc.constant(undefined), mutated(evaluationContextArbitrary()));
    fc.assert(
      fc.property(mutated(fc.oneof(templateArbitrary(), rawTemplateArbitrary())), fc.oneof(permissionIdArbitrary(), strings), context, (template, permission, ctx) => {
        const d = explain(template as never, permission, ctx as never);
        expect(can(template as never, permission, ctx as never)).toBe(d.ok && d.value.allowed);
      }),
      runs,
    );
  });
});
