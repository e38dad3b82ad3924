/**
 * The leader's check of a follower fetch partition keeps its lookups per session entry
 * (replicaFetchCheck.ts), so idle partitions cost a few reads. These tests change, one kind at
 * a time, everything the check depends on after it kept its lookups, and require the same answer
 * as a check without them (a copy of the entry, never seen before); and, through the whole
 * engine, that an idle session partition which gets news is answered.
 */
import { describe, expect, it } from 'vitest';
import { checkReplicaFetch, remoteFor } from '../../src/engine/replicaFetchCheck.ts';
import type {
  BrokerState,
  CachedFetchPartition,
  PartitionState,
  ReplicaLog,
  SimState,
} from '../../src/engine/model.ts';
import { partition, sim } from './helpers.ts';

/** Five partitions led by broker 1, followed by brokers 2 and 3; only orders-0 gets records. */
function fivePartitions(brokerConfig: Record<string, number> = {}) {
  const replicas = [1, 2, 3];
  return sim({
    brokers: 3,
    brokerConfig,
    topics: [{ name: 'orders', replicaAssignment: [0, 1, 2, 3, 4].map(() => replicas) }],
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, partition: 0 }],
  });
}

interface Setup {
  state: SimState;
  leader: BrokerState;
  entry: CachedFetchPartition;
  p: PartitionState;
  r: ReplicaLog;
}

/** Broker 1's session entry for broker 2's fetches of `orders-n`, its lookups kept. */
function warm(n: number): Setup {
  const s = fivePartitions();
  s.advanceTo(3000);
  const state = s.state;
  const leader = state.brokers[0]!;
  const session = leader.fetchSessions.find((x) => x.replica === 2)!;
  const entry = session.partitions.find((e) => e.topic === 'orders' && e.partition === n)!;
  const p = partition(state, 'orders', n);
  const r = p.replicaLogs.find((x) => x.brokerId === 1)!;
  expect(checkReplicaFetch(state, leader, 2, entry).error).toBeNull();
  return { state, leader, entry, p, r };
}

/** The check of the kept entry, and of a copy no check has seen, as comparable values. */
function bothChecks(x: Setup) {
  const answer = (fp: CachedFetchPartition) => {
    const c = checkReplicaFetch(x.state, x.leader, 2, fp);
    return { error: c.error, diverged: c.diverged, p: c.p, r: c.r };
  };
  return { kept: answer(x.entry), fresh: answer({ ...x.entry }) };
}

const changes: [string, number, (x: Setup) => void, string | null][] = [
  ['the leader resigns', 3, (x) => (x.r.leaderState = null), 'NOT_LEADER_OR_FOLLOWER'],
  [
    'the leader is leader again in a newer epoch',
    3,
    (x) => (x.r.leaderState = { ...x.r.leaderState!, leaderEpoch: x.entry.currentLeaderEpoch + 1 }),
    'FENCED_LEADER_EPOCH',
  ],
  [
    'the follower believes in a newer epoch',
    3,
    (x) => (x.entry.currentLeaderEpoch += 1),
    'UNKNOWN_LEADER_EPOCH',
  ],
  [
    'the leader applies metadata without the follower among the replicas',
    3,
    (x) => appendRecord(x, { replicas: [1, 3], isr: [1, 3] }),
    'NOT_LEADER_OR_FOLLOWER',
  ],
  [
    'the leader applies metadata naming another leader',
    3,
    (x) => appendRecord(x, { leader: 3 }),
    'NOT_LEADER_OR_FOLLOWER',
  ],
  ['the leader applies metadata that changes nothing here', 3, (x) => appendRecord(x, {}), null],
  [
    'the leader crashes',
    3,
    (x) => {
      x.leader.alive = false;
      x.leader.metadataOffset = -1;
      x.r.leaderState = null;
    },
    'NOT_LEADER_OR_FOLLOWER',
  ],
  [
    'the log start passes the fetch offset',
    0,
    (x) => (x.r.log.logStartOffset = x.entry.fetchOffset + 1),
    'OFFSET_OUT_OF_RANGE',
  ],
  [
    'the log end falls below the fetch offset (a divergence)',
    0,
    (x) => (x.entry.fetchOffset = x.r.log.logEndOffset + 1),
    null,
  ],
  [
    'the log end falls below the fetch offset of a follower with no epoch',
    0,
    (x) => {
      x.entry.fetchOffset = x.r.log.logEndOffset + 1;
      x.entry.lastFetchedEpoch = -1;
    },
    'OFFSET_OUT_OF_RANGE',
  ],
  [
    'the leader starts a newer epoch after the follower’s last one',
    0,
    (x) => x.r.epochs.push({ epoch: x.entry.lastFetchedEpoch + 1, startOffset: 1 }),
    null,
  ],
];

/** The controller commits a record for the partition and the leader applies it. */
function appendRecord(x: Setup, change: { leader?: number; replicas?: number[]; isr?: number[] }) {
  const last = x.p.history[x.p.history.length - 1]!;
  const offset = Math.max(x.state.controller.metadataOffset, x.leader.metadataOffset) + 1;
  x.p.history.push({ ...last, ...change, offset });
  x.leader.metadataOffset = offset;
}

describe('the leader’s follower fetch check, with its lookups kept', () => {
  for (const [what, n, change, error] of changes) {
    it(`answers as the full check after ${what}`, () => {
      const x = warm(n);
      change(x);
      const { kept, fresh } = bothChecks(x);
      expect(kept).toEqual(fresh);
      expect(kept.p === fresh.p && kept.r === fresh.r).toBe(true);
      expect(kept.error).toBe(error);
    });
  }

  it('finds the follower’s new record once the leader replaces its list of remotes', () => {
    const x = warm(3);
    const ls = x.r.leaderState!;
    const c = checkReplicaFetch(x.state, x.leader, 2, x.entry);
    const before = remoteFor(c as typeof c & { r: ReplicaLog }, ls, 2);
    expect(before?.brokerId).toBe(2);
    ls.remotes = ls.remotes.map((remote) => ({ ...remote }));
    const again = checkReplicaFetch(x.state, x.leader, 2, x.entry);
    const after = remoteFor(again as typeof again & { r: ReplicaLog }, ls, 2);
    expect(after).toBe(ls.remotes.find((remote) => remote.brokerId === 2));
    expect(after).not.toBe(before);
  });
});

describe('an idle session partition that gets news', () => {
  it('is answered: its records and high watermark reach the followers', () => {
    const s = fivePartitions();
    s.advanceTo(3000);
    expect(partition(s.state, 'orders', 3).replicaLogs.every((r) => r.log.logEndOffset === 0)).toBe(
      true,
    );
    s.apply({ type: 'producer.add', producer: 'q', topic: 'orders', partition: 3, ratePerSec: 50 });
    s.advanceTo(5000);
    const logs = partition(s.state, 'orders', 3).replicaLogs;
    const leader = logs.find((r) => r.brokerId === 1)!;
    expect(leader.log.logEndOffset).toBeGreaterThan(0);
    for (const r of logs) {
      expect(r.log.logEndOffset).toBeGreaterThan(leader.log.logEndOffset - 10);
      expect(r.highWatermark).toBeGreaterThan(0);
    }
  });

  it('is answered with the new log start offset when retention deletes its records', () => {
    const s = fivePartitions({ 'log.retention.check.interval.ms': 1000 });
    s.apply({ type: 'producer.add', producer: 'q', topic: 'orders', partition: 3, ratePerSec: 50 });
    s.advanceTo(3000);
    s.apply({ type: 'producer.remove', producer: 'q' });
    s.advanceTo(5000);
    s.apply({
      type: 'topic.setConfig',
      topic: 'orders',
      config: { 'retention.ms': 1000, 'segment.ms': 500 },
    });
    s.advanceTo(40_000);
    const leader = partition(s.state, 'orders', 3).replicaLogs.find((r) => r.brokerId === 1)!;
    expect(leader.log.logStartOffset).toBeGreaterThan(0);
    // What each session last answered for the partition (CachedPartition) is the new start.
    for (const session of s.state.brokers[0]!.fetchSessions) {
      const entry = session.partitions.find((e) => e.topic === 'orders' && e.partition === 3)!;
      expect(entry.logStartOffset).toBe(leader.log.logStartOffset);
      expect(entry.highWatermark).toBe(leader.highWatermark);
    }
  });
});
