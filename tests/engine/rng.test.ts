import { describe, expect, it } from 'vitest';
import type { RngState } from '../../src/engine/model.ts';
import { nextFloat, nextInt, nextUint32, seedRng } from '../../src/engine/rng.ts';

const draw = (rng: RngState, n: number) => Array.from({ length: n }, () => nextUint32(rng));

describe('seeded PRNG (xoshiro128**)', () => {
  it('matches the xoshiro128** 1.1 reference output from state {1, 2, 3, 4}', () => {
    // Values of Blackman and Vigna's xoshiro128starstar.c, as rand_xoshiro's tests pin them.
    const rng: RngState = { s: [1, 2, 3, 4] };
    expect(draw(rng, 10)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597,
      4258142804,
    ]);
  });

  it('the same seed gives the same sequence; a different seed a different one', () => {
    expect(draw(seedRng(42), 20)).toEqual(draw(seedRng(42), 20));
    expect(draw(seedRng(42), 20)).not.toEqual(draw(seedRng(43), 20));
  });

  it('seeds that differ only above 32 bits give different sequences', () => {
    expect(draw(seedRng(1), 4)).not.toEqual(draw(seedRng(1 + 2 ** 32), 4));
  });

  it('the state is never all zero, whatever the seed', () => {
    for (const seed of [0, -1, 1, 2 ** 32, 2 ** 53 - 1, Number.NaN, 0.5]) {
      const { s } = seedRng(seed);
      expect(s.some((w) => w !== 0)).toBe(true);
      for (const w of s) expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32).toBe(true);
    }
  });

  it('the state is plain JSON and a JSON round trip continues the same sequence', () => {
    const a = seedRng(2024);
    draw(a, 7);
    const b = JSON.parse(JSON.stringify(a)) as RngState;
    expect(b).toEqual(a);
    expect(draw(b, 50)).toEqual(draw(a, 50));
  });

  it('nextUint32 mutates the state in place (the simulation state owns it)', () => {
    const rng = seedRng(5);
    const before = [...rng.s];
    nextUint32(rng);
    expect(rng.s).not.toEqual(before);
  });

  it('nextInt stays in [0, bound) and is roughly uniform (no modulo bias)', () => {
    const rng = seedRng(7);
    const bound = 6;
    const counts = new Array<number>(bound).fill(0);
    const n = 60000;
    for (let i = 0; i < n; i++) counts[nextInt(rng, bound)]! += 1;
    // Every draw landed in a bucket 0..bound-1 (an out-of-range value would add a new key).
    expect(counts.length).toBe(bound);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
    // Each bucket expects 10000; 5 standard deviations is about 460.
    for (const c of counts) expect(Math.abs(c - n / bound)).toBeLessThan(460);
  });

  it('nextInt rejects the incomplete last block: a bound just above 2^31 is still uniform', () => {
    // With plain modulo, values below 2^32 - bound would be twice as likely as the rest.
    const rng = seedRng(11);
    const bound = 2 ** 31 + 2 ** 30; // 3/4 of 2^32
    let low = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) if (nextInt(rng, bound) < bound / 2) low++;
    expect(Math.abs(low / n - 0.5)).toBeLessThan(0.02);
  });

  it('nextInt(1) is always 0, and an invalid bound is a programming error', () => {
    const rng = seedRng(3);
    for (let i = 0; i < 10; i++) expect(nextInt(rng, 1)).toBe(0);
    expect(() => nextInt(rng, 0)).toThrow(RangeError);
    expect(() => nextInt(rng, 2.5)).toThrow(RangeError);
  });

  it('nextFloat stays in [0, 1) with a mean near 1/2', () => {
    const rng = seedRng(9);
    let sum = 0;
    const n = 20000;
    let inRange = true;
    for (let i = 0; i < n; i++) {
      const f = nextFloat(rng);
      inRange &&= f >= 0 && f < 1;
      sum += f;
    }
    expect(inRange).toBe(true);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
  });
});
