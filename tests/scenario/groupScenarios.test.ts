/**
 * The consumer group scenarios that ship (issue 4): each runs headless and shows the Kafka
 * behaviour its description promises, read from the report and the events.
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import type { GroupReport } from '../../src/engine/groupDescribe.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { buildReport, type SimReport } from '../../src/engine/report.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';

/** A shipped scenario, loaded; `at(ms)` runs it to `ms` and returns the report then. */
function start(id: string) {
  const loaded = loadScenario(findShippedScenario(id)?.json);
  if (!loaded.ok) throw new Error(`${id}: ${JSON.stringify(loaded.problems)}`);
  const s: Simulation = loaded.simulation;
  const events: SimEvent[] = [];
  return {
    s,
    events,
    at(ms: number): SimReport {
      events.push(...s.advanceTo(ms));
      expect(checkInvariants(s.state)).toEqual([]);
      return buildReport(s.state);
    },
  };
}

function ofType<T extends SimEvent['type']>(
  events: SimEvent[],
  type: T,
): Extract<SimEvent, { type: T }>[] {
  return events.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);
}

function group(r: SimReport, id: string): GroupReport {
  const g = r.groups.find((x) => x.id === id);
  if (!g) throw new Error(`no group ${id}`);
  return g;
}

/** Each member's assignment, by consumer name, sorted. */
function assignments(g: GroupReport): Record<string, string[]> {
  return Object.fromEntries(g.members.map((m) => [m.consumer, [...m.assignment].sort()]));
}

/** How many partitions each member owns, sorted from most to fewest. */
function counts(g: GroupReport): number[] {
  return g.members.map((m) => m.assignment.length).sort((a, b) => b - a);
}

/** Every partition of the group's topics, each owned by exactly one member. */
function ownedOnce(g: GroupReport, partitions: string[]): void {
  const owned = g.members.flatMap((m) => m.assignment).sort();
  expect(owned).toEqual([...partitions].sort());
}

function consumerReport(r: SimReport, id: string) {
  const c = r.consumers.find((x) => x.id === id);
  if (!c) throw new Error(`no consumer ${id}`);
  return c;
}

const ORDERS = (n: number) => Array.from({ length: n }, (_, i) => `orders-${i}`);

describe('consumer group scenarios', () => {
  it('group-scale-out-in: members joining spread the partitions out, members leaving give them back, each time in one rebalance', () => {
    const run = start('group-scale-out-in');
    const steps: [number, number[]][] = [
      [9_900, [3, 3]],
      [14_900, [2, 2, 2]],
      [24_900, [2, 2, 1, 1]],
      [34_900, [2, 2, 2]],
      [45_000, [3, 3]],
    ];
    for (const [i, [ms, expected]] of steps.entries()) {
      const g = group(run.at(ms), 'billing');
      expect(g.state).toBe('Stable');
      expect(g.generationId).toBe(i + 1);
      expect(counts(g)).toEqual(expected);
      ownedOnce(g, ORDERS(6));
    }
    // Leaving is graceful (LeaveGroup): the coordinator rebalances at once, no session timeout.
    const removed = ofType(run.events, 'group.memberRemoved');
    expect(removed.map((e) => e.consumer)).toEqual(['billing-3', 'billing-2']);
    for (const [e, leftAt] of [
      [removed[0]!, 25_000],
      [removed[1]!, 35_000],
    ] as const) {
      expect(e.reason).toMatch(/left the group/);
      expect(e.atMs - leftAt).toBeLessThan(100);
    }
    expect(group(run.at(45_000), 'billing').redeliveredRecords).toBe(0);
  });

  it('group-member-crash: nothing happens for session.timeout.ms, then the member is evicted, the group rebalances and records processed but not committed are delivered again', () => {
    const run = start('group-member-crash');
    const before = group(run.at(19_999), 'billing');
    expect(counts(before)).toEqual([2, 2, 2]);
    const crashed = assignments(before)['billing-2']!;
    // Nine seconds after the crash the coordinator still counts billing-2 as a member.
    const waiting = group(run.at(28_900), 'billing');
    expect(waiting.state).toBe('Stable');
    expect(waiting.generationId).toBe(1);
    expect(assignments(waiting)['billing-2']).toEqual(crashed);
    const after = group(run.at(45_000), 'billing');
    const removed = ofType(run.events, 'group.memberRemoved');
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ consumer: 'billing-2' });
    expect(removed[0]!.reason).toMatch(/session timeout/);
    // session.timeout.ms (10 s) after its last heartbeat (heartbeat.interval.ms 1 s before the crash).
    expect(removed[0]!.atMs - 20_000).toBeGreaterThan(9_000);
    expect(removed[0]!.atMs - 20_000).toBeLessThanOrEqual(10_050);
    const changes = ofType(run.events, 'group.stateChanged').filter((e) => e.atMs > 20_000);
    expect(changes[0]!.atMs).toBe(removed[0]!.atMs);
    // The others take its partitions and resume from the last committed offset.
    expect(after.state).toBe('Stable');
    expect(after.generationId).toBe(2);
    expect(counts(after)).toEqual([3, 3]);
    ownedOnce(after, ORDERS(6));
    expect(after.redeliveredRecords).toBeGreaterThan(0);
    const redelivered = ofType(run.events, 'group.redelivered');
    expect(redelivered.length).toBeGreaterThan(0);
    for (const e of redelivered) {
      expect(crashed).toContain(`${e.topic}-${e.partition}`);
      expect(e.consumer).not.toBe('billing-2');
    }
  });

  it('group-slow-member: a poll longer than max.poll.interval.ms makes the member leave ("consumer poll timeout has expired."), the other takes over, and the slow one rejoins when it polls again', () => {
    const run = start('group-slow-member');
    const before = group(run.at(15_000), 'billing');
    expect(counts(before)).toEqual([2, 2]);
    const slowOwned = assignments(before)['billing-2']!;
    const final = group(run.at(40_000), 'billing');
    const timeout = ofType(run.events, 'consumer.pollTimeout');
    expect(timeout).toHaveLength(1);
    expect(timeout[0]).toMatchObject({ consumer: 'billing-2', maxPollIntervalMs: 5000 });
    const removed = ofType(run.events, 'group.memberRemoved');
    expect(removed[0]).toMatchObject({ consumer: 'billing-2' });
    expect(removed[0]!.reason).toMatch(/consumer poll timeout has expired\./);
    expect(removed[0]!.atMs - timeout[0]!.atMs).toBeLessThan(100);
    // billing-1 alone, then both again.
    const assigned = ofType(run.events, 'group.assigned');
    expect(assigned.map((e) => e.assignment.length)).toEqual([2, 1, 2]);
    expect(assigned[1]!.assignment[0]).toEqual({ consumer: 'billing-1', partitions: ORDERS(4) });
    expect(assigned[1]!.atMs).toBeGreaterThan(timeout[0]!.atMs);
    // billing-2 finds out only when its long batch ends and it polls: its partitions are lost.
    const lost = ofType(run.events, 'consumer.partitionsLost');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ consumer: 'billing-2' });
    expect([...lost[0]!.partitions].sort()).toEqual(slowOwned);
    expect(lost[0]!.atMs).toBeGreaterThan(assigned[1]!.atMs);
    expect(assigned[2]!.atMs).toBeGreaterThan(lost[0]!.atMs);
    expect(final.generationId).toBe(3);
    expect(counts(final)).toEqual([2, 2]);
    // What billing-2 processed but never committed was read again by billing-1.
    expect(final.redeliveredRecords).toBeGreaterThan(0);
  });

  it('eager-vs-cooperative: on the same workload the eager group revokes every partition and stops; the cooperative one moves one partition and leaves far fewer partition-milliseconds unowned', () => {
    const run = start('eager-vs-cooperative');
    const before = run.at(19_999);
    expect(group(before, 'eager').unownedMs).toBe(0);
    expect(group(before, 'cooperative').unownedMs).toBe(0);
    const after = run.at(45_000);
    const eager = group(after, 'eager');
    const coop = group(after, 'cooperative');
    expect(eager).toMatchObject({ protocol: 'eager', assignor: 'range', state: 'Stable' });
    expect(coop).toMatchObject({
      protocol: 'cooperative',
      assignor: 'cooperative-sticky',
      state: 'Stable',
    });
    for (const g of [eager, coop]) {
      expect(counts(g)).toEqual([2, 2, 1, 1]);
      ownedOnce(g, ORDERS(6));
    }
    const revoked = (id: string) =>
      ofType(run.events, 'consumer.partitionsRevoked').filter(
        (e) => e.group === id && e.atMs >= 20_000,
      );
    // Eager: everything is revoked before rejoining, in one rebalance.
    expect(
      revoked('eager')
        .flatMap((e) => e.partitions)
        .sort(),
    ).toEqual(ORDERS(6));
    expect(revoked('eager').every((e) => /eager/.test(e.reason))).toBe(true);
    expect(eager.generationId).toBe(2);
    // Cooperative: one partition changes hands, in a second rebalance.
    expect(revoked('cooperative').flatMap((e) => e.partitions)).toHaveLength(1);
    expect(revoked('cooperative').every((e) => /cooperative/.test(e.reason))).toBe(true);
    expect(coop.generationId).toBe(3);
    // The figure the lesson is about.
    expect(coop.unownedMs).toBeGreaterThan(0);
    expect(eager.unownedMs).toBeGreaterThan(3 * coop.unownedMs);
  });

  it('static-membership-rolling-restart: each static member restarts within session.timeout.ms and gets its own partitions back, with no rebalance at all', () => {
    const run = start('static-membership-rolling-restart');
    const initial = group(run.at(19_999), 'billing');
    expect(initial).toMatchObject({ state: 'Stable', generationId: 1 });
    const owned = assignments(initial);
    // While billing-1 is away, the coordinator keeps its membership and its partitions.
    const away = group(run.at(24_000), 'billing');
    expect(away).toMatchObject({ state: 'Stable', generationId: 1 });
    expect(assignments(away)).toEqual(owned);
    const final = group(run.at(65_000), 'billing');
    expect(final).toMatchObject({ state: 'Stable', generationId: 1, rebalances: 1 });
    expect(assignments(final)).toEqual(owned);
    expect(ofType(run.events, 'group.memberRemoved')).toEqual([]);
    expect(ofType(run.events, 'group.stateChanged').filter((e) => e.atMs > 19_999)).toEqual([]);
    const replaced = ofType(run.events, 'group.staticMemberReplaced');
    expect(replaced.map((e) => e.groupInstanceId)).toEqual(['billing-1', 'billing-2', 'billing-3']);
    for (const e of ofType(run.events, 'consumer.partitionsAssigned').filter(
      (x) => x.atMs > 19_999,
    )) {
      expect(e.generationId).toBe(1);
      expect([...e.assignment].sort()).toEqual(owned[e.consumer]);
    }
    // Only the restarting member's partitions paused: 3 restarts × 2 partitions × about 5 s.
    expect(final.unownedMs).toBeGreaterThan(25_000);
    expect(final.unownedMs).toBeLessThan(35_000);
    expect(final.redeliveredRecords).toBe(0);
  });

  it('pubsub-vs-queue: each group reads every record; within a group each record goes to one member', () => {
    const run = start('pubsub-vs-queue');
    const r = run.at(30_000);
    const produced = r.partitions
      .filter((p) => p.topic === 'orders')
      .reduce((n, p) => n + p.highWatermark, 0);
    expect(produced).toBeGreaterThan(700);
    const audit = group(r, 'audit');
    const billing = group(r, 'billing');
    expect(assignments(audit)).toEqual({ 'audit-1': ORDERS(4) });
    expect(counts(billing)).toEqual([2, 2]);
    ownedOnce(billing, ORDERS(4));
    // Publish-subscribe between groups: both read everything...
    const consumed = (id: string) => consumerReport(r, id).recordsConsumed;
    expect(consumed('audit-1')).toBe(produced);
    expect(consumed('billing-1') + consumed('billing-2')).toBe(produced);
    // ...a queue within a group: the members share the records.
    expect(consumed('billing-1')).toBeGreaterThan(0);
    expect(consumed('billing-2')).toBeGreaterThan(0);
    // Two groups, two sets of committed offsets, each at the log end.
    for (const g of [audit, billing])
      for (const o of g.offsets) {
        const p = r.partitions.find((x) => x.topic === o.topic && x.partition === o.partition)!;
        expect(o.committed).toBe(p.highWatermark);
      }
    expect(audit.coordinatorPartition).not.toBe(billing.coordinatorPartition);
  });

  it('idle-members: with more members than partitions the extra members get nothing; one takes over when an active member leaves', () => {
    const run = start('idle-members');
    const r1 = run.at(19_999);
    const g1 = group(r1, 'billing');
    expect(g1.members).toHaveLength(5);
    expect(counts(g1)).toEqual([1, 1, 1, 0, 0]);
    ownedOnce(g1, ORDERS(3));
    const idle = g1.members.filter((m) => m.assignment.length === 0).map((m) => m.consumer);
    for (const id of idle) expect(consumerReport(r1, id).recordsConsumed).toBe(0);
    const r2 = run.at(30_000);
    const g2 = group(r2, 'billing');
    expect(g2.generationId).toBe(2);
    expect(g2.members.map((m) => m.consumer)).not.toContain('billing-1');
    expect(counts(g2)).toEqual([1, 1, 1, 0]);
    ownedOnce(g2, ORDERS(3));
    const woke = idle.filter((id) => assignments(g2)[id]!.length > 0);
    expect(woke).toHaveLength(1);
    expect(consumerReport(r2, woke[0]!).recordsConsumed).toBeGreaterThan(0);
  });

  it('consumer-parallelism: each member that joins reads more partitions in parallel, the lag turns and falls; a member beyond one per partition sits idle', () => {
    const run = start('consumer-parallelism');
    // The members' own lag (records-lag: the last fetch's high watermark minus the position).
    const lagAt = (ms: number): number =>
      run
        .at(ms)
        .consumers.reduce(
          (n, c) => n + Object.values(c.lag).reduce<number>((a, b) => a + (b ?? 0), 0),
          0,
        );
    const alone = [lagAt(5_000), lagAt(10_000), lagAt(20_000)];
    expect(alone[1]).toBeGreaterThan(alone[0]! + 200);
    expect(alone[2]).toBeGreaterThan(alone[1]! + 400);
    const three = lagAt(40_000);
    expect(lagAt(70_000)).toBeLessThan(three - 500);
    const r = run.at(90_000);
    expect(lagAt(90_000)).toBeLessThan(150);
    const g = group(r, 'indexer');
    expect(g.members).toHaveLength(7);
    const owned = g.members.map((m) => m.assignment.length).sort();
    expect(owned).toEqual([0, 1, 1, 1, 1, 1, 1]);
  });

  it('standalone-consumers: without a group.id each consumer keeps its own position and reads every record; with nothing committed, a restart starts over from auto.offset.reset (KafkaConsumer.assign)', () => {
    const run = start('standalone-consumers');
    const r = run.at(19_999);
    expect(r.groups).toEqual([]);
    const audit = consumerReport(r, 'audit');
    const mirror = consumerReport(r, 'mirror');
    const written = r.partitions
      .filter((p) => p.topic === 'orders')
      .reduce((n, p) => n + p.highWatermark, 0);
    // audit keeps up with everything written; mirror (50 ms a record) is behind, on its own.
    expect(audit.recordsConsumed).toBeGreaterThan(written - 40);
    expect(mirror.recordsConsumed).toBeLessThan(audit.recordsConsumed - 100);
    expect(Object.values(audit.committed)).toEqual([null, null]);
    // mirror leaves at 20 s and comes back at 21 s: it resets to the earliest offset again.
    run.at(30_000);
    const resets = ofType(run.events, 'consumer.offsetReset').filter(
      (e) => e.consumer === 'mirror' && e.atMs >= 21_000,
    );
    expect(resets.map((e) => e.offset)).toEqual([0, 0]);
  });

  it("shared-group-id-manual-assignment: standalone consumers sharing a group.id overwrite each other's commits, and a restart resumes from the other one's", () => {
    const run = start('shared-group-id-manual-assignment');
    const r = run.at(24_999);
    const g = group(r, 'reports');
    // No membership: a "simple" group, Empty, with commits outside any generation.
    expect(g).toMatchObject({ state: 'Empty', generationId: 0, members: [] });
    const commits = ofType(run.events, 'group.offsetsCommitted').filter(
      (e) => e.group === 'reports',
    );
    expect(new Set(commits.map((e) => e.consumer))).toEqual(new Set(['fast', 'slow']));
    // The committed offset of orders-0 moves back each time slow commits after fast.
    const offsets = commits.map((e) => e.offsets[0]!.offset);
    const backwards = offsets.filter((o, i) => i > 0 && o < offsets[i - 1]!);
    expect(backwards.length).toBeGreaterThanOrEqual(5);
    const switches = commits.filter((e, i) => i > 0 && e.consumer !== commits[i - 1]!.consumer);
    expect(switches.length).toBeGreaterThanOrEqual(10);
    // fast closes at 25 s (committing its position), slow commits after it, fast starts again at 27 s.
    run.at(35_000);
    const all = ofType(run.events, 'group.offsetsCommitted').filter(
      (e) => e.group === 'reports' && e.atMs < 27_000,
    );
    const lastBefore = all.at(-1)!;
    expect(lastBefore.consumer).toBe('slow');
    const closing = all.filter((e) => e.consumer === 'fast').at(-1)!;
    expect(closing.atMs).toBeGreaterThan(25_000);
    const resumed = ofType(run.events, 'consumer.positionFromCommit').find(
      (e) => e.consumer === 'fast' && e.atMs >= 27_000,
    )!;
    expect(resumed.offset).toBe(lastBefore.offsets[0]!.offset);
    expect(resumed.offset).toBeLessThan(closing.offsets[0]!.offset - 200);
    const again = ofType(run.events, 'group.redelivered').filter(
      (e) => e.consumer === 'fast' && e.atMs >= 27_000,
    );
    expect(again.reduce((n, e) => n + e.records, 0)).toBeGreaterThan(200);
  });

  it("coordinator-failover: the coordinator moves to the new leader of the group's __consumer_offsets partition, which loads the group; no rebalance and no committed offset is lost", () => {
    const run = start('coordinator-failover');
    const before = run.at(19_999);
    const g0 = group(before, 'billing');
    expect(g0).toMatchObject({ coordinator: 2, coordinatorPartition: 4, generationId: 1 });
    const offsetsLeader = (r: SimReport) =>
      r.partitions.find((p) => p.topic === '__consumer_offsets' && p.partition === 4)!.leader;
    expect(offsetsLeader(before)).toBe(2);
    expect(before.controller.active).not.toBe(2);
    const committed = (g: GroupReport) => g.offsets.map((o) => o.committed!);
    const consumedBy = (r: SimReport) =>
      consumerReport(r, 'billing-1').recordsConsumed +
      consumerReport(r, 'billing-2').recordsConsumed;

    // During the outage: no coordinator, no commits, but consumption goes on.
    const outage = run.at(26_900);
    const g1 = group(outage, 'billing');
    expect(g1.coordinator).toBeNull();
    expect(committed(g1)).toEqual(committed(g0));
    expect(consumedBy(outage)).toBeGreaterThan(consumedBy(before));

    const after = run.at(40_000);
    const fenced = ofType(run.events, 'broker.fenced').find((e) => e.broker === 2)!;
    // broker.session.timeout.ms (9 s) after its last heartbeat (broker.heartbeat.interval.ms 2 s).
    expect(fenced.atMs - 20_000).toBeGreaterThanOrEqual(9_000 - 2_000);
    expect(fenced.atMs - 20_000).toBeLessThanOrEqual(9_000);
    const loaded = ofType(run.events, 'group.loaded').find((e) => e.group === 'billing')!;
    expect(loaded).toMatchObject({ coordinator: 1, partition: 4, generationId: 1, members: 2 });
    expect(loaded.offsets).toBe(4);
    expect(loaded.atMs).toBeGreaterThanOrEqual(fenced.atMs);
    expect(offsetsLeader(after)).toBe(1);
    const found = ofType(run.events, 'consumer.coordinatorFound').filter(
      (e) => e.coordinator === 1,
    );
    expect(new Set(found.map((e) => e.consumer))).toEqual(new Set(['billing-1', 'billing-2']));
    for (const e of found) expect(e.atMs).toBeGreaterThan(loaded.atMs);

    const g2 = group(after, 'billing');
    expect(g2).toMatchObject({
      state: 'Stable',
      coordinator: 1,
      generationId: 1,
      rebalances: 1,
      unownedMs: 0,
      redeliveredRecords: 0,
    });
    committed(g2).forEach((o, i) => expect(o).toBeGreaterThan(committed(g0)[i]!));
    expect(g2.offsets.every((o) => o.lag! < 50)).toBe(true);
    expect(after.acknowledgedLost).toBe(0);
  });

  it('multi-topic-subscription: range deals each topic out separately; new partitions are noticed by the group leader after metadata.max.age.ms and trigger a rebalance', () => {
    const run = start('multi-topic-subscription');
    const g1 = group(run.at(16_999), 'billing');
    const a1 = Object.values(assignments(g1));
    expect(a1).toHaveLength(2);
    for (const a of a1) {
      expect(a.filter((p) => p.startsWith('orders-'))).toHaveLength(1);
      expect(a.filter((p) => p.startsWith('payments-'))).toHaveLength(1);
    }
    const g2 = group(run.at(30_000), 'billing');
    const rejoin = ofType(run.events, 'consumer.joining').find((e) => e.atMs > 17_000)!;
    expect(rejoin.reason).toBe('cached metadata has changed');
    expect(rejoin.consumer).toBe(g1.leader);
    // At the leader's next metadata refresh: within metadata.max.age.ms (5 s).
    expect(rejoin.atMs - 17_000).toBeGreaterThan(0);
    expect(rejoin.atMs - 17_000).toBeLessThanOrEqual(5_000 + 100);
    expect(g2.generationId).toBe(2);
    ownedOnce(g2, [...ORDERS(2), 'payments-0', 'payments-1', 'payments-2', 'payments-3']);
    expect(counts(g2)).toEqual([3, 3]);
    // The new partitions are read from their start (auto.offset.reset=earliest).
    for (const p of [2, 3]) {
      const o = g2.offsets.find((x) => x.topic === 'payments' && x.partition === p)!;
      expect(o.committed).toBeGreaterThan(0);
    }
  });
});
