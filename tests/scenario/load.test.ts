import { describe, expect, it } from 'vitest';
import { formatProblem, loadScenario, loadScenarioText } from '../../src/scenario/load.ts';

const BASE = {
  version: 1,
  name: 'load',
  seed: 1,
  cluster: { brokers: 2 },
  topics: [{ name: 'orders', partitions: 2, replicationFactor: 2 }],
};

describe('loadScenario: structure here, meaning in the engine', () => {
  it('gives a simulation at time 0 for a valid scenario', () => {
    const r = loadScenario(BASE);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.simulation.state.nowMs).toBe(0);
    expect(r.simulation.state.topics.map((t) => t.name)).toEqual(['orders']);
  });

  it('stops at structural problems without asking the engine', () => {
    const r = loadScenario({ ...BASE, topics: [{ name: 'orders', partitions: 'two' }] });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['topics[0].partitions']);
  });

  it("reports the engine's semantic problems with their paths", () => {
    const r = loadScenario({
      ...BASE,
      topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'nope' }],
    });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual([
      'topics[0].replicationFactor',
      'producers[0].topic',
    ]);
  });

  it('reports a bad config value at its key', () => {
    const r = loadScenario({
      ...BASE,
      producers: [{ id: 'p', topic: 'orders', config: { acks: 'two' } }],
    });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['producers[0].config.acks']);
  });

  it('loads from text too, and reports invalid JSON as one problem', () => {
    expect(loadScenarioText(JSON.stringify(BASE)).ok).toBe(true);
    const r = loadScenarioText('{"version": 1');
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^scenario: not valid JSON: /),
    ]);
  });
});

describe('formatProblem', () => {
  it('prints "path: reason", naming the whole file "scenario"', () => {
    expect(formatProblem({ path: 'topics[0].partitions', reason: 'bad' })).toBe(
      'topics[0].partitions: bad',
    );
    expect(formatProblem({ path: '', reason: 'bad' })).toBe('scenario: bad');
  });
});
