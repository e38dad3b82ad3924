/**
 * Kafka's AbstractStickyAssignorTest, continued: the cases that check validity, balance and
 * stickiness (Kafka's isSticky) rather than an exact result, several of them randomized.
 * Kafka draws from an unseeded java.util.Random; here a seeded generator (the engine's
 * xoshiro, rng.ts) makes every run the same. The "large" cases are scaled down (Kafka's use up
 * to a million partitions under a timeout); speed belongs to benchmarks, not unit tests.
 */
import { describe, expect, it } from 'vitest';
import type { GroupAssignment } from '../../../src/engine/assignors/types.ts';
import { nextInt, seedRng } from '../../../src/engine/rng.ts';
import { canonicalName, isFullyBalanced, STICKY_TEST_CLASSES, StickyHarness } from './helpers.ts';

const generationId = 1;
const topicName = (i: number, max: number) => canonicalName('t', i, max);
const consumerName = (i: number, max: number) => canonicalName('c', i, max);

describe.each(STICKY_TEST_CLASSES)('AbstractStickyAssignorTest via $cls', ({ cls, kind }) => {
  const test = (name: string, body: (h: StickyHarness) => void) =>
    it(`${cls}.${name}`, () => body(new StickyHarness(kind)));

  /** Every member rejoins with what it was assigned (buildSubscriptionV2Above). */
  const rejoinAll = (h: StickyHarness, a: GroupAssignment, from = 0) => {
    for (const [consumer, m] of [...h.subscriptions].slice(from))
      h.rejoin(consumer, m.topics, a[consumer] ?? [], generationId);
  };

  test('testPoorRoundRobinAssignmentScenario', (h) => {
    for (let i = 1; i <= 5; i++) h.partitionsPerTopic[`topic${i}`] = (i % 2) + 1;
    h.subscribe('consumer1', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']);
    h.subscribe('consumer2', ['topic1', 'topic3', 'topic5']);
    h.subscribe('consumer3', ['topic1', 'topic3', 'topic5']);
    h.subscribe('consumer4', ['topic1', 'topic2', 'topic3', 'topic4', 'topic5']);
    h.verify(h.assign());
  });

  test('testAddRemoveTopicTwoConsumers', (h) => {
    h.partitionsPerTopic = { topic: 3 };
    h.subscribe('consumer1', ['topic']);
    h.subscribe('consumer2', ['topic']);
    let a = h.assign();
    expect(h.transferring).toEqual({});
    expect(isFullyBalanced(a)).toBe(true);
    a = h.verify(a);
    const first = { c1: a.consumer1 ?? [], c2: a.consumer2 ?? [] };
    expect([first.c1.length, first.c2.length].sort()).toEqual([1, 2]);

    h.partitionsPerTopic.topic2 = 3;
    h.rejoin('consumer1', ['topic', 'topic2'], first.c1, generationId);
    h.rejoin('consumer2', ['topic', 'topic2'], first.c2, generationId);
    a = h.assign();
    expect(h.transferring).toEqual({});
    a = h.verify(a);
    expect(isFullyBalanced(a)).toBe(true);
    const second = { c1: a.consumer1 ?? [], c2: a.consumer2 ?? [] };
    expect([second.c1.length, second.c2.length]).toEqual([3, 3]);
    expect(second.c1).toEqual(expect.arrayContaining(first.c1));
    expect(second.c2).toEqual(expect.arrayContaining(first.c2));

    delete h.partitionsPerTopic.topic;
    h.rejoin('consumer1', ['topic2'], second.c1, generationId);
    h.rejoin('consumer2', ['topic2'], second.c2, generationId);
    a = h.assign();
    expect(h.transferring).toEqual({});
    a = h.verify(a);
    expect(isFullyBalanced(a)).toBe(true);
    const third = { c1: a.consumer1 ?? [], c2: a.consumer2 ?? [] };
    expect([third.c1.length, third.c2.length].sort()).toEqual([1, 2]);
    expect(second.c1).toEqual(expect.arrayContaining(third.c1));
    expect(second.c2).toEqual(expect.arrayContaining(third.c2));
  });

  test('testReassignmentAfterOneConsumerLeaves', (h) => {
    for (let i = 1; i < 20; i++) h.partitionsPerTopic[topicName(i, 20)] = i;
    for (let i = 1; i < 20; i++) {
      const topics = Array.from({ length: i }, (_, j) => topicName(j + 1, 20));
      h.subscribe(consumerName(i, 20), topics);
    }
    rejoinAll(h, h.verify(h.assign()));
    h.remove('consumer10'); // sic: Kafka's members are named c01…c19, so nobody leaves
    h.verify(h.assign());
    expect(h.isSticky()).toBe(true);
  });

  test('testReassignmentAfterOneConsumerAdded', (h) => {
    h.partitionsPerTopic = { topic: 20 };
    for (let i = 1; i < 10; i++) h.subscribe(consumerName(i, 10), ['topic']);
    const a = h.assign();
    expect(h.transferring).toEqual({});
    h.verify(a);
    // add a new consumer
    h.subscribe(consumerName(10, 10), ['topic']);
    const b = h.assign();
    expect(h.transferring).toEqual({});
    h.verify(b);
  });

  test('testSameSubscriptions', (h) => {
    for (let i = 1; i < 15; i++) h.partitionsPerTopic[topicName(i, 15)] = i;
    const all = Object.keys(h.partitionsPerTopic);
    for (let i = 1; i < 9; i++) h.subscribe(consumerName(i, 9), all);
    let a = h.assign();
    expect(h.transferring).toEqual({});
    a = h.verify(a);
    rejoinAll(h, a);
    h.remove(consumerName(5, 9));
    a = h.assign();
    expect(h.transferring).toEqual({});
    h.verify(a);
  });

  test('testNewSubscription', (h) => {
    for (let i = 1; i < 5; i++) h.partitionsPerTopic[topicName(i, 5)] = 1;
    for (let i = 0; i < 3; i++) {
      const topics: string[] = [];
      for (let j = i; j <= 3 * i - 2; j++) topics.push(topicName(j, 5));
      h.subscribe(consumerName(i, 3), topics);
    }
    h.verify(h.assign());
    // consumer c0 subscribes to t1 as well (its subscription object is otherwise unchanged)
    const c0 = h.subscriptions.get(consumerName(0, 3));
    c0?.topics.push(topicName(1, 5));
    h.verify(h.assign());
    expect(h.isSticky()).toBe(true);
  });

  /** The large cases, scaled down: uniform, one member on one topic, two halves. */
  const largeGroup = (h: StickyHarness, subscriptionOf: (i: number, all: string[]) => string[]) => {
    const topicCount = 20;
    const consumerCount = 60;
    const topics = Array.from({ length: topicCount }, (_, i) => topicName(i, topicCount));
    for (const t of topics) h.partitionsPerTopic[t] = 50;
    for (let i = 0; i < consumerCount; i++)
      h.subscribe(consumerName(i, consumerCount), subscriptionOf(i, topics));
    const a = h.assign();
    rejoinAll(h, a, 1); // Kafka's loop starts at consumer 1
    h.verify(h.assign());
  };

  test('testLargeAssignmentAndGroupWithUniformSubscription (scaled down)', (h) =>
    largeGroup(h, (_, all) => all));

  test('testLargeAssignmentAndGroupWithNonEqualSubscription (scaled down)', (h) =>
    largeGroup(h, (i, all) => (i === 59 ? all.slice(0, 1) : all)));

  test('testAssignmentAndGroupWithNonEqualSubscriptionNotTimeout (scaled down)', (h) =>
    largeGroup(h, (i, all) => (i % 4 === 0 ? all.slice(0, 10) : all.slice(10))));

  it.each([1, 2, 3])(
    `${cls}.testLargeAssignmentWithMultipleConsumersLeavingAndRandomSubscription (seed %i)`,
    (seed) => {
      const h = new StickyHarness(kind);
      const rng = seedRng(seed);
      const topicCount = 40;
      const consumerCount = 200;
      for (let i = 0; i < topicCount; i++)
        h.partitionsPerTopic[topicName(i, topicCount)] = nextInt(rng, 10) + 1;
      for (let i = 0; i < consumerCount; i++) {
        const topics: string[] = [];
        // As in Kafka, the bound is drawn again on every iteration.
        for (let j = 0; j < nextInt(rng, 20); j++)
          topics.push(topicName(nextInt(rng, topicCount), topicCount));
        h.subscribe(consumerName(i, consumerCount), topics);
      }
      const a = h.verify(h.assign());
      rejoinAll(h, a, 1);
      for (let i = 0; i < 50; i++)
        h.remove(consumerName(nextInt(rng, consumerCount), consumerCount));
      h.verify(h.assign());
      expect(h.isSticky()).toBe(true);
    },
  );

  it(`${cls}.testReassignmentWithRandomSubscriptionsAndChanges (seeded, 15 rounds)`, () => {
    const rng = seedRng(20240611);
    /** AbstractStickyAssignorTest.getRandomSublist, then Utils.sorted. */
    const randomSublist = (list: string[]) => {
      const selected = [...list];
      const remove = nextInt(rng, list.length);
      for (let i = 1; i <= remove; i++) selected.splice(nextInt(rng, selected.length), 1);
      return selected.sort();
    };
    for (let round = 1; round <= 15; round++) {
      const h = new StickyHarness(kind);
      const numTopics = 10 + nextInt(rng, 10);
      const topics = Array.from({ length: numTopics }, (_, i) => topicName(i, 20));
      topics.forEach((t, i) => (h.partitionsPerTopic[t] = i + 1));
      const numConsumers = 20 + nextInt(rng, 20);
      for (let i = 0; i < numConsumers; i++)
        h.subscribe(consumerName(i, 40), randomSublist(topics));
      const a = h.verify(h.assign());
      for (let i = 0; i < numConsumers; i++) {
        const consumer = consumerName(i, 40);
        h.rejoin(consumer, randomSublist(topics), a[consumer] ?? [], generationId);
      }
      h.verify(h.assign());
      expect(h.isSticky()).toBe(true);
    }
  });
});
