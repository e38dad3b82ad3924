/**
 * Kafka's RoundRobinAssignorTest (clients/src/test/java/org/apache/kafka/clients/consumer),
 * every case ported, plus the two examples of the RoundRobinAssignor javadoc.
 */
import { describe, expect, it } from 'vitest';
import { assign, type AssignorMember } from '../../../src/engine/assignors/index.ts';
import { tp } from './helpers.ts';

const topic = 'topic';
const topic1 = 'topic1';
const topic2 = 'topic2';
const both = [topic1, topic2];
const roundRobin = (members: AssignorMember[], partitionsPerTopic: Record<string, number>) =>
  assign('roundrobin', { members, partitionsPerTopic });
const member = (memberId: string, topics: string[], groupInstanceId?: string): AssignorMember =>
  groupInstanceId === undefined ? { memberId, topics } : { memberId, topics, groupInstanceId };

describe('RoundRobinAssignor', () => {
  it('RoundRobinAssignorTest.testOneConsumerNoTopic', () => {
    expect(roundRobin([member('consumer', [])], {})).toEqual({ consumer: [] });
  });

  it('RoundRobinAssignorTest.testOneConsumerNonexistentTopic', () => {
    expect(roundRobin([member('consumer', [topic])], {})).toEqual({ consumer: [] });
  });

  it('RoundRobinAssignorTest.testOneConsumerOneTopic', () => {
    expect(roundRobin([member('consumer', [topic])], { topic: 3 }).consumer).toEqual([
      tp(topic, 0),
      tp(topic, 1),
      tp(topic, 2),
    ]);
  });

  it('RoundRobinAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    expect(roundRobin([member('consumer', [topic])], { topic: 3, other: 3 }).consumer).toEqual([
      tp(topic, 0),
      tp(topic, 1),
      tp(topic, 2),
    ]);
  });

  it('RoundRobinAssignorTest.testOneConsumerMultipleTopics', () => {
    expect(roundRobin([member('consumer', both)], { topic1: 1, topic2: 2 }).consumer).toEqual([
      tp(topic1, 0),
      tp(topic2, 0),
      tp(topic2, 1),
    ]);
  });

  it('RoundRobinAssignorTest.testTwoConsumersOneTopicOnePartition', () => {
    const a = roundRobin([member('consumer1', [topic]), member('consumer2', [topic])], {
      topic: 1,
    });
    expect(a).toEqual({ consumer1: [tp(topic, 0)], consumer2: [] });
  });

  it('RoundRobinAssignorTest.testTwoConsumersOneTopicTwoPartitions', () => {
    const a = roundRobin([member('consumer1', [topic]), member('consumer2', [topic])], {
      topic: 2,
    });
    expect(a).toEqual({ consumer1: [tp(topic, 0)], consumer2: [tp(topic, 1)] });
  });

  it('RoundRobinAssignorTest.testMultipleConsumersMixedTopics', () => {
    const a = roundRobin(
      [member('consumer1', [topic1]), member('consumer2', both), member('consumer3', [topic1])],
      { topic1: 3, topic2: 2 },
    );
    expect(a).toEqual({
      consumer1: [tp(topic1, 0)],
      consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 1)],
      consumer3: [tp(topic1, 2)],
    });
  });

  it('RoundRobinAssignorTest.testTwoDynamicConsumersTwoTopicsSixPartitions', () => {
    const a = roundRobin([member('consumer1', both), member('consumer2', both)], {
      topic1: 3,
      topic2: 3,
    });
    expect(a).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)],
      consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
    });
  });

  it('RoundRobinAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions', () => {
    const a = roundRobin(
      [member('consumer-b', both, 'instance1'), member('consumer-a', both, 'instance2')],
      { topic1: 3, topic2: 3 },
    );
    expect(a['consumer-b']).toEqual([tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)]);
    expect(a['consumer-a']).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)]);
  });

  it('RoundRobinAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions', () => {
    const a = roundRobin([member('consumer-b', both, 'instance1'), member('consumer-a', both)], {
      topic1: 3,
      topic2: 3,
    });
    expect(a['consumer-b']).toEqual([tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)]);
    expect(a['consumer-a']).toEqual([tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)]);
  });

  it('RoundRobinAssignorTest.testStaticMemberRoundRobinAssignmentPersistent', () => {
    const statics = [1, 2, 3].map((i) => member(`consumer${i}`, both, `instance${i}`));
    const ppt = { topic1: 3, topic2: 3 };
    const expected = {
      consumer1: [tp(topic1, 0), tp(topic2, 1)],
      consumer2: [tp(topic1, 1), tp(topic2, 2)],
      consumer3: [tp(topic1, 2)],
    };
    expect(roundRobin([...statics, member('consumer4', both)], ppt)).toEqual({
      ...expected,
      consumer4: [tp(topic2, 0)],
    });
    // Replace dynamic member 4 with a new dynamic member 5.
    expect(roundRobin([...statics, member('consumer5', both)], ppt)).toEqual({
      ...expected,
      consumer5: [tp(topic2, 0)],
    });
  });

  it('RoundRobinAssignorTest.testStaticMemberRoundRobinAssignmentPersistentAfterMemberIdChanges', () => {
    const ppt = { topic1: 5, topic2: 5 };
    const byInstance = (members: AssignorMember[]) => {
      const a = roundRobin(members, ppt);
      return Object.fromEntries(members.map((m) => [m.groupInstanceId, a[m.memberId]]));
    };
    const before = byInstance([1, 2, 3].map((i) => member(`consumer${i}`, both, `instance${i}`)));
    expect(before).toEqual({
      instance1: [tp(topic1, 0), tp(topic1, 3), tp(topic2, 1), tp(topic2, 4)],
      instance2: [tp(topic1, 1), tp(topic1, 4), tp(topic2, 2)],
      instance3: [tp(topic1, 2), tp(topic2, 0), tp(topic2, 3)],
    });
    const after = byInstance([
      member('consumer1', both, 'instance1'),
      member('consumer4', both, 'instance3'),
      member('consumer5', both, 'instance2'),
    ]);
    expect(after).toEqual(before);
  });

  it('RoundRobinAssignor javadoc: equal subscriptions deal partitions in turn', () => {
    const a = roundRobin([member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])], {
      t0: 3,
      t1: 3,
    });
    expect(a).toEqual({
      C0: [tp('t0', 0), tp('t0', 2), tp('t1', 1)],
      C1: [tp('t0', 1), tp('t1', 0), tp('t1', 2)],
    });
  });

  it('RoundRobinAssignor javadoc: members not subscribed to a topic are skipped', () => {
    const a = roundRobin(
      [member('C0', ['t0']), member('C1', ['t0', 't1']), member('C2', ['t0', 't1', 't2'])],
      { t0: 1, t1: 2, t2: 3 },
    );
    expect(a).toEqual({
      C0: [tp('t0', 0)],
      C1: [tp('t1', 0)],
      C2: [tp('t1', 1), tp('t2', 0), tp('t2', 1), tp('t2', 2)],
    });
  });
});
