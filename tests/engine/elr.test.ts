/**
 * Eligible leader replicas (KIP-966 part 1, eligible.leader.replicas.version=1): the controller
 * keeps the replicas that left the ISR while it was below min.insync.replicas
 * (PartitionChangeBuilder.maybePopulateTargetElr), may empty the ISR, elects an ELR member when
 * the ISR is empty (isValidNewLeader, tryElection), and drops a replica back from an unclean
 * shutdown (ReplicationControlManager.handleBrokerUncleanShutdown, previousBrokerEpoch).
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { buildReport } from '../../src/engine/report.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { partition, sim } from './helpers.ts';

type Ev<T extends SimEvent['type']> = Extract<SimEvent, { type: T }>;
function of<T extends SimEvent['type']>(events: SimEvent[], type: T): Ev<T>[] {
  return events.filter((e): e is Ev<T> => e.type === type);
}

/** Five brokers (voters 1–3); `orders-0` on brokers 3, 4, 5, min.insync.replicas=2, acks=all. */
function fiveBrokers(
  elr: boolean,
  topicConfig: Record<string, unknown> = {},
  brokerConfig: Record<string, unknown> = {},
): Simulation {
  return sim({
    brokers: 5,
    brokerConfig: { 'eligible.leader.replicas.version': elr ? 1 : 0, ...brokerConfig },
    topics: [
      {
        name: 'orders',
        replicaAssignment: [[3, 4, 5]],
        config: { 'min.insync.replicas': 2, ...topicConfig },
      },
    ],
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, config: { acks: 'all' } }],
  });
}

/** Shuts brokers 5, 4 and then 3 (the leader) down gracefully, 10 s apart. */
function shutDownAll(s: Simulation): SimEvent[] {
  const events: SimEvent[] = [];
  s.advanceTo(3000);
  for (const broker of [5, 4, 3]) {
    events.push(...s.apply({ type: 'broker.shutdown', broker }));
    events.push(...s.advanceBy(10_000));
  }
  return events;
}

function orders(s: Simulation) {
  const p = partition(s.state, 'orders', 0);
  return { leader: p.leader, isr: p.isr, elr: p.elr };
}

describe('eligible leader replicas (KIP-966)', () => {
  it('replicas that leave the ISR below min.insync.replicas become eligible; the ISR may empty; a returning ELR member leads cleanly, and nothing acknowledged is lost', () => {
    const s = fiveBrokers(true);
    s.advanceTo(3000);
    s.apply({ type: 'broker.shutdown', broker: 5 });
    s.advanceBy(10_000);
    // ISR [3, 4] is still at min.insync.replicas: nobody is eligible outside it.
    expect(orders(s)).toEqual({ leader: 3, isr: [3, 4], elr: [] });
    s.apply({ type: 'broker.shutdown', broker: 4 });
    s.advanceBy(10_000);
    expect(orders(s)).toEqual({ leader: 3, isr: [3], elr: [4] });
    s.apply({ type: 'broker.shutdown', broker: 3 });
    const offline = s.advanceBy(10_000);
    expect(orders(s)).toEqual({ leader: null, isr: [], elr: [3, 4] });
    expect(of(offline, 'partition.elrChanged').at(-1)).toMatchObject({ elr: [3, 4], added: [3] });

    s.apply({ type: 'broker.restart', broker: 4 });
    const back = s.advanceBy(10_000);
    expect(orders(s)).toEqual({ leader: 4, isr: [4], elr: [3] });
    const elected = of(back, 'partition.leaderChanged')[0]!;
    expect(elected).toMatchObject({ leader: 4, election: 'clean', isr: [4] });
    expect(elected.reason).toMatch(/eligible leader replica/);
    // Alone in the ISR, below min.insync.replicas: acks=all writes are refused, none lost.
    expect(of(back, 'producer.retry').some((e) => e.error === 'NOT_ENOUGH_REPLICAS')).toBe(true);
    expect(buildReport(s.state).acknowledgedLost).toBe(0);

    // Back at min.insync.replicas the ELR empties.
    s.apply({ type: 'broker.restart', broker: 5 });
    s.advanceBy(15_000);
    expect(orders(s)).toEqual({ leader: 4, isr: [4, 5], elr: [] });
    expect(buildReport(s.state).acknowledgedLost).toBe(0);
  });

  it('off (eligible.leader.replicas.version=0, the default): the last replica stays in the ISR, and the partition stays offline when another replica returns', () => {
    const s = fiveBrokers(false);
    shutDownAll(s);
    expect(orders(s)).toEqual({ leader: null, isr: [3], elr: [] });
    s.apply({ type: 'broker.restart', broker: 4 });
    const events = s.advanceBy(10_000);
    expect(orders(s).leader).toBeNull();
    expect(of(events, 'partition.elrChanged')).toEqual([]);
  });

  it('a replica back from a crash (no previousBrokerEpoch) leaves the ELR and cannot lead; one back from a clean shutdown can', () => {
    const s = fiveBrokers(true, {}, { 'broker.session.timeout.ms': 3000 });
    s.advanceTo(3000);
    s.apply({ type: 'broker.shutdown', broker: 5 });
    s.advanceBy(10_000);
    s.apply({ type: 'broker.crash', broker: 4 });
    s.advanceBy(10_000); // fenced after its session: ISR [3], ELR [4]
    expect(orders(s)).toEqual({ leader: 3, isr: [3], elr: [4] });
    s.apply({ type: 'broker.shutdown', broker: 3 });
    s.advanceBy(10_000);
    expect(orders(s)).toEqual({ leader: null, isr: [], elr: [3, 4] });

    s.apply({ type: 'broker.restart', broker: 4 });
    const crashed = s.advanceBy(10_000);
    expect(orders(s)).toEqual({ leader: null, isr: [], elr: [3] });
    expect(of(crashed, 'partition.elrChanged')[0]).toMatchObject({ removed: [4] });
    expect(of(crashed, 'partition.elrChanged')[0]!.reason).toMatch(/unclean shutdown/);

    s.apply({ type: 'broker.restart', broker: 3 });
    s.advanceBy(10_000);
    expect(orders(s).leader).toBe(3);
    expect(buildReport(s.state).acknowledgedLost).toBe(0);
  });

  it('a cleanly stopped broker whose registration answer comes late asks again as the same process: it keeps its registration and its eligibility (KAFKA-16952)', () => {
    const s = fiveBrokers(true);
    shutDownAll(s);
    expect(orders(s).elr).toEqual([3, 4]);
    // Round trips of 6 s: the restarted broker sends a second registration heartbeat before
    // the first is answered.
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 3000 });
    s.apply({ type: 'broker.restart', broker: 4 });
    const events = s.advanceBy(20_000);
    expect(of(events, 'broker.registered').filter((e) => e.broker === 4)).toHaveLength(1);
    expect(of(events, 'partition.elrChanged').some((e) => e.reason.includes('unclean'))).toBe(
      false,
    );
    expect(orders(s)).toMatchObject({ leader: 4, elr: [3] });
  });

  it('a follower that falls behind while the ISR is at min.insync.replicas becomes eligible, and the ELR empties when it catches up again', () => {
    const s = fiveBrokers(true, {}, { 'replica.lag.time.max.ms': 2000 });
    s.advanceTo(3000);
    s.apply({ type: 'broker.shutdown', broker: 5 });
    s.advanceBy(10_000);
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 5000 });
    s.advanceBy(8000);
    expect(orders(s)).toEqual({ leader: 3, isr: [3], elr: [4] });
    s.apply({ type: 'broker.slow', broker: 4, extraLatencyMs: 0 });
    s.advanceBy(15_000);
    expect(orders(s)).toEqual({ leader: 3, isr: [3, 4], elr: [] });
  });

  it('an unclean election empties the ELR', () => {
    const s = fiveBrokers(true, { 'unclean.leader.election.enable': true });
    shutDownAll(s);
    expect(orders(s)).toEqual({ leader: null, isr: [], elr: [3, 4] });
    // Broker 5 left while the ISR was still at min.insync.replicas: not eligible, so only an
    // unclean election lets it lead.
    s.apply({ type: 'broker.restart', broker: 5 });
    const events = s.advanceBy(10_000);
    expect(orders(s)).toEqual({ leader: 5, isr: [5], elr: [] });
    expect(of(events, 'partition.leaderChanged')[0]).toMatchObject({ election: 'unclean' });
  });

  it('when every replica crashed, the last leader (LastKnownElr) leads again once it is back: an election Kafka counts as unclean, even with unclean.leader.election.enable=false', () => {
    const s = fiveBrokers(true, {}, { 'broker.session.timeout.ms': 3000 });
    s.advanceTo(3000);
    for (const broker of [5, 4, 3]) {
      s.apply({ type: 'broker.crash', broker });
      s.advanceBy(6000);
    }
    expect(orders(s)).toEqual({ leader: null, isr: [], elr: [3, 4] });
    expect(partition(s.state, 'orders', 0).lastKnownElr).toEqual([3]);
    s.apply({ type: 'broker.restart', broker: 4 });
    s.advanceBy(6000);
    // Back from a crash, broker 4 is no longer eligible; the partition waits for broker 3.
    expect(orders(s)).toEqual({ leader: null, isr: [], elr: [3] });
    s.apply({ type: 'broker.restart', broker: 3 });
    const events = s.advanceBy(6000);
    expect(orders(s)).toMatchObject({ leader: 3, elr: [] });
    const elected = of(events, 'partition.leaderChanged')[0]!;
    expect(elected).toMatchObject({ leader: 3, isr: [3], election: 'unclean' });
    expect(elected.reason).toMatch(/last leader/);
    expect(partition(s.state, 'orders', 0).lastKnownElr).toEqual([]);
    expect(buildReport(s.state).acknowledgedLost).toBe(0);
  });

  it('a new min.insync.replicas for the topic clears its ELR (getPartitionElrUpdatesForConfigChanges)', () => {
    const s = fiveBrokers(true);
    s.advanceTo(3000);
    s.apply({ type: 'broker.shutdown', broker: 5 });
    s.advanceBy(10_000);
    s.apply({ type: 'broker.shutdown', broker: 4 });
    s.advanceBy(10_000);
    expect(orders(s).elr).toEqual([4]);
    const events = s.apply({
      type: 'topic.setConfig',
      topic: 'orders',
      config: { 'min.insync.replicas': 1 },
    });
    expect(orders(s)).toEqual({ leader: 3, isr: [3], elr: [] });
    expect(of(events, 'partition.elrChanged')[0]).toMatchObject({ removed: [4] });
  });

  it('the report lists each partition’s ELR', () => {
    const s = fiveBrokers(true);
    shutDownAll(s);
    const p = buildReport(s.state).partitions.find((x) => x.topic === 'orders')!;
    expect(p.elr).toEqual([3, 4]);
  });
});
