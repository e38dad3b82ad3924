/**
 * KIP-126: a producer whose batch the broker refuses as MESSAGE_TOO_LARGE (the batch is over
 * the topic's max.message.bytes) splits it and sends the pieces again, instead of failing
 * every record in it (Sender.completeBatch → RecordAccumulator.splitAndReenqueue →
 * ProducerBatch.split).
 *
 * A first split regroups the records under batch.size. Since the accumulator already closed
 * the batch at batch.size, that only helps when the batch grew past it (a record larger than
 * batch.size); with batch.size above max.message.bytes the pieces are refused again. Older
 * clients then looped until delivery.timeout.ms (KAFKA-8350); since the fix
 * (apache/kafka#20358, 2025), simulated here, a batch that is itself a split piece is split at
 * half its size (but at least its largest record), so the pieces
 * shrink until they fit, and a single record that is still too large fails with
 * MESSAGE_TOO_LARGE (Sender only splits batches of more than one record).
 */
import { nextId } from './context.ts';
import { GENERATED_PLACEHOLDER, pushRecord } from './accumulator.ts';
import type { ProducerBatch, SimState } from './model.ts';
import {
  estimateBatchSizeUpperBound,
  RECORD_BATCH_OVERHEAD,
  recordSizeInBytes,
} from './recordSize.ts';
import { utf8Length } from './utf8.ts';

/** One record of a batch, as the split needs it. */
interface SplitRecord {
  key: string | null;
  keyBytes: number | null;
  /** The explicit value, or undefined for a generated one. */
  value: string | null | undefined;
  valueBytes: number | null;
  timestampMs: number;
}

function recordsOf(b: ProducerBatch): SplitRecord[] {
  const out: SplitRecord[] = [];
  const runs = b.timestampRuns;
  let run = 0;
  let leftInRun = runs[1] ?? 0;
  for (let i = 0; i < b.recordCount; i++) {
    while (leftInRun === 0 && run + 2 < runs.length) {
      run += 2;
      leftInRun = runs[run + 1]!;
    }
    leftInRun--;
    const key = b.keys?.[i] ?? null;
    const stored = b.values === null ? undefined : b.values[i];
    const generated = stored === undefined || stored === GENERATED_PLACEHOLDER;
    out.push({
      key,
      keyBytes: key === null ? null : utf8Length(key),
      value: generated ? undefined : stored,
      valueBytes: generated ? b.valueBytes : stored === null ? null : utf8Length(stored),
      timestampMs: runs[run] ?? 0,
    });
  }
  return out;
}

/** ProducerBatch.maxRecordSize: the largest single-record batch estimate among its records. */
export function maxRecordSize(b: ProducerBatch): number {
  let max = 0;
  for (const r of recordsOf(b))
    max = Math.max(max, estimateBatchSizeUpperBound(r.keyBytes, r.valueBytes));
  return max;
}

/**
 * RecordAccumulator.splitAndReenqueue's target: batch.size for a batch the accumulator made;
 * for a piece of an earlier split, half its size but at least its largest record (KAFKA-8350).
 */
export function splitTargetBytes(b: ProducerBatch, batchSizeBytes: number): number {
  if (!b.split) return batchSizeBytes;
  return Math.max(maxRecordSize(b), Math.floor(b.sizeBytes / 2));
}

/** DefaultRecord.sizeInBytes of `r` appended to `piece` (deltas from its first record). */
function recordSizeIn(piece: ProducerBatch, r: SplitRecord): number {
  const first = piece.timestampRuns[0];
  const delta = first === undefined ? 0 : r.timestampMs - first;
  return recordSizeInBytes(piece.recordCount, delta, r.keyBytes, r.valueBytes);
}

function newPiece(state: SimState, big: ProducerBatch, baseSequence: number): ProducerBatch {
  return {
    id: nextId(state, 'batch'),
    topic: big.topic,
    partition: big.partition,
    // The pieces keep the big batch's creation time: delivery.timeout.ms still counts from it.
    createdAtMs: big.createdAtMs,
    sizeBytes: RECORD_BATCH_OVERHEAD,
    // createBatchOffAccumulator: a piece's buffer is allocated outside buffer.memory.
    bufferBytes: 0,
    recordCount: 0,
    keys: null,
    values: null,
    valueBytes: big.valueBytes,
    timestampRuns: [],
    baseSequence,
    // ProducerBatch.splitRecordsIntoBatches closes every piece for appends: new records go into
    // a batch of their own.
    closed: true,
    // "We treat the newly split batches as if they are not even tried."
    attempts: 0,
    retryAtMs: null,
    lastAttemptMs: null,
    attemptLeaderEpoch: -1,
    split: true,
  };
}

/**
 * ProducerBatch.split: the records of `big`, in order, in pieces of at most `targetBytes`
 * (each piece takes at least one record). Sequence numbers continue from the big batch's, so
 * an idempotent producer's pieces follow each other with no gap.
 */
export function splitBatch(
  state: SimState,
  big: ProducerBatch,
  targetBytes: number,
): ProducerBatch[] {
  const pieces: ProducerBatch[] = [];
  let piece: ProducerBatch | null = null;
  let limit = 0;
  let sequence = big.baseSequence;
  for (const r of recordsOf(big)) {
    let size = piece === null ? 0 : recordSizeIn(piece, r);
    // MemoryRecordsBuilder.hasRoomFor with the piece's write limit.
    if (piece === null || piece.sizeBytes + size > limit) {
      if (piece !== null) pieces.push(piece);
      piece = newPiece(state, big, sequence);
      // createBatchOffAccumulatorForRecord: room for at least this record.
      limit = Math.max(estimateBatchSizeUpperBound(r.keyBytes, r.valueBytes), targetBytes);
      size = recordSizeIn(piece, r);
    }
    piece.sizeBytes += size;
    pushRecord(piece, r.key, r.value, r.timestampMs);
    sequence++;
  }
  if (piece !== null) pieces.push(piece);
  return pieces;
}
