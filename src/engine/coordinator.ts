/**
 * Which broker coordinates a consumer group: the leader of partition
 * `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions` of `__consumer_offsets`
 * (GroupCoordinatorService.partitionFor; GroupMetadataManager.partitionFor before KIP-848).
 */
import { javaStringHash } from './assignors/javaHash.ts';

const INT_MIN = -2147483648;

/** `Utils.abs`: Math.abs, except that Integer.MIN_VALUE (which has no positive) gives 0. */
function javaUtilsAbs(n: number): number {
  return n === INT_MIN ? 0 : Math.abs(n);
}

/**
 * The `__consumer_offsets` partition for `groupId`. The hash is Java's String.hashCode over
 * UTF-16 code units; `offsetsTopicPartitions` is offsets.topic.num.partitions (default 50).
 */
export function coordinatorPartition(groupId: string, offsetsTopicPartitions: number): number {
  if (!Number.isInteger(offsetsTopicPartitions) || offsetsTopicPartitions < 1)
    throw new RangeError(
      `offsets.topic.num.partitions must be a positive integer, got ${offsetsTopicPartitions}`,
    );
  return javaUtilsAbs(javaStringHash(groupId)) % offsetsTopicPartitions;
}
