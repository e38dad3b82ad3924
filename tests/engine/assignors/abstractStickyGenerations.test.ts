/**
 * Kafka's AbstractStickyAssignorTest, continued: generations, conflicting owners, deleted
 * topics, and the rack-unaware expectations of its rack-aware tests. Run through both Kafka
 * subclasses (StickyAssignorTest, CooperativeStickyAssignorTest).
 */
import { describe, expect, it } from 'vitest';
import type { TopicPartition } from '../../../src/engine/assignors/types.ts';
import {
  asSet,
  isFullyBalanced,
  parsePartitions,
  STICKY_TEST_CLASSES,
  StickyHarness,
  toSortedString,
  tp,
} from './helpers.ts';

const topic = 'topic';
const topic1 = 'topic1';
const topic2 = 'topic2';
const topic3 = 'topic3';
const [consumer1, consumer2, consumer3, consumer4] = [
  'consumer1',
  'consumer2',
  'consumer3',
  'consumer4',
];
const generationId = 1;
const DEFAULT_GENERATION = -1;
const set = (...partitions: TopicPartition[]) => asSet(partitions);

describe.each(STICKY_TEST_CLASSES)('AbstractStickyAssignorTest via $cls', ({ cls, kind }) => {
  const test = (name: string, body: (h: StickyHarness) => void) =>
    it(`${cls}.${name}`, () => body(new StickyHarness(kind)));

  test('testMoveExistingAssignments', (h) => {
    h.partitionsPerTopic = { topic1: 1, topic2: 1, topic3: 1, topic4: 1, topic5: 1, topic6: 1 };
    h.rejoin(consumer1, [topic1, topic2], [tp(topic1, 0)], generationId);
    h.rejoin(consumer2, [topic1, topic2, topic3, 'topic4'], [tp(topic2, 0), tp(topic3, 0)], 1);
    const c3Owned = [tp('topic4', 0), tp('topic5', 0), tp('topic6', 0)];
    h.rejoin(consumer3, [topic2, topic3, 'topic4', 'topic5', 'topic6'], c3Owned, generationId);
    const a = h.assign();
    expect(h.transferring).toBeNull();
    h.verify(a);
  });

  test('testStickiness', (h) => {
    h.partitionsPerTopic = { topic1: 3 };
    for (const c of [consumer1, consumer2, consumer3, consumer4]) h.subscribe(c, [topic1]);
    let a = h.assign();
    expect(h.transferring).toEqual({});
    a = h.verify(a);
    const before = new Map<string, string>();
    for (const [consumer, list] of Object.entries(a)) {
      expect(list.length).toBeLessThanOrEqual(1);
      if (list.length === 1) before.set(consumer, asSet(list)[0] as string);
    }
    // removing the potential group leader
    h.remove(consumer1);
    for (const c of [consumer2, consumer3, consumer4])
      h.rejoin(c, [topic1], a[c] ?? [], generationId);
    a = h.assign();
    expect(h.transferring).toEqual({});
    a = h.verify(a);
    for (const [consumer, list] of Object.entries(a)) {
      expect(list.length).toBe(1);
      if (before.has(consumer)) expect(asSet(list)).toContain(before.get(consumer));
    }
  });

  test('testAssignmentUpdatedForDeletedTopic', (h) => {
    h.partitionsPerTopic = { topic1: 1, topic3: 100 };
    h.subscribe('consumer', [topic1, topic2, topic3]);
    const a = h.assign();
    expect(h.transferring).toEqual({});
    expect(a.consumer).toHaveLength(1 + 100);
    expect(Object.keys(a)).toEqual(['consumer']);
    expect(isFullyBalanced(a)).toBe(true);
  });

  test('testNoExceptionThrownWhenOnlySubscribedTopicDeleted', (h) => {
    h.partitionsPerTopic = { topic: 3 };
    h.subscribe('consumer', [topic]);
    let a = h.assign();
    expect(h.transferring).toEqual({});
    h.rejoin('consumer', [topic], a.consumer ?? [], generationId);
    h.partitionsPerTopic = {};
    a = h.assign();
    expect(h.transferring).toEqual({});
    expect(a).toEqual({ consumer: [] });
  });

  test('testAllConsumersReachExpectedQuotaAndAreConsideredFilled', (h) => {
    h.partitionsPerTopic = { topic: 4 };
    h.rejoin(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId);
    h.rejoin(consumer2, [topic], [tp(topic, 2)], generationId);
    h.rejoin(consumer3, [topic], [], generationId);
    const a = h.assign();
    expect(a).toEqual({
      consumer1: [tp(topic, 0), tp(topic, 1)],
      consumer2: [tp(topic, 2)],
      consumer3: [tp(topic, 3)],
    });
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  const staleOwners = (h: StickyHarness, secondGeneration: number) => {
    h.partitionsPerTopic = { topic: 3, topic2: 3 };
    const owned = [tp(topic, 0), tp(topic, 2), tp(topic2, 1)];
    h.rejoin(consumer1, [topic, topic2], owned, 10);
    h.rejoin(consumer2, [topic, topic2], owned, secondGeneration);
    const a = h.assign();
    expect(asSet(a.consumer1 ?? [])).toEqual(set(...owned));
    expect(asSet(a.consumer2 ?? [])).toEqual(set(tp(topic, 1), tp(topic2, 0), tp(topic2, 2)));
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  };

  test('testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration', (h) => staleOwners(h, 9));

  test('testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration', (h) =>
    staleOwners(h, DEFAULT_GENERATION));

  test('testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration', (h) => {
    h.partitionsPerTopic = { topic: 3 };
    // partition topic-0 is owned by two consumers in the same generation
    h.rejoin(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId);
    h.rejoin(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], generationId);
    h.rejoin(consumer3, [topic], [], generationId);
    let a = h.assign();
    expect(h.transferring).toEqual({ 'topic-0': consumer3 });
    a = h.verify(a);
    expect(a).toEqual({
      consumer1: [tp(topic, 1)],
      consumer2: [tp(topic, 2)],
      consumer3: [tp(topic, 0)],
    });
    expect(isFullyBalanced(a)).toBe(true);
  });

  test('testEnsurePartitionsAssignedToHighestGeneration', (h) => {
    const all = [topic, topic2, topic3];
    h.partitionsPerTopic = { topic: 3, topic2: 3, topic3: 3 };
    h.rejoin(consumer1, all, [tp(topic, 0), tp(topic2, 0), tp(topic3, 0)], 10);
    h.rejoin(consumer2, all, [tp(topic, 1), tp(topic2, 1), tp(topic3, 1)], 9);
    h.rejoin(consumer3, all, [tp(topic2, 1), tp(topic3, 0), tp(topic3, 2)], 8);
    const a = h.assign();
    expect(asSet(a.consumer1 ?? [])).toEqual(set(tp(topic, 0), tp(topic2, 0), tp(topic3, 0)));
    expect(asSet(a.consumer2 ?? [])).toEqual(set(tp(topic, 1), tp(topic2, 1), tp(topic3, 1)));
    expect(asSet(a.consumer3 ?? [])).toEqual(set(tp(topic, 2), tp(topic2, 2), tp(topic3, 2)));
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testNoReassignmentOnCurrentMembers', (h) => {
    const all = [topic, topic2, topic3, topic1];
    h.partitionsPerTopic = { topic: 3, topic1: 3, topic2: 3, topic3: 3 };
    h.rejoin(consumer1, all, [], DEFAULT_GENERATION);
    h.rejoin(consumer2, all, [tp(topic, 0), tp(topic2, 0), tp(topic1, 0)], 9);
    h.rejoin(consumer3, all, [tp(topic3, 2), tp(topic2, 2), tp(topic1, 1)], 8);
    h.rejoin(consumer4, all, [tp(topic3, 1), tp(topic, 1), tp(topic, 2)], 7);
    const a = h.assign();
    // ensure assigned partitions don't get reassigned
    expect(asSet(a.consumer1 ?? [])).toEqual(set(tp(topic1, 2), tp(topic2, 1), tp(topic3, 0)));
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration', (h) => {
    h.partitionsPerTopic = { topic: 3, topic2: 3 };
    h.rejoin(consumer1, [topic, topic2], [tp(topic, 0), tp(topic2, 1), tp(topic, 1)], 10);
    h.rejoin(consumer2, [topic, topic2], [tp(topic, 0), tp(topic2, 1), tp(topic2, 2)], 8);
    const a = h.assign();
    expect(asSet(a.consumer1 ?? [])).toEqual(set(tp(topic, 0), tp(topic2, 1), tp(topic, 1)));
    expect(asSet(a.consumer2 ?? [])).toEqual(set(tp(topic, 2), tp(topic2, 2), tp(topic2, 0)));
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testSubscriptionNotEqualAndAssignSamePartitionWith3Generation', (h) => {
    h.partitionsPerTopic = { topic: 6, topic1: 1 };
    const sequences = [
      [1, 2, 3],
      [1, 3, 2],
      [2, 1, 3],
      [2, 3, 1],
      [3, 1, 2],
      [3, 2, 1],
    ] as const;
    for (const [g1, g2, g3] of sequences) {
      h.rejoin(consumer1, [topic], [tp(topic, 0), tp(topic, 2)], g1);
      h.rejoin(consumer2, [topic], [tp(topic, 1), tp(topic, 2), tp(topic, 3)], g2);
      h.rejoin(consumer3, [topic], [tp(topic, 2), tp(topic, 4), tp(topic, 5)], g3);
      h.rejoin(consumer4, [topic1], [tp(topic1, 0)], 2);
      const lists = Object.values(h.assign());
      const all = lists.flatMap((l) => asSet(l));
      expect(new Set(all).size).toBe(all.length);
      for (const list of lists) expect(list.length >= 1 && list.length <= 2).toBe(true);
    }
  });

  /**
   * AbstractPartitionAssignorTest.verifyRackAssignment with no rack information: members
   * consumer0, consumer1, … built with DEFAULT_GENERATION and the given owned partitions.
   * StickyAssignor reads owned partitions from user data only, which these lack.
   */
  const verifyNonRackAssignment = (
    consumerTopics: string[][],
    owned: string[] | null,
    expected: string[],
  ) => {
    const h = new StickyHarness(kind);
    h.partitionsPerTopic = { t1: 6, t2: 7, t3: 2 };
    consumerTopics.forEach((topics, i) => {
      const ownedList = owned?.[i];
      if (ownedList === undefined || kind === 'sticky') h.subscribe(`consumer${i}`, topics);
      else h.rejoin(`consumer${i}`, topics, parsePartitions(ownedList));
    });
    const a = h.assign();
    expect(consumerTopics.map((_, i) => toSortedString(a[`consumer${i}`] ?? []))).toEqual(expected);
  };

  it(`${cls}.testRackAwareAssignmentWithUniformSubscription (without racks)`, () => {
    const all = ['t1', 't2', 't3'];
    const expected = [
      't1-0, t1-3, t2-0, t2-3, t2-6',
      't1-1, t1-4, t2-1, t2-4, t3-0',
      't1-2, t1-5, t2-2, t2-5, t3-1',
    ];
    verifyNonRackAssignment([all, all, all], null, expected); // verifyUniformSubscription
    verifyNonRackAssignment([all, all, all], expected, expected);
  });

  it(`${cls}.testRackAwareAssignmentWithNonEqualSubscription (without racks)`, () => {
    const all = ['t1', 't2', 't3'];
    const topics = [all, all, ['t1', 't3']];
    const expected = [
      't1-5, t2-0, t2-2, t2-4, t2-6',
      't1-3, t2-1, t2-3, t2-5, t3-0',
      't1-0, t1-1, t1-2, t1-4, t3-1',
    ];
    verifyNonRackAssignment(topics, null, expected); // verifyNonEqualSubscription
    verifyNonRackAssignment(topics, expected, expected);
    // "Verify that result is same as non-rack-aware assignment if all racks match"
    const owned = [
      't1-0, t1-1, t1-2, t1-3, t1-4',
      't1-5, t2-0, t2-1, t2-2, t2-3',
      't2-4, t2-5, t2-6, t3-0, t3-1',
    ];
    if (kind === 'sticky') {
      verifyNonRackAssignment(topics, owned, expected);
    } else {
      const intermediate = ['t1-2, t1-3, t1-4', 't2-0, t2-1, t2-2, t2-3', 't3-0, t3-1'];
      verifyNonRackAssignment(topics, owned, intermediate);
      verifyNonRackAssignment(topics, intermediate, [
        't1-2, t1-3, t1-4, t2-4, t2-5',
        't2-0, t2-1, t2-2, t2-3, t2-6',
        't1-0, t1-1, t1-5, t3-0, t3-1',
      ]);
    }
  });
});
