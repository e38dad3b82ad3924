/**
 * `org.apache.kafka.clients.consumer.internals.AbstractStickyAssignor`: the sticky algorithm
 * shared by StickyAssignor ("sticky", eager) and CooperativeStickyAssignor
 * ("cooperative-sticky"). Goals, in order: a balanced assignment (counts differ by at most one
 * where subscriptions allow), then keeping as many previously owned partitions as possible.
 *
 * First every member's previously owned partitions are collected and cleaned up
 * (`allSubscriptionsEqual`): a partition claimed by two members goes to the one with the
 * higher generation, and is taken from both when they claim it in the same generation. Then,
 * if all members subscribe to the same topics, the fast ConstrainedAssignmentBuilder runs
 * (constrainedAssign.ts); otherwise the GeneralAssignmentBuilder (generalAssign.ts).
 *
 * Simplifications: no rack awareness (KIP-881; the simulator has no racks, and without
 * `client.rack` Kafka takes these same paths). Kafka keeps `maxGeneration` in the assignor
 * object across rebalances; this function starts fresh each call, which changes nothing while
 * generations only grow.
 */
import { constrainedAssign } from './constrainedAssign.ts';
import { generalAssign } from './generalAssign.ts';
import type { PartitionMovements } from './partitionMovements.ts';
import {
  removePartition,
  tpKey,
  type Group,
  type Subscription,
  type TopicPartition,
} from './types.ts';

/** AbstractStickyAssignor.DEFAULT_GENERATION: "no generation known". */
export const DEFAULT_GENERATION = -1;

/** `AbstractStickyAssignor.MemberData`: what a member says it owned, and in which generation. */
export interface MemberData {
  partitions: TopicPartition[];
  generation: number | null;
}

/** partition key → the member that gets a partition some other member still owns. */
export type TransferringOwnership = Map<string, { partition: TopicPartition; consumer: string }>;

export interface StickyResult {
  assignment: Map<string, TopicPartition[]>;
  /** Filled by the constrained path; null after the general path (as in Kafka). */
  partitionsTransferringOwnership: TransferringOwnership | null;
  /** The general path's move record (for Kafka's isSticky check); null on the constrained path. */
  movements: PartitionMovements | null;
}

export interface OwnedPartitions {
  /** Each member's still-valid owned partitions, in member-map order. */
  consumerToOwnedPartitions: Map<string, TopicPartition[]>;
  /** Partitions two members claimed in the same generation (partition keys). */
  partitionsWithMultiplePreviousOwners: Set<string>;
  maxGeneration: number;
  allSubscriptionsEqual: boolean;
}

/**
 * `allSubscriptionsEqual`: whether every member subscribes to the same topics, and each
 * member's owned partitions that survive generation conflicts.
 *
 * Kafka quirk kept on purpose: the reference topic set is the first non-empty subscription in
 * member-map order, so members with an empty subscription do not make the group "unequal".
 */
export function collectOwnedPartitions(
  group: Group,
  memberData: (member: Subscription) => MemberData,
): OwnedPartitions {
  const owned = new Map<string, TopicPartition[]>();
  const multipleOwners = new Set<string>();
  const previousOwner = new Map<string, Subscription>();
  let subscribedTopics = new Set<string>();
  let allEqual = true;
  let maxGeneration = DEFAULT_GENERATION;

  for (const member of group.members) {
    if (subscribedTopics.size === 0) {
      subscribedTopics = new Set(member.topics);
    } else if (
      allEqual &&
      !(
        member.topics.length === subscribedTopics.size &&
        member.topics.every((t) => subscribedTopics.has(t))
      )
    ) {
      allEqual = false;
    }

    const data = memberData(member);
    const generation = data.generation ?? DEFAULT_GENERATION;
    maxGeneration = Math.max(maxGeneration, generation);
    const ownedByMember: TopicPartition[] = [];
    owned.set(member.memberId, ownedByMember);

    for (const tp of data.partitions) {
      // Partitions of topics that no longer exist or nobody subscribes to are dropped.
      if (!group.partitionsPerTopic.has(tp.topic)) continue;
      const key = tpKey(tp);
      const other = previousOwner.get(key);
      if (other === undefined) {
        ownedByMember.push(tp);
        previousOwner.set(key, member);
        continue;
      }
      // The other claimant's generation comes from its Subscription, not its MemberData.
      const otherGeneration = other.generation ?? DEFAULT_GENERATION;
      if (generation === otherGeneration) {
        // Same generation: neither can be trusted, the partition is revoked from both.
        multipleOwners.add(key);
        removePartition(owned.get(other.memberId) as TopicPartition[], tp);
        previousOwner.set(key, member);
      } else if (generation > otherGeneration) {
        ownedByMember.push(tp);
        removePartition(owned.get(other.memberId) as TopicPartition[], tp);
        previousOwner.set(key, member);
      }
      // Otherwise the other member, with the higher generation, keeps it.
    }
  }
  return {
    consumerToOwnedPartitions: owned,
    partitionsWithMultiplePreviousOwners: multipleOwners,
    maxGeneration,
    allSubscriptionsEqual: allEqual,
  };
}

/** `AbstractStickyAssignor.assignPartitions` without racks. */
export function abstractStickyAssign(
  group: Group,
  memberData: (member: Subscription) => MemberData,
): StickyResult {
  const owned = collectOwnedPartitions(group, memberData);
  if (owned.allSubscriptionsEqual) {
    const { assignment, partitionsTransferringOwnership } = constrainedAssign(
      group.partitionsPerTopic,
      owned.consumerToOwnedPartitions,
      owned.partitionsWithMultiplePreviousOwners,
    );
    return { assignment, partitionsTransferringOwnership, movements: null };
  }
  const { assignment, movements } = generalAssign(group, owned, memberData);
  return { assignment, partitionsTransferringOwnership: null, movements };
}
