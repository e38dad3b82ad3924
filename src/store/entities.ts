/**
 * The things on the canvas a person can select and filter the event list by, and which of
 * them an engine event is about. Pure: the store works out an event's entities once, when
 * the event arrives, because membership changes afterwards (a crashed consumer leaves its
 * group, a removed consumer leaves the state).
 */
import { sinkGroupId, taskClientId } from '../engine/connectConfig.ts';
import type { SimEvent } from '../engine/events.ts';
import type { SimState } from '../engine/model.ts';

export type EntityRef =
  | { kind: 'group'; id: string }
  | { kind: 'consumer'; id: string }
  | { kind: 'broker'; id: number }
  | { kind: 'producer'; id: string }
  | { kind: 'partition'; topic: string; partition: number };

export function sameEntity(a: EntityRef | null, b: EntityRef | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'partition' || b.kind === 'partition')
    return (
      a.kind === 'partition' &&
      b.kind === 'partition' &&
      a.topic === b.topic &&
      a.partition === b.partition
    );
  return a.kind === b.kind && a.id === b.id;
}

/** How a person names it: "group billing", "billing-2", "broker 3", "orders-1". */
export function entityLabel(e: EntityRef): string {
  switch (e.kind) {
    case 'group':
      return `group ${e.id}`;
    case 'consumer':
      return `consumer ${e.id}`;
    case 'broker':
      return `broker ${e.id}`;
    case 'producer':
      return `producer ${e.id}`;
    case 'partition':
      return `${e.topic}-${e.partition}`;
  }
}

/** The group a consumer belongs to, or null. */
export type GroupOf = (consumer: string) => string | null;

/** The group of a consumer as the state knows it now: its own side, else the coordinator's. */
export function groupOfInState(state: SimState, consumer: string): string | null {
  const c = state.consumers.find((x) => x.id === consumer);
  if (c?.group) return c.group.groupId;
  for (const g of state.groups)
    if (g.members.some((m) => m.clientId === consumer)) return g.groupId;
  return null;
}

/**
 * A consumer's group.instance.id as the state knows it now: its own side, else the coordinator's
 * member (a static member that closed stays there until its session times out); undefined when
 * the state no longer knows the consumer.
 */
export function instanceOfInState(state: SimState, consumer: string): string | null | undefined {
  const c = state.consumers.find((x) => x.id === consumer);
  if (c) return c.group?.groupInstanceId ?? null;
  for (const g of state.groups)
    for (const m of g.members) if (m.clientId === consumer) return m.groupInstanceId;
  return undefined;
}

function field(e: object, key: string): unknown {
  return (e as Record<string, unknown>)[key];
}

function commandEntities(command: unknown, groupOf: GroupOf): EntityRef[] {
  if (typeof command !== 'object' || command === null) return [];
  const out: EntityRef[] = [];
  const broker = field(command, 'broker');
  const producer = field(command, 'producer');
  const consumer = field(command, 'consumer');
  const group = field(command, 'group');
  if (typeof group === 'string') out.push({ kind: 'group', id: group });
  if (typeof consumer === 'string') {
    out.push({ kind: 'consumer', id: consumer });
    const g = groupOf(consumer);
    if (g !== null && typeof group !== 'string') out.push({ kind: 'group', id: g });
  }
  if (typeof broker === 'number') out.push({ kind: 'broker', id: broker });
  if (typeof producer === 'string') out.push({ kind: 'producer', id: producer });
  return out;
}

/**
 * What an event is about, most specific first: clicking the event selects the first one,
 * filtering by any of them keeps it. A consumer's event is also its group's.
 */
export function eventEntities(e: SimEvent, groupOf: GroupOf): EntityRef[] {
  if (e.type === 'command.applied' || e.type === 'command.rejected')
    return commandEntities(e.command, groupOf);
  const out: EntityRef[] = [];
  const consumer = field(e, 'consumer');
  const group = field(e, 'group') ?? field(e, 'groupId');
  const producer = field(e, 'producer');
  const topic = field(e, 'topic');
  const partition = field(e, 'partition');
  if (typeof consumer === 'string') out.push({ kind: 'consumer', id: consumer });
  if (typeof group === 'string') out.push({ kind: 'group', id: group });
  else if (typeof consumer === 'string') {
    const g = groupOf(consumer);
    if (g !== null) out.push({ kind: 'group', id: g });
  }
  if (typeof producer === 'string') out.push({ kind: 'producer', id: producer });
  if (typeof topic === 'string' && typeof partition === 'number' && partition >= 0)
    out.push({ kind: 'partition', topic, partition });
  // A Kafka Connect event names its connector and task: the task's producer (a source), or its
  // consumer and the sink's group `connect-<name>` (Worker's client ids, SinkUtils group id).
  const connector = field(e, 'connector');
  const task = field(e, 'task');
  if (typeof connector === 'string') {
    if (typeof task === 'number') {
      out.push({ kind: 'producer', id: taskClientId(connector, 'source', task) });
      out.push({ kind: 'consumer', id: taskClientId(connector, 'sink', task) });
    }
    out.push({ kind: 'group', id: sinkGroupId(connector) });
  }
  for (const key of ['broker', 'coordinator', 'leader', 'controller']) {
    const b = field(e, key);
    if (typeof b === 'number' && !out.some((x) => x.kind === 'broker' && x.id === b))
      out.push({ kind: 'broker', id: b });
  }
  return out;
}

/** Whether an event (by its entities) belongs under `filter`. */
export function matchesFilter(entities: readonly EntityRef[], filter: EntityRef | null): boolean {
  return filter === null || entities.some((e) => sameEntity(e, filter));
}
