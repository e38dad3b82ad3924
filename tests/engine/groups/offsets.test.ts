/**
 * Committed offsets: OffsetCommit and OffsetFetch against the coordinator, what the coordinator
 * accepts (ClassicGroup.validateOffsetCommit), at-least-once redelivery, and coordinator
 * failover (the group reloads from __consumer_offsets on the partition's new leader).
 */
import { describe, expect, it } from 'vitest';
import { describeGroup } from '../../../src/engine/groupDescribe.ts';
import { sim } from '../helpers.ts';
import {
  FAST_BROKERS,
  FAST_MEMBER,
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

function offsetsLog(state: Parameters<typeof groupOf>[0], partition: number) {
  const p = state.topics.find((t) => t.name === '__consumer_offsets')!.partitions[partition]!;
  const r = p.replicaLogs.find((x) => x.brokerId === p.leader)!;
  return r.log.segments.flatMap((seg) =>
    seg.batches.flatMap((b) => (b.keys ?? []).map((k, i) => [k, b.values?.[i] ?? null] as const)),
  );
}

describe('OffsetCommit and OffsetFetch', () => {
  it('enable.auto.commit: poll commits the positions every auto.commit.interval.ms as records in __consumer_offsets, answered once they are committed', () => {
    const s = groupSim([group('billing', 1)]);
    runUntil(s, stable('billing', 1));
    const events = runUntil(s, (_, ev) => ofType(ev, 'consumer.committed').length >= 2, 5000);
    const commits = ofType(events, 'consumer.committed');
    expect(commits[1]!.atMs - commits[0]!.atMs).toBeGreaterThanOrEqual(1000 - 10);
    const g = groupOf(s.state, 'billing');
    const keys = offsetsLog(s.state, g.offsetsPartition).map(([k]) => k);
    expect(keys).toContain(JSON.stringify(['offset', 'billing', 'orders', 0]));
    // The coordinator serves what it committed.
    expect(g.offsets.map((o) => o.offset)).toEqual(commits.at(-1)!.offsets.map((o) => o.offset));
  });

  it('a partition that moves resumes from the committed offset on its new owner (OffsetFetch)', () => {
    const s = groupSim([group('billing', 1, { 'enable.auto.commit': false })]);
    runUntil(s, stable('billing', 1));
    s.advanceBy(1500);
    expect(s.apply({ type: 'consumer.commit', consumer: 'billing-1' })[0]!.type).toBe(
      'command.applied',
    );
    s.advanceBy(200);
    const committed = groupOf(s.state, 'billing').offsets.find((o) => o.partition === 0)!.offset;
    s.apply({ type: 'consumer.crash', consumer: 'billing-1' });
    s.apply({ type: 'consumer.add', group: 'billing', consumer: 'next' });
    const events = runUntil(
      s,
      (_, ev) => ofType(ev, 'consumer.positionFromCommit').length >= 4,
      20_000,
    );
    const resumed = ofType(events, 'consumer.positionFromCommit').find((e) => e.partition === 0)!;
    expect(resumed.consumer).toBe('next');
    expect(resumed.offset).toBe(committed);
  });

  it('auto.offset.reset applies when the group has no committed offset', () => {
    const s = groupSim([group('billing', 1, { 'auto.offset.reset': 'latest' })]);
    const events = runUntil(s, (_, ev) => ofType(ev, 'consumer.offsetReset').length === 4);
    expect(ofType(events, 'consumer.offsetReset').every((e) => e.strategy === 'latest')).toBe(true);
  });

  it('at-least-once: records a member processed but did not commit are delivered again to the next owner, and counted', () => {
    const s = groupSim([group('billing', 2, { 'auto.commit.interval.ms': 5000 })]);
    runUntil(s, settled('billing', 2));
    s.advanceBy(3000);
    s.apply({ type: 'consumer.crash', consumer: 'billing-2' });
    const events = runUntil(s, settled('billing', 1), 20_000);
    events.push(...s.advanceBy(1000));
    const again = ofType(events, 'group.redelivered');
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((r) => r.consumer === 'billing-1')).toBe(true);
    const g = groupOf(s.state, 'billing');
    expect(g.observed.redeliveredRecords).toBe(again.reduce((n, r) => n + r.records, 0));
    expect(g.observed.redeliveries.length).toBe(again.length);
  });

  it('ConsumerCoordinator.onJoinPrepare: an eager member commits before rejoining and stops returning records of partitions pending revocation', () => {
    const s = groupSim([group('billing', 1, { 'auto.commit.interval.ms': 60_000 })]);
    runUntil(s, settled('billing', 1));
    s.advanceBy(2000);
    s.apply({ type: 'consumer.add', group: 'billing' });
    const events = runUntil(s, settled('billing', 2), 20_000);
    const revoked = ofType(events, 'consumer.partitionsRevoked').find(
      (r) => r.consumer === 'billing-1',
    )!;
    const commit = ofType(events, 'consumer.committed').find((c) => c.consumer === 'billing-1')!;
    expect(commit.atMs).toBeLessThanOrEqual(revoked.atMs);
    // Nothing was delivered twice: the commit covered everything billing-1 had returned.
    expect(groupOf(s.state, 'billing').observed.redeliveredRecords).toBe(0);
  });
});

describe('ClassicGroup.validateOffsetCommit', () => {
  it('standalone consumers (assign) sharing a group.id commit with no generation into an Empty group, and overwrite each other', () => {
    const s = sim({
      brokers: 1,
      brokerConfig: FAST_BROKERS,
      topics: [{ name: 'orders', partitions: 1 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100 }],
      consumers: [
        { id: 'a', assign: ['orders-0'], config: { ...FAST_MEMBER, 'group.id': 'shared' } },
        {
          id: 'b',
          assign: ['orders-0'],
          processingTimeMs: 20,
          config: { ...FAST_MEMBER, 'group.id': 'shared' },
        },
      ],
    });
    const events = runUntil(s, (_, ev) => ofType(ev, 'group.offsetsCommitted').length >= 6, 20_000);
    const commits = ofType(events, 'group.offsetsCommitted');
    expect(new Set(commits.map((c) => c.consumer))).toEqual(new Set(['a', 'b']));
    // The committed offset goes back and forth between the two positions.
    const offsets = commits.map((c) => c.offsets[0]!.offset);
    expect(offsets.some((o, i) => i > 0 && o < offsets[i - 1]!)).toBe(true);
    expect(groupOf(s.state, 'shared').state).toBe('Empty');
  });

  it('a commit with no generation is refused with UNKNOWN_MEMBER_ID once the group has members', () => {
    const s = groupSim([group('billing', 1)], {
      setup: {
        consumers: [
          { id: 'manual', assign: ['orders-0'], config: { ...FAST_MEMBER, 'group.id': 'billing' } },
        ],
      },
    });
    const events = runUntil(
      s,
      (_, ev) => ofType(ev, 'consumer.commitFailed').some((e) => e.consumer === 'manual'),
      20_000,
    );
    expect(
      ofType(events, 'consumer.commitFailed').find((e) => e.consumer === 'manual')!.error,
    ).toBe('UNKNOWN_MEMBER_ID');
  });

  it('a member outside a stable generation cannot commit: consumer.commit during a rebalance is refused (RebalanceInProgressException)', () => {
    const s = groupSim([group('billing', 2, { 'enable.auto.commit': false })]);
    runUntil(s, settled('billing', 2));
    s.apply({ type: 'consumer.add', group: 'billing' });
    while (consumer(s.state, 'billing-1').group!.memberState === 'STABLE') s.advanceBy(1);
    const events = s.apply({ type: 'consumer.commit', consumer: 'billing-1' });
    expect(events[0]).toMatchObject({ type: 'command.rejected', error: 'REBALANCE_IN_PROGRESS' });
  });

  it('consumer.commit without a group.id is refused (InvalidGroupIdException)', () => {
    const s = sim({ brokers: 1, topics: [{ name: 'orders', partitions: 1 }] });
    s.apply({ type: 'consumer.add', consumer: 'c', assign: ['orders-0'] });
    expect(s.apply({ type: 'consumer.commit', consumer: 'c' })[0]).toMatchObject({
      type: 'command.rejected',
      error: 'INVALID_GROUP_ID',
    });
  });
});

describe('coordinator failover', () => {
  it('when the coordinator dies, the group loads on the new leader of its __consumer_offsets partition with its members and offsets, and goes on', () => {
    const s = groupSim([group('billing', 2)], {
      brokerConfig: { 'broker.session.timeout.ms': 3000 },
    });
    runUntil(s, settled('billing', 2));
    s.advanceBy(3000);
    const g = groupOf(s.state, 'billing');
    const before = {
      coordinator: g.coordinator!,
      generation: g.generationId,
      offsets: g.offsets.length,
    };
    const owners = { a: owned(s.state, 'billing-1'), b: owned(s.state, 'billing-2') };
    const crash = s.apply({ type: 'broker.crash', broker: before.coordinator });
    expect(ofType(crash, 'group.unloaded')[0]!.reason).toMatch(/is down/);
    const events = runUntil(
      s,
      (st) =>
        groupOf(st, 'billing').coordinator !== null &&
        st.consumers.every((c) => c.group!.coordinator === groupOf(st, 'billing').coordinator),
      30_000,
    );
    const loaded = ofType(events, 'group.loaded')[0]!;
    expect(loaded.coordinator).not.toBe(before.coordinator);
    expect(loaded.generationId).toBe(before.generation);
    expect(loaded.members).toBe(2);
    expect(loaded.offsets).toBe(before.offsets);
    // The members find the new coordinator and keep their partitions: no rebalance was needed.
    s.advanceBy(5000);
    expect(groupOf(s.state, 'billing').generationId).toBe(before.generation);
    expect(owned(s.state, 'billing-1')).toEqual(owners.a);
    expect(owned(s.state, 'billing-2')).toEqual(owners.b);
    const committedLater = ofType(s.advanceBy(3000), 'group.offsetsCommitted');
    expect(committedLater.length).toBeGreaterThan(0);
  });

  it('requests during the load are answered COORDINATOR_LOAD_IN_PROGRESS (heartbeats: no error)', () => {
    const s = groupSim([group('billing', 1)]);
    runUntil(s, settled('billing', 1));
    const g = groupOf(s.state, 'billing');
    g.loadedAtMs = s.state.nowMs + 10_000; // pretend a long load
    const events = runUntil(
      s,
      (st) => (st.consumers[0]!.stats.errors['COORDINATOR_LOAD_IN_PROGRESS'] ?? 0) > 0,
      5000,
    );
    expect(ofType(events, 'consumer.coordinatorLost')).toEqual([]);
  });
});

describe('describeGroup (kafka-consumer-groups --describe)', () => {
  it('gives group, topic, partition, current offset, log end offset, lag and consumer id per partition', () => {
    const s = groupSim([group('billing', 2)]);
    runUntil(s, settled('billing', 2));
    s.advanceBy(2500);
    const rows = describeGroup(s.state, 'billing');
    expect(rows.map((r) => r.partition)).toEqual([0, 1, 2, 3]);
    const g = groupOf(s.state, 'billing');
    for (const r of rows) {
      const member = g.members.find((m) => m.assignment.some((p) => p.partition === r.partition))!;
      expect(r.consumerId).toBe(member.memberId);
      expect(r.clientId).toBe(member.clientId);
      expect(r.currentOffset).not.toBeNull();
      expect(r.lag).toBe(r.logEndOffset - r.currentOffset!);
    }
    expect(describeGroup(s.state, 'nobody')).toEqual([]);
  });
});
