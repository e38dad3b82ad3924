/**
 * The page cache keeps what it reads from disk (pageCache.ts, LogState.readBack): a page read
 * once stays in memory until the kernel needs the room, so the next reader of the same old
 * records gets them from memory. Not a Kafka rule but the OS's, which Kafka's design leans on
 * (Kafka keeps no cache of its own). Simplified: one read-back range per log.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/invariants.ts';
import type { BrokerState, LogState } from '../../src/engine/model.ts';
import { noteRead } from '../../src/engine/pageCache.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { addConsumer, partition, singleBroker } from './helpers.ts';

const CACHE = 256 * 1024;

/** One broker, its cache a fraction of the log: after 10 s the oldest records are on disk only. */
function filled(topicConfig: Record<string, unknown> = {}): {
  s: Simulation;
  b: BrokerState;
  log: LogState;
} {
  const s = singleBroker(
    { ratePerSec: 500 },
    {
      pageCache: { sizeBytes: CACHE, diskReadMs: 40 },
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1, config: topicConfig }],
    },
  );
  s.advanceTo(10_000);
  const log = partition(s.state, 'orders', 0).replicaLogs[0]!.log;
  expect(log.cachedFromOffset).toBeGreaterThan(log.logStartOffset);
  return { s, b: s.state.brokers[0]!, log };
}

describe('page cache: pages read from disk stay for the next reader', () => {
  it('a read from disk is kept: the same read again is served from memory', () => {
    const { s, b, log } = filled();
    expect(noteRead(s.state, b, log, 0, 16_384)).toBe(true);
    const kept = log.readBack!;
    expect(kept.from).toBe(0);
    expect(kept.bytes).toBeGreaterThanOrEqual(16_384);
    expect(kept.readAt).toEqual([0, s.state.nowMs]);
    const { diskReads, hitReads } = b.pageCache;
    expect(noteRead(s.state, b, log, 0, 16_384)).toBe(false);
    expect(b.pageCache).toMatchObject({ diskReads, hitReads: hitReads + 1 });
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('reading on from the end of the kept range extends it; a read elsewhere replaces it', () => {
    const { s, b, log } = filled();
    noteRead(s.state, b, log, 0, 16_384);
    const firstEnd = log.readBack!.to;
    expect(noteRead(s.state, b, log, firstEnd, 16_384)).toBe(true);
    expect(log.readBack).toMatchObject({ from: 0 });
    expect(log.readBack!.to).toBeGreaterThan(firstEnd);
    const before = log.readBack!.bytes;
    const evicted = b.pageCache.evictedBytes;
    // A read far from the kept range: the simulator keeps one range per log, the older goes.
    const far = Math.floor(log.cachedFromOffset / 2);
    expect(noteRead(s.state, b, log, far, 16_384)).toBe(true);
    expect(log.readBack!.from).toBeLessThanOrEqual(far);
    expect(log.readBack!.to).toBeGreaterThan(far);
    expect(b.pageCache.evictedBytes).toBe(evicted + before);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('a read that reaches the cached tail joins it', () => {
    const { s, b, log } = filled();
    const tail = log.cachedFromOffset;
    const tailBytes = log.cachedBytes;
    // Records just below the tail, read up to it.
    const from = tail - 40;
    expect(noteRead(s.state, b, log, from, 1024 * 1024)).toBe(true);
    expect(log.readBack).toBeNull();
    expect(log.cachedFromOffset).toBeLessThanOrEqual(from);
    expect(log.cachedBytes).toBeGreaterThan(tailBytes);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('retention deleting the segments that hold read-back pages takes the pages with them', () => {
    const { s, b, log } = filled({ 'segment.ms': 1000, 'retention.ms': 6000 });
    noteRead(s.state, b, log, log.logStartOffset, 16_384);
    expect(log.readBack).not.toBeNull();
    s.apply({ type: 'producer.remove', producer: 'p' });
    s.advanceTo(10_000 + 5 * 60_000 + 1000); // one retention check (log.retention.check.interval.ms)
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.readBack).toBeNull();
    expect(b.pageCache.cachedBytes).toBe(log.cachedBytes);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  /** Disk bytes read on the broker while one or two consumers replay the log from offset 0. */
  function replayDiskBytes(readers: string[], gapMs: number): number {
    const { s, b } = filled();
    const config = { 'auto.offset.reset': 'earliest', 'max.partition.fetch.bytes': 16_384 };
    readers.forEach((consumer, i) => {
      s.advanceTo(10_000 + i * gapMs);
      addConsumer(s, { consumer, config });
    });
    for (let t = 10_500; t <= 20_000; t += 500) {
      s.advanceTo(t);
      expect(checkInvariants(s.state)).toEqual([]);
    }
    return b.pageCache.diskBytes;
  }

  it('a second reader right behind the first reads the old records from memory, not disk again', () => {
    const once = replayDiskBytes(['a'], 0);
    expect(once).toBeGreaterThan(0);
    // 200 ms behind: the pages the first reader brought in are still there.
    expect(replayDiskBytes(['a', 'b'], 200)).toBeLessThan(once * 1.2);
    // 3 s behind, with this small cache: least recently used, they were evicted; read again.
    expect(replayDiskBytes(['a', 'b'], 3000)).toBeGreaterThan(once * 1.8);
  });
});

describe('the page-cache scenario', () => {
  /** The shipped scenario, without the group 'audit' when `audit` is false. */
  function pageCache(audit: boolean): Simulation {
    const json = structuredClone(findShippedScenario('page-cache')!.json) as {
      timeline: { command: { group?: string } }[];
    };
    if (!audit) json.timeline = json.timeline.filter((t) => t.command.group !== 'audit');
    const loaded = loadScenario(json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    return loaded.simulation;
  }

  /** Records between a group's positions and the log ends. */
  function lag(s: Simulation, groupId: string): number {
    let n = 0;
    for (const c of s.state.consumers) {
      if (c.group?.groupId !== groupId) continue;
      for (const a of c.assignment) {
        const p = partition(s.state, a.topic, a.partition);
        const leo = p.replicaLogs.find((r) => r.brokerId === p.leader)!.log.logEndOffset;
        n += leo - (a.position ?? 0);
      }
    }
    return n;
  }

  it("'audit' gets from memory what 'replay' read from disk: it catches up at once, and both finish sooner", () => {
    const s = pageCache(true);
    s.advanceTo(37_000);
    expect(lag(s, 'replay')).toBeGreaterThan(3000);
    // Started 1 s later, already level with 'replay'.
    expect(Math.abs(lag(s, 'audit') - lag(s, 'replay'))).toBeLessThan(lag(s, 'replay') * 0.1);
    s.advanceTo(41_000);
    expect(lag(s, 'replay')).toBeLessThan(100);
    expect(lag(s, 'audit')).toBeLessThan(100);
    expect(checkInvariants(s.state)).toEqual([]);
    // Alone, 'replay' reads every old record from disk itself and is still far behind then.
    const alone = pageCache(false);
    alone.advanceTo(41_000);
    expect(lag(alone, 'replay')).toBeGreaterThan(1000);
  });

  it("the pages a replay reads do not push out the newest records: 'live' reads from memory throughout (least recently used first, per part of the range)", () => {
    const s = pageCache(true);
    let checks = 0;
    for (let t = 30_000; t <= 45_000; t += 20) {
      s.advanceTo(t);
      for (const c of s.state.consumers) {
        if (c.group?.groupId !== 'live') continue;
        for (const a of c.assignment) {
          const p = partition(s.state, a.topic, a.partition);
          const log = p.replicaLogs.find((r) => r.brokerId === p.leader)!.log;
          if (a.position === null || a.position >= log.logEndOffset) continue;
          checks++;
          expect(a.position).toBeGreaterThanOrEqual(log.cachedFromOffset);
        }
      }
    }
    expect(checks).toBeGreaterThan(100);
  });
});
