/**
 * `org.apache.kafka.clients.consumer.StickyAssignor` ("sticky"): the sticky algorithm
 * (abstractSticky.ts) under the eager protocol. An eager member revokes everything before it
 * rejoins, so what it owned travels in its subscription user data instead: the previous
 * assignment and generation, serialised topic by topic (CollectionUtils.groupPartitionsByTopic,
 * a HashMap). Here `ownedPartitions` and `generation` stand for that user data.
 */
import { abstractStickyAssign, type MemberData, type StickyResult } from './abstractSticky.ts';
import { javaHashOrder } from './javaHash.ts';
import type { Group, Subscription, TopicPartition } from './types.ts';

/** `StickyAssignor.memberData`: the user data, decoded back in its topic-grouped order. */
export function stickyMemberData(member: Subscription): MemberData {
  const byTopic = new Map<string, TopicPartition[]>();
  for (const tp of member.ownedPartitions) {
    const list = byTopic.get(tp.topic) ?? [];
    list.push(tp);
    byTopic.set(tp.topic, list);
  }
  const partitions = javaHashOrder(byTopic.keys()).flatMap(
    (topic) => byTopic.get(topic) as TopicPartition[],
  );
  return { partitions, generation: member.generation };
}

/** StickyAssignor.assign, with the assignor's side results (for Kafka's own test checks). */
export function stickyAssignDetailed(group: Group): StickyResult {
  return abstractStickyAssign(group, stickyMemberData);
}
