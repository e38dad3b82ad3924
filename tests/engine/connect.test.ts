/**
 * Kafka Connect source and sink connectors (src/engine/connect*.ts). Each test names the Kafka
 * rule it follows, read from apache/kafka connect/runtime: Worker.producerConfigs and
 * Worker.consumerConfigs (the task clients' overrides), WorkerConfig (offset.flush.interval.ms
 * = 60000), SinkUtils.consumerGroupId (`connect-<name>`), WorkerSourceTask with SubmittedRecords
 * (only acknowledged rows are committed) and WorkerSinkTask (commit after put, at-least-once).
 */
import { describe, expect, it } from 'vitest';
import type { ConnectorSpec } from '../../src/engine/commands.ts';
import { consumerSettings, producerSettings } from '../../src/engine/config.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { buildReport } from '../../src/engine/report.ts';
import type { SimState } from '../../src/engine/model.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { rejections, sim } from './helpers.ts';

const TOPICS = [{ name: 'orders', partitions: 3, replicationFactor: 1 }];

function source(over: Partial<ConnectorSpec> = {}): ConnectorSpec {
  return {
    name: 'db',
    kind: 'source',
    system: 'MySQL',
    table: 'orders',
    topic: 'orders',
    ratePerSec: 20,
    config: { 'offset.flush.interval.ms': 5000 },
    ...over,
  };
}
function sink(over: Partial<ConnectorSpec> = {}): ConnectorSpec {
  return {
    name: 'es',
    kind: 'sink',
    system: 'Elasticsearch',
    topics: ['orders'],
    tasks: 2,
    config: {
      'offset.flush.interval.ms': 5000,
      'consumer.override.session.timeout.ms': 6000,
      'consumer.override.heartbeat.interval.ms': 1000,
    },
    ...over,
  };
}
const connectorOf = (state: SimState, name: string) =>
  state.connectors.find((c) => c.name === name)!;
const reportOf = (s: Simulation, name: string) =>
  buildReport(s.state).connectors.find((c) => c.name === name)!;
/** Records in the topic's logs: what Kafka holds. */
const recordsIn = (state: SimState, topic: string) =>
  buildReport(state)
    .partitions.filter((p) => p.topic === topic)
    .reduce((n, p) => n + p.highWatermark, 0);

describe('source connector: Worker.producerConfigs', () => {
  it("gives the task's producer acks=all, max.in.flight=1, delivery.timeout.ms=Integer.MAX_VALUE, an unbounded max.block.ms, and client.id connector-producer-<name>-0", () => {
    const s = sim({ topics: TOPICS, connectors: [source()] });
    const p = s.state.producers.find((x) => x.id === 'connector-producer-db-0')!;
    const settings = producerSettings(p.config);
    expect(settings.acks).toBe(-1);
    expect(settings.maxInFlight).toBe(1);
    expect(settings.deliveryTimeoutMs).toBe(2_147_483_647);
    expect(settings.maxBlockMs).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('lets producer.override.* keys of the connector win over the worker (ConnectorConfig client overrides)', () => {
    const s = sim({
      topics: TOPICS,
      connectors: [source({ config: { 'producer.override.linger.ms': 50 } })],
    });
    const p = s.state.producers.find((x) => x.id === 'connector-producer-db-0')!;
    expect(producerSettings(p.config).lingerMs).toBe(50);
    expect(producerSettings(p.config).acks).toBe(-1);
  });

  it('sends one record per row, keyed by the primary key as <table>:<id>', () => {
    const s = sim({ topics: TOPICS, connectors: [source()] });
    s.advanceTo(3000);
    const r = reportOf(s, 'db');
    expect(r.recordsPolled).toBe(60); // row n appears at n × 50 ms at 20 a second
    expect(recordsIn(s.state, 'orders')).toBe(r.recordsWritten);
    const keys = s.state.topics[0]!.partitions.flatMap((p) =>
      p.replicaLogs[0]!.log.segments.flatMap((seg) => seg.batches.flatMap((b) => b.keys ?? [])),
    );
    expect(keys).toContain('orders:1');
  });
});

describe('source connector: offsets (WorkerConfig, WorkerSourceTask)', () => {
  it('commits source offsets every offset.flush.interval.ms, 60000 by default (WorkerConfig)', () => {
    const s = sim({ topics: TOPICS, connectors: [source({ config: {} })] });
    expect(connectorOf(s.state, 'db').offsetFlushIntervalMs).toBe(60_000);
    s.advanceTo(59_999);
    expect(reportOf(s, 'db').offsetCommits).toBe(0);
    s.advanceTo(60_000);
    expect(reportOf(s, 'db').offsetCommits).toBe(1);
    expect(reportOf(s, 'db').source!.committedOffset).toBeGreaterThan(1100);
  });

  it('commits only rows whose records were acknowledged (SubmittedRecords, KAFKA-12226)', () => {
    // Broker 1 holds every partition; while it is down nothing is acknowledged.
    const s = sim({ brokers: 1, topics: TOPICS, connectors: [source()] });
    s.advanceTo(4000);
    s.apply({ type: 'broker.crash', broker: 1 });
    s.advanceTo(5000);
    const r = reportOf(s, 'db');
    expect(r.source!.position).toBeGreaterThan(r.source!.committedOffset);
    expect(r.source!.committedOffset).toBeLessThanOrEqual(r.recordsWritten);
  });

  it('after a crash, reads again every row after the last committed offset: duplicates in the topic (at-least-once)', () => {
    const s = sim({ topics: TOPICS, connectors: [source()] });
    s.advanceTo(9000);
    expect(reportOf(s, 'db').source!.committedOffset).toBe(99); // committed at 5000 ms
    s.apply({ type: 'connector.crashTask', connector: 'db', task: 0 });
    expect(reportOf(s, 'db').tasks[0]!.state).toBe('FAILED');
    s.advanceTo(10_000);
    s.apply({ type: 'connector.restartTask', connector: 'db', task: 0 });
    s.advanceTo(12_000);
    const r = reportOf(s, 'db');
    expect(r.duplicates).toBeGreaterThan(70);
    expect(r.duplicates).toBeLessThanOrEqual(179 - 99);
    // The topic holds every row once, and the duplicates on top (but rows still on their way).
    const onTheirWay = connectorOf(s.state, 'db').source!.unacked.length;
    expect(recordsIn(s.state, 'orders') + onTheirWay).toBe(r.source!.position + r.duplicates);
    expect(checkInvariants(s.state)).toEqual([]);
  });
});

describe('sink connector: Worker.consumerConfigs and WorkerSinkTask', () => {
  it('is the consumer group connect-<name> (SinkUtils.consumerGroupId) with members connector-consumer-<name>-<n>', () => {
    const s = sim({ topics: TOPICS, connectors: [sink()] });
    const members = s.state.consumers.map((c) => [c.id, c.group?.groupId]);
    expect(members).toEqual([
      ['connector-consumer-es-0', 'connect-es'],
      ['connector-consumer-es-1', 'connect-es'],
    ]);
  });

  it('gives its consumers enable.auto.commit=false and auto.offset.reset=earliest', () => {
    const s = sim({ topics: TOPICS, connectors: [sink()] });
    const settings = consumerSettings(s.state.consumers[0]!.config);
    expect(settings.enableAutoCommit).toBe(false);
    expect(settings.autoOffsetReset).toBe('earliest');
  });

  it('writes every record to the external system and commits every offset.flush.interval.ms', () => {
    const s = sim({ topics: TOPICS, connectors: [source(), sink()] });
    s.advanceTo(20_000);
    const r = reportOf(s, 'es');
    expect(r.recordsWritten).toBeGreaterThan(300);
    expect(r.offsetCommits).toBeGreaterThanOrEqual(4);
    expect(r.duplicates).toBe(0);
  });

  it('after a task crash, the records delivered since the last commit are delivered again: duplicate writes (at-least-once)', () => {
    const s = sim({ topics: TOPICS, connectors: [source(), sink()] });
    s.advanceTo(14_000);
    s.apply({ type: 'connector.crashTask', connector: 'es', task: 1 });
    expect(reportOf(s, 'es').tasks[1]!.state).toBe('FAILED');
    s.advanceTo(30_000);
    const r = reportOf(s, 'es');
    expect(r.duplicates).toBeGreaterThan(0);
    expect(r.taskCrashes).toBe(1);
    // Every record in the topic reached the external system, some twice.
    const g = buildReport(s.state).groups.find((x) => x.id === 'connect-es')!;
    const committedLag = g.offsets.reduce((n, o) => n + (o.lag ?? 0), 0);
    expect(r.recordsWritten - r.duplicates).toBeGreaterThan(
      recordsIn(s.state, 'orders') - committedLag - 40,
    );
  });

  it('starts its tasks itself: consumer.add to its group, consumer.commit and group.setConfig are refused', () => {
    const s = sim({ topics: TOPICS, connectors: [sink()] });
    const ev = [
      ...s.apply({ type: 'consumer.add', group: 'connect-es' }),
      ...s.apply({ type: 'consumer.commit', consumer: 'connector-consumer-es-0' }),
      ...s.apply({
        type: 'group.setConfig',
        group: 'connect-es',
        config: { 'max.poll.records': 5 },
      }),
      ...s.apply({ type: 'connector.restartTask', connector: 'es', task: 0 }),
    ];
    expect(rejections(ev)).toHaveLength(4);
  });

  it('restarts a failed task as a new member of connect-<name>', () => {
    const s = sim({ topics: TOPICS, connectors: [source(), sink()] });
    s.advanceTo(8000);
    s.apply({ type: 'connector.crashTask', connector: 'es', task: 0 });
    s.advanceTo(16_000);
    expect(
      rejections(s.apply({ type: 'connector.restartTask', connector: 'es', task: 0 })),
    ).toEqual([]);
    s.advanceTo(30_000);
    const g = buildReport(s.state).groups.find((x) => x.id === 'connect-es')!;
    expect(g.members.map((m) => m.consumer).sort()).toEqual([
      'connector-consumer-es-0',
      'connector-consumer-es-1',
    ]);
    expect(reportOf(s, 'es').tasks.map((t) => t.state)).toEqual(['RUNNING', 'RUNNING']);
  });
});

describe('connectors: determinism', () => {
  it('the same setup with crashes and restarts gives the same report, byte for byte', () => {
    const run = () => {
      const s = sim({ seed: 9, topics: TOPICS, connectors: [source(), sink()] });
      s.advanceTo(9000);
      s.apply({ type: 'connector.crashTask', connector: 'db', task: 0 });
      s.apply({ type: 'connector.crashTask', connector: 'es', task: 0 });
      s.advanceTo(11_000);
      s.apply({ type: 'connector.restartTask', connector: 'db', task: 0 });
      s.advanceTo(25_000);
      return JSON.stringify(buildReport(s.state));
    };
    expect(run()).toBe(run());
  });
});
