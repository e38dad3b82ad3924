/**
 * The idempotent producer keeps each partition's records in order and written once, even
 * when retries overtake each other (ProducerAppendInfo.checkSequence on the broker,
 * TransactionManager.canRetry and RecordAccumulator.shouldStopDrainBatchesForPartition on the
 * client), and recovers from a batch that failed for good (KIP-360).
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { recordAt } from '../../src/engine/records.ts';
import { restoreSimulation, type Simulation } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { partition, producerStats, sim } from './helpers.ts';

/** Batches of the leader's log whose first sequence is not above everything before them. */
function sequenceInversions(s: Simulation, topic: string): number {
  const part = partition(s.state, topic, 0);
  const leader = part.replicaLogs.find((r) => r.brokerId === part.leader)!;
  let highest = -1;
  let inversions = 0;
  let producerId = -1;
  for (const seg of leader.log.segments)
    for (const b of seg.batches) {
      if (b.producerId !== producerId) [producerId, highest] = [b.producerId, -1];
      if (b.baseSequence <= highest) inversions++;
      highest = Math.max(highest, b.baseSequence + b.recordCount - 1);
    }
  return inversions;
}

function retryErrors(events: SimEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'producer.retry' ? [e.error] : []));
}

describe('idempotent producer ordering', () => {
  it('a restored run goes on exactly like the original through sequence resets (requests carry copies of the batches)', () => {
    for (const seed of [1, 2, 3, 4]) {
      const s = sim({
        seed,
        brokers: 3,
        topics: [
          { name: 't', partitions: 1, replicationFactor: 3, config: { 'min.insync.replicas': 2 } },
        ],
        producers: [
          {
            id: 'p',
            topic: 't',
            ratePerSec: 200,
            config: {
              'delivery.timeout.ms': 1100,
              'request.timeout.ms': 1000,
              'retry.backoff.ms': 10,
              'retry.backoff.max.ms': 50,
            },
          },
        ],
      });
      s.advanceBy(3000);
      const leader = s.state.topics[0]!.partitions[0]!.leader!;
      s.apply({ type: 'broker.slow', broker: leader, extraLatencyMs: 1500 });
      s.advanceBy(1200);
      const twin = restoreSimulation(s.snapshot());
      const events = s.advanceBy(4000);
      twin.advanceBy(4000);
      expect(JSON.stringify(twin.state)).toBe(JSON.stringify(s.state));
      if (seed === 1) expect(events.some((e) => e.type === 'producer.sequenceReset')).toBe(true);
    }
  });

  it('generated record values stay unique through sequence resets', () => {
    const s = sim({
      brokers: 3,
      topics: [
        { name: 'o', partitions: 1, replicationFactor: 3, config: { 'min.insync.replicas': 2 } },
      ],
      producers: [
        {
          id: 'p',
          topic: 'o',
          ratePerSec: 100,
          config: { 'delivery.timeout.ms': 1500, 'request.timeout.ms': 1000 },
        },
      ],
    });
    s.advanceTo(2000);
    const follower = s.state.topics[0]!.partitions[0]!.replicas.filter(
      (b) => b !== s.state.topics[0]!.partitions[0]!.leader,
    );
    for (const b of follower) s.apply({ type: 'broker.crash', broker: b });
    const events = s.advanceTo(22_000);
    for (const b of follower) s.apply({ type: 'broker.restart', broker: b });
    s.advanceTo(40_000);
    expect(events.filter((e) => e.type === 'producer.sequenceReset').length).toBeGreaterThan(0);
    const part = partition(s.state, 'o', 0);
    const leader = part.replicaLogs.find((r) => r.brokerId === part.leader)!;
    // A value names one record: it may appear twice only as that record written again (a
    // retry the broker could no longer recognise after the reset), with its own timestamp.
    const timestamps = new Map<string | null, Set<number>>();
    for (const seg of leader.log.segments)
      for (const b of seg.batches)
        for (let i = 0; i < b.recordCount; i++) {
          const r = recordAt(b, i);
          const seen = timestamps.get(r.value) ?? new Set<number>();
          seen.add(r.timestampMs);
          timestamps.set(r.value, seen);
        }
    expect(timestamps.size).toBeGreaterThan(100);
    expect([...timestamps.values()].filter((t) => t.size > 1)).toEqual([]);
  });

  // The ISR falls to the leader alone (min.insync.replicas=2): batches fail with
  // NOT_ENOUGH_REPLICAS; when the followers return, later batches in flight must not be
  // written before the earlier ones are retried.
  function isrFlap(idempotence: boolean, seed: number): { s: Simulation; events: SimEvent[] } {
    const s = sim({
      seed,
      brokers: 3,
      brokerConfig: { 'replica.lag.time.max.ms': 1000 },
      topics: [
        {
          name: 'o',
          partitions: 1,
          replicationFactor: 3,
          replicaAssignment: [[1, 2, 3]],
          config: { 'min.insync.replicas': 2 },
        },
      ],
      producers: [
        {
          id: 'p',
          topic: 'o',
          ratePerSec: 2000,
          keys: ['k'],
          config: {
            'linger.ms': 0,
            'request.timeout.ms': 800,
            'delivery.timeout.ms': 100_000,
            'enable.idempotence': idempotence,
          },
        },
      ],
    });
    const events = s.advanceTo(1000);
    s.apply({ type: 'broker.isolate', broker: 2 });
    s.apply({ type: 'broker.isolate', broker: 3 });
    events.push(...s.advanceTo(4000));
    s.apply({ type: 'broker.heal', broker: 2 });
    s.apply({ type: 'broker.heal', broker: 3 });
    events.push(...s.advanceTo(15_000));
    return { s, events };
  }

  it('OUT_OF_ORDER_SEQUENCE_NUMBER: a batch that overtakes a retried one is refused and retried after it, so the log keeps the send order', () => {
    let refused = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { s, events } = isrFlap(true, seed);
      expect(sequenceInversions(s, 'o')).toBe(0);
      expect(producerStats(s.state, 'p').duplicateRecords).toBe(0);
      expect(producerStats(s.state, 'p').failed).toBe(0);
      refused += retryErrors(events).filter((e) => e === 'OUT_OF_ORDER_SEQUENCE_NUMBER').length;
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('without idempotence the same flap reorders records (the broker cannot tell)', () => {
    const reordered = [1, 2, 3, 4, 5, 6].map(
      (seed) => producerStats(isrFlap(false, seed).s.state, 'p').reorderedBatches,
    );
    expect(reordered.some((n) => n > 0)).toBe(true);
  });

  it('without idempotence every record a retry writes again is counted, however many batches back its first write is', () => {
    const loaded = loadScenario(findShippedScenario('idempotence')!.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const s = loaded.simulation;
    s.advanceTo(25_000);
    const stats = producerStats(s.state, 'plain');
    const leader = partition(s.state, 'unsafe', 0).replicaLogs.find((r) => r.brokerId === 1)!;
    // linger.ms=0: one record a batch, so a first write is often more than five batches back
    // (Kafka's own producer state keeps five: the simulator keeps every range to count).
    expect(stats.duplicateRecords).toBeGreaterThan(0);
    expect(leader.log.logEndOffset).toBe(stats.acked + stats.duplicateRecords);
  });

  it('a producer without idempotence removed and added again under its id starts clean: nothing counts as written twice', () => {
    const config = { acks: '1', 'enable.idempotence': false };
    const s = sim({
      brokers: 1,
      topics: [{ name: 'o', partitions: 1, replicationFactor: 1 }],
      producers: [{ id: 'p', topic: 'o', ratePerSec: 100, config }],
    });
    s.advanceTo(5000);
    s.apply({ type: 'producer.remove', producer: 'p' });
    s.apply({ type: 'producer.add', producer: 'p', topic: 'o', ratePerSec: 100, config });
    s.advanceTo(10_000);
    const stats = producerStats(s.state, 'p');
    expect(stats.acked).toBeGreaterThan(0);
    expect([stats.duplicateRecords, stats.reorderedBatches]).toEqual([0, 0]);
    // Nothing of the old p is kept: one range, the new producer's.
    const r = partition(s.state, 'o', 0).replicaLogs[0]!;
    expect(r.producerStates['~p']!.length).toBe(1);
  });

  it('appends without a producer id or sequences (the coordinator writing offsets) leave no producer state', () => {
    const loaded = loadScenario(findShippedScenario('classroom')!.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    loaded.simulation.advanceTo(30_000);
    const keys = loaded.simulation.state.topics
      .flatMap((t) => t.partitions)
      .flatMap((p) => p.replicaLogs)
      .flatMap((r) => Object.keys(r.producerStates));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => k.startsWith('~'))).toEqual([]);
  });

  it('a batch that fails for good leaves a sequence gap: the producer starts a fresh sequence space and later records are written (KIP-360)', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'o', partitions: 1, replicationFactor: 1 }],
      producers: [
        {
          id: 'p',
          topic: 'o',
          config: { 'linger.ms': 0, 'request.timeout.ms': 1000, 'delivery.timeout.ms': 3000 },
        },
      ],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'a' });
    s.advanceTo(100);
    expect(producerStats(s.state, 'p').acked).toBe(1);
    const firstId = s.state.producers[0]!.producerId;
    // The broker dies: the next record waits and expires (delivery.timeout.ms); its log, with
    // the producer's state, stays on disk.
    s.apply({ type: 'broker.crash', broker: 1 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'b' });
    const events = s.advanceTo(4000);
    expect(producerStats(s.state, 'p').failed).toBe(1);
    s.apply({ type: 'broker.restart', broker: 1 });
    events.push(...s.advanceTo(6000));
    s.apply({ type: 'producer.send', producer: 'p', key: 'c' });
    events.push(...s.advanceTo(9000));
    expect(producerStats(s.state, 'p').acked).toBe(2);
    const reset = events.find((e) => e.type === 'producer.sequenceReset');
    expect(reset).toMatchObject({ producer: 'p', previousProducerId: firstId });
    expect(s.state.producers[0]!.producerId).not.toBe(firstId);
    const batches = partition(s.state, 'o', 0).replicaLogs[0]!.log.segments.flatMap(
      (seg) => seg.batches,
    );
    // The new producer id starts where the numbers were (2: the failed record had 1), which
    // a broker accepts from a producer it does not know; generated values stay unique.
    expect(batches.map((b) => [b.producerId === firstId, b.baseSequence])).toEqual([
      [true, 0],
      [false, 2],
    ]);
  });
});
