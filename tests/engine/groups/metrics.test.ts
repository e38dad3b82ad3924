/**
 * Group metrics as time series (metrics.ts): rebalances, rebalance time, lag, and the
 * simulator's unowned-partition figures that show eager against cooperative.
 */
import { describe, expect, it } from 'vitest';
import { metricSeries, type MetricSeries } from '../../../src/engine/metrics.ts';
import { group, groupSim, runUntil, settled } from './helpers.ts';

function series(all: MetricSeries[], name: string, scope: string): MetricSeries {
  const found = all.find((m) => m.name === name && m.scope === scope);
  if (!found) throw new Error(`no metric ${name} (${scope})`);
  return found;
}

const last = (m: MetricSeries) => m.points.at(-1)!.value;

describe('consumer group metrics', () => {
  it('rebalance-total and rebalance-latency-total count the group’s rebalances; unowned partitions show during one', () => {
    const s = groupSim([group('billing', 2, {}, { processingTimeMs: 5 })], { partitions: 4 });
    runUntil(s, settled('billing', 2));
    s.advanceBy(2000);
    const before = last(series(metricSeries(s.state), 'rebalance-total', 'billing'));
    s.apply({ type: 'consumer.crash', consumer: 'billing-2' });
    s.advanceBy(1000);
    // billing-2's partitions are nobody's until the group has rebalanced.
    expect(last(series(metricSeries(s.state), 'simulator:unowned-partitions', 'billing'))).toBe(2);
    runUntil(s, settled('billing', 1), 20_000);
    s.advanceBy(1000);
    const all = metricSeries(s.state);
    expect(last(series(all, 'rebalance-total', 'billing'))).toBe(before + 1);
    expect(last(series(all, 'rebalance-latency-total', 'billing'))).toBeGreaterThan(0);
    expect(last(series(all, 'simulator:unowned-partitions', 'billing'))).toBe(0);
    expect(last(series(all, 'simulator:unowned-partition-ms', 'billing'))).toBeGreaterThan(
      2 * 2000,
    );
  });

  it('records-lag-max per consumer and the group lag grow when processing falls behind', () => {
    const s = groupSim([group('billing', 1, {}, { processingTimeMs: 50 })], { rate: 200 });
    runUntil(s, settled('billing', 1));
    s.advanceBy(5000);
    const all = metricSeries(s.state);
    expect(last(series(all, 'records-lag-max', 'billing-1'))).toBeGreaterThan(0);
    expect(last(series(all, 'consumer-group-lag', 'billing'))).toBeGreaterThan(100);
  });
});

describe('records consumed', () => {
  it('the cluster counter of consumed records never drops when a consumer leaves', () => {
    const s = groupSim([group('billing', 2)]);
    runUntil(s, settled('billing', 2));
    s.advanceBy(3000);
    const before = s.state.stats.recordsConsumed;
    expect(before).toBeGreaterThan(0);
    s.apply({ type: 'consumer.leave', consumer: 'billing-2' });
    s.advanceBy(2000);
    const samples = s.state.stats.series;
    for (let i = 1; i < samples.length; i++)
      expect(samples[i]!.recordsConsumed).toBeGreaterThanOrEqual(samples[i - 1]!.recordsConsumed);
    expect(s.state.stats.recordsConsumed).toBeGreaterThanOrEqual(before);
  });
});
