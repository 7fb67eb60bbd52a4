/**
 * Internal: a bounded memo of facts that never change once known (a connection's two projects, a
 * share's project and teams), or of hints that may (what a ledger last named: see `update`), kept in two generations: when the young one is full it becomes the old
 * one and the former old one is dropped. The most recently remembered `limit` entries are always
 * kept, so a memo never falls off a cliff (forgetting everything at once) as the number of records
 * grows. A missing or stale entry only costs the service a second storage round trip: versions decide.
 * @internal
 */
export class FactMemo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const young = this.young.get(key);
    return young === undefined ? this.old.get(key) : young;
  }

  /**
   * Records a hint that may change (the latest value wins), e.g. which connection a project's ledger
   * last named as open: a hint only ever decides what to load ahead, never what is decided.
   */
  update(key: string, value: V): void {
    if (this.young.size >= this.limit && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** Remembers `key` once (the first value stays: the facts never change); `make` runs only for a new key. */
  remember(key: string, make: () => V): void {
    if (this.young.has(key)) return;
    const kept = this.old.get(key);
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, kept ?? make());
  }
}
