import { describe, expect, it } from 'vitest';
import { addConsumer, messages, partition, sim, singleBroker, committedOffset } from './helpers.ts';

function consumerOf(s: ReturnType<typeof sim>, id = 'c') {
  const c = s.state.consumers.find((x) => x.id === id);
  if (!c) throw new Error('no consumer');
  return c;
}

describe('standalone consumer', () => {
  it('auto.offset.reset=earliest starts at the log start offset and reads everything', () => {
    const s = singleBroker();
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 50 });
    s.advanceBy(100);
    addConsumer(s, {
      config: { 'auto.offset.reset': 'earliest' },
    });
    s.advanceBy(2000);
    expect(consumerOf(s).assignment[0]!.position).toBe(50);
    expect(consumerOf(s).stats.recordsConsumed).toBe(50);
  });

  it('auto.offset.reset=latest (the default) starts at the high watermark and skips older records', () => {
    const s = singleBroker();
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 50 });
    s.advanceBy(100);
    addConsumer(s);
    s.advanceBy(1000);
    expect(consumerOf(s).assignment[0]!.position).toBe(50);
    expect(consumerOf(s).stats.recordsConsumed).toBe(0);
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 5 });
    s.advanceBy(1000);
    expect(consumerOf(s).stats.recordsConsumed).toBe(5);
  });

  it('reading does not delete: two consumers read the same records', () => {
    const s = singleBroker();
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 30 });
    s.advanceBy(100);
    for (const id of ['a', 'b'])
      s.apply({
        type: 'consumer.add',
        consumer: id,
        assign: ['orders-0'],
        config: { 'auto.offset.reset': 'earliest' },
      });
    s.advanceBy(1000);
    expect(consumerOf(s, 'a').stats.recordsConsumed).toBe(30);
    expect(consumerOf(s, 'b').stats.recordsConsumed).toBe(30);
    const log = partition(s.state, 'orders', 0).replicaLogs[0]!.log;
    expect(log.logEndOffset - log.logStartOffset).toBe(30);
  });

  it('max.poll.records bounds the records one poll returns', () => {
    const s = singleBroker();
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 100 });
    s.advanceBy(100);
    addConsumer(s, {
      processingTimeMs: 10,
      config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 10 },
    });
    s.advanceBy(50);
    const c = consumerOf(s);
    expect(c.processing?.count).toBe(10);
    expect(c.assignment[0]!.position).toBe(10);
  });

  it('a processing time per record paces the consumer, so lag builds when producers are faster', () => {
    const s = singleBroker({ ratePerSec: 100 });
    addConsumer(s, {
      processingTimeMs: 20,
      config: { 'auto.offset.reset': 'earliest' },
    });
    s.advanceTo(10_000);
    const c = consumerOf(s);
    // 20 ms a record: at most 50 records a second against 100 produced (plus the records the
    // last poll returned, which are counted when poll returns them).
    expect(c.stats.recordsConsumed).toBeLessThanOrEqual(500 + 20);
    const hw = partition(s.state, 'orders', 0).replicaLogs[0]!.highWatermark;
    expect(hw - c.assignment[0]!.position!).toBeGreaterThan(400);
  });

  it('fetch.min.bytes / fetch.max.wait.ms: the broker holds a fetch until enough data or the wait is over (DelayedFetch)', () => {
    const s = singleBroker();
    addConsumer(s, {
      config: { 'fetch.min.bytes': 100000, 'fetch.max.wait.ms': 300 },
    });
    s.advanceBy(50);
    expect(s.state.brokers[0]!.parkedFetches).toHaveLength(1);
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 3 });
    s.advanceBy(50);
    expect(s.state.brokers[0]!.parkedFetches).toHaveLength(1); // 3 records are not 100000 bytes
    s.advanceBy(300);
    expect(consumerOf(s).stats.recordsConsumed).toBe(3);
  });

  it('a consumer never reads past the high watermark', () => {
    const s = singleBroker({ ratePerSec: 500 });
    addConsumer(s, {
      config: { 'auto.offset.reset': 'earliest' },
    });
    for (let t = 0; t < 3000; t += 7) {
      s.advanceTo(t);
      const hw = partition(s.state, 'orders', 0).replicaLogs[0]!.highWatermark;
      expect(consumerOf(s).assignment[0]!.position ?? 0).toBeLessThanOrEqual(hw);
    }
  });

  it('OFFSET_OUT_OF_RANGE after retention deleted the position: auto.offset.reset=earliest jumps to the log start offset', () => {
    const s = sim({
      brokers: 1,
      brokerConfig: { 'log.retention.check.interval.ms': 1000 },
      topics: [
        {
          name: 'orders',
          partitions: 1,
          replicationFactor: 1,
          config: { 'segment.bytes': 2000, 'retention.bytes': 4000 },
        },
      ],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 200 }],
    });
    addConsumer(s, {
      processingTimeMs: 100,
      config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 1 },
    });
    const events = s.advanceTo(60_000);
    const reset = events.filter((e) => e.type === 'consumer.offsetReset');
    expect(reset.length).toBeGreaterThan(1);
    expect(consumerOf(s).stats.errors['OFFSET_OUT_OF_RANGE']).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'segments.deleted')).toBe(true);
  });

  it('auto.offset.reset=none with no committed offset stops the consumer with NoOffsetForPartitionException', () => {
    const s = singleBroker(null);
    const events = [
      ...addConsumer(s, {
        config: { 'auto.offset.reset': 'none' },
      }),
      ...s.advanceBy(100),
    ];
    expect(
      events.some(
        (e) => e.type === 'consumer.error' && e.error === 'NoOffsetForPartitionException',
      ),
    ).toBe(true);
    expect(consumerOf(s).fatalError).not.toBeNull();
  });

  it('commits need a group.id (KafkaConsumer: InvalidGroupIdException)', () => {
    const s = singleBroker(null);
    addConsumer(s);
    const events = s.apply({ type: 'consumer.commit', consumer: 'c' });
    expect(events[0]).toMatchObject({ type: 'command.rejected', error: 'INVALID_GROUP_ID' });
  });

  it('enable.auto.commit commits positions every auto.commit.interval.ms from poll, and a restarted consumer resumes there', () => {
    const s = singleBroker({ ratePerSec: 100 });
    s.apply({
      type: 'consumer.add',
      consumer: 'c',
      assign: ['orders-0'],
      config: { 'group.id': 'g', 'auto.offset.reset': 'earliest', 'auto.commit.interval.ms': 1000 },
    });
    s.advanceTo(5500);
    const committed = committedOffset(s.state, 'g')!;
    expect(committed).toBeGreaterThan(300);
    expect(consumerOf(s).assignment[0]!.position).toBeGreaterThan(committed);
    s.apply({ type: 'consumer.crash', consumer: 'c' });
    s.apply({
      type: 'consumer.add',
      consumer: 'c2',
      assign: ['orders-0'],
      config: { 'group.id': 'g' },
    });
    // OffsetFetch to the coordinator: c2 starts from the committed offset. At-least-once: the
    // records c read after its last commit will be delivered again.
    const events = s.advanceBy(100);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'consumer.positionFromCommit',
        consumer: 'c2',
        offset: committed,
      }),
    );
  });

  it('fetches go to the partition leader as messages on the network', () => {
    const s = sim({
      brokers: 3,
      topics: [{ name: 'orders', partitions: 3, replicationFactor: 1 }],
    });
    s.apply({ type: 'consumer.add', consumer: 'c', assign: ['orders-0', 'orders-1', 'orders-2'] });
    s.advanceBy(10);
    const fetches =
      messages(s.state, 'fetch').length +
      s.state.brokers.reduce((n, b) => n + b.parkedFetches.length, 0);
    const leaders = new Set(s.state.topics[0]!.partitions.map((p) => p.leader));
    expect(fetches).toBe(leaders.size);
  });
});

describe('auto.offset.reset through a leader change', () => {
  it('a ListOffsets given up after the leader moved is sent again to the new leader (the request is matched by its id, not by where the leader is now)', () => {
    const s = sim({
      brokers: 3,
      topics: [{ name: 't', partitions: 1, replicationFactor: 3 }],
      producers: [
        { id: 'p', topic: 't', ratePerSec: 10, config: { acks: '1', 'enable.idempotence': false } },
      ],
    });
    s.advanceBy(3000);
    const leader = s.state.topics[0]!.partitions[0]!.leader!;
    // The leader's links are so slow that it is fenced and replaced while the consumer's
    // ListOffsets to it is still waiting; the consumer's metadata learns the new leader first.
    s.apply({ type: 'broker.slow', broker: leader, extraLatencyMs: 8000 });
    s.apply({
      type: 'consumer.add',
      consumer: 'c',
      assign: ['t-0'],
      config: {
        'auto.offset.reset': 'latest',
        'metadata.max.age.ms': 2000,
        'request.timeout.ms': 15000,
      },
    });
    s.advanceBy(30_000);
    s.apply({ type: 'broker.slow', broker: leader, extraLatencyMs: 0 });
    s.advanceBy(30_000);
    const a = s.state.consumers[0]!.assignment[0]!;
    expect(s.state.topics[0]!.partitions[0]!.leader).not.toBe(leader);
    expect(a.position).not.toBeNull();
    expect(s.state.consumers[0]!.stats.recordsConsumed).toBeGreaterThan(0);
  });
});
