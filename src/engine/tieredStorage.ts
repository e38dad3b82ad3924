/**
 * Tiered storage (KIP-405): brokers keep the recent part of each log on their own disks and
 * the rest in remote storage, an object store outside the cluster (S3 and the like). It is on
 * for a topic with `remote.storage.enable=true`, which needs `remote.log.storage.system.enable`
 * on the brokers.
 *
 * What Kafka does, and this module follows:
 * - Every `remote.log.manager.task.interval.ms` the leader's RemoteLogManager copies the
 *   partition's closed segments whose records are all committed (RLMCopyTask
 *   candidateLogSegments: not the active segment, and the next segment starts at or below the
 *   last stable offset, which is the high watermark without transactions). Only the leader
 *   copies, once for the partition: followers never write to remote storage.
 * - A replica deletes a local segment only once it is in remote storage
 *   (UnifiedLog.isSegmentEligibleForDeletion), by `local.retention.ms` and
 *   `local.retention.bytes` (-2, the default: the same as retention.*). Followers learn what
 *   was copied from the remote log metadata (RLMFollowerTask).
 * - retention.ms and retention.bytes bound the whole log: the leader's RLMExpirationTask
 *   deletes remote segments past them (for bytes it counts the remote segments plus the local
 *   segments not copied yet) and moves the log start offset.
 * - A consumer fetch below the leader's local log start reads remote storage (a
 *   DelayedRemoteFetch): the answer leaves when the remote read is done. A follower that falls
 *   below the leader's local log start gets OFFSET_MOVED_TO_TIERED_STORAGE and starts over at
 *   the leader's local log start (TierStateMachine.buildRemoteLogAuxState): replicas never copy
 *   remote data back.
 * - ListOffsets `earliest` answers the log start offset, which may be in remote storage.
 *
 * Simplified (said in the help panel and the report notes too): remote storage is one store for
 * the cluster, reached over its own link (the scenario's `cluster.remoteStorage.latencyMs`, not
 * a Kafka config; like the rest of the network, no bandwidth limit); a segment that straddles
 * the end of what was copied (after a leader change, replicas roll their segments at different
 * offsets) is copied from that end only; each fetch reads remote storage for one partition at
 * a time, as Kafka before KIP-1075 did (others of that fetch wait for the next one); after an
 * unclean election remote segments past the new leader's log end are dropped (Kafka tells
 * lineages apart by leader epoch in the remote metadata).
 */
import { brokerSettings, topicSettings } from './config.ts';
import { emit, findBroker, findPartition, findTopic, type Ctx } from './context.ts';
import { epochAt, UNDEFINED_EPOCH } from './epochCache.ts';
import { readRange, type ReadRange } from './log.ts';
import type {
  BrokerState,
  Endpoint,
  MessagePayload,
  MessageState,
  PartitionState,
  PendingRemoteFetch,
  RemoteLog,
  RemoteStorageStats,
  ReplicaLog,
  SegmentState,
  SimState,
  TopicState,
} from './model.ts';
import { REQUEST_OVERHEAD_BYTES, send, sendLater } from './network.ts';
import { schedule } from './queue.ts';

/** An object store one region away: tens of milliseconds each way. */
export const DEFAULT_REMOTE_LATENCY_MS = 50;
export const MAX_REMOTE_LATENCY_MS = 10_000;

/** Remote storage as a message endpoint. */
const REMOTE: Endpoint = { kind: 'remote' };

export function emptyRemoteStats(): RemoteStorageStats {
  return {
    copiedSegments: 0,
    copiedBytes: 0,
    fetches: 0,
    fetchBytes: 0,
    deletedSegments: 0,
    deletedBytes: 0,
  };
}

/** Whether the topic's segments go to remote storage (the topic's and the brokers' switches). */
export function tieredTopic(state: SimState, t: TopicState): boolean {
  return (
    brokerSettings(state.cluster.brokerConfig).remoteLogStorageSystem &&
    topicSettings(t.config, state.cluster.brokerConfig).remoteStorage
  );
}

/**
 * The partition's log start offset as the leader `r` answers it (UnifiedLog.logStartOffset):
 * with records in remote storage, the first of them; else the local log's start. Remote
 * retention may move it above the local start: those local records are deleted next.
 */
export function logStartOffset(p: PartitionState, r: ReplicaLog): number {
  const remote = p.remoteLog;
  if (remote === null) return r.log.logStartOffset;
  if (remote.segments.length > 0) return remote.logStartOffset;
  return Math.max(remote.logEndOffset, r.log.logStartOffset);
}

/** Whether a consumer fetch at `offset` reads remote storage (below the leader's local log). */
export function inRemoteStorage(p: PartitionState, r: ReplicaLog, offset: number): boolean {
  const remote = p.remoteLog;
  return remote !== null && offset < r.log.logStartOffset && remoteSegmentAt(remote, offset) >= 0;
}

/**
 * The index of the remote segment holding `offset`, or -1. Remote storage may have holes
 * (copying starts at the leader's local log start: a topic that turned tiered late, or a new
 * leader whose log starts later); an offset in one is out of range, as in Kafka.
 */
function remoteSegmentAt(remote: RemoteLog, offset: number): number {
  const segs = remote.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const seg = segs[mid]!;
    if (offset < seg.baseOffset) hi = mid - 1;
    else if (offset >= seg.nextOffset) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * What a consumer fetch reads from remote storage (RemoteLogManager.read): whole batches of the
 * one remote segment holding `fromOffset`, up to the high watermark and `maxBytes` (the first
 * batch even when larger, KIP-74), counted on the leader's broker. The bytes come over the
 * network from remote storage (`askRemoteStorage`).
 */
export function readRemote(
  broker: BrokerState,
  remote: RemoteLog,
  fromOffset: number,
  highWatermark: number,
  maxBytes: number,
): ReadRange {
  const range = readRange(remote, fromOffset, highWatermark, maxBytes, true);
  if (range.sizeBytes > 0) {
    broker.remoteStorage.fetches += 1;
    broker.remoteStorage.fetchBytes += range.sizeBytes;
  }
  return range;
}

/**
 * DelayedRemoteFetch: the consumer fetch answer waits at the broker while it reads the records
 * from remote storage; it leaves when the `remoteFetchResponse` arrives (and any disk read of
 * the same answer is done).
 */
export function askRemoteStorage(
  ctx: Ctx,
  broker: BrokerState,
  answer: Omit<PendingRemoteFetch, 'requestId'>,
  read: { topic: string; partition: number; fromOffset: number; toOffset: number; bytes: number },
): void {
  const fetch = answer.payload;
  const requestId = `${fetch.consumer}/${fetch.requestId}`;
  broker.remoteFetches.push({ ...answer, requestId });
  send(
    ctx,
    { kind: 'broker', id: broker.id },
    REMOTE,
    { kind: 'remoteFetch', broker: broker.id, requestId, ...read },
    REQUEST_OVERHEAD_BYTES,
  );
}

/** A broker's `remoteFetchResponse`: the waiting consumer fetch answer leaves now. */
export function onRemoteFetchResponse(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const res = msg.payload as Extract<MessagePayload, { kind: 'remoteFetchResponse' }>;
  const i = broker.remoteFetches.findIndex((f) => f.requestId === res.requestId);
  if (i < 0) return;
  const answer = broker.remoteFetches.splice(i, 1)[0]!;
  const from: Endpoint = { kind: 'broker', id: broker.id };
  const delay = Math.max(0, answer.diskDoneAtMs - ctx.state.nowMs);
  sendLater(ctx, from, answer.to, answer.payload, answer.sizeBytes, delay);
}

/** Whether the broker is reading remote storage for a fetch answer now (for the canvas). */
export function readingRemote(b: BrokerState): boolean {
  return b.alive && b.remoteFetches.length > 0;
}

/**
 * The retention of one replica's local log on a tiered topic: local.retention.*, only what is
 * in remote storage, and first whatever is below a log start offset that remote retention
 * moved. Null for a topic that is not tiered (plain retention applies).
 */
export function localRetention(
  state: SimState,
  t: TopicState,
  p: PartitionState,
  r: ReplicaLog,
): {
  upperBound: number;
  retentionMs: number;
  retentionBytes: number;
  logStartOffset: number;
} | null {
  if (!tieredTopic(state, t)) return null;
  const s = topicSettings(t.config, state.cluster.brokerConfig);
  const copiedUpTo = p.remoteLog === null ? r.log.logStartOffset : p.remoteLog.logEndOffset;
  return {
    upperBound: Math.min(r.highWatermark, copiedUpTo),
    retentionMs: s.localRetentionMs,
    retentionBytes: s.localRetentionBytes,
    logStartOffset: logStartOffset(p, r),
  };
}

// ---------------------------------------------------------------------------------------
// The RemoteLogManager's tasks on the leader

export function scheduleRemoteLogTask(state: SimState, broker: number): void {
  const b = findBroker(state, broker);
  const settings = brokerSettings(state.cluster.brokerConfig);
  if (!b || !settings.remoteLogStorageSystem) return;
  b.remoteTaskDueMs = state.nowMs + settings.remoteLogManagerTaskIntervalMs;
  schedule(state, b.remoteTaskDueMs, { kind: 'remoteLogTask', broker });
}

/** The replica of `p` that broker `brokerId` leads, or undefined. */
function ledBy(p: PartitionState, brokerId: number): ReplicaLog | undefined {
  const r = p.replicaLogs.find((x) => x.brokerId === brokerId);
  // onLeadershipChange: only the leader's tasks copy and expire.
  return r && r.leaderState !== null ? r : undefined;
}

/** Work `remoteLogTask`: copy and expire remote segments of every tiered partition this broker leads. */
export function runRemoteLogTasks(ctx: Ctx, brokerId: number): void {
  const state = ctx.state;
  const b = findBroker(state, brokerId);
  // A dead broker's tasks stop (a restart starts them again); a superseded timer is ignored.
  if (!b || !b.alive || b.remoteTaskDueMs !== state.nowMs) return;
  for (const t of state.topics) {
    if (!tieredTopic(state, t)) continue;
    for (const p of t.partitions) {
      const r = ledBy(p, brokerId);
      if (!r) continue;
      dropDivergedRemote(p, r);
      copyNextSegment(ctx, b, p, r);
      expireRemoteSegments(ctx, b, t, p, r);
    }
  }
  scheduleRemoteLogTask(state, brokerId);
}

/**
 * Whether a remote segment belongs to the lineage of `r`'s log: within its log end, and written
 * in the epoch `r` has for those offsets (when it still knows it). Kafka keeps the leader epochs
 * of every remote segment in its metadata and a new leader ignores segments of other lineages.
 */
function inLineage(r: ReplicaLog, seg: SegmentState): boolean {
  if (seg.nextOffset > r.log.logEndOffset) return false;
  const last = seg.batches[seg.batches.length - 1];
  if (last === undefined) return true;
  const epoch = epochAt(r, last.baseOffset);
  return epoch === UNDEFINED_EPOCH || epoch === last.partitionLeaderEpoch;
}

/**
 * Remote segments an older leader wrote that the new leader's log does not hold (after an
 * unclean election) are dropped, newest first, before anything reads or counts them.
 */
function dropDivergedRemote(p: PartitionState, r: ReplicaLog): void {
  const remote = p.remoteLog;
  if (remote === null) return;
  const before = remote.segments.length;
  while (remote.segments.length > 0 && !inLineage(r, remote.segments.at(-1)!))
    remote.sizeBytes -= remote.segments.pop()!.sizeBytes;
  if (remote.segments.length === before && remote.logEndOffset <= r.log.logEndOffset) return;
  const last = remote.segments.at(-1);
  remote.logEndOffset = last
    ? last.nextOffset
    : Math.min(remote.logEndOffset, r.log.logStartOffset);
  if (remote.segments.length === 0) remote.logStartOffset = remote.logEndOffset;
}

/**
 * Partition.makeLeader on a tiered topic: the RemoteLogManager's tasks for the partition start
 * at once (scheduleWithFixedDelay with no initial delay): the new leader drops remote segments
 * outside its lineage and goes on copying where remote storage ends.
 */
export function onBecameLeader(ctx: Ctx, b: BrokerState, p: PartitionState, r: ReplicaLog): void {
  if (
    p.remoteLog === null &&
    !brokerSettings(ctx.state.cluster.brokerConfig).remoteLogStorageSystem
  )
    return;
  dropDivergedRemote(p, r);
  const t = findTopic(ctx.state, p.topic);
  if (t && tieredTopic(ctx.state, t)) copyNextSegment(ctx, b, p, r);
}

/** A closed segment's part at or after `fromOffset`, as an immutable remote copy. */
function remoteCopy(seg: SegmentState, fromOffset: number): SegmentState {
  if (fromOffset <= seg.baseOffset) return { ...seg, batches: seg.batches.slice() };
  const batches = seg.batches.filter((b) => b.baseOffset >= fromOffset);
  let sizeBytes = 0;
  let largestTimestampMs = -1;
  for (const b of batches) {
    sizeBytes += b.sizeBytes;
    largestTimestampMs = Math.max(largestTimestampMs, b.maxTimestampMs);
  }
  return {
    baseOffset: fromOffset,
    nextOffset: seg.nextOffset,
    sizeBytes,
    rollStartMs: batches[0]?.maxTimestampMs ?? null,
    largestTimestampMs,
    batches,
  };
}

/**
 * RLMCopyTask.candidateLogSegments: the first closed segment not in remote storage yet whose
 * records are all committed (the next segment starts at or below the last stable offset, the
 * high watermark without transactions), as it would land there; null when there is none.
 */
function nextCandidate(p: PartitionState, r: ReplicaLog): SegmentState | null {
  const segs = r.log.segments;
  const fromOffset = Math.max(p.remoteLog?.logEndOffset ?? 0, r.log.logStartOffset);
  for (let i = 0; i + 1 < segs.length; i++) {
    const seg = segs[i]!;
    if (seg.nextOffset <= fromOffset || seg.sizeBytes === 0) continue;
    if (segs[i + 1]!.baseOffset > r.highWatermark) return null;
    const copy = remoteCopy(seg, Math.max(fromOffset, seg.baseOffset));
    if (copy.batches.length > 0) return copy;
  }
  return null;
}

/**
 * RLMCopyTask.copyLogSegmentsToRemote: uploads the next candidate segment
 * (RemoteStorageManager.copyLogSegmentData), one at a time per partition; when it has landed
 * the leader uploads the next (onRemoteCopyResponse), so one task run copies every candidate.
 */
function copyNextSegment(ctx: Ctx, b: BrokerState, p: PartitionState, r: ReplicaLog): void {
  if (p.remoteCopyInFlight !== null) return;
  const segment = nextCandidate(p, r);
  if (segment === null) return;
  const sent = send(
    ctx,
    { kind: 'broker', id: b.id },
    REMOTE,
    { kind: 'remoteCopy', broker: b.id, topic: p.topic, partition: p.partition, segment },
    REQUEST_OVERHEAD_BYTES + segment.sizeBytes,
  );
  if (sent) p.remoteCopyInFlight = { broker: b.id, baseOffset: segment.baseOffset };
}

/**
 * Remote storage receives a message: an upload lands (if it continues what is there: a stale
 * upload from an older leader is refused), or a read is answered.
 */
export function deliverToRemote(ctx: Ctx, msg: MessageState): void {
  const payload = msg.payload;
  if (payload.kind === 'remoteFetch') {
    const { requestId, topic, partition, fromOffset, toOffset, bytes } = payload;
    send(
      ctx,
      REMOTE,
      msg.from,
      {
        kind: 'remoteFetchResponse',
        broker: payload.broker,
        requestId,
        topic,
        partition,
        fromOffset,
        toOffset,
        bytes,
      },
      REQUEST_OVERHEAD_BYTES + bytes,
    );
    return;
  }
  if (payload.kind !== 'remoteCopy') return;
  const p = findPartition(ctx.state, payload.topic, payload.partition);
  const seg = payload.segment;
  const remote = p?.remoteLog ?? null;
  // Copies go on from the end of remote storage (RLMCopyTask: from max(copied + 1, local log
  // start)), leaving a hole when the leader's log starts later; an upload below the end (a
  // stale one from an older leader) is refused.
  const stored = p !== undefined && (remote === null || seg.baseOffset >= remote.logEndOffset);
  if (p && stored) {
    const target = (p.remoteLog ??= {
      logStartOffset: seg.baseOffset,
      logEndOffset: seg.baseOffset,
      sizeBytes: 0,
      segments: [],
    });
    if (target.segments.length === 0) target.logStartOffset = seg.baseOffset;
    target.segments.push(seg);
    target.logEndOffset = seg.nextOffset;
    target.sizeBytes += seg.sizeBytes;
    const b = findBroker(ctx.state, payload.broker);
    if (b) {
      b.remoteStorage.copiedSegments += 1;
      b.remoteStorage.copiedBytes += seg.sizeBytes;
    }
    emit(ctx, {
      type: 'remote.copied',
      topic: payload.topic,
      partition: payload.partition,
      broker: payload.broker,
      segments: 1,
      fromOffset: seg.baseOffset,
      toOffset: seg.nextOffset,
      sizeBytes: seg.sizeBytes,
    });
    // A deposed leader that has not heard of it yet (cut off) may still upload: the leader
    // that replaced it goes by its own lineage, so what lies outside it is dropped at once.
    const current = p.replicaLogs.find((r) => r.brokerId === p.leader);
    if (current?.leaderState && p.leader !== payload.broker) dropDivergedRemote(p, current);
  }
  send(
    ctx,
    REMOTE,
    msg.from,
    {
      kind: 'remoteCopyResponse',
      broker: payload.broker,
      topic: payload.topic,
      partition: payload.partition,
      baseOffset: seg.baseOffset,
      nextOffset: seg.nextOffset,
      stored,
    },
    REQUEST_OVERHEAD_BYTES,
  );
}

/** The leader hears its upload landed: while it still leads, it uploads the next candidate. */
export function onRemoteCopyResponse(ctx: Ctx, msg: MessageState, b: BrokerState): void {
  const res = msg.payload as Extract<MessagePayload, { kind: 'remoteCopyResponse' }>;
  const p = findPartition(ctx.state, res.topic, res.partition);
  if (!p || p.remoteCopyInFlight?.broker !== b.id) return;
  p.remoteCopyInFlight = null;
  // A refused upload waits for the next task run (never retried at once).
  if (!res.stored) return;
  const t = findTopic(ctx.state, res.topic);
  const r = ledBy(p, b.id);
  if (t && r && tieredTopic(ctx.state, t)) copyNextSegment(ctx, b, p, r);
}

/** Bytes of the local segments not in remote storage yet (UnifiedLog.onlyLocalLogSegmentsSize). */
function onlyLocalBytes(r: ReplicaLog, copiedUpTo: number): number {
  let bytes = 0;
  for (const seg of r.log.segments) if (seg.baseOffset >= copiedUpTo) bytes += seg.sizeBytes;
  return bytes;
}

/** RLMExpirationTask: remote segments past retention.bytes, then retention.ms, oldest first. */
function expireRemoteSegments(
  ctx: Ctx,
  b: BrokerState,
  t: TopicState,
  p: PartitionState,
  r: ReplicaLog,
): void {
  const remote = p.remoteLog;
  if (remote === null || remote.segments.length === 0) return;
  const s = topicSettings(t.config, ctx.state.cluster.brokerConfig);
  if (s.retentionBytes >= 0) {
    let breached = remote.sizeBytes + onlyLocalBytes(r, remote.logEndOffset) - s.retentionBytes;
    deleteRemote(ctx, b, p, 'retention.bytes', (seg) => {
      if (breached - seg.sizeBytes < 0) return false;
      breached -= seg.sizeBytes;
      return true;
    });
  }
  if (s.retentionMs >= 0) {
    const now = ctx.state.nowMs;
    deleteRemote(ctx, b, p, 'retention.ms', (seg) => now - seg.largestTimestampMs > s.retentionMs);
  }
}

function deleteRemote(
  ctx: Ctx,
  b: BrokerState,
  p: PartitionState,
  reason: 'retention.ms' | 'retention.bytes',
  shouldDelete: (seg: SegmentState) => boolean,
): void {
  const remote = p.remoteLog!;
  let count = 0;
  while (count < remote.segments.length && shouldDelete(remote.segments[count]!)) count += 1;
  if (count === 0) return;
  let records = 0;
  let bytes = 0;
  for (const seg of remote.segments.splice(0, count)) {
    records += seg.nextOffset - seg.baseOffset;
    bytes += seg.sizeBytes;
  }
  remote.sizeBytes -= bytes;
  // updateLogStartOffsetFromRemoteTier: the first remaining remote segment, or what was copied.
  remote.logStartOffset = remote.segments[0]?.baseOffset ?? remote.logEndOffset;
  b.remoteStorage.deletedSegments += count;
  b.remoteStorage.deletedBytes += bytes;
  emit(ctx, {
    type: 'remote.deleted',
    topic: p.topic,
    partition: p.partition,
    broker: b.id,
    segments: count,
    records,
    logStartOffset: remote.logStartOffset,
    reason,
  });
}

// ---------------------------------------------------------------------------------------
// Config rules and invariants

/**
 * LogConfig.validateTopicLogConfigValues for remote storage: the brokers must have it on
 * (validateRemoteStorageOnlyIfSystemEnabled), local retention may not exceed the total
 * (validateRemoteStorageRetentionSize / Time), and it cannot be switched off again (Kafka
 * 3.9+ allows that only with remote.log.delete.on.disable, which is not simulated). Returns the
 * key and the reason, or null.
 */
export function remoteStorageConfigProblem(
  state: SimState,
  next: TopicState['config'],
  previous: TopicState['config'] | null,
  internal = false,
): { key: string; reason: string } | null {
  const broker = state.cluster.brokerConfig;
  const s = topicSettings(next, broker);
  const was = previous !== null && topicSettings(previous, broker).remoteStorage;
  if (was && !s.remoteStorage)
    return {
      key: 'remote.storage.enable',
      reason:
        'It is invalid to disable remote storage without deleting remote data (remote.log.delete.on.disable is not simulated).',
    };
  if (!s.remoteStorage) return null;
  // LogConfig.validateNoRemoteStorageForCompactedTopic (__consumer_offsets is compacted too).
  if (internal || s.compact)
    return {
      key: 'remote.storage.enable',
      reason: 'Remote log storage is unsupported for the compacted topics.',
    };
  if (!brokerSettings(broker).remoteLogStorageSystem)
    return {
      key: 'remote.storage.enable',
      reason:
        'Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage (set remote.log.storage.system.enable=true in the cluster config).',
    };
  return (
    localRetentionProblem('ms', next['local.retention.ms'], s.localRetentionMs, s.retentionMs) ??
    localRetentionProblem(
      'bytes',
      next['local.retention.bytes'],
      s.localRetentionBytes,
      s.retentionBytes,
    )
  );
}

/**
 * LogConfig.validateRemoteStorageRetentionTime / …Size: with a total retention set, an explicit
 * local retention may be neither -1 (forever) nor more than the total.
 */
function localRetentionProblem(
  unit: 'ms' | 'bytes',
  explicit: TopicState['config'][string] | undefined,
  local: number,
  total: number,
): { key: string; reason: string } | null {
  const raw = explicit ?? -2;
  if (total === -1 || raw === -2) return null;
  const key = `local.retention.${unit}`;
  if (raw === -1)
    return { key, reason: `Value must not be -1 as retention.${unit} value is set as ${total}.` };
  if (local > total)
    return {
      key,
      reason: `Value must not be more than retention.${unit} property value: ${total}`,
    };
  return null;
}

/**
 * Invariants of a partition's remote log: segments in offset order without overlaps (holes are
 * allowed), sizes, the start and end offsets, and, once its leader knows it leads, nothing past
 * the leader's log end.
 */
export function remoteLogProblems(p: PartitionState): string[] {
  const remote = p.remoteLog;
  if (remote === null) return [];
  const where = `${p.topic}-${p.partition} remote log`;
  const problems: string[] = [];
  let previousEnd = remote.logStartOffset;
  let size = 0;
  for (const seg of remote.segments) {
    if (seg.baseOffset < previousEnd)
      problems.push(
        `${where}: segment at ${seg.baseOffset} overlaps the one ending at ${previousEnd}`,
      );
    let bytes = 0;
    for (const batch of seg.batches) bytes += batch.sizeBytes;
    if (bytes !== seg.sizeBytes)
      problems.push(
        `${where}: segment ${seg.baseOffset} holds ${bytes} bytes, says ${seg.sizeBytes}`,
      );
    size += seg.sizeBytes;
    previousEnd = seg.nextOffset;
  }
  const first = remote.segments[0];
  if (first && first.baseOffset !== remote.logStartOffset)
    problems.push(`${where}: starts at ${first.baseOffset}, says ${remote.logStartOffset}`);
  if (first && previousEnd !== remote.logEndOffset)
    problems.push(`${where}: ends at ${previousEnd}, says ${remote.logEndOffset}`);
  if (size !== remote.sizeBytes)
    problems.push(`${where}: ${size} bytes in segments, says ${remote.sizeBytes}`);
  const leader = p.replicaLogs.find((r) => r.brokerId === p.leader);
  if (leader?.leaderState && remote.logEndOffset > leader.log.logEndOffset)
    problems.push(
      `${where}: ends at ${remote.logEndOffset}, past leader ${leader.brokerId}'s log end ${leader.log.logEndOffset}`,
    );
  return problems;
}
