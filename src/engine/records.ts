/**
 * Reading single records back out of a batch, for the record inspector: key, value, timestamp
 * and size. Values of generated records are not stored; they derive from the producer and the
 * record's sequence number, so a log of a million records costs a few arrays.
 */
import { GENERATED_PLACEHOLDER } from './accumulator.ts';
import type { RecordBatch } from './model.ts';
import { recordSizeInBytes } from './recordSize.ts';
import { utf8Length } from './utf8.ts';

export interface RecordView {
  offset: number;
  key: string | null;
  value: string | null;
  timestampMs: number;
  sizeBytes: number;
  producer: string;
  sequence: number;
}

/** The generated value of a record: who made it and its sequence number, padded to size. */
export function generatedValue(producer: string, sequence: number, valueBytes: number): string {
  const text = `${producer}#${sequence}`;
  return text.length >= valueBytes
    ? text.slice(0, valueBytes)
    : text + '.'.repeat(valueBytes - text.length);
}

function timestampAt(runs: number[], index: number): number {
  let seen = 0;
  for (let i = 0; i < runs.length; i += 2) {
    seen += runs[i + 1]!;
    if (index < seen) return runs[i]!;
  }
  return runs[runs.length - 2] ?? 0;
}

/** Whether the record at `index` is still in the batch (the log cleaner may have removed it). */
export function isKept(batch: RecordBatch, index: number): boolean {
  const kept = batch.kept;
  if (kept === undefined) return true;
  // Binary search: `kept` is ascending.
  let lo = 0;
  let hi = kept.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = kept[mid]!;
    if (k === index) return true;
    if (k < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Records the batch holds: all of them, or those the log cleaner kept. */
export function keptCount(batch: RecordBatch): number {
  return batch.kept === undefined ? batch.recordCount : batch.kept.length;
}

/** The record's key, or null. */
export function keyAt(batch: RecordBatch, index: number): string | null {
  return batch.keys?.[index] ?? null;
}

/** Whether the record's value is null: a tombstone on a compacted topic. */
export function isTombstone(batch: RecordBatch, index: number): boolean {
  return batch.values !== null && batch.values[index] === null;
}

/** The record's size in the batch, as `recordAt` gives it, without building its value. */
export function recordSizeAt(batch: RecordBatch, index: number): number {
  const key = keyAt(batch, index);
  const stored = batch.values?.[index];
  const valueBytes =
    batch.values === null || stored === GENERATED_PLACEHOLDER
      ? batch.valueBytes
      : stored === null || stored === undefined
        ? null
        : utf8Length(stored);
  const first = batch.timestampRuns[0] ?? 0;
  return recordSizeInBytes(
    index,
    timestampAt(batch.timestampRuns, index) - first,
    key === null ? null : utf8Length(key),
    valueBytes,
  );
}

/** The record's timestamp. */
export function timestampOf(batch: RecordBatch, index: number): number {
  return timestampAt(batch.timestampRuns, index);
}

export function recordAt(batch: RecordBatch, index: number): RecordView {
  const sequence = batch.baseSequence + index;
  const stored = batch.values?.[index];
  const value =
    batch.values === null || stored === GENERATED_PLACEHOLDER
      ? generatedValue(batch.producer, sequence, batch.valueBytes)
      : (stored ?? null);
  return {
    offset: batch.baseOffset + index,
    key: keyAt(batch, index),
    value,
    timestampMs: timestampOf(batch, index),
    sizeBytes: recordSizeAt(batch, index),
    producer: batch.producer,
    sequence,
  };
}
