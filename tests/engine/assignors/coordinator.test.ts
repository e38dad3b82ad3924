/**
 * coordinatorPartition: `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions`
 * (GroupCoordinatorService.partitionFor). /work/shared/kafka has no group-coordinator.json
 * vectors, so the expected values are checked two ways: well-known Java String.hashCode values
 * (documented in the JDK and widely quoted), and a straight BigInt transcription of the
 * hashCode formula, independent of the Math.imul implementation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { javaStringHash } from '../../../src/engine/assignors/javaHash.ts';
import { coordinatorPartition } from '../../../src/engine/coordinator.ts';

/** s[0]·31^(n-1) + … + s[n-1] over UTF-16 code units, reduced to a signed 32-bit int. */
function referenceHash(s: string): number {
  let h = 0n;
  for (let i = 0; i < s.length; i++) h = h * 31n + BigInt(s.charCodeAt(i));
  return Number(BigInt.asIntN(32, h));
}

describe('String.hashCode', () => {
  it.each([
    ['', 0],
    ['a', 97],
    ['abc', 96354],
    ['hello', 99162322],
    ['Aa', 2112], // the classic collision pair
    ['BB', 2112],
    ['polygenelubricants', -2147483648], // hashes to Integer.MIN_VALUE
    ['\u{1F600}', 1772899], // a surrogate pair: two UTF-16 code units
  ])('%j.hashCode() = %i', (s, expected) => {
    expect(javaStringHash(s)).toBe(expected);
    expect(referenceHash(s)).toBe(expected);
  });

  it('matches the formula for any string (overflow wraps at 32 bits)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => javaStringHash(s) === referenceHash(s)),
    );
  });
});

describe('coordinatorPartition (GroupCoordinatorService.partitionFor)', () => {
  it.each([
    ['', 50, 0],
    ['abc', 50, 4],
    ['hello', 50, 22],
    ['Aa', 50, 12],
    ['BB', 50, 12], // colliding group ids share a coordinator
    ['hello', 1, 0],
    ['hello', 7, 99162322 % 7],
  ])('coordinatorPartition(%j, %i) = %i', (groupId, n, expected) => {
    expect(coordinatorPartition(groupId, n)).toBe(expected);
  });

  it('Utils.abs(Integer.MIN_VALUE) is 0, so such a group lands on partition 0', () => {
    expect(coordinatorPartition('polygenelubricants', 50)).toBe(0);
    expect(coordinatorPartition('polygenelubricants', 7)).toBe(0);
  });

  it('a negative hash uses its absolute value', () => {
    // "billing" has a negative hashCode; Utils.abs makes it positive first.
    const h = referenceHash('billing');
    expect(h).toBeLessThan(0);
    expect(coordinatorPartition('billing', 50)).toBe(-h % 50);
  });

  it('is always a partition of __consumer_offsets', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 200 }), (groupId, n) => {
        const p = coordinatorPartition(groupId, n);
        const h = referenceHash(groupId);
        return p === (h === -2147483648 ? 0 : Math.abs(h)) % n && p >= 0 && p < n;
      }),
    );
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => coordinatorPartition('g', 0)).toThrow(RangeError);
    expect(() => coordinatorPartition('g', 2.5)).toThrow(RangeError);
  });
});
