import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { inFlightMessages } from '../../src/engine/network.ts';
import {
  ORDERS_1,
  addConsumer,
  producerStats,
  sim,
  singleBroker,
  committedOffset,
} from './helpers.ts';

const one = ORDERS_1;

/** One broker with a 1.2 s round trip, a producer with request.timeout.ms 1000, one record sent. */
function oneRecordToASlowBroker() {
  const s = sim({
    brokers: 1,
    network: { latencyMs: 1, jitterMs: 0 },
    topics: [one],
    producers: [
      { id: 'p', topic: 'orders', config: { 'linger.ms': 0, 'request.timeout.ms': 1000 } },
    ],
  });
  s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 600 });
  s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
  return s;
}

/** The errors of the retries among these events. */
function retryErrors(events: SimEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'producer.retry' ? [e.error] : []));
}

describe('request.timeout.ms and retries', () => {
  it('request.timeout.ms: an unanswered produce request fails with REQUEST_TIMED_OUT and is retried (NetworkClient.handleTimedOutRequests)', () => {
    const s = oneRecordToASlowBroker();
    const events = s.advanceTo(1000);
    expect(retryErrors(events)).toEqual(['REQUEST_TIMED_OUT']);
    expect(producerStats(s.state, 'p').retries).toBe(1);
  });

  it('a request timeout closes the connection: every request in flight to that broker fails with REQUEST_TIMED_OUT (NetworkClient.cancelInFlightRequests, timedOut)', () => {
    const s = oneRecordToASlowBroker();
    s.advanceTo(300);
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    const events = s.advanceTo(1000);
    // The second request had waited only 700 ms, yet it goes with the connection.
    expect(retryErrors(events)).toEqual(['REQUEST_TIMED_OUT', 'REQUEST_TIMED_OUT']);
  });

  /**
   * The backoffs between attempts of one record whose every attempt times out (50 ms request
   * timeout against a 200 ms round trip): the gaps between sends, less the timeout.
   */
  function backoffsBetweenAttempts(backoffMs: number, backoffMaxMs: number, untilMs: number) {
    const config = {
      'linger.ms': 0,
      'request.timeout.ms': 50,
      'delivery.timeout.ms': 100_000,
      'retry.backoff.ms': backoffMs,
      'retry.backoff.max.ms': backoffMaxMs,
    };
    const s = sim({
      brokers: 1,
      network: { latencyMs: 1, jitterMs: 0 },
      topics: [one],
      producers: [{ id: 'p', topic: 'orders', config }],
    });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 100 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    const sendTimes: number[] = [];
    for (let t = 0; t <= untilMs; t++) {
      s.advanceTo(t);
      if (inFlightMessages(s.state).some((m) => m.kind === 'produce' && m.sentAtMs === t))
        sendTimes.push(t);
    }
    return sendTimes.slice(1).map((t, i) => t - sendTimes[i]! - 50);
  }

  it('delivery.timeout.ms: a batch that never left fails with a TimeoutException saying how old it is (Sender.sendProducerData, error REQUEST_TIMED_OUT)', () => {
    const s = singleBroker();
    s.apply({ type: 'broker.crash', broker: 1 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    const failed = s.advanceTo(121_000).filter((e) => e.type === 'producer.failed');
    expect(failed).toEqual([
      expect.objectContaining({
        atMs: 120_000,
        error: 'REQUEST_TIMED_OUT',
        exception:
          'TimeoutException: Expiring 1 record(s) for orders-0:120000 ms has passed since batch creation',
      }),
    ]);
  });

  it('retry.backoff.ms above retry.backoff.max.ms: the backoff is the max, constant (ExponentialBackoff)', () => {
    const backoffs = backoffsBetweenAttempts(2000, 500, 3000);
    expect(backoffs.length).toBeGreaterThanOrEqual(4);
    expect(backoffs.every((b) => b === 500)).toBe(true);
  });

  it('retry.backoff.ms grows exponentially up to retry.backoff.max.ms, with ±20% jitter (KIP-580)', () => {
    const backoffs = backoffsBetweenAttempts(100, 1000, 8000);
    expect(backoffs[0]).toBeGreaterThanOrEqual(80);
    expect(backoffs[0]).toBeLessThanOrEqual(120);
    expect(backoffs[1]).toBeGreaterThanOrEqual(160);
    expect(backoffs[1]).toBeLessThanOrEqual(240);
    expect(Math.max(...backoffs)).toBeLessThanOrEqual(1000);
    expect(backoffs.slice(-2).every((b) => b >= 800)).toBe(true);
  });
});

describe('fetch sizes', () => {
  it('max.partition.fetch.bytes bounds the data per partition, but the first batch always comes (KIP-74)', () => {
    const s = sim({
      brokers: 1,
      topics: [one],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          valueBytes: 1000,
          config: { 'linger.ms': 0, 'max.in.flight.requests.per.connection': 1 },
        },
      ],
    });
    for (let i = 0; i < 10; i++) {
      s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
      s.advanceBy(20); // one batch of ~1 KB each
    }
    addConsumer(s, {
      processingTimeMs: 1000,
      config: { 'auto.offset.reset': 'earliest', 'max.partition.fetch.bytes': 100 },
    });
    const seen: number[] = [];
    const start = s.state.nowMs;
    for (let t = start; t < start + 200; t++) {
      s.advanceTo(t);
      for (const m of inFlightMessages(s.state)) {
        if (m.payload.kind === 'fetchResponse')
          for (const r of m.payload.partitions)
            if (r.toOffset > r.fromOffset) seen.push(r.toOffset - r.fromOffset);
      }
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n === 1)).toBe(true); // one ~1 KB batch each time, though the limit is 100 bytes
  });
});

describe('closing a consumer', () => {
  it('a graceful close commits positions when auto commit is on; a crash commits nothing (KafkaConsumer.close)', () => {
    for (const type of ['consumer.leave', 'consumer.crash'] as const) {
      const s = singleBroker({ ratePerSec: 100 });
      addConsumer(s, {
        config: {
          'group.id': 'g',
          'auto.offset.reset': 'earliest',
          'auto.commit.interval.ms': 60000,
        },
      });
      s.advanceTo(3000);
      const position = s.state.consumers[0]!.assignment[0]!.position;
      s.apply({ type, consumer: 'c' });
      s.advanceBy(100); // the OffsetCommit sent on close reaches the coordinator
      const committed = committedOffset(s.state, 'g');
      expect(committed).toBe(type === 'consumer.leave' ? position : null);
    }
  });
});
