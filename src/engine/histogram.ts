/**
 * A small log-bucketed latency histogram kept in plain JSON, so percentiles survive
 * snapshot and restore. Buckets: [0,1), [1,2), then ~10% wide up to an hour; the error of a
 * percentile is at most one bucket width.
 */
import type { Histogram } from './model.ts';

const GROWTH = 1.1;
const BUCKETS = 2 + Math.ceil(Math.log(3_600_000) / Math.log(GROWTH));

export function createHistogram(): Histogram {
  return { counts: [], total: 0, maxMs: 0 };
}

/** Index of the bucket that holds `valueMs`. */
export function bucketOf(valueMs: number): number {
  if (valueMs < 1) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(valueMs) / Math.log(GROWTH)));
}

/** Lower bound of bucket `i` in milliseconds. */
export function bucketLowMs(i: number): number {
  return i === 0 ? 0 : GROWTH ** (i - 1);
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
