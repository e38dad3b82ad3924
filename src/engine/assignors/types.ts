/**
 * The assignors' shared shapes, and the step that turns the public input into what Kafka's
 * `AbstractPartitionAssignor.assign(Cluster, GroupSubscription)` hands to an assignor.
 */
import { javaHashOrder } from './javaHash.ts';

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** One member's JoinGroup metadata, as the group leader sees it. */
export interface AssignorMember {
  memberId: string;
  groupInstanceId?: string;
  topics: string[];
  ownedPartitions?: TopicPartition[];
  generation?: number;
}

export interface AssignorInput {
  members: AssignorMember[];
  partitionsPerTopic: Record<string, number>;
}

/** memberId → the partitions it is assigned, in the order Kafka's assignor lists them. */
export type GroupAssignment = Record<string, TopicPartition[]>;

/** A member after normalisation (ConsumerPartitionAssignor.Subscription). */
export interface Subscription {
  memberId: string;
  groupInstanceId: string | null;
  /** Subscribed topics in the member's order, without repeats (the client sends a set). */
  topics: string[];
  ownedPartitions: TopicPartition[];
  /** `Subscription.generationId()`: absent (null) when not given or negative, as in Kafka. */
  generation: number | null;
}

/** What every assignor starts from. Both collections iterate in Java's HashMap order. */
export interface Group {
  /** `Map<String, Subscription>` built by ConsumerCoordinator.onLeaderElected. */
  members: Subscription[];
  /** Subscribed topics that exist with at least one partition, and their partition counts. */
  partitionsPerTopic: Map<string, number>;
}

/** A key for a partition that cannot collide: the partition number has no ':'. */
export function tpKey(tp: TopicPartition): string {
  return `${tp.partition}:${tp.topic}`;
}

/** Java's `String.compareTo` sign: both compare UTF-16 code units. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `AbstractPartitionAssignor.MemberInfo.compareTo` (KIP-345): static members (with a
 * group.instance.id) first, ordered by instance id; then dynamic members by member id.
 */
export function compareMemberInfo(a: Subscription, b: Subscription): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null)
    return compareStrings(a.groupInstanceId, b.groupInstanceId);
  if (a.groupInstanceId !== null) return -1;
  if (b.groupInstanceId !== null) return 1;
  return compareStrings(a.memberId, b.memberId);
}

/** Removes the first equal partition, as `List.remove(Object)` does. */
export function removePartition(list: TopicPartition[], tp: TopicPartition): boolean {
  const i = list.findIndex((x) => x.topic === tp.topic && x.partition === tp.partition);
  if (i >= 0) list.splice(i, 1);
  return i >= 0;
}

function partitionCount(counts: Record<string, number>, topic: string): number {
  if (!Object.hasOwn(counts, topic)) return 0;
  const n = counts[topic];
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * Builds the `Group` the Java client would pass to the assignor:
 *
 * - ConsumerCoordinator.onLeaderElected puts the members into a `new HashMap<>()` in JoinGroup
 *   response order (the order of `input.members`), so they iterate in Java's hash order.
 * - AbstractPartitionAssignor.assign collects the subscribed topics into a HashSet and keeps
 *   those the metadata has partitions for in a HashMap: a topic nobody subscribes to, or with
 *   no partitions, never reaches the assignor.
 * - Owned partitions that cannot exist (a partition number outside the topic) are dropped;
 *   Kafka never sees those, and its sticky code would mis-sort them.
 */
export function toGroup(input: AssignorInput): Group {
  const seen = new Set<string>();
  for (const m of input.members) {
    if (seen.has(m.memberId)) throw new Error(`assign: member id '${m.memberId}' appears twice`);
    seen.add(m.memberId);
  }
  const byId = new Map(input.members.map((m) => [m.memberId, m]));
  const members = javaHashOrder(input.members.map((m) => m.memberId)).map((id) => {
    const m = byId.get(id) as AssignorMember;
    const owned = (m.ownedPartitions ?? []).filter(
      (tp) =>
        Number.isInteger(tp.partition) &&
        tp.partition >= 0 &&
        (!Object.hasOwn(input.partitionsPerTopic, tp.topic) ||
          tp.partition < partitionCount(input.partitionsPerTopic, tp.topic)),
    );
    const generation =
      m.generation !== undefined && Number.isInteger(m.generation) && m.generation >= 0
        ? m.generation
        : null;
    return {
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      topics: [...new Set(m.topics)],
      ownedPartitions: owned.map((tp) => ({ topic: tp.topic, partition: tp.partition })),
      generation,
    };
  });
  const subscribed = javaHashOrder(members.flatMap((m) => m.topics));
  const existing = subscribed.filter((t) => partitionCount(input.partitionsPerTopic, t) > 0);
  const partitionsPerTopic = new Map(
    javaHashOrder(existing).map((t) => [t, partitionCount(input.partitionsPerTopic, t)]),
  );
  return { members, partitionsPerTopic };
}

/** The result as a plain record, members in the caller's order (`fromEntries` is safe for any id). */
export function toRecord(
  input: AssignorInput,
  assignment: Map<string, TopicPartition[]>,
): GroupAssignment {
  return Object.fromEntries(
    input.members.map((m) => [m.memberId, assignment.get(m.memberId) ?? []]),
  );
}
