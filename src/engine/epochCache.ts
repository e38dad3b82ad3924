/**
 * LeaderEpochFileCache: per replica log, the first offset written in each leader epoch. It
 * lets a follower find where its log diverged from a new leader's (KIP-101, KIP-279, and the
 * fetch-based check of KIP-595 that Kafka 4 uses), so truncation keeps exactly the records
 * the new leader also holds.
 */
import type { EpochEntry, ReplicaLog } from './model.ts';

/** RecordBatch.NO_PARTITION_LEADER_EPOCH / UNDEFINED_EPOCH_OFFSET. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_OFFSET = -1;

export function latestEpoch(r: ReplicaLog): number {
  // Hot path (every followed partition of every follower fetch): an empty cache (an idle
  // partition's follower) must not read index -1, which V8 looks up as a slow named property.
  const epochs = r.epochs;
  const n = epochs.length;
  return n > 0 ? epochs[n - 1]!.epoch : UNDEFINED_EPOCH;
}

/** LeaderEpochFileCache.assign: a newer epoch starting at `startOffset`. */
export function assignEpoch(r: ReplicaLog, epoch: number, startOffset: number): void {
  if (epoch < 0) return;
  const n = r.epochs.length;
  const last = n > 0 ? r.epochs[n - 1] : undefined;
  if (last !== undefined && last.epoch >= epoch) return;
  r.epochs.push({ epoch, startOffset });
}

/**
 * LeaderEpochFileCache.endOffsetFor: the end offset of `requested` (the start offset of the
 * next higher epoch, or the log end offset for the latest), and the largest epoch at or
 * below it that the log knows.
 */
export function endOffsetFor(r: ReplicaLog, requested: number): EpochEntry {
  const undefinedEntry = { epoch: UNDEFINED_EPOCH, startOffset: UNDEFINED_OFFSET };
  if (requested === UNDEFINED_EPOCH) return undefinedEntry;
  if (latestEpoch(r) === requested) return { epoch: requested, startOffset: r.log.logEndOffset };
  const higher = r.epochs.find((e) => e.epoch > requested);
  if (higher === undefined) return undefinedEntry;
  let floor: EpochEntry | undefined;
  for (const e of r.epochs) if (e.epoch <= requested) floor = e;
  return { epoch: floor === undefined ? requested : floor.epoch, startOffset: higher.startOffset };
}

/** The epoch a record at `offset` was written in, by the cache (UNDEFINED_EPOCH before it). */
export function epochAt(r: ReplicaLog, offset: number): number {
  let epoch = UNDEFINED_EPOCH;
  for (const e of r.epochs) {
    if (e.startOffset > offset) break;
    epoch = e.epoch;
  }
  return epoch;
}

/** LeaderEpochFileCache.truncateFromEnd: forget epochs that start at or after `offset`. */
export function truncateEpochs(r: ReplicaLog, offset: number): void {
  while (r.epochs.length > 0 && r.epochs[r.epochs.length - 1]!.startOffset >= offset)
    r.epochs.pop();
}

/**
 * The leader epochs of the records [from, to) as runs [offset, epoch, offset, epoch, …]: what the
 * batches of a fetch answer carry in their partitionLeaderEpoch, for the consumer's position.
 */
export function epochRuns(r: ReplicaLog, from: number, to: number): number[] {
  if (to <= from) return [];
  const runs = [from, epochAt(r, from)];
  for (const e of r.epochs)
    if (e.startOffset > from && e.startOffset < to) runs.push(e.startOffset, e.epoch);
  return runs;
}
