/**
 * `org.apache.kafka.clients.consumer.CooperativeStickyAssignor` ("cooperative-sticky"): the
 * sticky algorithm (abstractSticky.ts) under the cooperative protocol (KIP-429).
 *
 * A cooperative member keeps its partitions while it rejoins and reports them as
 * `ownedPartitions`, with its generation. The sticky result is then adjusted: a partition
 * that moves from one member to another is left out of the new owner's assignment in this
 * round. The old owner sees it missing from its assignment, revokes it and rejoins; the
 * follow-up rebalance hands it to its new owner, so no partition is ever owned twice.
 */
import {
  abstractStickyAssign,
  type MemberData,
  type StickyResult,
  type TransferringOwnership,
} from './abstractSticky.ts';
import {
  removePartition,
  tpKey,
  type Group,
  type Subscription,
  type TopicPartition,
} from './types.ts';

/**
 * `CooperativeStickyAssignor.memberData`: owned partitions straight from the subscription
 * (ConsumerProtocolSubscription v1+), the generation from the subscription (v2+).
 */
export function cooperativeMemberData(member: Subscription): MemberData {
  return { partitions: member.ownedPartitions, generation: member.generation };
}

/**
 * `computePartitionsTransferringOwnership`, for the general path (which does not track it):
 * partitions some member gains while another member loses them.
 */
function computePartitionsTransferringOwnership(
  group: Group,
  assignment: Map<string, TopicPartition[]>,
): TransferringOwnership {
  const added: TransferringOwnership = new Map();
  const revoked = new Set<string>();
  for (const member of group.members) {
    const assigned = assignment.get(member.memberId) ?? [];
    const owned = new Set(member.ownedPartitions.map(tpKey));
    const assignedKeys = new Set(assigned.map(tpKey));
    for (const tp of assigned)
      if (!owned.has(tpKey(tp))) added.set(tpKey(tp), { partition: tp, consumer: member.memberId });
    for (const tp of member.ownedPartitions)
      if (!assignedKeys.has(tpKey(tp))) revoked.add(tpKey(tp));
  }
  for (const key of [...added.keys()]) if (!revoked.has(key)) added.delete(key);
  return added;
}

/** CooperativeStickyAssignor.assign, with the assignor's side results (for Kafka's tests). */
export function cooperativeStickyAssignDetailed(group: Group): StickyResult {
  const result = abstractStickyAssign(group, cooperativeMemberData);
  const transferring =
    result.partitionsTransferringOwnership ??
    computePartitionsTransferringOwnership(group, result.assignment);
  // adjustAssignment: withhold every partition that still has another owner.
  for (const { partition, consumer } of transferring.values())
    removePartition(result.assignment.get(consumer) as TopicPartition[], partition);
  return result;
}
