import { describe, expect, it } from 'vitest';
import type { SimulationSetup } from '../../src/engine/setup.ts';
import { SHIPPED_SCENARIOS } from '../../src/scenario/shipped.ts';
import { manualFrameScheduler } from '../../src/store/playback.ts';
import { scenarioEntry, type ScenarioEntry } from '../../src/store/scenarios.ts';
import { matchesFilter } from '../../src/store/entities.ts';
import { isKeyEvent, KEY_EVENT_LIMIT } from '../../src/store/eventLog.ts';
import {
  createSimulationStore,
  EVENT_LIMIT,
  STEP_MS,
  TOAST_LIMIT,
} from '../../src/store/simulationStore.ts';

const SHIPPED = SHIPPED_SCENARIOS.map(scenarioEntry);

const TINY: SimulationSetup = {
  seed: 5,
  brokers: 1,
  topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
  producers: [{ id: 'p', topic: 't', ratePerSec: 100 }],
};

function entry(name: string, setup: SimulationSetup): ScenarioEntry {
  return { name, title: name, description: '', setup, problems: [] };
}

function storeWith(scenarios: ScenarioEntry[] = SHIPPED, initialScenario: string | null = null) {
  const frames = manualFrameScheduler();
  // A wall clock that stands still: the engine's per-frame budget never runs out, so what a
  // frame does depends on the frames alone, not on how busy the machine is.
  const store = createSimulationStore({
    scenarios,
    initialScenario,
    scheduler: frames,
    clock: () => 0,
  });
  return { store, frames };
}

function leaderLogEndOffsets(store: ReturnType<typeof storeWith>['store']): number {
  const state = store.getState().simulation!.state;
  let total = 0;
  for (const t of state.topics) {
    for (const p of t.partitions) {
      total += p.replicaLogs.find((r) => r.brokerId === p.leader)?.log.logEndOffset ?? 0;
    }
  }
  return total;
}

describe('simulation store: reaching back in the log view (the lost records)', () => {
  it('keeps the window from the focus offset until another partition or run is chosen, or the view closes', () => {
    const { store } = storeWith(SHIPPED, 'hello');
    const s = () => store.getState();
    s().selectPartition({ topic: 'orders', partition: 0 });
    s().focusLogOffset(500);
    expect(s().logWindowFrom).toBe(500);
    // The tape scrolls there once and lets go of the focus; the window stays.
    s().focusLogOffset(null);
    expect(s().logFocusOffset).toBeNull();
    expect(s().logWindowFrom).toBe(500);
    s().selectPartition({ topic: 'orders', partition: 0 });
    expect(s().logWindowFrom).toBe(500);
    s().selectPartition({ topic: 'orders', partition: 1 });
    expect(s().logWindowFrom).toBeNull();
    // Closing the log view lets go of it too.
    s().focusLogOffset(3);
    s().setLogViewOpen(false);
    expect(s().logWindowFrom).toBeNull();
    s().focusLogOffset(7);
    s().reset();
    expect(s().logWindowFrom).toBeNull();
  });
});

describe('simulation store', () => {
  it('starts the named scenario paused at time 0', () => {
    const { store } = storeWith(SHIPPED, 'hello');
    const s = store.getState();
    expect(s.scenario.name).toBe('hello');
    expect(s.simulation).not.toBeNull();
    expect(s.playing).toBe(false);
    expect(s.nowMs).toBe(0);
    expect(s.speed).toBe(1);
  });

  it('starts the first scenario when the requested one does not exist', () => {
    const { store } = storeWith(SHIPPED, 'nope');
    expect(store.getState().scenario.name).toBe(SHIPPED[0]!.name);
  });

  it('does not move time before play, however many frames pass', () => {
    const { store, frames } = storeWith();
    frames.frame(0);
    frames.frame(1_000);
    expect(store.getState().nowMs).toBe(0);
  });

  it('advances simulated time by wall time times speed while playing, and the logs grow', () => {
    const { store, frames } = storeWith(SHIPPED, 'hello');
    store.getState().setSpeed(10);
    store.getState().play();
    frames.frame(0);
    for (let t = 50; t <= 1_000; t += 50) frames.frame(t);
    expect(store.getState().nowMs).toBe(10_000);
    expect(leaderLogEndOffsets(store)).toBeGreaterThan(100);
  });

  it('publishes a new version whenever the engine moved', () => {
    const { store, frames } = storeWith();
    const before = store.getState().version;
    store.getState().play();
    frames.frame(0);
    frames.frame(16);
    expect(store.getState().version).toBeGreaterThan(before);
  });

  it('stops the clock on pause', () => {
    const { store, frames } = storeWith();
    store.getState().play();
    frames.frame(0);
    frames.frame(100);
    store.getState().pause();
    const paused = store.getState().nowMs;
    frames.frame(5_000);
    expect(store.getState().nowMs).toBe(paused);
    expect(store.getState().playing).toBe(false);
  });

  it('does not count the time spent paused when playing again', () => {
    const { store, frames } = storeWith();
    store.getState().togglePlay();
    frames.frame(0);
    frames.frame(50);
    frames.frame(100);
    store.getState().togglePlay();
    frames.frame(60_000);
    store.getState().togglePlay();
    frames.frame(60_000);
    frames.frame(60_050);
    expect(store.getState().nowMs).toBe(150);
  });

  it(`steps ${STEP_MS} ms at a time`, () => {
    const { store } = storeWith();
    store.getState().step();
    store.getState().step();
    expect(store.getState().nowMs).toBe(2 * STEP_MS);
  });

  it('reset starts the scenario again from time 0, paused, with an empty event list', () => {
    const { store, frames } = storeWith();
    const first = store.getState().simulation;
    store.getState().play();
    frames.frame(0);
    frames.frame(200);
    store.getState().step(5_000);
    expect(store.getState().events.length).toBeGreaterThan(0);
    store.getState().reset();
    const s = store.getState();
    expect(s.events).toEqual([]);
    expect(s.nowMs).toBe(0);
    expect(s.playing).toBe(false);
    expect(s.simulation).not.toBe(first);
    expect(frames.pending).toBe(0);
  });

  it('loads another scenario by name, and refuses an unknown name', () => {
    const { store } = storeWith(SHIPPED, 'hello');
    expect(store.getState().loadScenario('retention')).toBe(true);
    expect(store.getState().scenario.name).toBe('retention');
    expect(store.getState().loadScenario('missing')).toBe(false);
    expect(store.getState().scenario.name).toBe('retention');
  });

  it('applies commands through send and returns the engine events', () => {
    const { store } = storeWith(SHIPPED, 'hello');
    const events = store.getState().send({ type: 'broker.crash', broker: 2 });
    expect(events.map((e) => e.type)).toContain('broker.crashed');
    expect(store.getState().simulation!.state.brokers.find((b) => b.id === 2)!.alive).toBe(false);
    expect(store.getState().events.map((e) => e.event.type)).toContain('broker.crashed');
  });

  it('shows a rejected command as an error toast and in the event list', () => {
    const { store } = storeWith(SHIPPED, 'hello');
    const events = store.getState().send({ type: 'broker.crash', broker: 99 });
    expect(events.map((e) => e.type)).toEqual(['command.rejected']);
    const toasts = store.getState().toasts;
    expect(toasts).toHaveLength(1);
    expect(toasts[0]!.kind).toBe('error');
    expect(toasts[0]!.message).toMatch(/^broker\.crash rejected: /);
    expect(store.getState().events.at(-1)!.event.type).toBe('command.rejected');
  });

  it('rejects a malformed command without breaking the simulation', () => {
    const { store } = storeWith(SHIPPED, 'hello');
    store.getState().send({ type: 'no.such.command' });
    store.getState().send(null);
    store.getState().step();
    expect(store.getState().nowMs).toBe(STEP_MS);
    expect(store.getState().toasts).toHaveLength(2);
  });

  it(`keeps at most ${TOAST_LIMIT} toasts, and dismisses them one by one`, () => {
    const { store } = storeWith();
    for (let i = 0; i < TOAST_LIMIT + 2; i++) store.getState().notify(`n${i}`);
    const toasts = store.getState().toasts;
    expect(toasts.map((t) => t.message)).toEqual(['n2', 'n3', 'n4']);
    store.getState().dismissToast(toasts[0]!.id);
    expect(store.getState().toasts.map((t) => t.message)).toEqual(['n3', 'n4']);
  });

  it(`keeps the last ${KEY_EVENT_LIMIT} key events (commands count), with increasing ids`, () => {
    const { store } = storeWith(SHIPPED, 'hello');
    for (let i = 0; i < KEY_EVENT_LIMIT + 50; i++)
      store.getState().send({ type: 'broker.crash', broker: 99 });
    const events = store.getState().events;
    expect(events).toHaveLength(KEY_EVENT_LIMIT);
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(KEY_EVENT_LIMIT);
  });

  it(`keeps a broker crash past ${EVENT_LIMIT} routine events (tiered-storage at 110 s)`, () => {
    const { store } = storeWith(SHIPPED, 'tiered-storage');
    store.getState().step(110_000);
    const events = store.getState().events;
    const crash = events.find((e) => e.event.type === 'broker.crashed');
    expect(crash?.event.atMs).toBe(15_000);
    const routine = events.filter((e) => !isKeyEvent(e.event));
    expect(routine.length).toBeLessThanOrEqual(EVENT_LIMIT);
    // Time order, and the broker filter still finds it.
    const times = events.map((e) => e.event.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const broker3 = events.filter((e) => matchesFilter(e.entities, { kind: 'broker', id: 3 }));
    expect(broker3.map((e) => e.event.type)).toContain('broker.crashed');
    expect(crash!.entities[0]).toEqual({ kind: 'broker', id: 3 });
    // 110 simulated seconds of tiered storage take a while on a loaded machine.
  }, 120_000);

  it('shows setup problems instead of a simulation, and cannot play', () => {
    const broken = entry('broken', { ...TINY, brokers: 0 });
    const { store, frames } = storeWith([broken]);
    const s = store.getState();
    expect(s.simulation).toBeNull();
    expect(s.problems.map((p) => p.path)).toContain('cluster.brokers');
    s.play();
    expect(store.getState().playing).toBe(false);
    expect(frames.pending).toBe(0);
  });

  it('shows the problems of a scenario file that did not parse', () => {
    const bad: ScenarioEntry = {
      name: 'bad',
      title: 'Bad',
      description: '',
      setup: null,
      problems: [{ path: 'seed', reason: 'seed is required' }],
    };
    const { store } = storeWith([bad]);
    expect(store.getState().problems).toEqual([{ path: 'seed', reason: 'seed is required' }]);
  });

  it('pauses and says so when the engine throws while advancing', () => {
    const { store, frames } = storeWith([entry('tiny', TINY)]);
    const sim = store.getState().simulation!;
    sim.advanceTo = () => {
      throw new Error('boom');
    };
    store.getState().play();
    frames.frame(0);
    frames.frame(16);
    expect(store.getState().playing).toBe(false);
    expect(frames.pending).toBe(0);
    expect(store.getState().toasts[0]!.message).toContain('boom');
  });

  it('when the engine throws in a later slice of a frame, what the earlier slices did is still shown', () => {
    const { store, frames } = storeWith([entry('tiny', TINY)]);
    const sim = store.getState().simulation!;
    const advance = sim.advanceTo.bind(sim);
    let calls = 0;
    sim.advanceTo = (ms) => {
      if (++calls === 2) throw new Error('boom');
      return advance(ms);
    };
    store.getState().setSpeed(100); // one frame asks for more than one slice
    store.getState().play();
    frames.frame(0);
    frames.frame(200);
    expect(calls).toBe(2);
    expect(store.getState().playing).toBe(false);
    expect(store.getState().nowMs).toBe(sim.state.nowMs);
    expect(store.getState().nowMs).toBeGreaterThan(0);
    expect(store.getState().events.some((e) => e.event.type === 'producer.added')).toBe(false);
  });

  it('is deterministic: the same frames give the same state', () => {
    const run = () => {
      const { store, frames } = storeWith(SHIPPED, 'hello');
      store.getState().setSpeed(7);
      store.getState().play();
      for (let t = 0; t <= 2_000; t += 17) frames.frame(t);
      return store.getState().simulation!.snapshot();
    };
    expect(run()).toEqual(run());
  });
});

describe('simulation store: what an event is narrated with', () => {
  it('remembers a static member’s group.instance.id for its close, after it left the state', () => {
    const { store } = storeWith(SHIPPED, 'static-membership-rolling-restart');
    // billing-1 closes at 20 s (consumer.leave) and is back at 25 s.
    store.getState().step(20_100);
    const closed = store
      .getState()
      .events.find((e) => e.event.type === 'consumer.removed' && e.event.consumer === 'billing-1');
    expect(closed?.groupInstanceId).toBe('billing-1');
    expect(closed?.entities).toContainEqual({ kind: 'group', id: 'billing' });
  });

  it('a dynamic member has no group.instance.id', () => {
    const { store } = storeWith(SHIPPED, 'group-member-crash');
    store.getState().step(5_000);
    const id = store.getState().simulation!.state.consumers[0]!.id;
    store.getState().send({ type: 'consumer.leave', consumer: id });
    const closed = store.getState().events.find((e) => e.event.type === 'consumer.removed');
    expect(closed?.groupInstanceId).toBeNull();
  });
});
