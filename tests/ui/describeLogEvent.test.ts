import { describe, expect, it } from 'vitest';
import type { EventBody, SimEvent } from '../../src/engine/events.ts';
import { describeEvent } from '../../src/ui/describeEvent.ts';

const at = (body: EventBody): SimEvent => ({ atMs: 0, ...body });

const cleaned = {
  type: 'log.cleaned',
  topic: 'profiles',
  partition: 0,
  broker: 2,
  firstDirtyOffset: 143,
  endOffset: 298,
  dirtyRatio: 0.9686,
  bytesBefore: 27_911,
  bytesAfter: 1_004,
  segmentsBefore: 28,
  segmentsAfter: 16,
} as const;

describe('narration of the log cleaner', () => {
  it('says what a cleaning removed and why, and what the log shrank to', () => {
    const line = describeEvent(
      at({ ...cleaned, recordsRemoved: 155, tombstonesRemoved: 1, keylessRemoved: 0 }),
    );
    expect(line.text).toBe(
      'profiles-0 on broker 2: the log cleaner compacted the log below offset 298 (97% of it was dirty) and removed 154 records replaced by a newer one with the same key, 1 tombstone past its delete horizon: 27.3 KB → 1004 B, 28 segments → 16',
    );
    expect(line.tone).toBe('info');
  });

  it('names records without a key (a topic switched to compact) and a cleaning that removed nothing', () => {
    const keyless = describeEvent(
      at({ ...cleaned, recordsRemoved: 3, tombstonesRemoved: 0, keylessRemoved: 3 }),
    );
    expect(keyless.text).toContain('removed 3 records without a key:');
    const none = describeEvent(
      at({ ...cleaned, recordsRemoved: 0, tombstonesRemoved: 0, keylessRemoved: 0 }),
    );
    expect(none.text).toContain('and removed nothing:');
  });
});

describe('narration of a truncation', () => {
  const truncated = (fromOffset: number, toOffset: number, records: number) =>
    describeEvent(
      at({
        type: 'replica.truncated',
        topic: 'events',
        partition: 0,
        broker: 3,
        fromOffset,
        toOffset,
        records,
        reason: 'the leader no longer holds these offsets locally (OFFSET_MOVED_TO_TIERED_STORAGE)',
      }),
    ).text;

  it('cuts a log back to the new leader’s end', () => {
    expect(truncated(1179, 900, 279)).toMatch(
      /^events-0 on broker 3: truncated from offset 1,179 to 900, 279 records removed: /,
    );
  });

  it('says a log that starts again ahead of its end is emptied (tiered storage: the leader’s local start)', () => {
    expect(truncated(1179, 4142, 1179)).toMatch(
      /^events-0 on broker 3: emptied its log \(1,179 records removed\) and starts again at offset 4,142, past its old end 1,179: /,
    );
  });
});
