/**
 * The read times of a page-cache read-back range (readBackRuns.ts): the kernel evicts the least
 * recently used pages first, so each part of the range keeps when it was last read.
 */
import { describe, expect, it } from 'vitest';
import { clipRuns, runsProblem, stampRuns } from '../../src/engine/readBackRuns.ts';

describe('read-back read times', () => {
  it('stamping a part splits the runs around it, and equal neighbours merge', () => {
    // [0, 100) read at 5 ms.
    expect(stampRuns([0, 5], 100, 40, 60, 9)).toEqual([0, 5, 40, 9, 60, 5]);
    expect(stampRuns([0, 5], 100, 0, 100, 9)).toEqual([0, 9]);
    expect(stampRuns([0, 5, 50, 7], 100, 50, 100, 5)).toEqual([0, 5]);
    // A scan extending the range: the new end is marked, the old start keeps its time.
    expect(stampRuns([0, 5], 120, 100, 120, 9)).toEqual([0, 5, 100, 9]);
  });

  it('clipping drops what was evicted or deleted and starts at the new start', () => {
    expect(clipRuns([0, 5, 40, 9, 60, 5], 50, 100)).toEqual([50, 9, 60, 5]);
    expect(clipRuns([0, 5, 40, 9, 60, 5], 0, 45)).toEqual([0, 5, 40, 9]);
    expect(clipRuns([0, 5, 40, 9], 40, 100)).toEqual([40, 9]);
  });

  it('the runs must start at the range and stay in offset order inside it', () => {
    expect(runsProblem([0, 5, 40, 9], 0, 100)).toBeNull();
    expect(runsProblem([10, 5], 0, 100)).toMatch(/do not start at 0/);
    expect(runsProblem([0, 5, 100, 9], 0, 100)).toMatch(/offset order/);
  });
});
