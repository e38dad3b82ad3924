/**
 * Kafka Connect in scenario files: the `connectors` list, its validation with JSON paths, the
 * connector timeline commands, and the shipped `connect-pipeline` scenario.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/engine/commandParse.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { buildReport } from '../../src/engine/report.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';

const BASE = {
  version: 1,
  name: 'connect',
  seed: 1,
  cluster: { brokers: 1 },
  topics: [{ name: 'orders', partitions: 2, replicationFactor: 1 }],
};
const SOURCE = { name: 'db', kind: 'source', system: 'MySQL', topic: 'orders', ratePerSec: 5 };
const SINK = { name: 'es', kind: 'sink', system: 'Elasticsearch', topics: ['orders'] };

function problemsOf(...connectors: unknown[]) {
  const r = loadScenario({ ...BASE, connectors });
  return r.ok ? [] : r.problems;
}
const paths = (...connectors: unknown[]) => problemsOf(...connectors).map((p) => p.path);

describe('scenario connectors', () => {
  it('accepts a source and a sink connector', () => {
    expect(problemsOf(SOURCE, SINK)).toEqual([]);
  });

  it('reports a missing or unknown field at its path', () => {
    expect(paths({ name: 'db', kind: 'source', topic: 'orders' })).toEqual([
      'connectors[0].system',
    ]);
    expect(paths({ ...SOURCE, tsks: 2 })).toEqual(['connectors[0].tsks']);
    expect(paths({ ...SINK, topics: 'orders' })).toEqual(['connectors[0].topics']);
  });

  it('reports an unknown kind', () => {
    const p = problemsOf({ ...SOURCE, kind: 'both' });
    expect(p.map((x) => x.path)).toEqual(['connectors[0].kind']);
  });

  it('reports a topic that does not exist', () => {
    const p = problemsOf({ ...SINK, topics: ['nope'] });
    expect(p.map((x) => x.path)).toEqual(['connectors[0].topics']);
    expect(p[0]?.reason).toMatch(/does not exist/);
    expect(paths({ ...SOURCE, topic: 'nope' })).toEqual(['connectors[0].topic']);
  });

  it('refuses tasks.max below 1 (ConnectorConfig atLeast(1))', () => {
    const p = problemsOf({ ...SINK, tasks: 0 });
    expect(p.map((x) => x.path)).toEqual(['connectors[0].tasks']);
    expect(p[0]?.reason).toMatch(/tasks\.max/);
  });

  it('refuses exactly.once.source.support, saying KIP-618 is not simulated', () => {
    const p = problemsOf({ ...SOURCE, config: { 'exactly.once.source.support': 'enabled' } });
    expect(p.map((x) => x.path)).toEqual(['connectors[0].config.exactly.once.source.support']);
    expect(p[0]?.reason).toMatch(/KIP-618/);
  });

  it('refuses unknown connector config keys and bad client overrides', () => {
    expect(paths({ ...SOURCE, config: { 'poll.interval.ms': 5 } })).toEqual([
      'connectors[0].config.poll.interval.ms',
    ]);
    expect(paths({ ...SOURCE, config: { 'producer.override.acks': 'two' } })).toEqual([
      'connectors[0].config.producer.override.acks',
    ]);
    expect(paths({ ...SINK, config: { 'consumer.override.enable.auto.commit': true } })).toEqual([
      'connectors[0].config.consumer.override.enable.auto.commit',
    ]);
  });

  it('reports a connector name used twice', () => {
    expect(paths(SOURCE, { ...SINK, name: 'db' })).toContain('connectors[1].name');
  });

  it('checks connector.crashTask and connector.restartTask like other commands', () => {
    expect(parseCommand({ type: 'connector.crashTask', connector: 'db', task: 0 }).ok).toBe(true);
    const bad = parseCommand({ type: 'connector.restartTask', connector: 'db' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.path)).toEqual(['command.task']);
  });
});

describe('shipped scenario connect-pipeline', () => {
  it('MySQL → mysql-orders → orders → es-orders → Elasticsearch; both task crashes write duplicates', () => {
    const loaded = loadScenario(findShippedScenario('connect-pipeline')?.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const s = loaded.simulation;
    s.advanceTo(17000);
    let r = buildReport(s.state);
    const [source, sink] = r.connectors;
    expect(source!.recordsWritten).toBeGreaterThan(250);
    expect(sink!.groupId).toBe('connect-es-orders');
    expect(sink!.recordsWritten).toBeGreaterThan(200);
    expect(source!.duplicates + sink!.duplicates).toBe(0);
    s.advanceTo(40000);
    r = buildReport(s.state);
    expect(r.connectors[1]!.duplicates).toBeGreaterThan(0);
    expect(r.connectors[0]!.duplicates).toBe(0);
    s.advanceTo(60000);
    expect(checkInvariants(s.state)).toEqual([]);
    r = buildReport(s.state);
    expect(r.connectors[0]!.duplicates).toBeGreaterThan(0);
    expect(r.connectors.flatMap((c) => c.tasks.map((t) => t.state))).toEqual([
      'RUNNING',
      'RUNNING',
      'RUNNING',
    ]);
  });
});
