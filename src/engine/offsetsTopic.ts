/**
 * `__consumer_offsets`: the internal topic where group coordinators keep committed offsets and
 * group metadata as records, replicated like any partition. A coordinator write is appended to
 * the leader's log and answered only once the high watermark covers it (CoordinatorRuntime
 * parks the response until the records are committed; CoordinatorPartitionWriter appends with
 * acks=1, so min.insync.replicas does not apply); it fails after offsets.commit.timeout.ms.
 *
 * The topic is compacted (cleanup.policy=compact, logCleaner.ts): the log cleaner keeps the
 * latest commit of each (group, topic, partition) and the latest metadata of each group, once
 * offsets.topic.segment.bytes (100 MiB by default) has closed a segment. Simplification: records
 * are readable JSON rather than Kafka's binary schemas (OffsetCommitKey/Value,
 * GroupMetadataKey/Value).
 */
import { brokerSettings, topicSettings } from './config.ts';
import { emit, findBroker, findTopic, type Ctx } from './context.ts';
import { acceptableLeader } from './controller.ts';
import { assignEpoch } from './epochCache.ts';
import type { CommitOffset, CoordinatorWrite, GroupMember, GroupState } from './groupTypes.ts';
import { appendBatch } from './log.ts';
import { cacheChanged } from './pageCache.ts';
import { completeParkedFetches } from './brokerRequests.ts';
import { maybeIncrementHighWatermark } from './replication.ts';
import type { BrokerState, PartitionState, RecordBatch, ReplicaLog } from './model.ts';
import { schedule } from './queue.ts';
import { RECORD_BATCH_OVERHEAD, recordSizeInBytes } from './recordSize.ts';
import { isKept, keptCount } from './records.ts';
import { utf8Length } from './utf8.ts';

export const OFFSETS_TOPIC = '__consumer_offsets';

/** The part of a group its metadata record keeps (GroupMetadataValue). */
export interface PersistedGroup {
  generationId: number;
  protocolName: string | null;
  leaderId: string | null;
  members: Omit<GroupMember, 'awaitingJoin' | 'awaitingSync' | 'heartbeatDeadlineMs' | 'isNew'>[];
}

export function offsetRecordKey(groupId: string, topic: string, partition: number): string {
  return JSON.stringify(['offset', groupId, topic, partition]);
}

export function groupRecordKey(groupId: string): string {
  return JSON.stringify(['group', groupId]);
}

/**
 * Creates `__consumer_offsets` when it does not exist yet, as a broker's FindCoordinator does
 * (auto topic creation), with offsets.topic.num.partitions partitions and
 * offsets.topic.replication.factor replicas. Kafka refuses to create it while fewer brokers
 * are registered than the replication factor; the simulator uses at most the live brokers, so
 * a one-broker classroom cluster works. Returns whether the topic exists now.
 */
export function ensureOffsetsTopic(
  ctx: Ctx,
  create: (ctx: Ctx, partitions: number, replicationFactor: number) => boolean,
): boolean {
  const state = ctx.state;
  if (findTopic(state, OFFSETS_TOPIC)) return true;
  const s = brokerSettings(state.cluster.brokerConfig);
  const usable = state.brokers.filter((b) => acceptableLeader(state, b.id)).length;
  const rf = Math.min(s.offsetsTopicReplicationFactor, usable);
  if (rf < 1) return false;
  return create(ctx, s.offsetsTopicNumPartitions, rf);
}

function recordSizes(keys: string[], values: string[]): number {
  let size = RECORD_BATCH_OVERHEAD;
  for (let i = 0; i < keys.length; i++)
    size += recordSizeInBytes(i, 0, utf8Length(keys[i]!), utf8Length(values[i]!));
  return size;
}

/**
 * Appends records to the coordinator's own leader replica of the partition and parks `effect`
 * until the high watermark covers them.
 */
export function appendCoordinatorRecords(
  ctx: Ctx,
  broker: BrokerState,
  p: PartitionState,
  leader: ReplicaLog,
  records: { key: string; value: string }[],
  effect: CoordinatorWrite['effect'],
): void {
  const state = ctx.state;
  const ls = leader.leaderState!;
  const topic = findTopic(state, OFFSETS_TOPIC)!;
  const keys = records.map((r) => r.key);
  const values = records.map((r) => r.value);
  const baseOffset = leader.log.logEndOffset;
  const batch: RecordBatch = {
    id: `batch-${++state.counters.batch}`,
    baseOffset,
    recordCount: records.length,
    sizeBytes: recordSizes(keys, values),
    producerId: -1,
    baseSequence: -1,
    partitionLeaderEpoch: ls.leaderEpoch,
    keys,
    values,
    producer: `group-coordinator-${broker.id}`,
    valueBytes: 0,
    timestampRuns: [state.nowMs, records.length],
    maxTimestampMs: state.nowMs,
  };
  const settings = topicSettings(topic.config, state.cluster.brokerConfig);
  const { rolled } = appendBatch(leader.log, batch, settings);
  cacheChanged(state, broker, batch.sizeBytes);
  if (rolled)
    emit(ctx, {
      type: 'segment.rolled',
      topic: OFFSETS_TOPIC,
      partition: p.partition,
      broker: broker.id,
      baseOffset,
      reason: rolled,
    });
  assignEpoch(leader, ls.leaderEpoch, baseOffset);
  const timeoutMs = brokerSettings(state.cluster.brokerConfig).offsetsCommitTimeoutMs;
  broker.coordinatorWrites.push({
    partition: p.partition,
    leaderEpoch: ls.leaderEpoch,
    requiredOffset: leader.log.logEndOffset,
    expiresAtMs: state.nowMs + timeoutMs,
    effect,
  });
  scheduleWriteExpiry(ctx, broker);
  // As after a produce: followers parked at the leader have data, and with the leader alone in
  // the ISR the high watermark (and so the write) completes at once.
  completeParkedFetches(ctx, broker, OFFSETS_TOPIC, p.partition);
  maybeIncrementHighWatermark(ctx, broker, p, leader);
}

function scheduleWriteExpiry(ctx: Ctx, broker: BrokerState): void {
  let earliest = Number.MAX_SAFE_INTEGER;
  for (const w of broker.coordinatorWrites) earliest = Math.min(earliest, w.expiresAtMs);
  if (earliest === Number.MAX_SAFE_INTEGER) return;
  if (broker.coordinatorWriteExpiryAtMs !== null && broker.coordinatorWriteExpiryAtMs <= earliest)
    return;
  broker.coordinatorWriteExpiryAtMs = earliest;
  schedule(ctx.state, earliest, { kind: 'coordinatorWriteExpire', broker: broker.id });
}

/**
 * Settles the writes of one partition on this broker: committed ones (high watermark reached)
 * with null, the others with `error` when given (the broker stopped leading), else left waiting.
 */
export function settleCoordinatorWrites(
  ctx: Ctx,
  broker: BrokerState,
  partition: number,
  highWatermark: number,
  error: string | null,
  complete: (ctx: Ctx, broker: BrokerState, w: CoordinatorWrite, error: string | null) => void,
): void {
  if (broker.coordinatorWrites.length === 0) return;
  const done: { w: CoordinatorWrite; error: string | null }[] = [];
  broker.coordinatorWrites = broker.coordinatorWrites.filter((w) => {
    if (w.partition !== partition) return true;
    if (w.requiredOffset <= highWatermark && error === null) done.push({ w, error: null });
    else if (error !== null) done.push({ w, error });
    else return true;
    return false;
  });
  for (const d of done) complete(ctx, broker, d.w, d.error);
}

/** Work `coordinatorWriteExpire`: writes not committed within offsets.commit.timeout.ms fail. */
export function expireCoordinatorWrites(
  ctx: Ctx,
  brokerId: number,
  complete: (ctx: Ctx, broker: BrokerState, w: CoordinatorWrite, error: string | null) => void,
): void {
  const broker = findBroker(ctx.state, brokerId);
  if (!broker || !broker.alive || broker.coordinatorWriteExpiryAtMs !== ctx.state.nowMs) return;
  broker.coordinatorWriteExpiryAtMs = null;
  const now = ctx.state.nowMs;
  const expired = broker.coordinatorWrites.filter((w) => w.expiresAtMs <= now);
  broker.coordinatorWrites = broker.coordinatorWrites.filter((w) => w.expiresAtMs > now);
  // TimeoutException → REQUEST_TIMED_OUT → COORDINATOR_NOT_AVAILABLE for the client.
  for (const w of expired) complete(ctx, broker, w, 'COORDINATOR_NOT_AVAILABLE');
  scheduleWriteExpiry(ctx, broker);
}

/** What a coordinator finds in its copy of the partition when it loads a group. */
export interface LoadedGroup {
  group: PersistedGroup | null;
  offsets: Map<string, { topic: string; partition: number } & CommitValue>;
  records: number;
}

interface CommitValue {
  offset: number;
  commitTimestampMs: number;
  committedBy: string;
}

/** CoordinatorLoaderImpl: replays the whole log; the latest record per key wins. */
export function replayGroup(r: ReplicaLog, groupId: string): LoadedGroup {
  const offsetKeyPrefix = JSON.stringify(['offset', groupId]).slice(0, -1) + ',';
  const groupKey = groupRecordKey(groupId);
  const loaded: LoadedGroup = { group: null, offsets: new Map(), records: 0 };
  for (const seg of r.log.segments) {
    for (const batch of seg.batches) {
      loaded.records += keptCount(batch);
      if (!batch.keys || !batch.values) continue;
      for (let i = 0; i < batch.recordCount; i++) {
        if (!isKept(batch, i)) continue; // removed by the log cleaner
        const key = batch.keys[i];
        const value = batch.values[i];
        if (key === null || key === undefined || value === null || value === undefined) continue;
        if (key === groupKey) loaded.group = JSON.parse(value) as PersistedGroup;
        else if (key.startsWith(offsetKeyPrefix)) {
          const [, , topic, partition] = JSON.parse(key) as [string, string, string, number];
          const v = JSON.parse(value) as CommitValue;
          loaded.offsets.set(key, { topic, partition, ...v });
        }
      }
    }
  }
  return loaded;
}

export function offsetRecords(
  groupId: string,
  committedBy: string,
  offsets: CommitOffset[],
  nowMs: number,
): { key: string; value: string }[] {
  return offsets.map((o) => ({
    key: offsetRecordKey(groupId, o.topic, o.partition),
    value: JSON.stringify({ offset: o.offset, commitTimestampMs: nowMs, committedBy }),
  }));
}

export function groupRecord(
  g: GroupState,
  members: PersistedGroup['members'],
): {
  key: string;
  value: string;
} {
  const persisted: PersistedGroup = {
    generationId: g.generationId,
    protocolName: g.protocolName,
    leaderId: g.leaderId,
    members,
  };
  return { key: groupRecordKey(g.groupId), value: JSON.stringify(persisted) };
}
