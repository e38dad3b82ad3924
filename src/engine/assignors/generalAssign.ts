/**
 * `AbstractStickyAssignor.GeneralAssignmentBuilder`: the sticky path for members with
 * different subscriptions.
 *
 * 1. Keep every owned partition whose topic the owner still subscribes to.
 * 2. Give each unassigned partition (topics with the fewest potential consumers first) to the
 *    least loaded member that subscribes to it.
 * 3. Leave out topics only one member can take, and members that cannot gain or lose anything.
 * 4. Move partitions from members with 2+ more than a potential taker until balanced: first
 *    back to a lower-generation previous owner when that helps, else to the least loaded
 *    subscriber (via PartitionMovements, so no two members swap partitions of a topic).
 * 5. If the moves did not lower the balance score, keep the assignment from before step 4.
 */
import { DEFAULT_GENERATION, type MemberData, type OwnedPartitions } from './abstractSticky.ts';
import { PartitionMovements } from './partitionMovements.ts';
import { SortedConsumers } from './sortedConsumers.ts';
import {
  compareStrings,
  removePartition,
  tpKey,
  type Group,
  type Subscription,
  type TopicPartition,
} from './types.ts';

interface PreviousOwner {
  consumer: string;
  generation: number;
}

export function generalAssign(
  group: Group,
  owned: OwnedPartitions,
  memberData: (member: Subscription) => MemberData,
): { assignment: Map<string, TopicPartition[]>; movements: PartitionMovements } {
  const ppt = group.partitionsPerTopic;
  let totalPartitions = 0;
  for (const n of ppt.values()) totalPartitions += n;
  let current = owned.consumerToOwnedPartitions;
  const subscribed = new Map(group.members.map((m) => [m.memberId, new Set(m.topics)]));

  // topic2AllPotentialConsumers and consumer2AllPotentialTopics (existing topics only).
  const topicConsumers = new Map<string, string[]>([...ppt.keys()].map((t) => [t, []]));
  const consumerTopics = new Map<string, string[]>();
  for (const member of group.members) {
    const topics = member.topics.filter((t) => ppt.has(t));
    consumerTopics.set(member.memberId, topics);
    for (const t of topics) (topicConsumers.get(t) as string[]).push(member.memberId);
  }
  const potential = (topic: string): string[] => topicConsumers.get(topic) as string[];

  const partitionConsumer = new Map<string, string>();
  for (const [consumer, list] of current)
    for (const tp of list) partitionConsumer.set(tpKey(tp), consumer);

  // Topics with fewer potential consumers come first (TopicComparator), then by name.
  const sortedTopics = [...ppt.keys()].sort(
    (a, b) => potential(a).length - potential(b).length || compareStrings(a, b),
  );
  let sortedAllPartitions: TopicPartition[] = sortedTopics.flatMap((topic) =>
    Array.from({ length: ppt.get(topic) as number }, (_, partition) => ({ topic, partition })),
  );

  const sizeOf = (consumer: string): number => (current.get(consumer) as TopicPartition[]).length;
  const sorted = new SortedConsumers(sizeOf);
  const movements = new PartitionMovements();

  // prepopulateCurrentAssignments: for each partition, its owner in the latest generation
  // below the newest one (the first such member wins a tie).
  const prevAssignment = new Map<string, PreviousOwner>();
  for (const member of group.members) {
    const data = memberData(member);
    let generation: number;
    if (data.generation !== null && data.generation < owned.maxGeneration) {
      generation = data.generation;
    } else if (data.generation === null && owned.maxGeneration > DEFAULT_GENERATION) {
      generation = DEFAULT_GENERATION;
    } else continue;
    for (const tp of data.partitions) {
      const previous = prevAssignment.get(tpKey(tp));
      if (!previous || generation > previous.generation)
        prevAssignment.set(tpKey(tp), { consumer: member.memberId, generation });
    }
  }

  // assignOwnedPartitions: a partition of a topic its owner dropped must be revoked.
  let revocationRequired = false;
  const assigned = new Set<string>();
  for (const [consumer, list] of current) {
    const kept = list.filter((tp) => (subscribed.get(consumer) as Set<string>).has(tp.topic));
    if (kept.length < list.length) revocationRequired = true;
    list.splice(0, list.length, ...kept);
    for (const tp of kept) assigned.add(tpKey(tp));
  }
  let unassigned = sortedAllPartitions.filter((tp) => !assigned.has(tpKey(tp)));
  for (const consumer of current.keys()) sorted.add(consumer);

  const maxAssignmentSize = (topics: string[]): number =>
    topics.length === ppt.size
      ? totalPartitions
      : topics.reduce((sum, t) => sum + (ppt.get(t) as number), 0);

  const isBalanced = (): boolean => {
    if (sizeOf(sorted.first() as string) >= sizeOf(sorted.last() as string) - 1) return true;
    const owner = new Map<string, string>();
    for (const [consumer, list] of current) for (const tp of list) owner.set(tpKey(tp), consumer);
    for (const consumer of sorted.values()) {
      const count = sizeOf(consumer);
      const topics = consumerTopics.get(consumer) as string[];
      if (count === maxAssignmentSize(topics)) continue;
      const mine = new Set((current.get(consumer) as TopicPartition[]).map(tpKey));
      for (const topic of topics) {
        for (let partition = 0; partition < (ppt.get(topic) as number); partition++) {
          const key = tpKey({ topic, partition });
          const other = owner.get(key);
          if (!mine.has(key) && other !== undefined && count + 1 < sizeOf(other)) return false;
        }
      }
    }
    return true;
  };

  const processPartitionMovement = (tp: TopicPartition, newConsumer: string): void => {
    const oldConsumer = partitionConsumer.get(tpKey(tp)) as string;
    sorted.remove(oldConsumer);
    sorted.remove(newConsumer);
    movements.movePartition(tp, oldConsumer, newConsumer);
    removePartition(current.get(oldConsumer) as TopicPartition[], tp);
    (current.get(newConsumer) as TopicPartition[]).push(tp);
    partitionConsumer.set(tpKey(tp), newConsumer);
    sorted.add(newConsumer);
    sorted.add(oldConsumer);
  };

  const reassignPartition = (tp: TopicPartition, to?: string): void => {
    const newConsumer =
      to ?? (sorted.find((c) => (subscribed.get(c) as Set<string>).has(tp.topic)) as string);
    const consumer = partitionConsumer.get(tpKey(tp)) as string;
    processPartitionMovement(
      movements.getTheActualPartitionToBeMoved(tp, consumer, newConsumer),
      newConsumer,
    );
  };

  const performReassignments = (partitions: TopicPartition[]): boolean => {
    let performed = false;
    let modified: boolean;
    do {
      modified = false;
      for (const tp of partitions) {
        if (isBalanced()) break;
        const consumer = partitionConsumer.get(tpKey(tp));
        if (consumer === undefined) continue; // Kafka logs an error here
        const previous = prevAssignment.get(tpKey(tp));
        // Kafka would fail with a NullPointerException if the previous owner were one of the
        // members left out above; that cannot arise from a real group, so it is just skipped.
        if (
          previous !== undefined &&
          current.has(previous.consumer) &&
          sizeOf(consumer) > sizeOf(previous.consumer) + 1
        ) {
          reassignPartition(tp, previous.consumer);
          performed = modified = true;
          continue;
        }
        if (potential(tp.topic).some((other) => sizeOf(consumer) > sizeOf(other) + 1)) {
          reassignPartition(tp);
          performed = modified = true;
        }
      }
    } while (modified);
    return performed;
  };

  // balance(): first the unassigned partitions go to the least loaded subscriber.
  const initializing = sizeOf(sorted.last() as string) === 0;
  for (const tp of unassigned) {
    const consumer = sorted.find((c) => (subscribed.get(c) as Set<string>).has(tp.topic));
    if (consumer === undefined) continue;
    sorted.remove(consumer);
    (current.get(consumer) as TopicPartition[]).push(tp);
    partitionConsumer.set(tpKey(tp), consumer);
    sorted.add(consumer);
  }

  // Only topics with 2+ potential consumers, and members that can change, take part.
  const movable = (tp: TopicPartition): boolean => potential(tp.topic).length >= 2;
  sortedAllPartitions = sortedAllPartitions.filter(movable);
  unassigned = unassigned.filter(movable);
  const fixedAssignments = new Map<string, TopicPartition[]>();
  for (const [consumer, topics] of consumerTopics) {
    const list = current.get(consumer) as TopicPartition[];
    if (list.length < maxAssignmentSize(topics) || list.some(movable)) continue;
    sorted.remove(consumer);
    fixedAssignments.set(consumer, list);
    current.delete(consumer);
  }

  const copy = (m: Map<string, TopicPartition[]>): Map<string, TopicPartition[]> =>
    new Map([...m].map(([c, list]) => [c, [...list]]));
  const preBalanceAssignment = copy(current);

  if (!revocationRequired) performReassignments(unassigned);
  const reassignmentPerformed = performReassignments(sortedAllPartitions);

  // getBalanceScore: the sum of |size difference| over all pairs of members; lower is better.
  const score = (m: Map<string, TopicPartition[]>): number => {
    const sizes = [...m.values()].map((l) => l.length);
    let sum = 0;
    for (let i = 0; i < sizes.length; i++)
      for (let j = i + 1; j < sizes.length; j++)
        sum += Math.abs((sizes[i] as number) - (sizes[j] as number));
    return sum;
  };
  // Kafka also restores its partition → consumer index here; nothing reads it afterwards.
  if (!initializing && reassignmentPerformed && score(current) >= score(preBalanceAssignment))
    current = copy(preBalanceAssignment);
  for (const [consumer, list] of fixedAssignments) current.set(consumer, list);
  return { assignment: current, movements };
}
