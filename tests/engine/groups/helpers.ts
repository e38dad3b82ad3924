/**
 * Shared set-ups for the consumer group tests: a small cluster with `orders`, a producer, and
 * groups whose members use short timeouts so that rebalances happen within seconds.
 */
import type { ConsumerGroupSpec, RawConfig } from '../../../src/engine/commands.ts';
import type { SimEvent } from '../../../src/engine/events.ts';
import type { GroupState } from '../../../src/engine/groupTypes.ts';
import type { ConsumerState, SimState } from '../../../src/engine/model.ts';
import type { SimulationSetup } from '../../../src/engine/setup.ts';
import type { Simulation } from '../../../src/engine/simulation.ts';
import { sim } from '../helpers.ts';

/** Member config with short timeouts (group.min.session.timeout.ms is lowered to allow them). */
export const FAST_MEMBER: RawConfig = {
  'auto.offset.reset': 'earliest',
  'session.timeout.ms': 3000,
  'heartbeat.interval.ms': 500,
  'auto.commit.interval.ms': 1000,
};

export const FAST_BROKERS: RawConfig = {
  'offsets.topic.num.partitions': 3,
  'group.min.session.timeout.ms': 1000,
  'group.initial.rebalance.delay.ms': 0,
};

export function group(
  id: string,
  members: number | string[],
  config: RawConfig = {},
  more: Partial<ConsumerGroupSpec> = {},
): ConsumerGroupSpec {
  return { id, topics: ['orders'], members, config: { ...FAST_MEMBER, ...config }, ...more };
}

/** Three brokers, `orders` with `partitions` partitions (RF 3), producer `p` at `rate`/s, the groups. */
export function groupSim(
  groups: ConsumerGroupSpec[],
  opts: {
    partitions?: number;
    rate?: number;
    brokerConfig?: RawConfig;
    setup?: Partial<SimulationSetup>;
  } = {},
): Simulation {
  return sim({
    brokers: 3,
    brokerConfig: { ...FAST_BROKERS, ...opts.brokerConfig },
    topics: [{ name: 'orders', partitions: opts.partitions ?? 4, replicationFactor: 3 }],
    producers:
      opts.rate === 0
        ? []
        : [{ id: 'p', topic: 'orders', ratePerSec: opts.rate ?? 100, keySpace: 50 }],
    groups,
    ...opts.setup,
  });
}

export function groupOf(state: SimState, id: string): GroupState {
  const g = state.groups.find((x) => x.groupId === id);
  if (!g) throw new Error(`no group ${id}`);
  return g;
}

export function consumer(state: SimState, id: string): ConsumerState {
  const c = state.consumers.find((x) => x.id === id);
  if (!c) throw new Error(`no consumer ${id}`);
  return c;
}

/** A consumer's partitions as "topic-p", sorted. */
export function owned(state: SimState, id: string): string[] {
  return consumer(state, id)
    .assignment.map((a) => `${a.topic}-${a.partition}`)
    .sort();
}

/** Advances in 10 ms steps until `done` holds; returns every event on the way. Fails after `maxMs`. */
export function runUntil(
  s: Simulation,
  done: (state: SimState, events: SimEvent[]) => boolean,
  maxMs = 60_000,
): SimEvent[] {
  const events: SimEvent[] = [];
  const end = s.state.nowMs + maxMs;
  while (!done(s.state, events)) {
    if (s.state.nowMs >= end) throw new Error(`not done within ${maxMs} ms`);
    events.push(...s.advanceBy(10));
  }
  return events;
}

/** The group is Stable (with `members` members, when given) and every member has its assignment. */
export function stable(id: string, members?: number) {
  return (state: SimState) =>
    state.groups.some(
      (g) =>
        g.groupId === id &&
        g.state === 'Stable' &&
        (members === undefined || g.members.length === members) &&
        g.members.every((m) => {
          const c = state.consumers.find((x) => x.id === m.clientId)?.group;
          return c?.memberState === 'STABLE' && c.pendingAssignment === null;
        }),
    );
}

/** Stable, and no member is about to rejoin (a cooperative rebalance has its second round behind it). */
export function settled(id: string, members?: number) {
  return (state: SimState) =>
    stable(id, members)(state) &&
    state.consumers.every(
      (c) =>
        c.group?.groupId !== id ||
        (c.group.rejoinReason === null &&
          c.group.joinRequest === null &&
          c.group.pendingAssignment === null),
    );
}

/** Events of one type, typed. */
export function ofType<T extends SimEvent['type']>(
  events: SimEvent[],
  type: T,
): Extract<SimEvent, { type: T }>[] {
  return events.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);
}

/** Every member of every group owns only partitions nobody else among the current members owns. */
export function ownersOf(state: SimState, groupId: string): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const c of state.consumers) {
    if (c.group?.groupId !== groupId) continue;
    for (const a of c.assignment) {
      const key = `${a.topic}-${a.partition}`;
      owners.set(key, [...(owners.get(key) ?? []), c.id]);
    }
  }
  return owners;
}
