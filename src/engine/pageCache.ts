/**
 * The page cache of each broker machine. Kafka keeps no cache of its own: it appends to log
 * files and reads them back, and the operating system keeps recently written and read file
 * pages in memory. Writes land in that page cache (Kafka does not fsync by default:
 * log.flush.interval.messages is Long.MAX_VALUE), and a fetch near the log end is served from
 * memory, so consumers and followers that keep up never touch the disk. A reader far behind
 * asks for records whose pages were evicted: those come from disk, and its fetch takes longer.
 *
 * Pages read from disk stay in the cache too, so the next reader of the same records (a second
 * group replaying them, a follower behind the same way) gets them from memory.
 *
 * Simplified (said in the help panel too): per log file the cache holds one tail, from
 * `LogState.cachedFromOffset` to the log end, and one range read back from disk
 * (`LogState.readBack`; a read elsewhere replaces it, a read that reaches the tail joins it).
 * When the machine's cache is full the least recently used pages go first, in steps of a
 * sixteenth of the cache, as the kernel's background reclaim frees pages in batches. For the
 * tail, "last used" is the records' timestamps (the kernel goes by when a page was last used):
 * a follower catching up writes old records, and those go first; pages read back by when
 * each was last read (readBackRuns.ts). A fetch answer that read the disk is sent diskReadMs later (network.ts
 * sendLater), and only it waits.
 * A broker process crash keeps the cache (it belongs to the OS); machine reboots are not
 * simulated. The cache size and the disk read time are the scenario's `cluster.pageCache`
 * settings, not Kafka configs.
 */
import { bytesAvailable, locateBatch, walkBatches } from './log.ts';
import { clipRuns, stampRuns } from './readBackRuns.ts';
import type { BrokerState, LogState, PageCacheStats, SimState } from './model.ts';

/** A machine with a gigabyte of page cache per broker: the shipped scenarios never fill it. */
export const DEFAULT_PAGE_CACHE_BYTES = 1024 * 1024 * 1024;
/** A disk read: a seek and a read on a spinning disk, roughly. */
export const DEFAULT_DISK_READ_MS = 10;
export const MIN_PAGE_CACHE_BYTES = 64 * 1024;
export const MAX_DISK_READ_MS = 10_000;

export function emptyPageCache(): PageCacheStats {
  return {
    cachedBytes: 0,
    hitReads: 0,
    hitBytes: 0,
    diskReads: 0,
    diskBytes: 0,
    evictedBytes: 0,
    diskBusyUntilMs: null,
  };
}

/** The logs (replicas) a broker holds, in topic and partition order. */
function logsOn(state: SimState, brokerId: number): LogState[] {
  const out: LogState[] = [];
  for (const t of state.topics)
    for (const p of t.partitions)
      for (const r of p.replicaLogs) if (r.brokerId === brokerId) out.push(r.log);
  return out;
}

/**
 * A log of broker `b` gained or lost `delta` cached bytes (an append, a retention deletion, a
 * truncation). Past the machine's page cache size, the oldest pages are evicted.
 */
export function cacheChanged(state: SimState, b: BrokerState, delta: number): void {
  if (delta === 0) return;
  b.pageCache.cachedBytes += delta;
  if (b.pageCache.cachedBytes > state.cluster.pageCacheBytes) reclaim(state, b);
}

/** The oldest cached batch of one log's tail or read-back range, as reclaim walks it. */
interface Cursor {
  log: LogState;
  segment: number;
  batch: number;
  /** Walking the pages read back (LogState.readBack) rather than the tail. */
  readBack: boolean;
}

function lastUsedMs(c: Cursor): number {
  return c.readBack
    ? c.log.readBack!.readAt[1]!
    : c.log.segments[c.segment]!.batches[c.batch]!.maxTimestampMs;
}

/** Evicts the least recently used batches of the broker's logs until a sixteenth of the cache is free. */
function reclaim(state: SimState, b: BrokerState): void {
  const capacity = state.cluster.pageCacheBytes;
  const target = capacity - Math.floor(capacity / 16);
  const cursors: Cursor[] = [];
  for (const log of logsOn(state, b.id)) {
    if (log.cachedBytes === 0) continue;
    const rb = log.readBack ? locateBatch(log, log.readBack.from) : null;
    if (rb) cursors.push({ log, ...rb, readBack: true });
    const at = locateBatch(log, log.cachedFromOffset);
    if (at) cursors.push({ log, ...at, readBack: false });
  }
  while (b.pageCache.cachedBytes > target && cursors.length > 0) {
    let oldest = 0;
    let oldestMs = Infinity;
    for (let i = 0; i < cursors.length; i++) {
      const ms = lastUsedMs(cursors[i]!);
      if (ms < oldestMs) {
        oldestMs = ms;
        oldest = i;
      }
    }
    const c = cursors[oldest]!;
    const batch = c.log.segments[c.segment]!.batches[c.batch]!;
    const next = batch.baseOffset + batch.recordCount;
    c.log.cachedBytes -= batch.sizeBytes;
    b.pageCache.cachedBytes -= batch.sizeBytes;
    b.pageCache.evictedBytes += batch.sizeBytes;
    if (c.readBack) {
      const rb = c.log.readBack!;
      rb.bytes -= batch.sizeBytes;
      rb.from = next;
      if (rb.from >= rb.to) {
        c.log.readBack = null;
        cursors.splice(oldest, 1);
        continue;
      }
      rb.readAt = clipRuns(rb.readAt, rb.from, rb.to);
    } else c.log.cachedFromOffset = next;
    // The next batch of that log, in this segment or the next non-empty one.
    c.batch++;
    while (
      c.segment < c.log.segments.length &&
      c.batch >= c.log.segments[c.segment]!.batches.length
    ) {
      c.segment++;
      c.batch = 0;
    }
    if (c.segment >= c.log.segments.length) cursors.splice(oldest, 1);
  }
}

/**
 * A fetch read `bytes` of `log` from `fromOffset` (whole batches, from the one holding it).
 * Records in the cached tail or read back earlier come from memory; others from disk, and the
 * cache keeps them. Returns whether the read went to disk (its answer then leaves
 * `diskReadMs` later).
 */
export function noteRead(
  state: SimState,
  b: BrokerState,
  log: LogState,
  fromOffset: number,
  bytes: number,
): boolean {
  if (bytes <= 0) return false;
  const stats = b.pageCache;
  if (fromOffset >= log.cachedFromOffset) {
    stats.hitReads++;
    stats.hitBytes += bytes;
    return false;
  }
  const rb = log.readBack;
  let first = -1;
  let end = fromOffset;
  let read = 0;
  let fromDisk = 0;
  walkBatches(log, fromOffset, (batch) => {
    if (first < 0) first = batch.baseOffset;
    const at = batch.baseOffset;
    if (at < log.cachedFromOffset && !(rb && at >= rb.from && at < rb.to))
      fromDisk += batch.sizeBytes;
    read += batch.sizeBytes;
    end = at + batch.recordCount;
    return read < bytes;
  });
  if (fromDisk === 0) {
    stats.hitReads++;
    stats.hitBytes += bytes;
    if (rb && first < rb.to && end > rb.from)
      rb.readAt = stampRuns(rb.readAt, rb.to, first, end, state.nowMs);
    return false;
  }
  stats.diskReads++;
  stats.diskBytes += fromDisk;
  stats.hitBytes += bytes - fromDisk;
  keepReadBack(state, b, log, first, Math.min(end, log.cachedFromOffset));
  return true;
}

/**
 * The page cache keeps the batches [from, to) just read from disk. They join the log's
 * read-back range when they touch it, else replace it (one range per log: the simplification),
 * and join the tail when they reach it.
 */
function keepReadBack(
  state: SimState,
  b: BrokerState,
  log: LogState,
  from: number,
  to: number,
): void {
  const old = log.readBack;
  const now = state.nowMs;
  let dropped = 0;
  let range = { from, to };
  let readAt = [from, now];
  if (old && from <= old.to && old.from <= to) {
    range = { from: Math.min(from, old.from), to: Math.max(to, old.to) };
    // The old parts keep their read times; what was read now is marked now.
    const runs = from < old.from ? [from, now, ...old.readAt] : old.readAt;
    readAt = stampRuns(runs, range.to, from, to, now);
  } else if (old) dropped = old.bytes;
  const bytes = bytesAvailable(log, range.from, range.to);
  const delta = bytes - (old ? old.bytes : 0);
  log.cachedBytes += delta;
  if (range.to >= log.cachedFromOffset) {
    log.cachedFromOffset = range.from;
    log.readBack = null;
  } else log.readBack = { ...range, bytes, readAt };
  b.pageCache.evictedBytes += dropped;
  cacheChanged(state, b, delta);
}

/** Whether the broker is reading its disk for a fetch answer right now (the canvas says so). */
export function readingDisk(b: BrokerState, nowMs: number): boolean {
  return b.alive && b.pageCache.diskBusyUntilMs !== null && nowMs < b.pageCache.diskBusyUntilMs;
}

/** Invariant: the broker's cached bytes are its logs' cached bytes, within the cache size. */
export function pageCacheProblems(state: SimState, b: BrokerState): string[] {
  let sum = 0;
  for (const log of logsOn(state, b.id)) sum += log.cachedBytes;
  const problems: string[] = [];
  if (b.pageCache.cachedBytes !== sum)
    problems.push(
      `broker ${b.id}: page cache holds ${b.pageCache.cachedBytes} bytes, its logs add up to ${sum}`,
    );
  if (b.pageCache.cachedBytes > state.cluster.pageCacheBytes)
    problems.push(
      `broker ${b.id}: page cache holds ${b.pageCache.cachedBytes} bytes, more than its ${state.cluster.pageCacheBytes}`,
    );
  return problems;
}
