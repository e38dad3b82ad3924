import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/ui/describeEvent.ts';

describe('describeEvent: broker.tookLeadership', () => {
  it('names the partitions, and how long after the election the broker learned of it', () => {
    const line = describeEvent({
      atMs: 90_952,
      type: 'broker.tookLeadership',
      broker: 4,
      metadataOffset: 12,
      partitions: [{ topic: 'orders', partition: 0, leaderEpoch: 1, electedAtMs: 77_003 }],
    });
    expect(line.text).toBe(
      'Broker 4 leads orders-0 (epoch 1) from now: its metadata (offset 12) arrived 13.949 s after the election',
    );
  });

  it('names the first partition and counts the others', () => {
    const partitions = [0, 1, 2, 3, 4].map((partition) => ({
      topic: 't',
      partition,
      leaderEpoch: 2,
      electedAtMs: 1000,
    }));
    const line = describeEvent({
      atMs: 1004,
      type: 'broker.tookLeadership',
      broker: 2,
      metadataOffset: 7,
      partitions,
    });
    expect(line.text).toContain('leads t-0 (epoch 2) and 4 more from now');
    expect(line.text).toContain('arrived 0.004 s after');
  });
});

describe('describeEvent: broker.tookLeadership with __consumer_offsets partitions', () => {
  const at = (topic: string, partition: number) => ({
    topic,
    partition,
    leaderEpoch: 3,
    electedAtMs: 1000,
  });
  const line = (partitions: ReturnType<typeof at>[]) =>
    describeEvent({
      atMs: 1010,
      type: 'broker.tookLeadership',
      broker: 2,
      metadataOffset: 9,
      partitions,
    }).text;

  it('names a partition of the topic people created first, and counts the internal ones apart', () => {
    expect(
      line([
        at('__consumer_offsets', 0),
        at('orders', 1),
        at('__consumer_offsets', 7),
        at('orders', 4),
      ]),
    ).toContain('leads orders-1 (epoch 3), 1 more and 2 __consumer_offsets partitions from now');
  });

  it('with internal partitions only, counts them', () => {
    expect(line([at('__consumer_offsets', 0)])).toContain(
      'leads 1 __consumer_offsets partition from now',
    );
  });
});
