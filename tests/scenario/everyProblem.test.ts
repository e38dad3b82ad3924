import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';

const broken = {
  version: 1,
  seed: 1,
  cluster: { brokers: 2 },
  topics: [
    { name: 'x', partitions: 0, replicationFactor: 1 },
    { name: 'y', partitions: 2, replicationFactor: 3 },
  ],
  producers: [
    { id: 'p', topic: 'nope', config: { acks: 'two' } },
    { id: 'q', topic: 'y', config: { 'linger.ms': 'soon', 'batch.size': -1 } },
  ],
};

describe('an invalid scenario reports every problem at once, each with its JSON path', () => {
  it('structure, meaning and every bad config key together', () => {
    const r = loadScenario(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toEqual([
      'name',
      'topics[0].partitions',
      'topics[1].replicationFactor',
      'producers[0].topic',
      'producers[0].config.acks',
      'producers[1].topic',
      'producers[1].config.linger.ms',
      'producers[1].config.batch.size',
    ]);
    expect(r.problems.find((p) => p.path === 'producers[1].topic')?.reason).toMatch(
      /see topics\[1\]/,
    );
  });

  it('a broken broker count skips only the checks that depend on it', () => {
    const r = loadScenario({ ...broken, name: 'n', cluster: { brokers: 'three' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // topics[1].replicationFactor (3) is not checked: it depends on the broker count.
    expect(r.problems.map((p) => p.path)).toEqual([
      'cluster.brokers',
      'topics[0].partitions',
      'producers[0].topic',
      'producers[0].config.acks',
      'producers[1].config.linger.ms',
      'producers[1].config.batch.size',
    ]);
  });

  it('five independent problems come back together, each with its path', () => {
    const r = loadScenario({
      version: 1,
      name: 'five',
      // no seed
      cluster: { brokers: 0 },
      topics: [
        { name: 'orders', partitions: 3, replicationFactor: 3 },
        { name: 'clicks', partitions: 'three' },
      ],
      producers: [{ id: 'p', topic: 'orders', config: { acks: 'two' } }],
      consumerGroups: [
        { id: 'g', topics: ['orders'], members: 1, config: { 'fetch.min.bytes': -1 } },
      ],
      timeline: [{ at: 1000, command: { type: 'broker.explode', broker: 1 } }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path).sort()).toEqual(
      [
        'seed',
        'cluster.brokers',
        'topics[1].partitions',
        'producers[0].config.acks',
        'consumerGroups[0].config.fetch.min.bytes',
        'timeline[0].command.type',
      ].sort(),
    );
    for (const p of r.problems) expect(p.reason).not.toBe('');
  });

  it('a missing cluster or seed is reported once, and the entries are still checked', () => {
    const r = loadScenario({ ...broken, name: 'n', seed: undefined, cluster: undefined });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path);
    expect(paths.slice(0, 2)).toEqual(['seed', 'cluster']);
    expect(paths).not.toContain('cluster.brokers');
    expect(paths).toContain('producers[0].config.acks');
  });

  it('an entry with a structural problem is skipped, not its neighbours, nor blamed on them', () => {
    const r = loadScenario({
      version: 1,
      name: 'n',
      seed: 1,
      cluster: { brokers: 3 },
      topics: [
        { name: 'a', partitions: 'x' },
        { name: 'b', partitions: 0 },
        { name: 'c', partitions: 1 },
        { name: 'c', partitions: 2 },
      ],
      producers: [
        { id: 'pa', topic: 'a' },
        { id: 'pc', topic: 'c', config: { acks: 'two' } },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toEqual([
      'topics[0].partitions',
      'topics[3].name',
      'topics[1].partitions',
      'producers[0].topic',
      'producers[1].config.acks',
    ]);
    // The producer on the broken topic points at that topic's entry.
    expect(r.problems[3]?.reason).toMatch(/see topics\[0\]/);
  });

  it('a bad cluster config key or link setting does not hide the entries’ problems', () => {
    const r = loadScenario({
      ...broken,
      name: 'n',
      cluster: {
        brokers: 2,
        config: { 'eligible.leader.replicas.version': 2 },
        network: { latencyMs: 0 },
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path);
    expect(paths.slice(0, 2)).toEqual([
      'cluster.network.latencyMs',
      'cluster.config.eligible.leader.replicas.version',
    ]);
    expect(paths).toContain('topics[0].partitions');
    expect(paths).toContain('producers[1].config.batch.size');
  });
});
