import fc from 'fast-check';

/** A Proxy that was revoked: every operation on it throws a TypeError. */
export function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An object whose one (enumerable) property throws when read. */
export function throwingGetter(key: string): object {
  return Object.defineProperty({}, key, {
    enumerable: true,
    get() {
      throw new Error(`reading ${key} throws`);
    },
  });
}

/** A Proxy whose every trap throws. */
export function hostileProxy(): object {
  const boom = () => {
    throw new Error('hostile proxy');
  };
  return new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, set: boom, defineProperty: boom, deleteProperty: boom });
}

const KEYS = ['actorId', 'connectionId', 'view', 'connections', 'projects', 'command', 'type', 'items', 'templates', 'policy', 'storage'];

type Thrower = { readonly hostile: 'revoked' | 'proxy' } | { readonly hostile: 'getter'; readonly key: string };
type Arg = { readonly plain: unknown } | { readonly thrower: Thrower } | { readonly wrapped: string; readonly thrower: Thrower } | { readonly list: readonly Thrower[] };

function make(t: Thrower): object {
  if (t.hostile === 'getter') return throwingGetter(t.key);
  return t.hostile === 'revoked' ? revokedProxy() : hostileProxy();
}

/**
 * Test support: argument lists mixing `fc.anything()` with values that throw when read — revoked
 * Proxies, throwing getters, all-trap Proxies — alone or inside a plain object or an array (issue 15:
 * bad input of any shape is `INVALID_INPUT`, never a throw). Each run draws a function that builds the
 * arguments afresh (fast-check itself cannot hold or print a revoked Proxy).
 */
export function hostileArgs(maxLength: number): fc.Arbitrary<{ readonly build: () => unknown[]; readonly shape: string }> {
  const thrower: fc.Arbitrary<Thrower> = fc.oneof(
    fc.constant({ hostile: 'revoked' } as const),
    fc.constant({ hostile: 'proxy' } as const),
    fc.constantFrom(...KEYS).map((key) => ({ hostile: 'getter', key }) as const),
  );
  const arg: fc.Arbitrary<Arg> = fc.oneof(
    { weight: 3, arbitrary: fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true }).map((plain) => ({ plain })) },
    { weight: 1, arbitrary: thrower.map((t) => ({ thrower: t })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...KEYS), thrower).map(([wrapped, t]) => ({ wrapped, thrower: t })) },
    { weight: 1, arbitrary: fc.array(thrower, { minLength: 1, maxLength: 2 }).map((list) => ({ list })) },
  );
  return fc.array(arg, { maxLength }).map((args) => ({
    shape: JSON.stringify(args, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? '[]',
    build: () =>
      args.map((a) => {
        if ('plain' in a) return a.plain;
        if ('list' in a) return a.list.map(make);
        if ('wrapped' in a) return { [a.wrapped]: make(a.thrower) };
        return make(a.thrower);
      }),
  }));
}
