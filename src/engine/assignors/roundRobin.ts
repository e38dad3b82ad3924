/**
 * `org.apache.kafka.clients.consumer.RoundRobinAssignor` ("roundrobin").
 *
 * All subscribed partitions, topics in name order (a TreeSet) and partitions in number order,
 * are dealt one by one around a circle of the members sorted by MemberInfo.compareTo (static
 * members by group.instance.id, then dynamic members by member id). A member not subscribed
 * to the partition's topic is skipped, and the circle moves on past whoever took a partition,
 * so with equal subscriptions the counts differ by at most one.
 */
import { compareMemberInfo, compareStrings, type Group, type TopicPartition } from './types.ts';

export function roundRobinAssign(group: Group): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>(group.members.map((m) => [m.memberId, []]));
  // Utils.sorted: a stable sort of the members in the member map's order.
  const circle = [...group.members].sort(compareMemberInfo);
  const subscribed = circle.map((m) => new Set(m.topics));
  const topics = [...new Set(group.members.flatMap((m) => m.topics))].sort(compareStrings);

  // CircularIterator: `at` is what peek() returns; next() returns it and moves on.
  let at = 0;
  for (const topic of topics) {
    const numPartitions = group.partitionsPerTopic.get(topic);
    if (numPartitions === undefined) continue;
    for (let partition = 0; partition < numPartitions; partition++) {
      // Someone subscribes to every topic in the list, so this loop ends.
      while (!(subscribed[at] as Set<string>).has(topic)) at = (at + 1) % circle.length;
      const member = circle[at] as (typeof circle)[number];
      (assignment.get(member.memberId) as TopicPartition[]).push({ topic, partition });
      at = (at + 1) % circle.length;
    }
  }
  return assignment;
}
