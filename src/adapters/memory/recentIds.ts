/**
 * Internal: the most recent ids added, at least `limit` of them and at most twice as many, kept in two
 * generations: when the young set is full it becomes the old one and the former old one is dropped
 * whole. Nothing is deleted one by one (deleting from the front of an insertion-ordered set leaves
 * holes that later inserts pay to compact), and an add is one set insertion.
 * @internal
 */
export class RecentIds {
  private young = new Set<string>();
  private old = new Set<string>();

  constructor(private readonly limit: number) {}

  has(id: string): boolean {
    return this.young.has(id) || this.old.has(id);
  }

  add(id: string): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Set();
    }
    this.young.add(id);
  }
}
