/**
 * Replication, one test per Kafka rule (semantics.md §1–§3): followers fetch, the high
 * watermark, the ISR, acks=all, truncation and the loss of acknowledged records.
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { partition, producerStats, sim } from './helpers.ts';
import { buildReport } from '../../src/engine/report.ts';
import { restoreSimulation } from '../../src/engine/simulation.ts';

type Ev<T extends SimEvent['type']> = Extract<SimEvent, { type: T }>;
function of<T extends SimEvent['type']>(events: SimEvent[], type: T): Ev<T>[] {
  return events.filter((e): e is Ev<T> => e.type === type);
}

/** Five brokers (voters 1–3) and `orders-0` on brokers 3, 4, 5: failures keep the quorum. */
function fiveBrokers(topicConfig: Record<string, unknown> = {}, producerConfig = {}): Simulation {
  return sim({
    brokers: 5,
    topics: [{ name: 'orders', replicaAssignment: [[3, 4, 5]], config: topicConfig }],
    producers: [{ id: 'p', topic: 'orders', config: { 'linger.ms': 0, ...producerConfig } }],
  });
}

/**
 * Slows a broker's links step by step: each step delays its heartbeats by less than
 * broker.session.timeout.ms, so the controller does not fence it, while its fetches fall behind.
 */
function rampSlow(s: Simulation, broker: number, toMs: number): void {
  for (let ms = 4000; ms <= toMs; ms += 4000) {
    s.apply({ type: 'broker.slow', broker, extraLatencyMs: ms });
    s.advanceBy(4000);
  }
}

function leos(s: Simulation): number[] {
  return partition(s.state, 'orders', 0).replicaLogs.map((r) => r.log.logEndOffset);
}

describe('followers fetch from the leader (ReplicaFetcherThread)', () => {
  it('every replica ends with the leader log, batch for batch, and the high watermark reaches the LEO (semantics §1)', () => {
    const s = fiveBrokers();
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 5 });
    s.advanceBy(1000);
    const p = partition(s.state, 'orders', 0);
    expect(leos(s)).toEqual([5, 5, 5]);
    const ids = p.replicaLogs.map((r) =>
      r.log.segments.flatMap((seg) => seg.batches.map((b) => b.id)),
    );
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    expect(p.replicaLogs.map((r) => r.highWatermark)).toEqual([5, 5, 5]);
  });

  it('replica fetches are requests on the network, parked at the leader for replica.fetch.wait.max.ms when there is nothing new', () => {
    const s = fiveBrokers();
    s.advanceBy(100);
    const parked = s.state.brokers.find((b) => b.id === 3)!.parkedFetches;
    expect(parked.map((f) => f.payload.kind)).toEqual(['replicaFetch', 'replicaFetch']);
    expect(parked[0]!.expiresAtMs - parked[0]!.receivedAtMs).toBe(500);
  });
});

describe('the high watermark (Partition.maybeIncrementLeaderHW)', () => {
  it('acks=all is answered only once every ISR replica has the records (DelayedProduce, semantics §3)', () => {
    const s = fiveBrokers({}, { acks: 'all' });
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 200 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    s.advanceBy(100);
    expect(producerStats(s.state, 'p').acked).toBe(0);
    s.advanceBy(1500);
    expect(producerStats(s.state, 'p').acked).toBe(1);
    expect(producerStats(s.state, 'p').latency.maxMs).toBeGreaterThan(400);
  });

  it('acks=1 is answered after the leader alone appended (semantics §3)', () => {
    const s = fiveBrokers({}, { acks: 1 });
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 200 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    s.advanceBy(30);
    expect(producerStats(s.state, 'p').acked).toBe(1);
  });

  it('does not advance while the ISR is below min.insync.replicas (KIP-966)', () => {
    const s = fiveBrokers({ 'min.insync.replicas': 2 }, { acks: 1 });
    s.apply({ type: 'broker.crash', broker: 4 });
    s.apply({ type: 'broker.crash', broker: 5 });
    s.advanceBy(12_000); // fenced after broker.session.timeout.ms: the ISR is [3]
    expect(partition(s.state, 'orders', 0).isr).toEqual([3]);
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 3 });
    s.advanceBy(1000);
    const leader = partition(s.state, 'orders', 0).replicaLogs[0]!;
    expect(producerStats(s.state, 'p').acked).toBe(3); // acks=1 has no min-ISR check
    expect(leader.log.logEndOffset).toBe(3);
    expect(leader.highWatermark).toBe(0);
  });
});

describe('the ISR (semantics §2)', () => {
  it('a follower that has not caught up for replica.lag.time.max.ms leaves the ISR, checked every half of it', () => {
    const s = fiveBrokers({}, { acks: 1 });
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 100 });
    rampSlow(s, 5, 20_000);
    const events = s.advanceBy(60_000);
    expect(of(events, 'broker.fenced')).toEqual([]);
    const shrink = of(events, 'partition.isrChanged').find((e) => e.removed.includes(5));
    expect(shrink).toBeDefined();
    // The check runs every replica.lag.time.max.ms / 2 = 15 s, on the broker's own schedule.
    expect(shrink!.atMs % 15_000).toBeLessThan(10);
    expect(shrink!.reason).toMatch(/replica\.lag\.time\.max\.ms/);
    expect(partition(s.state, 'orders', 0).isr).toEqual([3, 4]);
  });

  it('a follower that catches up rejoins the ISR through the controller (Partition.maybeExpandIsr)', () => {
    const s = fiveBrokers({}, { acks: 1 });
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 100 });
    rampSlow(s, 5, 20_000);
    s.advanceBy(60_000);
    expect(partition(s.state, 'orders', 0).isr).toEqual([3, 4]);
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 0 });
    const events = s.advanceBy(60_000);
    const expand = of(events, 'partition.isrChanged').find((e) => e.added.includes(5));
    expect(expand).toBeDefined();
    expect(partition(s.state, 'orders', 0).isr).toEqual([3, 4, 5]);
  });

  it('acks=all is refused with NOT_ENOUGH_REPLICAS before the append when the ISR is too small', () => {
    const s = fiveBrokers(
      { 'min.insync.replicas': 2 },
      { acks: 'all', 'delivery.timeout.ms': 3000, 'request.timeout.ms': 1000 },
    );
    s.apply({ type: 'broker.crash', broker: 4 });
    s.apply({ type: 'broker.crash', broker: 5 });
    s.advanceBy(12_000);
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    const events = s.advanceBy(5000);
    const retries = of(events, 'producer.retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((e) => e.error === 'NOT_ENOUGH_REPLICAS')).toBe(true);
    expect(partition(s.state, 'orders', 0).replicaLogs[0]!.log.logEndOffset).toBe(0);
  });

  it('an acks=all write whose ISR shrinks below min.insync.replicas after the append times out: the HW stops (KIP-966), the data stays in the log', () => {
    const s = fiveBrokers(
      { 'min.insync.replicas': 3 },
      { acks: 'all', 'request.timeout.ms': 20_000, 'delivery.timeout.ms': 25_000, retries: 0 },
    );
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 30_000 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    s.advanceBy(30_000);
    const stats = producerStats(s.state, 'p');
    expect(stats.acked).toBe(0);
    expect(stats.errors['REQUEST_TIMED_OUT']).toBe(1);
    expect(partition(s.state, 'orders', 0).replicaLogs[0]!.log.logEndOffset).toBe(1);
  });
});

describe('leader election by the controller (semantics §4)', () => {
  it('a dead leader is fenced once broker.session.timeout.ms has passed (strictly: BrokerHeartbeatTracker.isExpired) and the first in-sync replica in assignment order leads, with a new epoch', () => {
    const s = fiveBrokers({}, { acks: 'all' });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 3 });
    s.advanceBy(3000);
    const lastHeartbeat = s.state.controller.registrations.find(
      (r) => r.broker === 3,
    )!.lastHeartbeatMs;
    s.apply({ type: 'broker.crash', broker: 3 });
    const events = s.advanceBy(lastHeartbeat + 9000 - s.state.nowMs);
    expect(of(events, 'broker.fenced')).toEqual([]);
    const later = s.advanceBy(2000);
    const fenced = of(later, 'broker.fenced')[0]!;
    expect(fenced.broker).toBe(3);
    expect(fenced.atMs).toBe(lastHeartbeat + 9001);
    const elected = of(later, 'partition.leaderChanged')[0]!;
    expect(elected).toMatchObject({ leader: 4, leaderEpoch: 1, election: 'clean', isr: [4, 5] });
    expect(s.state.durability.lostCount).toBe(0);
  });

  it('turning unclean.leader.election.enable on for an offline partition elects an out-of-sync replica at the next unclean.leader.election.interval.ms check (ReplicationControlManager)', () => {
    const s = sim({
      brokers: 5,
      topics: [{ name: 'orders', replicaAssignment: [[3, 4, 5]] }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 5, config: { 'linger.ms': 0, acks: 1 } }],
    });
    s.advanceTo(1000);
    s.apply({ type: 'broker.crash', broker: 4 });
    s.apply({ type: 'broker.crash', broker: 5 });
    s.advanceTo(20_000);
    s.apply({ type: 'broker.crash', broker: 3 }); // the last in-sync replica
    s.advanceTo(40_000);
    s.apply({ type: 'broker.restart', broker: 4 });
    s.apply({ type: 'broker.restart', broker: 5 });
    s.advanceTo(60_000);
    expect(partition(s.state, 'orders', 0).leader).toBeNull();
    s.apply({
      type: 'topic.setConfig',
      topic: 'orders',
      config: { 'unclean.leader.election.enable': true },
    });
    // The controller's check runs every 300 s from its activation: at 300 s here.
    const before = s.advanceTo(299_999);
    expect(of(before, 'partition.leaderChanged')).toEqual([]);
    const events = s.advanceTo(300_000);
    expect(of(events, 'partition.leaderChanged')[0]).toMatchObject({
      leader: 4,
      election: 'unclean',
      isr: [4],
    });
  });

  it('ListOffsets latest from a new leader whose high watermark is below its epoch start is OFFSET_NOT_AVAILABLE, retried after retry.backoff.ms (Partition.fetchOffsetForTimestamp)', () => {
    const s = sim({
      brokers: 5,
      topics: [{ name: 'orders', replicaAssignment: [[3, 4, 5]] }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, config: { 'linger.ms': 0 } }],
    });
    s.advanceTo(2000);
    // Broker 5 stays in the ISR but is slow, so the new leader's high watermark lags.
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 3000 });
    s.advanceTo(5000);
    s.apply({ type: 'broker.crash', broker: 3 });
    let elected: SimEvent | undefined;
    while (elected === undefined && s.state.nowMs < 30_000)
      elected = s.advanceBy(10).find((e) => e.type === 'partition.leaderChanged');
    const leader = partition(s.state, 'orders', 0).replicaLogs.find((r) => r.brokerId === 4)!;
    expect(leader.highWatermark).toBeLessThan(leader.leaderState!.leaderEpochStartOffset);
    s.apply({ type: 'consumer.add', consumer: 'c', assign: ['orders-0'] });
    const events = s.advanceBy(20_000);
    const c = s.state.consumers[0]!;
    const refused = c.stats.errors['OFFSET_NOT_AVAILABLE'] ?? 0;
    expect(refused).toBeGreaterThan(0);
    const reset = of(events, 'consumer.offsetReset')[0]!;
    // Never a stale offset below the new leader's epoch start; about one try per 100 ms.
    expect(reset.offset).toBeGreaterThanOrEqual(leader.leaderState!.leaderEpochStartOffset);
    expect(refused).toBeLessThanOrEqual((reset.atMs - elected!.atMs) / 100 + 1);
  });

  it('a broker restarted within its session is refused (DUPLICATE_BROKER_REGISTRATION) until the old session expires and it is fenced; then it registers (ClusterControlManager.registerBroker)', () => {
    const s = fiveBrokers({}, { acks: 'all' });
    s.advanceBy(3000);
    s.apply({ type: 'broker.crash', broker: 3 });
    const lastHeartbeat = s.state.controller.registrations.find(
      (r) => r.broker === 3,
    )!.lastHeartbeatMs;
    s.advanceBy(1000);
    s.apply({ type: 'broker.restart', broker: 3 });
    const events = s.advanceBy(lastHeartbeat + 9000 - s.state.nowMs);
    // The old session holds: no fencing, no election, and the new process is not registered.
    expect(of(events, 'broker.fenced')).toEqual([]);
    expect(of(events, 'broker.registered')).toEqual([]);
    expect(of(events, 'partition.leaderChanged')).toEqual([]);
    expect(s.state.brokers.find((b) => b.id === 3)!.metadataOffset).toBe(-1);
    const later = s.advanceBy(6000);
    const fenced = of(later, 'broker.fenced')[0]!;
    expect(fenced).toMatchObject({ broker: 3, atMs: lastHeartbeat + 9001 });
    expect(of(later, 'partition.leaderChanged')[0]).toMatchObject({ leader: 4 });
    const registered = of(later, 'broker.registered')[0]!;
    expect(registered.broker).toBe(3);
    expect(registered.atMs).toBeGreaterThan(fenced.atMs);
    expect(registered.atMs - fenced.atMs).toBeLessThan(5000);
  });

  it('with unclean.leader.election.enable=false a partition whose ISR holds only its dead leader stays offline', () => {
    const s = fiveBrokers({}, { acks: 1 });
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 50 });
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 20_000 });
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 20_000 });
    s.advanceBy(50_000);
    expect(partition(s.state, 'orders', 0).isr).toEqual([3]);
    s.apply({ type: 'broker.crash', broker: 3 });
    const events = s.advanceBy(15_000);
    expect(of(events, 'partition.offline')).toHaveLength(1);
    const p = partition(s.state, 'orders', 0);
    expect(p.leader).toBeNull();
    expect(p.isr).toEqual([3]); // the last ISR member is kept (no ELR)
  });

  it('with unclean.leader.election.enable=true an out-of-sync replica leads, the ISR is set to it, and acknowledged records are lost', () => {
    const s = fiveBrokers({ 'unclean.leader.election.enable': true }, { acks: 1 });
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 50 });
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 20_000 });
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 20_000 });
    s.advanceBy(50_000);
    s.apply({ type: 'broker.crash', broker: 3 });
    const events = s.advanceBy(15_000);
    const elected = of(events, 'partition.leaderChanged')[0]!;
    expect(elected.election).toBe('unclean');
    expect(elected.isr).toEqual([elected.leader]);
    expect(s.state.stats.uncleanLeaderElections).toBe(1);
    expect(s.state.durability.lostCount).toBeGreaterThan(100);
    const lost = s.state.durability.lost[0]!;
    expect(lost).toMatchObject({ topic: 'orders', partition: 0, producer: 'p' });
    expect(lost.reason).toMatch(/unclean election/);
    expect(of(events, 'records.lost').length).toBeGreaterThan(0);
    // Every lost record is counted against its producer and partition, and the producer's
    // report says how many of the records it was told were written are gone.
    const count = s.state.durability.lostCount;
    expect(s.state.durability.lostByProducer).toEqual({ p: count });
    expect(s.state.durability.lostByPartition).toEqual({ 'orders\u00000': count });
    expect(buildReport(s.state).producers[0]!.acknowledgedLost).toBe(count);
  });

  it('acks=1 loses acknowledged records when the leader dies before its followers fetched them', () => {
    const s = fiveBrokers({}, { acks: 1 });
    s.advanceBy(1000);
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 3000 });
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 3000 });
    s.advanceBy(3500); // the followers' fetches now take seconds
    s.apply({ type: 'producer.send', producer: 'p', key: 'lost-key', count: 4 });
    s.advanceBy(200);
    expect(producerStats(s.state, 'p').acked).toBe(4);
    s.apply({ type: 'broker.crash', broker: 3 });
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 0 });
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 0 });
    s.advanceBy(15_000);
    const p = partition(s.state, 'orders', 0);
    expect(p.leader).toBe(4); // a clean election: 4 was still in the ISR
    expect(s.state.durability.lostCount).toBe(4);
    expect(s.state.durability.lostByProducer).toEqual({ p: 4 });
    expect(s.state.durability.lost.map((r) => r.key)).toEqual([
      'lost-key',
      'lost-key',
      'lost-key',
      'lost-key',
    ]);
  });

  it('a snapshot taken before lost records were counted per producer and partition restores and counts them', () => {
    const s = fiveBrokers({ 'unclean.leader.election.enable': true }, { acks: 1 });
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 50 });
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 20_000 });
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 20_000 });
    s.advanceBy(50_000);
    const old = s.snapshot();
    delete old.durability.lostByProducer;
    delete old.durability.lostByPartition;
    const restored = restoreSimulation(old);
    const [, events] = [s, restored].map((sim) => {
      sim.apply({ type: 'broker.crash', broker: 3 });
      return sim.advanceBy(15_000);
    });
    expect(of(events!, 'engine.error')).toEqual([]);
    expect(of(events!, 'records.lost').length).toBeGreaterThan(0);
    expect(restored.state.durability.lostCount).toBe(s.state.durability.lostCount);
    expect(restored.state.durability.lostByProducer).toEqual(s.state.durability.lostByProducer);
  });

  it('acks=all with min.insync.replicas=2 loses nothing when the leader dies', () => {
    const s = fiveBrokers({ 'min.insync.replicas': 2 }, { acks: 'all' });
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 200 });
    s.advanceBy(3000);
    s.apply({ type: 'broker.crash', broker: 3 });
    s.advanceBy(20_000);
    expect(partition(s.state, 'orders', 0).leader).toBe(4);
    expect(s.state.durability.lostCount).toBe(0);
    expect(producerStats(s.state, 'p').acked).toBeGreaterThan(3000);
  });
});

describe('truncation on a leader change (KIP-101, leader epochs)', () => {
  it('a returning leader truncates what it wrote after its followers stopped fetching, to the new leader epoch end offset', () => {
    const s = fiveBrokers({}, { acks: 1 });
    s.advanceBy(1000);
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 3000 });
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 3000 });
    s.advanceBy(3500);
    s.apply({ type: 'producer.send', producer: 'p', key: 'a', count: 4 });
    s.advanceBy(200);
    s.apply({ type: 'broker.crash', broker: 3 });
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 0 });
    s.apply({ type: 'broker.slow', broker: 5, extraLatencyMs: 0 });
    s.advanceBy(15_000);
    s.apply({ type: 'producer.send', producer: 'p', key: 'b', count: 2 });
    s.advanceBy(2000);
    s.apply({ type: 'broker.restart', broker: 3 });
    const events = s.advanceBy(5000);
    const truncated = of(events, 'replica.truncated').find((e) => e.broker === 3)!;
    expect(truncated).toMatchObject({ fromOffset: 4, toOffset: 0, records: 4 });
    expect(leos(s)).toEqual([2, 2, 2]);
  });
});

describe('a network partition (broker.isolate)', () => {
  it('a leader cut off from the controller keeps accepting acks=1 writes until clients learn better; after healing it truncates them', () => {
    const s = fiveBrokers({}, { acks: 1, 'metadata.max.age.ms': 60_000 });
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 20 });
    s.advanceBy(2000);
    s.apply({ type: 'broker.isolate', broker: 3 });
    const during = s.advanceBy(12_000);
    expect(of(during, 'broker.fenced')[0]!.broker).toBe(3);
    expect(of(during, 'partition.leaderChanged')[0]!.leader).toBe(4);
    // The old leader still took writes (stale: nobody replicates them).
    const old = partition(s.state, 'orders', 0).replicaLogs[0]!;
    expect(old.log.logEndOffset).toBeGreaterThan(100);
    s.apply({ type: 'broker.heal', broker: 3 });
    const after = s.advanceBy(10_000);
    expect(of(after, 'replica.truncated').some((e) => e.broker === 3)).toBe(true);
    expect(s.state.durability.lostCount).toBeGreaterThan(0);
    expect(s.state.durability.lost[0]!.reason).toMatch(/election|truncated|replaced/);
  });

  it('with acks=all the cut-off leader acknowledges nothing: its followers stop fetching, its high watermark stays, the requests time out (request.timeout.ms) and are retried on the new leader, and nothing acknowledged is lost', () => {
    const s = fiveBrokers({}, { acks: 'all', 'metadata.max.age.ms': 60_000 });
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 20 });
    s.advanceBy(2000);
    s.apply({ type: 'broker.isolate', broker: 3 });
    const old = partition(s.state, 'orders', 0).replicaLogs[0]!;
    const hw = old.highWatermark;
    const during = s.advanceBy(40_000);
    expect(of(during, 'partition.leaderChanged')[0]!.leader).toBe(4);
    // It appended the requests in flight (at most max.in.flight.requests.per.connection), but
    // never counted them committed: no follower fetched them.
    expect(old.log.logEndOffset).toBeGreaterThan(hw);
    expect(old.highWatermark).toBe(hw);
    const timedOut = of(during, 'producer.retry').filter((e) => e.error === 'REQUEST_TIMED_OUT');
    expect(timedOut.length).toBeGreaterThan(0);
    expect(timedOut.every((e) => e.atMs >= 2000 + 30_000)).toBe(true);
    s.apply({ type: 'broker.heal', broker: 3 });
    s.advanceBy(10_000);
    expect(s.state.durability.lostCount).toBe(0);
    expect(producerStats(s.state, 'p').failed).toBe(0);
  });
});

describe('restart and preferred leader election (auto.leader.rebalance.enable)', () => {
  it('a restarted broker registers, is unfenced, catches up, rejoins the ISR, and gets leadership back', () => {
    const s = sim({
      brokers: 5,
      brokerConfig: { 'leader.imbalance.check.interval.seconds': 20 },
      topics: [{ name: 'orders', replicaAssignment: [[3, 4, 5]] }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 50 }],
    });
    s.advanceBy(1000);
    s.apply({ type: 'broker.crash', broker: 3 });
    s.advanceBy(15_000);
    expect(partition(s.state, 'orders', 0).leader).toBe(4);
    s.apply({ type: 'broker.restart', broker: 3 });
    const events = s.advanceBy(30_000);
    expect(of(events, 'broker.registered')[0]!.broker).toBe(3);
    expect(of(events, 'broker.unfenced')[0]!.broker).toBe(3);
    expect(of(events, 'partition.isrChanged').some((e) => e.added.includes(3))).toBe(true);
    const preferred = of(events, 'partition.leaderChanged').find((e) => e.election === 'preferred');
    expect(preferred).toMatchObject({ leader: 3 });
    expect(s.state.durability.lostCount).toBe(0);
  });

  it('the preferred election comes leader.imbalance.check.interval.seconds after the imbalance began, not on a fixed grid (QuorumController.maybeScheduleNextBalancePartitionLeaders)', () => {
    const s = sim({
      brokers: 5,
      topics: [{ name: 'orders', replicaAssignment: [[3, 4, 5]] }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 50 }],
    });
    s.advanceTo(250_000);
    s.apply({ type: 'broker.crash', broker: 3 });
    let events = s.advanceTo(270_000);
    const failover = of(events, 'partition.leaderChanged')[0]!;
    expect(failover).toMatchObject({ leader: 4, election: 'clean' });
    s.apply({ type: 'broker.restart', broker: 3 });
    events = s.advanceTo(700_000);
    const preferred = of(events, 'partition.leaderChanged').find(
      (e) => e.election === 'preferred',
    )!;
    expect(preferred).toMatchObject({ leader: 3 });
    // 300 s (the default) after the imbalance began: not at the 300 s or 600 s marks.
    expect(preferred.atMs).toBe(failover.atMs + 300_000);
  });
});

describe('retries with and without idempotence (KIP-98)', () => {
  /** The first attempt's response comes after request.timeout.ms; the retry is fast. */
  function retried(idempotence: boolean): Simulation {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          config: {
            acks: idempotence ? 'all' : 1,
            'enable.idempotence': idempotence,
            'linger.ms': 0,
            'request.timeout.ms': 150,
            'delivery.timeout.ms': 5000,
          },
        },
      ],
    });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 100 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 3 });
    s.advanceBy(200);
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 0 });
    s.advanceBy(3000);
    return s;
  }

  it('without idempotence, a retry after a lost response writes the records twice', () => {
    const s = retried(false);
    const stats = producerStats(s.state, 'p');
    expect(stats.retries).toBe(3);
    expect(stats.duplicateRecords).toBe(3);
    expect(partition(s.state, 'orders', 0).replicaLogs[0]!.log.logEndOffset).toBe(6);
  });

  it('with idempotence, the broker recognises the retried batch by producer id and sequence and writes it once', () => {
    const s = retried(true);
    const stats = producerStats(s.state, 'p');
    expect(stats.retries).toBe(3);
    expect(stats.duplicateRecords).toBe(0);
    expect(stats.acked).toBe(3);
    expect(partition(s.state, 'orders', 0).replicaLogs[0]!.log.logEndOffset).toBe(3);
  });
});

describe('client metadata (Metadata, NOT_LEADER_OR_FOLLOWER)', () => {
  it('a producer told NOT_LEADER_OR_FOLLOWER refreshes its metadata and sends to the new leader', () => {
    const s = fiveBrokers({}, { acks: 'all' });
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 100 });
    s.advanceBy(2000);
    s.apply({ type: 'broker.isolate', broker: 3 });
    s.advanceBy(20_000);
    s.apply({ type: 'broker.heal', broker: 3 });
    s.advanceBy(10_000);
    const producer = s.state.producers[0]!;
    expect(producer.metadata.topics['orders']![0]!.leader).toBe(4);
    const acked = producerStats(s.state, 'p').acked;
    s.advanceBy(2000);
    expect(producerStats(s.state, 'p').acked).toBeGreaterThan(acked + 150);
  });

  it('brokers learn a leader change from the controller one network hop later', () => {
    const s = fiveBrokers();
    s.apply({ type: 'broker.crash', broker: 3 });
    let atFence = -1;
    for (let t = 0; t < 12_000 && atFence < 0; t++) {
      if (s.advanceBy(1).some((e) => e.type === 'partition.leaderChanged')) atFence = s.state.nowMs;
    }
    const controllerOffset = s.state.controller.metadataOffset;
    const b4 = s.state.brokers.find((b) => b.id === 4)!;
    expect(b4.metadataOffset).toBeLessThan(controllerOffset);
    s.advanceBy(10);
    expect(b4.metadataOffset).toBe(controllerOffset);
  });
});

describe('the controller quorum (KRaft)', () => {
  it('when the active controller dies another voter takes over after controller.quorum.fetch.timeout.ms plus a random election timeout', () => {
    const s = sim({ brokers: 3 });
    expect(s.state.controller.active).toBe(1);
    const crashed = s.apply({ type: 'broker.crash', broker: 1 });
    expect(of(crashed, 'controller.lost')).toHaveLength(1);
    const events = s.advanceBy(4000);
    const elected = of(events, 'controller.elected')[0]!;
    expect([2, 3]).toContain(elected.broker);
    expect(elected.atMs).toBeGreaterThan(2000);
    expect(elected.atMs).toBeLessThanOrEqual(3001);
    expect(elected.epoch).toBe(2);
  });

  it('without a majority of voters nothing is elected, and the outage says why', () => {
    const s = sim({
      brokers: 3,
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
    });
    s.apply({ type: 'broker.crash', broker: 2 });
    s.apply({ type: 'broker.crash', broker: 1 });
    const events = s.advanceBy(30_000);
    expect(of(events, 'controller.noQuorum')).toHaveLength(1);
    expect(of(events, 'controller.elected')).toEqual([]);
    expect(of(events, 'broker.fenced')).toEqual([]);
    expect(s.state.controller.outage).toMatch(/1 of 3 controller voters/);
    const created = s.apply({
      type: 'topic.create',
      name: 'x',
      partitions: 1,
      replicationFactor: 1,
    });
    expect(created.some((e) => e.type === 'command.rejected')).toBe(true);
  });
});
