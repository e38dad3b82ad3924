/**
 * Choosing a partition, as the Java client's KafkaProducer.partition does:
 * 1. an explicit partition wins;
 * 2. a configured partitioner.class (RoundRobinPartitioner) decides for every record;
 * 3. a record with a key goes to toPositive(murmur2(keyBytes)) % numPartitions
 *    (BuiltInPartitioner.partitionForKey), unless partitioner.ignore.keys;
 * 4. otherwise the built-in sticky partitioner (KIP-480, KIP-794) picks the partition, and
 *    switches after batch.size bytes (see `updateSticky`).
 */
import type { ProducerSettings } from './config.ts';
import { ownGet, ownSet } from './context.ts';
import type { PartitionState, ProducerBatch, ProducerState } from './model.ts';
import { murmur2, toPositive } from './murmur2.ts';
import { nextUint32 } from './rng.ts';
import type { RngState } from './model.ts';
import { utf8Encode } from './utf8.ts';

/** murmur2 of a key string is pure, so it is memoised across producers (bounded). */
const keyHashCache = new Map<string, number>();
const KEY_HASH_CACHE_MAX = 200_000;

export function positiveKeyHash(key: string): number {
  let h = keyHashCache.get(key);
  if (h === undefined) {
    h = toPositive(murmur2(utf8Encode(key)));
    if (keyHashCache.size >= KEY_HASH_CACHE_MAX) keyHashCache.clear();
    keyHashCache.set(key, h);
  }
  return h;
}

/** Cluster.availablePartitionsForTopic: partitions that have a leader. */
function availablePartitions(partitions: PartitionState[]): number[] {
  const out: number[] = [];
  for (const p of partitions) if (p.leader !== null) out.push(p.partition);
  return out;
}

/** RoundRobinPartitioner.partition: a counter per topic over the available partitions. */
export function roundRobinPartition(
  p: ProducerState,
  topic: string,
  partitions: PartitionState[],
): number {
  const counter = ownGet(p.roundRobinCounter, topic) ?? 0;
  ownSet(p.roundRobinCounter, topic, (counter + 1) | 0);
  const value = toPositive(counter);
  const available = availablePartitions(partitions);
  if (available.length > 0) return available[value % available.length]!;
  return value % partitions.length;
}

/**
 * BuiltInPartitioner.nextPartition. With adaptive partitioning, partitions with shorter
 * queues are more likely (weights maxQueue + 1 - queueSize); with equal queues, or with
 * adaptive partitioning off, uniform over the available partitions.
 * Simplification: queue sizes are read at switch time, not refreshed by each sender pass.
 */
function nextStickyPartition(
  rng: RngState,
  partitions: PartitionState[],
  deques: ProducerBatch[][],
  adaptive: boolean,
): number {
  const random = nextUint32(rng) & 0x7fffffff;
  const available = availablePartitions(partitions);
  if (available.length === 0) return random % partitions.length;
  if (adaptive) {
    let max = 0;
    let min = Number.MAX_SAFE_INTEGER;
    for (const id of available) {
      const q = deques[id]?.length ?? 0;
      if (q > max) max = q;
      if (q < min) min = q;
    }
    if (max !== min) {
      const cumulative: number[] = [];
      let sum = 0;
      for (const id of available) {
        sum += max + 1 - (deques[id]?.length ?? 0);
        cumulative.push(sum);
      }
      const weighted = random % sum;
      // Arrays.binarySearch then abs(result + 1): the first index whose cumulative > weighted.
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > weighted) hi = mid;
        else lo = mid + 1;
      }
      return available[lo]!;
    }
  }
  return available[random % available.length]!;
}

type StickyInfo = ProducerState['sticky'][string];

/**
 * Derived, never serialised: the sticky entry last read or written here, and whose (the
 * producer's `sticky` record and the topic). Hot path: every record without a key reads its
 * entry twice (choose, then count), and the producers' wake-ups append many records in a row.
 * Only this module writes those records, through writeSticky, so the entry stays current.
 */
let stickyOwner: ProducerState['sticky'] | null = null;
let stickyTopic = '';
let stickyEntry: StickyInfo | undefined;

function readSticky(p: ProducerState, topic: string): StickyInfo | undefined {
  if (p.sticky === stickyOwner && topic === stickyTopic) return stickyEntry;
  stickyEntry = ownGet(p.sticky, topic);
  stickyOwner = p.sticky;
  stickyTopic = topic;
  return stickyEntry;
}

function writeSticky(p: ProducerState, topic: string, info: StickyInfo): void {
  ownSet(p.sticky, topic, info);
  stickyOwner = p.sticky;
  stickyTopic = topic;
  stickyEntry = info;
}

/** BuiltInPartitioner.peekCurrentPartitionInfo: the sticky partition, chosen on first use. */
export function stickyPartition(
  p: ProducerState,
  rng: RngState,
  topic: string,
  partitions: PartitionState[],
  deques: ProducerBatch[][],
  s: ProducerSettings,
): number {
  let info = readSticky(p, topic);
  if (info === undefined || info.partition >= partitions.length) {
    info = {
      partition: nextStickyPartition(rng, partitions, deques, s.adaptivePartitioning),
      producedBytes: 0,
    };
    writeSticky(p, topic, info);
  }
  return info.partition;
}

/**
 * BuiltInPartitioner.updatePartitionInfo (KIP-794): count the bytes produced to the sticky
 * partition; switch once batch.size bytes were produced and every batch queued for it is full
 * (so no half-empty batch is left behind), or unconditionally at twice batch.size.
 */
export function updateSticky(
  p: ProducerState,
  rng: RngState,
  topic: string,
  partitions: PartitionState[],
  deques: ProducerBatch[][],
  appendedBytes: number,
  enableSwitch: boolean,
  s: ProducerSettings,
): void {
  const info = readSticky(p, topic);
  if (info === undefined) return;
  info.producedBytes += appendedBytes;
  const stickyBatchSize = s.batchSizeBytes;
  if (
    (info.producedBytes >= stickyBatchSize && enableSwitch) ||
    info.producedBytes >= stickyBatchSize * 2
  ) {
    writeSticky(p, topic, {
      partition: nextStickyPartition(rng, partitions, deques, s.adaptivePartitioning),
      producedBytes: 0,
    });
  }
}
