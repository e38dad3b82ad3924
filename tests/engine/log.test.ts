/**
 * The partition log (src/engine/log.ts) against Kafka's LogSegment, LocalLog and UnifiedLog
 * rules: segment rolling, retention, fetch reads, record lookup and truncation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendBatch,
  bytesAvailable,
  createLog,
  deleteRetainedSegments,
  findRecord,
  logProblems,
  readRange,
  truncateTo,
} from '../../src/engine/log.ts';
import type { LogState, RecordBatch } from '../../src/engine/model.ts';

let batchCounter = 0;

/** A batch of `records` records starting at `baseOffset`, all stamped `timestampMs`. */
function batch(
  baseOffset: number,
  records: number,
  sizeBytes: number,
  timestampMs = 0,
): RecordBatch {
  batchCounter += 1;
  return {
    id: `batch-${batchCounter}`,
    baseOffset,
    recordCount: records,
    sizeBytes,
    producerId: 1,
    baseSequence: baseOffset,
    partitionLeaderEpoch: 0,
    keys: null,
    values: null,
    producer: 'p',
    valueBytes: 10,
    timestampRuns: [timestampMs, records],
    maxTimestampMs: timestampMs,
  };
}

const noRoll = { segmentBytes: 1_000_000_000, segmentMs: 1_000_000_000 };
const keepAll = { retentionMs: -1, retentionBytes: -1 };

/** Appends batches of the given record counts and sizes at the log end; returns the roll reasons. */
function append(
  log: LogState,
  specs: { records?: number; bytes: number; ts?: number }[],
  settings = noRoll,
): (string | null)[] {
  return specs.map(
    (s) =>
      appendBatch(log, batch(log.logEndOffset, s.records ?? 1, s.bytes, s.ts ?? 0), settings)
        .rolled,
  );
}

/** A log whose segments hold the given batches (records, bytes, timestamp), one array per segment. */
function logOf(segments: { records?: number; bytes: number; ts?: number }[][]): LogState {
  const log = createLog();
  segments.forEach((specs, i) => {
    if (i > 0) log.segments.push({ ...emptyAt(log.logEndOffset) });
    append(log, specs);
  });
  expect(logProblems(log)).toEqual([]);
  return log;
}

function emptyAt(offset: number) {
  return createLog(offset).segments[0]!;
}

const bases = (log: LogState) => log.segments.map((s) => s.baseOffset);

describe('createLog and appendBatch', () => {
  it('a new log is one empty active segment at the start offset', () => {
    const log = createLog(42);
    expect(log).toMatchObject({ logStartOffset: 42, logEndOffset: 42, sizeBytes: 0 });
    expect(bases(log)).toEqual([42]);
    expect(logProblems(log)).toEqual([]);
  });

  it('an append moves the log end offset and adds up sizes and timestamps', () => {
    const log = createLog();
    append(log, [
      { records: 3, bytes: 100, ts: 50 },
      { records: 2, bytes: 80, ts: 40 },
    ]);
    const seg = log.segments[0]!;
    expect(log).toMatchObject({ logEndOffset: 5, sizeBytes: 180 });
    expect(seg).toMatchObject({
      nextOffset: 5,
      sizeBytes: 180,
      rollStartMs: 50,
      largestTimestampMs: 50,
    });
    expect(logProblems(log)).toEqual([]);
  });

  it('a batch must start at the log end offset (offsets are assigned by the caller)', () => {
    const log = createLog();
    append(log, [{ records: 3, bytes: 100 }]);
    expect(() => appendBatch(log, batch(2, 1, 10), noRoll)).toThrow(/log end offset is 3/);
  });
});

describe('segment rolling (LogSegment.shouldRoll, UnifiedLog.maybeRoll)', () => {
  const bytes = { segmentBytes: 1000, segmentMs: 1_000_000 };

  it('segment.bytes: a batch that would overflow the active segment rolls a new one (LogSegment.shouldRoll)', () => {
    const log = createLog();
    expect(append(log, [{ bytes: 400 }, { bytes: 400 }, { bytes: 400 }], bytes)).toEqual([
      null,
      null,
      'segment.bytes',
    ]);
    expect(bases(log)).toEqual([0, 2]);
    expect(log.segments[1]).toMatchObject({ sizeBytes: 400, nextOffset: 3 });
    expect(logProblems(log)).toEqual([]);
  });

  it('segment.bytes: a batch that exactly fills the segment stays in it (size > segment.bytes - batch size)', () => {
    const log = createLog();
    expect(append(log, [{ bytes: 600 }, { bytes: 400 }], bytes)).toEqual([null, null]);
    expect(bases(log)).toEqual([0]);
  });

  it('an empty active segment never rolls, even for a batch larger than segment.bytes', () => {
    const log = createLog();
    expect(append(log, [{ bytes: 5000 }], bytes)).toEqual([null]);
    expect(bases(log)).toEqual([0]);
  });

  it('segment.ms: rolls when the new batch is more than segment.ms newer than the first batch (timeWaitedForRoll)', () => {
    const log = createLog();
    const ms = { segmentBytes: 1_000_000, segmentMs: 1000 };
    // The first batch's max timestamp (100) starts the clock; 1100 - 100 is not > 1000.
    expect(
      append(
        log,
        [
          { bytes: 10, ts: 100 },
          { bytes: 10, ts: 1100 },
        ],
        ms,
      ),
    ).toEqual([null, null]);
    expect(append(log, [{ bytes: 10, ts: 1101 }], ms)).toEqual(['segment.ms']);
    expect(bases(log)).toEqual([0, 2]);
    expect(log.segments[1]!.rollStartMs).toBe(1101);
  });

  it('segment.ms counts record timestamps, not when the batch arrives: old timestamps never roll', () => {
    const log = createLog();
    const ms = { segmentBytes: 1_000_000, segmentMs: 1000 };
    expect(
      append(
        log,
        [
          { bytes: 10, ts: 5000 },
          { bytes: 10, ts: 10 },
        ],
        ms,
      ),
    ).toEqual([null, null]);
  });

  it('segment.bytes is reported when both limits are reached (checked first in shouldRoll)', () => {
    const log = createLog();
    const both = { segmentBytes: 100, segmentMs: 10 };
    expect(
      append(
        log,
        [
          { bytes: 60, ts: 0 },
          { bytes: 60, ts: 50 },
        ],
        both,
      ),
    ).toEqual([null, 'segment.bytes']);
  });
});

describe('retention (UnifiedLog.deleteOldSegments, semantics §9)', () => {
  it('retention.ms deletes whole closed segments whose newest record is older (UnifiedLog.deleteRetentionMsBreachedSegments)', () => {
    const log = logOf([
      [
        { records: 2, bytes: 100, ts: 100 },
        { records: 2, bytes: 100, ts: 500 },
      ],
      [{ records: 3, bytes: 100, ts: 900 }],
      [{ records: 1, bytes: 100, ts: 2000 }],
    ]);
    // now - largestTimestamp > retention.ms: 1600 - 500 > 1000 yes; 1600 - 900 no.
    const deleted = deleteRetainedSegments(log, log.logEndOffset, 1600, {
      retentionMs: 1000,
      retentionBytes: -1,
    });
    expect(deleted).toEqual([{ segments: 1, records: 4, reason: 'retention.ms' }]);
    expect(bases(log)).toEqual([4, 7]);
    expect(log.sizeBytes).toBe(200);
    expect(logProblems(log)).toEqual([]);
  });

  it('retention.ms keeps a segment whose newest record is exactly retention.ms old (strictly greater)', () => {
    const log = logOf([[{ bytes: 100, ts: 500 }], [{ bytes: 100, ts: 2000 }]]);
    const settings = { retentionMs: 1000, retentionBytes: -1 };
    expect(deleteRetainedSegments(log, log.logEndOffset, 1500, settings)).toEqual([]);
    expect(deleteRetainedSegments(log, log.logEndOffset, 1501, settings)).toHaveLength(1);
  });

  it('retention scans from the oldest segment and stops at the first that does not match', () => {
    // The middle segment is newer than the last: the scan stops there, the last one stays.
    const log = logOf([
      [{ bytes: 100, ts: 0 }],
      [{ bytes: 100, ts: 5000 }],
      [{ bytes: 100, ts: 0 }],
    ]);
    append(log, [{ bytes: 100, ts: 0 }]);
    const deleted = deleteRetainedSegments(log, log.logEndOffset, 3000, {
      retentionMs: 1000,
      retentionBytes: -1,
    });
    expect(deleted).toEqual([{ segments: 1, records: 1, reason: 'retention.ms' }]);
    expect(bases(log)).toEqual([1, 2]);
  });

  it('retention.bytes deletes the oldest whole segments only while the log stays at or above the limit (diff - segmentSize >= 0)', () => {
    const log = logOf([[{ bytes: 1000 }], [{ bytes: 1000 }], [{ bytes: 1000 }], [{ bytes: 500 }]]);
    // 3500 - 2000 = 1500: the first segment goes (500 left), the second (1000) would go below.
    const deleted = deleteRetainedSegments(log, log.logEndOffset, 0, {
      retentionMs: -1,
      retentionBytes: 2000,
    });
    expect(deleted).toEqual([{ segments: 1, records: 1, reason: 'retention.bytes' }]);
    expect(log.sizeBytes).toBe(2500);
    expect(bases(log)).toEqual([1, 2, 3]);
  });

  it('retention.bytes deletes nothing while the log is below the limit', () => {
    const log = logOf([[{ bytes: 1000 }], [{ bytes: 500 }]]);
    expect(deleteRetainedSegments(log, 2, 0, { retentionMs: -1, retentionBytes: 1501 })).toEqual(
      [],
    );
  });

  it('retention.ms = -1 and retention.bytes = -1 keep everything', () => {
    const log = logOf([[{ bytes: 1000, ts: 0 }], [{ bytes: 1000, ts: 0 }]]);
    expect(deleteRetainedSegments(log, 2, 1e12, keepAll)).toEqual([]);
    expect(bases(log)).toEqual([0, 1]);
  });

  it('retention.bytes runs before retention.ms (UnifiedLog.deleteOldSegments order)', () => {
    const log = logOf([
      [{ bytes: 1000, ts: 0 }],
      [{ bytes: 100, ts: 0 }],
      [{ bytes: 100, ts: 900 }],
    ]);
    const deleted = deleteRetainedSegments(log, log.logEndOffset, 1000, {
      retentionMs: 500,
      retentionBytes: 200,
    });
    expect(deleted).toEqual([
      { segments: 1, records: 1, reason: 'retention.bytes' },
      { segments: 1, records: 1, reason: 'retention.ms' },
    ]);
    expect(bases(log)).toEqual([2]);
  });

  it('a segment above the high watermark is never deleted', () => {
    const log = logOf([[{ records: 5, bytes: 100, ts: 0 }], [{ records: 5, bytes: 100, ts: 0 }]]);
    const old = { retentionMs: 10, retentionBytes: -1 };
    // The first segment's upper bound is the next base offset (5): HW 4 keeps it.
    expect(deleteRetainedSegments(log, 4, 1000, old)).toEqual([]);
    expect(deleteRetainedSegments(log, 5, 1000, old)).toEqual([
      { segments: 1, records: 5, reason: 'retention.ms' },
    ]);
    // The last segment's upper bound is the LEO (10): HW 9 keeps it.
    expect(deleteRetainedSegments(log, 9, 1000, old)).toEqual([]);
    expect(log.logStartOffset).toBe(5);
  });

  it('an empty active segment is never deleted; a matching non-empty active segment is rolled then deleted (semantics §9)', () => {
    const log = logOf([[{ records: 2, bytes: 100, ts: 0 }]]);
    const old = { retentionMs: 10, retentionBytes: -1 };
    expect(deleteRetainedSegments(log, 2, 1000, old)).toEqual([
      { segments: 1, records: 2, reason: 'retention.ms' },
    ]);
    expect(log.segments).toHaveLength(1);
    expect(log.segments[0]).toMatchObject({ baseOffset: 2, nextOffset: 2, sizeBytes: 0 });
    expect(log).toMatchObject({ logStartOffset: 2, logEndOffset: 2, sizeBytes: 0 });
    expect(deleteRetainedSegments(log, 2, 1e9, { retentionMs: 0, retentionBytes: 0 })).toEqual([]);
    expect(logProblems(log)).toEqual([]);
  });

  it("logStartOffset moves to the first remaining segment's base offset", () => {
    const log = logOf([
      [{ records: 3, bytes: 100, ts: 0 }],
      [{ records: 4, bytes: 100, ts: 0 }],
      [{ records: 1, bytes: 100, ts: 5000 }],
    ]);
    deleteRetainedSegments(log, log.logEndOffset, 2000, { retentionMs: 1000, retentionBytes: -1 });
    expect(log.logStartOffset).toBe(7);
    expect(bases(log)).toEqual([7]);
  });
});

describe('readRange (LocalLog.read, LogSegment.read)', () => {
  // Offsets: [0,2) 100 B, [2,5) 200 B, [5,6) 300 B | next segment [6,8) 100 B; LEO 8.
  const fixture = () =>
    logOf([
      [
        { records: 2, bytes: 100 },
        { records: 3, bytes: 200 },
        { records: 1, bytes: 300 },
      ],
      [{ records: 2, bytes: 100 }],
    ]);

  it('returns whole batches up to max bytes', () => {
    expect(readRange(fixture(), 0, 8, 350, true)).toEqual({
      fromOffset: 0,
      toOffset: 5,
      sizeBytes: 300,
    });
  });

  it('min one batch: the first batch comes even when larger than max bytes (KIP-74)', () => {
    expect(readRange(fixture(), 5, 8, 50, true)).toEqual({
      fromOffset: 5,
      toOffset: 6,
      sizeBytes: 300,
    });
  });

  it('without min one batch, a first batch larger than max bytes returns nothing', () => {
    expect(readRange(fixture(), 5, 8, 50, false)).toEqual({
      fromOffset: 5,
      toOffset: 5,
      sizeBytes: 0,
    });
  });

  it('stops before a batch reaching past the high watermark', () => {
    // HW 4 is inside the batch [2,5): Kafka reads up to that batch's position.
    expect(readRange(fixture(), 0, 4, 10_000, true)).toEqual({
      fromOffset: 0,
      toOffset: 2,
      sizeBytes: 100,
    });
    expect(readRange(fixture(), 0, 0, 10_000, true)).toEqual({
      fromOffset: 0,
      toOffset: 0,
      sizeBytes: 0,
    });
  });

  it('a fetch offset inside a batch returns that whole batch (the consumer skips earlier records)', () => {
    expect(readRange(fixture(), 3, 8, 200, false)).toEqual({
      fromOffset: 3,
      toOffset: 5,
      sizeBytes: 200,
    });
  });

  it('one read stays inside one segment (LocalLog.read); the next fetch continues in the next', () => {
    const log = fixture();
    expect(readRange(log, 0, 8, 10_000, true)).toEqual({
      fromOffset: 0,
      toOffset: 6,
      sizeBytes: 600,
    });
    expect(readRange(log, 6, 8, 10_000, true)).toEqual({
      fromOffset: 6,
      toOffset: 8,
      sizeBytes: 100,
    });
  });

  it("a fetch at the log end offset returns nothing; outside the log is the caller's OFFSET_OUT_OF_RANGE", () => {
    const log = fixture();
    expect(readRange(log, 8, 8, 1000, true)).toEqual({ fromOffset: 8, toOffset: 8, sizeBytes: 0 });
    expect(() => readRange(log, 9, 9, 1000, true)).toThrow(/outside/);
  });
});

describe('bytesAvailable (DelayedFetch accumulated bytes)', () => {
  const fixture = () =>
    logOf([
      [
        { records: 2, bytes: 100 },
        { records: 3, bytes: 200 },
      ],
      [{ records: 2, bytes: 50 }],
    ]);

  it('counts whole batches from the one holding the fetch offset up to the high watermark', () => {
    const log = fixture();
    expect(bytesAvailable(log, 0, 7)).toBe(350);
    expect(bytesAvailable(log, 3, 7)).toBe(250);
    expect(bytesAvailable(log, 3, 6)).toBe(200);
    expect(bytesAvailable(log, 7, 7)).toBe(0);
  });

  it('stops counting at the limit', () => {
    expect(bytesAvailable(fixture(), 0, 7, 150)).toBe(300);
  });
});

describe('findRecord', () => {
  it('finds the batch and the index of a record by binary search', () => {
    const log = logOf([
      [
        { records: 2, bytes: 10 },
        { records: 3, bytes: 10 },
      ],
      [{ records: 4, bytes: 10 }],
    ]);
    const found = findRecord(log, 3);
    expect(found?.batch.baseOffset).toBe(2);
    expect(found?.index).toBe(1);
    expect(findRecord(log, 8)?.index).toBe(3);
    expect(findRecord(log, 9)).toBeNull();
  });

  it('records deleted by retention are gone', () => {
    const log = logOf([[{ records: 2, bytes: 10, ts: 0 }], [{ records: 2, bytes: 10, ts: 9000 }]]);
    deleteRetainedSegments(log, 4, 5000, { retentionMs: 1000, retentionBytes: -1 });
    expect(findRecord(log, 1)).toBeNull();
    expect(findRecord(log, 2)?.batch.baseOffset).toBe(2);
  });
});

describe('truncateTo (UnifiedLog.truncateTo)', () => {
  const fixture = () =>
    logOf([
      [
        { records: 2, bytes: 100, ts: 10 },
        { records: 3, bytes: 200, ts: 90 },
      ],
      [{ records: 2, bytes: 50, ts: 30 }],
    ]);

  it('drops every record at and after the offset, later segments included', () => {
    const log = fixture();
    expect(truncateTo(log, 2)).toEqual({ records: 5, sizeBytes: 250 });
    expect(log).toMatchObject({ logEndOffset: 2, sizeBytes: 100, logStartOffset: 0 });
    expect(log.segments[0]).toMatchObject({
      nextOffset: 2,
      largestTimestampMs: 10,
      rollStartMs: 10,
    });
    expect(bases(log)).toEqual([0]);
    expect(logProblems(log)).toEqual([]);
  });

  it('truncating to a segment base offset leaves it as the empty active segment', () => {
    const log = fixture();
    truncateTo(log, 5);
    expect(log.segments[1]).toMatchObject({
      baseOffset: 5,
      nextOffset: 5,
      rollStartMs: null,
      sizeBytes: 0,
    });
    expect(logProblems(log)).toEqual([]);
    append(log, [{ records: 1, bytes: 10, ts: 70 }]);
    expect(log.logEndOffset).toBe(6);
    expect(logProblems(log)).toEqual([]);
  });

  it('the offset must be a batch boundary: replicas hold whole batches', () => {
    expect(() => truncateTo(fixture(), 3)).toThrow(/inside a batch/);
  });

  it('an offset at or past the log end offset changes nothing', () => {
    const log = fixture();
    expect(truncateTo(log, 7)).toEqual({ records: 0, sizeBytes: 0 });
    expect(log.logEndOffset).toBe(7);
  });

  it('an offset below the first segment empties the log and starts it there (truncateFullyAndStartAt)', () => {
    const log = logOf([[{ records: 2, bytes: 10, ts: 0 }], [{ records: 2, bytes: 10, ts: 9000 }]]);
    deleteRetainedSegments(log, 4, 5000, { retentionMs: 1000, retentionBytes: -1 });
    truncateTo(log, 1);
    expect(log).toMatchObject({ logStartOffset: 1, logEndOffset: 1, sizeBytes: 0 });
    expect(bases(log)).toEqual([1]);
  });
});

describe('logProblems', () => {
  it('reports sizes that do not add up and broken offset chains', () => {
    const log = logOf([[{ records: 2, bytes: 100 }], [{ records: 2, bytes: 100 }]]);
    log.sizeBytes = 5;
    log.segments[1]!.baseOffset = 3;
    const problems = logProblems(log);
    expect(problems.some((p) => p.includes('sizeBytes is 5'))).toBe(true);
    expect(problems.some((p) => p.includes('previous ends at 2'))).toBe(true);
  });

  it("reports a log end offset that is not the active segment's end", () => {
    const log = logOf([[{ records: 2, bytes: 100 }]]);
    log.logEndOffset = 9;
    expect(logProblems(log)).toEqual(['logEndOffset is 9, the active segment ends at 2']);
  });
});

describe('scale', () => {
  it('holds 100k batches: appends, lookups and reads stay correct', () => {
    const log = createLog();
    const settings = { segmentBytes: 1_000_000, segmentMs: 1_000_000_000 };
    for (let i = 0; i < 100_000; i++) {
      appendBatch(log, batch(log.logEndOffset, 1 + (i % 3), 100, i), settings);
    }
    expect(log.segments).toHaveLength(10);
    expect(findRecord(log, 150_000)?.batch.baseOffset).toBeLessThanOrEqual(150_000);
    expect(readRange(log, 150_000, log.logEndOffset, 1000, true).sizeBytes).toBe(1000);
    expect(bytesAvailable(log, log.logEndOffset - 5, log.logEndOffset)).toBeGreaterThan(0);
    expect(logProblems(log)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// Property: random appends, retention and truncation keep the invariants, and the binary
// searches agree with a plain scan of every batch.

type Op =
  | { kind: 'append'; records: number; bytes: number; ts: number }
  | { kind: 'retain'; hwBack: number; nowMs: number; retentionMs: number; retentionBytes: number }
  | { kind: 'truncate'; back: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      records: fc.integer({ min: 1, max: 5 }),
      bytes: fc.integer({ min: 1, max: 400 }),
      ts: fc.integer({ min: 0, max: 5000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('retain' as const),
      hwBack: fc.integer({ min: 0, max: 10 }),
      nowMs: fc.integer({ min: 0, max: 8000 }),
      retentionMs: fc.integer({ min: -1, max: 3000 }),
      retentionBytes: fc.integer({ min: -1, max: 3000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('truncate' as const),
      back: fc.integer({ min: 0, max: 4 }),
    }),
  },
);

function allBatches(log: LogState): RecordBatch[] {
  return log.segments.flatMap((s) => s.batches);
}

function apply(log: LogState, o: Op): void {
  if (o.kind === 'append') {
    appendBatch(log, batch(log.logEndOffset, o.records, o.bytes, o.ts), {
      segmentBytes: 1000,
      segmentMs: 2000,
    });
  } else if (o.kind === 'retain') {
    const hw = Math.max(log.logStartOffset, log.logEndOffset - o.hwBack);
    deleteRetainedSegments(log, hw, o.nowMs, {
      retentionMs: o.retentionMs,
      retentionBytes: o.retentionBytes,
    });
  } else {
    const batches = allBatches(log);
    const target = batches[batches.length - 1 - o.back];
    if (target) truncateTo(log, target.baseOffset);
  }
}

describe('log properties (fast-check)', () => {
  it('invariants hold and lookups match a plain scan after any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.nat(), (ops, probe) => {
        const log = createLog();
        for (const o of ops) {
          apply(log, o);
          expect(logProblems(log)).toEqual([]);
        }
        const batches = allBatches(log);
        const span = log.logEndOffset - log.logStartOffset;
        if (span === 0) return;
        const offset = log.logStartOffset + (probe % span);
        const holder = batches.find(
          (b) => b.baseOffset <= offset && offset < b.baseOffset + b.recordCount,
        );
        expect(findRecord(log, offset)?.batch).toBe(holder);
        const expectedBytes = batches
          .filter((b) => b.baseOffset >= holder!.baseOffset)
          .reduce((n, b) => n + b.sizeBytes, 0);
        expect(bytesAvailable(log, offset, log.logEndOffset)).toBe(expectedBytes);
      }),
      { numRuns: 200 },
    );
  });
});
