import { describe, expect, it } from 'vitest';
import { findShippedScenario, SHIPPED_SCENARIOS } from '../../src/scenario/shipped.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { parseScenario } from '../../src/scenario/parse.ts';

const REQUIRED = ['hello', 'keys-and-partitions', 'retention', 'classroom', 'large', 'stress'];

describe('shipped scenarios', () => {
  it('ship every scenario the page and the benchmarks use', () => {
    expect(SHIPPED_SCENARIOS.map((s) => s.id)).toEqual(expect.arrayContaining(REQUIRED));
  });

  for (const s of SHIPPED_SCENARIOS) {
    it(`${s.id}: parses structurally and has a one-line description`, () => {
      const r = parseScenario(s.json);
      expect(r.ok ? [] : r.problems).toEqual([]);
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.description).not.toMatch(/\n/);
      expect(s.description.length).toBeGreaterThan(10);
    });

    it(`${s.id}: is valid for the engine too`, () => {
      const r = loadScenario(s.json);
      expect(r.ok ? [] : r.problems).toEqual([]);
    });
  }

  it('finds a scenario by the name used in ?scenario=<name>', () => {
    expect(findShippedScenario('hello')?.title).toBe('Hello, Kafka');
    expect(findShippedScenario('nope')).toBeUndefined();
  });

  it('presets set retention and a retention check interval so memory stays bounded', () => {
    for (const id of ['classroom', 'large', 'stress']) {
      const r = parseScenario(findShippedScenario(id)?.json);
      if (!r.ok) throw new Error(id);
      expect(r.scenario.cluster.config?.['log.retention.check.interval.ms']).toBeDefined();
      for (const t of r.scenario.topics ?? []) {
        expect(t.config?.['retention.ms']).toBeDefined();
        expect(t.config?.['segment.bytes']).toBeDefined();
      }
    }
  });

  it('every topic of a preset is read by a consumer group (the presets use groups)', () => {
    for (const id of ['classroom', 'large', 'stress']) {
      const r = parseScenario(findShippedScenario(id)?.json);
      if (!r.ok) throw new Error(id);
      expect(r.scenario.consumers ?? []).toEqual([]);
      const read = new Set((r.scenario.consumerGroups ?? []).flatMap((g) => g.topics));
      expect([...read].sort()).toEqual((r.scenario.topics ?? []).map((t) => t.name).sort());
    }
  });
});
