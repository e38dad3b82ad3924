/**
 * `org.apache.kafka.clients.consumer.RangeAssignor` ("range", the classic default).
 *
 * Topic by topic: the topic's subscribers are sorted (static members by group.instance.id
 * first, then dynamic members by member id: MemberInfo.compareTo, KIP-345), the partitions
 * are laid out in order, and each subscriber takes a contiguous range; the first
 * `partitions % subscribers` take one extra.
 *
 * Simplification: the rack-aware part (KIP-881, used only when consumers set `client.rack`
 * and some partitions have replicas on a subset of racks) is not simulated: the simulator has
 * no racks, and without racks Kafka takes exactly this path.
 */
import { compareMemberInfo, type Group, type Subscription, type TopicPartition } from './types.ts';

export function rangeAssign(group: Group): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>(group.members.map((m) => [m.memberId, []]));

  // consumersPerTopic: each topic's subscribers, in the order the member map iterates.
  const consumersPerTopic = new Map<string, Subscription[]>();
  for (const member of group.members) {
    for (const topic of member.topics) {
      const list = consumersPerTopic.get(topic) ?? [];
      list.push(member);
      consumersPerTopic.set(topic, list);
    }
  }

  // Topics in partitionsPerTopic's (HashMap) order: that order decides how each member's
  // list reads when it gets partitions of several topics.
  for (const [topic, numPartitions] of group.partitionsPerTopic) {
    // Collections.sort is stable, so equal instance ids keep the member map's order.
    const consumers = [...(consumersPerTopic.get(topic) ?? [])].sort(compareMemberInfo);
    if (consumers.length === 0) continue;
    // TopicAssignmentState: maxAssignable = perConsumer + (extras left ? 1 : 0).
    const perConsumer = Math.floor(numPartitions / consumers.length);
    let remainingWithExtra = numPartitions % consumers.length;
    let next = 0;
    for (const consumer of consumers) {
      if (next >= numPartitions) break;
      const count = perConsumer + (remainingWithExtra > 0 ? 1 : 0);
      if (count === 0) continue;
      const list = assignment.get(consumer.memberId) as TopicPartition[];
      for (let p = next; p < next + count; p++) list.push({ topic, partition: p });
      next += count;
      if (count > perConsumer) remainingWithExtra--;
    }
  }
  return assignment;
}
