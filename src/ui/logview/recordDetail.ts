/**
 * One record of a partition, read back for the detail box: its bytes, size, producer, and how
 * the producer's partitioner chose this partition. A pure function of engine state.
 *
 * The key computation is Kafka's own (BuiltInPartitioner.partitionForKey:
 * `Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions`), done with the engine's exported
 * functions. A record does not remember how its partition was chosen, so the explanation uses
 * what can be known now: the key, the topic's partition count and the producer's current
 * configuration.
 */
import { producerSettings } from '../../engine/config.ts';
import { murmur2, partitionForKey, recordAt, toPositive } from '../../engine/index.ts';
import { findRecord } from '../../engine/log.ts';
import type { LogState, SimState } from '../../engine/model.ts';
import { isKept, isTombstone, keyAt } from '../../engine/records.ts';
import { utf8Encode } from '../../engine/utf8.ts';
import type { PartitionRef } from '../../store/simulationStore.ts';
import { findPartition, sourceReplica } from './selectLogView.ts';

/** How many bytes of a key or value the box shows in hex before eliding the rest. */
export const HEX_BYTES_SHOWN = 16;

export interface BytesView {
  /** The string as the producer gave it (StringSerializer input). */
  text: string;
  /** The text with control characters shown as '·', safe to draw. */
  printable: string;
  length: number;
  /** The first HEX_BYTES_SHOWN bytes as "61 6c 69 63 65". */
  hex: string;
  /** Bytes not shown in `hex`. */
  hiddenBytes: number;
}

export type PartitionChoice =
  | {
      kind: 'key';
      /** Utils.murmur2(keyBytes): a signed int32. */
      murmur2: number;
      /** Utils.toPositive: the sign bit cleared. */
      positive: number;
      numPartitions: number;
      /** positive % numPartitions. */
      result: number;
      /** The record is in the partition the key gives. */
      matches: boolean;
      /** When something other than the key decided (from the producer's current config). */
      overriddenBy: 'explicit' | 'round-robin' | 'ignore-keys' | null;
    }
  | { kind: 'explicit'; partition: number }
  | { kind: 'round-robin' }
  | { kind: 'sticky' };

export interface RecordDetail {
  topic: string;
  partition: number;
  offset: number;
  timestampMs: number;
  /** The record's size inside its batch (DefaultRecord.sizeInBytes). */
  sizeBytes: number;
  producer: string;
  /** The producer's sequence number of this record. */
  sequence: number;
  batch: {
    id: string;
    baseOffset: number;
    recordCount: number;
    sizeBytes: number;
    producerId: number;
    partitionLeaderEpoch: number;
    /** Set by the log cleaner on a batch whose tombstones it kept: they go after this time. */
    deleteHorizonMs: number | null;
  };
  key: BytesView | null;
  value: BytesView | null;
  choice: PartitionChoice;
  /** The record is below the high watermark: replicated and readable. */
  committed: boolean;
  /** The broker whose log it was read from. */
  broker: number;
}

export type RecordLookup =
  | { found: true; record: RecordDetail }
  /** Not in the log: deleted by retention (before the log start), or not written yet. */
  | { found: false; reason: 'deleted' | 'not-written' | 'no-partition'; logStartOffset: number }
  /**
   * Removed by the log cleaner (a compacted topic): its key, and the offset of the record of
   * that key the log keeps now (null when none: a tombstone past its horizon removed the key).
   */
  | {
      found: false;
      reason: 'removed';
      logStartOffset: number;
      key: string | null;
      tombstone: boolean;
      keptAt: number | null;
    };

/** The offset of the newest record of `key` the log still holds, or null. O(log) walk, on click. */
function newestKept(log: LogState, key: string): number | null {
  let found: number | null = null;
  for (const seg of log.segments)
    for (const b of seg.batches) {
      if (b.keys === null) continue;
      for (let i = 0; i < b.recordCount; i++)
        if (b.keys[i] === key && isKept(b, i)) found = b.baseOffset + i;
    }
  return found;
}

function hexOf(bytes: Uint8Array, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < Math.min(count, bytes.length); i++)
    out.push(bytes[i]!.toString(16).padStart(2, '0'));
  return out.join(' ');
}

export function bytesView(text: string): BytesView {
  const bytes = utf8Encode(text);
  return {
    text,
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    printable: text.replace(/[\u0000-\u001f\u007f]/g, '·'),
    length: bytes.length,
    hex: hexOf(bytes, HEX_BYTES_SHOWN),
    hiddenBytes: Math.max(0, bytes.length - HEX_BYTES_SHOWN),
  };
}

/** How this record's partition was chosen, as far as the state tells. */
export function partitionChoice(
  state: SimState,
  producerId: string,
  key: string | null,
  partition: number,
  numPartitions: number,
): PartitionChoice {
  const producer = state.producers.find((p) => p.id === producerId);
  const settings = producer ? producerSettings(producer.config) : null;
  // KafkaProducer.partition: an explicit partition wins, then partitioner.class, then the key.
  let overriddenBy: 'explicit' | 'round-robin' | 'ignore-keys' | null = null;
  if (producer?.fixedPartition === partition) overriddenBy = 'explicit';
  else if (settings?.roundRobin) overriddenBy = 'round-robin';
  else if (settings?.ignoreKeys) overriddenBy = 'ignore-keys';
  if (key === null || numPartitions < 1) {
    if (overriddenBy === 'explicit') return { kind: 'explicit', partition };
    if (overriddenBy === 'round-robin') return { kind: 'round-robin' };
    return { kind: 'sticky' };
  }
  const hash = murmur2(utf8Encode(key));
  const positive = toPositive(hash);
  const result = partitionForKey(key, numPartitions);
  return {
    kind: 'key',
    murmur2: hash,
    positive,
    numPartitions,
    result,
    matches: result === partition,
    overriddenBy,
  };
}

/** The record at `offset` of `ref`, read from the same log the tape shows. */
export function recordDetail(state: SimState, ref: PartitionRef, offset: number): RecordLookup {
  const p = findPartition(state, ref);
  if (!p) return { found: false, reason: 'no-partition', logStartOffset: 0 };
  const replica = sourceReplica(p);
  if (!replica) return { found: false, reason: 'no-partition', logStartOffset: 0 };
  const log = replica.log;
  const hit = findRecord(log, offset);
  if (!hit) {
    const reason = offset < log.logStartOffset ? 'deleted' : 'not-written';
    return { found: false, reason, logStartOffset: log.logStartOffset };
  }
  const { batch, index } = hit;
  if (!isKept(batch, index)) {
    const key = keyAt(batch, index);
    return {
      found: false,
      reason: 'removed',
      logStartOffset: log.logStartOffset,
      key,
      tombstone: isTombstone(batch, index),
      keptAt: key === null ? null : newestKept(log, key),
    };
  }
  const r = recordAt(batch, index);
  const numPartitions = state.topics.find((t) => t.name === ref.topic)?.partitions.length ?? 0;
  return {
    found: true,
    record: {
      topic: ref.topic,
      partition: ref.partition,
      offset: r.offset,
      timestampMs: r.timestampMs,
      sizeBytes: r.sizeBytes,
      producer: r.producer,
      sequence: r.sequence,
      batch: {
        id: batch.id,
        baseOffset: batch.baseOffset,
        recordCount: batch.recordCount,
        sizeBytes: batch.sizeBytes,
        producerId: batch.producerId,
        partitionLeaderEpoch: batch.partitionLeaderEpoch,
        deleteHorizonMs: batch.deleteHorizonMs ?? null,
      },
      key: r.key === null ? null : bytesView(r.key),
      value: r.value === null ? null : bytesView(r.value),
      choice: partitionChoice(state, r.producer, r.key, ref.partition, numPartitions),
      committed: offset < replica.highWatermark,
      broker: replica.brokerId,
    },
  };
}
