/**
 * The general sticky path's `TreeSet<String> sortedCurrentSubscriptions` with its
 * SubscriptionComparator: consumers ordered by how many partitions they hold, then by id.
 *
 * As in Kafka, a consumer must be removed before its partition count changes and added back
 * after, or the order breaks; the callers follow that discipline.
 */
import { compareStrings } from './types.ts';

export class SortedConsumers {
  private readonly items: string[] = [];

  constructor(private readonly sizeOf: (consumer: string) => number) {}

  private compare(a: string, b: string): number {
    return this.sizeOf(a) - this.sizeOf(b) || compareStrings(a, b);
  }

  /** Binary search: the index of `consumer`, or where it would go. */
  private search(consumer: string): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.items[mid] as string, consumer) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(consumer: string): void {
    const i = this.search(consumer);
    if (this.items[i] !== consumer) this.items.splice(i, 0, consumer);
  }

  remove(consumer: string): void {
    const i = this.search(consumer);
    if (this.items[i] === consumer) this.items.splice(i, 1);
  }

  get size(): number {
    return this.items.length;
  }

  first(): string | undefined {
    return this.items[0];
  }

  last(): string | undefined {
    return this.items[this.items.length - 1];
  }

  /** The first consumer in ascending order that passes `test`. */
  find(test: (consumer: string) => boolean): string | undefined {
    return this.items.find(test);
  }

  /** Ascending order, read-only. */
  values(): readonly string[] {
    return this.items;
  }
}
