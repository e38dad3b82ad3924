/**
 * The simulation's only source of randomness: xoshiro128** 1.1 (Blackman and Vigna) on four
 * unsigned 32-bit words. Its whole state is `RngState` inside the simulation state, so a
 * snapshot (even a JSON round trip) continues exactly the same sequence; nothing here keeps
 * state of its own.
 */
import type { RngState } from './model.ts';

const TWO_POW_32 = 4294967296;

/** splitmix32 (Hash Prospector constants): spreads one seed over the four state words. */
function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * A fresh generator for `seed`. Any finite number works: the low and high 32 bits both count
 * (so seeds up to 2^53 differ), a fraction is dropped. The state is never all zero, the one
 * state xoshiro cannot leave.
 */
export function seedRng(seed: number): RngState {
  const whole = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  const low = whole >>> 0;
  const high = Math.floor(whole / TWO_POW_32) >>> 0;
  const mix = { x: low ^ Math.imul(high, 0x85ebca6b) };
  const s: RngState['s'] = [splitmix32(mix), splitmix32(mix), splitmix32(mix), splitmix32(mix)];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return { s };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The next unsigned 32-bit value; advances `rng.s` in place. */
export function nextUint32(rng: RngState): number {
  const s = rng.s;
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  // Keep the words unsigned so the state reads the same in JSON as in the reference code.
  s[0] >>>= 0;
  s[1] >>>= 0;
  s[2] >>>= 0;
  s[3] >>>= 0;
  return result;
}

/**
 * The rejection limit of the last bound asked for: a pure function of the bound, remembered
 * because the network draws jitter with the same bound for every message (a float modulo each).
 */
let lastBound = 0;
let lastLimit = 0;

/**
 * A uniform integer in [0, bound), 1 <= bound <= 2^32, without modulo bias: draws that fall in
 * the incomplete last block of 2^32 are rejected and redrawn.
 */
export function nextInt(rng: RngState, bound: number): number {
  if (bound !== lastBound) {
    if (!Number.isInteger(bound) || bound < 1 || bound > TWO_POW_32) {
      throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${bound}`);
    }
    lastLimit = TWO_POW_32 - (TWO_POW_32 % bound);
    lastBound = bound;
  }
  const limit = lastLimit;
  for (;;) {
    const r = nextUint32(rng);
    if (r < limit) return r % bound;
  }
}

/** A uniform float in [0, 1) with 32 random bits. */
export function nextFloat(rng: RngState): number {
  return nextUint32(rng) / TWO_POW_32;
}
