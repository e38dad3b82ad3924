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

export function recordAt(batch: RecordBatch, index: number): RecordView {
  const sequence = batch.baseSequence + index;
  const key = batch.keys?.[index] ?? null;
  const stored = batch.values?.[index];
  const value =
    batch.values === null || stored === GENERATED_PLACEHOLDER
      ? generatedValue(batch.producer, sequence, batch.valueBytes)
      : (stored ?? null);
  const timestampMs = timestampAt(batch.timestampRuns, index);
  const first = batch.timestampRuns[0] ?? 0;
  const sizeBytes = recordSizeInBytes(
    index,
    timestampMs - first,
    key === null ? null : utf8Length(key),
    value === null ? null : utf8Length(value),
  );
  return {
    offset: batch.baseOffset + index,
    key,
    value,
    timestampMs,
    sizeBytes,
    producer: batch.producer,
    sequence,
  };
}
