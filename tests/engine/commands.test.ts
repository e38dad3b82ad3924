import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/simulation.ts';
import { rejections, sim } from './helpers.ts';

function rejectedLeavesStateUntouched(command: unknown) {
  const s = sim({
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 2 }],
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 10 }],
  });
  s.advanceTo(500);
  const before = JSON.stringify(s.state);
  const events = s.apply(command);
  expect(JSON.stringify(s.state)).toBe(before);
  const r = rejections(events);
  expect(r).toHaveLength(1);
  return r[0]!;
}

describe('command validation: bad input is refused with a reason and the state is untouched', () => {
  it('an unknown broker', () => {
    expect(rejectedLeavesStateUntouched({ type: 'broker.crash', broker: 7 }).reason).toMatch(
      /broker 7 does not exist/,
    );
  });

  it('partitions < 1 is INVALID_PARTITIONS (CreateTopics)', () => {
    expect(
      rejectedLeavesStateUntouched({
        type: 'topic.create',
        name: 'x',
        partitions: 0,
        replicationFactor: 1,
      }).error,
    ).toBe('INVALID_PARTITIONS');
  });

  it('a replication factor above the live brokers is INVALID_REPLICATION_FACTOR', () => {
    const r = rejectedLeavesStateUntouched({
      type: 'topic.create',
      name: 'x',
      partitions: 1,
      replicationFactor: 4,
    });
    expect(r.error).toBe('INVALID_REPLICATION_FACTOR');
    expect(r.reason).toBe('Replication factor: 4 larger than available brokers: 3.');
  });

  it('a fenced broker does not count as available for the replication factor (ClusterControlManager.usableBrokers)', () => {
    const s = sim();
    s.apply({ type: 'broker.crash', broker: 3 });
    s.advanceBy(10_000); // broker.session.timeout.ms (9000) without heartbeats: fenced
    expect(
      rejections(
        s.apply({ type: 'topic.create', name: 'x', partitions: 1, replicationFactor: 3 }),
      )[0]!.error,
    ).toBe('INVALID_REPLICATION_FACTOR');
  });

  it('a malformed config value is INVALID_CONFIG', () => {
    expect(
      rejectedLeavesStateUntouched({
        type: 'producer.setConfig',
        producer: 'p',
        config: { acks: 'two' },
      }).error,
    ).toBe('INVALID_CONFIG');
    expect(
      rejectedLeavesStateUntouched({
        type: 'topic.setConfig',
        topic: 'orders',
        config: { 'retention.ms': 'soon' },
      }).error,
    ).toBe('INVALID_CONFIG');
  });

  it('an unknown config key is refused by name', () => {
    expect(
      rejectedLeavesStateUntouched({
        type: 'producer.setConfig',
        producer: 'p',
        config: { 'linger.mss': 5 },
      }).reason,
    ).toMatch(/linger\.mss/);
  });

  it('a user-set delivery.timeout.ms below linger.ms + request.timeout.ms is refused (KafkaProducer.configureDeliveryTimeout)', () => {
    expect(
      rejectedLeavesStateUntouched({
        type: 'producer.setConfig',
        producer: 'p',
        config: { 'delivery.timeout.ms': 1000 },
      }).reason,
    ).toMatch(/delivery\.timeout\.ms/);
  });

  it('an existing topic is TOPIC_ALREADY_EXISTS', () => {
    expect(
      rejectedLeavesStateUntouched({
        type: 'topic.create',
        name: 'orders',
        partitions: 1,
        replicationFactor: 1,
      }).error,
    ).toBe('TOPIC_ALREADY_EXISTS');
  });

  it('an illegal topic name is refused (Topic.validate)', () => {
    expect(
      rejectedLeavesStateUntouched({
        type: 'topic.create',
        name: 'a/b',
        partitions: 1,
        replicationFactor: 1,
      }).error,
    ).toBe('INVALID_TOPIC_EXCEPTION');
  });

  it('fewer partitions than the topic has is INVALID_PARTITIONS (CreatePartitions)', () => {
    expect(
      rejectedLeavesStateUntouched({ type: 'topic.addPartitions', topic: 'orders', partitions: 2 })
        .error,
    ).toBe('INVALID_PARTITIONS');
  });

  it('an unknown command type and a non-object are refused', () => {
    expect(rejectedLeavesStateUntouched({ type: 'broker.explode', broker: 1 }).reason).toMatch(
      /type/,
    );
    rejectedLeavesStateUntouched(null);
    rejectedLeavesStateUntouched('crash broker 1');
  });

  it('a replica assignment naming a missing broker is INVALID_REPLICA_ASSIGNMENT', () => {
    expect(
      rejectedLeavesStateUntouched({ type: 'topic.create', name: 'x', replicaAssignment: [[1, 9]] })
        .error,
    ).toBe('INVALID_REPLICA_ASSIGNMENT');
  });
});

describe('commands that change the cluster', () => {
  it('topic.create places replicas on distinct brokers, the first replica leads and every unfenced replica is in the ISR (ReplicationControlManager.createTopic)', () => {
    const s = sim({ brokers: 5 });
    s.apply({ type: 'topic.create', name: 't', partitions: 10, replicationFactor: 3 });
    for (const p of s.state.topics[0]!.partitions) {
      expect(new Set(p.replicas).size).toBe(3);
      expect(p.leader).toBe(p.replicas[0]);
      expect(p.isr).toEqual(p.replicas);
    }
  });

  it('a fixed replicaAssignment is kept as given (kafka-topics --replica-assignment)', () => {
    const s = sim({
      brokers: 5,
      topics: [
        {
          name: 't',
          replicaAssignment: [
            [3, 4, 5],
            [4, 5, 1],
          ],
        },
      ],
    });
    expect(s.state.topics[0]!.partitions.map((p) => p.replicas)).toEqual([
      [3, 4, 5],
      [4, 5, 1],
    ]);
    expect(s.state.topics[0]!.partitions.map((p) => p.leader)).toEqual([3, 4]);
  });

  it('topic.addPartitions adds partitions and keyed records spread over the new count', () => {
    const s = sim({ topics: [{ name: 't', partitions: 2, replicationFactor: 1 }] });
    s.apply({ type: 'topic.addPartitions', topic: 't', partitions: 5 });
    expect(s.state.topics[0]!.partitions).toHaveLength(5);
  });

  it('a single broker that restarts elects itself controller, registers, is unfenced and leads again (KRaft)', () => {
    const s = sim({ brokers: 1, topics: [{ name: 't', partitions: 2, replicationFactor: 1 }] });
    const crashed = s.apply({ type: 'broker.crash', broker: 1 });
    // The only controller voter is gone: nothing can be elected until it returns.
    expect(crashed.some((e) => e.type === 'controller.lost')).toBe(true);
    expect(s.state.controller.active).toBeNull();
    s.advanceBy(5000);
    expect(s.state.topics[0]!.partitions.map((p) => p.leader)).toEqual([1, 1]);
    s.apply({ type: 'broker.restart', broker: 1 });
    const back = s.advanceBy(3000);
    expect(back.some((e) => e.type === 'controller.elected')).toBe(true);
    expect(back.filter((e) => e.type === 'partition.offline')).toHaveLength(2);
    expect(back.filter((e) => e.type === 'partition.leaderChanged')).toHaveLength(2);
    expect(s.state.topics[0]!.partitions.map((p) => p.leader)).toEqual([1, 1]);
    expect(s.state.topics[0]!.partitions.map((p) => p.leaderEpoch)).toEqual([2, 2]);
  });

  it('every accepted command is kept in the command log with its time', () => {
    const s = sim();
    s.advanceTo(1234);
    s.apply({ type: 'topic.create', name: 't', partitions: 1, replicationFactor: 1 });
    expect(s.state.commandLog).toEqual([
      {
        atMs: 1234,
        command: { type: 'topic.create', name: 't', partitions: 1, replicationFactor: 1 },
        source: 'user',
      },
    ]);
  });

  it('a timeline command runs after the work due at its time, as a live command would', () => {
    const setup = {
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 20 }],
    };
    const live = sim(setup);
    live.advanceTo(1200);
    live.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 40 });
    live.advanceTo(5000);
    const replay = sim({
      ...setup,
      timeline: [
        { at: 1200, command: { type: 'producer.setRate', producer: 'p', ratePerSec: 40 } },
      ],
    });
    replay.advanceTo(5000);
    expect(replay.state.producers[0]!.stats).toEqual(live.state.producers[0]!.stats);
    expect(replay.state.commandLog.map((e) => e.source)).toEqual(['timeline']);
  });

  it('a setup problem is reported with its JSON path and nothing is created', () => {
    const r = createSimulation({
      seed: 1,
      brokers: 2,
      topics: [{ name: 'a', partitions: 1, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'nope' }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.path)).toEqual([
        'topics[0].replicationFactor',
        'producers[0].topic',
      ]);
    }
  });
});
