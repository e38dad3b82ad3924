/**
 * The hash behind Kafka's key partitioning: `org.apache.kafka.common.utils.Utils.murmur2`
 * (MurmurHash2, 32-bit, seed 0x9747b28c) and `BuiltInPartitioner.partitionForKey`.
 *
 * Java ints are signed 32-bit and wrap on overflow; here `Math.imul` gives the wrapped product,
 * `>>>` is Java's unsigned shift and `| 0` brings a sum back into int32 range.
 */
import { utf8Encode } from './utf8.ts';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Java's `Utils.murmur2(byte[])`: a signed int32, bit for bit. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    // Little-endian 4-byte block, as the Java code assembles it.
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // The Java switch falls through from case 3 to case 1.
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= data[tail + 2]! << 16;
  if (rest >= 2) h ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's `Utils.toPositive`: clears the sign bit (not Math.abs, which fails on MIN_VALUE). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/**
 * `BuiltInPartitioner.partitionForKey`: the partition of a record with a key. A string key is
 * serialised as StringSerializer does (UTF-8); an empty string is a key (it hashes to a
 * partition), only a null key takes the sticky path, which is the caller's business.
 */
export function partitionForKey(key: string | Uint8Array, numPartitions: number): number {
  const bytes = typeof key === 'string' ? utf8Encode(key) : key;
  return toPositive(murmur2(bytes)) % numPartitions;
}
