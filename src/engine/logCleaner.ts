/**
 * Log compaction (cleanup.policy=compact, semantics §10): each broker's log cleaner thread
 * keeps, in every compacted log it holds, only the newest record of each key.
 *
 * As Kafka's LogCleaner / LogCleanerManager / Cleaner (storage module) do it:
 * - The thread picks the filthiest compacted log: the dirty part (from the cleaner checkpoint
 *   to the first uncleanable offset: the base of the segment holding the high watermark, never
 *   the active segment, nor segments newer than min.compaction.lag.ms) over the whole log, in
 *   whole segments, must be above min.cleanable.dirty.ratio, or a dirty segment must be older
 *   than max.compaction.lag.ms. It cleans it, picks again at once, and sleeps
 *   log.cleaner.backoff.ms when none qualifies. After each look it also deletes old segments
 *   of compacted logs (cleanup.policy=compact,delete applies retention.* there).
 * - A cleaning maps each key of the dirty part to its latest offset, then rewrites the log
 *   from its first segment up to the first uncleanable offset: a record stays if it is the
 *   latest of its key; keyless records go; a tombstone (null value) stays until its batch's
 *   deleteHorizonMs, which the first cleaning that keeps it sets to now + delete.retention.ms.
 *   Consecutive segments whose sizes add up to at most segment.bytes become one segment.
 * - Batches keep their offsets (v2 keeps base offset and last offset delta), so offsets in a
 *   compacted log have gaps. An emptied batch goes, unless it holds its producer's last
 *   sequence or ends the cleaning round (BatchRetention.RETAIN_EMPTY: a 61-byte header).
 *
 * Simplifications (also in the report notes): a cleaning takes no simulated time and reads no
 * disk through the page cache; the offset map never fills (log.cleaner.dedupe.buffer.size);
 * a rewritten batch keeps its records' sizes (Kafka re-bases their timestamp deltas on the
 * delete horizon, which may change a varint by a byte); one cleaner thread per broker; there
 * are no transactions, so the last stable offset is the high watermark. An emptied batch stays
 * in the segment's list with no bytes (holdsData in log.ts), so replicas keep equal batch
 * boundaries.
 */
import { brokerSettings, topicSettings, type TopicSettings } from './config.ts';
import { emit, findBroker, ownGet, type Ctx } from './context.ts';
import { largestTimestamp, replaceSegments } from './log.ts';
import { deleteOldSegmentsOf } from './logRetention.ts';
import type {
  BrokerState,
  LogCleanerStats,
  LogState,
  PartitionState,
  RecordBatch,
  ReplicaLog,
  SegmentState,
  SimState,
  TopicState,
} from './model.ts';
import { cacheChanged } from './pageCache.ts';
import { schedule } from './queue.ts';
import { RECORD_BATCH_OVERHEAD } from './recordSize.ts';
import { isTombstone, keyAt, recordSizeAt, timestampOf } from './records.ts';
import { replicaOn } from './replication.ts';

export function emptyCleanerStats(): LogCleanerStats {
  return {
    cleanings: 0,
    recordsRemoved: 0,
    bytesRead: 0,
    bytesWritten: 0,
    lastCleanedMs: null,
    maxDirtyPercent: 0,
  };
}

/** A broker's log cleaner figures, or null while no topic is compacted (report, inspector). */
export function cleanerStatsOf(state: SimState, b: BrokerState): LogCleanerStats | null {
  const broker = state.cluster.brokerConfig;
  if (!state.topics.some((t) => topicSettings(t.config, broker).compact)) return null;
  return { ...(b.cleaner ?? emptyCleanerStats()) };
}

/** The cleaner thread's next look, `delayMs` from now; nothing when log.cleaner.enable is off. */
export function scheduleLogCleaner(state: SimState, broker: number, delayMs: number): void {
  const b = findBroker(state, broker);
  if (!b || !brokerSettings(state.cluster.brokerConfig).logCleanerEnable) return;
  b.cleanerDueMs = state.nowMs + delayMs;
  schedule(state, b.cleanerDueMs, { kind: 'logCleaner', broker });
}

/** LogToClean: what a cleaning of one log would cover, in whole segments. */
export interface LogToClean {
  firstDirtyOffset: number;
  /** The base offset of the first segment the cleaning must not touch. */
  firstUncleanableOffset: number;
  cleanBytes: number;
  cleanableBytes: number;
  cleanableRatio: number;
  /** How long past max.compaction.lag.ms the oldest dirty record waits (0: not yet). */
  maxCompactionDelayMs: number;
}

/** LogCleanerManager.cleanableOffsets + LogToClean + maxCompactionDelay for one log. */
export function logToClean(
  r: ReplicaLog,
  settings: TopicSettings,
  nowMs: number,
): LogToClean | null {
  const log = r.log;
  const segs = log.segments;
  const active = segs[segs.length - 1]!;
  const checkpoint = log.cleanerCheckpoint;
  // A checkpoint below the log start (retention) or past the log end is reset to the start.
  const firstDirty =
    checkpoint === undefined || checkpoint < log.logStartOffset || checkpoint > log.logEndOffset
      ? log.logStartOffset
      : checkpoint;
  let uncleanable = Math.min(r.highWatermark, active.baseOffset);
  if (settings.minCompactionLagMs > 0) {
    const young = segs.find(
      (s) =>
        s !== active &&
        s.nextOffset > firstDirty &&
        s.largestTimestampMs > nowMs - settings.minCompactionLagMs,
    );
    if (young) uncleanable = Math.min(uncleanable, young.baseOffset);
  }
  uncleanable = Math.max(firstDirty, uncleanable);
  // The first uncleanable offset is the base of the (closed) segment holding it, else the active one's.
  const holding = segs.find((s) => s !== active && s.nextOffset > uncleanable) ?? active;
  const firstUncleanableOffset = holding.baseOffset;
  let cleanBytes = 0;
  let cleanableBytes = 0;
  let earliestDirtyMs = Number.POSITIVE_INFINITY;
  const cleanableFrom = Math.min(firstDirty, firstUncleanableOffset);
  for (const s of segs) {
    // LogToClean: logSegments(-1, firstDirty), and calculateCleanableBytes's
    // logSegments(min(firstDirty, firstUncleanable), firstUncleanable): the segments
    // intersecting each range.
    if (s.baseOffset < firstDirty) cleanBytes += s.sizeBytes;
    if (s.baseOffset < firstUncleanableOffset && s.nextOffset > cleanableFrom)
      cleanableBytes += s.sizeBytes;
    // maxCompactionDelay: the first batch's timestamp of each dirty closed segment
    // (getFirstBatchTimestamp: its max timestamp, the segment's rolling-based timestamp).
    if (s !== active && s.nextOffset > firstDirty && s.rollStartMs !== null && s.rollStartMs > 0)
      earliestDirtyMs = Math.min(earliestDirtyMs, s.rollStartMs);
  }
  const total = cleanBytes + cleanableBytes;
  if (total === 0) return null;
  const lagLimit = nowMs - settings.maxCompactionLagMs;
  return {
    firstDirtyOffset: firstDirty,
    firstUncleanableOffset,
    cleanBytes,
    cleanableBytes,
    cleanableRatio: cleanableBytes / total,
    maxCompactionDelayMs: earliestDirtyMs < lagLimit ? lagLimit - earliestDirtyMs : 0,
  };
}

/** LogCleanerManager.grabFilthiestCompactedLog: eligible when dirty enough, or waiting too long. */
function eligible(ltc: LogToClean, settings: TopicSettings): boolean {
  return (
    (ltc.maxCompactionDelayMs > 0 && ltc.cleanableBytes > 0) ||
    ltc.cleanableRatio > settings.minCleanableDirtyRatio
  );
}

interface Candidate {
  topic: TopicState;
  partition: PartitionState;
  replica: ReplicaLog;
  settings: TopicSettings;
  ltc: LogToClean;
}

function compactedLogsOf(state: SimState, b: BrokerState): Omit<Candidate, 'ltc'>[] {
  const out: Omit<Candidate, 'ltc'>[] = [];
  for (const topic of state.topics) {
    const settings = topicSettings(topic.config, state.cluster.brokerConfig);
    if (!settings.compact) continue;
    for (const partition of topic.partitions) {
      const replica = replicaOn(partition, b.id);
      if (replica) out.push({ topic, partition, replica, settings });
    }
  }
  return out;
}

/** Work `logCleaner`: the cleaner thread's loop (CleanerThread.doWork), until nothing qualifies. */
export function runLogCleaner(ctx: Ctx, brokerId: number): void {
  const state = ctx.state;
  const b = findBroker(state, brokerId);
  if (!b || !b.alive || b.cleanerDueMs !== state.nowMs) return;
  const stats = (b.cleaner ??= emptyCleanerStats());
  const logs = compactedLogsOf(state, b);
  // Each cleaning leaves its log clean, so each log is cleaned at most once per look.
  for (let round = 0; round <= logs.length; round++) {
    let filthiest: Candidate | null = null;
    let dirtiest = 0;
    for (const l of logs) {
      const ltc = logToClean(l.replica, l.settings, state.nowMs);
      // forceUpdateCheckpoint: a checkpoint outside the log was reset to its start.
      const checkpoint = l.replica.log.cleanerCheckpoint;
      if (ltc && checkpoint !== undefined && checkpoint !== ltc.firstDirtyOffset)
        l.replica.log.cleanerCheckpoint = ltc.firstDirtyOffset;
      if (!ltc) continue;
      dirtiest = Math.max(dirtiest, ltc.cleanableRatio);
      if (eligible(ltc, l.settings) && ltc.cleanableRatio > (filthiest?.ltc.cleanableRatio ?? -1))
        filthiest = { ...l, ltc };
    }
    stats.maxDirtyPercent = Math.floor(dirtiest * 100);
    if (filthiest) cleanLog(ctx, b, filthiest);
    // LogCleaner.cleanFilthiestLog: then the old segments of compacted logs go, on every look.
    for (const l of logs) deleteOldSegmentsOf(ctx, b, l.topic, l.partition);
    if (!filthiest) break;
  }
  scheduleLogCleaner(
    state,
    brokerId,
    brokerSettings(state.cluster.brokerConfig).logCleanerBackoffMs,
  );
}

/** Cleaner.buildOffsetMap: each key of [from, to) to its latest offset. */
function buildOffsetMap(log: LogState, from: number, to: number): Map<string, number> {
  const map = new Map<string, number>();
  for (const seg of log.segments) {
    if (seg.nextOffset <= from || seg.baseOffset >= to) continue;
    for (const batch of seg.batches) {
      if (batch.keys === null) continue;
      forEachKept(batch, (index) => {
        const offset = batch.baseOffset + index;
        const key = keyAt(batch, index);
        if (key !== null && offset >= from && offset < to) map.set(key, offset);
      });
    }
  }
  return map;
}

function forEachKept(batch: RecordBatch, visit: (index: number) => void): void {
  if (batch.kept) for (const i of batch.kept) visit(i);
  else for (let i = 0; i < batch.recordCount; i++) visit(i);
}

/** Whether `batch` holds the last sequence its producer wrote here (an active producer's state). */
function lastBatchOfProducer(r: ReplicaLog, batch: RecordBatch): boolean {
  if (batch.producerId < 0) return false;
  const known = ownGet(r.producerStates, String(batch.producerId));
  return known?.[known.length - 1]?.baseOffset === batch.baseOffset;
}

interface CleanCount {
  removed: number;
  tombstonesRemoved: number;
  keylessRemoved: number;
}

/** Cleaner.cleanInto for one batch: the batch as rewritten, or the same batch when unchanged. */
function cleanBatch(
  r: ReplicaLog,
  batch: RecordBatch,
  map: Map<string, number>,
  latestOffset: number,
  upperBound: number,
  nowMs: number,
  deleteRetentionMs: number,
  count: CleanCount,
): RecordBatch {
  // A batch an earlier cleaning removed is gone from the file: nothing to look at.
  if (batch.kept?.length === 0 && !batch.retainedEmpty) return batch;
  const kept: number[] = [];
  let keptTombstone = false;
  const retainDeletes = batch.deleteHorizonMs === undefined || nowMs < batch.deleteHorizonMs;
  const before = batch.kept?.length ?? batch.recordCount;
  forEachKept(batch, (index) => {
    const offset = batch.baseOffset + index;
    const key = keyAt(batch, index);
    const tombstone = isTombstone(batch, index);
    // Cleaner.shouldRetainRecord
    const keep =
      offset > latestOffset ||
      (key !== null && offset >= (map.get(key) ?? -1) && (!tombstone || retainDeletes));
    if (keep) {
      kept.push(index);
      if (tombstone) keptTombstone = true;
    } else if (key === null) count.keylessRemoved++;
    else if (tombstone && offset >= (map.get(key) ?? -1)) count.tombstonesRemoved++;
  });
  count.removed += before - kept.length;
  const setHorizon = keptTombstone && batch.deleteHorizonMs === undefined;
  // checkBatchRetention, every pass: RETAIN_EMPTY while the batch holds its producer's last
  // sequence or ends the cleaning round; otherwise an empty batch goes (DELETE_EMPTY).
  const retainedEmpty =
    kept.length === 0 &&
    (lastBatchOfProducer(r, batch) || batch.baseOffset + batch.recordCount === upperBound);
  const sameEmptiness = kept.length > 0 || retainedEmpty === (batch.retainedEmpty === true);
  if (kept.length === before && !setHorizon && sameEmptiness) return batch;
  let sizeBytes = kept.length > 0 || retainedEmpty ? RECORD_BATCH_OVERHEAD : 0;
  let maxTimestampMs = kept.length > 0 ? 0 : batch.maxTimestampMs;
  for (const i of kept) {
    sizeBytes += recordSizeAt(batch, i);
    maxTimestampMs = Math.max(maxTimestampMs, timestampOf(batch, i));
  }
  const rewritten: RecordBatch = { ...batch, kept, sizeBytes, maxTimestampMs };
  if (retainedEmpty) rewritten.retainedEmpty = true;
  else delete rewritten.retainedEmpty;
  if (setHorizon) rewritten.deleteHorizonMs = nowMs + deleteRetentionMs;
  return rewritten;
}

/** Cleaner.groupSegmentsBySize: consecutive segments whose sizes add up to at most segment.bytes. */
function groupSegmentsBySize(segs: SegmentState[], maxBytes: number): SegmentState[][] {
  const groups: SegmentState[][] = [];
  let group: SegmentState[] = [];
  let size = 0;
  for (const seg of segs) {
    if (group.length > 0 && size + seg.sizeBytes > maxBytes) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(seg);
    size += seg.sizeBytes;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Cleaner.doClean for the filthiest log: rewrites it up to its first uncleanable offset. */
function cleanLog(ctx: Ctx, b: BrokerState, c: Candidate): void {
  const state = ctx.state;
  const log = c.replica.log;
  const { firstDirtyOffset, firstUncleanableOffset: upper } = c.ltc;
  const map = buildOffsetMap(log, firstDirtyOffset, upper);
  // The map covers every batch of the dirty part: its latest offset is the last one below upper.
  const endOffset = upper;
  const latestOffset = endOffset - 1;
  const count = log.segments.findIndex((s) => s.baseOffset >= endOffset);
  const sources = log.segments.slice(0, count < 0 ? log.segments.length - 1 : count);
  if (sources.length === 0) return;
  const tally: CleanCount = { removed: 0, tombstonesRemoved: 0, keylessRemoved: 0 };
  const bytesBefore = log.sizeBytes;
  const cachedBefore = log.cachedBytes;
  let bytesRead = 0;
  let bytesWritten = 0;
  const cleaned = groupSegmentsBySize(sources, c.settings.segmentBytes).map((group) => {
    const batches: RecordBatch[] = [];
    for (const seg of group) {
      bytesRead += seg.sizeBytes;
      for (const batch of seg.batches)
        batches.push(
          cleanBatch(
            c.replica,
            batch,
            map,
            latestOffset,
            upper,
            state.nowMs,
            c.settings.deleteRetentionMs,
            tally,
          ),
        );
    }
    const sizeBytes = batches.reduce((n, x) => n + x.sizeBytes, 0);
    bytesWritten += sizeBytes;
    const first = group[0]!;
    const last = group[group.length - 1]!;
    const firstData = batches.find((x) => x.sizeBytes > 0);
    const largest = largestTimestamp(batches);
    return {
      baseOffset: first.baseOffset,
      nextOffset: last.nextOffset,
      sizeBytes,
      rollStartMs: firstData?.maxTimestampMs ?? null,
      // Without data a cleaned segment keeps its sources' time (its file's last-modified time,
      // which the cleaner copies from the last source segment).
      largestTimestampMs:
        largest >= 0 ? largest : Math.max(...group.map((s) => s.largestTimestampMs)),
      batches,
    } satisfies SegmentState;
  });
  const segmentsBefore = log.segments.length;
  replaceSegments(log, sources.length, cleaned);
  // LogCleanerManager.doneCleaning: the next cleaning starts its map here.
  log.cleanerCheckpoint = endOffset;
  cacheChanged(state, b, log.cachedBytes - cachedBefore);
  const stats = (b.cleaner ??= emptyCleanerStats());
  stats.cleanings++;
  stats.recordsRemoved += tally.removed;
  stats.bytesRead += bytesRead;
  stats.bytesWritten += bytesWritten;
  stats.lastCleanedMs = state.nowMs;
  emit(ctx, {
    type: 'log.cleaned',
    topic: c.partition.topic,
    partition: c.partition.partition,
    broker: b.id,
    firstDirtyOffset,
    endOffset,
    dirtyRatio: c.ltc.cleanableRatio,
    recordsRemoved: tally.removed,
    tombstonesRemoved: tally.tombstonesRemoved,
    keylessRemoved: tally.keylessRemoved,
    bytesBefore,
    bytesAfter: log.sizeBytes,
    segmentsBefore,
    segmentsAfter: log.segments.length,
  });
}
