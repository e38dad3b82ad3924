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

  it('a broken cluster stops the meaning checks (there is nothing to check them against)', () => {
    const r = loadScenario({ ...broken, name: 'n', cluster: { brokers: 'three' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual(['cluster.brokers']);
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
