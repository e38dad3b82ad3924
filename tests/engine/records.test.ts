import { describe, expect, it } from 'vitest';
import { findRecord } from '../../src/engine/log.ts';
import { generatedValue, recordAt } from '../../src/engine/records.ts';
import { partition, sim } from './helpers.ts';

describe('reading one record back (the record inspector)', () => {
  it('gives the key, the value, the timestamp and the size of explicit and generated records', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
      producers: [{ id: 'p', topic: 'orders', valueBytes: 20, config: { 'linger.ms': 50 } }],
    });
    s.advanceTo(7);
    s.apply({ type: 'producer.send', producer: 'p', key: 'user-1', value: 'hello' });
    s.apply({ type: 'producer.send', producer: 'p', key: null });
    s.advanceTo(200);
    const log = partition(s.state, 'orders', 0).replicaLogs[0]!.log;
    const first = findRecord(log, 0)!;
    expect(recordAt(first.batch, first.index)).toMatchObject({
      offset: 0,
      key: 'user-1',
      value: 'hello',
      timestampMs: 7,
      producer: 'p',
      sequence: 0,
    });
    const second = findRecord(log, 1)!;
    const generated = recordAt(second.batch, second.index);
    expect(generated).toMatchObject({
      offset: 1,
      key: null,
      value: generatedValue('p', 1, 20),
      sequence: 1,
    });
    expect(generated.value).toHaveLength(20);
    // DefaultRecord.sizeInBytes: attributes 1 + timestamp delta 1 + offset delta 1 + key
    // length 1 + 6 + value length 1 + 5 + header count 1 = 17, plus its own length varint 1.
    expect(recordAt(first.batch, first.index).sizeBytes).toBe(18);
  });
});
