/**
 * The replica tiles' data (views.ts): the controller's view of each replica, and the broker's
 * own when the two disagree, as with a leader cut off from the controller (a zombie leader).
 */
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/engine/simulation.ts';
import {
  brokerView,
  LAGGING_AFTER_MS,
  producerView,
  WAITING_AFTER_MS,
  type ReplicaView,
} from '../../src/ui/canvas/views.ts';
import {
  isrText,
  laggingInIsrMark,
  replicaTitle,
  staleLeaderMark,
  underMinIsr,
  underMinIsrMark,
} from '../../src/ui/canvas/nodes/replicaText.ts';
import { startShipped } from './shipped.ts';

function tile(sim: Simulation, broker: number, key: string): ReplicaView {
  const b = sim.state.brokers.find((x) => x.id === broker)!;
  const r = brokerView(sim.state, b).replicas.find((x) => x.key === key);
  if (!r) throw new Error(`no tile ${key} on broker ${broker}`);
  return r;
}

describe('replica tiles: a leader cut off from the controller (network-partition)', () => {
  it('before the partition, the leader is simply the leader', () => {
    const sim = startShipped('network-partition');
    sim.advanceTo(4_000);
    expect(tile(sim, 3, 'orders-0')).toMatchObject({ role: 'leader', staleLeaderEpoch: null });
  });

  it('after the election, broker 3 still acts as leader in its old epoch and takes writes', () => {
    const sim = startShipped('network-partition');
    sim.advanceTo(20_000);
    const zombie = tile(sim, 3, 'orders-0');
    const leader = tile(sim, 4, 'orders-0');
    // The controller's view: broker 4 leads in a newer epoch, broker 3 is out of the ISR.
    expect(leader).toMatchObject({ role: 'leader', staleLeaderEpoch: null });
    expect(zombie.role).toBe('outOfSync');
    expect(zombie.controllerLeader).toBe(4);
    // The broker's own view: it leads in the epoch before.
    expect(zombie.staleLeaderEpoch).toBe(0);
    expect(zombie.leaderEpoch).toBeGreaterThan(0);
    // Its stale writes: its log grew past the new leader's since the partition.
    const before = zombie.logEndOffset;
    sim.advanceTo(25_000);
    expect(tile(sim, 3, 'orders-0').logEndOffset).toBeGreaterThan(before);
    expect(tile(sim, 3, 'orders-0').logEndOffset).toBeGreaterThan(
      tile(sim, 4, 'orders-0').logEndOffset,
    );
  });

  it('once healed it hears of the new leader, truncates, and is a follower again', () => {
    const sim = startShipped('network-partition');
    sim.advanceTo(40_000);
    expect(tile(sim, 3, 'orders-0').staleLeaderEpoch).toBeNull();
  });
});

describe('replica tiles: a crashed broker', () => {
  it('is not a zombie: it takes no writes, and its tiles keep the controller’s view', () => {
    const sim = startShipped('hello');
    sim.advanceTo(2_000);
    const led = sim.state.topics[0]!.partitions.find((p) => p.leader === 2)!;
    sim.apply({ type: 'broker.crash', broker: 2 });
    sim.advanceBy(100);
    const r = tile(sim, 2, `orders-${led.partition}`);
    // Until the controller fences it (broker.session.timeout.ms) it still leads, for the controller.
    expect(r).toMatchObject({ role: 'leader', staleLeaderEpoch: null });
  });
});

describe('replica tiles: a follower in the ISR but behind (replica.lag.time.max.ms)', () => {
  it('says how far behind it is while it stays in the ISR, and why it is still there', () => {
    // acks1-data-loss: from 10 s brokers 4 and 5 answer 3 s late; broker 3 crashes at 16 s.
    const sim = startShipped('acks1-data-loss');
    sim.advanceTo(15_900);
    const leader = tile(sim, 3, 'orders-0');
    for (const broker of [4, 5]) {
      const r = tile(sim, broker, 'orders-0');
      // In the ISR (Partition.isFollowerOutOfSync: not caught up for less than 30 s) …
      expect(r.role).toBe('follower');
      expect(r.notCaughtUpMs).toBeGreaterThanOrEqual(LAGGING_AFTER_MS);
      expect(r.notCaughtUpMs).toBeLessThan(r.lagTimeMaxMs);
      // … yet missing records the leader has acknowledged (acks=1).
      expect(r.behind).toBe(leader.logEndOffset - r.logEndOffset);
      expect(r.behind).toBeGreaterThan(100);
      expect(laggingInIsrMark(r)).toBe(`in ISR · ${r.behind} behind`);
      expect(replicaTitle(r, broker, false)).toContain('replica.lag.time.max.ms (30.0 s)');
    }
    // The high watermark waits for them: what they lack is not readable yet.
    expect(leader.highWatermark).toBeLessThan(leader.logEndOffset);
  });

  it('a follower that keeps up is simply in sync', () => {
    const sim = startShipped('acks1-data-loss');
    sim.advanceTo(9_000);
    for (const broker of [4, 5]) {
      const r = tile(sim, broker, 'orders-0');
      expect(r.notCaughtUpMs).toBeNull();
      expect(laggingInIsrMark(r)).toBeNull();
    }
  });
});

describe('replica tiles: their words', () => {
  const base: ReplicaView = {
    key: 'orders-0',
    topic: 'orders',
    partition: 0,
    role: 'leader',
    logStartOffset: 0,
    logEndOffset: 10,
    highWatermark: 10,
    isr: [1, 2, 3],
    elr: [],
    minIsr: 1,
    eligible: false,
    replicating: true,
    staleLeaderEpoch: null,
    reassignment: null,
    controllerLeader: 1,
    leaderEpoch: 0,
    behind: 0,
    notCaughtUpMs: null,
    lagTimeMaxMs: 30_000,
  };

  it('lists an ISR of up to five members, and counts a larger one (listed in the tooltip)', () => {
    expect(isrText([1, 2, 3])).toBe('ISR [1, 2, 3]');
    expect(isrText([1, 2, 3, 4, 5])).toBe('ISR [1, 2, 3, 4, 5]');
    expect(isrText([1, 2, 3, 4, 5, 6, 7])).toBe('ISR [7 brokers]');
    const wide = { ...base, isr: [1, 2, 3, 4, 5, 6, 7], elr: [8] };
    expect(replicaTitle(wide, 1, false)).toMatch(/^ISR \[1, 2, 3, 4, 5, 6, 7\] · ELR \[8\]\. /);
  });

  it('a zombie leader’s tooltip names the new leader and what its acknowledged writes cost', () => {
    const zombie = {
      ...base,
      role: 'outOfSync' as const,
      staleLeaderEpoch: 0,
      controllerLeader: 4,
      leaderEpoch: 1,
    };
    expect(staleLeaderMark(0)).toBe('thinks it leads · epoch 0');
    const title = replicaTitle(zombie, 3, false);
    expect(title).toMatch(/^Broker 3 still acts as leader of orders-0 in epoch 0/);
    expect(title).toContain('the controller elected broker 4 (epoch 1)');
    expect(title).toContain('will be lost');
    // acks=all: nothing is acknowledged (tests/engine/replication.test.ts, broker.isolate).
    expect(title).toContain('With acks=all it acknowledges nothing');
    expect(replicaTitle({ ...zombie, controllerLeader: null }, 3, false)).toContain(
      'the controller has no leader for it now',
    );
  });

  it('a leader whose ISR is below min.insync.replicas says so, and that acks=all writes are refused', () => {
    expect(underMinIsr(base)).toBe(false);
    const short = { ...base, isr: [1], minIsr: 2 };
    expect(underMinIsr(short)).toBe(true);
    expect(underMinIsrMark(short)).toBe('< min 2');
    expect(replicaTitle(short, 1, false)).toContain(
      'The ISR is below min.insync.replicas (2): acks=all writes are refused with NOT_ENOUGH_REPLICAS',
    );
    // Only the leader's tile carries it (followers say in sync or out of sync).
    expect(underMinIsr({ ...short, role: 'follower' })).toBe(false);
  });

  it('a crashed broker’s tiles say that their role is the controller’s view', () => {
    expect(replicaTitle(base, 2, true)).toMatch(
      /^Broker 2 is down\. The role shown is the controller's view/,
    );
    expect(replicaTitle(base, 2, false)).not.toContain("controller's view");
  });
});

describe('broker card: the countdown to fencing (broker.session.timeout.ms)', () => {
  const view = (sim: Simulation, id: number) =>
    brokerView(
      sim.state,
      sim.state.brokers.find((b) => b.id === id)!,
    );

  it('a crashed broker says in how many seconds the controller fences it, then nothing', () => {
    const sim = startShipped('hello');
    sim.advanceTo(2_000);
    expect(view(sim, 2).fencedInS).toBeNull();
    sim.apply({ type: 'broker.crash', broker: 2 });
    sim.advanceBy(1);
    // Its last heartbeat was at most broker.heartbeat.interval.ms (2 s) ago; 9 s session.
    const first = view(sim, 2).fencedInS!;
    expect(first).toBeGreaterThanOrEqual(7);
    expect(first).toBeLessThanOrEqual(9);
    sim.advanceBy(3_000);
    expect(view(sim, 2).fencedInS).toBe(first - 3);
    sim.advanceBy(7_000);
    expect(view(sim, 2)).toMatchObject({ fenced: true, fencedInS: null });
  });

  it('no countdown while there is no active controller to count', () => {
    const sim = startShipped('hello');
    sim.advanceTo(2_000);
    const active = sim.state.controller.active!;
    sim.apply({ type: 'broker.crash', broker: active });
    sim.advanceBy(1);
    expect(sim.state.controller.active).toBeNull();
    expect(view(sim, active).fencedInS).toBeNull();
  });
});

describe('producer card: a produce request without an answer (request.timeout.ms)', () => {
  it('says it waits, on which broker and for how long, when a broker slows down; not in normal running', () => {
    const sim = startShipped('hello');
    sim.advanceTo(3_000);
    const producer = () => producerView(sim.state, sim.state.producers[0]!);
    expect(producer().waiting).toBeNull();
    // Broker 2 slows down: requests to it wait, and with acks=all so do requests to leaders
    // whose in-sync follower it is.
    sim.apply({ type: 'broker.slow', broker: 2, extraLatencyMs: 5_000 });
    sim.advanceBy(2_500);
    const w = producer().waiting!;
    expect(w.forMs).toBeGreaterThanOrEqual(WAITING_AFTER_MS);
    expect(w.forMs % 100).toBe(0);
    expect(w.timeoutMs).toBe(30_000);
  });

  it('a crashed broker closes its connections (retried at once); acks=all waits on the leaders while it is still in their ISR', () => {
    const sim = startShipped('hello');
    sim.advanceTo(3_000);
    sim.apply({ type: 'broker.crash', broker: 2 });
    sim.advanceBy(3_000);
    const w = producerView(sim.state, sim.state.producers[0]!).waiting;
    // Nothing is in flight to the dead broker; a live leader holds the requests until the
    // controller fences broker 2 and the ISR shrinks (broker.session.timeout.ms).
    expect(w?.broker).not.toBe(2);
    expect(w).not.toBeNull();
  });
});

describe('producer card: writes refused and retried (acks=all below min.insync.replicas)', () => {
  it('names the error the records wait on while they are retried, and clears when writes resume', () => {
    const sim = startShipped('durability-boundary');
    const producer = () => producerView(sim.state, sim.state.producers[0]!);
    sim.advanceTo(20_000);
    // One broker down: the ISR still meets min.insync.replicas=2, nothing is refused.
    expect(producer().retrying).toBeNull();
    // Two down: the leader refuses appends with NOT_ENOUGH_REPLICAS (retriable), and the
    // records wait in the accumulator until delivery.timeout.ms; none has failed yet.
    sim.advanceTo(70_000);
    const r = producer().retrying!;
    expect(r.error).toBe('NOT_ENOUGH_REPLICAS');
    expect(r.records).toBeGreaterThan(0);
    expect(r.records).toBeLessThanOrEqual(producer().pending);
    expect(producer().failed).toBe(0);
    // A broker returns at 80 s and rejoins the ISR: the retries succeed.
    sim.advanceTo(110_000);
    expect(producer().retrying).toBeNull();
  });

  it('counts a retried batch while it is sent again, not only while it waits for its backoff', () => {
    const sim = startShipped('durability-boundary');
    const p = () => sim.state.producers[0]!;
    sim.advanceTo(60_000);
    let resent = 0;
    for (let t = 60_000; t < 75_000 && resent === 0; t += 5) {
      sim.advanceTo(t);
      for (const r of p().inFlight)
        for (const b of r.batches) if (b.attempts > 1) resent += b.recordCount;
    }
    expect(resent).toBeGreaterThan(0);
    let waiting = 0;
    for (const deques of Object.values(p().accumulator))
      for (const deque of deques)
        for (const b of deque) if (b.attempts > 0) waiting += b.recordCount;
    expect(producerView(sim.state, p()).retrying).toEqual({
      records: resent + waiting,
      error: 'NOT_ENOUGH_REPLICAS',
    });
  });
});
