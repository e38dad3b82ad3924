import { describe, expect, it } from 'vitest';
import { inFlightMessages, messageSummary } from '../../src/engine/network.ts';
import { addConsumer, sim } from './helpers.ts';

describe('the simulated network', () => {
  it('every request is a message with its send and arrival times, at the link latency plus jitter', () => {
    const s = sim({
      network: { latencyMs: 10, jitterMs: 3 },
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
      producers: [{ id: 'p', topic: 'orders', config: { 'linger.ms': 0 } }],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 4 });
    s.advanceTo(0);
    const [produce] = inFlightMessages(s.state);
    expect(produce).toMatchObject({
      kind: 'produce',
      from: { kind: 'client', id: 'p' },
      sentAtMs: 0,
    });
    expect(produce!.arrivesAtMs).toBeGreaterThanOrEqual(10);
    expect(produce!.arrivesAtMs).toBeLessThanOrEqual(13);
    expect(messageSummary(produce!)).toEqual({
      partitions: [{ topic: 'orders', partition: 0, records: 4 }],
      records: 4,
      error: null,
    });
  });

  it('a slow broker adds its extra latency to every link it is on', () => {
    const s = sim({
      brokers: 1,
      network: { latencyMs: 5, jitterMs: 0 },
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
      producers: [{ id: 'p', topic: 'orders', config: { 'linger.ms': 0 } }],
    });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 40 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    s.advanceTo(0);
    expect(inFlightMessages(s.state)[0]!.arrivesAtMs).toBe(45);
  });

  it('messages from a crashed broker are lost with it', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
    });
    addConsumer(s, {
      config: { 'fetch.max.wait.ms': 0 },
    });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 100 });
    s.advanceTo(150); // the list-offsets answer is on its way back
    expect(inFlightMessages(s.state).some((m) => m.from.kind === 'broker')).toBe(true);
    s.apply({ type: 'broker.crash', broker: 1 });
    expect(inFlightMessages(s.state).some((m) => m.from.kind === 'broker')).toBe(false);
  });
});
