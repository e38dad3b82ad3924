import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { eventEntities, matchesFilter, sameEntity } from '../../src/store/entities.ts';
import { manualFrameScheduler } from '../../src/store/playback.ts';
import type { ScenarioEntry } from '../../src/store/scenarios.ts';
import { createSimulationStore, IMPORTED_SCENARIO } from '../../src/store/simulationStore.ts';
import { fixtureText } from '../ui/groupFixtures.ts';

const TINY: ScenarioEntry = {
  name: 'tiny',
  title: 'tiny',
  description: '',
  setup: { seed: 1, brokers: 1, topics: [{ name: 't', partitions: 1, replicationFactor: 1 }] },
  problems: [],
};

function store() {
  return createSimulationStore({
    scenarios: [TINY],
    scheduler: manualFrameScheduler(),
    clock: () => 0, // the per-frame engine budget never runs out in tests
  });
}

/** The newest notice as a person reads it: its message, then its list. */
function toastText(s: ReturnType<typeof store>): string {
  const t = s.getState().toasts.at(-1);
  return t ? [t.message, ...(t.details ?? [])].join('\n') : '';
}

const group = { kind: 'group', id: 'billing' } as const;

describe('event entities', () => {
  it('files a consumer’s event under the consumer and its group', () => {
    const e: SimEvent = {
      atMs: 0,
      type: 'consumer.partitionsRevoked',
      consumer: 'billing-1',
      group: 'billing',
      partitions: [],
      reason: '',
    };
    expect(eventEntities(e, () => null)).toEqual([{ kind: 'consumer', id: 'billing-1' }, group]);
  });

  it('finds the group of an event that does not name it (a crash) through the lookup', () => {
    const e = {
      atMs: 0,
      type: 'consumer.removed',
      consumer: 'billing-2',
      graceful: false,
    } as const;
    const entities = eventEntities(e, (c) => (c === 'billing-2' ? 'billing' : null));
    expect(matchesFilter(entities, group)).toBe(true);
    expect(matchesFilter(entities, { kind: 'group', id: 'other' })).toBe(false);
    expect(matchesFilter(entities, null)).toBe(true);
  });

  it('files a command under what it names', () => {
    const e: SimEvent = {
      atMs: 0,
      type: 'command.applied',
      command: { type: 'group.setConfig', group: 'billing', config: {} },
    };
    expect(eventEntities(e, () => null)).toEqual([group]);
  });

  it('compares entities by kind and id', () => {
    expect(sameEntity(group, { kind: 'group', id: 'billing' })).toBe(true);
    expect(sameEntity(group, { kind: 'consumer', id: 'billing' })).toBe(false);
    expect(sameEntity(null, null)).toBe(true);
  });
});

describe('store: groups, selection and import', () => {
  it('imports a scenario with a group, paused at time 0', () => {
    const s = store();
    expect(s.getState().importScenario(fixtureText('group-crash'), 'group-crash.json')).toBe(true);
    const st = s.getState();
    expect(st.scenario.name).toBe(IMPORTED_SCENARIO);
    expect(st.scenario.title).toBe('Group: a member crashes');
    expect(st.scenarios.map((x) => x.name)).toEqual(['tiny', IMPORTED_SCENARIO]);
    expect(st.simulation?.state.groupSpecs.map((g) => g.groupId)).toEqual(['billing']);
    expect(st.nowMs).toBe(0);
    expect(st.playing).toBe(false);
  });

  it('refuses a broken file with its problems and keeps the running simulation', () => {
    const s = store();
    s.getState().step(50);
    const before = s.getState().simulation;
    const broken = JSON.stringify({ version: 1, name: 'x', seed: 1, cluster: { brokers: 0 } });
    expect(s.getState().importScenario(broken, 'broken.json')).toBe(false);
    expect(s.getState().simulation).toBe(before);
    expect(s.getState().nowMs).toBe(50);
    expect(toastText(s)).toMatch(/Could not import broken\.json: 1 problem, nothing was changed/);
    expect(toastText(s)).toMatch(/cluster\.brokers/);
    expect(s.getState().importScenario('{ nope', 'bad.json')).toBe(false);
    expect(toastText(s)).toMatch(/not valid JSON/);
  });

  it('lists every independent problem of a broken file in the notice, not only the first', () => {
    const s = store();
    const broken = JSON.stringify({
      version: 1,
      name: 'x',
      cluster: { brokers: 0 },
      topics: [{ name: 't', partitions: 'two' }],
      producers: [{ id: 'p', topic: 'u', config: { acks: 'two' } }],
    });
    expect(s.getState().importScenario(broken, 'broken.json')).toBe(false);
    const message = toastText(s);
    for (const path of [
      'seed: missing',
      'topics[0].partitions:',
      'cluster.brokers:',
      'producers[0].topic:',
      'producers[0].config.acks:',
    ])
      expect(message).toContain(path);
  });

  it('lists every problem, however many, in the import notice', () => {
    const s = store();
    const producers = Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, topic: `missing-${i}` }));
    const broken = JSON.stringify({
      version: 1,
      name: 'x',
      seed: 1,
      cluster: { brokers: 1 },
      producers,
    });
    expect(s.getState().importScenario(broken, 'broken.json')).toBe(false);
    const message = toastText(s);
    for (let i = 0; i < 8; i++) expect(message).toContain(`producers[${i}].topic:`);
    expect(message).not.toContain('more)');
  });

  it('logs each event with what it is about, and the group’s coordinator at the time', () => {
    const s = store();
    s.getState().importScenario(fixtureText('group-crash'));
    s.getState().step(2_000);
    s.getState().send({ type: 'consumer.crash', consumer: 'billing-2' });
    const crash = s
      .getState()
      .events.find((e) => e.event.type === 'consumer.removed' && e.event.consumer === 'billing-2')!;
    expect(matchesFilter(crash.entities, group)).toBe(true);
    expect(crash.coordinator).toBe(s.getState().simulation!.state.groups[0]!.coordinator);
    s.getState().step(5_000);
    // The coordinator removes it after the session timeout: still billing's event.
    const removed = s.getState().events.find((e) => e.event.type === 'group.memberRemoved')!;
    expect(removed.entities).toContainEqual({ kind: 'consumer', id: 'billing-2' });
    expect(removed.entities).toContainEqual(group);
  });

  it('selects an entity and filters events by it; a new scenario clears both', () => {
    const s = store();
    s.getState().importScenario(fixtureText('group-crash'));
    s.getState().select(group);
    s.getState().setEventFilter(group);
    expect(s.getState().selected).toEqual(group);
    expect(s.getState().eventFilter).toEqual(group);
    // A partition goes to the inspector and to the log view, which opens (closing the charts).
    s.getState().setChartsOpen(true);
    s.getState().select({ kind: 'partition', topic: 'orders', partition: 1 });
    expect(s.getState().selectedPartition).toEqual({ topic: 'orders', partition: 1 });
    expect(s.getState().selected).toEqual({ kind: 'partition', topic: 'orders', partition: 1 });
    expect(s.getState().logViewOpen).toBe(true);
    expect(s.getState().chartsOpen).toBe(false);
    s.getState().setChartsOpen(true);
    expect(s.getState().logViewOpen).toBe(false);
    s.getState().select(group);
    s.getState().reset();
    expect(s.getState().selected).toBeNull();
    expect(s.getState().eventFilter).toBeNull();
  });
});

describe('Kafka Connect events belong to their connector', () => {
  it("a task's events go under its producer (source), or its consumer and the sink group", () => {
    const none = () => null;
    const failed = eventEntities(
      { atMs: 0, type: 'connect.taskFailed', connector: 'mysql', task: 0 },
      none,
    );
    expect(failed).toContainEqual({ kind: 'producer', id: 'connector-producer-mysql-0' });
    const committed = eventEntities(
      {
        atMs: 0,
        type: 'connect.sinkCommitted',
        connector: 'es',
        consumer: 'connector-consumer-es-1',
      },
      none,
    );
    expect(committed).toContainEqual({ kind: 'group', id: 'connect-es' });
    expect(committed).toContainEqual({ kind: 'consumer', id: 'connector-consumer-es-1' });
  });
});
