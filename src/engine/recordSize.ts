/**
 * Sizes in Kafka's v2 record format (magic 2), in bytes, as the Java client computes them.
 *
 * A record (DefaultRecord) is: length varint, attributes byte, timestampDelta varlong,
 * offsetDelta varint, key (length varint + bytes, or -1), value (same), header count varint,
 * headers. A batch (DefaultRecordBatch) adds a fixed 61-byte header.
 *
 * The producer uses two different numbers:
 * - `recordSizeInBytes` (DefaultRecord.sizeInBytes) is exact; MemoryRecordsBuilder.hasRoomFor
 *   uses it to decide whether a record still fits in the open batch under batch.size.
 * - `estimateRecordSize` (DefaultRecord.recordSizeUpperBound) assumes the widest deltas; with
 *   the batch header (`estimateBatchSizeUpperBound`, AbstractRecords.estimateSizeInBytesUpperBound)
 *   KafkaProducer checks it against max.request.size / buffer.memory and RecordAccumulator
 *   allocates max(batch.size, it) for a new batch.
 * Compression is not simulated, so no compression estimate appears here.
 */

/** DefaultRecordBatch.RECORD_BATCH_OVERHEAD: the batch header before the first record. */
export const RECORD_BATCH_OVERHEAD = 61;

/** DefaultRecord.MAX_RECORD_OVERHEAD: 5 (length) + 10 (timestamp) + 5 (offset) + 1 (attributes). */
export const MAX_RECORD_OVERHEAD = 21;

/** A record header's size: key is a UTF-8 byte count, value null for a null value. */
export interface RecordHeaderSize {
  keyBytes: number;
  valueBytes: number | null;
}

/** No headers: a shared default, so that sizing a record allocates nothing. */
const NO_HEADERS: readonly RecordHeaderSize[] = [];

/** Bytes of a varint holding `zigzag` (already zigzag-encoded, non-negative): 7 bits per byte. */
function varBytes(zigzag: number): number {
  let size = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    size++;
  }
  return size;
}

/** ByteUtils.sizeOfVarint: zigzag-encoded int32 (1 to 5 bytes). */
export function sizeOfVarint(value: number): number {
  const v = value | 0;
  return varBytes(((v << 1) ^ (v >> 31)) >>> 0);
}

/**
 * ByteUtils.sizeOfVarlong: zigzag-encoded int64 (1 to 10 bytes). Exact for every safe integer
 * (|value| < 2^53); timestamp deltas in the simulation stay far below that.
 */
export function sizeOfVarlong(value: number): number {
  return varBytes(value >= 0 ? value * 2 : -value * 2 - 1);
}

/** A nullable length-prefixed field: -1 (one byte) for null, else varint length + bytes. */
function sizeOfBytes(size: number | null): number {
  return size === null ? 1 : sizeOfVarint(size) + size;
}

/** DefaultRecord.sizeOf: key, value and headers. */
function sizeOfKeyValueHeaders(
  keyBytes: number | null,
  valueBytes: number | null,
  headers: readonly RecordHeaderSize[],
): number {
  let size = sizeOfBytes(keyBytes) + sizeOfBytes(valueBytes) + sizeOfVarint(headers.length);
  for (const h of headers)
    size += sizeOfVarint(h.keyBytes) + h.keyBytes + sizeOfBytes(h.valueBytes);
  return size;
}

/**
 * DefaultRecord.sizeInBytes: the exact size of one record, length prefix included. `keyBytes`
 * and `valueBytes` are byte counts, null for a null key or value.
 */
export function recordSizeInBytes(
  offsetDelta: number,
  timestampDelta: number,
  keyBytes: number | null,
  valueBytes: number | null,
  headers: readonly RecordHeaderSize[] = NO_HEADERS,
): number {
  const body =
    1 + // attributes
    sizeOfVarint(offsetDelta) +
    sizeOfVarlong(timestampDelta) +
    sizeOfKeyValueHeaders(keyBytes, valueBytes, headers);
  return body + sizeOfVarint(body);
}

/** DefaultRecord.recordSizeUpperBound: a record's size with the widest possible deltas. */
export function estimateRecordSize(
  keyBytes: number | null,
  valueBytes: number | null,
  headers: readonly RecordHeaderSize[] = NO_HEADERS,
): number {
  return MAX_RECORD_OVERHEAD + sizeOfKeyValueHeaders(keyBytes, valueBytes, headers);
}

/**
 * AbstractRecords.estimateSizeInBytesUpperBound for magic v2 without compression
 * (DefaultRecordBatch.estimateBatchSizeUpperBound): a batch holding just this record.
 */
export function estimateBatchSizeUpperBound(
  keyBytes: number | null,
  valueBytes: number | null,
  headers: readonly RecordHeaderSize[] = NO_HEADERS,
): number {
  return RECORD_BATCH_OVERHEAD + estimateRecordSize(keyBytes, valueBytes, headers);
}
