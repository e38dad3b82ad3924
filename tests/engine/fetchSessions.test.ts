/**
 * KIP-227 incremental fetch sessions between followers and leaders: after a full fetch, a
 * leader's response leaves out partitions with no new records and no change of high watermark
 * or log start offset; a follower whose request or response was lost starts with a full fetch.
 */
import { describe, expect, it } from 'vitest';
import type { MessageState } from '../../src/engine/model.ts';
import { inFlightMessages } from '../../src/engine/network.ts';
import { partition, sim } from './helpers.ts';

type FetchResponse = Extract<MessageState['payload'], { kind: 'replicaFetchResponse' }>;
type FetchRequest = Extract<MessageState['payload'], { kind: 'replicaFetch' }>;

function collect(s: ReturnType<typeof sim>, ms: number) {
  const requests: FetchRequest[] = [];
  const responses: FetchResponse[] = [];
  const seen = new Set<string>();
  for (let t = 0; t < ms; t++) {
    s.advanceBy(1);
    for (const m of inFlightMessages(s.state)) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      if (m.payload.kind === 'replicaFetch') requests.push(m.payload);
      if (m.payload.kind === 'replicaFetchResponse') responses.push(m.payload);
    }
  }
  return { requests, responses };
}

describe('fetch sessions (KIP-227)', () => {
  it('incremental responses leave out the partitions that have nothing new for the follower', () => {
    // Five partitions led by broker 1 and followed by broker 2; only orders-0 gets records.
    const s = sim({
      brokers: 2,
      topics: [
        {
          name: 'orders',
          replicaAssignment: [
            [1, 2],
            [1, 2],
            [1, 2],
            [1, 2],
            [1, 2],
          ],
        },
      ],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, partition: 0 }],
    });
    s.advanceTo(2000);
    const { requests, responses } = collect(s, 1000);
    const toBroker2 = requests.filter((r) => r.replica === 2);
    expect(toBroker2.length).toBeGreaterThan(10);
    expect(toBroker2.every((r) => r.incremental && r.partitions.length === 5)).toBe(true);
    const answers = responses.filter((r) => r.replica === 2);
    expect(answers.every((r) => r.partitions.every((p) => p.partition === 0))).toBe(true);
    // The follower still keeps up and learns the high watermark.
    const p0 = partition(s.state, 'orders', 0);
    expect(p0.isr).toEqual([1, 2]);
    expect(p0.replicaLogs[1]!.highWatermark).toBeGreaterThan(0);
  });

  it('a follower whose fetch was lost starts again with a full fetch, and learns every partition', () => {
    const s = sim({
      brokers: 3,
      topics: [
        {
          name: 'orders',
          replicaAssignment: [
            [1, 2],
            [1, 2],
            [1, 2],
          ],
        },
      ],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, partition: 0 }],
    });
    s.advanceTo(2000);
    s.apply({ type: 'broker.isolate', broker: 2 });
    s.advanceBy(100);
    s.apply({ type: 'broker.heal', broker: 2 });
    const { requests, responses } = collect(s, 3000);
    const first = requests.find((r) => r.replica === 2)!;
    expect(first.incremental).toBe(false);
    const full = responses.find((r) => r.replica === 2)!;
    expect(full.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
  });
});
