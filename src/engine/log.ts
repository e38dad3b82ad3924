/**
 * The partition log of one replica: segments of record batches, rolled by segment.bytes and
 * segment.ms, deleted whole by retention, read for fetches. Pure functions over a LogState:
 * they change it in place and return what happened, for the caller to turn into events.
 *
 * Follows Kafka's LogSegment (shouldRoll, timeWaitedForRoll, read), LocalLog.read and
 * UnifiedLog (maybeRoll, deleteOldSegments, deletableSegments, deleteSegments, truncateTo).
 *
 * Cost: appends are O(1); lookups binary-search the segment, then the batch (O(log n)). Reads
 * walk only the batches they return. Batches inside a segment may number 100k: nothing here
 * shifts or copies those arrays except truncation, which drops a tail.
 */
import type { LogState, RecordBatch, SegmentState } from './model.ts';
import { clipRuns, runsProblem } from './readBackRuns.ts';

/** RecordBatch.NO_TIMESTAMP: the largest timestamp of a segment that holds no batch. */
const NO_TIMESTAMP = -1;

export interface RollSettings {
  /** segment.bytes */
  segmentBytes: number;
  /** segment.ms */
  segmentMs: number;
}

export interface RetentionSettings {
  /** retention.ms; -1 means unlimited. */
  retentionMs: number;
  /** retention.bytes; -1 means unlimited. */
  retentionBytes: number;
  /**
   * With tiered storage, the partition's log start offset when it is above this local log's
   * (remote retention moved it): the local segments wholly below it go first.
   */
  logStartOffset?: number;
}

export type RollReason = 'segment.bytes' | 'segment.ms';

export interface SegmentsDeleted {
  segments: number;
  records: number;
  reason: 'retention.ms' | 'retention.bytes' | 'log start offset';
}

/** What a fetch can read from: a local log, or a log in remote storage (RemoteLog). */
export type ReadableLog = Pick<LogState, 'logStartOffset' | 'logEndOffset' | 'segments'>;

/** Offsets [fromOffset, toOffset) delivered, and the bytes of the whole batches carrying them. */
export interface ReadRange {
  fromOffset: number;
  toOffset: number;
  sizeBytes: number;
  /**
   * The offsets in the range that hold no record, because the log cleaner removed them
   * (compacted topics), as runs [from, to, from, to, …]; absent when there are none.
   */
  holes?: number[];
}

/**
 * Whether a batch is in the log file. A batch the log cleaner emptied stays in the segment's
 * list with its offsets and no bytes (Kafka removes it from the file): every replica then keeps
 * the same batch boundaries, which replication, truncation and the invariants rely on.
 */
export function holdsData(batch: RecordBatch): boolean {
  return batch.sizeBytes > 0;
}

function emptySegment(baseOffset: number): SegmentState {
  return {
    baseOffset,
    nextOffset: baseOffset,
    sizeBytes: 0,
    rollStartMs: null,
    largestTimestampMs: NO_TIMESTAMP,
    batches: [],
  };
}

export function createLog(startOffset = 0): LogState {
  return {
    logStartOffset: startOffset,
    logEndOffset: startOffset,
    sizeBytes: 0,
    segments: [emptySegment(startOffset)],
    cachedFromOffset: startOffset,
    cachedBytes: 0,
    readBack: null,
  };
}

function activeSegment(log: LogState): SegmentState {
  const seg = log.segments[log.segments.length - 1];
  if (!seg) throw new Error('log invariant: a log always has at least one segment');
  return seg;
}

/**
 * LogSegment.shouldRoll with segment.jitter.ms = 0 (its default), so rollJitterMs is 0.
 * The index-full and relative-offset-overflow conditions cannot happen here (no indexes).
 * Kafka also "rolls" an empty segment when one batch is bigger than segment.bytes, but that
 * re-creates the same empty segment; UnifiedLog.append refuses such a batch anyway
 * (RecordBatchTooLargeException), so an empty segment never rolls here.
 */
function rollReason(
  seg: SegmentState,
  batch: RecordBatch,
  settings: RollSettings,
): RollReason | null {
  if (seg.batches.length === 0) return null;
  if (seg.sizeBytes > settings.segmentBytes - batch.sizeBytes) return 'segment.bytes';
  // timeWaitedForRoll: the new batch's max timestamp minus the first batch's timestamp. Kafka
  // falls back to wall-clock time since the segment was created only for batches without a
  // timestamp; every simulated record has one.
  const firstBatchTimestampMs = seg.rollStartMs ?? batch.maxTimestampMs;
  if (batch.maxTimestampMs - firstBatchTimestampMs > settings.segmentMs) return 'segment.ms';
  return null;
}

/**
 * UnifiedLog.append for a batch whose offsets the caller assigned: maybeRoll, then append to
 * the active segment. Rolling starts the new segment at the batch's base offset (= LEO).
 */
export function appendBatch(
  log: LogState,
  batch: RecordBatch,
  settings: RollSettings,
): { rolled: RollReason | null } {
  if (batch.baseOffset !== log.logEndOffset) {
    throw new Error(
      `log invariant: batch ${batch.id} has base offset ${batch.baseOffset}, the log end offset is ${log.logEndOffset}`,
    );
  }
  if (batch.recordCount < 1) throw new Error(`log invariant: batch ${batch.id} holds no record`);
  let seg = activeSegment(log);
  const rolled = rollReason(seg, batch, settings);
  if (rolled) {
    seg = emptySegment(log.logEndOffset);
    log.segments.push(seg);
  }
  seg.batches.push(batch);
  seg.sizeBytes += batch.sizeBytes;
  seg.nextOffset = batch.baseOffset + batch.recordCount;
  if (holdsData(batch)) {
    // LogSegment.append: the first append sets the roll timestamp to the batch's max timestamp.
    seg.rollStartMs ??= batch.maxTimestampMs;
    seg.largestTimestampMs = Math.max(seg.largestTimestampMs, batch.maxTimestampMs);
  }
  log.sizeBytes += batch.sizeBytes;
  log.logEndOffset = seg.nextOffset;
  // A write goes to the page cache (Kafka does not fsync; the OS writes the pages out later).
  log.cachedBytes += batch.sizeBytes;
  return { rolled };
}

/** The largest timestamp of the batches in the file (LogSegment.largestTimestamp). */
export function largestTimestamp(batches: readonly RecordBatch[]): number {
  let largest = NO_TIMESTAMP;
  for (const b of batches) if (holdsData(b)) largest = Math.max(largest, b.maxTimestampMs);
  return largest;
}

// ---------------------------------------------------------------------------------------
// Retention

/** Bytes of a segment's batches at or after `fromOffset`: its part in the page cache. */
function cachedBytesOf(seg: SegmentState, fromOffset: number): number {
  if (fromOffset <= seg.baseOffset) return seg.sizeBytes;
  let bytes = 0;
  for (let i = seg.batches.length - 1; i >= 0 && seg.batches[i]!.baseOffset >= fromOffset; i--)
    bytes += seg.batches[i]!.sizeBytes;
  return bytes;
}

/**
 * UnifiedLog.deletableSegments + deleteSegments for one predicate: scan from the oldest
 * segment, stop at the first that does not match. A segment's upper bound (the next segment's
 * base offset, or the LEO for the last) must be at or below the high watermark, so the log
 * start offset never passes it. An empty last segment is never deleted; when every segment
 * goes, a new empty active segment is rolled first (a log always has one).
 */
function deleteOldSegments(
  log: LogState,
  highWatermark: number,
  shouldDelete: (seg: SegmentState) => boolean,
): { segments: number; records: number } {
  const segs = log.segments;
  let count = 0;
  while (count < segs.length) {
    const seg = segs[count]!;
    const next = segs[count + 1];
    const upperBoundOffset = next ? next.baseOffset : log.logEndOffset;
    const isLastSegmentAndEmpty = !next && seg.sizeBytes === 0;
    // Same order as Kafka: the predicate (which may count bytes) runs only under the HW.
    if (!(highWatermark >= upperBoundOffset && shouldDelete(seg)) || isLastSegmentAndEmpty) break;
    count += 1;
  }
  if (count === 0) return { segments: 0, records: 0 };
  if (count === segs.length) segs.push(emptySegment(log.logEndOffset));
  const deleted = segs.splice(0, count);
  let records = 0;
  for (const seg of deleted) {
    records += seg.nextOffset - seg.baseOffset;
    log.sizeBytes -= seg.sizeBytes;
    log.cachedBytes -= cachedBytesOf(seg, log.cachedFromOffset);
  }
  // maybeIncrementLogStartOffset: to the base offset of the first remaining segment.
  log.logStartOffset = Math.max(log.logStartOffset, segs[0]!.baseOffset);
  // A deleted file's pages leave the page cache with it.
  log.cachedFromOffset = Math.max(log.cachedFromOffset, log.logStartOffset);
  clipReadBack(log);
  return { segments: count, records };
}

/**
 * UnifiedLog.deleteOldSegments for cleanup.policy=delete (semantics §9). Kafka runs three
 * passes in this order: log start offset breached, retention.bytes, retention.ms. The first
 * deletes segments wholly below a log start offset raised by DeleteRecords or, with tiered
 * storage, by remote retention (`settings.logStartOffset`); this simulator has no
 * DeleteRecords, so without tiered storage that pass never deletes anything.
 *
 * `upperBound` is the high watermark, or with tiered storage the lower of it and the end of
 * what is in remote storage: a segment not yet copied is never deleted locally
 * (UnifiedLog.isSegmentEligibleForDeletion). With tiered storage the settings are
 * local.retention.ms / local.retention.bytes.
 */
export function deleteRetainedSegments(
  log: LogState,
  upperBound: number,
  nowMs: number,
  settings: RetentionSettings,
): SegmentsDeleted[] {
  const highWatermark = upperBound;
  const results: SegmentsDeleted[] = [];
  const start = settings.logStartOffset;
  if (start !== undefined && start > log.logStartOffset) {
    // deleteLogStartOffsetBreachedSegments: the next segment starts at or below the start.
    const byStart = deleteOldSegments(log, highWatermark, (seg) => seg.nextOffset <= start);
    if (byStart.segments > 0) results.push({ ...byStart, reason: 'log start offset' });
  }
  // deleteRetentionSizeBreachedSegments: nothing to do under the limit.
  if (settings.retentionBytes >= 0 && log.sizeBytes >= settings.retentionBytes) {
    let diff = log.sizeBytes - settings.retentionBytes;
    const bySize = deleteOldSegments(log, highWatermark, (seg) => {
      if (diff - seg.sizeBytes < 0) return false;
      diff -= seg.sizeBytes;
      return true;
    });
    if (bySize.segments > 0) results.push({ ...bySize, reason: 'retention.bytes' });
  }
  // deleteRetentionMsBreachedSegments: LogSegment.largestTimestamp is the newest record's.
  if (settings.retentionMs >= 0) {
    const byTime = deleteOldSegments(
      log,
      highWatermark,
      (seg) => nowMs - seg.largestTimestampMs > settings.retentionMs,
    );
    if (byTime.segments > 0) results.push({ ...byTime, reason: 'retention.ms' });
  }
  return results;
}

/**
 * UnifiedLog.replaceSegments after a cleaning: the first `count` segments give way to
 * `cleaned`, which hold the same offsets (fewer records, fewer bytes). The page cache keeps the
 * same offsets of the log; its bytes shrink with them.
 */
export function replaceSegments(log: LogState, count: number, cleaned: SegmentState[]): void {
  const first = log.segments[0];
  const next = log.segments[count];
  const firstCleaned = cleaned[0];
  const lastCleaned = cleaned[cleaned.length - 1];
  if (
    !first ||
    !next ||
    !firstCleaned ||
    !lastCleaned ||
    firstCleaned.baseOffset !== first.baseOffset ||
    lastCleaned.nextOffset !== next.baseOffset
  ) {
    throw new Error('log invariant: cleaned segments must replace whole closed segments');
  }
  log.segments.splice(0, count, ...cleaned);
  let size = 0;
  let cached = 0;
  for (const seg of log.segments) {
    size += seg.sizeBytes;
    cached += cachedBytesOf(seg, log.cachedFromOffset);
  }
  log.sizeBytes = size;
  log.cachedBytes = cached + (log.readBack?.bytes ?? 0);
  clipReadBack(log);
}

// ---------------------------------------------------------------------------------------
// Lookups

/** Index of the last element whose baseOffset <= offset, or -1 (binary search). */
function floorIndex(items: readonly { baseOffset: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.baseOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The segment and batch indexes of the batch starting at `offset`, or null when none does. */
export function locateBatch(
  log: LogState,
  offset: number,
): { segment: number; batch: number } | null {
  const segment = floorIndex(log.segments, offset);
  const batches = log.segments[segment]?.batches;
  if (!batches) return null;
  const batch = floorIndex(batches, offset);
  return batches[batch]?.baseOffset === offset ? { segment, batch } : null;
}

function checkInRange(log: ReadableLog, offset: number, what: string): void {
  if (offset < log.logStartOffset || offset > log.logEndOffset) {
    throw new Error(
      `log invariant: ${what} offset ${offset} is outside [${log.logStartOffset}, ${log.logEndOffset}] (the caller answers OFFSET_OUT_OF_RANGE)`,
    );
  }
}

/**
 * The records a fetch gets (LocalLog.read, LogSegment.read): whole batches from the one holding
 * `fromOffset`, ending before any batch that reaches past `upToOffset` (the high watermark for
 * consumers: Kafka reads up to the position of the batch holding it), within `maxBytes`. With
 * `minOneBatch` the first batch comes even when larger (KIP-74). Like Kafka, one read stays in
 * one segment: a fetch that reaches a segment's end continues in the next fetch.
 *
 * Simplified: Kafka sends a byte slice that may end in a partial batch the client drops; here
 * only whole batches are sent and counted.
 */
export function readRange(
  log: ReadableLog,
  fromOffset: number,
  upToOffset: number,
  maxBytes: number,
  minOneBatch = false,
): ReadRange {
  checkInRange(log, fromOffset, 'fetch');
  const none: ReadRange = { fromOffset, toOffset: fromOffset, sizeBytes: 0 };
  if (fromOffset >= upToOffset || fromOffset >= log.logEndOffset) return none;
  const seg = log.segments[floorIndex(log.segments, fromOffset)];
  if (!seg) return none;
  let toOffset = fromOffset;
  let sizeBytes = 0;
  let holes: number[] | null = null;
  for (let i = Math.max(0, floorIndex(seg.batches, fromOffset)); i < seg.batches.length; i++) {
    const batch = seg.batches[i]!;
    const nextOffset = batch.baseOffset + batch.recordCount;
    if (nextOffset > upToOffset) break;
    if (sizeBytes + batch.sizeBytes > maxBytes && !(minOneBatch && sizeBytes === 0)) break;
    sizeBytes += batch.sizeBytes;
    toOffset = nextOffset;
    if (batch.kept !== undefined) holes = addHoles(holes ?? [], batch, fromOffset);
  }
  return holes?.length
    ? { fromOffset, toOffset, sizeBytes, holes }
    : { fromOffset, toOffset, sizeBytes };
}

/** Appends the offsets of `batch` (at or after `from`) that the cleaner removed, as runs. */
function addHoles(holes: number[], batch: RecordBatch, from: number): number[] {
  const kept = batch.kept ?? [];
  let next = Math.max(batch.baseOffset, from);
  const push = (a: number, b: number) => {
    if (b <= a) return;
    if (holes.length > 0 && holes[holes.length - 1] === a) holes[holes.length - 1] = b;
    else holes.push(a, b);
  };
  for (const index of kept) {
    const offset = batch.baseOffset + index;
    if (offset < next) continue;
    push(next, offset);
    next = offset + 1;
  }
  push(next, batch.baseOffset + batch.recordCount);
  return holes;
}

/**
 * Offsets [fromOffset, fromOffset + count) a poll returned, with the holes of the read inside
 * them (only when there are some): what a Streams member or a sink task keeps to process.
 */
export function polledRun(
  fromOffset: number,
  count: number,
  holes: readonly number[] | undefined,
): { fromOffset: number; toOffset: number; holes?: number[] } {
  const toOffset = fromOffset + count;
  const within: number[] = [];
  for (let i = 0; holes !== undefined && i < holes.length; i += 2) {
    const a = Math.max(fromOffset, holes[i]!);
    const b = Math.min(toOffset, holes[i + 1]!);
    if (b > a) within.push(a, b);
  }
  return within.length > 0 ? { fromOffset, toOffset, holes: within } : { fromOffset, toOffset };
}

/** Calls `visit` for each offset of [from, to) that holds a record (not in `holes`). */
export function forEachRecordOffset(
  holes: readonly number[] | undefined,
  from: number,
  to: number,
  visit: (offset: number) => void,
): void {
  let at = from;
  for (let i = 0; holes !== undefined && i < holes.length && at < to; i += 2) {
    const start = Math.min(to, Math.max(at, holes[i]!));
    for (; at < start; at++) visit(at);
    at = Math.max(at, holes[i + 1]!);
  }
  for (; at < to; at++) visit(at);
}

/** Records in [from, to) given the holes of a read: the offsets less the removed ones. */
export function recordsIn(holes: readonly number[] | undefined, from: number, to: number): number {
  let n = Math.max(0, to - from);
  if (holes === undefined) return n;
  for (let i = 0; i < holes.length; i += 2)
    n -= Math.max(0, Math.min(to, holes[i + 1]!) - Math.max(from, holes[i]!));
  return n;
}

/**
 * Bytes a fetch from `fromOffset` could read below `upToOffset`: whole batches, from the one
 * holding `fromOffset` (DelayedFetch counts the position difference from the start of that
 * batch). It counts across segments; Kafka completes such a fetch at once instead
 * (DelayedFetch "case F"), which any reasonable fetch.min.bytes also does here. The walk stops
 * at `limitBytes` (Kafka caps each partition at the fetch's partition max bytes), so a parked
 * fetch checked on every append costs O(log n) plus the batches it would read.
 */
export function bytesAvailable(
  log: ReadableLog,
  fromOffset: number,
  upToOffset: number,
  limitBytes = Number.MAX_SAFE_INTEGER,
): number {
  checkInRange(log, fromOffset, 'fetch');
  if (fromOffset >= upToOffset) return 0;
  let bytes = 0;
  let si = Math.max(0, floorIndex(log.segments, fromOffset));
  let bi = Math.max(0, floorIndex(log.segments[si]!.batches, fromOffset));
  for (; si < log.segments.length; si++, bi = 0) {
    const batches = log.segments[si]!.batches;
    for (; bi < batches.length; bi++) {
      const batch = batches[bi]!;
      if (batch.baseOffset + batch.recordCount > upToOffset) return bytes;
      bytes += batch.sizeBytes;
      if (bytes >= limitBytes) return bytes;
    }
  }
  return bytes;
}

/** The batch holding `offset` and the record's index in it, or null when the log has no such record. */
export function findRecord(
  log: ReadableLog,
  offset: number,
): { batch: RecordBatch; index: number } | null {
  if (offset < log.logStartOffset || offset >= log.logEndOffset) return null;
  const seg = log.segments[floorIndex(log.segments, offset)];
  const batch = seg?.batches[floorIndex(seg.batches, offset)];
  if (!batch) return null;
  const index = offset - batch.baseOffset;
  return index < batch.recordCount ? { batch, index } : null;
}

// ---------------------------------------------------------------------------------------
// Truncation

/**
 * UnifiedLog.truncateTo: drop every record at or after `offset` (a follower truncating to the
 * leader's log after a leader change). No effect when `offset` >= LEO. Below the first segment,
 * Kafka's truncateFullyAndStartAt empties the log and starts it at `offset`. Otherwise later
 * segments go and the segment holding `offset` loses its tail; `offset` must be a batch
 * boundary, since replicas only ever hold whole batches. The log start offset never rises.
 * The segment's largest timestamp is recomputed from its remaining batches (O(batches), but
 * truncation is rare); the high watermark is the caller's to lower.
 */
export function truncateTo(log: LogState, offset: number): { records: number; sizeBytes: number } {
  const records = Math.max(0, log.logEndOffset - offset);
  const sizeBefore = log.sizeBytes;
  if (offset >= log.logEndOffset) return { records: 0, sizeBytes: 0 };
  const si = floorIndex(log.segments, offset);
  if (si < 0) {
    const fresh = createLog(offset);
    Object.assign(log, fresh);
    // The cleaner starts over at the new log start.
    delete log.cleanerCheckpoint;
    return { records, sizeBytes: sizeBefore };
  }
  const activeBaseBefore = activeSegment(log).baseOffset;
  // The truncated records leave the page cache (computed before the segments change).
  let uncached = 0;
  for (let i = log.segments.length - 1; i >= si; i--) {
    const s = log.segments[i]!;
    for (let j = s.batches.length - 1; j >= 0; j--) {
      const b = s.batches[j]!;
      if (b.baseOffset < offset || b.baseOffset < log.cachedFromOffset) break;
      uncached += b.sizeBytes;
    }
  }
  log.cachedBytes -= uncached;
  log.cachedFromOffset = Math.min(log.cachedFromOffset, offset);
  const seg = log.segments[si]!;
  const bi = floorIndex(seg.batches, offset);
  const cut = bi < 0 ? 0 : bi;
  if ((seg.batches[cut]?.baseOffset ?? seg.baseOffset) !== offset) {
    throw new Error(`log invariant: truncation offset ${offset} is inside a batch`);
  }
  for (const later of log.segments.splice(si + 1)) log.sizeBytes -= later.sizeBytes;
  for (let i = cut; i < seg.batches.length; i++) {
    seg.sizeBytes -= seg.batches[i]!.sizeBytes;
    log.sizeBytes -= seg.batches[i]!.sizeBytes;
  }
  seg.batches.length = cut;
  seg.nextOffset = offset;
  seg.largestTimestampMs = largestTimestamp(seg.batches);
  // LogSegment.truncateTo: an emptied segment forgets its roll timestamp.
  if (!seg.batches.some(holdsData)) seg.rollStartMs = null;
  log.logEndOffset = offset;
  log.logStartOffset = Math.min(log.logStartOffset, offset);
  // LogManager.truncateTo: a truncation below the active segment moves the cleaner checkpoint
  // back to the (new) active segment's base (LogCleanerManager.maybeTruncateCheckpoint).
  if (log.cleanerCheckpoint !== undefined && offset < activeBaseBefore)
    log.cleanerCheckpoint = Math.min(log.cleanerCheckpoint, activeSegment(log).baseOffset);
  clipReadBack(log);
  return { records, sizeBytes: sizeBefore - log.sizeBytes };
}

/**
 * Keeps the pages read back from disk (LogState.readBack) to what is still on disk and below
 * the cached tail, after retention or truncation removed batches. A range that now reaches the
 * tail joins it.
 */
function clipReadBack(log: LogState): void {
  const rb = log.readBack;
  if (!rb) return;
  const from = Math.max(rb.from, log.logStartOffset);
  const to = Math.min(rb.to, log.cachedFromOffset);
  const bytes = from < to ? bytesAvailable(log, from, to) : 0;
  log.cachedBytes += bytes - rb.bytes;
  if (bytes === 0) {
    log.readBack = null;
    return;
  }
  Object.assign(rb, { from, to, bytes, readAt: clipRuns(rb.readAt, from, to) });
  if (to === log.cachedFromOffset) {
    log.cachedFromOffset = from;
    log.readBack = null;
  }
}

/** The batches from the one holding `fromOffset` on, in order, while `visit` returns true. */
export function walkBatches(
  log: ReadableLog,
  fromOffset: number,
  visit: (batch: RecordBatch) => boolean,
): void {
  let si = Math.max(0, floorIndex(log.segments, fromOffset));
  let bi = Math.max(0, floorIndex(log.segments[si]?.batches ?? [], fromOffset));
  for (; si < log.segments.length; si++, bi = 0) {
    const batches = log.segments[si]!.batches;
    for (; bi < batches.length; bi++) if (!visit(batches[bi]!)) return;
  }
}

// ---------------------------------------------------------------------------------------
// Invariants

function segmentProblems(seg: SegmentState, where: string): string[] {
  const problems: string[] = [];
  let expected = seg.baseOffset;
  let size = 0;
  let largest = NO_TIMESTAMP;
  let rollStart: number | null = null;
  for (const b of seg.batches) {
    if (b.baseOffset !== expected) {
      problems.push(`${where}: batch ${b.id} starts at ${b.baseOffset}, expected ${expected}`);
    }
    if (b.recordCount < 1) problems.push(`${where}: batch ${b.id} holds no record`);
    const emptied = b.kept !== undefined && b.kept.length === 0 && !b.retainedEmpty;
    if (emptied ? b.sizeBytes !== 0 : b.sizeBytes <= 0)
      problems.push(`${where}: batch ${b.id} has size ${b.sizeBytes}`);
    const kept = b.kept ?? [];
    if (
      kept.some((k, i) => !Number.isInteger(k) || k < 0 || k >= b.recordCount || k <= kept[i - 1]!)
    )
      problems.push(
        `${where}: batch ${b.id} keeps records [${kept.join(', ')}] of ${b.recordCount}`,
      );
    expected = b.baseOffset + b.recordCount;
    size += b.sizeBytes;
    if (holdsData(b)) largest = Math.max(largest, b.maxTimestampMs);
    rollStart ??= holdsData(b) ? b.maxTimestampMs : null;
  }
  if (seg.nextOffset !== expected) {
    problems.push(`${where}: nextOffset is ${seg.nextOffset}, its batches end at ${expected}`);
  }
  if (seg.sizeBytes !== size) {
    problems.push(`${where}: sizeBytes is ${seg.sizeBytes}, its batches add up to ${size}`);
  }
  // A cleaned segment left without data keeps its source's time (LogSegment.largestTimestamp
  // falls back to the file's last-modified time).
  if (largest !== NO_TIMESTAMP && seg.largestTimestampMs !== largest) {
    problems.push(`${where}: largestTimestampMs is ${seg.largestTimestampMs}, expected ${largest}`);
  }
  if (seg.rollStartMs !== rollStart) {
    problems.push(`${where}: rollStartMs is ${seg.rollStartMs}, expected ${rollStart}`);
  }
  return problems;
}

/**
 * Invariant checks for tests and the simulation's invariant report. O(batches): not for hot
 * paths. The log start offset equals the first segment's base offset because only whole
 * segments are deleted (no DeleteRecords yet).
 */
export function logProblems(log: LogState): string[] {
  const segs = log.segments;
  const first = segs[0];
  if (!first) return ['log has no segment'];
  const problems: string[] = [];
  if (log.logStartOffset !== first.baseOffset) {
    problems.push(
      `logStartOffset is ${log.logStartOffset}, the first segment starts at ${first.baseOffset}`,
    );
  }
  let size = 0;
  segs.forEach((seg, i) => {
    const where = `segment ${seg.baseOffset}`;
    const prev = segs[i - 1];
    if (prev && seg.baseOffset !== prev.nextOffset) {
      problems.push(`${where}: starts at ${seg.baseOffset}, previous ends at ${prev.nextOffset}`);
    }
    if (i < segs.length - 1 && seg.batches.length === 0) {
      problems.push(`${where}: empty, but only the active segment may be`);
    }
    problems.push(...segmentProblems(seg, where));
    size += seg.sizeBytes;
  });
  if (log.sizeBytes !== size) {
    problems.push(`sizeBytes is ${log.sizeBytes}, segments add up to ${size}`);
  }
  const last = segs[segs.length - 1]!;
  if (log.logEndOffset !== last.nextOffset) {
    problems.push(
      `logEndOffset is ${log.logEndOffset}, the active segment ends at ${last.nextOffset}`,
    );
  }
  if (log.cachedFromOffset < log.logStartOffset || log.cachedFromOffset > log.logEndOffset) {
    problems.push(
      `cachedFromOffset ${log.cachedFromOffset} is outside [${log.logStartOffset}, ${log.logEndOffset}]`,
    );
  }
  let cached = 0;
  for (const seg of segs) cached += cachedBytesOf(seg, log.cachedFromOffset);
  const rb = log.readBack;
  if (rb) {
    if (
      rb.from < log.logStartOffset ||
      rb.from >= rb.to ||
      rb.to >= log.cachedFromOffset ||
      locateBatch(log, rb.from) === null
    ) {
      problems.push(
        `pages read back [${rb.from}, ${rb.to}) are not whole batches between the log start ${log.logStartOffset} and the cached tail at ${log.cachedFromOffset}`,
      );
    } else if (bytesAvailable(log, rb.from, rb.to) !== rb.bytes) {
      problems.push(
        `pages read back [${rb.from}, ${rb.to}) hold ${rb.bytes} bytes, not their batches' sum`,
      );
    }
    const runs = runsProblem(rb.readAt, rb.from, rb.to);
    if (runs) problems.push(`pages read back: ${runs}`);
    cached += rb.bytes;
  }
  if (log.cachedBytes !== cached) {
    problems.push(
      `cachedBytes is ${log.cachedBytes}, the batches from ${log.cachedFromOffset} and read back add up to ${cached}`,
    );
  }
  return problems;
}
