/**
 * Regressions found by reviewing the group code against Kafka's source: each case failed before
 * its fix, and names the Kafka behaviour it checks.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/engine/invariants.ts';
import {
  consumer,
  group,
  groupOf,
  groupSim,
  ofType,
  owned,
  runUntil,
  settled,
  stable,
} from './helpers.ts';

describe('group regressions', () => {
  it('AbstractCoordinator.resetStateAndRejoin: a JoinGroup answered UNKNOWN_MEMBER_ID runs onJoinPrepare again, so the member gives up its partitions before anyone else gets them', () => {
    // The pre-rejoin commit waits for a high watermark that a dead follower holds back, so the
    // members miss the rebalance timeout and their old-id JoinGroup is refused.
    const s = groupSim(
      [
        group('coop', 2, {
          'partition.assignment.strategy': 'cooperative-sticky',
          'max.poll.interval.ms': 2000,
        }),
      ],
      { partitions: 4, brokerConfig: { 'broker.session.timeout.ms': 3000 } },
    );
    runUntil(s, stable('coop', 2));
    s.advanceBy(2000);
    const g = groupOf(s.state, 'coop');
    const p = s.state.topics.find((t) => t.name === '__consumer_offsets')!.partitions[
      g.offsetsPartition
    ]!;
    s.apply({ type: 'broker.crash', broker: p.replicas.find((b) => b !== g.coordinator)! });
    s.apply({ type: 'consumer.add', group: 'coop', consumer: 'late' });
    for (let i = 0; i < 1500; i++) {
      s.advanceBy(10);
      expect(checkInvariants(s.state)).toEqual([]);
    }
    runUntil(s, settled('coop', 3), 60_000);
  });

  it('a fatal group error (FENCED_INSTANCE_ID) makes poll throw: the fenced consumer stops consuming', () => {
    const s = groupSim([group('billing', 1, { 'group.instance.id': 'shared' })]);
    runUntil(s, stable('billing', 1));
    s.apply({
      type: 'consumer.add',
      group: 'billing',
      consumer: 'twin',
      config: { 'group.instance.id': 'shared' },
    });
    runUntil(s, (st) => consumer(st, 'billing-1').group!.fatalError !== null, 10_000);
    const before = consumer(s.state, 'billing-1').stats.recordsConsumed;
    s.advanceBy(10_000);
    expect(owned(s.state, 'billing-1')).toEqual([]);
    expect(consumer(s.state, 'billing-1').stats.recordsConsumed).toBe(before);
    expect(owned(s.state, 'twin')).toHaveLength(4);
  });

  it('HeartbeatThread looks a lost coordinator up by itself: busy members find the new one and are not dropped', () => {
    const s = groupSim(
      [
        group('billing', 2, {
          'session.timeout.ms': 6000,
          'heartbeat.interval.ms': 2000,
          'max.poll.records': 50,
          'max.poll.interval.ms': 60_000,
          'enable.auto.commit': false,
        }),
      ],
      { partitions: 4, rate: 50, brokerConfig: { 'broker.session.timeout.ms': 3000 } },
    );
    runUntil(s, stable('billing', 2));
    for (const c of ['billing-1', 'billing-2'])
      s.apply({ type: 'consumer.setProcessingTime', consumer: c, processingTimeMs: 400 });
    s.advanceBy(5000);
    s.apply({ type: 'broker.crash', broker: groupOf(s.state, 'billing').coordinator! });
    const events = s.advanceBy(20_000);
    expect(ofType(events, 'group.memberRemoved')).toEqual([]);
    expect(consumer(s.state, 'billing-1').group!.coordinator).toBe(
      groupOf(s.state, 'billing').coordinator,
    );
  });

  it('ConsumerCoordinator.onLeaderElected: a static leader that returns (skipAssignment) still notices new partitions', () => {
    const s = groupSim(
      [
        group(
          'billing',
          2,
          { 'session.timeout.ms': 10_000, 'metadata.max.age.ms': 2000 },
          { staticMembership: true },
        ),
      ],
      { partitions: 2 },
    );
    runUntil(s, stable('billing', 2));
    const g = groupOf(s.state, 'billing');
    const leader = g.members.find((m) => m.memberId === g.leaderId)!.clientId;
    s.apply({ type: 'consumer.leave', consumer: leader });
    s.advanceBy(2000);
    s.apply({ type: 'consumer.add', group: 'billing', consumer: leader });
    const events = runUntil(s, stable('billing', 2), 10_000);
    // Its JoinGroup answer said so (KIP-814), and the event carries it for the narration.
    const joined = events.filter((e) => e.type === 'consumer.joined' && e.consumer === leader);
    expect(joined).toEqual([expect.objectContaining({ leader: true, skipAssignment: true })]);
    s.apply({ type: 'topic.addPartitions', topic: 'orders', partitions: 4 });
    runUntil(s, (st) => st.consumers.reduce((n, c) => n + c.assignment.length, 0) === 4, 30_000);
  });
});
