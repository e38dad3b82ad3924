/**
 * `AbstractStickyAssignor.PartitionMovements`: the record of which partitions the general
 * sticky algorithm moved between which consumers during one assignment.
 *
 * It matters for the result in one place: when a partition would move from consumer A to B
 * while an earlier move in the same round took a partition of that topic from B to A, the
 * earlier partition goes back instead (`getTheActualPartitionToBeMoved`), so no two consumers
 * swap partitions of a topic. "Which earlier partition" is the first of a Java HashSet, so the
 * sets are JavaHashSets to pick the same one Kafka picks.
 *
 * `isSticky` is Kafka's own self-check (AbstractStickyAssignor.isSticky, used by its tests):
 * no topic may have partitions moving both ways between a pair of consumers.
 */
import {
  copyJavaHashSet,
  JavaHashMap,
  JavaHashSet,
  javaStringHash,
  topicPartitionHash,
} from './javaHash.ts';
import { tpKey, type TopicPartition } from './types.ts';

/** `ConsumerPair`: a move from `src` to `dst`. */
interface ConsumerPair {
  src: string;
  dst: string;
}

/** `ConsumerPair.hashCode`: 31 · (31 + src.hashCode()) + dst.hashCode(). */
const pairHash = (p: ConsumerPair): number =>
  (Math.imul(31, (31 + javaStringHash(p.src)) | 0) + javaStringHash(p.dst)) | 0;
const pairId = (p: ConsumerPair): string => JSON.stringify([p.src, p.dst]);
const tpHash = (tp: TopicPartition): number => topicPartitionHash(tp.topic, tp.partition);

type PairSet = JavaHashMap<ConsumerPair, unknown>;

export class PartitionMovements {
  private readonly byTopic = new Map<
    string,
    JavaHashMap<ConsumerPair, JavaHashSet<TopicPartition>>
  >();
  private readonly movements = new Map<string, ConsumerPair>();

  private removeMovementRecord(partition: TopicPartition): ConsumerPair {
    const key = tpKey(partition);
    const pair = this.movements.get(key) as ConsumerPair;
    this.movements.delete(key);
    const forTopic = this.byTopic.get(partition.topic) as JavaHashMap<
      ConsumerPair,
      JavaHashSet<TopicPartition>
    >;
    const set = forTopic.get(pair) as JavaHashSet<TopicPartition>;
    set.delete(partition);
    if (set.size === 0) forTopic.delete(pair);
    if (forTopic.size === 0) this.byTopic.delete(partition.topic);
    return pair;
  }

  private addMovementRecord(partition: TopicPartition, pair: ConsumerPair): void {
    this.movements.set(tpKey(partition), pair);
    let forTopic = this.byTopic.get(partition.topic);
    if (!forTopic) {
      forTopic = new JavaHashMap(pairHash, pairId);
      this.byTopic.set(partition.topic, forTopic);
    }
    let set = forTopic.get(pair);
    if (!set) {
      set = new JavaHashSet<TopicPartition>(tpHash, tpKey);
      forTopic.set(pair, set);
    }
    set.add(partition);
  }

  /** Records a move; a partition moving back to where it started this round is no move. */
  movePartition(partition: TopicPartition, oldConsumer: string, newConsumer: string): void {
    if (this.movements.has(tpKey(partition))) {
      const existing = this.removeMovementRecord(partition);
      if (existing.src !== newConsumer)
        this.addMovementRecord(partition, { src: existing.src, dst: newConsumer });
    } else {
      this.addMovementRecord(partition, { src: oldConsumer, dst: newConsumer });
    }
  }

  /** The partition to move instead of `partition`, so that no move undoes another halfway. */
  getTheActualPartitionToBeMoved(
    partition: TopicPartition,
    oldConsumer: string,
    newConsumer: string,
  ): TopicPartition {
    const forTopic = this.byTopic.get(partition.topic);
    if (!forTopic) return partition;
    const moved = this.movements.get(tpKey(partition));
    const from = moved ? moved.src : oldConsumer;
    const reverse = forTopic.get({ src: newConsumer, dst: from });
    return reverse?.firstKey() ?? partition;
  }

  /** True unless, for some topic, partitions moved both ways between two consumers. */
  isSticky(): boolean {
    for (const forTopic of this.byTopic.values()) if (hasCycles(forTopic)) return false;
    return true;
  }
}

const copyPairs = (pairs: PairSet): JavaHashSet<ConsumerPair> =>
  copyJavaHashSet(pairs, pairHash, pairId);

/** `PartitionMovements.isLinked`: a greedy walk from src to dst along the recorded moves. */
function isLinked(src: string, dst: string, pairs: PairSet, path: string[]): boolean {
  if (src === dst || pairs.size === 0) return false;
  if (pairs.has({ src, dst })) {
    path.push(src, dst);
    return true;
  }
  for (const pair of pairs.keys()) {
    if (pair.src !== src) continue;
    const reduced = copyPairs(pairs);
    reduced.delete(pair);
    path.push(pair.src);
    return isLinked(pair.dst, dst, reduced, path);
  }
  return false;
}

/** `PartitionMovements.in`: is `cycle` a rotation of one already found? */
function isKnownCycle(cycle: string[], cycles: string[][]): boolean {
  const doubled = [...cycle.slice(0, -1), ...cycle];
  return cycles.some(
    (found) =>
      found.length === cycle.length &&
      doubled.some((_, i) => found.every((name, j) => doubled[i + j] === name)),
  );
}

/** `PartitionMovements.hasCycles`: only a cycle of length 2 (a swap) breaks stickiness. */
function hasCycles(pairs: PairSet): boolean {
  const cycles: string[][] = [];
  for (const pair of pairs.keys()) {
    const reduced = copyPairs(pairs);
    reduced.delete(pair);
    const path = [pair.src];
    if (isLinked(pair.dst, pair.src, reduced, path) && !isKnownCycle(path, cycles))
      cycles.push([...path]);
  }
  return cycles.some((cycle) => cycle.length === 3);
}
