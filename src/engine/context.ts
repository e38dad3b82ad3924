/**
 * What every mechanism receives: the state and the list of events produced so far in the
 * current call. Lookups by name live here so each mechanism file stays about one mechanism.
 */
import type { EventBody, SimEvent } from './events.ts';
import type {
  BrokerState,
  ConsumerState,
  PartitionState,
  ProducerState,
  ReplicaLog,
  SimState,
  TopicState,
} from './model.ts';

export interface Ctx {
  state: SimState;
  events: SimEvent[];
}

export function emit(ctx: Ctx, body: EventBody): void {
  ctx.events.push({ atMs: ctx.state.nowMs, ...body });
}

export function findBroker(state: SimState, id: number): BrokerState | undefined {
  // Brokers are kept sorted by id and usually numbered 1…N: try the direct slot first.
  const direct = state.brokers[id - 1];
  return direct !== undefined && direct.id === id ? direct : state.brokers.find((b) => b.id === id);
}

/**
 * Topic lookup by name is on every hot path, so an index is kept beside the state (derived,
 * never serialised) for the topics array last looked at. Topics are only ever added, and names
 * are unique, so a size check tells when the index is stale.
 */
let indexedTopics: TopicState[] | null = null;
let topicIndex = new Map<string, TopicState>();
/**
 * The last name looked up and what the index gave for it. Hot path: a follower fetch checks
 * every partition of its session in turn (most of them of one topic, __consumer_offsets), so
 * the name usually repeats and a string compare replaces the map lookup.
 */
let lastName: string | null = null;
let lastTopic: TopicState | undefined;

export function findTopic(state: SimState, name: string): TopicState | undefined {
  if (state.topics !== indexedTopics || topicIndex.size !== state.topics.length) {
    indexedTopics = state.topics;
    topicIndex = new Map(state.topics.map((t) => [t.name, t]));
    lastName = null;
  }
  if (name === lastName) return lastTopic;
  lastTopic = topicIndex.get(name);
  lastName = name;
  return lastTopic;
}

export function findPartition(
  state: SimState,
  topic: string,
  partition: number,
): PartitionState | undefined {
  return findTopic(state, topic)?.partitions[partition];
}

// Hot paths (every generate, send and response): loops, no closure per call.
export function findProducer(state: SimState, id: string): ProducerState | undefined {
  const producers = state.producers;
  for (let i = 0; i < producers.length; i++) if (producers[i]!.id === id) return producers[i];
  return undefined;
}

export function findConsumer(state: SimState, id: string): ConsumerState | undefined {
  const consumers = state.consumers;
  for (let i = 0; i < consumers.length; i++) if (consumers[i]!.id === id) return consumers[i];
  return undefined;
}

/** The leader's replica log, or undefined when the partition is offline. */
export function leaderLog(p: PartitionState): ReplicaLog | undefined {
  if (p.leader === null) return undefined;
  return p.replicaLogs.find((r) => r.brokerId === p.leader);
}

/** Whether a broker can take part in the cluster right now. */
export function reachable(b: BrokerState | undefined): boolean {
  return b !== undefined && b.alive && !b.isolated;
}

export function nextId(state: SimState, kind: 'message' | 'batch'): string {
  const n = ++state.counters[kind];
  return kind === 'message' ? `m-${n}` : `batch-${n}`;
}

/**
 * Per-topic records in the state are keyed by topic name, and "__proto__" or "constructor"
 * are legal Kafka topic names: read and write those records through these two, never with
 * plain indexing, so a name can never reach Object.prototype.
 */
/**
 * `arr.splice(i, 1)[0]` without the array splice returns: hot paths (a parked fetch answered,
 * a response settling its request) remove one item at a time. Leaves `arr` exactly as splice.
 */
export function removeAt<T>(arr: T[], i: number): T {
  const item = arr[i]!;
  for (let k = i + 1; k < arr.length; k++) arr[k - 1] = arr[k]!;
  arr.pop();
  return item;
}

export function ownGet<T>(record: Record<string, T>, key: string): T | undefined {
  const value = record[key];
  // A missing key is the common miss; an inherited name ("constructor") is not an entry.
  return value === undefined || Object.hasOwn(record, key) ? value : undefined;
}

export function ownSet<T>(record: Record<string, T>, key: string, value: T): void {
  // Plain assignment makes an own data property for every name but "__proto__", whose
  // inherited setter would replace the prototype instead.
  if (key !== '__proto__') record[key] = value;
  else
    Object.defineProperty(record, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
}
