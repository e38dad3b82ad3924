/**
 * Where a producer's records go, as the Java client decides it (DefaultPartitioner's rules in
 * KafkaProducer.partition and BuiltInPartitioner): an explicit partition; else, for a key,
 * toPositive(murmur2(key bytes)) % the topic's partition count; else, without a key (or with
 * partitioner.ignore.keys), the sticky partition of KIP-794, which moves on once batch.size
 * bytes went to it; or RoundRobinPartitioner when configured. The inspector shows the sums, so
 * "the same key always lands on the same partition" can be checked by hand.
 */
import { findTopic, ownGet } from '../../engine/context.ts';
import { producerSettings } from '../../engine/config.ts';
import type { ProducerState, SimState } from '../../engine/model.ts';
import { partitionForKey } from '../../engine/murmur2.ts';
import { positiveKeyHash } from '../../engine/partitioner.ts';
import { keyOfSpace } from '../../engine/producer.ts';

/** How many keys the table lists; a key space shows its first ones. */
export const ROUTED_KEYS_SHOWN = 6;

export type KeyRouting =
  | { kind: 'fixed'; partition: number }
  | { kind: 'roundRobin'; partitions: number }
  | {
      kind: 'keys';
      partitions: number;
      rows: { key: string; hash: number; partition: number }[];
      /** Keys not listed (a key space, or a long list). */
      more: number;
    }
  | { kind: 'sticky'; partitions: number; current: number | null; batchSize: number; why: string };

export function keyRouting(state: SimState, p: ProducerState): KeyRouting | null {
  const partitions = findTopic(state, p.topic)?.partitions.length ?? 0;
  if (partitions === 0) return null;
  if (p.fixedPartition !== null) return { kind: 'fixed', partition: p.fixedPartition };
  const s = producerSettings(p.config);
  if (s.roundRobin) return { kind: 'roundRobin', partitions };
  const mode = p.keyMode;
  // A key list may name a key twice (taken in turn, it is sent twice as often): once here.
  const listed = mode.kind === 'list' ? [...new Set(mode.keys)] : [];
  const count = mode.kind === 'list' ? listed.length : mode.kind === 'space' ? mode.size : 0;
  const keys =
    mode.kind === 'list'
      ? listed.slice(0, ROUTED_KEYS_SHOWN)
      : mode.kind === 'space'
        ? Array.from({ length: Math.min(ROUTED_KEYS_SHOWN, mode.size) }, (_, i) =>
            keyOfSpace(mode.prefix, i),
          )
        : [];
  if (keys.length > 0 && !s.ignoreKeys) {
    const rows = keys.map((key) => ({
      key,
      hash: positiveKeyHash(key),
      partition: partitionForKey(key, partitions),
    }));
    return { kind: 'keys', partitions, rows, more: count - rows.length };
  }
  return {
    kind: 'sticky',
    partitions,
    current: ownGet(p.sticky, p.topic)?.partition ?? null,
    batchSize: s.batchSizeBytes,
    why: keys.length > 0 ? 'partitioner.ignore.keys=true' : 'records without a key',
  };
}
