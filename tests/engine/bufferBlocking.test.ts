/**
 * A full buffer.memory blocks send() (BufferPool.allocate) for up to max.block.ms: the
 * application sends nothing else meanwhile, goes on as soon as acknowledgements free memory,
 * and gets a BufferExhaustedException when the wait runs out (KafkaProducer.doSend).
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { bufferWaitMs } from '../../src/engine/producer.ts';
import { buildReport } from '../../src/engine/report.ts';
import { producerStats, sim } from './helpers.ts';

/** One broker, `orders` with 10 partitions, producer p with room for three batches. */
function threeBatchesOfMemory(config: Record<string, unknown> = {}, ratePerSec = 0): Simulation {
  return sim({
    brokers: 1,
    topics: [{ name: 'orders', partitions: 10, replicationFactor: 1 }],
    producers: [
      {
        id: 'p',
        topic: 'orders',
        ratePerSec,
        config: { 'buffer.memory': 3 * 16384, 'batch.size': 16384, ...config },
      },
    ],
  });
}

function types(events: SimEvent[]): string[] {
  return events.flatMap((e) => (e.type.startsWith('producer.') ? [e.type] : []));
}

function sendTo(s: Simulation, partition: number, count = 1): SimEvent[] {
  return s.apply({ type: 'producer.send', producer: 'p', key: null, partition, count });
}

describe('max.block.ms: send() blocks on a full buffer.memory', () => {
  it('blocks the application: later sends wait behind the blocked one, even those that would fit an open batch', () => {
    const s = threeBatchesOfMemory();
    s.apply({ type: 'broker.crash', broker: 1 }); // nothing leaves the accumulator
    for (const partition of [0, 1, 2]) sendTo(s, partition);
    expect(types(sendTo(s, 3))).toEqual(['producer.blocked']);
    sendTo(s, 0, 5);
    const p = s.state.producers[0]!;
    expect(p.blockedSends).toHaveLength(6);
    expect(p.bufferedRecords).toBe(3);
    expect(producerStats(s.state, 'p')).toMatchObject({ sent: 9, failed: 0 });
  });

  it('after max.block.ms the blocked send fails with BufferExhaustedException, and the application goes on', () => {
    const s = threeBatchesOfMemory();
    s.apply({ type: 'broker.crash', broker: 1 });
    for (const partition of [0, 1, 2]) sendTo(s, partition);
    sendTo(s, 3);
    sendTo(s, 0, 5);
    const events = s.advanceTo(60_000);
    const failed = events.filter((e) => e.type === 'producer.failed');
    expect(failed).toEqual([
      expect.objectContaining({
        atMs: 60_000,
        partition: 3,
        error: 'BUFFER_EXHAUSTED',
        exception: expect.stringMatching(
          /^BufferExhaustedException: Failed to allocate 16384 bytes within the configured max blocking time 60000 ms/,
        ),
      }),
    ]);
    // The five records for partition 0 fit its open batch: they are in, and send() returns.
    expect(types(events)).toContain('producer.unblocked');
    const p = s.state.producers[0]!;
    expect(p.blockedSends).toEqual([]);
    expect(p.bufferedRecords).toBe(8);
    expect(p.stats.blockedMs).toBe(60_000);
  });

  it('acknowledgements that free memory end the wait at once, with nothing lost', () => {
    const s = threeBatchesOfMemory();
    s.apply({ type: 'broker.crash', broker: 1 });
    for (const partition of [0, 1, 2]) sendTo(s, partition);
    sendTo(s, 3);
    s.advanceTo(5000);
    s.apply({ type: 'broker.restart', broker: 1 });
    const events = s.advanceTo(20_000);
    const unblocked = events.find((e) => e.type === 'producer.unblocked');
    expect(unblocked).toBeDefined();
    expect(unblocked!.atMs).toBeLessThan(15_000);
    expect(producerStats(s.state, 'p')).toMatchObject({ sent: 4, acked: 4, failed: 0 });
    expect(producerStats(s.state, 'p').blockedMs).toBe(unblocked!.atMs);
  });

  it('a blocked application makes no new records; once unblocked it sends those that fell due meanwhile', () => {
    const s = threeBatchesOfMemory({ 'linger.ms': 0 }, 100);
    s.advanceTo(1000);
    s.apply({ type: 'broker.crash', broker: 1 });
    const blockedAt = s
      .advanceTo(10_000)
      .find((e) => e.type === 'producer.blocked' && e.producer === 'p')!.atMs;
    const sentWhileBlocked = producerStats(s.state, 'p').sent;
    s.advanceTo(20_000);
    expect(producerStats(s.state, 'p').sent).toBe(sentWhileBlocked);
    s.apply({ type: 'broker.restart', broker: 1 });
    s.advanceTo(40_000);
    const stats = producerStats(s.state, 'p');
    expect(stats.blockedMs).toBeGreaterThan(20_000 - blockedAt);
    // The records due at 100/s came late but came: none are missing.
    expect(stats.sent).toBeGreaterThanOrEqual(3990);
    expect(stats.failed).toBe(0);
  });

  it('removing a blocked producer abandons its waiting sends too', () => {
    const s = threeBatchesOfMemory();
    s.apply({ type: 'broker.crash', broker: 1 });
    for (const partition of [0, 1, 2, 3]) sendTo(s, partition);
    sendTo(s, 0, 2);
    const removed = s
      .apply({ type: 'producer.remove', producer: 'p' })
      .find((e) => e.type === 'producer.removed');
    expect(removed).toMatchObject({ abandonedRecords: 6 });
  });

  it('the wait counts while it goes on (bufferpool-wait-time), in the report too', () => {
    const s = threeBatchesOfMemory();
    s.apply({ type: 'broker.crash', broker: 1 });
    for (const partition of [0, 1, 2, 3]) sendTo(s, partition);
    s.advanceTo(25_000);
    const p = s.state.producers[0]!;
    expect(bufferWaitMs(p, s.state.nowMs)).toBe(25_000);
    expect(buildReport(s.state).producers[0]!.blockedMs).toBe(25_000);
  });

  it('a record is stamped when send() was called, so its latency includes the time send() blocked', () => {
    const s = threeBatchesOfMemory();
    s.apply({ type: 'broker.crash', broker: 1 });
    for (const partition of [0, 1, 2]) sendTo(s, partition);
    s.advanceTo(1000);
    sendTo(s, 3); // blocks at 1 s
    s.advanceTo(5000);
    s.apply({ type: 'broker.restart', broker: 1 });
    s.advanceTo(20_000);
    const part = s.state.topics[0]!.partitions[3]!;
    const batch = part.replicaLogs[0]!.log.segments[0]!.batches[0]!;
    expect(batch.timestampRuns[0]).toBe(1000);
    expect(producerStats(s.state, 'p').latency.maxMs).toBeGreaterThan(4000);
  });

  it('BufferExhaustedException names the size asked for: max(batch.size, the record’s estimate)', () => {
    const s = threeBatchesOfMemory({ 'max.block.ms': 1000, 'buffer.memory': 3 * 16384 + 30_000 });
    s.apply({ type: 'broker.crash', broker: 1 });
    for (const partition of [0, 1, 2]) sendTo(s, partition);
    s.apply({
      type: 'producer.send',
      producer: 'p',
      key: 'k',
      value: 'v'.repeat(40_000),
      partition: 3,
    });
    const failed = s.advanceTo(2000).find((e) => e.type === 'producer.failed');
    expect(failed).toMatchObject({
      exception: expect.stringMatching(
        /^BufferExhaustedException: Failed to allocate 400\d\d bytes within .* Poolable size: 16384 bytes$/,
      ),
    });
  });

  it('a record sent behind a blocked one is checked only when its turn comes (one application thread)', () => {
    const s = threeBatchesOfMemory({ 'max.block.ms': 1000 });
    s.apply({ type: 'broker.crash', broker: 1 });
    for (const partition of [0, 1, 2, 3]) sendTo(s, partition);
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', value: 'x'.repeat(2_000_000) });
    const failed = s.advanceTo(2000).filter((e) => e.type === 'producer.failed');
    expect(failed.map((e) => [e.atMs, e.error])).toEqual([
      [1000, 'BUFFER_EXHAUSTED'],
      [1000, 'MESSAGE_TOO_LARGE'],
    ]);
  });

  it('a new rate while blocked keeps the records already due at the old one', () => {
    const s = threeBatchesOfMemory({ 'linger.ms': 0 }, 100);
    s.advanceTo(1000);
    s.apply({ type: 'broker.crash', broker: 1 });
    s.advanceTo(10_000);
    expect(s.state.producers[0]!.backpressureSinceMs).not.toBeNull();
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 100 });
    s.apply({ type: 'broker.restart', broker: 1 });
    s.advanceTo(40_000);
    expect(producerStats(s.state, 'p').sent).toBeGreaterThanOrEqual(3990);
  });

  it('keeps one wake-up per deadline queued however often freed memory wakes a blocked producer', () => {
    const s = threeBatchesOfMemory({ 'linger.ms': 0 }, 2000);
    s.advanceTo(1000);
    s.apply({ type: 'broker.crash', broker: 1 });
    s.advanceTo(8000);
    s.apply({ type: 'broker.restart', broker: 1 });
    let most = 0;
    for (let t = 8100; t <= 20_000; t += 100) {
      s.advanceTo(t);
      const queued = s.state.queue.filter(
        (q) => q.work.kind === 'producerGenerate' && q.work.producer === 'p',
      ).length;
      most = Math.max(most, queued);
    }
    expect(most).toBeLessThanOrEqual(2);
    expect(producerStats(s.state, 'p').failed).toBe(0);
  });
});
