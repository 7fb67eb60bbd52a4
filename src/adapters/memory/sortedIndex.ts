/**
 * Internal: compares two strings in code point order (the order PostgreSQL's "C" collation gives UTF-8
 * text), not in UTF-16 code unit order: a surrogate (0xD800–0xDFFF) sorts after 0xE000–0xFFFF.
 * @internal
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Largest chunk before it splits in two: small enough that a splice is a short memmove. */
const CHUNK = 512;

/**
 * Internal: the entries of one index term, sorted by (order, key), as a list of sorted chunks (a
 * two-level sorted list): an insertion or a removal is a binary search over the chunks, one within a
 * chunk and a splice of at most {@link CHUNK} slots, whatever the number of entries; a range read is a
 * search and a walk. Keys compare in code point order; while no key of the term holds a surrogate
 * (astral characters are rare in ids) the engine's own string comparison gives that order.
 * @internal
 */
export class SortedEntries {
  private readonly orders: number[][] = [];
  private readonly keys: string[][] = [];
  private count = 0;
  /** How many stored keys hold a surrogate (then comparisons take the code point path). */
  private astral = 0;

  get size(): number {
    return this.count;
  }

  private before(orderA: number, keyA: string, orderB: number, keyB: string, slow: boolean): boolean {
    if (orderA !== orderB) return orderA < orderB;
    return slow ? compareKeys(keyA, keyB) < 0 : keyA < keyB;
  }

  /** The chunk that holds (or would hold) the position of (order, key): the first whose last entry is not before it. */
  private chunkOf(order: number, key: string, slow: boolean): number {
    let lo = 0;
    let hi = this.keys.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ks = this.keys[mid]!;
      const last = ks.length - 1;
      if (this.before(this.orders[mid]![last]!, ks[last]!, order, key, slow)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Within chunk `c`, the first position not before (order, key). */
  private within(c: number, order: number, key: string, slow: boolean): number {
    const os = this.orders[c]!;
    const ks = this.keys[c]!;
    let lo = 0;
    let hi = ks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before(os[mid]!, ks[mid]!, order, key, slow)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(order: number, key: string): void {
    const astral = SURROGATE.test(key);
    const slow = astral || this.astral > 0;
    if (this.keys.length === 0) {
      this.orders.push([order]);
      this.keys.push([key]);
    } else {
      const c = this.chunkOf(order, key, slow);
      const os = this.orders[c]!;
      const ks = this.keys[c]!;
      const at = this.within(c, order, key, slow);
      if (at < ks.length && ks[at] === key && os[at] === order) return;
      if (at === ks.length) {
        os.push(order);
        ks.push(key);
      } else {
        os.splice(at, 0, order);
        ks.splice(at, 0, key);
      }
      if (ks.length > CHUNK) {
        const half = ks.length >>> 1;
        this.orders.splice(c + 1, 0, os.splice(half));
        this.keys.splice(c + 1, 0, ks.splice(half));
      }
    }
    this.count += 1;
    if (astral) this.astral += 1;
  }

  remove(order: number, key: string): void {
    if (this.keys.length === 0) return;
    const astral = SURROGATE.test(key);
    const slow = astral || this.astral > 0;
    const c = this.chunkOf(order, key, slow);
    const ks = this.keys[c]!;
    const os = this.orders[c]!;
    const at = this.within(c, order, key, slow);
    if (at >= ks.length || ks[at] !== key || os[at] !== order) return;
    ks.splice(at, 1);
    os.splice(at, 1);
    if (ks.length === 0) {
      this.keys.splice(c, 1);
      this.orders.splice(c, 1);
    }
    this.count -= 1;
    if (astral) this.astral -= 1;
  }

  /**
   * The keys with `from ≤ order ≤ to` after the cursor, at most `limit`, and whether more follow.
   */
  range(from: number, to: number, after: { readonly order: number; readonly key: string } | undefined, limit: number): { keys: string[]; orders: number[]; more: boolean } {
    const keys: string[] = [];
    const orders: number[] = [];
    if (this.keys.length === 0) return { keys, orders, more: false };
    const slow = this.astral > 0 || (after !== undefined && SURROGATE.test(after.key));
    // Start at the first entry not before (from, '') and strictly after the cursor.
    let startOrder = from;
    let startKey = '';
    let strict = false;
    if (after !== undefined && !this.before(after.order, after.key, from, '', slow)) {
      startOrder = after.order;
      startKey = after.key;
      strict = true;
    }
    let c = this.chunkOf(startOrder, startKey, slow);
    if (c >= this.keys.length) return { keys, orders, more: false };
    let i = this.within(c, startOrder, startKey, slow);
    if (strict && i < this.keys[c]!.length && this.keys[c]![i] === startKey && this.orders[c]![i] === startOrder) i += 1;
    while (c < this.keys.length) {
      const ks = this.keys[c]!;
      const os = this.orders[c]!;
      for (; i < ks.length; i += 1) {
        if (os[i]! > to) return { keys, orders, more: false };
        if (keys.length === limit) return { keys, orders, more: true };
        keys.push(ks[i]!);
        orders.push(os[i]!);
      }
      c += 1;
      i = 0;
    }
    return { keys, orders, more: false };
  }
}
