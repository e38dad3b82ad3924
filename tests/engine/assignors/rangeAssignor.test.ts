/**
 * Kafka's RangeAssignorTest (clients/src/test/java/org/apache/kafka/clients/consumer), ported.
 * Kafka runs most cases once per RackConfig; the simulator has no racks, so each runs once, the
 * way Kafka runs it without consumer racks. Of the rack-aware tests, the expectations for the
 * rack-unaware combinations (verifyNonRackAwareAssignment) are ported.
 */
import { describe, expect, it } from 'vitest';
import { assign, type AssignorMember } from '../../../src/engine/assignors/index.ts';
import { toSortedString, tp } from './helpers.ts';

const topic1 = 'topic1';
const topic2 = 'topic2';
const range = (members: AssignorMember[], partitionsPerTopic: Record<string, number>) =>
  assign('range', { members, partitionsPerTopic });
const member = (memberId: string, topics: string[], groupInstanceId?: string): AssignorMember =>
  groupInstanceId === undefined ? { memberId, topics } : { memberId, topics, groupInstanceId };

describe('RangeAssignor', () => {
  it('RangeAssignorTest.testOneConsumerNoTopic', () => {
    expect(range([member('consumer1', [])], {})).toEqual({ consumer1: [] });
  });

  it('RangeAssignorTest.testOneConsumerNonexistentTopic', () => {
    expect(range([member('consumer1', [topic1])], {})).toEqual({ consumer1: [] });
  });

  it('RangeAssignorTest.testOneConsumerOneTopic', () => {
    expect(range([member('consumer1', [topic1])], { topic1: 3 })).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 1), tp(topic1, 2)],
    });
  });

  it('RangeAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    expect(range([member('consumer1', [topic1])], { topic1: 3, other: 3 })).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 1), tp(topic1, 2)],
    });
  });

  it('RangeAssignorTest.testOneConsumerMultipleTopics', () => {
    const a = range([member('consumer1', [topic1, topic2])], { topic1: 1, topic2: 2 });
    expect(a.consumer1).toEqual([tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)]);
  });

  it('RangeAssignorTest.testTwoConsumersOneTopicOnePartition', () => {
    const a = range([member('consumer1', [topic1]), member('consumer2', [topic1])], { topic1: 1 });
    expect(a).toEqual({ consumer1: [tp(topic1, 0)], consumer2: [] });
  });

  it('RangeAssignorTest.testTwoConsumersOneTopicTwoPartitions', () => {
    const a = range([member('consumer1', [topic1]), member('consumer2', [topic1])], { topic1: 2 });
    expect(a).toEqual({ consumer1: [tp(topic1, 0)], consumer2: [tp(topic1, 1)] });
  });

  it('RangeAssignorTest.testMultipleConsumersMixedTopics', () => {
    const a = range(
      [
        member('consumer1', [topic1]),
        member('consumer2', [topic1, topic2]),
        member('consumer3', [topic1]),
      ],
      { topic1: 3, topic2: 2 },
    );
    expect(a).toEqual({
      consumer1: [tp(topic1, 0)],
      consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
      consumer3: [tp(topic1, 2)],
    });
  });

  it('RangeAssignorTest.testTwoConsumersTwoTopicsSixPartitions', () => {
    const both = [topic1, topic2];
    const a = range([member('consumer1', both), member('consumer2', both)], {
      topic1: 3,
      topic2: 3,
    });
    expect(a).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
      consumer2: [tp(topic1, 2), tp(topic2, 2)],
    });
  });

  it('RangeAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions: instance ids decide the order', () => {
    const both = [topic1, topic2];
    // consumer-a sorts first by member id, but instance1 < instance2 puts consumer-b first.
    const a = range(
      [member('consumer-b', both, 'instance1'), member('consumer-a', both, 'instance2')],
      { topic1: 3, topic2: 3 },
    );
    expect(a['consumer-b']).toEqual([tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]);
    expect(a['consumer-a']).toEqual([tp(topic1, 2), tp(topic2, 2)]);
  });

  it('RangeAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions', () => {
    const both = [topic1, topic2];
    // A static member sorts before every dynamic member.
    const a = range([member('consumer-b', both, 'instance1'), member('consumer-a', both)], {
      topic1: 3,
      topic2: 3,
    });
    expect(a['consumer-b']).toEqual([tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)]);
    expect(a['consumer-a']).toEqual([tp(topic1, 2), tp(topic2, 2)]);
  });

  it('RangeAssignorTest.testStaticMemberRangeAssignmentPersistent', () => {
    const both = [topic1, topic2];
    const statics = [1, 2, 3].map((i) => member(`consumer${i}`, both, `instance${i}`));
    const ppt = { topic1: 5, topic2: 4 };
    const expected = {
      consumer1: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0)],
      consumer2: [tp(topic1, 2), tp(topic2, 1)],
      consumer3: [tp(topic1, 3), tp(topic2, 2)],
    };
    expect(range([...statics, member('consumer4', both)], ppt)).toEqual({
      ...expected,
      consumer4: [tp(topic1, 4), tp(topic2, 3)],
    });
    // Replace dynamic member 4 with a new dynamic member 5: the static members keep theirs.
    expect(range([...statics, member('consumer5', both)], ppt)).toEqual({
      ...expected,
      consumer5: [tp(topic1, 4), tp(topic2, 3)],
    });
  });

  it('RangeAssignorTest.testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges', () => {
    const both = [topic1, topic2];
    const ppt = { topic1: 5, topic2: 5 };
    const byInstance = (members: AssignorMember[]) => {
      const a = range(members, ppt);
      return Object.fromEntries(members.map((m) => [m.groupInstanceId, a[m.memberId]]));
    };
    const before = byInstance([1, 2, 3].map((i) => member(`consumer${i}`, both, `instance${i}`)));
    expect(before).toEqual({
      instance1: [tp(topic1, 0), tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
      instance2: [tp(topic1, 2), tp(topic1, 3), tp(topic2, 2), tp(topic2, 3)],
      instance3: [tp(topic1, 4), tp(topic2, 4)],
    });
    // Now switch the member.id fields: consumer4 takes instance3, consumer5 instance2.
    const after = byInstance([
      member('consumer1', both, 'instance1'),
      member('consumer4', both, 'instance3'),
      member('consumer5', both, 'instance2'),
    ]);
    expect(after).toEqual(before);
  });

  /** AbstractPartitionAssignorTest.verifyRackAssignment without racks: consumer0, consumer1, … */
  function verifyNonRackAwareAssignment(
    topics: Record<string, number>,
    consumerTopics: string[][],
    expected: string[],
  ): void {
    const members = consumerTopics.map((t, i) => member(`consumer${i}`, t));
    const a = range(members, topics);
    expect(members.map((m) => toSortedString(a[m.memberId] ?? []))).toEqual(expected);
  }

  it('RangeAssignorTest.testRackAwareAssignmentWithUniformSubscription (without racks)', () => {
    const all = ['t1', 't2', 't3'];
    verifyNonRackAwareAssignment(
      { t1: 6, t2: 7, t3: 2 },
      [all, all, all],
      [
        't1-0, t1-1, t2-0, t2-1, t2-2, t3-0',
        't1-2, t1-3, t2-3, t2-4, t3-1',
        't1-4, t1-5, t2-5, t2-6',
      ],
    );
  });

  it('RangeAssignorTest.testRackAwareAssignmentWithNonEqualSubscription (without racks)', () => {
    const all = ['t1', 't2', 't3'];
    verifyNonRackAwareAssignment(
      { t1: 6, t2: 7, t3: 2 },
      [all, all, ['t1', 't3']],
      [
        't1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0',
        't1-2, t1-3, t2-4, t2-5, t2-6, t3-1',
        't1-4, t1-5',
      ],
    );
  });

  it('RangeAssignorTest.testRackAwareAssignmentWithUniformPartitions (without racks)', () => {
    const all = ['t1', 't2', 't3'];
    verifyNonRackAwareAssignment(
      { t1: 5, t2: 5, t3: 5 },
      [all, all, all],
      [
        't1-0, t1-1, t2-0, t2-1, t3-0, t3-1',
        't1-2, t1-3, t2-2, t2-3, t3-2, t3-3',
        't1-4, t2-4, t3-4',
      ],
    );
  });

  it('RangeAssignorTest.testRackAwareAssignmentWithUniformPartitionsNonEqualSubscription (without racks)', () => {
    const all = ['t1', 't2', 't3'];
    verifyNonRackAwareAssignment(
      { t1: 5, t2: 5, t3: 5 },
      [all, all, ['t1', 't3']],
      [
        't1-0, t1-1, t2-0, t2-1, t2-2, t3-0, t3-1',
        't1-2, t1-3, t2-3, t2-4, t3-2, t3-3',
        't1-4, t3-4',
      ],
    );
  });

  it('RangeAssignorTest.testRackAwareAssignmentWithCoPartitioning (without racks)', () => {
    const topics = { t1: 6, t2: 6, t3: 2, t4: 2 };
    const t12 = ['t1', 't2'];
    const t34 = ['t3', 't4'];
    verifyNonRackAwareAssignment(
      topics,
      [t12, t12, t34, t34],
      [
        't1-0, t1-1, t1-2, t2-0, t2-1, t2-2',
        't1-3, t1-4, t1-5, t2-3, t2-4, t2-5',
        't3-0, t4-0',
        't3-1, t4-1',
      ],
    );
    const all = ['t1', 't2', 't3', 't4'];
    verifyNonRackAwareAssignment(
      topics,
      [all, all, all, all],
      [
        't1-0, t1-1, t2-0, t2-1, t3-0, t4-0',
        't1-2, t1-3, t2-2, t2-3, t3-1, t4-1',
        't1-4, t2-4',
        't1-5, t2-5',
      ],
    );
  });

  it('RangeAssignorTest.testCoPartitionedAssignmentWithSameSubscription (without racks)', () => {
    // t7, t8 and t9 are subscribed to but do not exist.
    const list = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'];
    verifyNonRackAwareAssignment(
      { t1: 6, t2: 6, t3: 2, t4: 2, t5: 4, t6: 4 },
      [list, list, list],
      [
        't1-0, t1-1, t2-0, t2-1, t3-0, t4-0, t5-0, t5-1, t6-0, t6-1',
        't1-2, t1-3, t2-2, t2-3, t3-1, t4-1, t5-2, t6-2',
        't1-4, t1-5, t2-4, t2-5, t5-3, t6-3',
      ],
    );
  });

  it('RangeAssignor javadoc: two consumers, two topics of three partitions', () => {
    const a = range([member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])], { t0: 3, t1: 3 });
    expect(a).toEqual({
      C0: [tp('t0', 0), tp('t0', 1), tp('t1', 0), tp('t1', 1)],
      C1: [tp('t0', 2), tp('t1', 2)],
    });
  });

  it("lists a member's topics in Java's HashMap order, not the subscription order", () => {
    // "b" hashes to 98 and "a" to 97 in a 16-bucket table: buckets 2 and 1, so "a" comes first
    // although the member subscribed to "b" first.
    const a = range([member('m', ['b', 'a'])], { a: 1, b: 1 });
    expect(a.m).toEqual([tp('a', 0), tp('b', 0)]);
  });
});
