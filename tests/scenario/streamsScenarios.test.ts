/**
 * Kafka Streams in scenario files: the `streams` block of a consumer group, its validation with
 * JSON paths, and the shipped `streams-pipeline` scenario.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { buildReport } from '../../src/engine/report.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';

const BASE = {
  version: 1,
  name: 'streams',
  seed: 1,
  cluster: { brokers: 1 },
  topics: [
    { name: 'clicks', partitions: 2, replicationFactor: 1 },
    { name: 'clicks-enriched', partitions: 2, replicationFactor: 1 },
  ],
};

function problemsOf(streams: unknown, config?: Record<string, unknown>) {
  const r = loadScenario({
    ...BASE,
    consumerGroups: [
      { id: 'enricher', topics: ['clicks'], members: 1, streams, ...(config ? { config } : {}) },
    ],
  });
  return r.ok ? [] : r.problems;
}

describe('scenario streams block', () => {
  it('accepts a Streams application writing to another topic', () => {
    expect(problemsOf({ to: 'clicks-enriched' })).toEqual([]);
  });

  it('reports a missing or unknown field of the streams block at its path', () => {
    expect(problemsOf({}).map((p) => p.path)).toEqual(['consumerGroups[0].streams.to']);
    expect(problemsOf({ to: 'clicks-enriched', too: 1 }).map((p) => p.path)).toEqual([
      'consumerGroups[0].streams.too',
    ]);
    expect(problemsOf('clicks-enriched').map((p) => p.path)).toEqual(['consumerGroups[0].streams']);
  });

  it('reports an output topic that does not exist', () => {
    const p = problemsOf({ to: 'nope' });
    expect(p.map((x) => x.path)).toEqual(['consumerGroups[0].streams.to']);
    expect(p[0]?.reason).toMatch(/does not exist/);
  });

  it('reports an output topic that is also an input topic', () => {
    const p = problemsOf({ to: 'clicks' });
    expect(p.map((x) => x.path)).toEqual(['consumerGroups[0].streams.to']);
    expect(p[0]?.reason).toMatch(/also an input topic/);
  });

  it('reports a bad commit.interval.ms', () => {
    const p = problemsOf({ to: 'clicks-enriched', config: { 'commit.interval.ms': 'often' } });
    expect(p.map((x) => x.path)).toEqual(['consumerGroups[0].streams.config.commit.interval.ms']);
  });

  it('refuses exactly_once_v2, saying transactions are not simulated', () => {
    const p = problemsOf({
      to: 'clicks-enriched',
      config: { 'processing.guarantee': 'exactly_once_v2' },
    });
    expect(p.map((x) => x.path)).toEqual(['consumerGroups[0].streams.config.processing.guarantee']);
    expect(p[0]?.reason).toMatch(/transactions/);
  });

  it('refuses enable.auto.commit=true on a Streams application', () => {
    const p = problemsOf({ to: 'clicks-enriched' }, { 'enable.auto.commit': true });
    expect(p.map((x) => x.path)).toEqual(['consumerGroups[0].config.enable.auto.commit']);
  });
});

describe('shipped scenario streams-pipeline', () => {
  it('web → clicks → enricher → clicks-enriched → dashboard; the crash of enricher-2 duplicates outputs downstream', () => {
    const loaded = loadScenario(findShippedScenario('streams-pipeline')?.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const s = loaded.simulation;
    s.advanceTo(24000);
    let r = buildReport(s.state);
    const before = r.groups.find((g) => g.id === 'enricher')!.streams!;
    expect(before.recordsProduced).toBeGreaterThan(200);
    expect(before.commits).toBeGreaterThan(0);
    expect(before.duplicatesProduced).toBe(0);
    s.advanceTo(60000);
    expect(checkInvariants(s.state)).toEqual([]);
    r = buildReport(s.state);
    const after = r.groups.find((g) => g.id === 'enricher')!.streams!;
    expect(after.duplicatesProduced).toBeGreaterThan(0);
    expect(after.members.map((m) => m.consumer)).toEqual(['enricher-1']);
    // The dashboard reads the output topic: it sees the duplicates too.
    const dashboard = r.consumers.find((c) => c.id === 'dashboard-1')!;
    expect(dashboard.recordsConsumed).toBeGreaterThan(after.recordsProduced - 100);
  });
});
