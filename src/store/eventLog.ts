/**
 * The event list's memory. Routine events (segment rolls and deletions, retries, commits,
 * joins …) come by the hundred and only the newest ROUTINE_EVENT_LIMIT are kept; the events a
 * lesson is about (a broker crash, an election, an ISR change, lost records, a rebalance, a
 * command the user issued …) are kept beyond that, up to KEY_EVENT_LIMIT of their own, so a
 * crash at 15 s is still listed at 110 s. Both bounds keep memory flat; the list stays in time
 * order, since events only ever join at the end.
 *
 * Lost records come one event per record when a stale leader keeps acknowledging: a run of them
 * (same partition, same reason, each starting where the last ended) is kept as one entry, moved
 * to the end as it grows, so it neither floods the list nor pushes the crash that caused it out.
 *
 * A segment roll comes once per replica (each broker rolls its own copy at the same offset, the
 * followers a moment after the leader): the rolls of one segment are one entry, naming every
 * broker, where the first one was. So do retention deleting the same segments, and the log
 * cleaner's same pass, on each replica (each broker runs its own): the same event but for the
 * broker is one entry.
 *
 * A client retrying against a coordinator it cannot reach loses and finds it again every
 * second or so ("lost the coordinator … / found the coordinator: broker 2") until the broker is
 * fenced: the same line of the same client again is one entry that counts its repeats, moved to
 * the end as it repeats, until a key event comes between. (Such moved entries are the only ones
 * not in time order: a line that repeats lands after a newer line of another client.)
 */
import type { SimEvent, SimEventType } from '../engine/events.ts';
import { sameEntity, type EntityRef } from './entities.ts';

/** How many routine events the event list keeps. */
export const ROUTINE_EVENT_LIMIT = 200;
/** How many key events it keeps besides (see KEY_EVENT_TYPES). */
export const KEY_EVENT_LIMIT = 1000;

export interface LoggedEvent {
  /** Increasing across the store's life: a stable React key. */
  id: number;
  event: SimEvent;
  /** What the event is about, as it stood when the event arrived (see entities.ts). */
  entities: EntityRef[];
  /** For an event about a group: the broker coordinating it when the event arrived, or null. */
  coordinator: number | null;
  /** For an event about a consumer: its group.instance.id (a static member), or null. */
  groupInstanceId: string | null;
  /**
   * For a run of `records.lost` merged into one entry: when its first record was lost (the
   * event's own time is the last one's). Absent for a single event.
   */
  sinceMs?: number;
  /**
   * For the rolls of one segment on several replicas merged into one entry: the brokers, in the
   * order they rolled it. Absent for a single roll.
   */
  brokers?: number[];
  /** For the same line repeated (see REPEATING): how many times; its first is `sinceMs`. */
  repeats?: number;
}

/** Events a retrying client sends again and again, the same but for the time. */
const REPEATING: ReadonlySet<SimEventType> = new Set<SimEventType>([
  'consumer.coordinatorLost',
  'consumer.coordinatorFound',
]);

/** The same line again: every field alike but the time (the fields are plain values). */
function repeatKey(e: SimEvent): string {
  return JSON.stringify(e, (key, value: unknown) => (key === 'atMs' ? undefined : value));
}

/**
 * What a lesson is about, kept beyond the routine cap: failures and recoveries of brokers and
 * the controller, elections and ISR changes, lost and truncated records, membership and
 * rebalances, redelivered and duplicated records, and whatever the user did.
 */
export const KEY_EVENT_TYPES: ReadonlySet<SimEventType> = new Set<SimEventType>([
  'command.applied',
  'command.rejected',
  'engine.error',
  'broker.crashed',
  'broker.restarted',
  'broker.shutdownRequested',
  'broker.controlledShutdown',
  'broker.stopped',
  'broker.added',
  'broker.slowed',
  'broker.isolated',
  'broker.healed',
  'broker.fenced',
  'broker.unfenced',
  'broker.registrationRefused',
  'broker.tookLeadership',
  'controller.elected',
  'controller.lost',
  'controller.noQuorum',
  'partition.offline',
  'partition.leaderChanged',
  'partition.isrChanged',
  'partition.elrChanged',
  'replica.truncated',
  'partition.reassignmentStarted',
  'partition.reassignmentCompleted',
  'replica.deleted',
  'records.lost',
  'topic.created',
  'topic.partitionsAdded',
  'topic.configChanged',
  'producer.added',
  'producer.removed',
  'producer.configChanged',
  'producer.blocked',
  'producer.unblocked',
  'producer.sequenceReset',
  'consumer.added',
  'consumer.removed',
  'consumer.pollTimeout',
  'consumer.groupError',
  'consumer.partitionsLost',
  'consumer.truncationDetected',
  'consumer.error',
  'group.loaded',
  'group.unloaded',
  'group.stateChanged',
  'group.memberAdded',
  'group.memberRemoved',
  'group.staticMemberReplaced',
  'group.assigned',
  'group.redelivered',
  'group.configChanged',
  'streams.reprocessed',
  'connect.duplicates',
  'connect.taskFailed',
  'connect.taskRestarted',
]);

export function isKeyEvent(e: SimEvent): boolean {
  return KEY_EVENT_TYPES.has(e.type);
}

type Lost = Extract<SimEvent, { type: 'records.lost' }>;
type Roll = Extract<SimEvent, { type: 'segment.rolled' }>;
/** Per-replica work each broker does on its own copy, reported once per broker. */
type PerReplica = Extract<SimEvent, { type: 'segments.deleted' | 'log.cleaned' }>;

function perReplica(e: SimEvent): e is PerReplica {
  return e.type === 'segments.deleted' || e.type === 'log.cleaned';
}

/** The same event on another broker: every field alike but the broker and the time. */
function sameButBroker(a: PerReplica, b: SimEvent): boolean {
  if (a.type !== b.type || a.broker === (b as PerReplica).broker) return false;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k of Object.keys(x)) if (k !== 'broker' && k !== 'atMs' && x[k] !== y[k]) return false;
  return true;
}

/** How far back a replica's roll looks for the same segment's roll on another replica. */
const ROLL_LOOKBACK = 50;

const runKey = (e: Lost): string => `${e.topic}\u0000${e.partition}\u0000${e.reason}`;
const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * The retained events and what it takes to add to them without rescanning: how many of each
 * kind are kept, and the open run of lost records per partition and reason.
 */
export interface EventLog {
  events: LoggedEvent[];
  add(logged: readonly LoggedEvent[], nextId: () => number): LoggedEvent[];
}

export function createEventLog(
  limits: { routine: number; key: number } = {
    routine: ROUTINE_EVENT_LIMIT,
    key: KEY_EVENT_LIMIT,
  },
): EventLog {
  let events: LoggedEvent[] = [];
  let keyCount = 0;
  let routineCount = 0;
  /** The last entry of each run of lost records that a next loss may still extend. */
  const openRuns = new Map<string, LoggedEvent>();
  /** The entry of each repeating line a next repeat may still join. */
  const openRepeats = new Map<string, LoggedEvent>();

  /** Adds a repeat of a listed line to it, moved to the end; false when it is new. */
  const repeat = (list: LoggedEvent[], l: LoggedEvent, nextId: () => number): boolean => {
    const k = repeatKey(l.event);
    const open = openRepeats.get(k);
    const at = open ? list.lastIndexOf(open) : -1;
    if (!open || at < 0) {
      openRepeats.set(k, l);
      return false;
    }
    list.splice(at, 1);
    const merged: LoggedEvent = {
      ...open,
      id: nextId(),
      event: l.event,
      sinceMs: open.sinceMs ?? open.event.atMs,
      repeats: (open.repeats ?? 1) + 1,
    };
    list.push(merged);
    openRepeats.set(k, merged);
    return true;
  };

  /**
   * Another key event about the partition (a new leader, an ISR change) ends its runs: losses
   * after it are a new line, so the list still tells what came before what.
   */
  const closeRuns = (entities: readonly EntityRef[]): void => {
    if (openRuns.size === 0) return;
    for (const ref of entities) {
      if (ref.kind !== 'partition') continue;
      const prefix = `${partitionKey(ref.topic, ref.partition)}\u0000`;
      for (const k of [...openRuns.keys()]) if (k.startsWith(prefix)) openRuns.delete(k);
    }
  };

  /** Adds `e` to the open run it continues, moved to the end; false when it starts a new one. */
  const extend = (list: LoggedEvent[], e: Lost, nextId: () => number): boolean => {
    const k = runKey(e);
    const open = openRuns.get(k);
    if (!open || open.event.type !== 'records.lost' || open.event.toOffset !== e.fromOffset)
      return false;
    const at = list.lastIndexOf(open);
    if (at < 0) return false;
    list.splice(at, 1);
    const merged: LoggedEvent = {
      ...open,
      id: nextId(),
      event: {
        ...open.event,
        atMs: e.atMs,
        toOffset: e.toOffset,
        records: open.event.records + e.records,
      },
      sinceMs: open.sinceMs ?? open.event.atMs,
    };
    // A new id keeps ids increasing along the list; the entities (the partition) are the same.
    list.push(merged);
    openRuns.set(k, merged);
    return true;
  };

  /** Names `l`'s broker (and entities) on the entry at `i` as well (in place: time and id stay). */
  const joinAt = (list: LoggedEvent[], i: number, l: LoggedEvent, broker: number): void => {
    const other = list[i]!;
    const brokers = other.brokers ?? [(other.event as Roll | PerReplica).broker];
    const entities = [...other.entities];
    for (const ref of l.entities) if (!entities.some((x) => sameEntity(x, ref))) entities.push(ref);
    list[i] = { ...other, entities, brokers: [...brokers, broker] };
  };

  /**
   * Adds a replica's roll to the entry of the same segment's roll on another replica, if one is
   * among the last ROLL_LOOKBACK entries.
   */
  const joinRoll = (list: LoggedEvent[], l: LoggedEvent, e: Roll): boolean => {
    for (let i = list.length - 1; i >= Math.max(0, list.length - ROLL_LOOKBACK); i--) {
      const other = list[i]!;
      const o = other.event;
      if (
        o.type !== 'segment.rolled' ||
        o.topic !== e.topic ||
        o.partition !== e.partition ||
        o.baseOffset !== e.baseOffset
      )
        continue;
      const brokers = other.brokers ?? [o.broker];
      if (brokers.includes(e.broker)) return false; // the same broker again: another segment
      joinAt(list, i, l, e.broker);
      return true;
    }
    return false;
  };

  /** Adds a replica's deletion or cleaning to the same one on other replicas, if listed lately. */
  const joinReplica = (list: LoggedEvent[], l: LoggedEvent, e: PerReplica): boolean => {
    for (let i = list.length - 1; i >= Math.max(0, list.length - ROLL_LOOKBACK); i--) {
      const other = list[i]!;
      if (!sameButBroker(e, other.event)) continue;
      if ((other.brokers ?? []).includes(e.broker)) return false;
      joinAt(list, i, l, e.broker);
      return true;
    }
    return false;
  };

  const evict = (list: LoggedEvent[]): LoggedEvent[] => {
    let dropKey = keyCount - limits.key;
    let dropRoutine = routineCount - limits.routine;
    if (dropKey <= 0 && dropRoutine <= 0) return list;
    // One pass, oldest first: the oldest of each kind go, the order of the rest stays.
    const kept = list.filter((l) => {
      if (isKeyEvent(l.event)) {
        if (dropKey <= 0) return true;
        dropKey--;
        keyCount--;
        if (l.event.type === 'records.lost' && openRuns.get(runKey(l.event)) === l)
          openRuns.delete(runKey(l.event));
        return false;
      }
      if (dropRoutine <= 0) return true;
      dropRoutine--;
      routineCount--;
      return false;
    });
    return kept;
  };

  return {
    get events() {
      return events;
    },
    add(logged, nextId) {
      if (logged.length === 0) return events;
      const list = events.slice();
      for (const l of logged) {
        const e = l.event;
        if (e.type === 'records.lost') {
          if (extend(list, e, nextId)) continue;
          openRuns.set(runKey(e), l);
        } else if (e.type === 'segment.rolled') {
          if (joinRoll(list, l, e)) continue;
        } else if (perReplica(e)) {
          if (joinReplica(list, l, e)) continue;
        } else if (REPEATING.has(e.type)) {
          if (repeat(list, l, nextId)) continue;
        } else if (isKeyEvent(e)) {
          closeRuns(l.entities);
          // A key event ends every repeat: repeats after it are a new line below it.
          openRepeats.clear();
        }
        list.push(l);
        if (isKeyEvent(e)) keyCount++;
        else routineCount++;
      }
      events = evict(list);
      return events;
    },
  };
}
