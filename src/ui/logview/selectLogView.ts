/**
 * The log view as a pure function of engine state: for one partition, the most recent records
 * of one replica's log (the leader's, or the longest one while the partition is offline), its
 * segments, the part retention deleted, and every pointer into it: each replica's log end
 * offset and high watermark, each consumer's position and each group's committed offset.
 *
 * Logs can hold millions of records, so the tape holds at most LOG_WINDOW_RECORDS of the
 * newest ones; everything older is summarised. The work is proportional to that window (the
 * log is walked from its end), so the view can be recomputed every frame.
 */
import { reassignmentRole } from '../../engine/reassignment.ts';
import { isKept, isTombstone, keptCount } from '../../engine/records.ts';
import type {
  LogState,
  PartitionState,
  RecordBatch,
  ReplicaLog,
  SimState,
} from '../../engine/model.ts';
import { logStartOffset as partitionLogStart } from '../../engine/tieredStorage.ts';
import type { PartitionRef } from '../../store/simulationStore.ts';
import { partitionKey } from './partitionList.ts';

/** How many of the newest records the tape draws one by one. */
export const LOG_WINDOW_RECORDS = 200;
/**
 * The most records it draws when asked to reach back to an older offset (the lost records):
 * enough for the shipped data-loss scenarios, few enough to redraw every frame.
 */
export const MAX_LOG_WINDOW_RECORDS = 1000;
/** Records drawn before the offset asked for, so it does not sit at the tape's edge. */
const WINDOW_LEAD_RECORDS = 10;

export interface TapeRecord {
  offset: number;
  key: string | null;
  /** A small number derived from the key, for its colour: equal keys look alike. */
  keyHue: number | null;
  /** Below the high watermark: replicated to the ISR, readable by consumers. */
  committed: boolean;
  /** The log cleaner removed it (a compacted topic): the offset holds no record any more. */
  removed: boolean;
  /** A null value: on a compacted topic, a delete marker for its key. */
  tombstone: boolean;
}

export interface SegmentMark {
  baseOffset: number;
  /** Offset after its last record. */
  nextOffset: number;
  /** Where the mark is drawn: the base offset, or the window's start for an older segment. */
  drawnAtOffset: number;
  /** The last segment: the one appends go to, never deleted by retention. */
  active: boolean;
  sizeBytes: number;
}

export type ReplicaStatus = 'leader' | 'in-sync' | 'out-of-sync' | 'offline' | 'down';

export interface ReplicaRow {
  brokerId: number;
  status: ReplicaStatus;
  /** Its part in a reassignment (KIP-455); 'removed': no longer a replica, not yet deleted. */
  reassignment: ReturnType<typeof reassignmentRole>;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  /** The tape shows this replica's log. */
  source: boolean;
}

export interface ConsumerRow {
  consumer: string;
  /** Next offset it will read, or null until auto.offset.reset (or a commit) gave it one. */
  position: number | null;
  /**
   * The consumer's own records-lag: the high watermark its last fetch returned minus its
   * position (what the canvas shows too); null without a position.
   */
  lag: number | null;
  /** The high watermark its last fetch returned (the partition's may have moved on since). */
  fetchedHighWatermark: number;
}

export interface CommittedRow {
  groupId: string;
  /** The committed offset: the next record the group will read after a restart. */
  offset: number;
  lag: number;
  committedAtMs: number;
  /** The consumer that committed it last. */
  consumer: string;
}

export interface LogViewModel {
  topic: string;
  partition: number;
  /** "orders-0". */
  key: string;
  numPartitions: number;
  leader: number | null;
  /** The broker whose log the tape shows, or null when no replica has a log. */
  sourceBroker: number | null;
  logStartOffset: number;
  logEndOffset: number;
  /** The partition's high watermark: the leader's (the source replica's while offline). */
  highWatermark: number;
  segmentCount: number;
  sizeBytes: number;
  /**
   * The source replica's page cache (pageCache.ts): records from this offset on are in the
   * broker machine's memory; older ones are read from disk.
   */
  cachedFromOffset: number;
  /** Bytes of this log in memory: the tail from cachedFromOffset and the pages read back. */
  cachedBytes: number;
  /** Records a fetch read from disk that the cache kept for the next reader; null when none. */
  readBack: { from: number; to: number; bytes: number } | null;
  /**
   * Tiered storage (tieredStorage.ts): what remote storage holds of the partition, copied by
   * its leader; null for a topic that has none. It may overlap the local log (copied segments
   * stay local for local.retention.*).
   */
  remote: {
    logStartOffset: number;
    logEndOffset: number;
    segments: number;
    sizeBytes: number;
  } | null;
  /**
   * The first offset read from remote storage rather than the local log, when remote storage
   * holds records below the local log start; the tape then draws them as a block.
   */
  remoteFromOffset: number | null;
  /**
   * Log compaction, for a topic with cleanup.policy=compact: where the source replica's
   * cleaner stopped last (the records below it are cleaned), and the records the log still
   * holds between its start and end offsets. Null for other topics.
   */
  compaction: { policy: string; checkpoint: number | null; records: number } | null;
  /** Offsets [0, deletedRecords) are gone (retention, or a log that started later). */
  deletedRecords: number;
  /**
   * The partition's log start offset, as ListOffsets answers it: with tiered storage the first
   * record in remote storage (or above the local log's start, once remote retention moved it).
   */
  partitionStartOffset: number;
  /** Records still in the log but older than the window: [logStartOffset, windowStart). */
  earlier: { records: number; segments: number } | null;
  /** First offset drawn as a cell. */
  windowStart: number;
  /** The tape ends at the slot of this offset (the next offset to be written, or further). */
  endOffset: number;
  /** Records in [windowStart, logEndOffset), oldest first. */
  records: TapeRecord[];
  /** Segments with records in the window (and the active one), oldest first. */
  segments: SegmentMark[];
  replicas: ReplicaRow[];
  consumers: ConsumerRow[];
  committed: CommittedRow[];
  /**
   * Offsets whose acknowledged records this partition lost (durability.ts: acks=1 and a leader
   * that died before its followers copied them, an unclean election), as contiguous ranges,
   * oldest first, those still above the log start. The offsets now hold other records, written
   * by the new leader. Drawn from the losses the engine keeps in detail (the first 1,000).
   */
  lost: LostRange[];
}

export interface LostRange {
  from: number;
  /** Inclusive. */
  to: number;
  reason: string;
  /** When they were lost (the newest of the range). */
  lostAtMs: number;
}

/** The most lost ranges drawn: the newest losses are kept. */
export const MAX_LOST_RANGES = 6;

/**
 * A partition's lost offsets as ranges, by offset: contiguous offsets lost in one loss (one
 * reason) merge. The same offsets can be lost twice (written again by the new leader, lost
 * again in a later election): those are two ranges, one over the other.
 */
export function lostRanges(
  state: SimState,
  p: PartitionState,
  logStartOffset: number,
): LostRange[] {
  const byReason = new Map<string, { offset: number; atMs: number }[]>();
  for (const l of state.durability.lost) {
    if (l.topic !== p.topic || l.partition !== p.partition || l.offset < logStartOffset) continue;
    const list = byReason.get(l.reason) ?? [];
    list.push({ offset: l.offset, atMs: l.lostAtMs });
    byReason.set(l.reason, list);
  }
  const out: LostRange[] = [];
  for (const [reason, list] of byReason) {
    list.sort((a, b) => a.offset - b.offset);
    let range: LostRange | null = null;
    for (const { offset, atMs } of list) {
      if (range && offset <= range.to + 1) {
        range.to = Math.max(range.to, offset);
        range.lostAtMs = Math.max(range.lostAtMs, atMs);
      } else {
        range = { from: offset, to: offset, reason, lostAtMs: atMs };
        out.push(range);
      }
    }
  }
  return out
    .sort((a, b) => b.lostAtMs - a.lostAtMs || a.from - b.from)
    .slice(0, MAX_LOST_RANGES)
    .sort((a, b) => a.from - b.from || a.lostAtMs - b.lostAtMs);
}

export function findPartition(state: SimState, ref: PartitionRef): PartitionState | null {
  return state.topics.find((t) => t.name === ref.topic)?.partitions[ref.partition] ?? null;
}

/** The replica whose log the tape shows: the leader's, else the one that holds the most. */
export function sourceReplica(p: PartitionState): ReplicaLog | null {
  const leader = p.replicaLogs.find((r) => r.brokerId === p.leader);
  if (leader) return leader;
  let best: ReplicaLog | null = null;
  // Not a log a reassignment removed (its broker has yet to delete it).
  for (const r of p.replicaLogs)
    if (p.replicas.includes(r.brokerId) && (!best || r.log.logEndOffset > best.log.logEndOffset))
      best = r;
  return best;
}

/** A cheap string hash (FNV-1a) for colouring keys: not Kafka's, only for looks. */
export function keyHue(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % KEY_HUES;
}

/** How many distinct key colours logview.css defines. */
export const KEY_HUES = 8;

/** The records of `log` in [from, log end), oldest first, walking back from the end. */
function recordsFrom(log: LogState, from: number, hw: number): TapeRecord[] {
  const batches: RecordBatch[] = [];
  outer: for (let s = log.segments.length - 1; s >= 0; s--) {
    const seg = log.segments[s]!;
    for (let b = seg.batches.length - 1; b >= 0; b--) {
      const batch = seg.batches[b]!;
      if (batch.baseOffset + batch.recordCount <= from) break outer;
      batches.push(batch);
    }
  }
  const out: TapeRecord[] = [];
  for (let i = batches.length - 1; i >= 0; i--) {
    const batch = batches[i]!;
    for (let r = 0; r < batch.recordCount; r++) {
      const offset = batch.baseOffset + r;
      if (offset < from) continue;
      const key = batch.keys?.[r] ?? null;
      out.push({
        offset,
        key,
        keyHue: key === null ? null : keyHue(key),
        committed: offset < hw,
        removed: !isKept(batch, r),
        tombstone: isTombstone(batch, r),
      });
    }
  }
  return out;
}

const counted = new WeakMap<LogState, { at: string; records: number }>();

/**
 * Records a log holds: fewer than its offsets once the cleaner compacted it. Counting walks
 * every batch, so the count is kept until the log changes (an append, a cleaning, retention or
 * a truncation moves one of the numbers it is keyed by), not redone every frame.
 */
function recordCount(log: LogState): number {
  const at = `${log.logStartOffset}/${log.logEndOffset}/${log.cleanerCheckpoint}/${log.sizeBytes}`;
  const known = counted.get(log);
  if (known?.at === at) return known.records;
  let records = 0;
  for (const seg of log.segments) for (const b of seg.batches) records += keptCount(b);
  counted.set(log, { at, records });
  return records;
}

function segmentMarks(log: LogState, windowStart: number): SegmentMark[] {
  const marks: SegmentMark[] = [];
  const last = log.segments.length - 1;
  for (let s = last; s >= 0; s--) {
    const seg = log.segments[s]!;
    if (s !== last && seg.nextOffset <= windowStart) break;
    marks.push({
      baseOffset: seg.baseOffset,
      nextOffset: seg.nextOffset,
      drawnAtOffset: Math.max(seg.baseOffset, windowStart),
      active: s === last,
      sizeBytes: seg.sizeBytes,
    });
  }
  return marks.reverse();
}

function replicaStatus(state: SimState, p: PartitionState, brokerId: number): ReplicaStatus {
  const alive = state.brokers.find((b) => b.id === brokerId)?.alive ?? false;
  if (!alive) return 'down';
  if (p.leader === null) return 'offline';
  if (p.leader === brokerId) return 'leader';
  return p.isr.includes(brokerId) ? 'in-sync' : 'out-of-sync';
}

function replicaRows(state: SimState, p: PartitionState, source: number | null): ReplicaRow[] {
  // Leader first, then the other replicas in assignment order.
  const ordered = [...p.replicaLogs].sort(
    (a, b) => Number(b.brokerId === p.leader) - Number(a.brokerId === p.leader),
  );
  return ordered.map((r) => {
    const status = replicaStatus(state, p, r.brokerId);
    const id = r.brokerId;
    return {
      brokerId: id,
      status,
      reassignment: reassignmentRole(p, id),
      logStartOffset: r.log.logStartOffset,
      logEndOffset: r.log.logEndOffset,
      highWatermark: r.highWatermark,
      source: r.brokerId === source,
    };
  });
}

function consumerRows(state: SimState, ref: PartitionRef): ConsumerRow[] {
  const rows: ConsumerRow[] = [];
  for (const c of state.consumers) {
    const a = c.assignment.find((x) => x.topic === ref.topic && x.partition === ref.partition);
    if (!a) continue;
    rows.push({
      consumer: c.id,
      position: a.position,
      // The consumer's records-lag metric: from the high watermark in its last fetch response,
      // as the consumer itself knows it, so the canvas and the log view show the same number.
      lag: a.position === null ? null : Math.max(0, a.highWatermark - a.position),
      fetchedHighWatermark: a.highWatermark,
    });
  }
  return rows;
}

function committedRows(state: SimState, ref: PartitionRef, hw: number): CommittedRow[] {
  return state.groups
    .flatMap((g) =>
      g.offsets
        .filter((o) => o.topic === ref.topic && o.partition === ref.partition)
        .map((o) => ({
          groupId: g.groupId,
          offset: o.offset,
          lag: Math.max(0, hw - o.offset),
          committedAtMs: o.commitTimestampMs,
          consumer: o.committedBy,
        })),
    )
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

/**
 * The log view of `ref`, or null when the partition does not exist (any more). `includeFrom`:
 * draw records one by one from this offset on (within MAX_LOG_WINDOW_RECORDS of the end), not
 * just the newest `windowRecords`.
 */
export function selectLogView(
  state: SimState,
  ref: PartitionRef,
  windowRecords: number = LOG_WINDOW_RECORDS,
  includeFrom: number | null = null,
): LogViewModel | null {
  const p = findPartition(state, ref);
  if (!p) return null;
  const numPartitions = state.topics.find((t) => t.name === ref.topic)?.partitions.length ?? 0;
  const source = sourceReplica(p);
  const log = source?.log ?? null;
  const logStartOffset = log?.logStartOffset ?? 0;
  const logEndOffset = log?.logEndOffset ?? 0;
  const highWatermark = source?.highWatermark ?? 0;
  const newest = logEndOffset - windowRecords;
  const windowStart = Math.max(
    logStartOffset,
    includeFrom === null
      ? newest
      : Math.min(
          newest,
          Math.max(includeFrom - WINDOW_LEAD_RECORDS, logEndOffset - MAX_LOG_WINDOW_RECORDS),
        ),
  );
  const segments = log ? segmentMarks(log, windowStart) : [];
  const olderSegments = log ? log.segments.length - segments.length : 0;
  const replicas = replicaRows(state, p, source?.brokerId ?? null);
  const consumers = consumerRows(state, ref);
  const committed = committedRows(state, ref, highWatermark);
  const remote = p.remoteLog;
  const policy = state.topics.find((t) => t.name === ref.topic)?.config['cleanup.policy'];
  const compaction =
    typeof policy === 'string' && policy.includes('compact')
      ? {
          policy,
          checkpoint: log?.cleanerCheckpoint ?? null,
          records: log ? recordCount(log) : 0,
        }
      : null;
  const remoteFromOffset =
    remote !== null && remote.segments.length > 0 && remote.logStartOffset < logStartOffset
      ? remote.logStartOffset
      : null;
  // A follower ahead of the source (before it truncates) still gets a slot for its pointer.
  const endOffset = Math.max(
    logEndOffset,
    highWatermark,
    ...replicas.map((r) => Math.max(r.logEndOffset, r.highWatermark)),
  );
  return {
    topic: p.topic,
    partition: p.partition,
    key: partitionKey(p.topic, p.partition),
    numPartitions,
    leader: p.leader,
    sourceBroker: source?.brokerId ?? null,
    logStartOffset,
    logEndOffset,
    highWatermark,
    segmentCount: log?.segments.length ?? 0,
    sizeBytes: log?.sizeBytes ?? 0,
    cachedFromOffset: log?.cachedFromOffset ?? logEndOffset,
    cachedBytes: log?.cachedBytes ?? 0,
    readBack: log?.readBack
      ? { from: log.readBack.from, to: log.readBack.to, bytes: log.readBack.bytes }
      : null,
    remote:
      remote === null
        ? null
        : {
            logStartOffset: remote.logStartOffset,
            logEndOffset: remote.logEndOffset,
            segments: remote.segments.length,
            sizeBytes: remote.sizeBytes,
          },
    compaction,
    remoteFromOffset,
    deletedRecords: remoteFromOffset ?? logStartOffset,
    partitionStartOffset: source ? partitionLogStart(p, source) : logStartOffset,
    earlier:
      windowStart > logStartOffset
        ? { records: windowStart - logStartOffset, segments: olderSegments }
        : null,
    windowStart,
    endOffset,
    records: log ? recordsFrom(log, windowStart, highWatermark) : [],
    segments,
    replicas,
    consumers,
    committed,
    lost: lostRanges(state, p, logStartOffset),
  };
}
