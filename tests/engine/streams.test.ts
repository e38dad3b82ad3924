/**
 * Kafka Streams applications under processing.guarantee=at_least_once (src/engine/streams.ts).
 * Each test names the Kafka rule it follows, read from apache/kafka: StreamsConfig (defaults),
 * StreamThread.maybeCommit, StreamTask.prepareCommit (flush before commit) and
 * TaskExecutor.commitOffsetsOrTransaction (commitSync of the processed offsets).
 */
import { describe, expect, it } from 'vitest';
import type { ConsumerGroupSpec } from '../../src/engine/commands.ts';
import { consumerSettings, producerSettings } from '../../src/engine/config.ts';
import { partitionForKey } from '../../src/engine/index.ts';
import type { SimState, StreamsAppState } from '../../src/engine/model.ts';
import { recordAt } from '../../src/engine/records.ts';
import { buildReport } from '../../src/engine/report.ts';
import { createSimulation, type Simulation } from '../../src/engine/simulation.ts';
import type { SimulationSetup } from '../../src/engine/setup.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { messages, partition, rejections, sim } from './helpers.ts';

const TOPICS = [
  { name: 'clicks', partitions: 2, replicationFactor: 1 },
  { name: 'clicks-enriched', partitions: 3, replicationFactor: 1 },
];

function enricher(over: Partial<ConsumerGroupSpec> = {}): ConsumerGroupSpec {
  return {
    id: 'enricher',
    topics: ['clicks'],
    members: 2,
    config: { 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000 },
    streams: { to: 'clicks-enriched', config: { 'commit.interval.ms': 5000 } },
    ...over,
  };
}

function pipeline(group: ConsumerGroupSpec = enricher(), setup: Partial<SimulationSetup> = {}) {
  return sim({
    brokers: 1,
    brokerConfig: {
      'offsets.topic.num.partitions': 1,
      'offsets.topic.replication.factor': 1,
    },
    topics: TOPICS,
    producers: [{ id: 'web', topic: 'clicks', ratePerSec: 40, keySpace: 50 }],
    groups: [group],
    ...setup,
  });
}

function app(state: SimState): StreamsAppState {
  const a = state.streams.find((x) => x.applicationId === 'enricher');
  if (!a) throw new Error('no streams app');
  return a;
}

/** Every record of a topic as the leaders hold it: key, value, partition. */
function records(state: SimState, topic: string) {
  const out: { partition: number; key: string | null; value: string | null }[] = [];
  const t = state.topics.find((x) => x.name === topic)!;
  for (const p of t.partitions) {
    const log = p.replicaLogs.find((r) => r.brokerId === p.leader)!.log;
    for (const seg of log.segments)
      for (const b of seg.batches)
        for (let i = 0; i < b.recordCount; i++) {
          const r = recordAt(b, i);
          out.push({ partition: p.partition, key: r.key, value: r.value });
        }
  }
  return out;
}

function committed(state: SimState, topic: string, p: number): number | null {
  const g = state.groups.find((x) => x.groupId === 'enricher');
  return g?.offsets.find((o) => o.topic === topic && o.partition === p)?.offset ?? null;
}

function setupProblems(group: ConsumerGroupSpec) {
  const r = createSimulation({
    seed: 1,
    brokers: 1,
    topics: TOPICS,
    groups: [group],
  });
  return r.ok ? [] : r.problems;
}

describe('Kafka Streams defaults (StreamsConfig)', () => {
  it('StreamsConfig commit.interval.ms default 30000 under at_least_once', () => {
    const s = pipeline(enricher({ streams: { to: 'clicks-enriched' } }));
    expect(app(s.state).commitIntervalMs).toBe(30000);
    expect(app(s.state).guarantee).toBe('at_least_once');
  });

  it('StreamsConfig PRODUCER_DEFAULT_OVERRIDES: the embedded producer lingers 100 ms, keeps acks=all and idempotence', () => {
    const s = pipeline();
    const p = s.state.producers.find((x) => x.id === 'enricher-1-producer')!;
    const ps = producerSettings(p.config);
    expect(ps.lingerMs).toBe(100);
    expect(ps.acks).toBe(-1);
    expect(ps.idempotence).toBe(true);
  });

  it('StreamsConfig CONSUMER_DEFAULT_OVERRIDES: enable.auto.commit=false, max.poll.records=1000, auto.offset.reset=earliest', () => {
    const s = pipeline();
    const c = s.state.consumers.find((x) => x.id === 'enricher-1')!;
    const cs = consumerSettings(c.config);
    expect(cs.enableAutoCommit).toBe(false);
    expect(cs.maxPollRecords).toBe(1000);
    expect(cs.autoOffsetReset).toBe('earliest');
    expect(cs.groupId).toBe('enricher'); // application.id is the group id
  });

  it('producer.-prefixed Streams config goes to the embedded producer (StreamsConfig.producerPrefix)', () => {
    const s = pipeline(
      enricher({ streams: { to: 'clicks-enriched', config: { 'producer.linger.ms': 7 } } }),
    );
    const p = s.state.producers.find((x) => x.id === 'enricher-2-producer')!;
    expect(producerSettings(p.config).lingerMs).toBe(7);
  });
});

describe('Kafka Streams processing: one output record per input record', () => {
  it('keeps the key, so the default partitioner (murmur2) keeps each key in one output partition', () => {
    const s = pipeline();
    s.advanceTo(8000);
    const out = records(s.state, 'clicks-enriched');
    expect(out.length).toBeGreaterThan(100);
    for (const r of out) {
      expect(r.key).not.toBeNull();
      expect(r.partition).toBe(partitionForKey(r.key!, 3));
    }
    const inputs = records(s.state, 'clicks');
    const keyOf = new Map<string, string | null>();
    for (const t of s.state.topics.find((x) => x.name === 'clicks')!.partitions) {
      const log = t.replicaLogs[0]!.log;
      for (const seg of log.segments)
        for (const b of seg.batches)
          for (let i = 0; i < b.recordCount; i++)
            keyOf.set(`clicks-${t.partition}@${b.baseOffset + i}`, recordAt(b, i).key);
    }
    expect(inputs.length).toBeGreaterThanOrEqual(out.length);
    // The value names its source record; the output's key is the source's key.
    for (const r of out) {
      const source = /^(clicks-\d+@\d+) → enricher-\d$/.exec(r.value ?? '')?.[1];
      expect(source).toBeDefined();
      expect(r.key).toBe(keyOf.get(source!));
    }
  });

  it('the embedded producer sends to the brokers as any producer does (produce requests from <member>-producer)', () => {
    const s = pipeline();
    let seen = false;
    for (let t = 0; t < 8000 && !seen; t += 10) {
      s.advanceTo(t);
      seen = messages(s.state, 'produce').some(
        (m) => m.from.kind === 'client' && m.from.id.startsWith('enricher-'),
      );
    }
    expect(seen).toBe(true);
  });
});

describe('Kafka Streams commits (at_least_once)', () => {
  it('StreamThread.maybeCommit: no offsets are committed before commit.interval.ms has passed', () => {
    // The group forms at about 7 s (__consumer_offsets is created, group.initial.rebalance.delay.ms).
    const s = pipeline(
      enricher({ streams: { to: 'clicks-enriched', config: { 'commit.interval.ms': 10000 } } }),
    );
    s.advanceTo(9900);
    expect(app(s.state).stats.recordsProcessed).toBeGreaterThan(0);
    expect(committed(s.state, 'clicks', 0)).toBeNull();
    expect(committed(s.state, 'clicks', 1)).toBeNull();
    s.advanceTo(12000);
    expect(committed(s.state, 'clicks', 0)).not.toBeNull();
    expect(app(s.state).stats.commits).toBeGreaterThan(0);
  });

  it('TaskManager commits only after the producer flush (StreamTask.prepareCommit flushes the RecordCollector)', () => {
    // A long linger.ms: without the flush, outputs would still sit in the accumulator at commit
    // time. One member, so every commit is an interval commit (the thread waits for its answer).
    const s = pipeline(
      enricher({
        members: 1,
        streams: {
          to: 'clicks-enriched',
          config: { 'commit.interval.ms': 1000, 'producer.linger.ms': 20000 },
        },
      }),
    );
    let commitsSeen = 0;
    const seen = new Set<string>();
    for (let t = 0; t <= 12000; t += 1) {
      s.advanceTo(t);
      for (const m of messages(s.state, 'offsetCommit')) {
        const from = m.from;
        if (seen.has(m.id) || from.kind !== 'client') continue;
        seen.add(m.id);
        const p = s.state.producers.find((x) => x.id === `${from.id}-producer`)!;
        // The OffsetCommit leaves only once every output sent so far is acknowledged.
        expect(p.bufferedRecords).toBe(0);
        expect(p.stats.acked).toBe(p.stats.sent);
        commitsSeen++;
      }
    }
    expect(commitsSeen).toBeGreaterThan(4);
    expect(app(s.state).stats.flushes).toBeGreaterThan(4);
    // Flushed batches went out long before linger.ms (20 s) would have sent them.
    expect(records(s.state, 'clicks-enriched').length).toBeGreaterThan(200);
  });

  it('at-least-once: after a member crash its uncommitted records are processed again and written twice downstream', () => {
    const s = pipeline();
    s.advanceTo(14500); // commits at about 7 s and 12 s, then 2 s processed and not committed
    const before = app(s.state).stats.duplicatesProduced;
    expect(before).toBe(0);
    const crashed = s.state.consumers.find((c) => c.id === 'enricher-2')!;
    const lost = crashed.assignment.map((a) => ({
      p: a.partition,
      from: committed(s.state, 'clicks', a.partition)!,
      to: a.position!,
    }));
    expect(lost.every((x) => x.to > x.from)).toBe(true);
    const events = s.apply({ type: 'consumer.crash', consumer: 'enricher-2' });
    expect(rejections(events)).toEqual([]);
    const later = s.advanceTo(35000);
    // Let the last outputs reach the log.
    s.apply({ type: 'producer.setRate', producer: 'web', ratePerSec: 0 });
    s.advanceTo(38000);
    const a = app(s.state);
    // Exactly the records enricher-2 processed after its last commit, or more (it may have
    // processed records whose outputs were written but that polled after the positions read).
    const expected = lost.reduce((n, x) => n + (x.to - x.from), 0);
    expect(a.stats.recordsReprocessed).toBeGreaterThanOrEqual(expected);
    // Outputs whose first copy was still in the crashed producer are written once, not twice.
    expect(a.stats.duplicatesProduced).toBeLessThanOrEqual(a.stats.recordsReprocessed);
    expect(later.some((e) => e.type === 'streams.reprocessed')).toBe(true);
    // Downstream, the duplicates are there: the same source record named twice.
    const counts = new Map<string, number>();
    for (const r of records(s.state, 'clicks-enriched')) {
      const src = r.value!.split(' → ')[0]!;
      counts.set(src, (counts.get(src) ?? 0) + 1);
    }
    const twice = [...counts.values()].filter((n) => n > 1).length;
    expect(twice).toBe(a.stats.duplicatesProduced);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('a graceful leave (KafkaStreams.close) commits what was processed: no duplicates downstream', () => {
    const s = pipeline();
    s.advanceTo(8000);
    expect(rejections(s.apply({ type: 'consumer.leave', consumer: 'enricher-2' }))).toEqual([]);
    s.advanceTo(30000);
    expect(app(s.state).stats.duplicatesProduced).toBe(0);
    // Its embedded producer closed once it had sent everything.
    expect(s.state.producers.some((p) => p.id === 'enricher-2-producer')).toBe(false);
  });

  it('consumer.commit is refused for a Streams member (Streams commits itself, after the flush)', () => {
    const s = pipeline();
    s.advanceTo(3000);
    const r = rejections(s.apply({ type: 'consumer.commit', consumer: 'enricher-1' }));
    expect(r[0]?.reason).toMatch(/Kafka Streams member/);
  });

  it('a member added later (consumer.add) gets its own embedded producer', () => {
    const s = pipeline();
    s.advanceTo(2000);
    expect(rejections(s.apply({ type: 'consumer.add', group: 'enricher' }))).toEqual([]);
    expect(s.state.producers.some((p) => p.id === 'enricher-3-producer')).toBe(true);
    expect(app(s.state).members.map((m) => m.consumer)).toEqual([
      'enricher-1',
      'enricher-2',
      'enricher-3',
    ]);
  });
});

describe('Kafka Streams configuration problems', () => {
  it('processing.guarantee=exactly_once_v2 is refused: it needs transactions, which are not simulated', () => {
    const problems = setupProblems(
      enricher({
        streams: { to: 'clicks-enriched', config: { 'processing.guarantee': 'exactly_once_v2' } },
      }),
    );
    expect(problems).toContainEqual({
      path: 'consumerGroups[0].streams.config.processing.guarantee',
      reason: expect.stringMatching(/transactions/) as unknown as string,
    });
  });

  it('an output topic that does not exist is refused (Kafka Streams does not create sink topics)', () => {
    const problems = setupProblems(enricher({ streams: { to: 'nope' } }));
    expect(problems.map((p) => p.path)).toContain('consumerGroups[0].streams.to');
  });

  it('the output topic may not be an input topic', () => {
    const problems = setupProblems(enricher({ streams: { to: 'clicks' } }));
    expect(problems[0]?.path).toBe('consumerGroups[0].streams.to');
    expect(problems[0]?.reason).toMatch(/also an input topic/);
  });

  it('commit.interval.ms must be at least 0 (StreamsConfig atLeast(0))', () => {
    const problems = setupProblems(
      enricher({ streams: { to: 'clicks-enriched', config: { 'commit.interval.ms': -1 } } }),
    );
    expect(problems[0]?.path).toBe('consumerGroups[0].streams.config.commit.interval.ms');
  });

  it('enable.auto.commit=true is refused: Kafka Streams always turns auto commit off', () => {
    const problems = setupProblems(enricher({ config: { 'enable.auto.commit': true } }));
    expect(problems[0]?.path).toBe('consumerGroups[0].config.enable.auto.commit');
  });

  it('group.setConfig cannot turn auto commit on for a Streams application', () => {
    const s = pipeline();
    const r = rejections(
      s.apply({
        type: 'group.setConfig',
        group: 'enricher',
        config: { 'enable.auto.commit': true },
      }),
    );
    expect(r).toHaveLength(1);
  });
});

describe('Kafka Streams determinism', () => {
  it('the same scenario gives the same report, byte for byte', () => {
    const run = () => {
      const s: Simulation = pipeline();
      s.advanceTo(5000);
      s.apply({ type: 'consumer.crash', consumer: 'enricher-1' });
      s.advanceTo(20000);
      return JSON.stringify(buildReport(s.state));
    };
    const a = run();
    expect(a).toBe(run());
    expect(a).toContain('"duplicatesProduced"');
    expect(partition(pipeline().state, 'clicks', 0).partition).toBe(0);
  });
});
