/**
 * Metrics under Kafka's own JMX names, sampled once per simulated second into
 * `state.stats.series` (the last 600 samples), for the canvas's charts and the report.
 * Counters are kept cumulative in the samples; `metricSeries` turns them into per-second
 * rates as Kafka's Meter "PerSec" metrics report them (here: over the last sample interval).
 */
import { topicSettings } from './config.ts';
import { findTopic, leaderLog, ownGet } from './context.ts';
import { unownedMsNow } from './groupDescribe.ts';
import type { GroupState } from './groupTypes.ts';
import type { ConsumerState, GroupSample, SimState, StatsSample } from './model.ts';

export const SAMPLES_KEPT = 600;

/** Gauges as the controller and each partition's leader see them now. */
export function gauges(
  state: SimState,
): Pick<StatsSample, 'offlinePartitions' | 'activeController' | 'underReplicated' | 'underMinIsr'> {
  const index = new Map(state.brokers.map((b, i) => [b.id, i]));
  const underReplicated = state.brokers.map(() => 0);
  const underMinIsr = state.brokers.map(() => 0);
  let offlinePartitions = 0;
  for (const t of state.topics) {
    const minIsr = topicSettings(t.config, state.cluster.brokerConfig).minInsyncReplicas;
    for (const p of t.partitions) {
      if (p.leader === null) {
        offlinePartitions++;
        continue;
      }
      const i = index.get(p.leader);
      if (i === undefined) continue;
      // Partition.isUnderReplicated: during a reassignment the replication factor is the
      // replicas minus those being added (OngoingReassignmentState), so a move is not counted.
      const rf = p.replicas.length - p.addingReplicas.length;
      if (p.isr.length < rf) underReplicated[i]!++;
      if (p.isr.length < Math.min(minIsr, rf)) underMinIsr[i]!++;
    }
  }
  return {
    offlinePartitions,
    activeController: state.controller.active,
    underReplicated,
    underMinIsr,
  };
}

function groupSample(state: SimState, g: GroupState): GroupSample {
  let unowned = 0;
  for (const key of Object.keys(g.observed.owners))
    if (ownGet(g.observed.owners, key)!.unownedSinceMs !== null) unowned++;
  let lag = 0;
  for (const o of g.offsets) {
    const p = findTopic(state, o.topic)?.partitions[o.partition];
    const r = p ? (leaderLog(p) ?? p.replicaLogs[0]) : undefined;
    if (r) lag += Math.max(0, r.highWatermark - o.offset);
  }
  const o = g.observed;
  return {
    id: g.groupId,
    state: g.state,
    members: g.members.length,
    rebalances: o.rebalances,
    rebalanceMs:
      o.totalRebalanceMs +
      (o.rebalanceStartedAtMs === null ? 0 : state.nowMs - o.rebalanceStartedAtMs),
    unownedPartitions: unowned,
    unownedMs: unownedMsNow(state, g),
    lag,
  };
}

/** records-lag-max: a consumer's largest lag, high watermark minus its position. */
function recordsLagMax(c: ConsumerState): number {
  return c.assignment.reduce(
    (n, a) => Math.max(n, a.position === null ? 0 : a.highWatermark - a.position),
    0,
  );
}

/** The largest records-lag-max among the group's consumers now (0 without any). */
function positionLag(
  state: SimState,
  groupId: string,
  consumers: readonly { id: string; lagMax: number }[],
): number {
  let max = 0;
  state.consumers.forEach((c, i) => {
    if (c.group?.groupId === groupId) max = Math.max(max, consumers[i]!.lagMax);
  });
  return max;
}

export function sampleMetrics(state: SimState): void {
  const st = state.stats;
  const consumers = state.consumers.map((c) => ({ id: c.id, lagMax: recordsLagMax(c) }));
  st.series.push({
    atMs: state.nowMs,
    messagesIn: st.messagesIn,
    bytesIn: st.bytesIn,
    recordsConsumed: st.recordsConsumed,
    failedProduceRequests: st.failedProduceRequests,
    leaderElections: st.leaderElections,
    uncleanLeaderElections: st.uncleanLeaderElections,
    isrShrinks: st.isrShrinks,
    isrExpands: st.isrExpands,
    ...gauges(state),
    groups: state.groups.map((g) => ({
      ...groupSample(state, g),
      positionLag: positionLag(state, g.groupId, consumers),
    })),
    consumers,
    producers: state.producers.map((p) => ({
      id: p.id,
      failed: p.stats.failed,
      retries: p.stats.retries,
      requests: p.stats.responses,
      latencySumMs: p.stats.requestLatencySumMs,
      batches: p.stats.batchesSent,
      queueTimeSumMs: p.stats.queueTimeSumMs ?? 0,
    })),
  });
  if (st.series.length > SAMPLES_KEPT) st.series.shift();
}

export interface MetricPoint {
  atMs: number;
  value: number;
}

export interface MetricSeries {
  /** Kafka's JMX name (brokers) or client metric name (producers). */
  name: string;
  /** The broker or producer it belongs to, or null for the cluster. */
  scope: string | null;
  points: MetricPoint[];
}

type Counter =
  | 'messagesIn'
  | 'bytesIn'
  | 'failedProduceRequests'
  | 'leaderElections'
  | 'uncleanLeaderElections'
  | 'isrShrinks'
  | 'isrExpands';

const RATES: [string, Counter][] = [
  ['kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec', 'messagesIn'],
  ['kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec', 'bytesIn'],
  [
    'kafka.server:type=BrokerTopicMetrics,name=FailedProduceRequestsPerSec',
    'failedProduceRequests',
  ],
  ['kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs', 'leaderElections'],
  [
    'kafka.controller:type=ControllerStats,name=UncleanLeaderElectionsPerSec',
    'uncleanLeaderElections',
  ],
  ['kafka.server:type=ReplicaManager,name=IsrShrinksPerSec', 'isrShrinks'],
  ['kafka.server:type=ReplicaManager,name=IsrExpandsPerSec', 'isrExpands'],
];

function perSecond(delta: number, ms: number): number {
  return ms <= 0 ? 0 : Math.round((delta * 1000 * 100) / ms) / 100;
}

/** Every metric as a time series over the kept samples. */
export function metricSeries(state: SimState): MetricSeries[] {
  const samples = state.stats.series;
  const out: MetricSeries[] = [];
  for (const [name, key] of RATES) {
    const points: MetricPoint[] = [];
    for (let i = 1; i < samples.length; i++) {
      const a = samples[i - 1]!;
      const b = samples[i]!;
      points.push({ atMs: b.atMs, value: perSecond(b[key] - a[key], b.atMs - a.atMs) });
    }
    out.push({ name, scope: null, points });
  }
  out.push({
    name: 'kafka.controller:type=KafkaController,name=OfflinePartitionsCount',
    scope: null,
    points: samples.map((s) => ({ atMs: s.atMs, value: s.offlinePartitions })),
  });
  out.push({
    name: 'kafka.controller:type=KafkaController,name=ActiveControllerCount',
    scope: null,
    points: samples.map((s) => ({ atMs: s.atMs, value: s.activeController === null ? 0 : 1 })),
  });
  state.brokers.forEach((broker, i) => {
    for (const [name, key] of [
      ['kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions', 'underReplicated'],
      ['kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount', 'underMinIsr'],
    ] as const) {
      out.push({
        name,
        scope: `broker-${broker.id}`,
        points: samples.map((s) => ({ atMs: s.atMs, value: s[key][i] ?? 0 })),
      });
    }
    out.push({
      name: 'kafka.controller:type=KafkaController,name=ActiveControllerCount',
      scope: `broker-${broker.id}`,
      points: samples.map((s) => ({
        atMs: s.atMs,
        value: s.activeController === broker.id ? 1 : 0,
      })),
    });
  });
  // Per-sample indexes by id: clients come and go, so a sample's lists are looked up by id.
  const producersAt = samples.map((x) => new Map(x.producers.map((y) => [y.id, y])));
  const consumersAt = samples.map((x) => new Map(x.consumers.map((y) => [y.id, y])));
  const groupsAt = samples.map((x) => new Map(x.groups.map((y) => [y.id, y])));
  for (const p of state.producers) {
    const errors: MetricPoint[] = [];
    const retries: MetricPoint[] = [];
    const latency: MetricPoint[] = [];
    const queueTime: MetricPoint[] = [];
    for (let i = 1; i < samples.length; i++) {
      const a = producersAt[i - 1]!.get(p.id);
      const b = producersAt[i]!.get(p.id);
      if (!a || !b) continue;
      const ms = samples[i]!.atMs - samples[i - 1]!.atMs;
      const at = samples[i]!.atMs;
      errors.push({ atMs: at, value: perSecond(b.failed - a.failed, ms) });
      retries.push({ atMs: at, value: perSecond(b.retries - a.retries, ms) });
      const n = b.requests - a.requests;
      latency.push({
        atMs: at,
        value: n === 0 ? 0 : Math.round(((b.latencySumMs - a.latencySumMs) * 100) / n) / 100,
      });
      const batches = (b.batches ?? 0) - (a.batches ?? 0);
      if (a.queueTimeSumMs !== undefined && b.queueTimeSumMs !== undefined)
        queueTime.push({
          atMs: at,
          value:
            batches <= 0
              ? 0
              : Math.round(((b.queueTimeSumMs - a.queueTimeSumMs) * 100) / batches) / 100,
        });
    }
    out.push({ name: 'record-error-rate', scope: p.id, points: errors });
    out.push({ name: 'record-retry-rate', scope: p.id, points: retries });
    out.push({ name: 'request-latency-avg', scope: p.id, points: latency });
    out.push({ name: 'record-queue-time-avg', scope: p.id, points: queueTime });
  }
  for (const c of state.consumers) {
    const points: MetricPoint[] = [];
    samples.forEach((sample, i) => {
      const x = consumersAt[i]!.get(c.id);
      if (x) points.push({ atMs: sample.atMs, value: x.lagMax });
    });
    out.push({ name: 'records-lag-max', scope: c.id, points });
  }
  for (const g of state.groups) out.push(...groupSeries(samples, groupsAt, g.groupId));
  return out;
}

/**
 * Per group: the largest records-lag-max among its members at each sample (Kafka has no group
 * figure from positions; kafka-consumer-groups' LAG is from the committed offsets).
 */
export const POSITION_LAG_MAX = 'simulator:members-records-lag-max';

/**
 * A group's series: the consumer-coordinator-metrics rebalance-total and rebalance-latency-total
 * (counted once per group rather than per member), kafka-consumer-groups' summed LAG, and the
 * simulator's own unowned-partition figures (no Kafka metric measures them).
 */
function groupSeries(
  samples: StatsSample[],
  groupsAt: Map<string, GroupSample>[],
  id: string,
): MetricSeries[] {
  const points = (value: (g: GroupSample) => number | undefined): MetricPoint[] => {
    const out: MetricPoint[] = [];
    samples.forEach((s, i) => {
      const g = groupsAt[i]!.get(id);
      const v = g ? value(g) : undefined;
      if (v !== undefined) out.push({ atMs: s.atMs, value: v });
    });
    return out;
  };
  return [
    { name: 'rebalance-total', scope: id, points: points((g) => g.rebalances) },
    { name: 'rebalance-latency-total', scope: id, points: points((g) => g.rebalanceMs) },
    { name: 'consumer-group-lag', scope: id, points: points((g) => g.lag) },
    // Without members there is no position to lag: no point (a gap in the chart's line).
    {
      name: POSITION_LAG_MAX,
      scope: id,
      points: points((g) => (g.members > 0 ? g.positionLag : undefined)),
    },
    { name: 'simulator:unowned-partitions', scope: id, points: points((g) => g.unownedPartitions) },
    { name: 'simulator:unowned-partition-ms', scope: id, points: points((g) => g.unownedMs) },
  ];
}
