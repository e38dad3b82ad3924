/**
 * Log compaction (cleanup.policy=compact, semantics §10; logCleaner.ts), as Kafka's LogCleaner,
 * LogCleanerManager and Cleaner (storage module) run it, and LogValidator's refusal of records
 * without a key on a compacted topic.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { createLog, recordsIn, truncateTo } from '../../src/engine/log.ts';
import { logToClean } from '../../src/engine/logCleaner.ts';
import { topicSettings } from '../../src/engine/config.ts';
import type { SimEvent } from '../../src/engine/events.ts';
import type { LogState, RecordBatch, SimState } from '../../src/engine/model.ts';
import { isKept, isTombstone, keyAt } from '../../src/engine/records.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { partition, producerStats, sim, singleBroker } from './helpers.ts';

const KEYS = ['alice', 'bob', 'carol', 'dave'];

function compacted(
  config: Record<string, unknown> = {},
  producer: Record<string, unknown> = {},
  setup: Record<string, unknown> = {},
): Simulation {
  return singleBroker(
    { ratePerSec: 50, keys: KEYS, ...producer },
    {
      topics: [
        {
          name: 'orders',
          partitions: 1,
          replicationFactor: 1,
          config: { 'cleanup.policy': 'compact', 'segment.bytes': 1024, ...config },
        },
      ],
      ...setup,
    },
  );
}

function logOf(state: SimState, broker = 1): LogState {
  return partition(state, 'orders', 0).replicaLogs.find((r) => r.brokerId === broker)!.log;
}

function batches(log: LogState): RecordBatch[] {
  return log.segments.flatMap((s) => s.batches);
}

/** The records still in the log: [offset, key, tombstone]. */
function recordsOf(log: LogState): [number, string | null, boolean][] {
  const out: [number, string | null, boolean][] = [];
  for (const b of batches(log))
    for (let i = 0; i < b.recordCount; i++)
      if (isKept(b, i)) out.push([b.baseOffset + i, keyAt(b, i), isTombstone(b, i)]);
  return out;
}

function cleanings(events: SimEvent[]): Extract<SimEvent, { type: 'log.cleaned' }>[] {
  return events.filter(
    (e): e is Extract<SimEvent, { type: 'log.cleaned' }> => e.type === 'log.cleaned',
  );
}

/** Compacted twice by 31 s, the producer stopped, and consumer `late` reading from the start. */
function lateReader(config: Record<string, unknown>, processingTimeMs = 0): Simulation {
  const s = compacted();
  s.advanceTo(31_000);
  s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: 0 });
  s.apply({
    type: 'consumer.add',
    consumer: 'late',
    assign: ['orders-0'],
    processingTimeMs,
    config: { 'auto.offset.reset': 'earliest', ...config },
  });
  return s;
}

describe('log compaction (cleanup.policy=compact)', () => {
  it('Cleaner.shouldRetainRecord: below the checkpoint each key keeps only its latest record', () => {
    const s = compacted();
    const events = s.advanceTo(31_000);
    const log = logOf(s.state);
    // LogCleaner: one look at start, then every log.cleaner.backoff.ms (15 s) while idle.
    expect(cleanings(events).map((e) => e.atMs)).toEqual([15_000, 30_000]);
    const checkpoint = log.cleanerCheckpoint!;
    expect(checkpoint).toBeGreaterThan(1000);
    const cleaned = recordsOf(log).filter(([o]) => o < checkpoint);
    expect(cleaned.map(([, k]) => k).sort()).toEqual([...KEYS].sort());
    // Each is the latest record of its key below the checkpoint.
    const all = recordsOf(log);
    for (const [offset, key] of cleaned) {
      const later = all.filter(([o, k]) => k === key && o > offset && o < checkpoint);
      expect(later).toEqual([]);
    }
    // The uncleaned part (from the checkpoint) keeps every record.
    expect(all.filter(([o]) => o >= checkpoint).length).toBe(log.logEndOffset - checkpoint);
    expect(log.sizeBytes).toBeLessThan(20_000);
    expect(s.state.brokers[0]!.cleaner).toMatchObject({ cleanings: 2 });
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('a batch keeps its offsets: offsets of a compacted log have gaps, and a reader skips them', () => {
    const s = lateReader({});
    s.advanceTo(40_000);
    const log = logOf(s.state);
    const c = s.state.consumers.find((x) => x.id === 'late')!;
    expect(c.assignment[0]!.position).toBe(log.logEndOffset);
    // It read every record still in the log, not every offset.
    expect(c.stats.recordsConsumed).toBe(recordsOf(log).length);
    expect(c.stats.recordsConsumed).toBeLessThan(log.logEndOffset / 2);
  });

  it('max.poll.records counts records, not offsets, across the holes', () => {
    const s = lateReader({ 'max.poll.records': 3 }, 100);
    let most = 0;
    let polls = 0;
    for (let t = 31_010; t <= 40_000; t += 10) {
      s.advanceTo(t);
      const processing = s.state.consumers.find((x) => x.id === 'late')!.processing;
      if (processing) {
        polls++;
        most = Math.max(most, processing.count);
      }
    }
    expect(polls).toBeGreaterThan(0);
    expect(most).toBe(3);
    const c = s.state.consumers.find((x) => x.id === 'late')!;
    expect(c.stats.recordsConsumed).toBe(recordsOf(logOf(s.state)).length);
  });

  it('recordsIn counts the offsets of a range less its holes', () => {
    expect(recordsIn(undefined, 5, 10)).toBe(5);
    expect(recordsIn([0, 7, 8, 9], 5, 10)).toBe(2);
  });

  it('tombstones: kept with deleteHorizonMs = now + delete.retention.ms, dropped by a later cleaning', () => {
    const s = compacted({ 'delete.retention.ms': 20_000 });
    s.advanceTo(10_000);
    s.apply({ type: 'producer.setKeys', producer: 'p', keys: ['alice', 'carol', 'dave'] });
    s.apply({ type: 'producer.send', producer: 'p', key: 'bob', value: null });
    const first = cleanings(s.advanceTo(16_000));
    expect(first).toHaveLength(1);
    let log = logOf(s.state);
    const bob = recordsOf(log).filter(([, k]) => k === 'bob');
    // Every earlier bob is gone; the tombstone stays, its batch marked with the horizon.
    expect(bob).toHaveLength(1);
    expect(bob[0]![2]).toBe(true);
    const tombstoneBatch = batches(log).find(
      (b) => b.baseOffset <= bob[0]![0] && bob[0]![0] < b.baseOffset + b.recordCount,
    )!;
    expect(tombstoneBatch.deleteHorizonMs).toBe(15_000 + 20_000);
    // Later cleanings before the horizon keep it; the first after it removes it.
    const later = cleanings(s.advanceTo(50_000));
    log = logOf(s.state);
    expect(recordsOf(log).filter(([, k]) => k === 'bob')).toEqual([]);
    const dropped = later.find((e) => e.tombstonesRemoved > 0)!;
    expect(dropped.atMs).toBeGreaterThanOrEqual(35_000);
    expect(later.filter((e) => e.atMs < 35_000).every((e) => e.tombstonesRemoved === 0)).toBe(true);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('LogValidator.validateKey: a record without a key is refused with INVALID_RECORD, not retried', () => {
    const s = compacted({}, { keys: undefined, ratePerSec: 20 });
    s.advanceTo(3_000);
    const stats = producerStats(s.state, 'p');
    expect(stats.acked).toBe(0);
    expect(stats.failed).toBeGreaterThan(0);
    expect(stats.errors).toMatchObject({ INVALID_RECORD: stats.failed });
    expect(stats.retries).toBe(0);
    expect(logOf(s.state).logEndOffset).toBe(0);
  });

  it('min.cleanable.dirty.ratio: a log is cleaned only when its dirty share is above it', () => {
    // The ratio must be strictly greater: at 1.0 nothing ever qualifies.
    const s = compacted({ 'min.cleanable.dirty.ratio': 1 });
    expect(cleanings(s.advanceTo(61_000))).toEqual([]);
    expect(s.state.brokers[0]!.cleaner!.maxDirtyPercent).toBe(100);
  });

  it('the active segment and segments younger than min.compaction.lag.ms are not cleaned', () => {
    // A large segment: everything stays in the active segment.
    const big = compacted({ 'segment.bytes': 10_000_000 });
    expect(cleanings(big.advanceTo(61_000))).toEqual([]);
    const lagged = compacted({ 'min.compaction.lag.ms': 40_000 });
    const events = cleanings(lagged.advanceTo(61_000));
    expect(events.map((e) => e.atMs)).toEqual([45_000, 60_000]);
    // The first cleaning stops below the first segment with a record newer than 40 s.
    const first = events[0]!;
    expect(first.endOffset).toBeLessThanOrEqual(5 * 50 + 10);
  });

  it('max.compaction.lag.ms: a dirty segment older than it is cleaned whatever the ratio, and the active segment rolls in time', () => {
    const s = compacted({
      'min.cleanable.dirty.ratio': 1,
      'max.compaction.lag.ms': 5_000,
      'segment.bytes': 10_000_000,
    });
    const events = s.advanceTo(31_000);
    expect(events.some((e) => e.type === 'segment.rolled' && e.reason === 'segment.ms')).toBe(true);
    expect(cleanings(events).length).toBeGreaterThan(0);
  });

  it("a topic switched to compact: keyless records go, the round's last batch stays as a 61-byte header (RETAIN_EMPTY)", () => {
    const s = compacted({ 'cleanup.policy': 'delete' }, { keys: undefined, ratePerSec: 20 });
    s.advanceTo(10_000);
    s.apply({ type: 'topic.setConfig', topic: 'orders', config: { 'cleanup.policy': 'compact' } });
    const events = cleanings(s.advanceTo(16_000));
    expect(events).toHaveLength(1);
    expect(events[0]!.keylessRemoved).toBe(events[0]!.recordsRemoved);
    const log = logOf(s.state);
    const checkpoint = log.cleanerCheckpoint!;
    expect(recordsOf(log).filter(([o]) => o < checkpoint)).toEqual([]);
    // BatchRetention.RETAIN_EMPTY: the batch ending the round keeps its header; the others go.
    const last = batches(log).find((b) => b.baseOffset + b.recordCount === checkpoint)!;
    expect(last).toMatchObject({ kept: [], retainedEmpty: true, sizeBytes: 61 });
    const emptied = batches(log).filter((b) => b.kept?.length === 0 && !b.retainedEmpty);
    expect(emptied.length).toBeGreaterThan(10);
    expect(emptied.every((b) => b.sizeBytes === 0)).toBe(true);
    // From the switch on, the producer's keyless records are refused.
    expect(producerStats(s.state, 'p').errors['INVALID_RECORD']).toBeGreaterThan(0);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('groupSegmentsBySize: cleaned segments that fit in segment.bytes together become one', () => {
    const s = compacted();
    const events = cleanings(s.advanceTo(31_000));
    // The first cleaning sees full segments (they do not fit two by two); the second sees the
    // first one's nearly empty segments and merges them.
    expect(events[0]!.segmentsAfter).toBe(events[0]!.segmentsBefore);
    expect(events[1]!.segmentsAfter).toBeLessThan(events[1]!.segmentsBefore / 1.5);
  });

  it('UnifiedLog.deleteOldSegments: compact alone ignores retention.ms; compact,delete applies it', () => {
    const only = compacted(
      { 'retention.ms': 5_000 },
      {},
      { brokerConfig: { 'log.retention.check.interval.ms': 1_000 } },
    );
    only.advanceTo(40_000);
    expect(logOf(only.state).logStartOffset).toBe(0);
    const both = compacted(
      { 'cleanup.policy': 'compact,delete', 'retention.ms': 5_000 },
      {},
      { brokerConfig: { 'log.retention.check.interval.ms': 1_000 } },
    );
    const events = both.advanceTo(40_000);
    expect(logOf(both.state).logStartOffset).toBeGreaterThan(0);
    // The cleaner thread deletes them (LogCleaner.cleanFilthiestLog → deletableLogs), on its looks.
    const deletions = events.filter((e) => e.type === 'segments.deleted');
    expect(deletions.length).toBeGreaterThan(0);
    expect(deletions.every((e) => e.atMs % 15_000 === 0)).toBe(true);
  });

  it('log.cleaner.enable=false: compacted logs are neither cleaned nor deleted', () => {
    const s = compacted(
      { 'cleanup.policy': 'compact,delete', 'retention.ms': 5_000 },
      {},
      { brokerConfig: { 'log.cleaner.enable': false, 'log.retention.check.interval.ms': 1_000 } },
    );
    const events = s.advanceTo(40_000);
    expect(cleanings(events)).toEqual([]);
    expect(logOf(s.state).logStartOffset).toBe(0);
  });

  it('every replica cleans its own log; through a crash and restart of the leader the invariants hold and nothing is lost', () => {
    const s = sim({
      brokers: 3,
      topics: [
        {
          name: 'orders',
          partitions: 1,
          replicationFactor: 3,
          config: { 'cleanup.policy': 'compact', 'segment.bytes': 1024 },
        },
      ],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 50, keys: KEYS }],
    });
    const events = s.advanceTo(31_000);
    const brokersCleaning = new Set(cleanings(events).map((e) => e.broker));
    expect([...brokersCleaning].sort()).toEqual([1, 2, 3]);
    for (const b of [1, 2, 3]) expect(logOf(s.state, b).cleanerCheckpoint).toBeGreaterThan(0);
    expect(checkInvariants(s.state)).toEqual([]);
    // Leadership moves; every replica keeps serving the latest value of each key.
    const leader = partition(s.state, 'orders', 0).leader!;
    s.apply({ type: 'broker.crash', broker: leader });
    s.advanceTo(60_000);
    s.apply({ type: 'broker.restart', broker: leader });
    s.advanceTo(90_000);
    expect(checkInvariants(s.state)).toEqual([]);
    expect(s.state.durability.lostCount).toBe(0);
  });

  it('determinism: the same compacted scenario gives the same logs', () => {
    const a = compacted();
    const b = compacted();
    a.advanceTo(45_000);
    b.advanceTo(45_000);
    expect(JSON.stringify(logOf(a.state))).toBe(JSON.stringify(logOf(b.state)));
  });
});

describe('__consumer_offsets is compacted', () => {
  it('its cleanup.policy is compact, and a coordinator reloads the latest commits from the cleaned log', () => {
    const s = sim({
      brokers: 3,
      brokerConfig: { 'offsets.topic.segment.bytes': 2048, 'offsets.topic.num.partitions': 1 },
      topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 50 }],
      groups: [
        { id: 'g', topics: ['orders'], members: 2, config: { 'auto.commit.interval.ms': 500 } },
      ],
    });
    const events = s.advanceTo(61_000);
    const offsets = s.state.topics.find((t) => t.name === '__consumer_offsets')!;
    expect(offsets.config['cleanup.policy']).toBe('compact');
    const cleaned = cleanings(events).filter((e) => e.topic === '__consumer_offsets');
    expect(cleaned.length).toBeGreaterThan(0);
    expect(cleaned.reduce((n, e) => n + e.recordsRemoved, 0)).toBeGreaterThan(50);
    // The coordinator's broker dies: another loads the group from its cleaned copy.
    const committed = s.state.groups[0]!.offsets.map((o) => o.offset);
    const p = offsets.partitions[0]!;
    s.apply({ type: 'broker.crash', broker: p.leader! });
    s.advanceTo(75_000);
    const after = s.state.groups[0]!.offsets.map((o) => o.offset);
    after.forEach((o, i) => expect(o).toBeGreaterThanOrEqual(committed[i]!));
    expect(s.state.groups[0]!.observed.redeliveredRecords).toBeLessThan(200);
    expect(checkInvariants(s.state)).toEqual([]);
  });
});

describe('the log-compaction scenario', () => {
  it('cleans on every broker, deletes bob by a tombstone that goes later, refuses a keyless record, and a late group reads far fewer records than offsets', () => {
    const loaded = loadScenario(findShippedScenario('log-compaction')?.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const s = loaded.simulation;
    const log = () =>
      s.state.topics.find((t) => t.name === 'profiles')!.partitions[0]!.replicaLogs[0]!.log;
    const bob = () => recordsOf(log()).filter(([, k]) => k === 'bob');
    const early = cleanings(s.advanceTo(16_000));
    expect(new Set(early.map((e) => e.broker))).toEqual(new Set([1, 2, 3]));
    s.advanceTo(31_000);
    // The cleaning at 30 s removed every earlier bob and kept the tombstone.
    expect(bob()).toHaveLength(1);
    expect(bob()[0]![2]).toBe(true);
    expect(producerStats(s.state, 'profile-service').errors).toEqual({ INVALID_RECORD: 2 });
    s.advanceTo(52_000);
    const rebuild = s.state.consumers.find((c) => c.id === 'rebuild-1')!;
    const live = s.state.consumers.find((c) => c.id === 'live-1')!;
    const position = rebuild.assignment[0]!.position!;
    expect(position).toBeGreaterThan(500);
    expect(rebuild.stats.recordsConsumed).toBeLessThan(position / 4);
    expect(live.stats.recordsConsumed).toBeGreaterThan(450);
    // The tombstone's horizon (30 s + delete.retention.ms 20 s) passes; the next cleaning drops it.
    s.advanceTo(61_000);
    expect(bob()).toEqual([]);
    expect(s.state.durability.lostCount).toBe(0);
    expect(checkInvariants(s.state)).toEqual([]);
  });
});

describe('log compaction: review regressions', () => {
  it('a Streams member on a compacted input processes exactly the records its polls returned', () => {
    const s = sim({
      brokers: 1,
      brokerConfig: {
        'log.cleaner.backoff.ms': 500,
        'offsets.topic.num.partitions': 1,
        'offsets.topic.replication.factor': 1,
      },
      topics: [
        {
          name: 'orders',
          partitions: 1,
          replicationFactor: 1,
          config: { 'cleanup.policy': 'compact', 'segment.bytes': 1024 },
        },
        { name: 'out', partitions: 1, replicationFactor: 1 },
      ],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 50, keys: KEYS }],
      groups: [
        {
          id: 'app',
          topics: ['orders'],
          members: 1,
          processingTimeMs: 200,
          config: { 'auto.offset.reset': 'earliest' },
          streams: { to: 'out' },
        },
      ],
    });
    s.advanceTo(60_000);
    const member = s.state.consumers.find((c) => c.group?.groupId === 'app')!;
    const app = s.state.streams.find((a) => a.applicationId === 'app')!;
    const pending = app.members.flatMap((m) => m.pending);
    const pendingRecords = pending.reduce(
      (n, r) => n + recordsIn(r.holes, r.fromOffset, r.toOffset),
      0,
    );
    expect(member.stats.recordsConsumed).toBeGreaterThan(100);
    expect(app.stats.recordsProcessed + pendingRecords).toBe(member.stats.recordsConsumed);
  });

  it('LogConfig.validateNoRemoteStorageForCompactedTopic: a compacted topic cannot be tiered', () => {
    const s = sim({
      brokers: 1,
      brokerConfig: { 'remote.log.storage.system.enable': true },
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
    });
    const created = s.apply({
      type: 'topic.create',
      name: 'both',
      config: { 'cleanup.policy': 'compact', 'remote.storage.enable': true },
    });
    expect(created.some((e) => e.type === 'command.rejected')).toBe(true);
    s.apply({
      type: 'topic.setConfig',
      topic: 'orders',
      config: { 'remote.storage.enable': true },
    });
    const altered = s.apply({
      type: 'topic.setConfig',
      topic: 'orders',
      config: { 'cleanup.policy': 'compact' },
    });
    expect(altered.some((e) => e.type === 'command.rejected')).toBe(true);
  });

  it('LogManager.truncateTo: a truncation below the active segment moves the checkpoint to its base; starting over clears it', () => {
    const s = compacted();
    s.advanceTo(16_000);
    const log = logOf(s.state);
    const checkpoint = log.cleanerCheckpoint!;
    const cut = log.segments.find((x) => x.baseOffset > 0 && x.baseOffset < checkpoint)!.baseOffset;
    expect(cut).toBeLessThan(checkpoint);
    truncateTo(log, cut);
    expect(log.cleanerCheckpoint).toBe(log.segments[log.segments.length - 1]!.baseOffset);
    // Nothing below the active segment is dirty then: the active segment is never cleanable.
    const ltc = logToClean(
      { ...partition(s.state, 'orders', 0).replicaLogs[0]!, highWatermark: log.logEndOffset },
      topicSettings(s.state.topics[0]!.config, s.state.cluster.brokerConfig),
      s.state.nowMs,
    );
    expect(ltc?.cleanableBytes ?? 0).toBe(0);
    const restarted = createLog(5);
    restarted.cleanerCheckpoint = 40;
    restarted.logEndOffset = 5;
    truncateTo(restarted, 3);
    expect(restarted.cleanerCheckpoint).toBeUndefined();
  });

  it('BatchRetention: a header kept as its producer\u2019s last batch goes once a later batch takes that role', () => {
    const s = compacted();
    for (let t = 5_000; t <= 60_000; t += 5_000) {
      s.apply({ type: 'producer.setRate', producer: 'p', ratePerSec: t % 10_000 === 0 ? 50 : 0 });
      s.advanceTo(t);
    }
    s.advanceTo(91_000);
    const headers = batches(logOf(s.state)).filter((b) => b.retainedEmpty);
    expect(headers.length).toBeLessThanOrEqual(2);
    expect(checkInvariants(s.state)).toEqual([]);
  });
});
