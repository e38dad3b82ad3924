/**
 * A client's metadata cache (clients/Metadata.java, NetworkClient's DefaultMetadataUpdater):
 * where producers and consumers believe each partition's leader is. It is refreshed by a
 * Metadata request to the least loaded broker when an error says it is stale
 * (NOT_LEADER_OR_FOLLOWER, a disconnect, a timeout), when a leader is unknown, and every
 * metadata.max.age.ms. The answer is that broker's own view, which may itself be stale.
 *
 * Simplification: a client starts with the cluster's current metadata (the bootstrap round
 * trip is not drawn), and knows at once when a broker refuses connections (crashed).
 */
import {
  findBroker,
  findConsumer,
  findProducer,
  findTopic,
  nextId,
  ownGet,
  ownSet,
  type Ctx,
} from './context.ts';
import type { BrokerId, ClientMetadata, MessagePayload, MessageState, SimState } from './model.ts';
import { REQUEST_OVERHEAD_BYTES, sendToBroker } from './network.ts';
import { nextInt } from './rng.ts';

type Payload<K extends MessagePayload['kind']> = Extract<MessagePayload, { kind: K }>;

function partitionsNow(
  state: SimState,
  topic: string,
): { leader: BrokerId | null; leaderEpoch: number }[] {
  return (findTopic(state, topic)?.partitions ?? []).map((p) => ({
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
  }));
}

export function bootstrapMetadata(state: SimState, topics: string[]): ClientMetadata {
  const md: ClientMetadata = {
    topics: {},
    updatedAtMs: state.nowMs,
    needsUpdate: false,
    requestId: null,
    requestBroker: null,
    lastRequestMs: -1_000_000,
  };
  for (const t of topics) if (findTopic(state, t)) setTopicLeaders(md, t, partitionsNow(state, t));
  return md;
}

type TopicLeaders = ClientMetadata['topics'][string];

/**
 * Derived, never serialised: the topic's leaders last read or written, and whose (the client's
 * `topics` record and the topic). Hot path: a poll asks for the leader and epoch of each of its
 * partitions, mostly of one topic. Every write of those records goes through setTopicLeaders.
 */
let leadersOwner: ClientMetadata['topics'] | null = null;
let leadersTopic = '';
let leadersList: TopicLeaders | undefined;

/** Installs what a client knows of a topic's leaders (the only way that list is replaced). */
export function setTopicLeaders(md: ClientMetadata, topic: string, leaders: TopicLeaders): void {
  ownSet(md.topics, topic, leaders);
  leadersOwner = md.topics;
  leadersTopic = topic;
  leadersList = leaders;
}

/** The client's leaders of one topic (look it up once per topic on hot paths). */
export function topicLeaders(md: ClientMetadata, topic: string): TopicLeaders | undefined {
  if (md.topics === leadersOwner && topic === leadersTopic) return leadersList;
  leadersList = ownGet(md.topics, topic);
  leadersOwner = md.topics;
  leadersTopic = topic;
  return leadersList;
}

/** The leader the client believes in, or null when it knows none. */
export function knownLeader(md: ClientMetadata, topic: string, partition: number): BrokerId | null {
  return topicLeaders(md, topic)?.[partition]?.leader ?? null;
}

/** The leader epoch the client last learned for the partition, or -1. */
export function knownLeaderEpoch(md: ClientMetadata, topic: string, partition: number): number {
  return topicLeaders(md, topic)?.[partition]?.leaderEpoch ?? -1;
}

export function requestMetadataUpdate(md: ClientMetadata): void {
  md.needsUpdate = true;
}

/** NetworkClient.leastLoadedNode: a live broker with the fewest requests in flight, from a random start. */
function leastLoadedBroker(state: SimState, inFlightTo: (b: BrokerId) => number): BrokerId | null {
  const live = state.brokers.filter((b) => b.alive).map((b) => b.id);
  if (live.length === 0) return null;
  const start = nextInt(state.rng, live.length);
  let best: BrokerId | null = null;
  let bestLoad = Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < live.length; i++) {
    const id = live[(start + i) % live.length]!;
    const load = inFlightTo(id);
    if (load < bestLoad) {
      best = id;
      bestLoad = load;
    }
  }
  return best;
}

/**
 * Sends a Metadata request when one is due and none is in flight. Returns when to look again
 * (retry.backoff.ms after the last request), or null when nothing is pending.
 */
/**
 * Whether maybeUpdateMetadata could do anything: otherwise it only returns when the metadata
 * ages out (updatedAtMs + metadata.max.age.ms). Lets hot callers skip making its closures.
 */
export function metadataMayBeDue(
  md: ClientMetadata,
  now: number,
  settings: { metadataMaxAgeMs: number },
): boolean {
  return md.needsUpdate || now - md.updatedAtMs >= settings.metadataMaxAgeMs;
}

export function maybeUpdateMetadata(
  ctx: Ctx,
  clientKind: 'producer' | 'consumer',
  clientId: string,
  md: ClientMetadata,
  /** The topics to ask about; made only when a request goes out (this runs on every poll). */
  topics: () => string[],
  settings: { retryBackoffMs: number; metadataMaxAgeMs: number },
  inFlightTo: (b: BrokerId) => number,
): number | null {
  const state = ctx.state;
  const now = state.nowMs;
  if (now - md.updatedAtMs >= settings.metadataMaxAgeMs) md.needsUpdate = true;
  if (!md.needsUpdate) return md.updatedAtMs + settings.metadataMaxAgeMs;
  if (md.requestId !== null) return null; // the response wakes the client
  const dueAt = md.lastRequestMs + Math.max(1, settings.retryBackoffMs);
  if (now < dueAt) return dueAt;
  const broker = leastLoadedBroker(state, inFlightTo);
  if (broker === null) return now + Math.max(1, settings.retryBackoffMs);
  const requestId = nextId(state, 'message');
  const sent = sendToBroker(
    ctx,
    clientId,
    broker,
    { kind: 'metadata', client: clientId, clientKind, requestId, topics: topics() },
    REQUEST_OVERHEAD_BYTES,
  );
  md.lastRequestMs = now;
  if (!sent) return now + Math.max(1, settings.retryBackoffMs);
  md.requestId = requestId;
  md.requestBroker = broker;
  return null;
}

/**
 * Metadata.updatePartitionLeadership (KIP-951): a produce or fetch error named the partition's
 * current leader; it replaces what the client knew when its epoch is newer. Returns whether it did.
 */
export function updatePartitionLeader(
  md: ClientMetadata,
  topic: string,
  partition: number,
  leader: BrokerId,
  leaderEpoch: number,
): boolean {
  const partitions = topicLeaders(md, topic);
  const known = partitions?.[partition];
  if (partitions === undefined || known === undefined || known.leaderEpoch >= leaderEpoch)
    return false;
  partitions[partition] = { leader, leaderEpoch };
  return true;
}

/** Metadata.update: newer leader epochs replace older ones; an older epoch is ignored (KIP-320). */
function applyResponse(md: ClientMetadata, res: Payload<'metadataResponse'>, now: number): void {
  for (const topic of Object.keys(res.topics)) {
    const fresh = ownGet(res.topics, topic)!;
    const old = topicLeaders(md, topic) ?? [];
    setTopicLeaders(
      md,
      topic,
      fresh.map((f, i) => {
        const o = old[i];
        return o !== undefined && o.leaderEpoch > f.leaderEpoch ? o : f;
      }),
    );
  }
  md.updatedAtMs = now;
  md.needsUpdate = false;
  md.requestId = null;
  md.requestBroker = null;
}

export function onMetadataResponse(
  ctx: Ctx,
  msg: MessageState,
  wake: { producer: (id: string) => void; consumer: (id: string) => void },
): void {
  const res = msg.payload as Payload<'metadataResponse'>;
  const client =
    res.clientKind === 'producer'
      ? findProducer(ctx.state, res.client)
      : findConsumer(ctx.state, res.client);
  if (!client || client.metadata.requestId !== res.requestId) return;
  applyResponse(client.metadata, res, ctx.state.nowMs);
  if (res.clientKind === 'producer') wake.producer(res.client);
  else wake.consumer(res.client);
}

/** The broker a Metadata request went to died: the request is lost; ask again. */
export function metadataDisconnected(md: ClientMetadata, broker: BrokerId): boolean {
  if (md.requestBroker !== broker) return false;
  md.requestId = null;
  md.requestBroker = null;
  md.needsUpdate = true;
  return true;
}

/** Whether a client can connect to a broker (a crashed one refuses connections). */
export function connectable(state: SimState, broker: BrokerId): boolean {
  return findBroker(state, broker)?.alive ?? false;
}
