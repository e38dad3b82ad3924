import { describe, expect, it } from 'vitest';
import type { CommandLogEntry } from '../../src/engine/model.ts';
import { exportScenario } from '../../src/scenario/export.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const BASE: Scenario = {
  version: 1,
  name: 'export',
  seed: 5,
  cluster: { brokers: 3 },
  topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
  producers: [{ id: 'p', topic: 'orders', ratePerSec: 20, keys: ['a', 'b'] }],
  timeline: [
    { at: 1000, command: { type: 'broker.crash', broker: 2 } },
    { at: 3000, command: { type: 'broker.restart', broker: 2 } },
  ],
};

describe('exportScenario', () => {
  it('adds the commands issued so far to the timeline, sorted by time', () => {
    const log: CommandLogEntry[] = [
      {
        atMs: 2000,
        command: { type: 'producer.setRate', producer: 'p', ratePerSec: 50 },
        source: 'user',
      },
      { atMs: 500, command: { type: 'broker.isolate', broker: 3 }, source: 'user' },
    ];
    expect(exportScenario(BASE, log).timeline).toEqual([
      { at: 500, command: { type: 'broker.isolate', broker: 3 } },
      { at: 1000, command: { type: 'broker.crash', broker: 2 } },
      { at: 2000, command: { type: 'producer.setRate', producer: 'p', ratePerSec: 50 } },
      { at: 3000, command: { type: 'broker.restart', broker: 2 } },
    ]);
  });

  it('is stable: at the same time the original timeline comes first, then the log in order', () => {
    const log: CommandLogEntry[] = [
      { atMs: 1000, command: { type: 'broker.isolate', broker: 3 }, source: 'user' },
      { atMs: 1000, command: { type: 'broker.heal', broker: 3 }, source: 'user' },
    ];
    expect(exportScenario(BASE, log).timeline?.map((e) => e.command.type)).toEqual([
      'broker.crash',
      'broker.isolate',
      'broker.heal',
      'broker.restart',
    ]);
  });

  it('does not repeat timeline commands that already ran (the command log holds them too)', () => {
    const log: CommandLogEntry[] = [
      { atMs: 1000, command: { type: 'broker.crash', broker: 2 }, source: 'timeline' },
      { atMs: 1500, command: { type: 'broker.crash', broker: 1 }, source: 'user' },
    ];
    expect(exportScenario(BASE, log).timeline).toEqual([
      { at: 1000, command: { type: 'broker.crash', broker: 2 } },
      { at: 1500, command: { type: 'broker.crash', broker: 1 } },
      { at: 3000, command: { type: 'broker.restart', broker: 2 } },
    ]);
  });

  it('keeps everything else and does not change the scenario it was given', () => {
    const before = JSON.stringify(BASE);
    const out = exportScenario(BASE, [
      { atMs: 7, command: { type: 'broker.heal', broker: 1 }, source: 'user' },
    ]);
    expect(JSON.stringify(BASE)).toBe(before);
    expect({ ...out, timeline: undefined }).toEqual({ ...BASE, timeline: undefined });
    expect(parseScenario(out).ok).toBe(true);
  });

  it('without a timeline and without commands, exports no timeline', () => {
    const rest: Scenario = { ...BASE };
    delete rest.timeline;
    expect(exportScenario(rest, [])).toEqual(rest);
  });

  /** Runs BASE, issuing commands at the given times, then replays its export; both to 5000. */
  function runAndReplay(setRateAtMs: number, sendAtMs: number) {
    const loaded = loadScenario(BASE);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const sim = loaded.simulation;
    sim.advanceTo(setRateAtMs);
    sim.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 40 });
    sim.advanceTo(sendAtMs);
    sim.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 3 });
    sim.advanceTo(5000);
    const exported = exportScenario(loaded.scenario, sim.state.commandLog);
    const replay = loadScenario(JSON.parse(JSON.stringify(exported)));
    if (!replay.ok) throw new Error(JSON.stringify(replay.problems));
    replay.simulation.advanceTo(5000);
    return { run: sim.state, replay: replay.simulation.state };
  }

  it('replays: the export of a run reaches the same state as the run itself', () => {
    // 1213 and 2517: no other work is due in those milliseconds.
    const { run, replay } = runAndReplay(1213, 2517);
    expect(replay.producers.map((p) => p.stats)).toEqual(run.producers.map((p) => p.stats));
    expect(replay.topics).toEqual(run.topics);
  });

  it('replays a command issued in the same millisecond as other due work', () => {
    // A live command at t runs after all work due at t (advanceTo(t), then apply). The replay
    // must run the timeline entry at t after that work too; 1200 is a generate time at 20/s.
    const { run, replay } = runAndReplay(1200, 2500);
    expect(replay.producers.map((p) => p.stats)).toEqual(run.producers.map((p) => p.stats));
    expect(replay.topics).toEqual(run.topics);
  });

  it('replays a reassignment issued live: a broker added, a partition moved to it, then cancelled', () => {
    const loaded = loadScenario(BASE);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const sim = loaded.simulation;
    sim.advanceTo(3500);
    sim.apply({ type: 'broker.add' });
    sim.advanceTo(4000);
    sim.apply({ type: 'partition.reassign', topic: 'orders', partition: 1, replicas: [4, 3, 2] });
    sim.advanceTo(4003);
    sim.apply({ type: 'partition.reassign', topic: 'orders', partition: 2, replicas: [4, 1] });
    sim.apply({ type: 'partition.cancelReassignment', topic: 'orders', partition: 2 });
    sim.advanceTo(20_000);
    const exported = exportScenario(loaded.scenario, sim.state.commandLog);
    const replay = loadScenario(JSON.parse(JSON.stringify(exported)));
    if (!replay.ok) throw new Error(JSON.stringify(replay.problems));
    replay.simulation.advanceTo(20_000);
    expect(sim.state.topics[0]!.partitions[1]!.replicas).toEqual([4, 3, 2]);
    expect(replay.simulation.state.topics).toEqual(sim.state.topics);
    expect(replay.simulation.state.brokers).toEqual(sim.state.brokers);
  });
});
