/**
 * A small log-bucketed latency histogram kept in plain JSON, so percentiles survive
 * snapshot and restore. Buckets: [0,1), [1,1.1), then each 10% wider, up to an hour; the
 * error of a percentile is at most one bucket width.
 *
 * Bucket bounds come from repeated multiplication, not Math.log or `**`: IEEE multiplication
 * rounds the same on every JavaScript engine, transcendental functions need not, and the
 * histogram is part of the state that must be identical on every machine.
 */
import type { Histogram } from './model.ts';

const GROWTH = 1.1;
const MAX_MS = 3_600_000;

/** BOUNDS[i] is the lower bound of bucket i. */
const BOUNDS: readonly number[] = (() => {
  const bounds = [0, 1];
  while (bounds[bounds.length - 1]! < MAX_MS) bounds.push(bounds[bounds.length - 1]! * GROWTH);
  return bounds;
})();

export function createHistogram(): Histogram {
  return { counts: [], total: 0, maxMs: 0 };
}

/** Index of the bucket that holds `valueMs`: the last bound at or below it. */
export function bucketOf(valueMs: number): number {
  let lo = 0;
  let hi = BOUNDS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (BOUNDS[mid]! <= valueMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Lower bound of bucket `i` in milliseconds. */
export function bucketLowMs(i: number): number {
  return BOUNDS[Math.min(i, BOUNDS.length - 1)]!;
}

export function recordValue(h: Histogram, valueMs: number, count = 1): void {
  const i = bucketOf(valueMs);
  while (h.counts.length <= i) h.counts.push(0);
  h.counts[i] = (h.counts[i] ?? 0) + count;
  h.total += count;
  if (valueMs > h.maxMs) h.maxMs = valueMs;
}

/** The value at percentile `p` (0-100): the lower bound of the bucket it falls in, capped by max. */
export function percentile(h: Histogram, p: number): number | null {
  if (h.total === 0) return null;
  const rank = Math.ceil((p / 100) * h.total);
  let seen = 0;
  for (let i = 0; i < h.counts.length; i++) {
    seen += h.counts[i] ?? 0;
    if (seen >= rank) return Math.min(Math.round(bucketLowMs(i) * 10) / 10, h.maxMs);
  }
  return h.maxMs;
}
