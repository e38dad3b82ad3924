/**
 * Tiered storage (KIP-405, tieredStorage.ts): the leader's RemoteLogManager copies closed,
 * committed segments to remote storage; replicas keep local.retention.* of what is copied;
 * reads below the local log go to remote storage; retention.* bounds the whole log.
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import type { BrokerState, PartitionState, ReplicaLog, SimState } from '../../src/engine/model.ts';
import { buildReport } from '../../src/engine/report.ts';
import type { SimulationSetup } from '../../src/engine/setup.ts';
import { createSimulation } from '../../src/engine/simulation.ts';
import { logStartOffset } from '../../src/engine/tieredStorage.ts';
import { messages, partition, rejections, sim } from './helpers.ts';

const TIERED_BROKERS = {
  'remote.log.storage.system.enable': true,
  'remote.log.manager.task.interval.ms': 2000,
  'log.retention.check.interval.ms': 1000,
};

/** `events`: one partition on three brokers, 16 KB segments, tiered, local.retention.ms 5 s. */
function tiered(
  topicConfig: Record<string, unknown> = {},
  setup: Partial<SimulationSetup> = {},
  brokerConfig: Record<string, unknown> = {},
) {
  return sim({
    brokerConfig: { ...TIERED_BROKERS, ...brokerConfig },
    topics: [
      {
        name: 'events',
        partitions: 1,
        replicationFactor: 3,
        config: {
          'remote.storage.enable': true,
          'segment.bytes': 16384,
          'local.retention.ms': 5000,
          ...topicConfig,
        },
      },
    ],
    producers: [
      { id: 'p', topic: 'events', ratePerSec: 100, valueBytes: 200, config: { acks: 'all' } },
    ],
    ...setup,
  });
}

function leaderOf(p: PartitionState): ReplicaLog {
  const r = p.replicaLogs.find((x) => x.brokerId === p.leader);
  if (!r) throw new Error('no leader');
  return r;
}

function broker(state: SimState, id: number): BrokerState {
  const b = state.brokers.find((x) => x.id === id);
  if (!b) throw new Error(`no broker ${id}`);
  return b;
}

function ofType<T extends SimEvent['type']>(events: SimEvent[], type: T) {
  return events.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);
}

describe('tiered storage config (LogConfig.validateTopicLogConfigValues)', () => {
  it('refuses remote.storage.enable when the brokers lack remote.log.storage.system.enable', () => {
    const result = createSimulation({
      seed: 1,
      brokers: 1,
      topics: [{ name: 'events', partitions: 1, config: { 'remote.storage.enable': true } }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.path).toBe('topics[0].config.remote.storage.enable');
    expect(result.problems[0]!.reason).toContain(
      'Tiered Storage functionality is disabled in the broker',
    );
  });

  it('refuses local.retention.ms above retention.ms, and -1 when retention.ms is set (validateRemoteStorageRetentionTime)', () => {
    const s = sim({ brokers: 1, brokerConfig: TIERED_BROKERS });
    const above = s.apply({
      type: 'topic.create',
      name: 'a',
      partitions: 1,
      config: { 'remote.storage.enable': true, 'retention.ms': 1000, 'local.retention.ms': 2000 },
    });
    expect(rejections(above)[0]!.reason).toContain(
      'Value must not be more than retention.ms property value: 1000',
    );
    const forever = s.apply({
      type: 'topic.create',
      name: 'b',
      partitions: 1,
      config: { 'remote.storage.enable': true, 'local.retention.ms': -1 },
    });
    expect(rejections(forever)[0]!.reason).toContain('Value must not be -1 as retention.ms');
    expect(s.state.topics).toHaveLength(0);
  });

  it('refuses local.retention.bytes above retention.bytes (validateRemoteStorageRetentionSize)', () => {
    const s = sim({ brokers: 1, brokerConfig: TIERED_BROKERS });
    const events = s.apply({
      type: 'topic.create',
      name: 'a',
      partitions: 1,
      config: {
        'remote.storage.enable': true,
        'retention.bytes': 1000,
        'local.retention.bytes': 5000,
      },
    });
    expect(rejections(events)[0]!.reason).toContain(
      'Value must not be more than retention.bytes property value: 1000',
    );
  });

  it('enables remote storage on a live topic, and refuses switching it off again', () => {
    const s = sim({
      brokers: 1,
      brokerConfig: TIERED_BROKERS,
      topics: [{ name: 'events', partitions: 1 }],
    });
    expect(
      rejections(
        s.apply({
          type: 'topic.setConfig',
          topic: 'events',
          config: { 'remote.storage.enable': true },
        }),
      ),
    ).toEqual([]);
    const off = s.apply({
      type: 'topic.setConfig',
      topic: 'events',
      config: { 'remote.storage.enable': false },
    });
    expect(rejections(off)[0]!.reason).toContain('invalid to disable remote storage');
  });

  it('validates cluster.remoteStorage.latencyMs with its path', () => {
    const result = createSimulation({ seed: 1, brokers: 1, remoteStorage: { latencyMs: -5 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.path).toBe('cluster.remoteStorage.latencyMs');
  });
});

describe('RemoteLogManager copies closed, committed segments (RLMCopyTask)', () => {
  it('only the leader copies, never the active segment, and only below the high watermark', () => {
    const s = tiered({ 'local.retention.ms': 600_000 });
    const events = s.advanceTo(20_000);
    const p = partition(s.state, 'events', 0);
    const leader = leaderOf(p);
    const remote = p.remoteLog!;
    expect(remote.segments.length).toBeGreaterThan(2);
    // RLMCopyTask.candidateLogSegments: the active segment stays local only.
    const active = leader.log.segments.at(-1)!;
    expect(remote.logEndOffset).toBeLessThanOrEqual(active.baseOffset);
    expect(remote.logEndOffset).toBeLessThanOrEqual(leader.highWatermark);
    // The copies hold the leader's batches, offset for offset.
    expect(remote.segments[0]!.baseOffset).toBe(0);
    expect(remote.segments.map((x) => x.batches[0]!.id)).toEqual(
      leader.log.segments.slice(0, remote.segments.length).map((x) => x.batches[0]!.id),
    );
    for (const b of s.state.brokers) {
      if (b.id === p.leader) expect(b.remoteStorage.copiedSegments).toBe(remote.segments.length);
      else expect(b.remoteStorage.copiedSegments).toBe(0);
    }
    const copied = ofType(events, 'remote.copied');
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.every((e) => e.broker === p.leader)).toBe(true);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('runs every remote.log.manager.task.interval.ms; each upload is a message to remote storage', () => {
    // The broker's tasks start at time 0: they run at 7 s, 14 s, 21 s, 28 s, and a run uploads
    // its segments one after another, each a round trip to remote storage (50 ms each way).
    const at: number[] = [];
    const s = tiered({}, {}, { 'remote.log.manager.task.interval.ms': 7000 });
    let uploadsSeen = 0;
    for (let t = 100; t <= 30_000; t += 100) {
      if (ofType(s.advanceTo(t), 'remote.copied').length > 0) at.push(t);
      for (const m of messages(s.state, 'remoteCopy')) {
        expect(m.from).toEqual({ kind: 'broker', id: partition(s.state, 'events', 0).leader });
        expect(m.to).toEqual({ kind: 'remote' });
        uploadsSeen++;
      }
    }
    expect(at.length).toBeGreaterThan(1);
    expect(uploadsSeen).toBeGreaterThan(0);
    for (const t of at) {
      expect(t % 7000).toBeGreaterThan(0);
      expect(t % 7000).toBeLessThanOrEqual(1500);
    }
  });

  it('an upload lost with its leader is copied again by the next leader', () => {
    const s = tiered({}, {}, { 'remote.log.manager.task.interval.ms': 3000 });
    const p = partition(s.state, 'events', 0);
    s.advanceTo(2_999);
    s.advanceTo(3_010); // the first task run has sent an upload
    const first = p.leader!;
    expect(p.remoteCopyInFlight?.broker).toBe(first);
    s.apply({ type: 'broker.crash', broker: first });
    expect(p.remoteCopyInFlight).toBeNull();
    s.advanceTo(30_000);
    expect(p.leader).not.toBe(first);
    const remote = p.remoteLog!;
    expect(remote.logStartOffset).toBe(0);
    expect(remote.segments.length).toBeGreaterThan(1);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('topics without remote.storage.enable are never copied', () => {
    const s = sim({
      brokerConfig: TIERED_BROKERS,
      topics: [
        { name: 'plain', partitions: 1, replicationFactor: 3, config: { 'segment.bytes': 16384 } },
      ],
      producers: [{ id: 'p', topic: 'plain', ratePerSec: 100, valueBytes: 200 }],
    });
    s.advanceTo(20_000);
    expect(partition(s.state, 'plain', 0).remoteLog).toBeNull();
  });
});

describe('local retention deletes only what is in remote storage (UnifiedLog.isSegmentEligibleForDeletion)', () => {
  it('keeps segments past local.retention.ms until they are copied, then deletes them', () => {
    // Copies only every 60 s, after the first retention check (30 s, log.initial.task.delay.ms).
    const s = tiered(
      { 'local.retention.ms': 1000 },
      {},
      { 'remote.log.manager.task.interval.ms': 60_000 },
    );
    s.advanceTo(45_000);
    const p = partition(s.state, 'events', 0);
    for (const r of p.replicaLogs) expect(r.log.logStartOffset).toBe(0);
    s.advanceTo(62_000);
    const copiedTo = p.remoteLog!.logEndOffset;
    expect(copiedTo).toBeGreaterThan(0);
    for (const r of p.replicaLogs) {
      // Followers too: they learn what was copied from the remote log metadata.
      expect(r.log.logStartOffset).toBeGreaterThan(0);
      expect(r.log.logStartOffset).toBeLessThanOrEqual(copiedTo);
    }
    expect(logStartOffset(p, leaderOf(p))).toBe(0);
    expect(checkInvariants(s.state)).toEqual([]);
  });
});

describe('reads below the local log go to remote storage', () => {
  it('ListOffsets earliest is the remote log start, and a consumer from earliest reads every record', () => {
    const s = tiered({}, { brokers: 3 });
    s.advanceTo(40_000);
    const p = partition(s.state, 'events', 0);
    const leader = leaderOf(p);
    expect(leader.log.logStartOffset).toBeGreaterThan(0);
    s.apply({
      type: 'consumer.add',
      consumer: 'c',
      assign: ['events-0'],
      config: { 'auto.offset.reset': 'earliest' },
    });
    let remoteReads = 0;
    let answersOfOldRecords = 0;
    for (let t = 40_010; t <= 60_000; t += 10) {
      s.advanceTo(t);
      // DelayedRemoteFetch: the broker asks remote storage, and the answer leaves when the
      // records come back.
      for (const m of messages(s.state, 'remoteFetchResponse')) {
        expect(m.from).toEqual({ kind: 'remote' });
        remoteReads++;
      }
      for (const m of messages(s.state, 'fetchResponse'))
        if (
          m.payload.kind === 'fetchResponse' &&
          m.payload.partitions[0]!.fromOffset < leader.log.logStartOffset
        )
          answersOfOldRecords++;
    }
    const sawDelayed = remoteReads > 0 && answersOfOldRecords > 0;
    const c = s.state.consumers.find((x) => x.id === 'c')!;
    expect(c.stats.offsetResets).toBeGreaterThan(0);
    expect(c.stats.recordsConsumed).toBeGreaterThan(leader.log.logStartOffset);
    expect(c.assignment[0]!.position).toBeGreaterThan(leader.log.logStartOffset);
    const b = broker(s.state, p.leader!);
    expect(b.remoteStorage.fetches).toBeGreaterThan(0);
    expect(b.remoteStorage.fetchBytes).toBeGreaterThan(0);
    expect(sawDelayed).toBe(true);
    // Remote reads never touch the broker's page cache or disk counters.
    expect(b.pageCache.diskReads).toBe(0);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it("a restarted follower below the leader's local log gets OFFSET_MOVED_TO_TIERED_STORAGE and starts at the local log start", () => {
    const s = tiered();
    const p = partition(s.state, 'events', 0);
    const follower = p.replicas.find((b) => b !== p.leader)!;
    s.advanceTo(2_000);
    s.apply({ type: 'broker.crash', broker: follower });
    s.advanceTo(50_000);
    const leaderStart = leaderOf(p).log.logStartOffset;
    expect(leaderStart).toBeGreaterThan(1000);
    s.apply({ type: 'broker.restart', broker: follower });
    const events = s.advanceTo(60_000);
    const truncated = ofType(events, 'replica.truncated').filter((e) => e.broker === follower);
    expect(truncated.some((e) => e.reason.includes('only in remote storage'))).toBe(true);
    const r = p.replicaLogs.find((x) => x.brokerId === follower)!;
    // It never copies remote data back: its log starts where the leader's local log did.
    expect(r.log.logStartOffset).toBeGreaterThanOrEqual(leaderStart);
    expect(p.isr).toContain(follower);
    expect(checkInvariants(s.state)).toEqual([]);
  });
});

describe('follower catch-up below the local log (TierStateMachine.buildRemoteLogAuxState)', () => {
  it('the follower takes the leader epochs and producer state of the remote records', () => {
    const s = tiered({ 'local.retention.ms': 3000 });
    const p = partition(s.state, 'events', 0);
    // A leader change first: the remote records span two leader epochs.
    const first = p.leader!;
    s.advanceTo(2_000);
    s.apply({ type: 'broker.crash', broker: first });
    s.advanceTo(12_000);
    expect(p.leader).not.toBe(first);
    s.apply({ type: 'broker.restart', broker: first });
    s.advanceTo(14_000);
    // Then a follower is away while the leader's local log moves on past what it has.
    const follower = p.replicas.find((b) => b !== p.leader)!;
    s.apply({ type: 'broker.crash', broker: follower });
    s.advanceTo(50_000);
    const leader = leaderOf(p);
    const leaderStart = leader.log.logStartOffset;
    expect(p.remoteLog!.logStartOffset).toBeLessThan(leaderStart);
    s.apply({ type: 'broker.restart', broker: follower });
    s.advanceTo(60_000);
    const r = p.replicaLogs.find((x) => x.brokerId === follower)!;
    expect(r.log.logStartOffset).toBeGreaterThanOrEqual(leaderStart);
    // The epochs below its local log are the leader's (LeaderEpochFileCache from remote storage).
    const below = leader.epochs.filter((e) => e.startOffset < r.log.logStartOffset);
    expect(below.length).toBeGreaterThan(1);
    expect(r.epochs.slice(0, below.length)).toEqual(below);
    // And the producer snapshot: it knows the idempotent producer's last batches.
    expect(Object.keys(r.producerStates)).toEqual(Object.keys(leader.producerStates));
    expect(checkInvariants(s.state)).toEqual([]);
  });
});

describe('retention.* bounds the whole log (RLMExpirationTask)', () => {
  it('retention.ms deletes remote segments and moves the log start offset', () => {
    const s = tiered({ 'retention.ms': 15_000, 'local.retention.ms': 5000 });
    const events = s.advanceTo(60_000);
    const p = partition(s.state, 'events', 0);
    const deleted = ofType(events, 'remote.deleted');
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.every((e) => e.reason === 'retention.ms')).toBe(true);
    const start = logStartOffset(p, leaderOf(p));
    expect(start).toBeGreaterThan(0);
    expect(start).toBe(p.remoteLog!.logStartOffset);
    expect(buildReport(s.state).partitions[0]!.logStartOffset).toBe(start);
    expect(broker(s.state, p.leader!).remoteStorage.deletedSegments).toBe(
      deleted.reduce((n, e) => n + e.segments, 0),
    );
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('retention.bytes counts remote segments plus the local ones not copied yet', () => {
    const s = tiered({ 'retention.bytes': 100_000, 'local.retention.bytes': 40_000 });
    s.advanceTo(60_000);
    const p = partition(s.state, 'events', 0);
    const leader = leaderOf(p);
    const remote = p.remoteLog!;
    let onlyLocal = 0;
    for (const seg of leader.log.segments)
      if (seg.baseOffset >= remote.logEndOffset) onlyLocal += seg.sizeBytes;
    expect(remote.logStartOffset).toBeGreaterThan(0);
    // After the last run: the total is within one segment of retention.bytes.
    expect(remote.sizeBytes + onlyLocal).toBeLessThan(100_000 + 2 * 16384);
    expect(leader.log.sizeBytes).toBeLessThan(40_000 + 2 * 16384);
    expect(checkInvariants(s.state)).toEqual([]);
  });
});

describe('tiered storage is deterministic and reported', () => {
  it('the shipped scenario prints the same report twice, with remote figures', () => {
    const run = () => {
      const s = tiered({}, { seed: 7 });
      s.apply({ type: 'broker.crash', broker: 3 });
      s.advanceTo(20_000);
      s.apply({ type: 'broker.restart', broker: 3 });
      s.advanceTo(45_000);
      return JSON.stringify(buildReport(s.state));
    };
    const a = run();
    expect(run()).toBe(a);
    const report = JSON.parse(a) as ReturnType<typeof buildReport>;
    expect(report.partitions[0]!.remoteLog!.segments).toBeGreaterThan(0);
    expect(report.partitions[0]!.localLogStartOffset).toBeGreaterThan(0);
    expect(report.brokers.every((b) => b.remoteStorage !== undefined)).toBe(true);
  });
});

describe('tiered storage edge cases (found in review)', () => {
  it('a new leader whose local log starts past the end of remote storage copies on, leaving a hole read as out of range', () => {
    // Not tiered at first, with replicas whose local logs start at different offsets (broker 2
    // restarted, so its retention runs at other times); then remote storage is switched on.
    const s = sim({
      brokerConfig: {
        ...TIERED_BROKERS,
        'remote.log.manager.task.interval.ms': 60_000,
        'log.retention.check.interval.ms': 20_000,
      },
      topics: [
        {
          name: 'events',
          partitions: 1,
          replicaAssignment: [[1, 2]],
          config: { 'segment.bytes': 16384, 'retention.ms': 5000 },
        },
      ],
      producers: [
        { id: 'p', topic: 'events', ratePerSec: 100, valueBytes: 200, config: { acks: '1' } },
      ],
    });
    const p = partition(s.state, 'events', 0);
    const local = (b: number) => p.replicaLogs.find((r) => r.brokerId === b)!.log;
    s.advanceTo(1000);
    s.apply({ type: 'broker.crash', broker: 2 });
    s.advanceTo(11_000);
    s.apply({ type: 'broker.restart', broker: 2 });
    let t = 11_000;
    while (!(p.isr.length === 2 && local(2).logStartOffset > local(1).logStartOffset + 300)) {
      s.advanceTo((t += 500));
      if (t > 200_000) throw new Error('the local logs never started apart');
    }
    s.apply({
      type: 'topic.setConfig',
      topic: 'events',
      config: { 'remote.storage.enable': true, 'retention.ms': -1, 'local.retention.ms': 5000 },
    });
    while (p.remoteLog === null) {
      s.advanceTo((t += 10));
      if (t > 300_000) throw new Error('nothing was copied');
    }
    const holeFrom = p.remoteLog.logEndOffset;
    const broker2StartedAt = local(2).logStartOffset;
    s.apply({ type: 'broker.crash', broker: 1 });
    s.advanceTo(t + 60_000);
    expect(p.leader).toBe(2);
    const remote = p.remoteLog;
    // RLMCopyTask copies from max(copied + 1, local log start): a hole, not endless refusals.
    expect(remote.segments.length).toBeGreaterThan(10);
    expect(remote.segments[1]!.baseOffset).toBeGreaterThan(holeFrom);
    // Broker 2 deletes what it copied (local.retention.ms), instead of keeping everything.
    expect(local(2).logStartOffset).toBeGreaterThan(broker2StartedAt);
    expect(local(2).logStartOffset).toBeLessThanOrEqual(remote.logEndOffset);
    expect(checkInvariants(s.state)).toEqual([]);
    // A fetch in the hole is out of range (RemoteLogManager.read finds no segment for it).
    s.apply({
      type: 'consumer.add',
      consumer: 'c',
      assign: ['events-0'],
      config: { 'auto.offset.reset': 'earliest' },
    });
    s.advanceTo(s.state.nowMs + 3000);
    const c = s.state.consumers.find((x) => x.id === 'c')!;
    expect(c.stats.errors['OFFSET_OUT_OF_RANGE'] ?? 0).toBeGreaterThan(0);
  });

  it('after an unclean election remote segments of the old lineage are dropped at once and nothing uncopied is deleted', () => {
    const s = sim({
      brokerConfig: { ...TIERED_BROKERS, 'remote.log.manager.task.interval.ms': 30_000 },
      topics: [
        {
          name: 'events',
          partitions: 1,
          replicaAssignment: [[1, 2]],
          config: {
            'remote.storage.enable': true,
            'segment.bytes': 16384,
            'retention.ms': 15_000,
            'local.retention.ms': 5000,
            'min.insync.replicas': 1,
            'unclean.leader.election.enable': true,
          },
        },
      ],
      producers: [
        { id: 'p', topic: 'events', ratePerSec: 100, valueBytes: 200, config: { acks: '1' } },
      ],
    });
    const p = partition(s.state, 'events', 0);
    s.advanceTo(2000);
    s.apply({ type: 'broker.crash', broker: 2 });
    s.advanceTo(95_000);
    expect(p.remoteLog!.logStartOffset).toBeGreaterThan(1000);
    s.apply({ type: 'broker.crash', broker: 1 });
    s.apply({ type: 'broker.restart', broker: 2 });
    for (let t = 95_500; t <= 140_000; t += 500) {
      s.advanceTo(t);
      if (p.leader !== 2) continue;
      const r = p.replicaLogs.find((x) => x.brokerId === 2)!;
      if (!r.leaderState) continue;
      // The partition's log start never passes its high watermark, and remote storage never
      // holds offsets past the new leader's log end.
      expect(logStartOffset(p, r)).toBeLessThanOrEqual(r.highWatermark);
      expect(p.remoteLog!.logEndOffset).toBeLessThanOrEqual(r.log.logEndOffset);
      // Every record below the local log start is in remote storage (nothing uncopied deleted).
      expect(p.remoteLog!.logEndOffset).toBeGreaterThanOrEqual(r.log.logStartOffset);
      expect(checkInvariants(s.state)).toEqual([]);
    }
  });

  it('once remote retention moves the log start past the local log start, reads below it are out of range', () => {
    const s = tiered(
      { 'retention.ms': 15_000, 'local.retention.ms': -2 },
      {},
      { 'log.retention.check.interval.ms': 20_000 },
    );
    const p = partition(s.state, 'events', 0);
    let t = 30_000;
    s.advanceTo(t);
    const leader = () => leaderOf(p);
    while (logStartOffset(p, leader()) <= leader().log.logStartOffset + 100)
      s.advanceTo((t += 500));
    const below = logStartOffset(p, leader()) - 50;
    expect(below).toBeGreaterThanOrEqual(leader().log.logStartOffset);
    s.apply({
      type: 'consumer.add',
      consumer: 'c',
      assign: ['events-0'],
      config: { 'auto.offset.reset': 'earliest' },
    });
    s.advanceTo(t + 300);
    // ListOffsets earliest: the partition's log start, not the local one.
    const c = s.state.consumers.find((x) => x.id === 'c')!;
    expect(c.assignment[0]!.position).toBeGreaterThanOrEqual(logStartOffset(p, leader()) - 1);
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('__consumer_offsets cannot be tiered (validateNoRemoteStorageForCompactedTopic)', () => {
    const s = sim({
      brokerConfig: TIERED_BROKERS,
      topics: [{ name: 'orders', partitions: 1 }],
      groups: [{ id: 'g', topics: ['orders'], members: 1 }],
    });
    s.advanceTo(5000);
    const events = s.apply({
      type: 'topic.setConfig',
      topic: '__consumer_offsets',
      config: { 'remote.storage.enable': true },
    });
    expect(rejections(events)[0]!.reason).toContain('unsupported for the compacted topics');
  });
});
