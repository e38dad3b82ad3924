/**
 * Partition reassignment (KIP-455; kafka-reassign-partitions, Admin.alterPartitionReassignments)
 * as the KRaft controller runs it: ReplicationControlManager.changePartitionReassignment and
 * cancelPartitionReassignment, PartitionReassignmentReplicas, PartitionChangeBuilder. The
 * replicas grow to the target plus those being removed, the new ones copy the log from the
 * leader and join the ISR, and the change that completes the ISR shrinks the replicas to the
 * target; the removed brokers delete their logs.
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { gauges } from '../../src/engine/metrics.ts';
import { buildReport } from '../../src/engine/report.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { ofType as of } from './groups/helpers.ts';
import { partition, rejections, sim } from './helpers.ts';

/** Three brokers, orders-0 on [1, 2, 3] led by 1, acks=all at 200 records/s; broker 4 added. */
function cluster(extra: { retentionMs?: number } = {}): Simulation {
  const s = sim({
    brokers: 3,
    topics: [
      {
        name: 'orders',
        partitions: 1,
        replicationFactor: 3,
        replicaAssignment: [[1, 2, 3]],
        config: {
          'min.insync.replicas': 2,
          ...(extra.retentionMs === undefined
            ? {}
            : { 'retention.ms': extra.retentionMs, 'segment.ms': 1000 }),
        },
      },
    ],
    brokerConfig: { 'log.retention.check.interval.ms': 1000 },
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 200, config: { acks: 'all' } }],
  });
  s.advanceTo(5000);
  s.apply({ type: 'broker.add' });
  s.advanceTo(8000);
  return s;
}

/** Runs to `untilMs` checking the invariants every 100 ms; returns the events. */
function runChecked(s: Simulation, untilMs: number): SimEvent[] {
  const events: SimEvent[] = [];
  for (let t = s.state.nowMs + 100; t <= untilMs; t += 100) {
    events.push(...s.advanceTo(t));
    const problems = checkInvariants(s.state);
    if (problems.length > 0) throw new Error(`at ${t} ms: ${problems.join('\n')}`);
  }
  return events;
}

const orders0 = (s: Simulation) => partition(s.state, 'orders', 0);
const logOn = (s: Simulation, broker: number) =>
  orders0(s).replicaLogs.find((r) => r.brokerId === broker)?.log;

describe('partition.reassign: moving a replica to another broker (KIP-455)', () => {
  it('the replicas grow to target + removing, the new replica copies and joins the ISR, then the old one is removed and deleted', () => {
    const s = cluster();
    expect(orders0(s).leader).toBe(1);
    const started = s.apply({
      type: 'partition.reassign',
      topic: 'orders',
      partition: 0,
      replicas: [4, 2, 3],
    });
    // PartitionReassignmentReplicas: the target, then the replicas not in it.
    expect(of(started, 'partition.reassignmentStarted')[0]).toMatchObject({
      target: [4, 2, 3],
      replicas: [4, 2, 3, 1],
      adding: [4],
      removing: [1],
    });
    expect(orders0(s)).toMatchObject({
      replicas: [4, 2, 3, 1],
      addingReplicas: [4],
      removingReplicas: [1],
      isr: [1, 2, 3], // unchanged until a new replica joins
      leader: 1,
    });
    // Broker 4 starts with an empty log and copies the leader's.
    expect(logOn(s, 4)!.logEndOffset).toBe(0);
    // The report shows it as kafka-topics --describe does.
    expect(buildReport(s.state).partitions.find((x) => x.topic === 'orders')).toMatchObject({
      replicas: [4, 2, 3, 1],
      addingReplicas: [4],
      removingReplicas: [1],
    });
    // Partition.isUnderReplicated: the replication factor is the replicas minus the adding
    // ones, so a move in progress is not an under-replicated partition.
    expect(gauges(s.state).underReplicated).toEqual([0, 0, 0, 0]);
    const events = runChecked(s, 20_000);
    const expanded = of(events, 'partition.isrChanged').find((e) => e.added.includes(4));
    expect(expanded).toBeDefined();
    // The same change completes the reassignment: broker 1 leaves the replicas and the ISR,
    // and, as it led, the first target replica in the ISR leads.
    const done = of(events, 'partition.reassignmentCompleted')[0]!;
    expect(done).toMatchObject({ replicas: [4, 2, 3], removed: [1], leader: 4 });
    expect(done.atMs).toBe(expanded!.atMs);
    expect(orders0(s)).toMatchObject({
      replicas: [4, 2, 3],
      addingReplicas: [],
      removingReplicas: [],
      leader: 4,
    });
    expect(orders0(s).isr).toEqual([4, 2, 3]);
    // Broker 1 deleted its log when it learnt the change (StopReplica with delete).
    const deleted = of(events, 'replica.deleted')[0]!;
    expect(deleted).toMatchObject({ topic: 'orders', partition: 0, broker: 1 });
    expect(deleted.records).toBeGreaterThan(0);
    expect(logOn(s, 1)).toBeUndefined();
    expect(s.state.brokers.find((b) => b.id === 1)!.pageCache.cachedBytes).toBe(0);
    // Broker 4 holds the whole log, and with acks=all nothing acknowledged was lost.
    expect(logOn(s, 4)!.logStartOffset).toBe(0);
    expect(logOn(s, 4)!.logEndOffset).toBeGreaterThan(3000);
    expect(s.state.durability.lostCount).toBe(0);
    expect(s.state.producers[0]!.stats.failed).toBe(0);
  });

  it('a new replica whose leader deleted old segments starts at the leader log start', () => {
    const s = cluster({ retentionMs: 2000 });
    s.advanceTo(33_000); // the retention task starts after log.initial.task.delay.ms (30 s)
    const leaderStart = logOn(s, 1)!.logStartOffset;
    expect(leaderStart).toBeGreaterThan(0);
    s.apply({ type: 'partition.reassign', topic: 'orders', partition: 0, replicas: [1, 2, 4] });
    runChecked(s, 40_000);
    expect(orders0(s).replicas).toEqual([1, 2, 4]);
    expect(logOn(s, 4)!.logStartOffset).toBeGreaterThanOrEqual(leaderStart);
    expect(logOn(s, 3)).toBeUndefined();
  });

  it('raising the replication factor adds a replica and removes none', () => {
    const s = sim({
      brokers: 3,
      topics: [
        { name: 'orders', partitions: 1, replicationFactor: 2, replicaAssignment: [[1, 2]] },
      ],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100 }],
    });
    s.advanceTo(3000);
    s.apply({ type: 'partition.reassign', topic: 'orders', partition: 0, replicas: [1, 2, 3] });
    expect(orders0(s)).toMatchObject({ addingReplicas: [3], removingReplicas: [] });
    const events = runChecked(s, 10_000);
    expect(of(events, 'partition.reassignmentCompleted')[0]).toMatchObject({
      replicas: [1, 2, 3],
      removed: [],
    });
    expect(orders0(s).isr).toEqual([1, 2, 3]);
  });

  it('lowering the replication factor completes at once, and the removed broker deletes its log', () => {
    const s = cluster();
    const events = s.apply({
      type: 'partition.reassign',
      topic: 'orders',
      partition: 0,
      replicas: [1, 2],
    });
    // Nothing to copy: the ISR already holds the target, so one change does it all.
    expect(of(events, 'partition.reassignmentCompleted')[0]).toMatchObject({
      replicas: [1, 2],
      removed: [3],
    });
    expect(orders0(s)).toMatchObject({ replicas: [1, 2], isr: [1, 2], leader: 1 });
    const later = runChecked(s, 10_000);
    expect(of(later, 'replica.deleted').map((e) => e.broker)).toEqual([3]);
  });

  it('reordering the replicas changes the preferred leader; a preferred leader election moves leadership there', () => {
    const s = sim({
      brokers: 3,
      topics: [
        { name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] },
      ],
      brokerConfig: { 'leader.imbalance.check.interval.seconds': 5 },
    });
    s.advanceTo(3000);
    const events = s.apply({
      type: 'partition.reassign',
      topic: 'orders',
      partition: 0,
      replicas: [3, 1, 2],
    });
    expect(of(events, 'partition.reassignmentCompleted')[0]).toMatchObject({
      replicas: [3, 1, 2],
      removed: [],
      leader: 1,
    });
    // auto.leader.rebalance.enable (on by default): the preferred replica leads again.
    runChecked(s, 15_000);
    expect(orders0(s).leader).toBe(3);
  });

  it('while the new broker is down the reassignment waits; cancelling reverts, and the broker deletes the replica when it returns', () => {
    const s = cluster();
    s.apply({ type: 'broker.crash', broker: 4 });
    s.apply({ type: 'partition.reassign', topic: 'orders', partition: 0, replicas: [4, 2, 3] });
    runChecked(s, 15_000);
    expect(orders0(s)).toMatchObject({ addingReplicas: [4], removingReplicas: [1] });
    const cancelled = s.apply({
      type: 'partition.cancelReassignment',
      topic: 'orders',
      partition: 0,
    });
    // PartitionReassignmentRevert: the replicas minus the adding ones, in their current order,
    // so [4, 2, 3, 1] becomes [2, 3, 1]: the original order (and preferred leader) is not restored.
    expect(of(cancelled, 'partition.reassignmentStarted')[0]).toMatchObject({
      cancelled: true,
      replicas: [2, 3, 1],
    });
    expect(orders0(s)).toMatchObject({ replicas: [2, 3, 1], addingReplicas: [], leader: 1 });
    s.apply({ type: 'broker.restart', broker: 4 });
    const events = runChecked(s, 25_000);
    expect(of(events, 'replica.deleted').map((e) => e.broker)).toEqual([4]);
    expect(logOn(s, 4)).toBeUndefined();
    expect(s.state.durability.lostCount).toBe(0);
  });

  it('submitting the same target again changes nothing; cancelling still reverts', () => {
    const s = cluster();
    s.apply({ type: 'broker.crash', broker: 4 });
    const target = {
      type: 'partition.reassign',
      topic: 'orders',
      partition: 0,
      replicas: [4, 2, 3],
    };
    s.apply(target);
    const epoch = orders0(s).partitionEpoch;
    const again = s.apply(target);
    expect(of(again, 'partition.reassignmentStarted')).toEqual([]);
    expect(orders0(s)).toMatchObject({
      addingReplicas: [4],
      removingReplicas: [1],
      partitionEpoch: epoch,
    });
    const cancelled = s.apply({
      type: 'partition.cancelReassignment',
      topic: 'orders',
      partition: 0,
    });
    expect(of(cancelled, 'partition.reassignmentCompleted')[0]).toMatchObject({
      cancelled: true,
      replicas: [2, 3, 1],
      removed: [4],
    });
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('a broker that is not registered cannot be a target', () => {
    const s = cluster();
    s.apply({ type: 'broker.add' }); // broker 5, not registered until its first heartbeat
    const refused = rejections(
      s.apply({ type: 'partition.reassign', topic: 'orders', partition: 0, replicas: [5, 2, 3] }),
    );
    expect(refused[0]).toMatchObject({ error: 'INVALID_REPLICA_ASSIGNMENT' });
    expect(refused[0]!.reason).toMatch(/broker 5, but no such broker is registered/);
  });

  it('a moved replica that comes back: cancelling with nothing in progress is refused', () => {
    const s = cluster();
    const refused = rejections(
      s.apply({ type: 'partition.cancelReassignment', topic: 'orders', partition: 0 }),
    );
    expect(refused[0]).toMatchObject({ error: 'NO_REASSIGNMENT_IN_PROGRESS' });
  });

  it('bad targets are refused with Kafka error names, and nothing changes', () => {
    const s = cluster();
    const before = JSON.stringify(s.state.topics);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ topic: 'nope', partition: 0, replicas: [1] }, 'UNKNOWN_TOPIC_OR_PARTITION', /nope/],
      [{ topic: 'orders', partition: 5, replicas: [1] }, 'UNKNOWN_TOPIC_OR_PARTITION', /orders:5/],
      [{ topic: 'orders', partition: 0, replicas: [] }, 'INVALID_REPLICA_ASSIGNMENT', /empty/],
      [
        { topic: 'orders', partition: 0, replicas: [1, 1] },
        'INVALID_REPLICA_ASSIGNMENT',
        /more than once/,
      ],
      [
        { topic: 'orders', partition: 0, replicas: [1, 9] },
        'INVALID_REPLICA_ASSIGNMENT',
        /broker 9/,
      ],
    ];
    for (const [fields, error, reason] of cases) {
      const refused = rejections(s.apply({ type: 'partition.reassign', ...fields }));
      expect(refused[0]).toMatchObject({ error });
      expect(refused[0]!.reason).toMatch(reason);
    }
    expect(JSON.stringify(s.state.topics)).toBe(before);
  });

  it('is deterministic: the same commands give the same events', () => {
    const run = () => {
      const s = cluster();
      s.apply({ type: 'partition.reassign', topic: 'orders', partition: 0, replicas: [4, 3, 2] });
      return JSON.stringify(s.advanceTo(20_000));
    };
    expect(run()).toBe(run());
  });
});
