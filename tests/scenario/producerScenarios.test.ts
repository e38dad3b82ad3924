/**
 * The producer scenarios that ship: each shows what it says it shows.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { buildReport } from '../../src/engine/report.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';

describe('producer scenarios', { timeout: 60_000 }, () => {
  // linger.ms (RecordAccumulator.ready: a batch is sendable when full or lingered) against
  // max.in.flight.requests.per.connection: without linger the sender still batches whatever
  // piled up while five requests were in flight to the one broker the sticky partitioner
  // (KIP-794) is writing to.
  it('batching-tradeoff: linger.ms=100 carries the same records in far fewer, fuller requests, each record waiting longer', () => {
    const loaded = loadScenario(findShippedScenario('batching-tradeoff')?.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const s = loaded.simulation;
    s.advanceTo(30_000);
    expect(checkInvariants(s.state)).toEqual([]);
    const report = buildReport(s.state);
    const now = report.producers.find((p) => p.id === 'no-linger')!;
    const batched = report.producers.find((p) => p.id === 'linger-100')!;
    expect(now.sent).toBe(batched.sent);
    expect(batched.acked).toBeGreaterThan(0.99 * batched.sent);
    expect(now.acked).toBeGreaterThan(0.99 * now.sent);
    // Throughput per request: at least 20 times the records per request.
    expect(now.requests).toBeGreaterThan(20 * batched.requests);
    expect(batched.batchFillAvg!).toBeGreaterThan(10 * now.batchFillAvg!);
    // Latency: records wait in the accumulator for up to linger.ms.
    expect(batched.latencyMs.p50!).toBeGreaterThan(2 * now.latencyMs.p50!);
    expect(batched.latencyMs.p99!).toBeGreaterThan(100);
    expect(now.latencyMs.p99!).toBeLessThan(50);
  });

  // KIP-126 (Sender.completeBatch → RecordAccumulator.splitAndReenqueue) with the KAFKA-8350
  // fix: pieces refused again are halved until they fit under max.message.bytes.
  it('message-too-large: refused batches are split until they fit; nothing is lost and the idempotent producer keeps order', () => {
    const loaded = loadScenario(findShippedScenario('message-too-large')?.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const s = loaded.simulation;
    const events = s.advanceTo(20_000);
    expect(checkInvariants(s.state)).toEqual([]);
    expect(events.filter((e) => e.type === 'producer.sequenceReset')).toEqual([]);
    const report = buildReport(s.state);
    const p = report.producers[0]!;
    expect(p.failed).toBe(0);
    expect(p.acked).toBeGreaterThan(0.97 * p.sent);
    expect(p.batchSplits).toBeGreaterThan(500);
    expect(p.duplicateRecords).toBe(0);
    for (const part of s.state.topics[0]!.partitions)
      for (const r of part.replicaLogs)
        for (const seg of r.log.segments)
          for (const b of seg.batches) expect(b.sizeBytes).toBeLessThanOrEqual(2000);
    expect(report.groups[0]!.offsets.every((o) => o.committed !== null && o.committed > 0)).toBe(
      true,
    );
  });

  // BufferPool.allocate blocks KafkaProducer.send for max.block.ms (BufferExhaustedException).
  it('producer-backpressure: with the buffer full, send() blocks, the application stops making records, waits past max.block.ms fail, and it catches up once the broker is back', () => {
    const loaded = loadScenario(findShippedScenario('producer-backpressure')?.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const s = loaded.simulation;
    const early = s.advanceTo(20_000);
    const blocked = early.filter((e) => e.type === 'producer.blocked');
    expect(blocked).toHaveLength(1);
    expect(blocked[0]!.atMs).toBeGreaterThan(10_000);
    const sentAt20 = s.state.producers[0]!.stats.sent;
    expect(sentAt20).toBeLessThan(12_000); // 1,000 records/s were due
    const late = s.advanceTo(70_000);
    expect(checkInvariants(s.state)).toEqual([]);
    const stats = s.state.producers[0]!.stats;
    expect(stats.errors).toEqual({ BUFFER_EXHAUSTED: 2 });
    expect(late.filter((e) => e.type === 'producer.unblocked')).toHaveLength(1);
    // Caught up: every record due by 70 s was handed to send().
    expect(stats.sent).toBe(70_000);
    expect(stats.acked + stats.failed).toBeGreaterThan(69_900);
  });
});
