/**
 * The record accumulator (RecordAccumulator): per partition a queue of batches. A record goes
 * into the last batch of its partition when it fits under batch.size (MemoryRecordsBuilder
 * hasRoomFor), otherwise that batch is closed and a new one starts. A batch is full once its
 * size reaches batch.size; the sender sends a partition's first batch when it is full, when
 * more batches wait behind it, or when linger.ms has passed.
 */
import type { ProducerSettings } from './config.ts';
import { nextId, ownGet, ownSet } from './context.ts';
import type { ProducerBatch, ProducerState, SimState } from './model.ts';
import {
  estimateBatchSizeUpperBound,
  RECORD_BATCH_OVERHEAD,
  recordSizeInBytes,
} from './recordSize.ts';

/**
 * The result of an append. One object is reused for every append (the hot path makes
 * millions): read it before the next append. It is never part of the state.
 */
export interface AppendResult {
  /** buffer.memory had no room for a new batch: nothing was appended. */
  exhausted: boolean;
  appendedBytes: number;
  /** RecordAccumulator.allBatchesFull: the last batch of the partition is full. */
  allBatchesFull: boolean;
  /** The batch is now sendable without waiting for linger.ms. */
  batchReady: boolean;
}

const scratch: AppendResult = {
  exhausted: false,
  appendedBytes: 0,
  allBatchesFull: false,
  batchReady: false,
};

function result(
  appendedBytes: number,
  allBatchesFull: boolean,
  batchReady: boolean,
  exhausted = false,
): AppendResult {
  scratch.exhausted = exhausted;
  scratch.appendedBytes = appendedBytes;
  scratch.allBatchesFull = allBatchesFull;
  scratch.batchReady = batchReady;
  return scratch;
}

/** RecordAccumulator.allBatchesFull: the partition has no batch open for appends. */
export function allBatchesFull(deque: ProducerBatch[]): boolean {
  const last = deque[deque.length - 1];
  return last === undefined || last.closed;
}

export function dequesFor(
  p: ProducerState,
  topic: string,
  numPartitions: number,
): ProducerBatch[][] {
  let deques = ownGet(p.accumulator, topic);
  if (deques === undefined) {
    deques = [];
    ownSet(p.accumulator, topic, deques);
  }
  while (deques.length < numPartitions) deques.push([]);
  return deques;
}

function firstTimestamp(b: ProducerBatch): number {
  return b.timestampRuns[0] ?? 0;
}

function pushTimestamp(b: ProducerBatch, ts: number): void {
  const runs = b.timestampRuns;
  const n = runs.length;
  if (n >= 2 && runs[n - 2] === ts) runs[n - 1]! += 1;
  else runs.push(ts, 1);
}

/** Adds one record to a batch's columns (`value` undefined: a generated value). */
export function pushRecord(
  b: ProducerBatch,
  key: string | null,
  value: string | null | undefined,
  ts: number,
): void {
  const index = b.recordCount;
  if (key !== null && b.keys === null) b.keys = new Array<string | null>(index).fill(null);
  if (b.keys !== null) b.keys.push(key);
  if (value !== undefined && b.values === null) {
    // The first explicit value in a batch of generated ones: mark the earlier ones generated.
    b.values = new Array<string | null>(index).fill(GENERATED_PLACEHOLDER);
  }
  if (b.values !== null) b.values.push(value === undefined ? GENERATED_PLACEHOLDER : value);
  pushTimestamp(b, ts);
  b.recordCount++;
}

/**
 * Derived, never serialised: the sequence list last read or written, and whose (the producer's
 * `nextSequence` record and the topic). Hot path: every record bumps its partition's number, and
 * a producer's wake-up appends many records of one topic in a row. Every write of those records
 * goes through setSequences, so the list stays current.
 */
let seqOwner: ProducerState['nextSequence'] | null = null;
let seqTopic = '';
let seqList: number[] | undefined;

export function nextSequences(p: ProducerState, topic: string): number[] | undefined {
  if (p.nextSequence === seqOwner && topic === seqTopic) return seqList;
  seqList = ownGet(p.nextSequence, topic);
  seqOwner = p.nextSequence;
  seqTopic = topic;
  return seqList;
}

/** Installs a topic's next sequence numbers (the only way they are replaced). */
export function setSequences(p: ProducerState, topic: string, seqs: number[]): void {
  ownSet(p.nextSequence, topic, seqs);
  seqOwner = p.nextSequence;
  seqTopic = topic;
  seqList = seqs;
}

function nextSequence(p: ProducerState, topic: string, partition: number): number {
  return nextSequences(p, topic)?.[partition] ?? 0;
}

function bumpSequence(p: ProducerState, topic: string, partition: number): void {
  let seqs = nextSequences(p, topic);
  if (seqs === undefined) {
    seqs = [];
    setSequences(p, topic, seqs);
  }
  while (seqs.length <= partition) seqs.push(0); // no holes: the state stays plain JSON
  seqs[partition]! += 1;
}

/**
 * In `values`, a generated record is marked by this string; its real value derives from the
 * producer and the record's sequence number (records.ts `recordValue`).
 */
export const GENERATED_PLACEHOLDER = '\u0000generated';

/**
 * Appends one record, stamped `timestampMs` (when send() was called; now unless it blocked).
 * `value` undefined means a generated value of `valueBytes` bytes.
 * `keyBytes` / `valueLen` are the UTF-8 sizes (null for a null key or value).
 */
export function appendToAccumulator(
  state: SimState,
  p: ProducerState,
  s: ProducerSettings,
  deque: ProducerBatch[],
  topic: string,
  partition: number,
  key: string | null,
  keyBytes: number | null,
  value: string | null | undefined,
  valueLen: number | null,
  timestampMs: number = state.nowMs,
): AppendResult {
  const now = state.nowMs;
  const last = deque[deque.length - 1];
  if (last !== undefined && !last.closed) {
    const size = recordSizeInBytes(
      last.recordCount,
      timestampMs - firstTimestamp(last),
      keyBytes,
      valueLen,
    );
    if (last.sizeBytes + size <= s.batchSizeBytes) {
      pushRecord(last, key, value, timestampMs);
      bumpSequence(p, topic, partition);
      last.sizeBytes += size;
      if (last.sizeBytes >= s.batchSizeBytes) last.closed = true;
      return result(size, last.closed, deque.length > 1 || last.closed);
    }
    last.closed = true; // ProducerBatch.tryAppend failed: closeForRecordAppends.
  }
  // RecordAccumulator.append: a new batch takes max(batch.size, its record's upper-bound
  // estimate) from buffer.memory (BufferPool.allocate).
  const bufferBytes = Math.max(s.batchSizeBytes, estimateBatchSizeUpperBound(keyBytes, valueLen));
  if (p.bufferedBytes + bufferBytes > s.bufferMemoryBytes) return result(0, false, false, true);
  p.bufferedBytes += bufferBytes;
  const size = RECORD_BATCH_OVERHEAD + recordSizeInBytes(0, 0, keyBytes, valueLen);
  const batch: ProducerBatch = {
    id: nextId(state, 'batch'),
    topic,
    partition,
    createdAtMs: now,
    sizeBytes: size,
    bufferBytes,
    recordCount: 0,
    keys: null,
    values: null,
    valueBytes: p.valueBytes,
    timestampRuns: [],
    // Simplification: Kafka assigns sequence numbers when the batch is drained; assigning them
    // at creation gives the same numbers as long as no batch is dropped before it is sent.
    baseSequence: nextSequence(p, topic, partition),
    attempts: 0,
    retryAtMs: null,
    lastAttemptMs: null,
    attemptLeaderEpoch: -1,
    split: false,
    closed: size >= s.batchSizeBytes,
  };
  pushRecord(batch, key, value, timestampMs);
  bumpSequence(p, topic, partition);
  deque.push(batch);
  return result(size, batch.closed, deque.length > 1 || batch.closed);
}
