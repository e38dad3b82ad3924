import { describe, expect, it } from 'vitest';
import {
  estimateBatchSizeUpperBound,
  estimateRecordSize,
  MAX_RECORD_OVERHEAD,
  RECORD_BATCH_OVERHEAD,
  recordSizeInBytes,
  type RecordHeaderSize,
  sizeOfVarint,
  sizeOfVarlong,
} from '../../src/engine/recordSize.ts';
import { utf8Length } from '../../src/engine/utf8.ts';

describe('ByteUtils.sizeOfVarint / sizeOfVarlong', () => {
  // ByteUtilsTest.testVarintSerde: the size is the length of each expected encoding.
  it.each([
    [0, 1],
    [-1, 1],
    [1, 1],
    [63, 1],
    [-64, 1],
    [64, 2],
    [-65, 2],
    [8191, 2],
    [-8192, 2],
    [8192, 3],
    [-8193, 3],
    [1048575, 3],
    [-1048576, 3],
    [1048576, 4],
    [-1048577, 4],
    [134217727, 4],
    [-134217728, 4],
    [134217728, 5],
    [-134217729, 5],
    [2147483647, 5],
    [-2147483648, 5],
  ])('ByteUtilsTest.testVarintSerde: sizeOfVarint(%i) = %i', (value, size) => {
    expect(sizeOfVarint(value)).toBe(size);
  });

  // ByteUtilsTest.testVarlongSerde, every case within JavaScript's safe integers.
  it.each([
    [0, 1],
    [-1, 1],
    [63, 1],
    [-64, 1],
    [64, 2],
    [-65, 2],
    [8191, 2],
    [-8192, 2],
    [8192, 3],
    [-8193, 3],
    [1048575, 3],
    [-1048576, 3],
    [1048576, 4],
    [-1048577, 4],
    [134217727, 4],
    [-134217728, 4],
    [134217728, 5],
    [-134217729, 5],
    [2147483647, 5],
    [-2147483648, 5],
    [17179869183, 5],
    [-17179869184, 5],
    [17179869184, 6],
    [-17179869185, 6],
    [2199023255551, 6],
    [-2199023255552, 6],
    [2199023255552, 7],
    [-2199023255553, 7],
    [281474976710655, 7],
    [-281474976710656, 7],
    [281474976710656, 8],
    [-281474976710657, 8],
  ])('ByteUtilsTest.testVarlongSerde: sizeOfVarlong(%i) = %i', (value, size) => {
    expect(sizeOfVarlong(value)).toBe(size);
  });
});

/**
 * A byte-for-byte writer of DefaultRecord.writeTo's layout, used the way DefaultRecordTest
 * uses the real one: the bytes written must be as many as sizeInBytes says.
 */
function zigzagVarint(v: number, wide: boolean): number[] {
  // varlong: zigzag on the (safe-integer) value; varint: int32 zigzag, as ByteUtils writes them.
  let z = wide ? (v >= 0 ? v * 2 : -v * 2 - 1) : ((v << 1) ^ (v >> 31)) >>> 0;
  const out: number[] = [];
  while (z >= 128) {
    out.push((z % 128) | 0x80);
    z = Math.floor(z / 128);
  }
  out.push(z);
  return out;
}

function writeRecord(
  offsetDelta: number,
  timestampDelta: number,
  key: string | null,
  value: string | null,
  headers: [string, string | null][],
): number[] {
  const field = (s: string | null) =>
    s === null
      ? zigzagVarint(-1, false)
      : [...zigzagVarint(utf8Length(s), false), ...new Array<number>(utf8Length(s)).fill(0)];
  const body = [
    0, // attributes
    ...zigzagVarint(timestampDelta, true),
    ...zigzagVarint(offsetDelta, false),
    ...field(key),
    ...field(value),
    ...zigzagVarint(headers.length, false),
    ...headers.flatMap(([k, v]) => [...field(k), ...field(v)]),
  ];
  return [...zigzagVarint(body.length, false), ...body];
}

const sizes = (headers: [string, string | null][]): RecordHeaderSize[] =>
  headers.map(([k, v]) => ({
    keyBytes: utf8Length(k),
    valueBytes: v === null ? null : utf8Length(v),
  }));

describe('DefaultRecord.sizeInBytes', () => {
  // DefaultRecordTest.testBasicSerde: its five records, offsetDelta 10, timestampDelta 323.
  const headers: [string, string | null][] = [
    ['foo', 'value'],
    ['bar', null],
    ['"A\\u00ea\\u00f1\\u00fcC"', 'value'],
  ];
  it.each([
    ['hi', 'there', []],
    [null, 'there', []],
    ['hi', null, []],
    [null, null, []],
    ['hi', 'there', headers],
  ] as [string | null, string | null, [string, string | null][]][])(
    'DefaultRecordTest.testBasicSerde: key %j value %j is as long as its encoding',
    (key, value, hs) => {
      const size = recordSizeInBytes(
        10,
        323,
        key === null ? null : utf8Length(key),
        value === null ? null : utf8Length(value),
        sizes(hs),
      );
      expect(size).toBe(writeRecord(10, 323, key, value, hs).length);
    },
  );

  it('DefaultRecord.sizeInBytes: "hi"/"there" at offsetDelta 10, timestampDelta 323 is 15 bytes', () => {
    // length 1 + attributes 1 + timestamp 2 (zigzag 646) + offset 1 + key 1+2 + value 1+5 + headers 1
    expect(recordSizeInBytes(10, 323, 2, 5)).toBe(15);
  });

  it('DefaultRecord.sizeInBytes: a null key or value costs one byte (varint -1)', () => {
    expect(recordSizeInBytes(0, 0, null, null)).toBe(7);
    expect(recordSizeInBytes(0, 0, 0, 0)).toBe(7);
    expect(recordSizeInBytes(0, 0, 3, null)).toBe(10);
  });

  it('DefaultRecord.sizeInBytes grows with the deltas: later records in a batch can be larger', () => {
    expect(recordSizeInBytes(0, 0, 4, 100)).toBe(recordSizeInBytes(63, 63, 4, 100));
    expect(recordSizeInBytes(64, 0, 4, 100)).toBe(recordSizeInBytes(0, 0, 4, 100) + 1);
    expect(recordSizeInBytes(0, 64, 4, 100)).toBe(recordSizeInBytes(0, 0, 4, 100) + 1);
  });

  it('DefaultRecord.sizeInBytes: the length prefix itself grows past 63 body bytes', () => {
    // body 63 -> 1-byte prefix; body 64 -> 2-byte prefix
    expect(recordSizeInBytes(0, 0, null, 57)).toBe(64);
    expect(recordSizeInBytes(0, 0, null, 58)).toBe(66);
  });
});

describe('DefaultRecord.recordSizeUpperBound / AbstractRecords.estimateSizeInBytesUpperBound', () => {
  it('DefaultRecordBatch.RECORD_BATCH_OVERHEAD is 61 and MAX_RECORD_OVERHEAD is 21', () => {
    expect(RECORD_BATCH_OVERHEAD).toBe(61);
    expect(MAX_RECORD_OVERHEAD).toBe(21);
  });

  it('DefaultRecord.recordSizeUpperBound is MAX_RECORD_OVERHEAD plus key, value and headers', () => {
    expect(estimateRecordSize(2, 5)).toBe(21 + 3 + 6 + 1);
    expect(estimateRecordSize(null, null)).toBe(21 + 1 + 1 + 1);
    expect(estimateRecordSize(2, 5, [{ keyBytes: 3, valueBytes: null }])).toBe(
      21 + 3 + 6 + 1 + 4 + 1,
    );
  });

  it('DefaultRecord.recordSizeUpperBound is never below the exact size, whatever the deltas', () => {
    for (const [o, t] of [
      [0, 0],
      [2 ** 31 - 1, 0],
      [0, 2 ** 52],
      [2 ** 31 - 1, -(2 ** 52)],
    ] as const) {
      expect(estimateRecordSize(10, 1000)).toBeGreaterThanOrEqual(
        recordSizeInBytes(o, t, 10, 1000),
      );
    }
  });

  it('DefaultRecordBatch.estimateBatchSizeUpperBound adds the 61-byte batch header', () => {
    expect(estimateBatchSizeUpperBound(2, 5)).toBe(61 + estimateRecordSize(2, 5));
  });
});
