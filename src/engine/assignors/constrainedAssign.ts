/**
 * `AbstractStickyAssignor.ConstrainedAssignmentBuilder`: the fast sticky path when every
 * member subscribes to the same topics.
 *
 * With T partitions and N members, everyone ends with minQuota = ⌊T/N⌋ or maxQuota = ⌈T/N⌉,
 * and exactly T mod N members get maxQuota.
 * 1. Each member keeps its owned partitions (sorted by partition number, then topic) up to its
 *    quota: all of them when it owns fewer than minQuota; maxQuota while members above
 *    minQuota are still wanted (first come in member-map order); otherwise minQuota. The rest
 *    are revoked.
 * 2. The unassigned partitions (by topic name, then number) are dealt round robin to members
 *    below minQuota (sorted by id), then one more each to members at minQuota (sorted by id)
 *    until enough members have maxQuota.
 * A partition dealt in step 2 that a member gave up in step 1, or that two members claimed in
 * the same generation, is "transferring ownership": the cooperative assignor withholds it.
 */
import type { TransferringOwnership } from './abstractSticky.ts';
import { compareStrings, tpKey, type TopicPartition } from './types.ts';

/** The partition-then-topic order of owned partitions (ConstrainedAssignmentBuilder). */
function byPartitionThenTopic(a: TopicPartition, b: TopicPartition): number {
  return a.partition - b.partition || compareStrings(a.topic, b.topic);
}

export function constrainedAssign(
  partitionsPerTopic: Map<string, number>,
  consumerToOwnedPartitions: Map<string, TopicPartition[]>,
  partitionsWithMultiplePreviousOwners: Set<string>,
): {
  assignment: Map<string, TopicPartition[]>;
  partitionsTransferringOwnership: TransferringOwnership;
} {
  const transferring: TransferringOwnership = new Map();
  const revoked = new Set<string>();
  const assignment = new Map<string, TopicPartition[]>();
  const assigned = new Set<string>();
  let unfilledUnderMin: string[] = [];
  let unfilledExactlyMin: string[] = [];

  let total = 0;
  for (const n of partitionsPerTopic.values()) total += n;
  const numConsumers = consumerToOwnedPartitions.size;
  const minQuota = Math.floor(total / numConsumers);
  const maxQuota = Math.ceil(total / numConsumers);
  const expectedOverMin = total % numConsumers;
  let currentOverMin = 0;

  // Step 1: assignOwnedPartitions, members in member-map order.
  for (const [consumer, ownedList] of consumerToOwnedPartitions) {
    const owned = [...ownedList]
      .sort(byPartitionThenTopic)
      .filter((tp) => !partitionsWithMultiplePreviousOwners.has(tpKey(tp)));
    let keep: number;
    if (owned.length < minQuota) {
      keep = owned.length;
      unfilledUnderMin.push(consumer);
    } else if (owned.length >= maxQuota && currentOverMin < expectedOverMin) {
      keep = maxQuota;
      currentOverMin++;
      if (currentOverMin === expectedOverMin) unfilledExactlyMin = [];
    } else {
      keep = minQuota;
      if (currentOverMin < expectedOverMin) unfilledExactlyMin.push(consumer);
    }
    assignment.set(consumer, owned.slice(0, keep));
    for (const tp of owned.slice(0, keep)) assigned.add(tpKey(tp));
    for (const tp of owned.slice(keep)) revoked.add(tpKey(tp));
  }

  // getUnassignedPartitions: every partition, topics by name, minus those kept above.
  const unassigned: TopicPartition[] = [];
  for (const topic of [...partitionsPerTopic.keys()].sort(compareStrings)) {
    const n = partitionsPerTopic.get(topic) as number;
    for (let partition = 0; partition < n; partition++) {
      const tp = { topic, partition };
      if (!assigned.has(tpKey(tp))) unassigned.push(tp);
    }
  }
  unfilledUnderMin = unfilledUnderMin.sort(compareStrings);
  unfilledExactlyMin = unfilledExactlyMin.sort(compareStrings);

  const assignNewPartition = (tp: TopicPartition, consumer: string): number => {
    const list = assignment.get(consumer) as TopicPartition[];
    list.push(tp);
    const key = tpKey(tp);
    if (revoked.has(key) || partitionsWithMultiplePreviousOwners.has(key))
      transferring.set(key, { partition: tp, consumer });
    return list.length;
  };

  // Step 2: assignRoundRobin. `cursor` plays the Java iterator over unfilledUnderMin: the
  // index of its next element; removing the element just returned steps it back by one.
  let cursor = 0;
  for (const tp of unassigned) {
    let consumer: string;
    let fromUnderMin = true;
    if (cursor < unfilledUnderMin.length) {
      consumer = unfilledUnderMin[cursor++] as string;
    } else if (unfilledUnderMin.length > 0) {
      cursor = 0;
      consumer = unfilledUnderMin[cursor++] as string;
    } else if (unfilledExactlyMin.length > 0) {
      consumer = unfilledExactlyMin.shift() as string;
      fromUnderMin = false;
    } else {
      // Kafka throws here too: the quotas guarantee it cannot happen.
      throw new Error('AbstractStickyAssignor: no more unfilled consumers to be assigned');
    }
    const count = assignNewPartition(tp, consumer);
    if (count === minQuota && fromUnderMin) {
      unfilledUnderMin.splice(--cursor, 1);
      unfilledExactlyMin.push(consumer);
    } else if (count === maxQuota) {
      currentOverMin++;
    }
  }
  return { assignment, partitionsTransferringOwnership: transferring };
}
