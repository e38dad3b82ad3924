import { describe, expect, it } from 'vitest';
import type { SimState } from '../../src/engine/model.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { SHIPPED_SCENARIOS } from '../../src/scenario/shipped.ts';
import { exportFileName, exportRunOf, scenarioOfSetup } from '../../src/store/exportRun.ts';
import { manualFrameScheduler } from '../../src/store/playback.ts';
import { scenarioEntry } from '../../src/store/scenarios.ts';
import { createSimulationStore, IMPORTED_SCENARIO } from '../../src/store/simulationStore.ts';

const SHIPPED = SHIPPED_SCENARIOS.map(scenarioEntry);

function storeOf(name: string) {
  return createSimulationStore({
    scenarios: SHIPPED,
    initialScenario: name,
    scheduler: manualFrameScheduler(),
    clock: () => 0, // the per-frame engine budget never runs out in tests
  });
}

/**
 * The state without what tells a replay from the run it replays: the commands' origin (the
 * run's were the user's, the replay's come from its timeline) and the timeline itself. The
 * work queue is a binary heap: the same items may sit in another array order (a live command's
 * same-instant work runs at the next advance, a replayed one's inside the advance), so it is
 * compared in the order the engine runs it, by (atMs, seq).
 */
function comparable(state: SimState): unknown {
  const copy = JSON.parse(JSON.stringify(state)) as Partial<SimState>;
  delete copy.commandLog;
  delete copy.timeline;
  delete copy.timelineCursor;
  copy.queue = [...state.queue].sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  return JSON.parse(JSON.stringify(copy));
}

describe('exporting the run', () => {
  it('writes the setup back as the scenario file it came from', () => {
    for (const shipped of SHIPPED_SCENARIOS) {
      const entry = scenarioEntry(shipped);
      const scenario = scenarioOfSetup(entry.setup!, entry.title, entry.description);
      const parsed = parseScenario(JSON.parse(JSON.stringify(scenario)));
      expect(parsed.ok, shipped.id).toBe(true);
      if (parsed.ok) expect(parsed.setup, shipped.id).toEqual(entry.setup);
    }
  });

  it('names the file after the scenario and the simulated time', () => {
    expect(exportFileName('hello', 12_345)).toBe('hello-t12.345s.json');
    expect(exportFileName('a b/c', 0)).toBe('a-b-c-t0.000s.json');
    expect(exportFileName('///', 1)).toBe('run-t0.001s.json');
  });

  it('importing the export reproduces the run: the same state after the same time', () => {
    const run = storeOf('hello');
    const s = run.getState();
    s.step(1_237);
    s.send({ type: 'producer.setConfig', producer: 'checkout', config: { acks: '1' } });
    s.send({ type: 'producer.setRate', producer: 'checkout', ratePerSec: 80 });
    s.step(2_000);
    s.send({ type: 'broker.crash', broker: 2 });
    s.send({ type: 'producer.setConfig', producer: 'checkout', config: { acks: 'two' } });
    s.step(4_511);
    s.send({ type: 'broker.restart', broker: 2 });
    s.send({ type: 'producer.add', producer: 'audit', topic: 'orders', ratePerSec: 5 });
    s.step(6_000);
    const endMs = run.getState().nowMs;
    const exported = exportRunOf(run.getState());
    expect(exported).not.toBeNull();
    // The rejected command is not part of the run and is not exported.
    const types = exported!.scenario.timeline!.map((e) => e.command.type);
    expect(types).toEqual([
      'producer.setConfig',
      'producer.setRate',
      'broker.crash',
      'broker.restart',
      'producer.add',
    ]);
    expect(exported!.fileName).toBe(`hello-t${(endMs / 1000).toFixed(3)}s.json`);

    const replay = storeOf('retention');
    expect(replay.getState().importScenario(JSON.stringify(exported!.scenario), 'x.json')).toBe(
      true,
    );
    expect(replay.getState().scenario.name).toBe(IMPORTED_SCENARIO);
    expect(replay.getState().nowMs).toBe(0);
    replay.getState().step(endMs);
    const a = run.getState().simulation!.state;
    const b = replay.getState().simulation!.state;
    expect(b.nowMs).toBe(a.nowMs);
    expect(comparable(b)).toEqual(comparable(a));
  });

  it('an export of an export keeps every command once', () => {
    const run = storeOf('hello');
    run.getState().step(500);
    run.getState().send({ type: 'broker.isolate', broker: 3 });
    const first = exportRunOf(run.getState())!.scenario;
    run.getState().importScenario(JSON.stringify(first));
    run.getState().step(900);
    run.getState().send({ type: 'broker.heal', broker: 3 });
    const second = exportRunOf(run.getState())!.scenario;
    expect(second.timeline).toEqual([
      { at: 500, command: { type: 'broker.isolate', broker: 3 } },
      { at: 900, command: { type: 'broker.heal', broker: 3 } },
    ]);
  });
});
