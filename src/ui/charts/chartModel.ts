/**
 * What the charts draw, from engine state by pure functions: the engine samples its metrics
 * once per simulated second (state.stats.series, the last 600 samples) and `metricSeries`
 * turns them into series under Kafka's JMX and client metric names. Each chart here picks some
 * of those series and lines them up on one time axis (simulated seconds).
 */
import { percentile } from '../../engine/histogram.ts';
import { formatMs } from '../format.ts';
import { metricSeries, POSITION_LAG_MAX, type MetricSeries } from '../../engine/metrics.ts';
import type { SimState, StatsSample } from '../../engine/model.ts';

/** The most lines one chart draws; past it, the ones with the largest peaks are kept. */
export const MAX_LINES = 6;

export interface ChartLine {
  /** What the legend calls it: "broker 2", "billing", "checkout". */
  label: string;
  /** One value per x, null where the series has no sample (a client that came later). */
  values: (number | null)[];
  /** The newest value, for the legend. */
  last: number | null;
  /** Extra text after the value in the legend ("p99 since t=0: 41 ms"). */
  note?: string;
  /** Drawn dashed: a second view of the line before it (throughput out, a group's position lag). */
  dashed?: boolean;
  /** The palette colour, when it is another line's (a group's two lag lines); else its index. */
  colour?: number;
}

/** The palette index a line is drawn in: its own, or its position among the chart's lines. */
export function lineColour(l: ChartLine, index: number): number {
  return l.colour ?? index;
}

export interface ChartModel {
  id: 'throughput' | 'latency' | 'lag' | 'urp' | 'unowned';
  title: string;
  /** The Kafka metric names the lines come from, as a person would look them up. */
  metrics: string[];
  unit: string;
  /** Sample times in simulated seconds. */
  xs: number[];
  lines: ChartLine[];
  /** How many series were left out to keep the chart readable (see MAX_LINES). */
  hiddenLines: number;
  /** Said instead of a chart when there is nothing to draw yet. */
  empty: string | null;
  /** Small print under the title: what is simplified or how a value is derived. */
  footnote?: string;
  /** Whole counts (partitions, records): the y axis ticks only whole numbers. */
  integer?: boolean;
}

/** y tick steps for whole counts: 1, 2, 5, 10, 20, 50 … never a quarter of a partition. */
export const INTEGER_INCRS: readonly number[] = Array.from({ length: 30 }, (_, i) => {
  const decade = 10 ** Math.floor(i / 3);
  return [1, 2, 5][i % 3]! * decade;
});

/**
 * The y range: from zero, so a flat line at 3 does not look like a wild swing, to a little over
 * the peak; for whole counts, to a whole number at least 1, so the ticks stay whole.
 */
export function yRange(max: number, integer: boolean): [number, number] {
  if (!(max > 0)) return [0, 1];
  return integer ? [0, Math.max(1, Math.ceil(max * 1.1))] : [0, max * 1.1];
}

export const MESSAGES_IN = 'kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec';
export const URP = 'kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions';
export const RECORDS_CONSUMED = 'records-consumed-rate';
export const LATENCY_AVG = 'request-latency-avg';
export const QUEUE_TIME_AVG = 'record-queue-time-avg';
export const GROUP_LAG = 'consumer-group-lag';
export const RECORDS_LAG_MAX = 'records-lag-max';
export const UNOWNED = 'simulator:unowned-partitions';

/**
 * A line in palette colour `k` and, dashed in the same colour, a second view of it (a queue
 * time, a position lag), while every owner's two lines fit (`owners` × 2 ≤ MAX_LINES) and the
 * second has any point (a group that never had members has no position).
 */
function withCompanion(
  k: number,
  main: ChartLine,
  companion: ChartLine | undefined,
  owners: number,
): ChartLine[] {
  const first = { ...main, colour: k };
  if (!companion || companion.values.every((v) => v === null) || 2 * owners > MAX_LINES)
    return [first];
  return [first, { ...companion, dashed: true, colour: k }];
}

/** Values of `s` at each of `xsMs`, null where it has no point. */
function aligned(s: MetricSeries, xsMs: readonly number[]): (number | null)[] {
  const at = new Map(s.points.map((p) => [p.atMs, p.value]));
  return xsMs.map((x) => at.get(x) ?? null);
}

function line(label: string, values: (number | null)[], note?: string): ChartLine {
  let last: number | null = null;
  for (let i = values.length - 1; i >= 0 && last === null; i--) last = values[i] ?? null;
  return note === undefined ? { label, values, last } : { label, values, last, note };
}

function peak(l: ChartLine): number {
  let m = -Infinity;
  for (const v of l.values) if (v !== null && v > m) m = v;
  return m;
}

/** At most MAX_LINES lines: the ones with the highest peaks, in their original order. */
export function keepLargest(lines: ChartLine[]): { lines: ChartLine[]; hidden: number } {
  if (lines.length <= MAX_LINES) return { lines, hidden: 0 };
  const keep = new Set(
    lines
      .map((l, i) => ({ i, peak: peak(l) }))
      .sort((a, b) => b.peak - a.peak || a.i - b.i)
      .slice(0, MAX_LINES)
      .map((x) => x.i),
  );
  return { lines: lines.filter((_, i) => keep.has(i)), hidden: lines.length - MAX_LINES };
}

/**
 * Records returned by poll() per second, summed over every consumer: the samples hold the
 * cumulative count of the consumers present at each sample. A consumer that leaves takes its
 * count with it, so a drop is not a negative rate: such an interval counts 0.
 */
export function recordsConsumedRate(samples: readonly StatsSample[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const ms = b.atMs - a.atMs;
    const delta = Math.max(0, b.recordsConsumed - a.recordsConsumed);
    out.push(ms <= 0 ? 0 : Math.round((delta * 1000 * 100) / ms) / 100);
  }
  return out;
}

function chart(
  base: Omit<ChartModel, 'lines' | 'hiddenLines' | 'empty'>,
  all: ChartLine[],
  emptyText: string,
  waiting: boolean,
): ChartModel {
  const { lines, hidden } = keepLargest(all);
  const empty = waiting ? WAITING : lines.length === 0 ? emptyText : null;
  return { ...base, lines, hiddenLines: hidden, empty };
}

export const WAITING = 'Waiting for the first samples: one per simulated second.';

/** Every chart, in the order the panel shows them. */
export function chartModels(state: SimState): ChartModel[] {
  const samples = state.stats.series;
  const all = metricSeries(state);
  const byName = (name: string) => all.filter((s) => s.name === name);
  // Rates need two samples; every chart uses the same axis so they line up.
  const xsMs = samples.slice(1).map((s) => s.atMs);
  const xs = xsMs.map((ms) => ms / 1000);
  const waiting = samples.length < 2;

  const messagesIn = byName(MESSAGES_IN)[0];
  const consumed = recordsConsumedRate(samples);
  const throughput: ChartLine[] = waiting
    ? []
    : [
        line('in: MessagesInPerSec', messagesIn ? aligned(messagesIn, xsMs) : xs.map(() => null)),
        { ...line(`out: ${RECORDS_CONSUMED}`, consumed), dashed: true },
      ];

  // Per producer: the request's round trip, and dashed the time its batches waited in the
  // accumulator before it (linger.ms, a full buffer, retries): a record waits for both, and
  // with batching the second is most of it.
  const requestLatencies = byName(LATENCY_AVG);
  const queueTimes = new Map(byName(QUEUE_TIME_AVG).map((s) => [s.scope, s]));
  const latency = requestLatencies.flatMap((s, k) => {
    const p = state.producers.find((x) => x.id === s.scope);
    const p99 = p ? percentile(p.stats.latency, 99) : null;
    const note = p99 === null ? undefined : `p99 ${formatMs(p99)}`;
    const queue = queueTimes.get(s.scope);
    return withCompanion(
      k,
      line(s.scope ?? '', aligned(s, xsMs), note),
      queue && line(`${s.scope ?? ''} queue`, aligned(queue, xsMs)),
      requestLatencies.length,
    );
  });

  const urp = byName(URP).map((s) => line((s.scope ?? '').replace('-', ' '), aligned(s, xsMs)));
  // Per group: LAG from the committed offset, and dashed the largest records-lag of its members
  // (from their positions): the first saws up between auto commits, the second stays near 0
  // while the members keep up. Without it the first read as consumers falling behind.
  // The position line is the group's own series: its members as they were at each sample, so
  // one that leaves later still counts where it was a member.
  const positionLags = new Map(byName(POSITION_LAG_MAX).map((s) => [s.scope, s]));
  const groupLags = byName(GROUP_LAG);
  const lag = groupLags.flatMap((s, k) => {
    const group = s.scope ?? '';
    const positions = positionLags.get(group);
    return withCompanion(
      k,
      line(group, aligned(s, xsMs)),
      positions && line(`${group} position`, aligned(positions, xsMs)),
      groupLags.length,
    );
  });
  const unowned = byName(UNOWNED).map((s) => line(s.scope ?? '', aligned(s, xsMs)));

  return [
    chart(
      {
        id: 'throughput',
        title: 'Throughput',
        metrics: [MESSAGES_IN],
        unit: 'records/s',
        xs,
        footnote: `Records appended by partition leaders per second (${MESSAGES_IN}), and records poll() returned per second, summed over consumers (${RECORDS_CONSUMED}).`,
      },
      throughput,
      'No records yet.',
      waiting,
    ),
    chart(
      {
        id: 'latency',
        title: 'Produce latency',
        metrics: [LATENCY_AVG, QUEUE_TIME_AVG],
        unit: 'ms',
        xs,
        footnote:
          'request-latency-avg: the average produce round trip in each second. Dashed, “queue”: record-queue-time-avg, how long the batches sent in that second waited in the producer before it (linger.ms, a full buffer, retry backoff). A record waits for both. Kafka reports no p99; the p99 in the legend is of record latency (send to acknowledgement) since t = 0, from the producer’s histogram.',
      },
      latency,
      'No producers.',
      waiting,
    ),
    chart(
      {
        id: 'lag',
        title: 'Lag (committed)',
        metrics: [GROUP_LAG, RECORDS_LAG_MAX],
        unit: 'records',
        xs,
        integer: true,
        footnote:
          'Per group: the sum over its partitions of LOG-END-OFFSET minus CURRENT-OFFSET, the committed offset, as kafka-consumer-groups --describe reports LAG. Dashed, “position”: the largest records-lag-max of its members (high watermark minus the member’s position), what a member’s card shows. The committed lag saws up between auto commits (auto.commit.interval.ms) even while the members keep up.',
      },
      lag,
      'No consumer groups.',
      waiting,
    ),
    chart(
      {
        id: 'urp',
        title: 'Under-replicated',
        metrics: [URP],
        unit: 'partitions',
        integer: true,
        xs,
        footnote:
          'Per broker: partitions it leads with fewer in-sync replicas than replicas. As in Kafka, the internal __consumer_offsets topic’s partitions (50 by default) count too: after a broker failure the figure is mostly theirs.',
      },
      urp,
      'No brokers.',
      waiting,
    ),
    chart(
      {
        id: 'unowned',
        title: 'Unowned partitions',
        metrics: [UNOWNED],
        unit: 'partitions',
        integer: true,
        xs,
        footnote:
          'Partitions of a group that no member consumes: what a rebalance stops. The simulator measures it; Kafka has no such metric.',
      },
      unowned,
      'No consumer groups.',
      waiting,
    ),
  ];
}

/** A value as the legend shows it, with its unit. */
export function formatValue(v: number | null, unit: string): string {
  if (v === null) return '–';
  if (unit === 'ms') return formatMs(v);
  const rounded = Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
  return rounded.toLocaleString('en-US');
}

/**
 * What decides whether the charts need recomputing: a new sample, or a new simulation. The
 * engine samples once per simulated second, so between samples nothing a chart shows changes.
 */
export function chartSignature(state: SimState | null): string {
  if (!state) return '';
  const s = state.stats.series;
  return `${s.length}:${s[s.length - 1]?.atMs ?? -1}:${state.producers.length}:${state.groups.length}`;
}
