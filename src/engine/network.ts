/**
 * The simulated network. Every request and response is a message in `state.network` with its
 * send and arrival times, so the canvas can draw it at (now - sentAt) / (arrivesAt - sentAt)
 * along its edge. Latency is per link: the cluster's base latency, plus the extra latency of
 * a slowed broker at either end, plus seeded jitter.
 *
 * Simplification: links never reorder or lose messages on their own; loss happens only when
 * a broker crashes or is isolated (explicit, user-triggered faults).
 */
import { findBroker, nextId, ownGet, ownSet, type Ctx } from './context.ts';
import type {
  Endpoint,
  MessagePayload,
  MessageState,
  MessageSummary,
  SimState,
  Work,
} from './model.ts';
import { removeWhere, schedule } from './queue.ts';
import { nextInt } from './rng.ts';

/** Fixed request/response overhead in bytes, for the drawn size of small messages. */
export const REQUEST_OVERHEAD_BYTES = 64;

function extraLatencyMs(state: SimState, e: Endpoint): number {
  return e.kind === 'broker' ? (findBroker(state, e.id)?.extraLatencyMs ?? 0) : 0;
}

/**
 * Whether the link from → to is down: a broker that is down has no links at all; an isolated
 * broker (`broker.isolate`, a network partition) is cut off from the controller and the other
 * brokers, while clients on its side of the partition still reach it.
 */
export function linkCut(state: SimState, from: Endpoint, to: Endpoint): boolean {
  const a = from.kind === 'broker' ? findBroker(state, from.id) : null;
  const b = to.kind === 'broker' ? findBroker(state, to.id) : null;
  if (a === undefined || b === undefined) return true;
  if ((a !== null && !a.alive) || (b !== null && !b.alive)) return true;
  return a !== null && b !== null && (a.isolated || b.isolated);
}

export function linkLatencyMs(state: SimState, from: Endpoint, to: Endpoint): number {
  const c = state.cluster;
  const jitter = c.linkJitterMs > 0 ? nextInt(state.rng, c.linkJitterMs + 1) : 0;
  // Remote storage (tiered storage) is outside the cluster's network: its own latency.
  const base = from.kind === 'remote' || to.kind === 'remote' ? c.remoteLatencyMs : c.linkLatencyMs;
  return base + extraLatencyMs(state, from) + extraLatencyMs(state, to) + jitter;
}

/** The row key of remote storage in the link tables (not a legal client id). */
const REMOTE_ROW = '@remote-storage';

/** The row key of the far end of a link with a broker: a client, a peer broker, remote storage. */
function rowKey(e: Endpoint): string {
  if (e.kind === 'broker') return peerRowKey(e.id);
  return e.kind === 'client' ? e.id : REMOTE_ROW;
}

/** "#<id>", the row key of a broker sending to another broker, made once per id. */
const peerRowKeys: string[] = [];

function peerRowKey(id: number): string {
  return (peerRowKeys[id] ??= `#${id}`);
}

/**
 * The arrival time of a message on the link from → to that could arrive at `earliestMs`:
 * never before the link's previous message (one TCP connection keeps its order). Records it.
 */
function arrivalOnLink(state: SimState, from: Endpoint, to: Endpoint, earliestMs: number): number {
  const toBroker = to.kind === 'broker';
  // Rows are keyed by the client (or remote storage), or by "#<id>" for a broker sending to
  // another broker; a broker's messages to a client (or remote storage) go in the other table.
  const brokerEnd = toBroker ? to : from;
  if (brokerEnd.kind !== 'broker') return earliestMs;
  const client = rowKey(toBroker ? from : to);
  const broker = brokerEnd.id;
  const table = toBroker
    ? state.cluster.linkLastArrivalMs.toBroker
    : state.cluster.linkLastArrivalMs.toClient;
  let row = ownGet(table, client);
  if (row === undefined) {
    row = [];
    ownSet(table, client, row);
  }
  while (row.length <= broker) row.push(0); // no holes: the state stays plain JSON
  const at = Math.max(earliestMs, row[broker]!);
  row[broker] = at;
  return at;
}

/**
 * Puts a message on the network. A message from a crashed or isolated broker is never sent
 * (returns null); one to such a broker is sent and dropped on arrival.
 */
export function send(
  ctx: Ctx,
  from: Endpoint,
  to: Endpoint,
  payload: MessagePayload,
  sizeBytes: number,
): MessageState | null {
  const state = ctx.state;
  if (linkCut(state, from, to)) return null;
  const id = nextId(state, 'message');
  // One connection per link keeps its order (TCP): never arrive before an earlier message.
  const arrivesAtMs = arrivalOnLink(state, from, to, state.nowMs + linkLatencyMs(state, from, to));
  const msg: MessageState = {
    id,
    kind: payload.kind,
    from,
    to,
    sentAtMs: state.nowMs,
    arrivesAtMs,
    sizeBytes,
    payload,
  };
  schedule(state, arrivesAtMs, { kind: 'deliver', message: msg });
  return msg;
}

/**
 * Sends a message `delayMs` from now (a broker answering a fetch after reading the disk). It
 * joins its link when it leaves, so the messages sent meanwhile are not held up behind it; if
 * its sender crashes or is cut off first, or its receiver goes, it is dropped with the other
 * messages of that link (see the drop functions below).
 */
export function sendLater(
  ctx: Ctx,
  from: Endpoint,
  to: Endpoint,
  payload: MessagePayload,
  sizeBytes: number,
  delayMs: number,
): void {
  if (delayMs <= 0) send(ctx, from, to, payload, sizeBytes);
  else
    schedule(ctx.state, ctx.state.nowMs + delayMs, {
      kind: 'depart',
      from,
      to,
      payload,
      sizeBytes,
    });
}

/** A client's request to a broker. */
export function sendToBroker(
  ctx: Ctx,
  client: string,
  broker: number,
  payload: MessagePayload,
  sizeBytes: number,
): MessageState | null {
  return send(
    ctx,
    { kind: 'client', id: client },
    { kind: 'broker', id: broker },
    payload,
    sizeBytes,
  );
}

/** A broker's message to another broker (replication, heartbeats, metadata). */
export function sendBrokerToBroker(
  ctx: Ctx,
  from: number,
  to: number,
  payload: MessagePayload,
  sizeBytes: number,
): MessageState | null {
  return send(ctx, { kind: 'broker', id: from }, { kind: 'broker', id: to }, payload, sizeBytes);
}

/** Whether a message that arrives can be received: the link is still up. */
export function receivable(state: SimState, msg: MessageState): boolean {
  return !linkCut(state, msg.from, msg.to);
}

/**
 * Forgets the arrival order of a broker's connections that were just closed (a crash closes
 * all of them, isolation those to other brokers): new connections carry only new messages,
 * which must not wait behind messages that were dropped.
 */
export function resetLinks(state: SimState, brokerId: number, peersOnly: boolean): void {
  const { toBroker, toClient } = state.cluster.linkLastArrivalMs;
  for (const key of Object.keys(toBroker)) {
    const row = toBroker[key]!;
    const peer = key.startsWith('#');
    if (peersOnly && !peer) continue;
    if (key === `#${brokerId}`) row.fill(0);
    else if (row.length > brokerId) row[brokerId] = 0;
  }
  if (peersOnly) return;
  for (const row of Object.values(toClient)) if (row.length > brokerId) row[brokerId] = 0;
}

/** Where a queued message goes from and to: one in flight, or one still to leave (sendLater). */
function linkOf(work: Work): { from: Endpoint; to: Endpoint } | null {
  if (work.kind === 'deliver') return work.message;
  if (work.kind === 'depart') return work;
  return null;
}

function dropWhere(state: SimState, drop: (from: Endpoint, to: Endpoint) => boolean): number {
  return removeWhere(state, (item) => {
    const link = linkOf(item.work);
    return link !== null && drop(link.from, link.to);
  });
}

const isBroker = (e: Endpoint, id: number) => e.kind === 'broker' && e.id === id;

/** Drops the messages between a broker that was just cut off and the other brokers. */
export function dropBrokerLinks(state: SimState, brokerId: number): number {
  return dropWhere(
    state,
    (from, to) =>
      from.kind === 'broker' &&
      to.kind === 'broker' &&
      (isBroker(from, brokerId) || isBroker(to, brokerId)),
  );
}

/** Drops every message from a broker that just died or was cut off ("in flight is lost"). */
export function dropMessagesFrom(state: SimState, brokerId: number): number {
  return dropWhere(state, (from) => isBroker(from, brokerId));
}

/** Drops every message to or from a client that is gone, so a new client with its name starts clean. */
export function dropClientMessages(state: SimState, clientId: string): number {
  const touches = (e: Endpoint) => e.kind === 'client' && e.id === clientId;
  return dropWhere(state, (from, to) => touches(from) || touches(to));
}

/** Drops every message to a broker that just died or was cut off: its connections are gone. */
export function dropMessagesTo(state: SimState, brokerId: number): number {
  return dropWhere(state, (_from, to) => isBroker(to, brokerId));
}

/** The messages on the network now, in the order they were sent: what the canvas draws. */
export function inFlightMessages(state: SimState): MessageState[] {
  const out: MessageState[] = [];
  for (const item of state.queue) if (item.work.kind === 'deliver') out.push(item.work.message);
  return out.sort((a, b) => a.sentAtMs - b.sentAtMs || messageNumber(a) - messageNumber(b));
}

function messageNumber(m: MessageState): number {
  return Number(m.id.slice(2));
}

type PartitionRef = { topic: string; partition: number; error?: string | null };

function summarise<T extends PartitionRef>(
  items: T[],
  recordsOf: (item: T) => number,
): MessageSummary {
  const partitions = items.map((x) => ({
    topic: x.topic,
    partition: x.partition,
    records: recordsOf(x),
  }));
  return {
    partitions,
    records: partitions.reduce((n, x) => n + x.records, 0),
    error: items.find((x) => x.error !== undefined && x.error !== null)?.error ?? null,
  };
}

/** What a message carries, for drawing: partitions, record counts, and the first error. */
export function messageSummary(msg: MessageState): MessageSummary {
  const p = msg.payload;
  switch (p.kind) {
    case 'produce':
      return summarise(p.batches, (b) => b.recordCount);
    case 'produceResponse':
      return summarise(p.results, () => 0);
    case 'fetchResponse':
      return summarise(p.partitions, (r) => r.toOffset - r.fromOffset);
    case 'fetch':
    case 'listOffsets':
    case 'listOffsetsResponse':
    case 'offsetsForLeaderEpoch':
    case 'offsetsForLeaderEpochResponse':
    case 'replicaFetch':
      return summarise<PartitionRef>(p.partitions, () => 0);
    case 'replicaFetchResponse': {
      const s = summarise(p.partitions, (r) => r.batches.reduce((n, b) => n + b.recordCount, 0));
      // A fetch session error (KIP-227) is the response's own, with no partitions.
      return p.error === null ? s : { ...s, error: p.error };
    }
    case 'remoteCopy':
      return summarise([p], () => p.segment.nextOffset - p.segment.baseOffset);
    case 'remoteFetchResponse':
      return summarise([p], () => p.toOffset - p.fromOffset);
    case 'remoteFetch':
    case 'remoteCopyResponse':
      return summarise([p], () => 0);
    case 'alterPartition':
      return summarise([{ topic: p.topic, partition: p.partition }], () => 0);
    case 'alterPartitionResponse':
      return summarise([{ topic: p.topic, partition: p.partition, error: p.error }], () => 0);
    case 'offsetCommit':
    case 'offsetFetch':
      return summarise<PartitionRef>(p.kind === 'offsetCommit' ? p.offsets : p.partitions, () => 0);
    case 'offsetCommitResponse':
    case 'offsetFetchResponse':
      return { ...summarise<PartitionRef>(p.offsets, () => 0), error: p.error };
    case 'syncGroupResponse':
      return { ...summarise<PartitionRef>(p.assignment, () => 0), error: p.error };
    case 'findCoordinatorResponse':
    case 'joinGroupResponse':
    case 'heartbeatResponse':
    case 'leaveGroupResponse':
      return { partitions: [], records: 0, error: p.error };
    case 'findCoordinator':
    case 'joinGroup':
    case 'syncGroup':
    case 'heartbeat':
    case 'leaveGroup':
    case 'metadata':
    case 'metadataResponse':
    case 'brokerHeartbeat':
    case 'brokerHeartbeatResponse':
    case 'metadataUpdate':
      return { partitions: [], records: 0, error: null };
  }
}
