/**
 * Why and how a group rebalances: session expiry, LeaveGroup, the poll timeout, eager against
 * cooperative, static membership, new partitions, and a leader that never syncs.
 */
import { describe, expect, it } from 'vitest';
import { messages } from '../helpers.ts';
import {
  consumer,
  group,
  groupOf,
  groupSim,
  ofType,
  owned,
  ownersOf,
  runUntil,
  settled,
  stable,
} from './helpers.ts';

describe('leaving a group', () => {
  it('session.timeout.ms: a member that stops heartbeating is removed and the group rebalances', () => {
    const s = groupSim([group('billing', 2)]);
    runUntil(s, stable('billing', 2));
    const before = groupOf(s.state, 'billing').generationId;
    const crashedAt = s.state.nowMs;
    s.apply({ type: 'consumer.crash', consumer: 'billing-2' });
    const events = runUntil(s, stable('billing', 1), 20_000);
    const removed = ofType(events, 'group.memberRemoved')[0]!;
    expect(removed.consumer).toBe('billing-2');
    expect(removed.reason).toMatch(/session timeout/);
    // Not before session.timeout.ms (3000) after its last heartbeat.
    expect(removed.atMs - crashedAt).toBeGreaterThan(3000 - 500);
    expect(removed.atMs - crashedAt).toBeLessThanOrEqual(3000 + 10);
    expect(groupOf(s.state, 'billing').generationId).toBe(before + 1);
    expect(owned(s.state, 'billing-1')).toEqual(['orders-0', 'orders-1', 'orders-2', 'orders-3']);
  });

  it('LeaveGroup: a graceful close rebalances at once, without waiting for the session timeout', () => {
    const s = groupSim([group('billing', 2)]);
    runUntil(s, stable('billing', 2));
    const leftAt = s.state.nowMs;
    s.apply({ type: 'consumer.leave', consumer: 'billing-2' });
    const events = runUntil(s, stable('billing', 1), 20_000);
    const removed = ofType(events, 'group.memberRemoved')[0]!;
    expect(removed.reason).toMatch(/left the group \(the consumer is being closed\)/);
    expect(removed.atMs - leftAt).toBeLessThan(50);
  });

  it('KafkaConsumer.close commits the positions before leaving (enable.auto.commit)', () => {
    const s = groupSim([group('billing', 1, { 'auto.commit.interval.ms': 60_000 })]);
    runUntil(s, stable('billing', 1));
    s.advanceBy(2000);
    const position = consumer(s.state, 'billing-1').assignment.map((a) => a.position);
    s.apply({ type: 'consumer.leave', consumer: 'billing-1' });
    s.advanceBy(200);
    const g = groupOf(s.state, 'billing');
    expect(g.offsets.map((o) => o.offset)).toEqual(position);
    expect(g.state).toBe('Empty');
  });

  it('max.poll.interval.ms: a member that processes too long leaves the group ("consumer poll timeout has expired.") and rejoins at its next poll', () => {
    const s = groupSim([
      group('billing', 2, { 'max.poll.interval.ms': 2000, 'max.poll.records': 50 }),
    ]);
    runUntil(s, stable('billing', 2));
    s.apply({ type: 'consumer.setProcessingTime', consumer: 'billing-2', processingTimeMs: 100 });
    const events = runUntil(s, (_, ev) => ofType(ev, 'consumer.partitionsLost').length > 0, 30_000);
    const timeout = ofType(events, 'consumer.pollTimeout')[0]!;
    expect(timeout.consumer).toBe('billing-2');
    const removed = ofType(events, 'group.memberRemoved')[0]!;
    expect(removed.reason).toMatch(/consumer poll timeout has expired/);
    // The rest of the group went on without it...
    expect(ofType(events, 'group.assigned').at(-1)!.assignment).toEqual([
      { consumer: 'billing-1', partitions: ['orders-0', 'orders-1', 'orders-2', 'orders-3'] },
    ]);
    // ...and when its processing finished it found its partitions lost and joined again.
    s.apply({ type: 'consumer.setProcessingTime', consumer: 'billing-2', processingTimeMs: 0 });
    runUntil(s, stable('billing', 2), 30_000);
  });

  it('a dynamic member whose poll timed out stopped owning partitions as far as the group is concerned: current members own each partition at most once', () => {
    const s = groupSim([
      group('billing', 2, { 'max.poll.interval.ms': 2000, 'max.poll.records': 50 }),
    ]);
    runUntil(s, stable('billing', 2));
    s.apply({ type: 'consumer.setProcessingTime', consumer: 'billing-2', processingTimeMs: 100 });
    for (let i = 0; i < 150; i++) {
      s.advanceBy(100);
      const members = new Set(groupOf(s.state, 'billing').members.map((m) => m.clientId));
      for (const [, owners] of ownersOf(s.state, 'billing'))
        expect(owners.filter((o) => members.has(o)).length).toBeLessThanOrEqual(1);
    }
  });
});

describe('eager and cooperative rebalancing (ConsumerCoordinator.onJoinPrepare / onJoinComplete)', () => {
  /**
   * Three members on 6 partitions (5 ms per record); member 3 is in the middle of a slow batch
   * (200 ms per record) when a fourth member joins. Eager members revoke everything and wait
   * for member 3; cooperative ones keep consuming and move one partition.
   */
  function scaleOut(strategy: string) {
    const s = groupSim(
      [
        group(
          'billing',
          3,
          { 'partition.assignment.strategy': strategy, 'max.poll.records': 100 },
          { processingTimeMs: 5 },
        ),
      ],
      { partitions: 6, rate: 300 },
    );
    runUntil(s, settled('billing', 3));
    s.advanceBy(2000);
    const before = Object.fromEntries(
      ['billing-1', 'billing-2', 'billing-3'].map((id) => [id, owned(s.state, id)]),
    );
    s.apply({ type: 'consumer.setProcessingTime', consumer: 'billing-3', processingTimeMs: 200 });
    runUntil(s, (st) => (consumer(st, 'billing-3').busyUntilMs ?? 0) - st.nowMs > 2000, 10_000);
    const unownedBefore = groupOf(s.state, 'billing').observed.unownedMsTotal;
    s.apply({ type: 'consumer.add', group: 'billing' });
    s.apply({ type: 'consumer.setProcessingTime', consumer: 'billing-3', processingTimeMs: 5 });
    let mostUnowned = 0;
    const events = runUntil(
      s,
      (st) => {
        const owners = Object.values(groupOf(st, 'billing').observed.owners);
        const now = owners.filter((o) => o.unownedSinceMs !== null).length;
        mostUnowned = Math.max(mostUnowned, now);
        return settled('billing', 4)(st);
      },
      60_000,
    );
    const unowned = groupOf(s.state, 'billing').observed.unownedMsTotal - unownedBefore;
    return { s, before, events, unowned, mostUnowned };
  }

  it('eager (range): before rejoining, every member revokes all its partitions; the whole group stops', () => {
    const { events } = scaleOut('range');
    const revoked = ofType(events, 'consumer.partitionsRevoked');
    expect(revoked.map((r) => [r.consumer, r.partitions.length]).sort()).toEqual([
      ['billing-1', 2],
      ['billing-2', 2],
      ['billing-3', 2],
    ]);
    expect(revoked.every((r) => /eager/.test(r.reason))).toBe(true);
    // One rebalance.
    expect(ofType(events, 'group.joinCompleted')).toHaveLength(1);
  });

  it('cooperative (cooperative-sticky): members keep what does not move; moving partitions are revoked, then assigned in a second rebalance', () => {
    const { s, before, events } = scaleOut('cooperative-sticky');
    const revoked = ofType(events, 'consumer.partitionsRevoked');
    expect(revoked.every((r) => /cooperative/.test(r.reason))).toBe(true);
    // 6 partitions over 4 members: 2, 2, 1, 1. One old member gives up one partition.
    expect(revoked.reduce((n, r) => n + r.partitions.length, 0)).toBe(1);
    expect(ofType(events, 'group.joinCompleted')).toHaveLength(2);
    // The old members kept what they had, but for the partition that moved to the new one.
    for (const [id, had] of Object.entries(before)) {
      const now = owned(s.state, id);
      expect(now.every((p) => had.includes(p))).toBe(true);
    }
    expect(owned(s.state, 'billing-4')).toHaveLength(1);
    // Never revoked and assigned in the same generation: the new owner gets them one generation later.
    const assigned = ofType(events, 'consumer.partitionsAssigned');
    const firstGen = ofType(events, 'group.joinCompleted')[0]!.generationId;
    for (const r of revoked)
      for (const p of r.partitions) {
        const taken = assigned.find((a) => a.partitions.includes(p))!;
        expect(taken.consumer).toBe('billing-4');
        expect(taken.generationId).toBe(firstGen + 1);
        expect(taken.atMs).toBeGreaterThan(r.atMs);
      }
  });

  it('eager stops every partition during the rebalance, cooperative only the moving ones, and leaves fewer partition-milliseconds unowned', () => {
    const eager = scaleOut('range');
    const coop = scaleOut('cooperative-sticky');
    expect(eager.mostUnowned).toBe(6);
    expect(coop.mostUnowned).toBe(1);
    expect(coop.unowned).toBeGreaterThan(0);
    // Across seeds 1–12 the ratio is 7× to 59×.
    expect(coop.unowned * 3).toBeLessThan(eager.unowned);
  });

  it('the client rebalance protocol is cooperative only when every assignor it lists supports it (default range + cooperative-sticky is eager)', () => {
    const s = groupSim([
      group('billing', 2, {}),
      group('audit', 2, { 'partition.assignment.strategy': 'cooperative-sticky' }),
    ]);
    runUntil(s, (st) => stable('billing', 2)(st) && stable('audit', 2)(st));
    s.apply({ type: 'consumer.add', group: 'billing' });
    s.apply({ type: 'consumer.add', group: 'audit' });
    const events = runUntil(
      s,
      (st) =>
        stable('billing', 3)(st) &&
        stable('audit', 3)(st) &&
        st.consumers.every((c) => c.group!.rejoinReason === null),
      30_000,
    );
    const reasons = (g: string) =>
      ofType(events, 'consumer.partitionsRevoked')
        .filter((r) => r.group === g)
        .map((r) => r.reason);
    expect(reasons('billing').every((r) => /eager/.test(r))).toBe(true);
    expect(reasons('audit').every((r) => /cooperative/.test(r))).toBe(true);
  });
});

describe('static membership (KIP-345, group.instance.id)', () => {
  it('a static member back within session.timeout.ms gets its partitions again with no rebalance', () => {
    const s = groupSim([
      group('billing', 2, { 'session.timeout.ms': 10_000 }, { staticMembership: true }),
    ]);
    runUntil(s, stable('billing', 2));
    const gen = groupOf(s.state, 'billing').generationId;
    const had = owned(s.state, 'billing-2');
    s.apply({ type: 'consumer.leave', consumer: 'billing-2' });
    s.advanceBy(3000);
    // A static member's close sends no LeaveGroup: the group still counts it.
    expect(groupOf(s.state, 'billing').members).toHaveLength(2);
    expect(groupOf(s.state, 'billing').state).toBe('Stable');
    s.apply({ type: 'consumer.add', group: 'billing', consumer: 'billing-2' });
    const events = runUntil(s, (st) => owned(st, 'billing-2').length > 0, 5000);
    expect(ofType(events, 'group.staticMemberReplaced')).toHaveLength(1);
    expect(ofType(events, 'group.stateChanged')).toEqual([]);
    expect(groupOf(s.state, 'billing').generationId).toBe(gen);
    expect(owned(s.state, 'billing-2')).toEqual(had);
  });

  it('a static member away longer than session.timeout.ms is removed and the group rebalances', () => {
    const s = groupSim([group('billing', 2, {}, { staticMembership: true })]);
    runUntil(s, stable('billing', 2));
    s.apply({ type: 'consumer.crash', consumer: 'billing-2' });
    const events = runUntil(s, stable('billing', 1), 20_000);
    expect(ofType(events, 'group.memberRemoved')[0]!.reason).toMatch(/session timeout/);
  });

  it('FENCED_INSTANCE_ID: the old member of a replaced group.instance.id is fenced', () => {
    const s = groupSim([group('billing', 1, { 'group.instance.id': 'shared' })]);
    runUntil(s, stable('billing', 1));
    s.apply({
      type: 'consumer.add',
      group: 'billing',
      consumer: 'twin',
      config: { 'group.instance.id': 'shared' },
    });
    const events = runUntil(
      s,
      (st) => consumer(st, 'billing-1').group!.fatalError !== null,
      10_000,
    );
    expect(ofType(events, 'consumer.groupError')[0]!.error).toMatch(/FENCED_INSTANCE_ID/);
    expect(groupOf(s.state, 'billing').members.map((m) => m.clientId)).toEqual(['twin']);
  });
});

describe('other reasons to rebalance', () => {
  it('ConsumerCoordinator: only the group leader notices new partitions (metadata.max.age.ms), and its rejoin rebalances the group', () => {
    const s = groupSim([group('billing', 2, { 'metadata.max.age.ms': 2000 })], { partitions: 2 });
    runUntil(s, stable('billing', 2));
    s.apply({ type: 'topic.addPartitions', topic: 'orders', partitions: 4 });
    const events = runUntil(
      s,
      (st) => st.consumers.reduce((n, c) => n + c.assignment.length, 0) === 4,
      10_000,
    );
    const leader = groupOf(s.state, 'billing').leaderId;
    const joining = ofType(events, 'consumer.joining');
    const first = joining[0]!;
    expect(first.reason).toBe('cached metadata has changed');
    expect(groupOf(s.state, 'billing').members.find((m) => m.memberId === leader)!.clientId).toBe(
      first.consumer,
    );
  });

  it('group.setConfig: members rejoin with the new assignor', () => {
    const s = groupSim([group('billing', 2)]);
    runUntil(s, stable('billing', 2));
    expect(groupOf(s.state, 'billing').protocolName).toBe('range');
    s.apply({
      type: 'group.setConfig',
      group: 'billing',
      config: { 'partition.assignment.strategy': 'roundrobin' },
    });
    runUntil(
      s,
      (st) => groupOf(st, 'billing').protocolName === 'roundrobin' && stable('billing', 2)(st),
      20_000,
    );
  });

  it('expirePendingSync / session expiry: a leader that dies before SyncGroup is removed and the waiting followers are told REBALANCE_IN_PROGRESS', () => {
    const s = groupSim([group('billing', 2)]);
    runUntil(s, stable('billing', 2));
    s.apply({ type: 'consumer.add', group: 'billing', consumer: 'late' });
    // Crash the leader as soon as its JoinGroup answer arrives, before it can sync.
    const leaderId = groupOf(s.state, 'billing').leaderId!;
    const leader = groupOf(s.state, 'billing').members.find(
      (m) => m.memberId === leaderId,
    )!.clientId;
    runUntil(s, (st) => consumer(st, leader).group!.memberState === 'COMPLETING_REBALANCE', 10_000);
    s.apply({ type: 'consumer.crash', consumer: leader });
    const events = runUntil(s, stable('billing', 2), 30_000);
    expect(ofType(events, 'group.memberRemoved')[0]!.consumer).toBe(leader);
    expect(messages(s.state).length).toBeGreaterThanOrEqual(0);
  });
});
