/**
 * Permission checks on equivalent work: one template over the built-in catalog (every granular tool at
 * standard, a few at read_only with extra grants), checked for a rotating list of 32 permission ids,
 * half granted and half not.
 *
 * - ours, by string id: `checkCompiled(compiled, id)`;
 * - CASL: an ability with one `can(action, subject)` rule per granted permission, `ability.can(action, subject)`
 *   (the id is split ahead of time, in CASL's favour);
 * - casbin: a request/policy model with the same rules, `enforceSync(sub, obj, act)`;
 * - ours, precompiled: `handle.check(compiled)`, one handle per id, looked up once;
 * - the floor: a hand-written bitset, with each id's bit index looked up once.
 *
 * `npm run bench` calls this once per round, each time in a fresh child process (`micro.ts`): every
 * round's contenders are then first-time closures in a new isolate, measured the same way.
 */
import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { newEnforcer, newModelFromString } from 'casbin';
import { createTemplate, enablePermission, setToolLevel } from '../src/extras.js';
import { BUILT_IN_CATALOG, checkCompiled, compileTemplate, createPermissionHandle, granularTools, type PermissionTemplate } from '../src/index.js';
import { compare, type Measurement } from './harness.js';

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function benchTemplate(): PermissionTemplate {
  let t = unwrap(createTemplate({ id: 'bench', name: 'Benchmark template' }));
  const tools = granularTools(BUILT_IN_CATALOG);
  tools.forEach((tool, i) => {
    t = unwrap(setToolLevel(t, tool.id, i % 3 === 0 ? 'read_only' : 'standard'));
  });
  for (const id of ['budget.create_edit_original_budget', 'budget.import_budget', 'documents.rename_items', 'photos.delete_albums', 'directory.remove_users']) {
    const r = enablePermission(t, id);
    if (r.ok) t = r.value;
  }
  return t;
}

export interface PermissionBench {
  readonly ours: Measurement;
  readonly casl: Measurement;
  readonly casbin: Measurement;
  readonly handle: Measurement;
  readonly bitset: Measurement;
  readonly checked: number;
}

export async function benchPermissions(round = 0): Promise<PermissionBench> {
  const template = benchTemplate();
  const compiled = unwrap(compileTemplate(template));
  // Unconditional permissions of tools that need no context (no P8 item type, no P9 platform).
  const all = Object.values(BUILT_IN_CATALOG.permissions)
    .filter((p) => p.condition === null && BUILT_IN_CATALOG.tools[p.tool]?.perType === false && BUILT_IN_CATALOG.tools[p.tool]?.platformScoped === false)
    .map((p) => p.id);
  const granted = all.filter((id) => checkCompiled(compiled, id));
  const denied = all.filter((id) => !checkCompiled(compiled, id));
  const ids: string[] = [];
  for (let i = 0; ids.length < 32; i += 1) ids.push((i % 2 === 0 ? granted : denied)[(i * 7) % (i % 2 === 0 ? granted.length : denied.length)]!);
  const pairs = ids.map((id) => id.split('.') as [string, string]);

  const { can, build } = new AbilityBuilder(createMongoAbility);
  for (const id of granted) {
    const [subject, action] = id.split('.') as [string, string];
    can(action, subject);
  }
  const ability = build();

  const model = newModelFromString(`
[request_definition]
r = sub, obj, act
[policy_definition]
p = sub, obj, act
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = r.sub == p.sub && r.obj == p.obj && r.act == p.act`);
  const enforcer = await newEnforcer(model);
  for (const id of granted) {
    const [obj, act] = id.split('.') as [string, string];
    await enforcer.addPolicy('bench', obj, act);
  }

  const handles = ids.map((id) => unwrap(createPermissionHandle(id)));
  const bits = new Uint32Array(Math.ceil(all.length / 32) + 1);
  const bitIndex = new Map(all.map((id, i) => [id, i]));
  for (const id of granted) {
    const i = bitIndex.get(id)!;
    bits[i >>> 5]! |= 1 << (i & 31);
  }
  const bitOf = ids.map((id) => bitIndex.get(id)!);

  // Every contender must agree before it is timed.
  ids.forEach((id, k) => {
    const expected = granted.includes(id);
    const [subject, action] = pairs[k]!;
    const answers = [
      checkCompiled(compiled, id),
      ability.can(action, subject),
      enforcer.enforceSync('bench', subject, action),
      handles[k]!.check(compiled),
      ((bits[bitOf[k]! >>> 5]! >>> (bitOf[k]! & 31)) & 1) === 1,
    ];
    if (answers.some((a) => a !== expected)) throw new Error(`benchmark setup: contenders disagree on ${id}: ${answers.join(',')}`);
  });

  const r = compare(
    {
      ours: (i) => checkCompiled(compiled, ids[i & 31]!),
      casl: (i) => {
        const [subject, action] = pairs[i & 31]!;
        return ability.can(action, subject);
      },
      casbin: (i) => {
        const [subject, action] = pairs[i & 31]!;
        return enforcer.enforceSync('bench', subject, action);
      },
      handle: (i) => handles[i & 31]!.check(compiled),
      bitset: (i) => {
        const b = bitOf[i & 31]!;
        return ((bits[b >>> 5]! >>> (b & 31)) & 1) === 1;
      },
    },
    { rotate: round },
  );
  return { ours: r['ours']!, casl: r['casl']!, casbin: r['casbin']!, handle: r['handle']!, bitset: r['bitset']!, checked: ids.length };
}
