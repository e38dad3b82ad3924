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
      "Broker 4 takes over as leader of orders-0 (epoch 1): its metadata (offset 12) reached it 13.949 s after the controller's election, and it serves the partition only from now",
    );
  });

  it('counts what it does not name', () => {
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
    expect(line.text).toContain('t-0 (epoch 2), t-1 (epoch 2), t-2 (epoch 2) and 2 more');
    expect(line.text).toContain('0.004 s after');
  });
});
