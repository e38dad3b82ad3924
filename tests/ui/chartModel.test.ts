import { describe, expect, it } from 'vitest';
import { metricSeries } from '../../src/engine/metrics.ts';
import type { StatsSample } from '../../src/engine/model.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import {
  chartModels,
  chartSignature,
  formatValue,
  INTEGER_INCRS,
  keepLargest,
  MAX_LINES,
  MESSAGES_IN,
  recordsConsumedRate,
  URP,
  WAITING,
  yRange,
  type ChartLine,
} from '../../src/ui/charts/chartModel.ts';

function run(name: string) {
  const loaded = loadScenario(findShippedScenario(name)!.json);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.simulation;
}

function sample(atMs: number, recordsConsumed: number): StatsSample {
  return { atMs, recordsConsumed } as StatsSample;
}

describe('chart models', () => {
  it('wait for two samples before drawing anything', () => {
    const sim = run('hello');
    sim.advanceTo(1500);
    const charts = chartModels(sim.state);
    expect(charts.map((c) => c.id)).toEqual(['throughput', 'latency', 'lag', 'urp', 'unowned']);
    for (const c of charts) expect(c.empty).toBe(WAITING);
  });

  it('name the Kafka metric each chart draws', () => {
    const sim = run('hello');
    sim.advanceTo(5000);
    const [throughput, latency, lag, urp, unowned] = chartModels(sim.state);
    expect(throughput!.metrics[0]).toBe(MESSAGES_IN);
    expect(latency!.metrics).toEqual(['request-latency-avg', 'record-queue-time-avg']);
    expect(lag!.metrics).toEqual(['consumer-group-lag', 'records-lag-max']);
    expect(urp!.metrics).toEqual([URP]);
    expect(unowned!.metrics).toEqual(['simulator:unowned-partitions']);
  });

  it('counts of partitions and records get whole ticks only; the lag chart says which lag', () => {
    const sim = run('hello');
    sim.advanceTo(5000);
    const [throughput, latency, lag, urp, unowned] = chartModels(sim.state);
    expect([urp!.integer, unowned!.integer, lag!.integer]).toEqual([true, true, true]);
    expect(throughput!.integer).toBeFalsy();
    expect(latency!.integer).toBeFalsy();
    expect(INTEGER_INCRS.slice(0, 7)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(INTEGER_INCRS.every((x) => Number.isInteger(x))).toBe(true);
    // One under-replicated partition: the axis goes 0 … 2, never 0.25.
    expect(yRange(1, true)).toEqual([0, 2]);
    expect(yRange(0, true)).toEqual([0, 1]);
    expect(yRange(3, false)).toEqual([0, 3 * 1.1]);
    expect(lag!.title).toBe('Lag (committed)');
    expect(lag!.footnote).toMatch(/CURRENT-OFFSET, the committed offset/);
    expect(lag!.footnote).toMatch(/records-lag/);
  });

  it('throughput in follows the producer’s rate, and the consumer reads as much', () => {
    const sim = run('hello'); // checkout produces 20 records/s, billing reads them all
    sim.advanceTo(10_000);
    const t = chartModels(sim.state)[0]!;
    expect(t.empty).toBeNull();
    expect(t.xs).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [inLine, outLine] = t.lines;
    expect(inLine!.last).toBeCloseTo(20, -1);
    expect(outLine!.last).toBeCloseTo(20, -1);
    for (const l of t.lines) expect(l.values).toHaveLength(t.xs.length);
  });

  it('shows request-latency-avg per producer with the p99 of its latency histogram', () => {
    const sim = run('hello');
    sim.advanceTo(5000);
    const latency = chartModels(sim.state)[1]!;
    expect(latency.lines.map((l) => l.label)).toEqual(['checkout', 'checkout queue']);
    expect(latency.lines[0]!.last).toBeGreaterThan(0);
    expect(latency.lines[0]!.note).toMatch(/^p99 [\d.]+ m?s$/);
    expect(latency.lines[1]!.dashed).toBe(true);
  });

  it('shows what linger.ms costs: record-queue-time-avg (Sender queue time) beside the round trip', () => {
    const sim = run('batching-tradeoff');
    sim.advanceTo(20_000);
    const lines = chartModels(sim.state)[1]!.lines;
    const last = (label: string) => lines.find((l) => l.label === label)!.last!;
    // linger.ms=100 at 1,000 records/s: batches wait for their linger; linger.ms=0: hardly.
    expect(last('linger-100 queue')).toBeGreaterThan(50);
    expect(last('no-linger queue')).toBeLessThan(10);
    expect(last('linger-100 queue') + last('linger-100')).toBeGreaterThan(
      last('no-linger queue') + last('no-linger'),
    );
  });

  it('counts under-replicated partitions per broker once a follower is dead', () => {
    const sim = run('hello');
    sim.advanceTo(2000);
    sim.apply({ type: 'broker.crash', broker: 3 });
    sim.advanceTo(45_000); // past replica.lag.time.max.ms (30 s): broker 3 leaves every ISR
    const urp = chartModels(sim.state)[3]!;
    expect(urp.lines.map((l) => l.label)).toEqual(['broker 1', 'broker 2', 'broker 3']);
    const total = urp.lines.reduce((n, l) => n + (l.last ?? 0), 0);
    expect(total).toBe(3);
  });

  it('lag and unowned partitions: one line per group, and a note when there is none', () => {
    const sim = run('hello');
    sim.advanceTo(3000);
    const [, , lag, , unowned] = chartModels(sim.state);
    expect(lag!.lines).toEqual([]);
    expect(lag!.empty).toBe('No consumer groups.');
    expect(unowned!.empty).toBe('No consumer groups.');
    const grouped = run('group-member-crash');
    grouped.advanceTo(8000);
    const [, , lag2, , unowned2] = chartModels(grouped.state);
    // Per group: the committed lag, and dashed in the same colour the members' position lag.
    const group = grouped.state.groups[0]!.groupId;
    expect(lag2!.lines.map((l) => [l.label, l.dashed ?? false, l.colour])).toEqual([
      [group, false, 0],
      [`${group} position`, true, 0],
    ]);
    expect(unowned2!.lines[0]!.label).toBe(group);
  });

  it('the position lag is the largest records-lag-max of the group’s members at each sample', () => {
    const sim = run('classroom');
    sim.advanceTo(30_000);
    const lag = chartModels(sim.state)[2]!;
    const position = lag.lines.find((l) => l.label === 'billing position')!;
    const committed = lag.lines.find((l) => l.label === 'billing')!;
    const members = sim.state.consumers.filter((c) => c.group?.groupId === 'billing');
    expect(members.length).toBe(2);
    const newest = metricSeries(sim.state)
      .filter((m) => m.name === 'records-lag-max' && members.some((c) => c.id === m.scope))
      .map((m) => m.points[m.points.length - 1]!.value);
    expect(position.last).toBe(Math.max(...newest));
    // The members keep up: far below the committed lag, which saws up between auto commits.
    expect(Math.max(...position.values.map((v) => v ?? 0))).toBeLessThan(
      Math.max(...committed.values.map((v) => v ?? 0)),
    );
  });

  it('the position lag keeps its history when a member leaves the group', () => {
    const sim = run('consumer-parallelism');
    sim.advanceTo(30_000);
    const positionAt = () =>
      chartModels(sim.state)[2]!.lines.find((l) => l.label === 'indexer position')!.values;
    const before = positionAt();
    // The member with the larger lag leaves: the line must not forget what it was.
    const peak = (id: string) =>
      Math.max(
        ...metricSeries(sim.state)
          .find((m) => m.name === 'records-lag-max' && m.scope === id)!
          .points.map((p) => p.value),
      );
    const leaving = peak('indexer-1') >= peak('indexer-2') ? 'indexer-1' : 'indexer-2';
    expect(peak(leaving)).toBeGreaterThan(0);
    sim.apply({ type: 'consumer.leave', consumer: leaving });
    // Before the timeline's next member (at 35 s) takes a free id again.
    sim.advanceTo(34_000);
    expect(sim.state.consumers.some((c) => c.id === leaving)).toBe(false);
    expect(positionAt().slice(0, before.length)).toEqual(before);
  });

  it('a consumer that leaves does not make the consumed rate negative', () => {
    const rates = recordsConsumedRate([sample(0, 0), sample(1000, 50), sample(2000, 20)]);
    expect(rates).toEqual([50, 0]);
    expect(recordsConsumedRate([sample(0, 0), sample(500, 10)])).toEqual([20]);
  });

  it('keeps the lines with the highest peaks when there are too many', () => {
    const lines: ChartLine[] = Array.from({ length: MAX_LINES + 2 }, (_, i) => ({
      label: `l${i}`,
      values: [i === 0 ? 100 : i],
      last: i,
    }));
    const kept = keepLargest(lines);
    expect(kept.hidden).toBe(2);
    expect(kept.lines.map((l) => l.label)).toEqual(['l0', 'l3', 'l4', 'l5', 'l6', 'l7']);
  });

  it('changes its signature only when a sample is added or clients come and go', () => {
    const sim = run('hello');
    sim.advanceTo(2000);
    const a = chartSignature(sim.state);
    sim.advanceTo(2500);
    expect(chartSignature(sim.state)).toBe(a);
    sim.advanceTo(3000);
    expect(chartSignature(sim.state)).not.toBe(a);
  });

  it('formats values with their unit', () => {
    expect(formatValue(null, 'ms')).toBe('–');
    expect(formatValue(4.26, 'ms')).toBe('4.3 ms');
    expect(formatValue(12_345, 'ms')).toBe('12.3 s');
    expect(formatValue(1234.4, 'records/s')).toBe('1,234');
    expect(formatValue(2.25, 'records')).toBe('2.3');
  });
});
