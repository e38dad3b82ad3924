import { describe, expect, it } from 'vitest';
import { singleBroker } from './helpers.ts';

describe('the retention task (LogManager kafka-log-retention)', () => {
  it('runs first after log.initial.task.delay.ms (30 s), then every log.retention.check.interval.ms', () => {
    const s = singleBroker(
      { ratePerSec: 100 },
      {
        brokerConfig: { 'log.retention.check.interval.ms': 5000 },
        topics: [
          {
            name: 'orders',
            partitions: 1,
            replicationFactor: 1,
            config: { 'segment.ms': 1000, 'retention.ms': 2000 },
          },
        ],
      },
    );
    const deletions = s
      .advanceTo(41_000)
      .filter((e) => e.type === 'segments.deleted')
      .map((e) => e.atMs);
    expect(deletions).toEqual([30_000, 35_000, 40_000]);
  });
});
