import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/engine/simulation.ts';
import { buildReport, REPORT_NOTES } from '../../src/engine/report.ts';
import type { SimState } from '../../src/engine/model.ts';

function run(untilMs: number): SimState {
  const created = createSimulation({
    seed: 1,
    brokers: 3,
    topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 50, keys: ['a', 'b', 'c'] }],
    consumers: [
      {
        id: 'c',
        assign: ['orders-0', 'orders-1'],
        config: { 'auto.offset.reset': 'earliest', 'group.id': 'g' },
      },
    ],
  });
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  created.simulation.advanceTo(untilMs);
  return created.simulation.state;
}

/** Every number in a JSON value, with its path. */
function numbers(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  }
  return [];
}

describe('buildReport (DESIGN.md "Headless runner")', () => {
  it('holds the fields of the design, in a fixed order', () => {
    const report = buildReport(run(3000));
    expect(Object.keys(report)).toEqual([
      'timeMs',
      'controller',
      'brokers',
      'partitions',
      'producers',
      'consumers',
      'groups',
      'connectors',
      'acknowledgedLost',
      'acknowledgedLostRecords',
      'invariantViolations',
      'notes',
    ]);
    expect(report.timeMs).toBe(3000);
    expect(Object.keys(report.brokers[0]!)).toEqual([
      'id',
      'alive',
      'isolated',
      'controller',
      'voter',
      'fenced',
      'inControlledShutdown',
      'pageCache',
      // A topic is compacted (the group's __consumer_offsets): the broker's log cleaner.
      'logCleaner',
    ]);
    expect(Object.keys(report.partitions[0]!)).toEqual([
      'topic',
      'partition',
      'leader',
      'leaderEpoch',
      'replicas',
      'isr',
      'elr',
      'logStartOffset',
      'logEndOffset',
      'highWatermark',
      'replicaLogEndOffsets',
    ]);
    expect(Object.keys(report.producers[0]!)).toEqual([
      'id',
      'sent',
      'acked',
      'failed',
      'errors',
      'retries',
      'requests',
      'batches',
      'batchSplits',
      'blockedMs',
      'duplicateRecords',
      'reorderedBatches',
      'acknowledgedLost',
      'latencyMs',
      'batchFillAvg',
      'idempotence',
    ]);
    expect(Object.keys(report.consumers[0]!)).toEqual([
      'id',
      'assignment',
      'positions',
      'lag',
      'recordsConsumed',
      'committed',
      'offsetResets',
      'errors',
    ]);
  });

  it("reads partition offsets from the leader's log", () => {
    const state = run(3000);
    const report = buildReport(state);
    // The consumer's group.id also made the brokers create __consumer_offsets.
    expect(report.partitions.some((p) => p.topic === '__consumer_offsets')).toBe(true);
    for (const p of report.partitions.filter((x) => x.topic === 'orders')) {
      const partition = state.topics[0]!.partitions[p.partition]!;
      const leaderLog = partition.replicaLogs.find((r) => r.brokerId === partition.leader)!;
      expect(p.leader).toBe(partition.leader);
      expect(p.logEndOffset).toBe(leaderLog.log.logEndOffset);
      expect(p.highWatermark).toBe(leaderLog.highWatermark);
    }
    expect(report.partitions.reduce((n, p) => n + p.logEndOffset, 0)).toBeGreaterThan(100);
  });

  it("shows an offline partition with leader null and the first replica's log", () => {
    const state = run(2000);
    const p = state.topics[0]!.partitions[0]!;
    const copy: SimState = JSON.parse(JSON.stringify(state));
    copy.topics[0]!.partitions[0]!.leader = null;
    const report = buildReport(copy);
    expect(report.partitions[0]!.leader).toBeNull();
    expect(report.partitions[0]!.logEndOffset).toBe(p.replicaLogs[0]!.log.logEndOffset);
  });

  it('gives producer counts, latency percentiles and the average batch fill', () => {
    const [p] = buildReport(run(3000)).producers;
    expect(p!.sent).toBe(150);
    expect(p!.acked).toBeGreaterThan(140);
    expect(p!.latencyMs.p50).toBeGreaterThan(0);
    expect(p!.latencyMs.p99! >= p!.latencyMs.p50!).toBe(true);
    expect(p!.latencyMs.max! >= p!.latencyMs.p99!).toBe(true);
    expect(p!.batchFillAvg).toBeGreaterThan(0);
    expect(p!.batchFillAvg).toBeLessThanOrEqual(1);
  });

  it('says null, not 0, for latency and batch fill before any data', () => {
    const [p] = buildReport(run(0)).producers;
    expect(p!.latencyMs).toEqual({ p50: null, p99: null, max: null });
    expect(p!.batchFillAvg).toBeNull();
  });

  it('gives each consumer its positions, lag against the high watermark and committed offsets', () => {
    const state = run(8000);
    const report = buildReport(state);
    const c = report.consumers[0]!;
    expect(c.assignment).toEqual(['orders-0', 'orders-1']);
    for (const tp of c.assignment) {
      const p = report.partitions.find((x) => `${x.topic}-${x.partition}` === tp)!;
      expect(c.lag[tp]).toBe(p.highWatermark - c.positions[tp]!);
    }
    // enable.auto.commit with a group.id commits every auto.commit.interval.ms (5000 by default).
    expect(Object.values(c.committed).every((o) => typeof o === 'number')).toBe(true);
    expect(c.recordsConsumed).toBeGreaterThan(0);
  });

  it('names the active controller and its voters, and says what is simplified', () => {
    const report = buildReport(run(1000));
    expect(report.brokers.filter((b) => b.controller).map((b) => b.id)).toEqual([1]);
    expect(report.controller).toEqual({ active: 1, epoch: 1, voters: [1, 2, 3], outage: null });
    // The standalone consumer's group exists once its first commit reached the coordinator.
    expect(report.groups).toEqual([]);
    expect(buildReport(run(6000)).groups.map((g) => [g.id, g.state, g.members])).toEqual([
      ['g', 'Empty', []],
    ]);
    expect(report.acknowledgedLost).toBe(0);
    expect(report.acknowledgedLostRecords).toEqual([]);
    expect(report.notes).toEqual(REPORT_NOTES);
    expect(report.notes.join(' ')).toMatch(/classic protocol/);
    expect(report.notes.join(' ')).toMatch(/quorum is simplified/);
  });

  it('lists the invariant violations it is given', () => {
    expect(buildReport(run(0), ['x broke']).invariantViolations).toEqual(['x broke']);
    expect(buildReport(run(0)).invariantViolations).toEqual([]);
  });

  it('holds only finite numbers, and the same state gives the same bytes', () => {
    const state = run(4000);
    const text = JSON.stringify(buildReport(state));
    for (const [path, n] of numbers(JSON.parse(text))) expect(Number.isFinite(n), path).toBe(true);
    expect(JSON.stringify(buildReport(JSON.parse(JSON.stringify(state)) as SimState))).toBe(text);
  });

  it('sorts error names so their order never depends on which came first', () => {
    const state = run(1000);
    state.producers[0]!.stats.errors = { REQUEST_TIMED_OUT: 2, NOT_LEADER_OR_FOLLOWER: 1 };
    expect(Object.keys(buildReport(state).producers[0]!.errors)).toEqual([
      'NOT_LEADER_OR_FOLLOWER',
      'REQUEST_TIMED_OUT',
    ]);
  });
});
