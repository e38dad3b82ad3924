/**
 * Java's hashing, reproduced so the assignors iterate in the same order as Kafka's Java code.
 *
 * Kafka's assignors walk `java.util.HashMap`s and `HashSet`s in several places (the members of
 * the group, the topics, the partitions a sticky move can swap with). Their iteration order is
 * not insertion order: it is bucket order, where the bucket comes from the key's `hashCode()`
 * and the table size. `JavaHashMap` keeps a table exactly as `java.util.HashMap` does
 * (power-of-two capacity, load factor 0.75, `hash ^ (hash >>> 16)` spreading, new keys appended
 * to their bucket, order-preserving resizes), so iterating it gives Java's order.
 *
 * Not reproduced: Java turns a bucket of more than 8 keys into a red-black tree once the table
 * has 64 buckets, which changes the order inside that one bucket. With the spread hash that needs
 * 9 colliding keys in a table of 64 or more, which real member ids, topic names and partitions
 * do not produce; below 64 buckets Java resizes instead, and so does this class.
 */

/** `String.hashCode()`: s[0]·31^(n-1) + … + s[n-1] over UTF-16 code units, wrapping at 32 bits. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** `TopicPartition.hashCode()`: 31 · (31 + partition) + topic.hashCode(). */
export function topicPartitionHash(topic: string, partition: number): number {
  return (Math.imul(31, (31 + partition) | 0) + javaStringHash(topic)) | 0;
}

const DEFAULT_CAPACITY = 16;
const LOAD_FACTOR = 0.75;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

interface Node<K, V> {
  readonly hash: number;
  readonly key: K;
  value: V;
}

/** `HashMap.tableSizeFor`: the smallest power of two ≥ `capacity` (at least 1). */
function tableSizeFor(capacity: number): number {
  let n = 1;
  while (n < capacity) n *= 2;
  return n;
}

/**
 * A map that iterates like `java.util.HashMap`. Keys are compared by `idOf` (Java's `equals`)
 * and placed by `hashOf` (Java's `hashCode`). Pass `initialCapacity` where the Java code calls
 * `new HashMap<>(n)`.
 */
export class JavaHashMap<K, V> {
  private table: Node<K, V>[][] | null = null;
  private threshold: number;
  private readonly byId = new Map<string, Node<K, V>>();

  constructor(
    private readonly hashOf: (key: K) => number,
    private readonly idOf: (key: K) => string,
    initialCapacity?: number,
  ) {
    // new HashMap<>() leaves the threshold at 0; new HashMap<>(n) stores tableSizeFor(n) there.
    this.threshold = initialCapacity === undefined ? 0 : tableSizeFor(initialCapacity);
  }

  get size(): number {
    return this.byId.size;
  }

  has(key: K): boolean {
    return this.byId.has(this.idOf(key));
  }

  get(key: K): V | undefined {
    return this.byId.get(this.idOf(key))?.value;
  }

  /** `put`: a present key keeps its place and takes the new value. */
  set(key: K, value: V): void {
    const id = this.idOf(key);
    const present = this.byId.get(id);
    if (present) {
      present.value = value;
      return;
    }
    if (this.table === null) this.resize();
    const h = this.hashOf(key);
    const node: Node<K, V> = { hash: h ^ (h >>> 16), key, value };
    this.byId.set(id, node);
    const table = this.table as Node<K, V>[][];
    const bin = table[node.hash & (table.length - 1)] as Node<K, V>[];
    bin.push(node);
    // HashMap.putVal → treeifyBin: a long bucket in a small table grows the table instead.
    if (bin.length > TREEIFY_THRESHOLD && table.length < MIN_TREEIFY_CAPACITY) this.resize();
    if (this.byId.size > this.threshold) this.resize();
  }

  delete(key: K): boolean {
    const id = this.idOf(key);
    const node = this.byId.get(id);
    if (!node || this.table === null) return false;
    this.byId.delete(id);
    const bin = this.table[node.hash & (this.table.length - 1)] as Node<K, V>[];
    bin.splice(bin.indexOf(node), 1);
    return true;
  }

  /** Keys in Java's iteration order: bucket by bucket, each bucket in insertion order. */
  *keys(): Generator<K> {
    for (const bin of this.table ?? []) for (const node of bin) yield node.key;
  }

  *entries(): Generator<[K, V]> {
    for (const bin of this.table ?? []) for (const node of bin) yield [node.key, node.value];
  }

  /** `iterator().next()`: the first key in iteration order. */
  firstKey(): K | undefined {
    for (const bin of this.table ?? []) if (bin.length > 0) return (bin[0] as Node<K, V>).key;
    return undefined;
  }

  /** `HashMap.resize`: double the table (or create it) and split buckets keeping their order. */
  private resize(): void {
    const oldCap = this.table?.length ?? 0;
    const oldThr = this.threshold;
    let newCap: number;
    let newThr = 0;
    if (oldCap > 0) {
      newCap = oldCap * 2;
      if (oldCap >= DEFAULT_CAPACITY) newThr = oldThr * 2;
    } else if (oldThr > 0) {
      newCap = oldThr;
    } else {
      newCap = DEFAULT_CAPACITY;
      newThr = DEFAULT_CAPACITY * LOAD_FACTOR;
    }
    if (newThr === 0) newThr = Math.trunc(newCap * LOAD_FACTOR);
    this.threshold = newThr;
    const table: Node<K, V>[][] = Array.from({ length: newCap }, () => []);
    for (const bin of this.table ?? []) {
      for (const node of bin) (table[node.hash & (newCap - 1)] as Node<K, V>[]).push(node);
    }
    this.table = table;
  }
}

/** A `JavaHashMap` used as a `java.util.HashSet` (which is a HashMap with dummy values). */
export class JavaHashSet<K> extends JavaHashMap<K, true> {
  add(key: K): void {
    this.set(key, true);
  }
}

/** `new HashSet<>(collection)`: sized max(n / 0.75 + 1, 16), filled in the source's order. */
export function copyJavaHashSet<K>(
  source: JavaHashMap<K, unknown>,
  hashOf: (key: K) => number,
  idOf: (key: K) => string,
): JavaHashSet<K> {
  const copy = new JavaHashSet<K>(
    hashOf,
    idOf,
    Math.max(Math.trunc(source.size / LOAD_FACTOR) + 1, DEFAULT_CAPACITY),
  );
  for (const key of source.keys()) copy.add(key);
  return copy;
}

/**
 * The order a default `new HashMap<>()` (or `HashSet`) iterates `keys` in after they were put
 * in the order given. Repeated keys keep their first place, as `put` does.
 */
export function javaHashOrder(keys: Iterable<string>): string[] {
  const map = new JavaHashSet<string>(javaStringHash, (k) => k);
  for (const key of keys) map.add(key);
  return [...map.keys()];
}
