/**
 * What each canvas node shows, derived from engine state by pure functions. Node components
 * only draw these views; they never read the engine state themselves.
 */
import { reassignmentRole } from '../../engine/reassignment.ts';
import type { ConnectView } from './connectView.ts';
import { readingDisk } from '../../engine/pageCache.ts';
import { readingRemote, tieredTopic } from '../../engine/tieredStorage.ts';
import {
  brokerSettings,
  producerSettings,
  topicSettings,
  type TopicSettings,
} from '../../engine/config.ts';
import { believesLeader } from '../../engine/metadata.ts';
import { OFFSETS_TOPIC } from '../../engine/offsetsTopic.ts';
import { lostOfProducer } from '../../engine/durability.ts';
import type {
  BrokerState,
  ConsumerState,
  PartitionState,
  ProducerState,
  ReplicaLog,
  SimState,
} from '../../engine/model.ts';
import { REPLICATION_SIMULATED } from './simplifications.ts';

export interface ReplicaView {
  /** "orders-0". */
  key: string;
  topic: string;
  partition: number;
  /**
   * `offline`: the partition has no leader at all (every replica shows it); a follower is
   * in sync when it is in the ISR, out of sync otherwise.
   */
  role: 'leader' | 'follower' | 'outOfSync' | 'offline';
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  /** Broker ids in the partition's ISR. */
  isr: number[];
  /** Broker ids in the partition's ELR (KIP-966; empty with ELR off). */
  elr: number[];
  /** The topic's min.insync.replicas: below it, acks=all writes are refused (NOT_ENOUGH_REPLICAS). */
  minIsr: number;
  /** This replica is an eligible leader replica: out of the ISR, yet safe to lead. */
  eligible: boolean;
  /** False while followers do not fetch from the leader (see simplifications.ts). */
  replicating: boolean;
  /**
   * A zombie leader: the leader epoch this broker still leads in, by its own metadata, while
   * the controller has elected another leader (or none) that it has not heard of, as a cut-off
   * broker does until it is fenced and hears again. Null otherwise. `role` stays the
   * controller's view; this is the broker's own.
   */
  staleLeaderEpoch: number | null;
  /** Its part in a partition reassignment in progress (KIP-455), or null. */
  reassignment: 'adding' | 'removing' | null;
  /** The leader the controller names now (null: none), and its epoch: for the zombie's note. */
  controllerLeader: number | null;
  leaderEpoch: number;
  /** A follower: how many records the leader has that it does not (0 for a leader). */
  behind: number;
  /**
   * A follower in the ISR that has not caught up with the leader for a while (LAGGING_AFTER_MS
   * or more): how long, by the leader's record of it (Replica.lastCaughtUpTimeMs). It stays in
   * the ISR until this reaches replica.lag.time.max.ms (`lagTimeMaxMs`), and the high
   * watermark waits for it meanwhile. Null otherwise.
   */
  notCaughtUpMs: number | null;
  lagTimeMaxMs: number;
}

/**
 * How long an in-sync follower must have gone without catching up before its tile says it is
 * behind: longer than a normal fetch round (replica.fetch.wait.max.ms, 500 ms by default, plus
 * the network), so a healthy follower a batch behind between two fetches is not flagged.
 */
export const LAGGING_AFTER_MS = 1000;

/** A follower's distance from the leader: records behind, and time since it last caught up. */
function followerLag(
  state: SimState,
  p: PartitionState,
  brokerId: number,
  log: ReplicaLog,
): { behind: number; notCaughtUpMs: number | null } {
  if (p.leader === null || p.leader === brokerId) return { behind: 0, notCaughtUpMs: null };
  const leaderLog = p.replicaLogs.find((r) => r.brokerId === p.leader);
  if (!leaderLog) return { behind: 0, notCaughtUpMs: null };
  const behind = Math.max(0, leaderLog.log.logEndOffset - log.log.logEndOffset);
  const remote = leaderLog.leaderState?.remotes.find((x) => x.brokerId === brokerId);
  const since = remote ? state.nowMs - remote.lastCaughtUpTimeMs : 0;
  const lagging = behind > 0 && p.isr.includes(brokerId) && since >= LAGGING_AFTER_MS;
  // To 100 ms: the tile's tooltip shows tenths, and the view then changes ten times a second.
  return { behind, notCaughtUpMs: lagging ? Math.floor(since / 100) * 100 : null };
}

export interface BrokerView {
  id: number;
  alive: boolean;
  isolated: boolean;
  /** Its KRaft controller role: the active controller, a voter, or none. */
  controller: 'active' | 'voter' | null;
  /** Fenced by the controller (no heartbeat within broker.session.timeout.ms, or restarting). */
  fenced: boolean;
  /**
   * Down or cut off, and not fenced yet: in how many whole seconds the active controller fences
   * it (its last heartbeat + broker.session.timeout.ms). Until then the controller still counts
   * it as leader and ISR member, and nothing moves. Null otherwise, and while there is no
   * active controller (a new one counts the session from when it took over).
   */
  fencedInS: number | null;
  sessionTimeoutMs: number;
  /** Running again but not registered yet: it does not serve until the controller takes it. */
  registering: boolean;
  /**
   * Stopping gracefully (`broker.shutdown`): waiting for the controller to move its leaderships
   * away (controlled shutdown) before the process exits.
   */
  shuttingDown: boolean;
  /** The first MAX_TILES replicas hosted here, by topic and partition. */
  replicas: ReplicaView[];
  /** How many more replicas this broker hosts than are shown. */
  hiddenReplicas: number;
  /**
   * Kafka's internal topics (`__consumer_offsets`), one summary line each instead of a tile
   * per replica: fifty tiles would bury the topics people created.
   */
  internalTopics: InternalTopicView[];
  /** The groups whose coordinator runs on this broker (it leads their offsets partition). */
  coordinates: string[];
  /** Reading its disk for a fetch answer: records older than its page cache (pageCache.ts). */
  readingDisk: boolean;
  /** Reading remote storage for a fetch answer: records below the local log (tiered storage). */
  readingRemote: boolean;
}

export interface InternalTopicView {
  name: string;
  /** Partitions this broker leads, hosts a replica of, and the topic has (0: not created yet). */
  leads: number;
  hosts: number;
  partitions: number;
}

export interface ProducerView {
  id: string;
  topic: string;
  ratePerSec: number;
  acks: string;
  sent: number;
  acked: number;
  failed: number;
  /** Records generated but not yet acknowledged or failed (accumulator plus in flight). */
  pending: number;
  /** Held up by a full buffer.memory: send() blocked (max.block.ms), or catching up after it. */
  blocked: boolean;
  /**
   * Of `acked`, the records later lost (acks=1 and a leader crash, an unclean election): the
   * producer was told they were written and is never told otherwise.
   */
  lost: number;
  /**
   * Records its retries wrote a second time, and batches written behind a later one (without
   * idempotence; the broker cannot tell, the simulator counts them).
   */
  duplicates: number;
  reordered: number;
  /**
   * Its oldest produce request has been unanswered for WAITING_AFTER_MS or more: to which
   * broker, for how long (to 100 ms), and request.timeout.ms, after which it gives up on it
   * and retries (a slow or cut-off broker; a crashed one closes its connections at once).
   */
  waiting: { broker: number; forMs: number; timeoutMs: number } | null;
  /**
   * Records in batches a broker refused with a retriable error, waiting for their retry or
   * sent again, and the last such error; null when none. Without it a refused write (acks=all
   * below min.insync.replicas) shows only as a growing `pending`.
   */
  retrying: { records: number; error: string | null } | null;
  /** A Kafka Connect source task's producer: its connector (connectView.ts); null otherwise. */
  connect: ConnectView | null;
}

/** Past this an unanswered produce request is shown: an answer normally takes milliseconds. */
export const WAITING_AFTER_MS = 1000;

function producerWaiting(state: SimState, p: ProducerState): ProducerView['waiting'] {
  let oldest: ProducerState['inFlight'][number] | null = null;
  for (const r of p.inFlight) if (!oldest || r.sentAtMs < oldest.sentAtMs) oldest = r;
  if (!oldest) return null;
  const forMs = state.nowMs - oldest.sentAtMs;
  if (forMs < WAITING_AFTER_MS) return null;
  return {
    broker: oldest.broker,
    forMs: Math.floor(forMs / 100) * 100,
    timeoutMs: producerSettings(p.config).requestTimeoutMs,
  };
}

function producerRetrying(p: ProducerState): ProducerView['retrying'] {
  let records = 0;
  // Back in the accumulator after a failed attempt (Sender.reenqueueBatch)…
  for (const deques of Object.values(p.accumulator))
    for (const deque of deques) for (const b of deque) if (b.attempts > 0) records += b.recordCount;
  // …or sent again and not yet answered.
  for (const r of p.inFlight)
    for (const b of r.batches) if (b.attempts > 1) records += b.recordCount;
  return records === 0 ? null : { records, error: p.stats.lastRetryError ?? null };
}

export interface ConsumerPartitionView {
  key: string;
  /** Next offset to read, or null until auto.offset.reset has found one. */
  position: number | null;
  /** High watermark minus position, from the consumer's last fetch; null without a position. */
  lag: number | null;
}

export interface ConsumerView {
  id: string;
  /** group.id of a standalone consumer that commits to a group (manual assignment), or null. */
  groupId: string | null;
  /** The first MAX_TILES assigned partitions. */
  partitions: ConsumerPartitionView[];
  hiddenPartitions: number;
  consumed: number;
  fatalError: string | null;
}

/**
 * The most replica tiles (or consumer rows) one node shows. Large benchmark clusters host
 * dozens per broker; past this the node says how many more there are instead.
 */
export const MAX_TILES = 12;

export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/**
 * Whether the broker still acts as the partition's leader in an epoch the controller has moved
 * past: its replica has leader state (it takes writes) and its metadata names it leader, while
 * the controller's partition state names another leader. Its epoch then, else null.
 */
export function staleLeaderEpoch(
  p: PartitionState,
  broker: BrokerState,
  log: ReplicaLog,
): number | null {
  const acting = log.leaderState;
  if (p.leader === broker.id || !acting || !believesLeader(broker, p)) return null;
  return acting.leaderEpoch;
}

function replicaView(
  state: SimState,
  p: PartitionState,
  broker: BrokerState,
  settings: TopicSettings,
  lagTimeMaxMs: number,
): ReplicaView | null {
  const brokerId = broker.id;
  const log = p.replicaLogs.find((r) => r.brokerId === brokerId);
  if (!log) return null;
  const role = reassignmentRole(p, brokerId);
  return {
    key: topicPartitionKey(p.topic, p.partition),
    topic: p.topic,
    partition: p.partition,
    role:
      p.leader === null
        ? 'offline'
        : p.leader === brokerId
          ? 'leader'
          : p.isr.includes(brokerId)
            ? 'follower'
            : 'outOfSync',
    logStartOffset: log.log.logStartOffset,
    logEndOffset: log.log.logEndOffset,
    highWatermark: log.highWatermark,
    isr: [...p.isr],
    elr: [...p.elr],
    minIsr: settings.minInsyncReplicas,
    eligible: p.elr.includes(brokerId),
    replicating: REPLICATION_SIMULATED,
    staleLeaderEpoch: staleLeaderEpoch(p, broker, log),
    // Tiles are drawn only for the partition's replicas, so never for a removed one.
    reassignment: role === 'removed' ? null : role,
    controllerLeader: p.leader,
    leaderEpoch: p.leaderEpoch,
    ...followerLag(state, p, brokerId, log),
    lagTimeMaxMs,
  };
}

export function brokerView(state: SimState, broker: BrokerState): BrokerView {
  const replicas: ReplicaView[] = [];
  const internalTopics: InternalTopicView[] = [];
  let hosted = 0;
  const lagTimeMaxMs = brokerSettings(state.cluster.brokerConfig).replicaLagTimeMaxMs;
  for (const topic of state.topics) {
    if (topic.internal) {
      const hosts = topic.partitions.filter((p) => p.replicas.includes(broker.id)).length;
      const leads = topic.partitions.filter((p) => p.leader === broker.id).length;
      const partitions = topic.partitions.length;
      internalTopics.push({ name: topic.name, leads, hosts, partitions });
      continue;
    }
    const settings = topicSettings(topic.config, state.cluster.brokerConfig);
    for (const p of topic.partitions) {
      if (!p.replicas.includes(broker.id)) continue;
      hosted++;
      if (replicas.length === MAX_TILES) continue;
      const view = replicaView(state, p, broker, settings, lagTimeMaxMs);
      if (view) replicas.push(view);
    }
  }
  // Reserve the row from the start when groups will create the topic (it appears a few ms
  // in), so the broker does not grow under the viewer's eyes.
  const groupsExpected =
    state.groupSpecs.length > 0 || state.consumers.some((c) => c.group !== null);
  if (internalTopics.length === 0 && groupsExpected)
    internalTopics.push({ name: OFFSETS_TOPIC, leads: 0, hosts: 0, partitions: 0 });
  const { id, alive, isolated } = broker;
  const c = state.controller;
  const controller = c.active === id ? 'active' : c.voters.includes(id) ? 'voter' : null;
  const reg = c.registrations.find((r) => r.broker === id);
  const fenced = reg?.fenced ?? true;
  const sessionTimeoutMs = brokerSettings(state.cluster.brokerConfig).sessionTimeoutMs;
  // The controller fences once more than the timeout has passed (controller.ts fenceExpired).
  const fencedInS =
    reg && !fenced && c.active !== null && (!alive || isolated)
      ? Math.max(0, Math.ceil((reg.lastHeartbeatMs + sessionTimeoutMs + 1 - state.nowMs) / 1000))
      : null;
  return {
    id,
    alive,
    isolated,
    controller,
    fenced,
    fencedInS,
    sessionTimeoutMs,
    registering: alive && broker.metadataOffset < 0,
    shuttingDown: alive && broker.controlledShutdown !== null,
    replicas,
    hiddenReplicas: hosted - replicas.length,
    internalTopics,
    coordinates: state.groups.filter((g) => g.coordinator === id).map((g) => g.groupId),
    readingDisk: readingDisk(broker, state.nowMs),
    readingRemote: readingRemote(broker),
  };
}

/** One tiered topic as the remote storage node lists it. */
export interface RemoteTopicView {
  topic: string;
  segments: number;
  sizeBytes: number;
  /** The oldest offset of any of its partitions in remote storage, and the newest end. */
  partitions: number;
  /** Partitions with an upload in flight now. */
  uploading: number;
}

/** Remote storage (tiered storage): what it holds per tiered topic, and what it is doing. */
export interface RemoteStorageView {
  topics: RemoteTopicView[];
  /** Brokers waiting for a read from it (consumer fetches of old records). */
  readingBrokers: number[];
  latencyMs: number;
}

/**
 * The remote storage node, or null when the brokers have no tiered storage
 * (remote.log.storage.system.enable is off).
 */
export function remoteStorageView(state: SimState): RemoteStorageView | null {
  if (!brokerSettings(state.cluster.brokerConfig).remoteLogStorageSystem) return null;
  const topics: RemoteTopicView[] = [];
  for (const t of state.topics) {
    if (t.internal || !tieredTopic(state, t)) continue;
    let segments = 0;
    let sizeBytes = 0;
    let uploading = 0;
    for (const p of t.partitions) {
      segments += p.remoteLog?.segments.length ?? 0;
      sizeBytes += p.remoteLog?.sizeBytes ?? 0;
      if (p.remoteCopyInFlight !== null) uploading++;
    }
    topics.push({ topic: t.name, segments, sizeBytes, partitions: t.partitions.length, uploading });
  }
  return {
    topics,
    readingBrokers: state.brokers.filter((b) => readingRemote(b)).map((b) => b.id),
    latencyMs: state.cluster.remoteLatencyMs,
  };
}

const ACKS_LABEL: Record<0 | 1 | -1, string> = { 0: '0', 1: '1', [-1]: 'all' };

export function producerView(state: SimState, p: ProducerState): ProducerView {
  const { sent, acked, failed } = p.stats;
  return {
    id: p.id,
    topic: p.topic,
    ratePerSec: p.ratePerSec,
    acks: ACKS_LABEL[producerSettings(p.config).acks],
    sent,
    acked,
    failed,
    pending: Math.max(0, sent - acked - failed),
    blocked: p.backpressureSinceMs !== null,
    lost: lostOfProducer(state, p.id),
    duplicates: p.stats.duplicateRecords,
    reordered: p.stats.reorderedBatches,
    waiting: producerWaiting(state, p),
    retrying: producerRetrying(p),
    connect: null,
  };
}

export function consumerView(c: ConsumerState): ConsumerView {
  return {
    id: c.id,
    groupId: c.group?.groupId ?? null,
    partitions: c.assignment.slice(0, MAX_TILES).map((a) => ({
      key: topicPartitionKey(a.topic, a.partition),
      position: a.position,
      lag: a.position === null ? null : Math.max(0, a.highWatermark - a.position),
    })),
    hiddenPartitions: Math.max(0, c.assignment.length - MAX_TILES),
    consumed: c.stats.recordsConsumed,
    fatalError: c.fatalError,
  };
}
