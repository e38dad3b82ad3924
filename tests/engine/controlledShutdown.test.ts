/**
 * `broker.shutdown`: a graceful stop as Kafka's KRaft brokers do it (controlled.shutdown.enable,
 * BrokerLifecycleManager.beginControlledShutdown, BrokerHeartbeatManager.calculateNextBrokerState,
 * ReplicationControlManager.handleBrokerInControlledShutdown), against a crash.
 */
import { describe, expect, it } from 'vitest';
import { CONTROLLED_SHUTDOWN_WAIT_MS } from '../../src/engine/brokers.ts';
import type { SimEvent } from '../../src/engine/events.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { partition, producerStats, rejections, sim } from './helpers.ts';

type Ev<T extends SimEvent['type']> = Extract<SimEvent, { type: T }>;
function of<T extends SimEvent['type']>(events: SimEvent[], type: T): Ev<T>[] {
  return events.filter((e): e is Ev<T> => e.type === type);
}

/** Five brokers (voters 1–3), `orders-0` led by broker 3 with followers 4 and 5, acks=all. */
function fiveBrokers(brokerConfig: Record<string, unknown> = {}): Simulation {
  return sim({
    brokers: 5,
    brokerConfig,
    topics: [
      {
        name: 'orders',
        replicaAssignment: [[3, 4, 5]],
        config: { 'min.insync.replicas': 2 },
      },
    ],
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, config: { acks: 'all' } }],
  });
}

/** The longest time, from `fromMs`, between two acknowledgements of producer `p`. */
function longestAckGap(s: Simulation, fromMs: number, untilMs: number): number {
  let last = fromMs;
  let acked = producerStats(s.state, 'p').acked;
  let gap = 0;
  for (let t = fromMs + 10; t <= untilMs; t += 10) {
    s.advanceTo(t);
    const now = producerStats(s.state, 'p').acked;
    if (now > acked) {
      gap = Math.max(gap, t - last);
      last = t;
      acked = now;
    }
  }
  return Math.max(gap, untilMs - last);
}

describe('controlled shutdown (controlled.shutdown.enable=true, KRaft)', () => {
  it('moves the broker out of every ISR and its leaderships away first, then lets it stop once every active broker has the new leaders (controlledShutdownOffset ≤ lowestActiveOffset)', () => {
    const s = fiveBrokers();
    s.advanceBy(3000);
    const requested = of(
      s.apply({ type: 'broker.shutdown', broker: 3 }),
      'broker.shutdownRequested',
    );
    expect(requested).toEqual([{ atMs: 3000, type: 'broker.shutdownRequested', broker: 3 }]);
    const events = s.advanceBy(10_000);
    const entered = of(events, 'broker.controlledShutdown')[0]!;
    const stopped = of(events, 'broker.stopped')[0]!;
    expect(entered).toMatchObject({ broker: 3, controller: 1, leads: 1 });
    // New leader: the first in-sync replica in assignment order, the ISR without broker 3.
    const moved = of(events, 'partition.leaderChanged')[0]!;
    expect(moved).toMatchObject({ leader: 4, isr: [4, 5], election: 'clean' });
    expect(moved.atMs).toBe(entered.atMs);
    expect(stopped).toMatchObject({ broker: 3, graceful: true });
    // It stops only after the others reported the change in a heartbeat (every 2 s).
    expect(stopped.atMs).toBeGreaterThan(entered.atMs);
    expect(stopped.atMs - entered.atMs).toBeLessThanOrEqual(2 * 2000 + 100);
    const fenced = of(events, 'broker.fenced')[0]!;
    expect(fenced).toMatchObject({ broker: 3, shutdown: true });
    expect(fenced.atMs).toBeLessThanOrEqual(stopped.atMs);
    expect(s.state.brokers.find((b) => b.id === 3)!.alive).toBe(false);
    expect(s.state.durability.lostCount).toBe(0);
  });

  it('keeps writes flowing: acks=all pauses far less than after a crash, which waits for broker.session.timeout.ms', () => {
    const graceful = fiveBrokers();
    graceful.advanceBy(3000);
    graceful.apply({ type: 'broker.shutdown', broker: 3 });
    const gracefulGap = longestAckGap(graceful, 3000, 20_000);

    const crashed = fiveBrokers();
    crashed.advanceBy(3000);
    crashed.apply({ type: 'broker.crash', broker: 3 });
    const crashGap = longestAckGap(crashed, 3000, 20_000);

    expect(gracefulGap).toBeLessThan(1000);
    expect(crashGap).toBeGreaterThan(7000);
    expect(graceful.state.durability.lostCount).toBe(0);
    expect(producerStats(graceful.state, 'p').failed).toBe(0);
  });

  it('a broker that leads nothing may stop at once (SHUTDOWN_NOW): it is fenced and leaves the ISRs', () => {
    const s = fiveBrokers();
    s.advanceBy(3000);
    s.apply({ type: 'broker.shutdown', broker: 5 });
    const events = s.advanceBy(1000);
    expect(of(events, 'broker.controlledShutdown')).toEqual([]);
    expect(of(events, 'broker.stopped')[0]).toMatchObject({ broker: 5, graceful: true });
    expect(partition(s.state, 'orders', 0).isr).toEqual([3, 4]);
    expect(partition(s.state, 'orders', 0).leader).toBe(3);
  });

  it('a broker in controlled shutdown does not rejoin an ISR nor lead again (ClusterControlManager.isActive)', () => {
    const s = fiveBrokers({ 'leader.imbalance.check.interval.seconds': 1 });
    s.advanceBy(3000);
    s.apply({ type: 'broker.shutdown', broker: 3 });
    s.advanceBy(60); // its first heartbeat reached the controller: it is in controlled shutdown
    expect(s.state.controller.registrations.find((r) => r.broker === 3)!.inControlledShutdown).toBe(
      true,
    );
    // Until it stops it still runs and follows broker 4, catching up; yet it neither rejoins
    // the ISR nor, as the preferred replica, gets the leadership back.
    const events = s.advanceBy(1500);
    expect(s.state.brokers.find((b) => b.id === 3)!.alive).toBe(true);
    expect(of(events, 'partition.isrChanged').filter((e) => e.added.includes(3))).toEqual([]);
    expect(of(events, 'partition.leaderChanged').filter((e) => e.leader === 3)).toEqual([]);
  });

  it('a cleanly stopped broker restarts without an unclean-shutdown fence, and takes its leadership back', () => {
    const s = fiveBrokers({ 'leader.imbalance.check.interval.seconds': 5 });
    s.advanceBy(3000);
    s.apply({ type: 'broker.shutdown', broker: 3 });
    s.advanceBy(10_000);
    s.apply({ type: 'broker.restart', broker: 3 });
    const events = s.advanceBy(20_000);
    expect(of(events, 'broker.fenced')).toEqual([]);
    expect(of(events, 'broker.registered')[0]!.broker).toBe(3);
    expect(of(events, 'broker.unfenced')[0]!.broker).toBe(3);
    expect(of(events, 'partition.leaderChanged').at(-1)).toMatchObject({
      leader: 3,
      election: 'preferred',
    });
    expect(s.state.durability.lostCount).toBe(0);
  });

  it('an active controller that shuts down resigns (EndQuorumEpoch, KIP-595): another voter leads at once, not after controller.quorum.fetch.timeout.ms', () => {
    const graceful = fiveBrokers();
    graceful.advanceBy(3000);
    expect(graceful.state.controller.active).toBe(1);
    graceful.apply({ type: 'broker.shutdown', broker: 1 });
    const events = graceful.advanceBy(100);
    const stopped = of(events, 'broker.stopped')[0]!;
    const lost = of(events, 'controller.lost')[0]!;
    const elected = of(events, 'controller.elected')[0]!;
    expect(stopped).toMatchObject({ broker: 1, graceful: true });
    expect(lost.reason).toMatch(/resigned \(EndQuorumEpoch\)/);
    expect(elected.atMs - stopped.atMs).toBe(1);
    expect([2, 3]).toContain(elected.broker);

    const crashed = fiveBrokers();
    crashed.advanceBy(3000);
    crashed.apply({ type: 'broker.crash', broker: 1 });
    const later = of(crashed.advanceBy(5000), 'controller.elected')[0]!;
    expect(later.atMs - 3000).toBeGreaterThan(2000);
  });

  it('without an active controller the broker waits, then stops anyway after 5 minutes (BrokerServer.shutdown)', () => {
    const s = fiveBrokers();
    s.advanceBy(3000);
    s.apply({ type: 'broker.crash', broker: 2 });
    s.apply({ type: 'broker.crash', broker: 1 });
    s.advanceBy(5000);
    expect(s.state.controller.active).toBeNull();
    s.apply({ type: 'broker.shutdown', broker: 3 });
    const waiting = s.advanceBy(CONTROLLED_SHUTDOWN_WAIT_MS - 1);
    expect(of(waiting, 'broker.stopped')).toEqual([]);
    const events = s.advanceBy(1);
    expect(of(events, 'broker.stopped')[0]).toMatchObject({ broker: 3, graceful: false });
  });

  it('with controlled.shutdown.enable=false the broker stops at once, and its partitions wait for broker.session.timeout.ms', () => {
    const s = fiveBrokers({ 'controlled.shutdown.enable': false });
    s.advanceBy(3000);
    const now = s.apply({ type: 'broker.shutdown', broker: 3 });
    expect(of(now, 'broker.stopped')[0]).toMatchObject({ broker: 3, graceful: false });
    const events = s.advanceBy(12_000);
    const fenced = of(events, 'broker.fenced')[0]!;
    expect(fenced.atMs).toBeGreaterThan(3000 + 6000);
    expect(partition(s.state, 'orders', 0).leader).toBe(4);
  });

  it('refuses to shut down a broker that is down or already shutting down, and the run goes on', () => {
    const s = fiveBrokers();
    s.advanceBy(1000);
    s.apply({ type: 'broker.shutdown', broker: 3 });
    expect(rejections(s.apply({ type: 'broker.shutdown', broker: 3 }))[0]!.reason).toMatch(
      /already shutting down/,
    );
    s.advanceBy(10_000);
    expect(rejections(s.apply({ type: 'broker.shutdown', broker: 3 }))[0]!.reason).toMatch(
      /already down/,
    );
    expect(rejections(s.apply({ type: 'broker.shutdown', broker: 9 }))[0]!.reason).toMatch(
      /does not exist/,
    );
    const before = producerStats(s.state, 'p').acked;
    s.advanceBy(2000);
    expect(producerStats(s.state, 'p').acked).toBeGreaterThan(before);
  });
});
