/**
 * JavaHashMap iterates like java.util.HashMap (OpenJDK 8+): bucket = (h ^ (h >>> 16)) & (n - 1),
 * n starting at 16 and doubling past 0.75·n entries, each bucket in insertion order. The
 * assignors' output order depends on it, so the rules are pinned here with keys whose hashes
 * are easy to check by hand ("a" = 97, "p" = 112, "Aa" = "BB" = 2112).
 */
import { describe, expect, it } from 'vitest';
import {
  copyJavaHashSet,
  JavaHashSet,
  javaHashOrder,
  javaStringHash,
} from '../../../src/engine/assignors/javaHash.ts';

describe('JavaHashMap iteration order', () => {
  it('iterates by bucket, not by insertion: "p" (112 → bucket 0) before "a" (97 → bucket 1)', () => {
    expect(javaHashOrder(['a', 'p'])).toEqual(['p', 'a']);
  });

  it('keeps insertion order inside a bucket ("Aa" and "BB" collide)', () => {
    expect(javaHashOrder(['BB', 'Aa'])).toEqual(['BB', 'Aa']);
    expect(javaHashOrder(['Aa', 'BB'])).toEqual(['Aa', 'BB']);
  });

  it('a repeated key keeps its first place', () => {
    expect(javaHashOrder(['b', 'a', 'b'])).toEqual(['a', 'b']);
  });

  it('grows from 16 to 32 buckets on the 13th key, re-sorting by the new bucket', () => {
    // "a".."l" are 97..108: buckets 1..12 of 16. "q" (113) is bucket 1 of 16 but 17 of 32.
    const twelve = 'abcdefghijkl'.split('');
    expect(javaHashOrder([...twelve, 'q'])).toEqual([...twelve, 'q']);
    // With 12 keys the table still has 16 buckets: "q" shares bucket 1 with "a".
    expect(javaHashOrder([...twelve.slice(0, 11), 'q'])).toEqual([
      'a',
      'q',
      ...twelve.slice(1, 11),
    ]);
  });

  it('a removed key frees its place; a re-added key goes to the end of its bucket', () => {
    const set = new JavaHashSet<string>(javaStringHash, (k) => k);
    for (const k of ['Aa', 'BB', 'c']) set.add(k);
    set.delete('Aa');
    set.add('Aa');
    expect([...set.keys()]).toEqual(['BB', 'Aa', 'c']);
    expect(set.firstKey()).toBe('BB');
  });

  it('new HashSet<>(collection) sizes its table for the collection (max(n / 0.75 + 1, 16))', () => {
    const set = new JavaHashSet<string>(javaStringHash, (k) => k, 4); // new HashMap<>(4)
    for (const k of ['a', 'e']) set.add(k); // 97 and 101: both bucket 1 of 4
    expect([...set.keys()]).toEqual(['a', 'e']);
    const copy = copyJavaHashSet(set, javaStringHash, (k) => k); // 16 buckets: 1 and 5
    expect([...copy.keys()]).toEqual(['a', 'e']);
    // new HashMap<>(2): 2 buckets and a threshold of 1, so the 2nd key doubles the table.
    const small = new JavaHashSet<string>(javaStringHash, (k) => k, 2);
    small.add('b'); // 98 → bucket 0 of 2
    small.add('c'); // 99 → then 4 buckets: "b" in 2, "c" in 3
    small.add('a'); // 97 → bucket 1 of 4
    expect([...small.keys()]).toEqual(['a', 'b', 'c']);
  });
});
