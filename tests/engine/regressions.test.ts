/**
 * Behaviours found wrong in review, each pinned by the Kafka rule it follows.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/simulation.ts';
import {
  ORDERS_1,
  addConsumer,
  leaderLeo,
  partition,
  producerStats,
  sim,
  singleBroker,
} from './helpers.ts';

const one = ORDERS_1;

describe('clients after a leader comes back (metadata refresh after retry.backoff.ms)', () => {
  it('a producer sends what waited for an offline partition soon after its leader returns', () => {
    const s = singleBroker();
    s.apply({ type: 'broker.crash', broker: 1 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 3 });
    s.advanceTo(1000);
    s.apply({ type: 'broker.restart', broker: 1 });
    // The sole controller voter returns: election (< 1 s), registration, unfencing, leadership.
    s.advanceTo(2000);
    const p = partition(s.state, 'orders', 0);
    expect(p.leader).toBe(1);
    const ledAt = s.state.nowMs;
    // Within retry.backoff.ms of fresh metadata the waiting records go.
    s.advanceTo(ledAt + 500);
    expect(producerStats(s.state, 'p').acked).toBe(3);
  });

  it('a consumer whose leader was down reads again once it returns', () => {
    const s = singleBroker({ ratePerSec: 100 });
    addConsumer(s, {
      config: { 'auto.offset.reset': 'earliest' },
    });
    s.advanceTo(1000);
    s.apply({ type: 'broker.crash', broker: 1 });
    s.advanceTo(3000);
    s.apply({ type: 'broker.restart', broker: 1 });
    s.advanceTo(6000);
    const c = s.state.consumers[0]!;
    expect(c.assignment[0]!.position).toBeGreaterThan(300);
  });
});

describe('the network', () => {
  it('messages on one connection arrive in the order they were sent (TCP), whatever the jitter', () => {
    const s = sim({
      brokers: 1,
      network: { latencyMs: 1, jitterMs: 5 },
      topics: [one],
      producers: [
        { id: 'p', topic: 'orders', ratePerSec: 2000, config: { 'linger.ms': 0, acks: 1 } },
      ],
    });
    s.advanceTo(3000);
    const batches = partition(s.state, 'orders', 0).replicaLogs[0]!.log.segments.flatMap(
      (seg) => seg.batches,
    );
    const sequences = batches.map((b) => b.baseSequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  });

  it('a request on its way to a broker that crashes is lost, even if the broker is back before it arrives', () => {
    const s = sim({
      brokers: 1,
      network: { latencyMs: 50, jitterMs: 0 },
      topics: [one],
      producers: [{ id: 'p', topic: 'orders', config: { 'linger.ms': 0 } }],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    s.advanceTo(10);
    s.apply({ type: 'broker.crash', broker: 1 });
    s.apply({ type: 'broker.restart', broker: 1 });
    s.advanceTo(6000);
    expect(leaderLeo(s.state, 'orders', 0)).toBe(1); // the retry, not the lost original too
  });

  it('a link latency of 0 ms is refused, so time always moves forward', () => {
    const r = createSimulation({ seed: 1, brokers: 1, network: { latencyMs: 0 } });
    expect(r.ok).toBe(false);
  });
});

describe('clients removed and added again with the same name start clean', () => {
  it('a consumer crashed and re-added reads at one consumer’s pace, not two', () => {
    const s = singleBroker({ ratePerSec: 1000 });
    const add = {
      type: 'consumer.add',
      consumer: 'c',
      assign: ['orders-0'],
      processingTimeMs: 2,
      config: { 'auto.offset.reset': 'earliest' },
    };
    s.apply(add);
    s.advanceTo(100);
    s.apply({ type: 'consumer.crash', consumer: 'c' });
    s.apply(add);
    s.advanceTo(10_100);
    // 2 ms a record: at most about 5000 records in 10 s.
    expect(s.state.consumers[0]!.stats.recordsConsumed).toBeLessThanOrEqual(5100);
  });

  it('a producer removed and re-added is not answered with its predecessor’s responses', () => {
    const s = sim({
      brokers: 1,
      network: { latencyMs: 50, jitterMs: 0 },
      topics: [one],
      producers: [{ id: 'p', topic: 'orders', config: { 'linger.ms': 0 } }],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 5 });
    s.advanceTo(10);
    s.apply({ type: 'producer.remove', producer: 'p' });
    s.apply({ type: 'producer.add', producer: 'p', topic: 'orders', config: { 'linger.ms': 0 } });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 5 });
    s.advanceTo(1000);
    expect(producerStats(s.state, 'p').acked).toBe(5);
    expect(s.state.producers[0]!.bufferedRecords).toBe(0);
  });

  it('a producer and a consumer may not share a name (they are network endpoints)', () => {
    const s = sim({ brokers: 1, topics: [one], producers: [{ id: 'x', topic: 'orders' }] });
    const events = s.apply({ type: 'consumer.add', consumer: 'x', assign: ['orders-0'] });
    expect(events[0]).toMatchObject({ type: 'command.rejected' });
  });
});

describe('producers', () => {
  it('a rate change takes effect at once, also from a very slow rate', () => {
    const s = singleBroker({ ratePerSec: 0.1 });
    s.advanceTo(100);
    s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 1000 });
    s.advanceTo(1100);
    expect(producerStats(s.state, 'p').sent).toBeGreaterThanOrEqual(999);
  });

  it('delivery.timeout.ms also fails batches still in flight (Sender.getExpiredInflightBatches)', () => {
    const s = sim({
      brokers: 1,
      topics: [one],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          config: { 'linger.ms': 0, 'request.timeout.ms': 10_000, 'delivery.timeout.ms': 15_000 },
        },
      ],
    });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 20_000 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    // The first attempt times out at 10 s and is retried; the retry is still in flight at 15 s.
    s.advanceTo(14_999);
    expect(producerStats(s.state, 'p').failed).toBe(0);
    expect(s.state.producers[0]!.inFlight[0]!.batches).toHaveLength(1);
    s.advanceTo(15_000);
    expect(producerStats(s.state, 'p').failed).toBe(1);
    expect(s.state.producers[0]!.bufferedRecords).toBe(0);
  });

  it('buffer.memory: each new batch takes batch.size from the pool, so many partitions exhaust it sooner (BufferPool); with max.block.ms=0 send() fails at once', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 10, replicationFactor: 1 }],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          config: { 'buffer.memory': 3 * 16384, 'batch.size': 16384, 'max.block.ms': 0 },
        },
      ],
    });
    s.apply({ type: 'broker.crash', broker: 1 }); // nothing can leave the accumulator
    s.apply({ type: 'producer.send', producer: 'p', key: null, partition: 0, count: 1 });
    s.apply({ type: 'producer.send', producer: 'p', key: null, partition: 1, count: 1 });
    s.apply({ type: 'producer.send', producer: 'p', key: null, partition: 2, count: 1 });
    expect(producerStats(s.state, 'p').failed).toBe(0);
    s.apply({ type: 'producer.send', producer: 'p', key: null, partition: 3, count: 1 });
    expect(producerStats(s.state, 'p').errors['BUFFER_EXHAUSTED']).toBe(1);
    s.apply({ type: 'producer.send', producer: 'p', key: null, partition: 0, count: 5 }); // fits its open batch
    expect(producerStats(s.state, 'p').failed).toBe(1);
  });

  it('a record larger than max.request.size fails at send (KafkaProducer.ensureValidRecordSize)', () => {
    const s = singleBroker({ config: { 'max.request.size': 1000 } });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', value: 'x'.repeat(2000) });
    expect(producerStats(s.state, 'p').errors['MESSAGE_TOO_LARGE']).toBe(1);
  });

  it('"__proto__" and "constructor" are legal topic names and work like any other', () => {
    const s = sim({ brokers: 1 });
    for (const name of ['__proto__', 'constructor']) {
      s.apply({ type: 'topic.create', name, partitions: 2, replicationFactor: 1 });
      s.apply({ type: 'producer.add', producer: `p-${name}`, topic: name, ratePerSec: 100 });
    }
    const events = s.advanceTo(2000);
    expect(events.filter((e) => e.type === 'engine.error')).toEqual([]);
    expect(s.state.producers.every((p) => p.stats.acked > 150)).toBe(true);
  });
});

describe('retried batches (RecordAccumulator.reenqueue)', () => {
  function retriedOrder(config: Record<string, unknown>): number[] {
    const s = sim({
      brokers: 1,
      network: { latencyMs: 20, jitterMs: 0 },
      topics: [one],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          // A fixed backoff: every retry waits the same, so the batches go back in queue order.
          config: { 'linger.ms': 0, 'retry.backoff.max.ms': 100, ...config },
        },
      ],
    });
    for (let i = 0; i < 3; i++) {
      s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
      s.advanceBy(1); // three batches, three requests in flight
    }
    s.apply({ type: 'broker.crash', broker: 1 }); // all three fail with NETWORK_EXCEPTION
    s.apply({ type: 'broker.restart', broker: 1 });
    s.advanceBy(5000);
    return partition(s.state, 'orders', 0).replicaLogs[0]!.log.segments.flatMap((seg) =>
      seg.batches.map((b) => b.baseSequence),
    );
  }

  it('an idempotent producer retries in sequence order (insertInSequenceOrder)', () => {
    expect(retriedOrder({})).toEqual([0, 1, 2]);
  });

  it('without idempotence, batches retried together are re-sent reversed: records reorder', () => {
    expect(retriedOrder({ 'enable.idempotence': false, acks: 1 })).not.toEqual([0, 1, 2]);
  });
});

describe('a retry after a late response (ProducerStateManager duplicate detection)', () => {
  function afterLateResponse(config: Record<string, unknown>) {
    const s = sim({
      brokers: 1,
      network: { latencyMs: 1, jitterMs: 0 },
      topics: [one],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          config: { 'linger.ms': 0, 'request.timeout.ms': 1000, ...config },
        },
      ],
    });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 600 }); // the answer comes after 1.2 s
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 4 });
    s.advanceTo(1500);
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 0 });
    s.advanceTo(5000);
    return { leo: leaderLeo(s.state, 'orders', 0), stats: producerStats(s.state, 'p') };
  }

  it('an idempotent producer’s retried batch is recognised by the broker and written once', () => {
    const { leo, stats } = afterLateResponse({});
    expect(stats.retries).toBe(4);
    expect(stats.acked).toBe(4);
    expect(leo).toBe(4);
  });

  it('without idempotence the retry writes the records a second time (duplicates)', () => {
    const { leo, stats } = afterLateResponse({ 'enable.idempotence': false });
    expect(stats.acked).toBe(4);
    expect(leo).toBe(8);
  });
});

describe('regression: sender wake-ups do not pile up', () => {
  it('a producer keeps a bounded number of queued sender passes (metadata.max.age.ms wake-ups were queued once per batch)', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 1 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 200 }],
    });
    s.advanceTo(60_000);
    const sends = s.state.queue.filter((i) => i.work.kind === 'producerSend').length;
    expect(sends).toBeLessThanOrEqual(2);
  });
});
