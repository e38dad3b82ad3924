/**
 * The report of the headless runner (DESIGN.md "Headless runner"): a plain-JSON summary of a
 * simulation's state that people and scripts can diff. Key order is fixed and every number
 * is finite, so the same state always prints the same bytes. Values with no data yet (the
 * latency of a producer that got no acknowledgement) are null rather than a made-up 0.
 */
import { REPORT_NOTES } from './reportNotes.ts';
import { connectorReport, type ConnectorReport } from './connectReport.ts';
import { brokerSettings, consumerSettings, producerSettings } from './config.ts';
import { cleanerStatsOf } from './logCleaner.ts';
import { leaderLog } from './context.ts';
import { lostOfProducer } from './durability.ts';
import { groupReport, type GroupReport } from './groupDescribe.ts';
import { percentile } from './histogram.ts';
import { bufferWaitMs } from './producer.ts';
import type {
  BrokerState,
  ConsumerState,
  LogCleanerStats,
  PageCacheStats,
  PartitionState,
  ProducerState,
  RemoteStorageStats,
  ReplicaLog,
  SimState,
} from './model.ts';
import { logStartOffset } from './tieredStorage.ts';

export interface BrokerReport {
  id: number;
  alive: boolean;
  isolated: boolean;
  /** The active controller (KRaft quorum leader). */
  controller: boolean;
  /** A controller voter (combined mode: the first min(3, N) brokers). */
  voter: boolean;
  /** Fenced by the controller: not allowed to lead or be in an ISR. */
  fenced: boolean;
  /** In a controlled shutdown: out of every ISR and leadership, waiting to stop. */
  inControlledShutdown: boolean;
  /** The machine's OS page cache over this broker's logs (pageCache.ts), with its size. */
  pageCache: PageCacheStats & { sizeBytes: number };
  /** Its RemoteLogManager's copies, remote reads and deletions; only with tiered storage on. */
  remoteStorage?: RemoteStorageStats;
  /**
   * Its log cleaner (logCleaner.ts); only when a topic is compacted. maxDirtyPercent is
   * kafka.log:type=LogCleanerManager,name=max-dirty-percent.
   */
  logCleaner?: LogCleanerStats;
}

export interface ControllerReport {
  active: number | null;
  epoch: number;
  voters: number[];
  /** Why there is no active controller, or null. */
  outage: string | null;
}

export interface LostRecordReport {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  producer: string;
  lostAtMs: number;
  reason: string;
}

export interface PartitionReport {
  topic: string;
  partition: number;
  leader: number | null;
  leaderEpoch: number;
  replicas: number[];
  /**
   * A reassignment in progress (KIP-455), as kafka-topics --describe shows it ("Adding Replicas",
   * "Removing Replicas"); present only then.
   */
  addingReplicas?: number[];
  removingReplicas?: number[];
  isr: number[];
  /** Eligible leader replicas (KIP-966); always empty with eligible.leader.replicas.version=0. */
  elr: number[];
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  /** Each replica's log end offset, by broker id, in replica order. */
  replicaLogEndOffsets: { broker: number; logEndOffset: number }[];
  /**
   * Tiered storage only (remote.storage.enable): the leader's local log start (logStartOffset
   * may be lower, in remote storage) and what remote storage holds.
   */
  localLogStartOffset?: number;
  remoteLog?: { logStartOffset: number; logEndOffset: number; segments: number; sizeBytes: number };
}

export interface ProducerReport {
  id: string;
  sent: number;
  acked: number;
  failed: number;
  errors: Record<string, number>;
  retries: number;
  /** Produce requests sent, and the batches they carried (one per partition per request). */
  requests: number;
  batches: number;
  /** Batches refused as MESSAGE_TOO_LARGE and split (batch-split-total, KIP-126). */
  batchSplits: number;
  /** Simulated ms send() spent blocked on a full buffer.memory (max.block.ms). */
  blockedMs: number;
  /** Records written twice by retries without idempotence; batches written out of order. */
  duplicateRecords: number;
  reorderedBatches: number;
  /** Of `acked`, the records later lost (see the report's acknowledgedLost): never told. */
  acknowledgedLost: number;
  latencyMs: { p50: number | null; p99: number | null; max: number | null };
  /** Average of (batch size / batch.size) over the batches sent, 0…1; null before any. */
  batchFillAvg: number | null;
  /** enable.idempotence as it takes effect (it is silently off with acks≠all, retries=0, …). */
  idempotence: boolean;
}

export interface ConsumerReport {
  id: string;
  /** Assigned partitions as "topic-partition". */
  assignment: string[];
  /** Next offset to read per partition; null until auto.offset.reset settled it. */
  positions: Record<string, number | null>;
  /** High watermark minus position per partition, as kafka-consumer-groups computes it. */
  lag: Record<string, number | null>;
  recordsConsumed: number;
  /** Committed offset per partition for the consumer's group.id; null when none. */
  committed: Record<string, number | null>;
  offsetResets: number;
  errors: Record<string, number>;
}

export interface SimReport {
  timeMs: number;
  controller: ControllerReport;
  brokers: BrokerReport[];
  partitions: PartitionReport[];
  producers: ProducerReport[];
  consumers: ConsumerReport[];
  /** Consumer groups as their coordinators hold them (state, generation, members, offsets). */
  groups: GroupReport[];
  /** Kafka Connect connectors (connectReport.ts): tasks, records moved, commits, duplicates. */
  connectors: ConnectorReport[];
  /** Records acknowledged to a producer that the partition no longer holds. */
  acknowledgedLost: number;
  /** The first of them (up to MAX_LOST_RECORDS), with why each was lost. */
  acknowledgedLostRecords: LostRecordReport[];
  invariantViolations: string[];
  /** What the simulator does not model yet, so the report does not pretend. */
  notes: string[];
}

/** Builds the report; `violations` comes from the invariant checks the caller ran. */
export function buildReport(state: SimState, violations: readonly string[] = []): SimReport {
  const c = state.controller;
  return {
    timeMs: finite(state.nowMs),
    controller: { active: c.active, epoch: c.epoch, voters: [...c.voters], outage: c.outage },
    brokers: state.brokers.map((b) => brokerReport(state, b)),
    partitions: state.topics.flatMap((t) => t.partitions.map(partitionReport)),
    producers: state.producers.map((p) => producerReport(state, p)),
    consumers: state.consumers.map((c) => consumerReport(state, c)),
    groups: state.groups.map((g) => groupReport(state, g)),
    connectors: state.connectors.map(connectorReport),
    acknowledgedLost: state.durability.lostCount,
    acknowledgedLostRecords: state.durability.lost.map((r) => ({ ...r })),
    invariantViolations: [...violations],
    notes: [...REPORT_NOTES],
  };
}

function brokerReport(state: SimState, b: BrokerState): BrokerReport {
  const reg = state.controller.registrations.find((r) => r.broker === b.id);
  const cleaner = cleanerStatsOf(state, b);
  return {
    id: b.id,
    alive: b.alive,
    isolated: b.isolated,
    controller: state.controller.active === b.id,
    voter: state.controller.voters.includes(b.id),
    fenced: reg?.fenced ?? true,
    inControlledShutdown: b.alive && (reg?.inControlledShutdown ?? false),
    pageCache: { sizeBytes: state.cluster.pageCacheBytes, ...b.pageCache },
    ...(brokerSettings(state.cluster.brokerConfig).remoteLogStorageSystem
      ? { remoteStorage: remoteStorageReport(b.remoteStorage) }
      : {}),
    ...(cleaner ? { logCleaner: cleaner } : {}),
  };
}

function remoteStorageReport(s: RemoteStorageStats): RemoteStorageStats {
  return {
    copiedSegments: s.copiedSegments,
    copiedBytes: s.copiedBytes,
    fetches: s.fetches,
    fetchBytes: s.fetchBytes,
    deletedSegments: s.deletedSegments,
    deletedBytes: s.deletedBytes,
  };
}

/** What remote storage holds of a partition (tiered storage). */
function remoteLogReport(p: PartitionState, r: ReplicaLog | undefined): Partial<PartitionReport> {
  const remote = p.remoteLog;
  if (remote === null || r === undefined) return {};
  return {
    localLogStartOffset: r.log.logStartOffset,
    remoteLog: {
      logStartOffset: remote.logStartOffset,
      logEndOffset: remote.logEndOffset,
      segments: remote.segments.length,
      sizeBytes: remote.sizeBytes,
    },
  };
}

/** The log the partition is read from: the leader's, or the first replica's when offline. */
function reportedLog(p: PartitionState): ReplicaLog | undefined {
  return leaderLog(p) ?? p.replicaLogs[0];
}

function partitionReport(p: PartitionState): PartitionReport {
  const r = reportedLog(p);
  return {
    topic: p.topic,
    partition: p.partition,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    replicas: [...p.replicas],
    ...(p.addingReplicas.length > 0 || p.removingReplicas.length > 0
      ? { addingReplicas: [...p.addingReplicas], removingReplicas: [...p.removingReplicas] }
      : {}),
    isr: [...p.isr],
    elr: [...p.elr],
    logStartOffset: r ? logStartOffset(p, r) : 0,
    logEndOffset: r?.log.logEndOffset ?? 0,
    highWatermark: r?.highWatermark ?? 0,
    // The replicas' logs (not those a reassignment removed and their brokers have yet to delete).
    replicaLogEndOffsets: p.replicaLogs
      .filter((x) => p.replicas.includes(x.brokerId))
      .map((x) => ({ broker: x.brokerId, logEndOffset: x.log.logEndOffset })),
    ...remoteLogReport(p, r),
  };
}

function producerReport(state: SimState, p: ProducerState): ProducerReport {
  const s = p.stats;
  const h = s.latency;
  return {
    id: p.id,
    sent: s.sent,
    acked: s.acked,
    failed: s.failed,
    errors: sortedCounts(s.errors),
    retries: s.retries,
    requests: s.requests,
    batches: s.batchesSent,
    batchSplits: s.batchSplits,
    blockedMs: bufferWaitMs(p, state.nowMs),
    duplicateRecords: s.duplicateRecords,
    reorderedBatches: s.reorderedBatches,
    acknowledgedLost: lostOfProducer(state, p.id),
    latencyMs: {
      p50: h.total === 0 ? null : finiteOrNull(percentile(h, 50)),
      p99: h.total === 0 ? null : finiteOrNull(percentile(h, 99)),
      max: h.total === 0 ? null : finite(h.maxMs),
    },
    batchFillAvg: s.batchesSent === 0 ? null : round(s.batchFillSum / s.batchesSent, 4),
    idempotence: producerSettings(p.config).idempotence,
  };
}

function consumerReport(state: SimState, c: ConsumerState): ConsumerReport {
  const groupId = consumerSettings(c.config).groupId;
  const positions: Record<string, number | null> = {};
  const lag: Record<string, number | null> = {};
  const committed: Record<string, number | null> = {};
  for (const a of c.assignment) {
    const tp = `${a.topic}-${a.partition}`;
    const partition = state.topics.find((t) => t.name === a.topic)?.partitions[a.partition];
    const log = partition ? reportedLog(partition) : undefined;
    positions[tp] = a.position;
    lag[tp] = a.position === null || !log ? null : Math.max(0, log.highWatermark - a.position);
    const offset = state.groups
      .find((g) => g.groupId === groupId)
      ?.offsets.find((o) => o.topic === a.topic && o.partition === a.partition);
    committed[tp] = groupId === null || !offset ? null : offset.offset;
  }
  return {
    id: c.id,
    assignment: c.assignment.map((a) => `${a.topic}-${a.partition}`),
    positions,
    lag,
    recordsConsumed: c.stats.recordsConsumed,
    committed,
    offsetResets: c.stats.offsetResets,
    errors: sortedCounts(c.stats.errors),
  };
}

/** Error counts with their names sorted, so the order never depends on which came first. */
function sortedCounts(counts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(counts).sort()) out[key] = finite(counts[key] ?? 0);
  return out;
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

function finiteOrNull(n: number | null): number | null {
  return n === null || !Number.isFinite(n) ? null : n;
}

/** Rounds to `digits` decimals; the factor is built by multiplication, exact everywhere. */
function round(n: number, digits: number): number {
  let f = 1;
  for (let i = 0; i < digits; i++) f *= 10;
  return finite(Math.round(n * f) / f);
}

export { REPORT_NOTES };
