/**
 * The cases of Kafka's StickyAssignorTest and CooperativeStickyAssignorTest that are their own
 * (not inherited from AbstractStickyAssignorTest). Not ported: the user-data encoding cases
 * (testEncodeAndDecodeGeneration, testMemberDataWithInconsistentData,
 * testMemberDataWillHonorUserData, testMemberDataWithEmptyPartitionsAnd*Generation): the
 * simulator's members carry owned partitions and generation as plain fields, not as bytes;
 * and testUniformSubscriptionTransferOwnershipListIsRight, which needs racks.
 */
import { describe, expect, it } from 'vitest';
import { cooperativeMemberData } from '../../../src/engine/assignors/cooperativeSticky.ts';
import { stickyMemberData } from '../../../src/engine/assignors/sticky.ts';
import { toGroup, type TopicPartition } from '../../../src/engine/assignors/types.ts';
import { asSet, isFullyBalanced, StickyHarness, tp } from './helpers.ts';

const topic = 'topic';
const topic1 = 'topic1';
const topic2 = 'topic2';
const topic3 = 'topic3';
const [consumer1, consumer2, consumer3] = ['consumer1', 'consumer2', 'consumer3'];
const generationId = 1;
const containsAll = (outer: TopicPartition[], inner: TopicPartition[]) =>
  asSet(inner).every((p) => asSet(outer).includes(p));
const disjoint = (a: TopicPartition[], b: TopicPartition[]) =>
  asSet(a).every((p) => !asSet(b).includes(p));

/** Two members claim topic-0 in the same generation: both lose it (allSubscriptionsEqual). */
function claimedTwice(h: StickyHarness, partitions: number) {
  h.partitionsPerTopic = { topic: partitions };
  h.rejoin(consumer1, [topic], [tp(topic, 0), tp(topic, 1)], generationId);
  h.rejoin(consumer2, [topic], [tp(topic, 0), tp(topic, 2)], generationId);
  h.rejoin(consumer3, [topic], [], generationId);
  return h.assign();
}

describe('StickyAssignor', () => {
  const test = (name: string, body: (h: StickyHarness) => void) =>
    it(`StickyAssignorTest.${name}`, () => body(new StickyHarness('sticky')));

  test('testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer', (h) => {
    const a = claimedTwice(h, 3);
    expect(a).toEqual({
      consumer1: [tp(topic, 1)],
      consumer2: [tp(topic, 2)],
      consumer3: [tp(topic, 0)],
    });
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer', (h) => {
    const a = claimedTwice(h, 4);
    expect(a).toEqual({
      consumer1: [tp(topic, 1), tp(topic, 3)],
      consumer2: [tp(topic, 2)],
      consumer3: [tp(topic, 0)],
    });
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  describe.each([true, false])('isAllSubscriptionsEqual = %s', (allEqual) => {
    test('testAssignmentWithMultipleGenerations1', (h) => {
      const all = [topic, topic2];
      const c2Topics = allEqual ? all : [topic];
      h.partitionsPerTopic = { topic: 6, topic2: 6 };
      h.subscribe(consumer1, all);
      h.subscribe(consumer2, c2Topics);
      h.subscribe(consumer3, all);
      const r1 = h.verify(h.assign());
      const [r1p1, r1p2, r1p3] = [r1.consumer1 ?? [], r1.consumer2 ?? [], r1.consumer3 ?? []];
      expect([r1p1.length, r1p2.length, r1p3.length]).toEqual([4, 4, 4]);
      expect(isFullyBalanced(r1)).toBe(true);

      h.rejoin(consumer1, all, r1p1, generationId);
      h.rejoin(consumer2, c2Topics, r1p2, generationId);
      h.remove(consumer3);
      const r2 = h.verify(h.assign());
      const [r2p1, r2p2] = [r2.consumer1 ?? [], r2.consumer2 ?? []];
      expect([r2p1.length, r2p2.length]).toEqual([6, 6]);
      if (allEqual) expect(containsAll(r2p1, r1p1)).toBe(true);
      expect(containsAll(r2p2, r1p2)).toBe(true);
      expect(isFullyBalanced(r2)).toBe(true);
      expect(disjoint(r2p2, r1p3)).toBe(false);

      h.remove(consumer1);
      h.rejoin(consumer2, c2Topics, r2p2, 2);
      h.rejoin(consumer3, all, r1p3, 1);
      const r3 = h.verify(h.assign());
      const [r3p2, r3p3] = [r3.consumer2 ?? [], r3.consumer3 ?? []];
      expect([r3p2.length, r3p3.length]).toEqual([6, 6]);
      expect(disjoint(r3p2, r3p3)).toBe(true);
      expect(isFullyBalanced(r3)).toBe(true);
    });

    test('testAssignmentWithMultipleGenerations2', (h) => {
      const all = [topic, topic2, topic3];
      const c1Topics = allEqual ? all : [topic];
      const c3Topics = allEqual ? all : [topic, topic2];
      h.partitionsPerTopic = { topic: 4, topic2: 4, topic3: 4 };
      h.subscribe(consumer1, c1Topics);
      h.subscribe(consumer2, all);
      h.subscribe(consumer3, c3Topics);
      const r1 = h.verify(h.assign());
      const [r1p1, r1p2, r1p3] = [r1.consumer1 ?? [], r1.consumer2 ?? [], r1.consumer3 ?? []];
      expect([r1p1.length, r1p2.length, r1p3.length]).toEqual([4, 4, 4]);
      expect(isFullyBalanced(r1)).toBe(true);

      h.remove(consumer1);
      h.rejoin(consumer2, all, r1p2, 1);
      h.remove(consumer3);
      const r2 = h.verify(h.assign());
      const r2p2 = r2.consumer2 ?? [];
      expect(r2p2).toHaveLength(12);
      expect(containsAll(r2p2, r1p2)).toBe(true);
      expect(isFullyBalanced(r2)).toBe(true);

      h.rejoin(consumer1, c1Topics, r1p1, 1);
      h.rejoin(consumer2, all, r2p2, 2);
      h.rejoin(consumer3, c3Topics, r1p3, 1);
      const r3 = h.verify(h.assign());
      expect(Object.values(r3).map((l) => l.length)).toEqual([4, 4, 4]);
      expect(isFullyBalanced(r3)).toBe(true);
    });

    test('testAssignmentWithConflictingPreviousGenerations', (h) => {
      const all = [topic, topic2, topic3];
      const c1Topics = allEqual ? all : [topic];
      const c2Topics = allEqual ? all : [topic, topic2];
      h.partitionsPerTopic = { topic: 4, topic2: 4, topic3: 4 };
      const [tp0, tp1, tp2, tp3] = [0, 1, 2, 3].map((p) => tp(topic, p)) as TopicPartition[];
      const t2 = [0, 1, 2, 3].map((p) => tp(topic2, p));
      const t3 = [0, 1, 2, 3].map((p) => tp(topic3, p));
      const c1p0 = allEqual ? [tp0, tp1, tp2, t2[2], t2[3], t3[0]] : [tp0, tp1, tp2, tp3];
      const c2p0 = [tp0, tp1, ...t2];
      const c3p0 = [tp2, tp3, ...t3];
      h.rejoin(consumer1, c1Topics, c1p0 as TopicPartition[], 1);
      h.rejoin(consumer2, c2Topics, c2p0 as TopicPartition[], 2);
      h.rejoin(consumer3, all, c3p0 as TopicPartition[], 2);
      const a = h.assign();
      const [c1, c2, c3] = [a.consumer1 ?? [], a.consumer2 ?? [], a.consumer3 ?? []];
      expect([c1.length, c2.length, c3.length]).toEqual([4, 4, 4]);
      expect(containsAll(c2p0 as TopicPartition[], c2)).toBe(true);
      expect(containsAll(c3p0 as TopicPartition[], c3)).toBe(true);
      expect(isFullyBalanced(h.verify(a))).toBe(true);
    });
  });

  test('testSchemaBackwardCompatibility', (h) => {
    h.partitionsPerTopic = { topic: 3 };
    h.subscribe(consumer3, [topic]);
    const c1p0 = [tp(topic, 0), tp(topic, 2)];
    const c2p0 = [tp(topic, 1)];
    h.rejoin(consumer1, [topic], c1p0, 1);
    h.rejoin(consumer2, [topic], c2p0); // the old user data schema carries no generation
    const a = h.assign();
    const [c1, c2, c3] = [a.consumer1 ?? [], a.consumer2 ?? [], a.consumer3 ?? []];
    expect([c1.length, c2.length, c3.length]).toEqual([1, 1, 1]);
    expect(containsAll(c1p0, c1)).toBe(true);
    expect(containsAll(c2p0, c2)).toBe(true);
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testAssignorWithOldVersionSubscriptions', (h) => {
    h.partitionsPerTopic = { topic1: 3 };
    h.rejoin(consumer1, [topic1], [tp(topic1, 0)], generationId);
    h.rejoin(consumer2, [topic1], [tp(topic1, 1)], generationId);
    h.rejoin(consumer3, [topic1], [], generationId);
    const a = h.assign();
    expect(a).toEqual({
      consumer1: [tp(topic1, 0)],
      consumer2: [tp(topic1, 1)],
      consumer3: [tp(topic1, 2)],
    });
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  it('StickyAssignor.memberData: user data lists the owned partitions topic by topic', () => {
    // CollectionUtils.groupPartitionsByTopic groups into a HashMap: "a" (bucket 1) before "b".
    const input = {
      memberId: 'm',
      topics: ['a', 'b'],
      ownedPartitions: [tp('b', 0), tp('a', 1), tp('b', 2), tp('a', 0)],
      generation: 3,
    };
    const [member] = toGroup({ members: [input], partitionsPerTopic: {} }).members;
    expect(stickyMemberData(member as NonNullable<typeof member>)).toEqual({
      partitions: [tp('a', 1), tp('a', 0), tp('b', 0), tp('b', 2)],
      generation: 3,
    });
  });
});

describe('CooperativeStickyAssignor', () => {
  const test = (name: string, body: (h: StickyHarness) => void) =>
    it(`CooperativeStickyAssignorTest.${name}`, () =>
      body(new StickyHarness('cooperative-sticky')));

  test('testDecodeGeneration', () => {
    const [member] = toGroup({
      members: [{ memberId: 'm', topics: [topic] }],
      partitionsPerTopic: {},
    }).members;
    expect(cooperativeMemberData(member as NonNullable<typeof member>).generation).toBeNull();
  });

  test('testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer', (h) => {
    const a = claimedTwice(h, 3);
    expect(a.consumer1).toEqual([tp(topic, 1)]);
    expect(a.consumer2).toEqual([tp(topic, 2)]);
    // topic-0 is still "owned", so it cannot be assigned until both have revoked it
    expect(a.consumer3).toEqual([]);
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer', (h) => {
    const a = claimedTwice(h, 4);
    expect(a.consumer1).toEqual([tp(topic, 1), tp(topic, 3)]);
    expect(a.consumer2).toEqual([tp(topic, 2)]);
    expect(a.consumer3).toEqual([]);
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });

  test('testAssignorWithOldVersionSubscriptions', (h) => {
    // V1 subscriptions carry owned partitions but no generation field.
    h.partitionsPerTopic = { topic1: 3 };
    h.rejoin(consumer1, [topic1], [tp(topic1, 0)]);
    h.rejoin(consumer2, [topic1], [tp(topic1, 1)]);
    h.rejoin(consumer3, [topic1], [], generationId);
    const a = h.assign();
    expect(a).toEqual({
      consumer1: [tp(topic1, 0)],
      consumer2: [tp(topic1, 1)],
      consumer3: [tp(topic1, 2)],
    });
    expect(isFullyBalanced(h.verify(a))).toBe(true);
  });
});
