/**
 * Finding the coordinator and joining a group: one test per rule of the classic protocol,
 * named after the Kafka class, config or KIP it follows.
 */
import { describe, expect, it } from 'vitest';
import { coordinatorPartition } from '../../../src/engine/coordinator.ts';
import { messages, sim } from '../helpers.ts';
import {
  FAST_BROKERS,
  consumer,
  group,
  groupOf,
  groupSim,
  ofType,
  owned,
  runUntil,
  stable,
} from './helpers.ts';

describe('FindCoordinator and __consumer_offsets', () => {
  it('KafkaApis.getCoordinator: the first FindCoordinator creates __consumer_offsets (offsets.topic.num.partitions, offsets.topic.replication.factor) and is answered COORDINATOR_NOT_AVAILABLE', () => {
    const s = groupSim([group('billing', 1)]);
    expect(s.state.topics.some((t) => t.name === '__consumer_offsets')).toBe(false);
    const events = runUntil(s, (st) => st.consumers[0]!.group!.coordinator !== null);
    const t = s.state.topics.find((x) => x.name === '__consumer_offsets')!;
    expect(t.internal).toBe(true);
    expect(t.partitions).toHaveLength(3);
    expect(t.partitions.every((p) => p.replicas.length === 3)).toBe(true);
    expect(consumer(s.state, 'billing-1').stats.errors['COORDINATOR_NOT_AVAILABLE']).toBe(1);
    expect(ofType(events, 'topic.created').map((e) => e.topic)).toEqual(['__consumer_offsets']);
  });

  it('offsets.topic.replication.factor is capped at the live brokers (Kafka would wait for 3)', () => {
    const s = sim({
      brokers: 1,
      brokerConfig: FAST_BROKERS,
      topics: [{ name: 'orders', partitions: 2 }],
      groups: [group('billing', 1)],
    });
    runUntil(s, stable('billing'));
    const t = s.state.topics.find((x) => x.name === '__consumer_offsets')!;
    expect(t.partitions.every((p) => p.replicas.length === 1)).toBe(true);
  });

  it('GroupCoordinatorService.partitionFor: the coordinator leads __consumer_offsets partition abs(hashCode(group.id)) % offsets.topic.num.partitions', () => {
    const s = groupSim([group('billing', 1), group('audit', 1)]);
    runUntil(s, (st) => st.groups.length === 2 && st.groups.every((g) => g.state === 'Stable'));
    for (const g of s.state.groups) {
      const p = coordinatorPartition(g.groupId, 3);
      expect(g.offsetsPartition).toBe(p);
      const leader = s.state.topics.find((t) => t.name === '__consumer_offsets')!.partitions[p]!
        .leader;
      expect(g.coordinator).toBe(leader);
      const member = s.state.consumers.find((c) => c.group?.groupId === g.groupId)!;
      expect(member.group!.coordinator).toBe(leader);
    }
  });

  it('a user cannot create __consumer_offsets (it is internal)', () => {
    const s = groupSim([]);
    const events = s.apply({ type: 'topic.create', name: '__consumer_offsets', partitions: 1 });
    expect(events[0]).toMatchObject({ type: 'command.rejected', error: 'INVALID_TOPIC_EXCEPTION' });
  });
});

describe('JoinGroup', () => {
  it('KIP-394: a new dynamic member is answered MEMBER_ID_REQUIRED with its member id (client id, a UUID) and joins again with it', () => {
    const s = groupSim([group('billing', 1)]);
    const events = runUntil(s, stable('billing'));
    const joins = ofType(events, 'consumer.joining');
    expect(joins.map((j) => j.memberId === '')).toEqual([true, false]);
    expect(joins[1]!.memberId).toMatch(
      /^billing-1-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(groupOf(s.state, 'billing').members.map((m) => m.memberId)).toEqual([
      joins[1]!.memberId,
    ]);
  });

  it('group.initial.rebalance.delay.ms: the first rebalance of an Empty group waits, and again while new members keep arriving', () => {
    const s = groupSim([group('billing', 2)], {
      brokerConfig: { 'group.initial.rebalance.delay.ms': 3000 },
    });
    const events = runUntil(s, stable('billing'));
    const started = ofType(events, 'group.stateChanged').find(
      (e) => e.to === 'PreparingRebalance',
    )!;
    const formed = ofType(events, 'group.joinCompleted')[0]!;
    // The second member arrived during the first delay, so the join waited one more delay.
    expect(formed.atMs - started.atMs).toBe(6000);
    expect(formed.members.sort()).toEqual(['billing-1', 'billing-2']);
  });

  it('without new arrivals the initial delay is waited once', () => {
    const s = groupSim([group('billing', 1)], {
      brokerConfig: { 'group.initial.rebalance.delay.ms': 3000 },
    });
    const events = runUntil(s, stable('billing'));
    const started = ofType(events, 'group.stateChanged').find(
      (e) => e.to === 'PreparingRebalance',
    )!;
    expect(ofType(events, 'group.joinCompleted')[0]!.atMs - started.atMs).toBe(3000);
  });

  it('ClassicGroup.selectProtocol: each member votes for its first assignor that every member supports; the group leader runs it', () => {
    const s = groupSim([group('billing', ['a', 'b', 'c'])]);
    s.apply({
      type: 'group.setConfig',
      group: 'billing',
      config: { 'partition.assignment.strategy': ['roundrobin', 'range'] },
    });
    runUntil(s, stable('billing'));
    expect(groupOf(s.state, 'billing').protocolName).toBe('roundrobin');
    // A member preferring range cannot outvote two members preferring roundrobin.
    s.apply({
      type: 'consumer.add',
      group: 'billing',
      consumer: 'd',
      config: { 'partition.assignment.strategy': ['range', 'roundrobin'] },
    });
    runUntil(s, stable('billing', 4));
    expect(groupOf(s.state, 'billing').protocolName).toBe('roundrobin');
    // roundrobin over 4 partitions and 4 members: one each.
    for (const m of ['a', 'b', 'c', 'd']) expect(owned(s.state, m)).toHaveLength(1);
  });

  it('INCONSISTENT_GROUP_PROTOCOL: a member whose assignors the group does not support cannot join', () => {
    const s = groupSim([group('billing', 1, { 'partition.assignment.strategy': 'range' })]);
    runUntil(s, stable('billing'));
    s.apply({
      type: 'consumer.add',
      group: 'billing',
      consumer: 'odd',
      config: { 'partition.assignment.strategy': 'roundrobin' },
    });
    const events = runUntil(s, (st) => consumer(st, 'odd').group!.fatalError !== null, 5000);
    expect(ofType(events, 'consumer.groupError')[0]!.error).toMatch(/INCONSISTENT_GROUP_PROTOCOL/);
    expect(groupOf(s.state, 'billing').members).toHaveLength(1);
  });

  it('INVALID_SESSION_TIMEOUT: session.timeout.ms outside group.min/max.session.timeout.ms is refused by the coordinator', () => {
    const s = groupSim([
      group('billing', 1, { 'session.timeout.ms': 500, 'heartbeat.interval.ms': 100 }),
    ]);
    const events = runUntil(s, (st) => st.consumers[0]!.group!.fatalError !== null, 5000);
    expect(ofType(events, 'consumer.groupError')[0]!.error).toMatch(/INVALID_SESSION_TIMEOUT/);
  });

  it('GroupRebalanceConfig: heartbeat.interval.ms must be lower than session.timeout.ms', () => {
    const s = groupSim([]);
    const events = s.apply({
      type: 'consumer.add',
      group: 'billing',
      topics: ['orders'],
      config: { 'session.timeout.ms': 10000, 'heartbeat.interval.ms': 10000 },
    });
    expect(events[0]).toMatchObject({ type: 'command.rejected', error: 'INVALID_CONFIG' });
    expect((events[0] as { reason: string }).reason).toMatch(
      /Heartbeat must be set lower than the session timeout/,
    );
  });

  it('an unknown assignor in partition.assignment.strategy is refused', () => {
    const s = groupSim([]);
    const events = s.apply({
      type: 'consumer.add',
      group: 'billing',
      topics: ['orders'],
      config: { 'partition.assignment.strategy': 'fair' },
    });
    expect(events[0]).toMatchObject({ type: 'command.rejected', error: 'INVALID_CONFIG' });
  });

  it('assignor class names are accepted (org.apache.kafka.clients.consumer.CooperativeStickyAssignor)', () => {
    const s = groupSim([
      group('billing', 2, {
        'partition.assignment.strategy':
          'org.apache.kafka.clients.consumer.CooperativeStickyAssignor',
      }),
    ]);
    runUntil(s, stable('billing'));
    expect(groupOf(s.state, 'billing').protocolName).toBe('cooperative-sticky');
  });

  it('SyncGroup: members get their partitions only once the group metadata record is committed to __consumer_offsets', () => {
    const s = groupSim([group('billing', 2)]);
    const events = runUntil(s, (st) => st.consumers.every((c) => c.assignment.length > 0));
    const assigned = ofType(events, 'group.assigned')[0]!;
    const g = groupOf(s.state, 'billing');
    const p = s.state.topics.find((t) => t.name === '__consumer_offsets')!.partitions[
      g.offsetsPartition
    ]!;
    const leaderLog = p.replicaLogs.find((r) => r.brokerId === p.leader)!;
    const records = leaderLog.log.segments.flatMap((seg) =>
      seg.batches.flatMap((b) => b.keys ?? []),
    );
    expect(records).toContain(JSON.stringify(['group', 'billing']));
    const joined = ofType(events, 'group.joinCompleted')[0]!;
    // JoinGroup → SyncGroup → append → followers fetch → high watermark: a few network hops.
    expect(assigned.atMs).toBeGreaterThan(joined.atMs);
    expect(ofType(events, 'consumer.partitionsAssigned').every((e) => e.atMs > assigned.atMs)).toBe(
      true,
    );
  });

  it('a member joins with the topics of its group spec; more members than partitions leaves some idle', () => {
    const s = groupSim([group('billing', 6)], { partitions: 4 });
    runUntil(s, stable('billing', 6));
    const sizes = s.state.consumers.map((c) => c.assignment.length).sort();
    expect(sizes).toEqual([0, 0, 1, 1, 1, 1]);
    expect(messages(s.state, 'fetch').length).toBeLessThanOrEqual(4 * 3);
  });
});
