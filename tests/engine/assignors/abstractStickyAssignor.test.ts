/**
 * Kafka's AbstractStickyAssignorTest (clients/src/test/java/org/apache/kafka/clients/consumer/
 * internals), ported: the cases with exact expected assignments. Kafka runs them through its
 * two subclasses, StickyAssignorTest and CooperativeStickyAssignorTest, and so do we; for the
 * cooperative assignor `verify` first plays the follow-up rebalances, as Kafka's override does.
 * Kafka repeats most cases per RackConfig; without racks each runs once.
 */
import { describe, expect, it } from 'vitest';
import { cooperativeMemberData } from '../../../src/engine/assignors/cooperativeSticky.ts';
import { stickyMemberData } from '../../../src/engine/assignors/sticky.ts';
import { toGroup } from '../../../src/engine/assignors/types.ts';
import { isFullyBalanced, STICKY_TEST_CLASSES, StickyHarness, tp } from './helpers.ts';

const topic = 'topic';
const topic1 = 'topic1';
const topic2 = 'topic2';
const [consumer1, consumer2, consumer3, consumer4] = [
  'consumer1',
  'consumer2',
  'consumer3',
  'consumer4',
];
const generationId = 1;

describe.each(STICKY_TEST_CLASSES)('AbstractStickyAssignorTest via $cls', ({ cls, kind }) => {
  const test = (name: string, body: (h: StickyHarness) => void) =>
    it(`${cls}.${name}`, () => body(new StickyHarness(kind)));

  test('testMemberData', () => {
    const owned = [tp(topic1, 0), tp(topic2, 1)];
    const input = { memberId: 'c', topics: [topic], ownedPartitions: owned, generation: 1 };
    const member = toGroup({ members: [input], partitionsPerTopic: {} }).members[0];
    if (!member) throw new Error('no member');
    const data = kind === 'sticky' ? stickyMemberData(member) : cooperativeMemberData(member);
    expect(data).toEqual({ partitions: owned, generation: generationId });
  });

  test('testOneConsumerNoTopic', (h) => {
    h.subscribe('consumer', []);
    const a = h.assign();
    expect(a).toEqual({ consumer: [] });
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testOneConsumerNonexistentTopic', (h) => {
    h.partitionsPerTopic = { topic: 0 };
    h.subscribe('consumer', [topic]);
    const a = h.assign();
    expect(a).toEqual({ consumer: [] });
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testOneConsumerOneTopic', (h) => {
    h.partitionsPerTopic = { topic: 3 };
    h.subscribe('consumer', [topic]);
    const a = h.assign();
    expect(a.consumer).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)]);
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testOnlyAssignsPartitionsFromSubscribedTopics', (h) => {
    h.partitionsPerTopic = { topic: 2 };
    const owned = [tp(topic, 0), tp(topic, 1), tp('other', 0), tp('other', 1)];
    h.rejoin('consumer', [topic], owned, generationId);
    const a = h.assign();
    expect(a.consumer).toEqual([tp(topic, 0), tp(topic, 1)]);
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testOneConsumerMultipleTopics', (h) => {
    h.partitionsPerTopic = { topic1: 1, topic2: 2 };
    h.subscribe('consumer', [topic1, topic2]);
    const a = h.assign();
    expect(a.consumer).toEqual([tp(topic1, 0), tp(topic2, 0), tp(topic2, 1)]);
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testTwoConsumersOneTopicOnePartition', (h) => {
    h.partitionsPerTopic = { topic: 1 };
    h.subscribe(consumer1, [topic]);
    h.subscribe(consumer2, [topic]);
    const a = h.assign();
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testTwoConsumersOneTopicTwoPartitions', (h) => {
    h.partitionsPerTopic = { topic: 2 };
    h.subscribe(consumer1, [topic]);
    h.subscribe(consumer2, [topic]);
    const a = h.assign();
    expect(a).toEqual({ consumer1: [tp(topic, 0)], consumer2: [tp(topic, 1)] });
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testMultipleConsumersMixedTopicSubscriptions', (h) => {
    h.partitionsPerTopic = { topic1: 3, topic2: 2 };
    h.subscribe(consumer1, [topic1]);
    h.subscribe(consumer2, [topic1, topic2]);
    h.subscribe(consumer3, [topic1]);
    const a = h.assign();
    expect(a).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 2)],
      consumer2: [tp(topic2, 0), tp(topic2, 1)],
      consumer3: [tp(topic1, 1)],
    });
    expect(h.transferring).toBeNull(); // the general path does not track it
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testTwoConsumersTwoTopicsSixPartitions', (h) => {
    h.partitionsPerTopic = { topic1: 3, topic2: 3 };
    h.subscribe(consumer1, [topic1, topic2]);
    h.subscribe(consumer2, [topic1, topic2]);
    const a = h.assign();
    expect(a).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1)],
      consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
    });
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testConsumerOwningMinQuotaExpectedMaxQuota', (h) => {
    h.partitionsPerTopic = { topic1: 2, topic2: 3 };
    h.rejoin(consumer1, [topic1, topic2], [tp(topic1, 0), tp(topic2, 1)], generationId);
    h.rejoin(consumer2, [topic1, topic2], [tp(topic1, 1), tp(topic2, 2)], generationId);
    const a = h.assign();
    expect(a).toEqual({
      consumer1: [tp(topic1, 0), tp(topic2, 1), tp(topic2, 0)],
      consumer2: [tp(topic1, 1), tp(topic2, 2)],
    });
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers', (h) => {
    h.partitionsPerTopic = { topic1: 2, topic2: 2 };
    h.rejoin(consumer1, [topic1, topic2], [tp(topic1, 0), tp(topic2, 0)], generationId);
    h.rejoin(consumer2, [topic1, topic2], [tp(topic1, 1), tp(topic2, 1)], generationId);
    h.rejoin(consumer3, [topic1, topic2], [], generationId);
    let a = h.assign();
    // consumer2 comes before consumer1 in Java's HashMap order, so it keeps maxQuota (2).
    expect(h.transferring).toEqual({ 'topic2-0': consumer3 });
    a = h.verify(a);
    expect(a).toEqual({
      consumer1: [tp(topic1, 0)],
      consumer2: [tp(topic1, 1), tp(topic2, 1)],
      consumer3: [tp(topic2, 0)],
    });
    expect(isFullyBalanced(a)).toBe(true);
  });

  test('testAllConsumersAreUnderMinQuota', (h) => {
    h.partitionsPerTopic = { topic1: 2, topic2: 3 };
    h.rejoin(consumer1, [topic1, topic2], [tp(topic1, 0)], generationId);
    h.rejoin(consumer2, [topic1, topic2], [tp(topic1, 1)], generationId);
    h.rejoin(consumer3, [topic1, topic2], [], generationId);
    let a = h.assign();
    expect(h.transferring).toEqual({});
    a = h.verify(a);
    expect(a).toEqual({
      consumer1: [tp(topic1, 0), tp(topic2, 1)],
      consumer2: [tp(topic1, 1), tp(topic2, 2)],
      consumer3: [tp(topic2, 0)],
    });
    expect(isFullyBalanced(a)).toBe(true);
  });

  test('testAddRemoveConsumerOneTopic', (h) => {
    h.partitionsPerTopic = { topic: 3 };
    h.subscribe(consumer1, [topic]);
    let a = h.assign();
    expect(a.consumer1).toEqual([tp(topic, 0), tp(topic, 1), tp(topic, 2)]);
    a = h.verify(a);
    expect(isFullyBalanced(a)).toBe(true);

    h.rejoin(consumer1, [topic], a.consumer1 ?? [], generationId);
    h.rejoin(consumer2, [topic], [], generationId);
    a = h.assign();
    expect(h.transferring).toEqual({ 'topic-2': consumer2 });
    a = h.verify(a);
    expect(a).toEqual({ consumer1: [tp(topic, 0), tp(topic, 1)], consumer2: [tp(topic, 2)] });
    expect(isFullyBalanced(a)).toBe(true);

    h.remove(consumer1);
    h.rejoin(consumer2, [topic], a.consumer2 ?? [], generationId);
    a = h.assign();
    expect(new Set(a.consumer2)).toEqual(new Set([tp(topic, 2), tp(topic, 1), tp(topic, 0)]));
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testTopicBalanceAfterReassignment', (h) => {
    const all = [topic1, topic2];
    h.partitionsPerTopic = { topic1: 12, topic2: 12 };
    const perTopic = (a: ReturnType<StickyHarness['assign']>, count: number) => {
      for (const list of Object.values(a))
        for (const t of all) expect(list.filter((p) => p.topic === t).length).toBe(count);
    };
    h.subscribe(consumer1, all);
    let a = h.verify(h.assign());
    perTopic(a, 12);
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(a)).toBe(true);

    h.rejoin(consumer1, all, a.consumer1 ?? [], generationId);
    h.rejoin(consumer2, all, [], generationId);
    a = h.verify(h.assign());
    perTopic(a, 6);
    expect(isFullyBalanced(a)).toBe(true);

    h.rejoin(consumer1, all, a.consumer1 ?? [], generationId);
    h.rejoin(consumer2, all, a.consumer2 ?? [], generationId);
    h.rejoin(consumer3, all, [], generationId);
    h.rejoin(consumer4, all, [], generationId);
    a = h.verify(h.assign());
    perTopic(a, 3);
    expect(isFullyBalanced(a)).toBe(true);

    h.remove(consumer1);
    h.remove(consumer2);
    h.rejoin(consumer3, all, a.consumer3 ?? [], generationId);
    h.rejoin(consumer4, all, a.consumer4 ?? [], generationId);
    a = h.verify(h.assign());
    perTopic(a, 6);
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(a)).toBe(true);
  });

  test('testAddRemoveTwoConsumersTwoTopics', (h) => {
    const all = [topic1, topic2];
    h.partitionsPerTopic = { topic1: 3, topic2: 4 };
    h.subscribe(consumer1, all);
    h.subscribe(consumer2, all);
    let a = h.assign();
    expect(a).toEqual({
      consumer1: [tp(topic1, 0), tp(topic1, 2), tp(topic2, 1), tp(topic2, 3)],
      consumer2: [tp(topic1, 1), tp(topic2, 0), tp(topic2, 2)],
    });
    expect(h.transferring).toEqual({});
    a = h.verify(a);
    expect(isFullyBalanced(a)).toBe(true);

    // add 2 consumers
    h.rejoin(consumer1, all, a.consumer1 ?? [], generationId);
    h.rejoin(consumer2, all, a.consumer2 ?? [], generationId);
    h.rejoin(consumer3, all, [], generationId);
    h.rejoin(consumer4, all, [], generationId);
    a = h.assign();
    expect(h.transferring).toEqual({
      'topic1-2': consumer3,
      'topic2-3': consumer3,
      'topic2-2': consumer4,
    });
    a = h.verify(a);
    expect(a).toEqual({
      consumer1: [tp(topic1, 0), tp(topic2, 1)],
      consumer2: [tp(topic2, 0), tp(topic1, 1)],
      consumer3: [tp(topic1, 2), tp(topic2, 3)],
      consumer4: [tp(topic2, 2)],
    });
    expect(isFullyBalanced(a)).toBe(true);

    // remove 2 consumers
    h.remove(consumer1);
    h.remove(consumer2);
    h.rejoin(consumer3, all, a.consumer3 ?? [], generationId);
    h.rejoin(consumer4, all, a.consumer4 ?? [], generationId);
    a = h.assign();
    expect(a).toEqual({
      consumer3: [tp(topic1, 2), tp(topic2, 3), tp(topic1, 0), tp(topic2, 1)],
      consumer4: [tp(topic2, 2), tp(topic1, 1), tp(topic2, 0)],
    });
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });
});
