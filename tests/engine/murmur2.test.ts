import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, toPositive } from '../../src/engine/murmur2.ts';
import { utf8Encode, utf8Length } from '../../src/engine/utf8.ts';

const bytes = (s: string) => utf8Encode(s);

describe('Utils.murmur2', () => {
  // Every case of Kafka's UtilsTest.testMurmur2 (clients/src/test/.../utils/UtilsTest.java).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('UtilsTest.testMurmur2: murmur2(%j) = %i', (input, expected) => {
    expect(murmur2(bytes(input))).toBe(expected);
  });

  it('UtilsTest.testMurmur2: the byte array {a, b, c} hashes like the string "abc"', () => {
    expect(murmur2(new Uint8Array([0x61, 0x62, 0x63]))).toBe(479470107);
  });

  // librdkafka's unittest_murmurhashneutral2 (src/rdmurmur2.c) checks its murmur2 partitioner
  // against these Java client results, sign bit cleared.
  it.each([
    ['kafka', 1348980580],
    ['amqp', 767747138],
    ['giberish123456789', 257239820],
  ])(
    'toPositive(murmur2(%j)) = %i, as librdkafka checks against the Java client',
    (input, expected) => {
      expect(toPositive(murmur2(bytes(input)))).toBe(expected);
    },
  );

  it('Utils.murmur2 returns a signed int32 for every tail length (0 to 3 extra bytes)', () => {
    for (let len = 0; len < 12; len++) {
      const h = murmur2(new Uint8Array(len).fill(0xff));
      expect(Number.isInteger(h) && h >= -2147483648 && h <= 2147483647).toBe(true);
    }
  });
});

describe('Utils.toPositive', () => {
  it('Utils.toPositive clears the sign bit instead of negating (MIN_VALUE maps to 0)', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(-790332482)).toBe(1357151166);
    expect(toPositive(42)).toBe(42);
  });
});

describe('BuiltInPartitioner.partitionForKey', () => {
  it('BuiltInPartitioner.partitionForKey is toPositive(murmur2(keyBytes)) % numPartitions', () => {
    // From UtilsTest's vectors: toPositive(-790332482) = 1357151166, toPositive(-973932308) = 1173551340.
    expect(partitionForKey('foobar', 10)).toBe(1357151166 % 10);
    expect(partitionForKey('21', 12)).toBe(1173551340 % 12);
    expect(partitionForKey('abc', 7)).toBe(479470107 % 7);
  });

  it('BuiltInPartitioner.partitionForKey: keys a..e on 10 partitions land on 4, 6, 4, 3, 4', () => {
    // The same mapping a public Spock spec asserts against the Java BuiltInPartitioner.
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => partitionForKey(k, 10))).toEqual([4, 6, 4, 3, 4]);
  });

  it('StringSerializer: a string key is hashed as its UTF-8 bytes', () => {
    for (const key of ['user-42', '한국어', 'emoji 😀']) {
      expect(partitionForKey(key, 6)).toBe(partitionForKey(bytes(key), 6));
    }
  });

  it('KafkaProducer.partition: an empty key is a key (hashes to a partition), unlike null', () => {
    // murmur2 of zero bytes is 275646681 (0x106e08d9), librdkafka's empty-key vector.
    expect(murmur2(new Uint8Array(0))).toBe(275646681);
    expect(partitionForKey('', 5)).toBe(275646681 % 5);
  });

  it('BuiltInPartitioner.partitionForKey: a single partition takes every key', () => {
    for (const key of ['x', 'y', '']) expect(partitionForKey(key, 1)).toBe(0);
  });
});

describe('StringSerializer UTF-8 (String.getBytes(UTF_8))', () => {
  it('UtilsTest.utf8ByteArraySerde: "A\\u00ea\\u00f1\\u00fcC" is 8 bytes', () => {
    const s = 'A\u00ea\u00f1\u00fcC';
    expect(utf8Length(s)).toBe(8);
    expect([...utf8Encode(s)]).toEqual([0x41, 0xc3, 0xaa, 0xc3, 0xb1, 0xc3, 0xbc, 0x43]);
  });

  it('a surrogate pair is one code point of four bytes', () => {
    expect([...utf8Encode('😀')]).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    expect(utf8Length('😀')).toBe(4);
  });

  it('Hangul takes three bytes per syllable', () => {
    expect([...utf8Encode('한')]).toEqual([0xed, 0x95, 0x9c]);
    expect(utf8Length('한국어')).toBe(9);
  });

  it("a lone surrogate becomes '?' (one byte), as Java's encoder replaces malformed input", () => {
    expect([...utf8Encode('a\ud83db')]).toEqual([0x61, 0x3f, 0x62]);
    expect([...utf8Encode('\ude00')]).toEqual([0x3f]);
    expect(utf8Length('a\ud83db')).toBe(3);
  });

  it('utf8Length agrees with utf8Encode on mixed text', () => {
    const s = 'key-1 é ß 中文 😀 \ud800 end';
    expect(utf8Length(s)).toBe(utf8Encode(s).length);
  });
});
