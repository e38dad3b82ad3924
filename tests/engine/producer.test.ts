import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../../src/engine/murmur2.ts';
import { leaderLeo, messages, producerStats, sim } from './helpers.ts';

const topic = { name: 'orders', partitions: 6, replicationFactor: 1 };

describe('producer partitioning', () => {
  it('keyed records go to toPositive(murmur2(key)) % numPartitions (BuiltInPartitioner.partitionForKey)', () => {
    const s = sim({
      topics: [topic],
      producers: [{ id: 'p', topic: 'orders', config: { 'linger.ms': 0 } }],
    });
    for (const key of ['user-1', 'user-2', 'a', '한국어'])
      s.apply({ type: 'producer.send', producer: 'p', key, value: 'v' });
    s.advanceBy(100);
    const expected = [0, 0, 0, 0, 0, 0];
    for (const key of ['user-1', 'user-2', 'a', '한국어']) expected[partitionForKey(key, 6)]! += 1;
    expect([0, 1, 2, 3, 4, 5].map((p) => leaderLeo(s.state, 'orders', p))).toEqual(expected);
  });

  it('records with the same key keep their order inside one partition', () => {
    const s = sim({
      topics: [topic],
      producers: [
        { id: 'p', topic: 'orders', config: { 'max.in.flight.requests.per.connection': 1 } },
      ],
    });
    for (let i = 0; i < 20; i++)
      s.apply({ type: 'producer.send', producer: 'p', key: 'k', value: `v${i}` });
    s.advanceBy(200);
    expect(leaderLeo(s.state, 'orders', partitionForKey('k', 6))).toBe(20);
  });

  it('null keys use the sticky partitioner: one partition until batch.size bytes (KIP-794)', () => {
    const s = sim({
      topics: [topic],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          valueBytes: 100,
          config: { 'linger.ms': 1000, 'batch.size': 16384 },
        },
      ],
    });
    // ~120 bytes a record: 100 records stay well under one batch.size.
    s.apply({ type: 'producer.send', producer: 'p', key: null, count: 100 });
    s.advanceBy(2000);
    const leos = [0, 1, 2, 3, 4, 5].map((p) => leaderLeo(s.state, 'orders', p));
    expect(leos.filter((n) => n > 0)).toEqual([100]);
  });

  it('the sticky partitioner moves on after batch.size bytes (BuiltInPartitioner.updatePartitionInfo)', () => {
    const s = sim({
      topics: [topic],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          valueBytes: 100,
          config: { 'linger.ms': 1000, 'batch.size': 1024 },
        },
      ],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: null, count: 200 });
    s.advanceBy(5000);
    const leos = [0, 1, 2, 3, 4, 5].map((p) => leaderLeo(s.state, 'orders', p));
    expect(leos.reduce((a, b) => a + b, 0)).toBe(200);
    expect(leos.filter((n) => n > 0).length).toBeGreaterThan(1);
    // It switches at batch.size (all batches full) or at 2 × batch.size: never more per stint.
    expect(Math.max(...leos)).toBeLessThan(200);
  });

  it('a switch put off by a half-full batch happens before the next append once that batch was sent (RecordAccumulator.partitionChanged, KIP-794)', () => {
    // 100 records/s with linger.ms 5: every record is its own batch and is sent before the
    // next one comes, so the switch after batch.size bytes can never happen at append time
    // (the new batch is not full); it happens at the next append. Without that step the
    // partitioner would only move on at 2 × batch.size.
    const s = sim({
      topics: [topic],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, valueBytes: 100 }],
    });
    s.advanceTo(20_000);
    const sent: { at: number; partition: number }[] = [];
    for (const part of s.state.topics[0]!.partitions) {
      const leader = part.replicaLogs.find((r) => r.brokerId === part.leader)!;
      for (const seg of leader.log.segments)
        for (const b of seg.batches)
          sent.push({ at: b.timestampRuns[0]!, partition: part.partition });
    }
    sent.sort((a, b) => a.at - b.at);
    const stints: number[] = [];
    let run = 0;
    sent.forEach((r, i) => {
      run++;
      if (i === sent.length - 1 || sent[i + 1]!.partition !== r.partition) {
        stints.push(run);
        run = 0;
      }
    });
    // 16384 bytes of ~170-byte single-record batches: the switch comes after ~97 records
    // (the next partition may be the same one again, which joins two stints).
    const whole = stints.slice(1, -1).sort((a, b) => a - b);
    expect(whole.length).toBeGreaterThan(10);
    expect(whole[0]).toBeGreaterThanOrEqual(90);
    const median = whole[Math.floor(whole.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(90);
    expect(median).toBeLessThanOrEqual(105);
  });

  it('RoundRobinPartitioner spreads records evenly over the partitions', () => {
    const s = sim({
      topics: [topic],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          config: {
            'partitioner.class': 'org.apache.kafka.clients.producer.RoundRobinPartitioner',
          },
        },
      ],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'same', count: 60 });
    s.advanceBy(500);
    expect([0, 1, 2, 3, 4, 5].map((p) => leaderLeo(s.state, 'orders', p))).toEqual([
      10, 10, 10, 10, 10, 10,
    ]);
  });

  it('an explicit partition wins over the key', () => {
    const s = sim({ topics: [topic], producers: [{ id: 'p', topic: 'orders' }] });
    s.apply({ type: 'producer.send', producer: 'p', key: 'user-1', partition: 4, count: 3 });
    s.advanceBy(100);
    expect(leaderLeo(s.state, 'orders', 4)).toBe(3);
  });
});

describe('producer batching and sending', () => {
  it('linger.ms: a batch that is not full waits linger.ms before it is sent (RecordAccumulator.ready)', () => {
    const s = sim({
      topics: [topic],
      producers: [{ id: 'p', topic: 'orders', config: { 'linger.ms': 50 } }],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', value: 'v' });
    s.advanceTo(49);
    expect(messages(s.state, 'produce')).toHaveLength(0);
    s.advanceTo(50);
    expect(messages(s.state, 'produce')).toHaveLength(1);
  });

  it('batch.size: a full batch is sent at once, without waiting for linger.ms', () => {
    const s = sim({
      topics: [topic],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          valueBytes: 100,
          config: { 'linger.ms': 60000, 'batch.size': 1000 },
        },
      ],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 20 });
    s.advanceTo(0);
    const sent = messages(s.state, 'produce');
    expect(sent.length).toBeGreaterThan(0);
    for (const m of sent) expect(m.sizeBytes).toBeLessThanOrEqual(1000 + 64);
  });

  it('max.in.flight.requests.per.connection bounds unanswered produce requests per broker', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          ratePerSec: 5000,
          config: { 'max.in.flight.requests.per.connection': 2, 'batch.size': 512 },
        },
      ],
    });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 200 });
    let maxSeen = 0;
    for (let t = 0; t < 2000; t += 5) {
      s.advanceTo(t);
      maxSeen = Math.max(maxSeen, s.state.producers[0]!.inFlight.length);
    }
    expect(maxSeen).toBe(2);
  });

  it('acks=0: the broker sends no response and the client counts the records as sent', () => {
    const s = sim({
      topics: [topic],
      producers: [{ id: 'p', topic: 'orders', config: { acks: 0 } }],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 5 });
    s.advanceBy(1000);
    expect(producerStats(s.state, 'p').acked).toBe(5);
    expect(s.state.producers[0]!.stats.requests).toBe(1);
    expect(messages(s.state, 'produceResponse')).toHaveLength(0);
  });

  it('acks=all with the ISR below min.insync.replicas is refused with NOT_ENOUGH_REPLICAS (Partition.appendRecordsToLeader)', () => {
    const s = sim({
      brokers: 5,
      topics: [
        {
          name: 'orders',
          replicaAssignment: [[3, 4, 5]],
          config: { 'min.insync.replicas': 2 },
        },
      ],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          config: {
            acks: 'all',
            'delivery.timeout.ms': 2000,
            'request.timeout.ms': 1000,
            'linger.ms': 0,
          },
        },
      ],
    });
    // Two of three replicas die (not controller voters); once fenced, the ISR is the leader alone.
    s.apply({ type: 'broker.crash', broker: 4 });
    s.apply({ type: 'broker.crash', broker: 5 });
    s.advanceBy(15_000);
    expect(s.state.topics[0]!.partitions[0]!.isr).toEqual([3]);
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    s.advanceBy(5000);
    const stats = producerStats(s.state, 'p');
    expect(stats.acked).toBe(0);
    expect(stats.failed).toBe(1);
    expect(stats.retries).toBeGreaterThan(0);
    expect(leaderLeo(s.state, 'orders', 0)).toBe(0);
  });

  it('the ISR is checked before the message size: an oversized acks=all batch under min ISR gets NOT_ENOUGH_REPLICAS first (Partition.appendRecordsToLeader before UnifiedLog.appendAsLeader)', () => {
    const s = sim({
      brokers: 5,
      topics: [
        {
          name: 'orders',
          replicaAssignment: [[3, 4, 5]],
          config: { 'min.insync.replicas': 2, 'max.message.bytes': 200 },
        },
      ],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          config: { acks: 'all', 'delivery.timeout.ms': 2000, 'request.timeout.ms': 1000 },
        },
      ],
    });
    s.apply({ type: 'broker.crash', broker: 4 });
    s.apply({ type: 'broker.crash', broker: 5 });
    s.advanceBy(15_000);
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', value: 'x'.repeat(400) });
    const events = s.advanceBy(100);
    const first = events.find((e) => e.type === 'producer.retry' || e.type === 'producer.failed');
    expect(first).toMatchObject({ error: 'NOT_ENOUGH_REPLICAS' });
  });

  it('min.insync.replicas above the replication factor counts as the replication factor, before and after the append (Partition.effectiveMinIsr)', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', replicationFactor: 1, config: { 'min.insync.replicas': 2 } }],
      producers: [{ id: 'p', topic: 'orders', config: { acks: 'all', 'linger.ms': 0 } }],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 3 });
    const events = s.advanceBy(500);
    expect(producerStats(s.state, 'p').acked).toBe(3);
    expect(events.filter((e) => e.type === 'producer.retry')).toEqual([]);
  });

  it('acks=1 is acknowledged after the leader appends, whatever min.insync.replicas says', () => {
    const s = sim({
      topics: [
        {
          name: 'orders',
          partitions: 1,
          replicationFactor: 3,
          config: { 'min.insync.replicas': 2 },
        },
      ],
      producers: [{ id: 'p', topic: 'orders', config: { acks: '1' } }],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 3 });
    s.advanceBy(100);
    expect(producerStats(s.state, 'p').acked).toBe(3);
  });

  it('delivery.timeout.ms: records for an offline partition fail once it has passed', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          config: { 'delivery.timeout.ms': 3000, 'request.timeout.ms': 1000, 'linger.ms': 5 },
        },
      ],
    });
    s.apply({ type: 'broker.crash', broker: 1 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 4 });
    s.advanceTo(2999);
    expect(producerStats(s.state, 'p').failed).toBe(0);
    s.advanceTo(3100);
    expect(producerStats(s.state, 'p').failed).toBe(4);
    expect(producerStats(s.state, 'p').errors['REQUEST_TIMED_OUT']).toBe(4);
  });

  it('a crashed leader loses its connections: in-flight requests fail with NETWORK_EXCEPTION and are retried', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
      producers: [{ id: 'p', topic: 'orders', config: { 'linger.ms': 0 } }],
    });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 100 });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k' });
    s.advanceBy(10);
    expect(s.state.producers[0]!.inFlight).toHaveLength(1);
    const events = s.apply({ type: 'broker.crash', broker: 1 });
    expect(events.some((e) => e.type === 'producer.retry' && e.error === 'NETWORK_EXCEPTION')).toBe(
      true,
    );
    s.apply({ type: 'broker.restart', broker: 1 });
    s.advanceBy(5000); // controller election, registration, unfencing, then the retry
    expect(producerStats(s.state, 'p').acked).toBe(1);
  });

  it('a steady load of ratePerSec records a second is produced and acknowledged', () => {
    const s = sim({
      topics: [topic],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 200, keys: ['a', 'b', 'c'] }],
    });
    s.advanceTo(10_000);
    const stats = producerStats(s.state, 'p');
    expect(stats.sent).toBe(2000);
    expect(stats.acked).toBeGreaterThan(1990);
    expect(stats.failed).toBe(0);
  });
});

describe('producer.setKeys', () => {
  it('changes the keys of generated records from now on (keys, keySpace, or none)', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 4 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100 }],
    });
    expect(s.apply({ type: 'producer.setKeys', producer: 'p', keys: ['user-1'] })[0]!.type).toBe(
      'command.applied',
    );
    s.advanceTo(2000);
    // murmur2 sends every record with one key to one partition.
    const counts = s.state.topics[0]!.partitions.map((p) => p.replicaLogs[0]!.log.logEndOffset);
    expect(counts.filter((n) => n > 0)).toHaveLength(1);
    expect(s.state.producers[0]!.keyMode).toEqual({ kind: 'list', keys: ['user-1'] });
    s.apply({ type: 'producer.setKeys', producer: 'p', keySpace: 50 });
    expect(s.state.producers[0]!.keyMode).toMatchObject({ kind: 'space', size: 50 });
    s.apply({ type: 'producer.setKeys', producer: 'p' });
    expect(s.state.producers[0]!.keyMode).toEqual({ kind: 'none' });
  });

  it('refuses an empty key list, a bad key space, both at once, or an unknown producer', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders' }],
      producers: [{ id: 'p', topic: 'orders' }],
    });
    for (const bad of [{ keys: [] }, { keySpace: 0 }, { keys: ['a'], keySpace: 3 }])
      expect(s.apply({ type: 'producer.setKeys', producer: 'p', ...bad })[0]!.type).toBe(
        'command.rejected',
      );
    expect(s.apply({ type: 'producer.setKeys', producer: 'nobody' })[0]!.type).toBe(
      'command.rejected',
    );
  });
});
