/**
 * The clients' metadata cache (clients/Metadata.java): refreshed by Metadata requests, never
 * taking an older leader epoch over a newer one (KIP-320), at least every metadata.max.age.ms.
 */
import { describe, expect, it } from 'vitest';
import { messages, sim } from './helpers.ts';

describe('client metadata', () => {
  it('is refreshed every metadata.max.age.ms even without errors', () => {
    const s = sim({
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
      producers: [
        { id: 'p', topic: 'orders', ratePerSec: 10, config: { 'metadata.max.age.ms': 2000 } },
      ],
    });
    let requests = 0;
    for (let t = 0; t < 5000; t++) {
      s.advanceBy(1);
      requests += messages(s.state, 'metadata').filter((m) => m.sentAtMs === s.state.nowMs).length;
    }
    expect(requests).toBe(2);
    expect(s.state.producers[0]!.metadata.updatedAtMs).toBeGreaterThanOrEqual(4000);
  });

  it('keeps a newer leader epoch when a stale broker answers with an older one (KIP-320)', () => {
    const s = sim({
      brokers: 5,
      topics: [{ name: 'orders', replicaAssignment: [[3, 4, 5]] }],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          ratePerSec: 20,
          config: { acks: 'all', 'request.timeout.ms': 3000, 'delivery.timeout.ms': 20000 },
        },
      ],
    });
    s.apply({ type: 'broker.isolate', broker: 3 });
    s.advanceTo(30_000);
    const md = s.state.producers[0]!.metadata;
    expect(md.topics['orders']![0]).toEqual({ leader: 4, leaderEpoch: 1 });
    // Broker 3 still believes it leads in epoch 0: an answer from it must not win.
    const b3 = s.state.brokers.find((b) => b.id === 3)!;
    expect(b3.metadataOffset).toBeLessThan(s.state.controller.metadataOffset);
    for (let i = 0; i < 20; i++) {
      md.needsUpdate = true;
      s.advanceBy(200);
      expect(md.topics['orders']![0]!.leaderEpoch).toBe(1);
    }
  });
});
