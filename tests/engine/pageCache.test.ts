/**
 * The broker machines' page cache (pageCache.ts): Kafka writes to the OS page cache and reads
 * recent records back from memory; a reader far behind reads from disk and waits longer. Not
 * a Kafka config: the scenario's `cluster.pageCache` sets the cache size and the disk time.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/invariants.ts';
import type { BrokerState, LogState, SimState } from '../../src/engine/model.ts';
import { readingDisk } from '../../src/engine/pageCache.ts';
import { buildReport } from '../../src/engine/report.ts';
import { createSimulation } from '../../src/engine/simulation.ts';
import { addConsumer, partition, sim, singleBroker } from './helpers.ts';

function logsOf(state: SimState, brokerId: number): LogState[] {
  return state.topics
    .flatMap((t) =>
      t.partitions.flatMap((p) => p.replicaLogs.filter((r) => r.brokerId === brokerId)),
    )
    .map((r) => r.log);
}

function broker(state: SimState, id: number): BrokerState {
  const b = state.brokers.find((x) => x.id === id);
  if (!b) throw new Error(`no broker ${id}`);
  return b;
}

/** The batches of a log as [maxTimestampMs, cached] pairs, oldest first. */
function batchAges(log: LogState): { ms: number; cached: boolean }[] {
  return log.segments.flatMap((s) =>
    s.batches.map((b) => ({ ms: b.maxTimestampMs, cached: b.baseOffset >= log.cachedFromOffset })),
  );
}

describe('page cache: writes land in memory, recent reads come from it', () => {
  it('every append goes to the page cache: with room to spare, each log is cached whole', () => {
    const s = sim({
      topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 200, config: { acks: 'all' } }],
    });
    s.advanceTo(5_000);
    for (const b of s.state.brokers) {
      const logs = logsOf(s.state, b.id);
      expect(b.pageCache.cachedBytes).toBe(logs.reduce((n, l) => n + l.sizeBytes, 0));
      expect(b.pageCache.cachedBytes).toBeGreaterThan(0);
      for (const log of logs) expect(log.cachedFromOffset).toBe(log.logStartOffset);
    }
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('followers and a consumer that keep up read only from memory (no disk reads)', () => {
    const s = sim({
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100 }],
    });
    addConsumer(s);
    s.advanceTo(5_000);
    const leader = broker(s.state, partition(s.state, 'orders', 0).leader!);
    expect(leader.pageCache.hitReads).toBeGreaterThan(0);
    expect(leader.pageCache.diskReads).toBe(0);
    expect(leader.pageCache.diskBytes).toBe(0);
  });
});

describe('page cache: a full cache evicts the oldest pages first', () => {
  const SMALL = 64 * 1024;

  it('stays within its size; the evicted batches are older than every cached one', () => {
    const s = singleBroker(
      { ratePerSec: 500 },
      {
        topics: [{ name: 'orders', partitions: 4, replicationFactor: 1 }],
        pageCache: { sizeBytes: SMALL },
      },
    );
    s.advanceTo(10_000);
    const b = broker(s.state, 1);
    expect(b.pageCache.evictedBytes).toBeGreaterThan(0);
    expect(b.pageCache.cachedBytes).toBeLessThanOrEqual(SMALL);
    const all = logsOf(s.state, 1).flatMap(batchAges);
    const newestEvicted = Math.max(...all.filter((x) => !x.cached).map((x) => x.ms));
    const oldestCached = Math.min(...all.filter((x) => x.cached).map((x) => x.ms));
    expect(newestEvicted).toBeLessThanOrEqual(oldestCached);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('a consumer reading old records waits diskReadMs for each answer that reads the disk', () => {
    const s = singleBroker(
      { ratePerSec: 500 },
      { pageCache: { sizeBytes: SMALL, diskReadMs: 40 } },
    );
    s.advanceTo(10_000);
    const log = partition(s.state, 'orders', 0).replicaLogs[0]!.log;
    expect(log.cachedFromOffset).toBeGreaterThan(log.logStartOffset);
    addConsumer(s, { config: { 'auto.offset.reset': 'earliest' } });
    // Watch the consumer's fetch answers being scheduled to leave the broker.
    const waits: number[] = [];
    const seen = new Set<unknown>();
    for (let t = s.state.nowMs + 1; t <= 11_000; t++) {
      s.advanceTo(t);
      for (const item of s.state.queue) {
        const w = item.work;
        if (w.kind !== 'depart' || w.payload.kind !== 'fetchResponse' || seen.has(w)) continue;
        seen.add(w);
        waits.push(item.atMs - s.state.nowMs);
        // The canvas shows the broker reading its disk until the answer leaves.
        expect(readingDisk(broker(s.state, 1), s.state.nowMs)).toBe(true);
        expect(readingDisk(broker(s.state, 1), item.atMs)).toBe(false);
      }
    }
    const b = broker(s.state, 1);
    expect(b.pageCache.diskReads).toBeGreaterThan(0);
    expect(b.pageCache.diskBytes).toBeGreaterThan(0);
    // Read now, sent 40 ms later: the broker reads the disk first.
    expect(waits.length).toBeGreaterThan(0);
    expect(new Set(waits)).toEqual(new Set([40]));
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('the report shows each broker machine page cache', () => {
    const s = singleBroker({ ratePerSec: 500 }, { pageCache: { sizeBytes: SMALL } });
    s.advanceTo(5_000);
    const report = buildReport(s.state);
    expect(report.brokers[0]!.pageCache).toMatchObject({
      sizeBytes: SMALL,
      evictedBytes: expect.any(Number),
    });
    expect(report.brokers[0]!.pageCache.cachedBytes).toBeLessThanOrEqual(SMALL);
  });
});

describe('page cache: deleted and truncated records leave it, a process crash does not', () => {
  it('retention deletes segments and their cached pages', () => {
    const s = singleBroker(
      { ratePerSec: 200 },
      {
        topics: [
          {
            name: 'orders',
            partitions: 1,
            replicationFactor: 1,
            config: { 'segment.ms': 2000, 'retention.ms': 5000 },
          },
        ],
        brokerConfig: { 'log.retention.check.interval.ms': 1000 },
      },
    );
    s.advanceTo(60_000);
    const log = partition(s.state, 'orders', 0).replicaLogs[0]!.log;
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.cachedFromOffset).toBe(log.logStartOffset);
    expect(broker(s.state, 1).pageCache.cachedBytes).toBe(log.sizeBytes);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('a broker process crash keeps the page cache (it belongs to the OS)', () => {
    const s = sim({
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100 }],
    });
    s.advanceTo(3_000);
    const follower = partition(s.state, 'orders', 0).replicas.find(
      (id) => id !== partition(s.state, 'orders', 0).leader,
    )!;
    const before = broker(s.state, follower).pageCache.cachedBytes;
    s.apply({ type: 'broker.crash', broker: follower });
    expect(broker(s.state, follower).pageCache.cachedBytes).toBe(before);
    s.apply({ type: 'broker.restart', broker: follower });
    s.advanceTo(20_000);
    expect(checkInvariants(s.state)).toEqual([]);
  });
});

describe('page cache: an answer read from disk leaves later without holding up its link', () => {
  /** Three brokers, a tiny cache and a very slow disk; broker 2 crashes and falls behind. */
  function slowDisk() {
    const s = sim({
      seed: 3,
      topics: [{ name: 'orders', partitions: 6, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 500 }],
      pageCache: { sizeBytes: 256 * 1024, diskReadMs: 10_000 },
    });
    s.advanceTo(2_000);
    s.apply({ type: 'broker.crash', broker: 2 });
    return s;
  }

  it("a slow disk read does not delay the broker's heartbeats: no healthy broker is fenced", () => {
    const s = slowDisk();
    s.advanceTo(6_000);
    s.apply({ type: 'broker.restart', broker: 2 });
    const events = s.advanceTo(40_000);
    const diskReads = s.state.brokers.reduce((n, b) => n + b.pageCache.diskReads, 0);
    expect(diskReads).toBeGreaterThan(0); // the restarted follower catches up from disk
    const fenced = events.flatMap((e) => (e.type === 'broker.fenced' ? [e.broker] : []));
    expect(fenced.filter((b) => b !== 2)).toEqual([]);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('a broker that crashes while reading the disk never sends the answer', () => {
    const s = slowDisk();
    s.advanceTo(6_000);
    s.apply({ type: 'broker.restart', broker: 2 });
    let reader: number | null = null;
    for (let t = 6_001; t <= 30_000 && reader === null; t++) {
      s.advanceTo(t);
      for (const item of s.state.queue)
        if (item.work.kind === 'depart' && item.work.from.kind === 'broker')
          reader = item.work.from.id;
    }
    expect(reader).not.toBeNull();
    s.apply({ type: 'broker.crash', broker: reader! });
    const pending = s.state.queue.filter(
      (i) => i.work.kind === 'depart' && i.work.from.kind === 'broker' && i.work.from.id === reader,
    );
    expect(pending).toEqual([]);
  });
});

describe('page cache settings', () => {
  it('a bad size or disk time is refused with its path, and nothing runs', () => {
    const result = createSimulation({
      seed: 1,
      brokers: 1,
      pageCache: { sizeBytes: 100, diskReadMs: -1 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      'cluster.pageCache.sizeBytes',
      'cluster.pageCache.diskReadMs',
    ]);
  });
});
