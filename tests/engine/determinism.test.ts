import { describe, expect, it } from 'vitest';
import { restoreSimulation } from '../../src/engine/simulation.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { sim } from './helpers.ts';

const setup = {
  seed: 42,
  brokers: 3,
  topics: [
    {
      name: 'orders',
      partitions: 6,
      replicationFactor: 3,
      config: { 'segment.bytes': 20000, 'retention.bytes': 60000 },
    },
  ],
  brokerConfig: { 'log.retention.check.interval.ms': 2000 },
  producers: [
    { id: 'keyed', topic: 'orders', ratePerSec: 300, keySpace: 50 },
    { id: 'sticky', topic: 'orders', ratePerSec: 300 },
  ],
  consumers: [
    {
      id: 'c',
      assign: ['orders-0', 'orders-1', 'orders-2', 'orders-3', 'orders-4', 'orders-5'],
      processingTimeMs: 1,
      config: { 'auto.offset.reset': 'earliest' },
    },
  ],
  timeline: [
    { at: 3000, command: { type: 'broker.crash' as const, broker: 2 } },
    { at: 6000, command: { type: 'broker.restart' as const, broker: 2 } },
  ],
};

describe('determinism', () => {
  it('the same seed and commands give the same state, tick for tick', () => {
    const a = sim(setup);
    const b = sim(setup);
    for (let t = 0; t <= 10_000; t += 250) {
      a.advanceTo(t);
      b.advanceTo(t);
      expect(JSON.stringify(a.state)).toBe(JSON.stringify(b.state));
    }
  });

  it('advancing in small or large steps gives the same state', () => {
    const a = sim(setup);
    const b = sim(setup);
    for (let t = 0; t <= 8000; t += 1) a.advanceTo(t);
    b.advanceTo(8000);
    expect(JSON.stringify(a.state)).toBe(JSON.stringify(b.state));
  });

  it('a restored snapshot continues exactly as the original', () => {
    const original = sim(setup);
    original.advanceTo(4321);
    const copy = restoreSimulation(original.snapshot());
    original.apply({ type: 'producer.setRate', producer: 'keyed', ratePerSec: 50 });
    copy.apply({ type: 'producer.setRate', producer: 'keyed', ratePerSec: 50 });
    original.advanceTo(12_000);
    copy.advanceTo(12_000);
    expect(JSON.stringify(copy.state)).toBe(JSON.stringify(original.state));
  });

  it('the snapshot is plain JSON', () => {
    const s = sim(setup);
    s.advanceTo(5000);
    const snap = s.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
  });

  it('invariants hold throughout a run with crashes and retention', () => {
    const s = sim(setup);
    for (let t = 0; t <= 15_000; t += 50) {
      s.advanceTo(t);
      expect(checkInvariants(s.state)).toEqual([]);
    }
  });
});

describe('numbers that are identical on every JavaScript engine', () => {
  it('histogram buckets come from exact multiplication: 1.1 is the start of the third bucket', async () => {
    const { bucketOf, bucketLowMs } = await import('../../src/engine/histogram.ts');
    expect(bucketOf(0.5)).toBe(0);
    expect(bucketOf(1)).toBe(1);
    expect(bucketOf(1.1)).toBe(2);
    expect(bucketLowMs(2)).toBe(1.1);
    expect(bucketOf(3_600_000 * 2)).toBe(bucketOf(3_600_000 * 3));
  });
});
