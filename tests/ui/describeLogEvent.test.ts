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
