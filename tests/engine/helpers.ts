import { createSimulation, type Simulation } from '../../src/engine/simulation.ts';
import type { SimulationSetup } from '../../src/engine/setup.ts';
import type { ProducerSpec } from '../../src/engine/commands.ts';
import type { MessageState, PartitionState, SimState } from '../../src/engine/model.ts';
import type { SimEvent } from '../../src/engine/events.ts';
import { inFlightMessages } from '../../src/engine/network.ts';

/** A simulation from a setup that must be valid; fails the test with the problems otherwise. */
export function sim(setup: Partial<SimulationSetup> = {}): Simulation {
  const result = createSimulation({ seed: 1, brokers: 3, ...setup });
  if (!result.ok) throw new Error(`setup problems: ${JSON.stringify(result.problems)}`);
  return result.simulation;
}

export function partition(state: SimState, topic: string, p: number): PartitionState {
  const found = state.topics.find((t) => t.name === topic)?.partitions[p];
  if (!found) throw new Error(`no partition ${topic}-${p}`);
  return found;
}

export function leaderLeo(state: SimState, topic: string, p: number): number {
  const part = partition(state, topic, p);
  return part.replicaLogs.find((r) => r.brokerId === part.leader)?.log.logEndOffset ?? -1;
}

export function messages(state: SimState, kind?: MessageState['kind']): MessageState[] {
  return inFlightMessages(state).filter((m) => kind === undefined || m.kind === kind);
}

export function rejections(events: SimEvent[]): Extract<SimEvent, { type: 'command.rejected' }>[] {
  return events.filter(
    (e): e is Extract<SimEvent, { type: 'command.rejected' }> => e.type === 'command.rejected',
  );
}

export function producerStats(state: SimState, id: string) {
  const p = state.producers.find((x) => x.id === id);
  if (!p) throw new Error(`no producer ${id}`);
  return p.stats;
}

/** The topic most tests use: `orders`, one partition, one replica. */
export const ORDERS_1 = { name: 'orders', partitions: 1, replicationFactor: 1 };

/** One broker with `orders-0`, and producer `p` on it unless `producer` is null. */
export function singleBroker(
  producer: Omit<ProducerSpec, 'id' | 'topic'> | null = {},
  setup: Partial<SimulationSetup> = {},
): Simulation {
  return sim({
    brokers: 1,
    topics: [ORDERS_1],
    ...(producer === null ? {} : { producers: [{ id: 'p', topic: 'orders', ...producer }] }),
    ...setup,
  });
}

/** Adds consumer `c` (or `spec.consumer`) assigned `orders-0`. */
export function addConsumer(s: Simulation, spec: Record<string, unknown> = {}): SimEvent[] {
  return s.apply({ type: 'consumer.add', consumer: 'c', assign: ['orders-0'], ...spec });
}

/** The offset `groupId` has committed for a partition, as its coordinator serves it; null when none. */
export function committedOffset(
  state: SimState,
  groupId: string,
  topic = 'orders',
  partition = 0,
): number | null {
  const g = state.groups.find((x) => x.groupId === groupId);
  return g?.offsets.find((o) => o.topic === topic && o.partition === partition)?.offset ?? null;
}

/** The failures the property tests draw for a broker. */
export const BROKER_FAULTS = [
  'broker.crash',
  'broker.restart',
  'broker.shutdown',
  'broker.isolate',
  'broker.heal',
] as const;
