/**
 * Test helpers mirroring those of Kafka's assignor tests (AbstractStickyAssignorTest,
 * AbstractPartitionAssignorTest): partition builders, a harness that plays the role of the
 * Java `subscriptions` map plus the assignor object, and the validity/balance checks.
 */
import { expect } from 'vitest';
import { cooperativeStickyAssignDetailed } from '../../../src/engine/assignors/cooperativeSticky.ts';
import type { PartitionMovements } from '../../../src/engine/assignors/partitionMovements.ts';
import { stickyAssignDetailed } from '../../../src/engine/assignors/sticky.ts';
import {
  toGroup,
  toRecord,
  type AssignorMember,
  type GroupAssignment,
  type TopicPartition,
} from '../../../src/engine/assignors/types.ts';

export const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });

/** "t1-0, t1-3, t2-0" → partitions (AbstractPartitionAssignorTest.ownedPartitions). */
export function parsePartitions(list: string): TopicPartition[] {
  if (list === '') return [];
  return list
    .split(', ')
    .map((s) => tp(s.slice(0, s.lastIndexOf('-')), Number(s.slice(s.lastIndexOf('-') + 1))));
}

/** AbstractPartitionAssignorTest.toSortedString: "topic-p" strings, sorted, comma separated. */
export function toSortedString(partitions: TopicPartition[]): string {
  return partitions
    .map((p) => `${p.topic}-${p.partition}`)
    .sort()
    .join(', ');
}

export const asSet = (partitions: TopicPartition[]): string[] =>
  partitions.map((p) => `${p.topic}-${p.partition}`).sort();

/** AbstractStickyAssignorTest.getCanonicalName: "c07" for (7, 20). */
export function canonicalName(prefix: string, i: number, maxNum: number): string {
  return prefix + String(i).padStart(String(maxNum).length, '0');
}

/** AbstractStickyAssignorTest.isFullyBalanced: partition counts differ by at most one. */
export function isFullyBalanced(assignment: GroupAssignment): boolean {
  const sizes = Object.values(assignment).map((l) => l.length);
  return sizes.length === 0 || Math.max(...sizes) - Math.min(...sizes) <= 1;
}

/**
 * AbstractStickyAssignorTest.verifyValidityAndBalance: every partition goes to a subscriber of
 * its topic and to one member only, and two members whose counts differ by 2+ share no topic.
 */
export function verifyValidityAndBalance(
  subscriptions: Map<string, { topics: string[] }>,
  assignment: GroupAssignment,
): void {
  const consumers = Object.keys(assignment).sort();
  expect(consumers.length).toBe(subscriptions.size);
  for (let i = 0; i < consumers.length; i++) {
    const consumer = consumers[i] as string;
    const partitions = assignment[consumer] as TopicPartition[];
    const topics = (subscriptions.get(consumer) as { topics: string[] }).topics;
    for (const p of partitions) expect(topics, `${consumer} got ${p.topic}`).toContain(p.topic);
    for (let j = i + 1; j < consumers.length; j++) {
      const other = assignment[consumers[j] as string] as TopicPartition[];
      const mine = new Set(asSet(partitions));
      expect(asSet(other).filter((p) => mine.has(p))).toEqual([]);
      if (Math.abs(partitions.length - other.length) <= 1) continue;
      const otherTopics = new Set(other.map((p) => p.topic));
      for (const p of partitions) expect(otherTopics.has(p.topic)).toBe(false);
    }
  }
}

export type StickyKind = 'sticky' | 'cooperative-sticky';

/** The two Kafka test classes that inherit AbstractStickyAssignorTest. */
export const STICKY_TEST_CLASSES: { cls: string; kind: StickyKind }[] = [
  { cls: 'StickyAssignorTest', kind: 'sticky' },
  { cls: 'CooperativeStickyAssignorTest', kind: 'cooperative-sticky' },
];

/**
 * The Java test fixture: `subscriptions` (a map the test puts members into) and the assignor
 * object, which remembers its last `partitionsTransferringOwnership` and partition movements.
 */
export class StickyHarness {
  readonly subscriptions = new Map<string, AssignorMember>();
  partitionsPerTopic: Record<string, number> = {};
  /** `assignor.partitionsTransferringOwnership` as "topic-p → consumer", or null. */
  transferring: Record<string, string> | null = null;
  private movements: PartitionMovements | null = null;

  constructor(readonly kind: StickyKind) {}

  /** `subscription(topics, i)`: no owned partitions, no generation (DEFAULT_GENERATION). */
  subscribe(consumer: string, topics: string[]): void {
    this.subscriptions.set(consumer, { memberId: consumer, topics: [...topics] });
  }

  /**
   * `buildSubscriptionV2Above(topics, partitions, generation, i)`: the member reports what it
   * owns and its generation. Without a generation it is a Subscription built with
   * DEFAULT_GENERATION (as AbstractPartitionAssignorTest.verifyRackAssignment builds them).
   */
  rejoin(consumer: string, topics: string[], owned: TopicPartition[], generation?: number): void {
    this.subscriptions.set(consumer, {
      memberId: consumer,
      topics: [...topics],
      ownedPartitions: [...owned],
      ...(generation === undefined ? {} : { generation }),
    });
  }

  remove(consumer: string): void {
    this.subscriptions.delete(consumer);
  }

  /** `assignor.assignPartitions(partitionsPerTopic, subscriptions)`. */
  assign(): GroupAssignment {
    const input = {
      members: [...this.subscriptions.values()],
      partitionsPerTopic: { ...this.partitionsPerTopic },
    };
    const group = toGroup(input);
    const detailed =
      this.kind === 'sticky' ? stickyAssignDetailed(group) : cooperativeStickyAssignDetailed(group);
    const t = detailed.partitionsTransferringOwnership;
    this.transferring =
      t === null
        ? null
        : Object.fromEntries(
            [...t.values()].map((x) => [
              `${x.partition.topic}-${x.partition.partition}`,
              x.consumer,
            ]),
          );
    // Kafka's assignor keeps the movements of its last general-path run.
    if (detailed.movements) this.movements = detailed.movements;
    return toRecord(input, detailed.assignment);
  }

  /** `assignor.isSticky()`. */
  isSticky(): boolean {
    if (!this.movements) throw new Error('isSticky before any general assignment');
    return this.movements.isSticky();
  }

  /**
   * verifyValidityAndBalance as each test class has it. CooperativeStickyAssignorTest first
   * runs follow-up rebalances (members rejoin with what they now own, generation 1) while
   * partitions are being revoked, checking no partition is revoked and given away in one
   * round; it returns the final assignment, as the Java test updates its map in place.
   */
  verify(assignment: GroupAssignment): GroupAssignment {
    let current = assignment;
    if (this.kind === 'cooperative-sticky') {
      let rebalances = 0;
      while (this.verifyCooperativeValidity(current)) {
        for (const [consumer, partitions] of Object.entries(current)) {
          const old = this.subscriptions.get(consumer) as AssignorMember;
          this.rejoin(consumer, old.topics, partitions, 1);
        }
        current = this.assign();
        rebalances++;
        expect(rebalances).toBeLessThanOrEqual(4);
      }
    }
    verifyValidityAndBalance(this.subscriptions, current);
    return current;
  }

  /** True when partitions are being revoked (a follow-up rebalance will happen). */
  private verifyCooperativeValidity(assignment: GroupAssignment): boolean {
    const added = new Set<string>();
    const revoked = new Set<string>();
    for (const [consumer, partitions] of Object.entries(assignment)) {
      const owned = asSet(this.subscriptions.get(consumer)?.ownedPartitions ?? []);
      const assigned = asSet(partitions);
      for (const p of owned) if (!assigned.includes(p)) revoked.add(p);
      for (const p of assigned) if (!owned.includes(p)) added.add(p);
    }
    expect([...added].filter((p) => revoked.has(p))).toEqual([]);
    return revoked.size > 0;
  }
}
