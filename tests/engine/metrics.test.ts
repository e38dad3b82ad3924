/**
 * Metrics under Kafka's JMX names (metrics.ts), sampled once per simulated second.
 */
import { describe, expect, it } from 'vitest';
import { metricSeries, type MetricSeries } from '../../src/engine/metrics.ts';
import { sim } from './helpers.ts';

function series(all: MetricSeries[], name: string, scope: string | null = null): MetricSeries {
  const found = all.find((m) => m.name.endsWith(name) && m.scope === scope);
  if (!found) throw new Error(`no metric ${name} (${scope})`);
  return found;
}

const last = (m: MetricSeries) => m.points[m.points.length - 1]!.value;

describe('broker and controller metrics (kafka.server / kafka.controller JMX names)', () => {
  it('MessagesInPerSec and BytesInPerSec follow the produce rate', () => {
    const s = sim({
      topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 200 }],
    });
    s.advanceTo(10_000);
    const all = metricSeries(s.state);
    const messagesIn = series(all, 'name=MessagesInPerSec');
    expect(messagesIn.name).toBe('kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec');
    expect(last(messagesIn)).toBeGreaterThan(150);
    expect(last(messagesIn)).toBeLessThan(250);
    expect(last(series(all, 'name=BytesInPerSec'))).toBeGreaterThan(0);
  });

  it('a dead follower shows in UnderReplicatedPartitions on its leader, IsrShrinksPerSec, and ActiveControllerCount on broker 1', () => {
    const s = sim({
      brokers: 5,
      topics: [{ name: 'orders', replicaAssignment: [[3, 4, 5]] }],
    });
    s.apply({ type: 'broker.crash', broker: 5 });
    s.advanceTo(15_000);
    const all = metricSeries(s.state);
    expect(last(series(all, 'name=UnderReplicatedPartitions', 'broker-3'))).toBe(1);
    expect(last(series(all, 'name=UnderReplicatedPartitions', 'broker-4'))).toBe(0);
    const shrinks = series(all, 'name=IsrShrinksPerSec');
    expect(shrinks.points.some((p) => p.value > 0)).toBe(true);
    expect(last(series(all, 'name=ActiveControllerCount', 'broker-1'))).toBe(1);
    expect(last(series(all, 'name=ActiveControllerCount', 'broker-2'))).toBe(0);
    expect(last(series(all, 'name=ActiveControllerCount'))).toBe(1);
  });

  it('OfflinePartitionsCount, UnderMinIsrPartitionCount and UncleanLeaderElectionsPerSec', () => {
    const s = sim({
      brokers: 5,
      topics: [
        {
          name: 'orders',
          replicaAssignment: [[4, 5]],
          config: { 'min.insync.replicas': 2 },
        },
      ],
    });
    s.apply({ type: 'broker.crash', broker: 5 });
    s.advanceTo(12_000);
    let all = metricSeries(s.state);
    expect(last(series(all, 'name=UnderMinIsrPartitionCount', 'broker-4'))).toBe(1);
    s.apply({ type: 'broker.crash', broker: 4 });
    s.advanceTo(30_000);
    all = metricSeries(s.state);
    expect(last(series(all, 'name=OfflinePartitionsCount'))).toBe(1);
    s.apply({
      type: 'topic.setConfig',
      topic: 'orders',
      config: { 'unclean.leader.election.enable': true },
    });
    s.apply({ type: 'broker.restart', broker: 5 });
    s.advanceTo(40_000);
    all = metricSeries(s.state);
    expect(series(all, 'name=UncleanLeaderElectionsPerSec').points.some((p) => p.value > 0)).toBe(
      true,
    );
    expect(last(series(all, 'name=OfflinePartitionsCount'))).toBe(0);
  });
});

describe('producer metrics (client metric names)', () => {
  it('record-retry-rate, record-error-rate and request-latency-avg', () => {
    const s = sim({
      brokers: 5,
      topics: [
        { name: 'orders', replicaAssignment: [[3, 4, 5]], config: { 'min.insync.replicas': 2 } },
      ],
      producers: [
        {
          id: 'p',
          topic: 'orders',
          ratePerSec: 50,
          config: { acks: 'all', 'delivery.timeout.ms': 5000, 'request.timeout.ms': 2000 },
        },
      ],
    });
    s.advanceTo(5_000);
    let all = metricSeries(s.state);
    expect(last(series(all, 'request-latency-avg', 'p'))).toBeGreaterThan(0);
    s.apply({ type: 'broker.crash', broker: 4 });
    s.apply({ type: 'broker.crash', broker: 5 });
    s.advanceTo(40_000);
    all = metricSeries(s.state);
    expect(series(all, 'record-retry-rate', 'p').points.some((p) => p.value > 0)).toBe(true);
    expect(series(all, 'record-error-rate', 'p').points.some((p) => p.value > 0)).toBe(true);
  });
});
