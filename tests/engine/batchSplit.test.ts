/**
 * KIP-126: a batch the broker refuses as MESSAGE_TOO_LARGE (over the topic's
 * max.message.bytes) is split by the producer and sent again (Sender.completeBatch,
 * RecordAccumulator.splitAndReenqueue, ProducerBatch.split); with the KAFKA-8350 fix, pieces
 * refused again are split at half their size, so the split always ends.
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { recordAt } from '../../src/engine/records.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { partition, producerStats, sim } from './helpers.ts';

type Split = Extract<SimEvent, { type: 'producer.batchSplit' }>;

function splits(events: SimEvent[]): Split[] {
  return events.filter((e): e is Split => e.type === 'producer.batchSplit');
}

/** The leader's log of t-0: every batch's size, and every record's (sequence, value). */
function leaderLog(s: Simulation) {
  const part = partition(s.state, 't', 0);
  const leader = part.replicaLogs.find((r) => r.brokerId === part.leader)!;
  const batches = leader.log.segments.flatMap((seg) => seg.batches);
  const records = batches.flatMap((b) =>
    Array.from({ length: b.recordCount }, (_, i) => recordAt(b, i)),
  );
  return { batchSizes: batches.map((b) => b.sizeBytes), records };
}

/** One broker, topic t with max.message.bytes 3000, producer p (batch.size 16384 by default). */
function smallMessages(producerConfig: Record<string, unknown> = {}, brokers = 1): Simulation {
  return sim({
    brokers,
    topics: [
      {
        name: 't',
        partitions: 1,
        replicationFactor: brokers,
        config: { 'max.message.bytes': 3000 },
      },
    ],
    producers: [{ id: 'p', topic: 't', config: { 'linger.ms': 50, ...producerConfig } }],
  });
}

describe('batch split on MESSAGE_TOO_LARGE (KIP-126, KAFKA-8350)', () => {
  it('a batch over max.message.bytes is split until every piece fits: every record is written once, in order', () => {
    const s = smallMessages();
    s.apply({ type: 'producer.send', producer: 'p', key: null, partition: 0, count: 100 });
    const events = s.advanceTo(2000);
    const stats = producerStats(s.state, 'p');
    expect(stats.acked).toBe(100);
    expect(stats.failed).toBe(0);
    expect(stats.errors).toEqual({});
    const log = leaderLog(s);
    expect(log.records.map((r) => r.sequence)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(new Set(log.records.map((r) => r.value)).size).toBe(100);
    for (const size of log.batchSizes) expect(size).toBeLessThanOrEqual(3000);
    // About 11 KB in one batch: regrouped under batch.size it is the same batch, refused
    // again; then halved (each piece repeats the 61-byte batch header, so two halves leave a
    // record or two for a third piece), and the two big halves halved again.
    const found = splits(events);
    expect(found[0]).toMatchObject({ records: 100, targetBytes: 16384, batches: 1 });
    expect(found[1]).toMatchObject({ records: 100, batches: 3 });
    expect(found[1]!.targetBytes).toBe(Math.floor(found[0]!.sizeBytes / 2));
    expect(found.slice(2).map((e) => e.targetBytes)).toEqual([2701, 2701]);
    expect(stats.batchSplits).toBe(4);
    expect(log.batchSizes).toHaveLength(7);
    const p = s.state.producers[0]!;
    expect([p.bufferedBytes, p.bufferedRecords]).toEqual([0, 0]);
  });

  it('splitting costs no retry attempt: it works with retries=0', () => {
    const s = smallMessages({ retries: 0, 'enable.idempotence': false, acks: 1 });
    s.apply({ type: 'producer.send', producer: 'p', key: null, partition: 0, count: 100 });
    s.advanceTo(2000);
    expect(producerStats(s.state, 'p')).toMatchObject({ acked: 100, failed: 0, retries: 0 });
  });

  it('a single record over max.message.bytes is not split: it fails with MESSAGE_TOO_LARGE (Sender splits only batches of several records)', () => {
    const s = smallMessages();
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', value: 'x'.repeat(4000) });
    const events = s.advanceTo(1000);
    expect(splits(events)).toEqual([]);
    const stats = producerStats(s.state, 'p');
    expect(stats.errors).toEqual({ MESSAGE_TOO_LARGE: 1 });
    expect(stats.failed).toBe(1);
    expect(s.state.producers[0]!.bufferedBytes).toBe(0);
  });

  it('among records that fit, one too large fails alone once it is in a piece of its own', () => {
    const s = smallMessages();
    s.apply({ type: 'producer.send', producer: 'p', key: 'a', value: 'x'.repeat(500), count: 3 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'big', value: 'y'.repeat(3500) });
    s.apply({ type: 'producer.send', producer: 'p', key: 'b', value: 'x'.repeat(500), count: 3 });
    s.advanceTo(2000);
    const stats = producerStats(s.state, 'p');
    expect(stats).toMatchObject({ acked: 6, failed: 1, errors: { MESSAGE_TOO_LARGE: 1 } });
    expect(leaderLog(s).records.map((r) => r.key)).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
  });

  it('keys, explicit values and timestamps survive the split unchanged', () => {
    const s = smallMessages();
    for (let i = 0; i < 40; i++) {
      s.apply({
        type: 'producer.send',
        producer: 'p',
        key: `k${i}`,
        value: `value-${i}-${'z'.repeat(150)}`,
      });
      s.advanceBy(1);
    }
    s.advanceTo(2000);
    const records = leaderLog(s).records;
    expect(records.map((r) => r.key)).toEqual(Array.from({ length: 40 }, (_, i) => `k${i}`));
    expect(records.map((r) => r.value!.slice(0, 9))).toEqual(
      Array.from({ length: 40 }, (_, i) => `value-${i}-`.padEnd(9, 'z').slice(0, 9)),
    );
    const stamps = records.map((r) => r.timestampMs);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(stamps).size).toBe(40);
  });

  it('an idempotent producer with requests in flight behind the big batch still writes every record once, in sequence order', () => {
    const s = smallMessages({ 'max.in.flight.requests.per.connection': 5 }, 3);
    s.advanceTo(500); // leaders elected, metadata known
    for (let i = 0; i < 6; i++) {
      s.apply({ type: 'producer.send', producer: 'p', key: null, partition: 0, count: 60 });
      s.advanceBy(60); // each burst lingers out and leaves as its own request
    }
    const events = s.advanceTo(5000);
    const stats = producerStats(s.state, 'p');
    expect(stats).toMatchObject({ acked: 360, failed: 0, duplicateRecords: 0 });
    // The pieces go one at a time, like retries (shouldStopDrainBatchesForPartition: they
    // already have their sequence numbers), so no sequence gap forces a fresh producer id.
    expect(events.filter((e) => e.type === 'producer.sequenceReset')).toEqual([]);
    expect(stats.batchSplits).toBeGreaterThan(0);
    const sequences = leaderLog(s).records.map((r) => r.sequence);
    expect(sequences).toEqual(Array.from({ length: 360 }, (_, i) => i));
  });

  it('the pieces keep the big batch’s delivery.timeout.ms deadline', () => {
    const s = smallMessages({ 'delivery.timeout.ms': 1000, 'request.timeout.ms': 900 }, 1);
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 150 });
    s.apply({ type: 'producer.send', producer: 'p', key: null, partition: 0, count: 100 });
    // Each refusal costs a round trip of about 300 ms: the third round of pieces is still in
    // flight at the first batch's deadline (1,000 ms after it was made), and expires there,
    // though none of them was ever retried.
    const events = s.advanceTo(5000);
    const stats = producerStats(s.state, 'p');
    expect(stats.batchSplits).toBe(3);
    expect(stats).toMatchObject({ acked: 0, failed: 100, retries: 0 });
    expect(stats.errors).toEqual({ REQUEST_TIMED_OUT: 100 });
    const failedAt = events.flatMap((e) => (e.type === 'producer.failed' ? [e.atMs] : []));
    expect(new Set(failedAt)).toEqual(new Set([1000]));
    // One piece reached the log all the same: an expired batch may still be written.
    expect(leaderLog(s).records).toHaveLength(24);
    const p = s.state.producers[0]!;
    expect([p.bufferedBytes, p.bufferedRecords]).toEqual([0, 0]);
  });
});
