import type { OutboxItem } from '../../ports/storage.js';

/** One queued outbox item, with its delivery state and its place in its group. */
interface Entry {
  readonly item: OutboxItem;
  readonly enqueuedAt: number;
  /** Queue order (commit order), unique. */
  readonly seq: number;
  readonly unit: Unit;
  attempts: number;
  availableAt: number;
  lastError: string | null;
  leaseOwner: string | null;
  leaseUntil: number;
  /** The neighbours in its group, in queue order (null for an ungrouped item). */
  prev: Entry | null;
  next: Entry | null;
}

/**
 * What a claim takes in queue order: an ungrouped item alone, or a group, whose first queued item (the
 * head) decides whether any of it can be claimed (items of a group are delivered one after the other).
 * `version` changes whenever the head or its readiness does: heap slots of an older version are stale.
 */
interface Unit {
  version: number;
  head: Entry | null;
  tail: Entry | null;
}

/** A unit's place in a heap: by readiness time (waiting) or by the queue order of `entry` (ready). */
interface Slot {
  readonly unit: Unit;
  readonly version: number;
  /** The item the slot offers: the unit's head, or (within one claim) the next item of a group. */
  readonly entry: Entry;
  key: number;
}

/** The units one claim leased, with the versions they had then, and the lease's end. */
interface Batch {
  readonly until: number;
  readonly units: readonly Unit[];
  readonly versions: readonly number[];
}

/** A binary min-heap (`before` orders two items). */
class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (x: T, y: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  clear(): void {
    this.items.length = 0;
  }

  push(item: T): void {
    const a = this.items;
    let i = a.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(item, a[parent]!)) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = item;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const child = r < a.length && this.before(a[r]!, a[l]!) ? r : l;
      if (!this.before(a[child]!, last)) break;
      a[i] = a[child]!;
      i = child;
    }
    a[i] = last;
    return top;
  }
}

/** Slots by `key`, ties by queue order. */
function before(x: Slot, y: Slot): boolean {
  return x.key < y.key || (x.key === y.key && x.entry.seq < y.entry.seq);
}

/** When an entry becomes claimable: its time, or its lease's end if later (a NaN lease holds nothing). */
function readyAt(e: Entry): number {
  return Number.isNaN(e.leaseUntil) ? e.availableAt : Math.max(e.availableAt, e.leaseUntil);
}

/** Whether an entry can be claimed at `now`: due (a NaN time never is) and not leased. */
function claimable(e: Entry, now: number): boolean {
  return e.availableAt <= now && !(e.leaseUntil > now);
}

/**
 * Internal: the in-memory storage's outbox queue. A claim reads only what it can take, never the items
 * that wait (not due, leased, or held behind an earlier item of their group).
 *
 * @remarks
 * Each unit (an ungrouped item, or a group) sits in one of two heaps: `waiting`, by the time its head
 * becomes claimable (`max(availableAt, leaseUntil)`), or `ready`, by its head's queue order. A claim
 * first moves the units whose time has come from `waiting` to `ready`, then takes from `ready` in queue
 * order; after a group's head it offers the group's next item, if claimable, in the same claim, so a
 * claim takes exactly what a scan of the whole queue in order would (tested against one). A unit
 * changed since it was placed (delivered, leased, failed, released) is placed again under a new
 * version; its older slots are skipped when they come up, and the heaps are rebuilt when stale slots
 * (and lease batches) outnumber the live units. A unit placed in `ready` by a claim with a later `now`
 * than a later claim's (clocks that disagree) goes back to `waiting` when that claim meets it.
 * @internal
 */
export class OutboxQueue {
  /** Every queued item by id, in queue order. */
  private readonly entries = new Map<string, Entry>();
  /** The unit of each group with queued items. */
  private readonly groups = new Map<string, Unit>();
  private readonly waiting = new Heap<Slot>(before);
  private readonly ready = new Heap<Slot>(before);
  /**
   * The units each claim leased, as one batch per claim (they share the lease's end): a batch is one
   * heap slot, so a delivery before the lease ends costs no heap operation. When the lease ends, its
   * units still leased and unchanged are placed again.
   */
  private readonly leased = new Heap<Batch>((x, y) => x.until < y.until);
  /** The units with queued items. */
  private readonly live = new Set<Unit>();
  private seq = 0;

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The queued items in queue order, with their delivery state. */
  *values(): IterableIterator<{ readonly item: OutboxItem; readonly enqueuedAt: number; readonly attempts: number; readonly availableAt: number; readonly lastError: string | null }> {
    yield* this.entries.values();
  }

  /** Queues an item (the caller checked it is neither queued nor remembered as delivered). */
  add(item: OutboxItem): void {
    const group = item.group;
    const unit: Unit = group === undefined ? { version: 0, head: null, tail: null } : (this.groups.get(group) ?? { version: 0, head: null, tail: null });
    const entry: Entry = {
      item,
      enqueuedAt: item.availableAt,
      seq: (this.seq += 1),
      unit,
      attempts: 0,
      availableAt: item.availableAt,
      lastError: null,
      leaseOwner: null,
      leaseUntil: Number.NEGATIVE_INFINITY,
      prev: unit.tail,
      next: null,
    };
    this.entries.set(item.id, entry);
    if (unit.tail !== null) {
      unit.tail.next = entry;
      unit.tail = entry;
      return; // the head is unchanged
    }
    unit.head = unit.tail = entry;
    if (group !== undefined) this.groups.set(group, unit);
    this.live.add(unit);
    this.place(unit);
  }

  /** Removes a queued item (delivered or cancelled); false when it is not queued. */
  remove(id: string): boolean {
    const e = this.entries.get(id);
    if (e === undefined) return false;
    this.entries.delete(id);
    const unit = e.unit;
    const wasHead = unit.head === e;
    if (e.prev !== null) e.prev.next = e.next;
    else unit.head = e.next;
    if (e.next !== null) e.next.prev = e.prev;
    else unit.tail = e.prev;
    if (unit.head === null) {
      unit.version += 1; // every slot of the unit is stale
      this.live.delete(unit);
      if (e.item.group !== undefined) this.groups.delete(e.item.group);
      // Stale slots keep removed items (and their payloads) alive until they are dropped.
      this.maybeRebuild();
    } else if (wasHead) this.place(unit);
    return true;
  }

  /** The ids of a group's queued items not leased at `now` (what a cancel of the group removes). */
  unleasedOfGroup(group: string, now: number): string[] {
    const out: string[] = [];
    for (let e = this.groups.get(group)?.head ?? null; e !== null; e = e.next) if (!(e.leaseUntil > now)) out.push(e.item.id);
    return out;
  }

  /** Leases up to `max` claimable items in queue order, and of a group only those before its first item that cannot be claimed. */
  claim(now: number, max: number, owner: string, leaseMs: number): OutboxItem[] {
    const due: OutboxItem[] = [];
    if (Number.isNaN(now) || max <= 0) return due;
    for (let b = this.leased.peek(); b !== undefined && b.until <= now; b = this.leased.peek()) {
      this.leased.pop();
      for (let i = 0; i < b.units.length; i += 1) if (b.units[i]!.version === b.versions[i]) this.place(b.units[i]!);
    }
    // Units whose time has come, to `ready`; while they come in queue order (items queued with times
    // that only grow), into `run`, a sorted list, instead: taken from its front, it costs no heap work.
    const run: Slot[] = [];
    for (let s = this.waiting.peek(); s !== undefined && s.key <= now; s = this.waiting.peek()) {
      this.waiting.pop();
      if (s.version !== s.unit.version) continue;
      s.key = s.entry.seq;
      if (this.ready.size === 0 && (run.length === 0 || run[run.length - 1]!.key < s.key)) run.push(s);
      else this.ready.push(s);
    }
    let r = 0;
    const claimed: Unit[] = [];
    const skipped: Slot[] = [];
    while (due.length < max) {
      // The next slot in queue order: the front of `run` or the top of `ready`.
      const top = this.ready.peek();
      let s: Slot | undefined;
      if (r < run.length && (top === undefined || run[r]!.key < top.key)) s = run[(r += 1) - 1];
      else s = this.ready.pop();
      if (s === undefined) break;
      if (s.version !== s.unit.version) continue;
      const e = s.entry;
      if (!claimable(e, now)) {
        // Readied by a claim with a later `now` (clocks that disagree): it waits again for its time.
        skipped.push(s);
        continue;
      }
      if (e === s.unit.head) claimed.push(s.unit);
      e.leaseOwner = owner;
      e.leaseUntil = now + leaseMs;
      const { id, kind, payload, group } = e.item;
      const item: OutboxItem = { id, kind, payload, availableAt: e.availableAt, attempts: e.attempts, lastError: e.lastError, enqueuedAt: e.enqueuedAt };
      due.push(group === undefined ? item : { ...item, group });
      // A group's next item comes next in this claim if it can be claimed, in queue order with the rest.
      const n = e.next;
      if (n !== null && claimable(n, now)) this.ready.push({ unit: s.unit, version: s.version, entry: n, key: n.seq });
    }
    for (; r < run.length; r += 1) this.ready.push(run[r]!);
    for (const s of skipped) {
      s.key = readyAt(s.entry);
      this.waiting.push(s);
    }
    // The claimed heads are leased now: their units wait for the lease's end (or a delivery) from here.
    const until = now + leaseMs;
    if (Number.isNaN(until)) {
      for (const unit of claimed) this.place(unit); // a NaN lease holds nothing (`claimable`), as before
    } else if (claimed.length > 0) {
      const versions: number[] = new Array(claimed.length);
      for (let i = 0; i < claimed.length; i += 1) versions[i] = claimed[i]!.version += 1;
      this.leased.push({ until, units: claimed, versions });
      // Batches of units delivered since are dropped by a rebuild, not kept until their lease ends.
      this.maybeRebuild();
    }
    return due;
  }

  /** Hands a leased item back (only its owner's lease). */
  release(id: string, owner: string): void {
    const e = this.entries.get(id);
    if (e === undefined || e.leaseOwner !== owner) return;
    e.leaseOwner = null;
    e.leaseUntil = Number.NEGATIVE_INFINITY;
    if (e.unit.head === e) this.place(e.unit);
  }

  /** Records a failed delivery: retried at `retryAt` (unless another owner holds the item). */
  fail(id: string, error: string, retryAt: number, owner: string): void {
    const e = this.entries.get(id);
    if (e === undefined || (e.leaseOwner !== null && e.leaseOwner !== owner)) return;
    e.attempts += 1;
    e.availableAt = retryAt;
    e.lastError = error;
    e.leaseOwner = null;
    e.leaseUntil = Number.NEGATIVE_INFINITY;
    if (e.unit.head === e) this.place(e.unit);
  }

  /** Places a unit (again) in `waiting`, by the time its head becomes claimable; a head never due (NaN) is not placed. */
  private place(unit: Unit): void {
    unit.version += 1;
    const head = unit.head;
    if (head === null || this.maybeRebuild()) return;
    if (Number.isNaN(head.availableAt)) return;
    this.waiting.push({ unit, version: unit.version, entry: head, key: readyAt(head) });
  }

  /** Rebuilds the heaps when stale slots and batches outnumber the live units; whether it did. */
  private maybeRebuild(): boolean {
    if (this.waiting.size + this.ready.size + this.leased.size <= 2 * this.live.size + 1_024) return false;
    this.rebuild();
    return true;
  }

  /** Drops every stale slot: each live unit placed once, in `waiting` (leased ones too, by their lease's end). */
  private rebuild(): void {
    this.waiting.clear();
    this.ready.clear();
    this.leased.clear();
    for (const unit of this.live) {
      unit.version += 1;
      const head = unit.head!;
      if (!Number.isNaN(head.availableAt)) this.waiting.push({ unit, version: unit.version, entry: head, key: readyAt(head) });
    }
  }
}
