/**
 * The leader's check of one partition of a follower fetch (ReplicaManager.readFromLog's
 * checks, Partition.fetchRecords): an error, a divergence, or the leader's replica to read.
 *
 * Hot path: an incremental fetch reads every partition of its session, up to three times (on
 * arrival, when a parked fetch is woken, for the response), and most of them are idle
 * partitions of __consumer_offsets. The lookups of the full check (the partition, the leader's
 * replica, its leader state, the leader's metadata view and the replicas it names) are kept per
 * fetch entry (`resolved`, derived, never serialised), so a later check of the same entry
 * reads a few fields instead. The kept lookups hold while:
 * - the leader state is the one found then: it is replaced when the broker becomes leader
 *   again and dropped (null) when it resigns, crashes or its replica is deleted, and a replica
 *   log is only removed or recreated after its leader state is gone;
 * - the leader's metadata offset is the one then: partition records are only ever appended at
 *   higher offsets, so the same offset gives the same view (leader, replicas); a crash sets it
 *   to -1. A view naming no replicas (snapshots from before reassignments) makes the check go
 *   by the partition's current replicas instead, so it is never kept.
 * Everything else the check reads (the fetch data, leader epoch, latest epoch, log start and
 * end) is read afresh; whenever the fast answer is not "readable", the full check decides.
 */
import { findPartition } from './context.ts';
import { endOffsetFor, latestEpoch } from './epochCache.ts';
import { brokerView, recordReplicas } from './metadata.ts';
import type {
  BrokerId,
  BrokerState,
  EpochEntry,
  LeaderState,
  PartitionState,
  RemoteReplica,
  ReplicaFetchPartition,
  ReplicaLog,
  SimState,
} from './model.ts';

export function replicaOn(p: PartitionState, broker: BrokerId): ReplicaLog | undefined {
  const rs = p.replicaLogs;
  for (let i = 0; i < rs.length; i++) if (rs[i]!.brokerId === broker) return rs[i];
  return undefined;
}

/**
 * The outcome of checking one partition of a follower fetch. It lives in this one reused
 * object instead of a fresh one per call; it is read right after each call and never kept.
 */
export interface FetchCheck {
  /** null when the partition can be read. */
  error: string | null;
  /** The end of the follower's last fetched epoch here, when its log diverged; else null. */
  diverged: EpochEntry | null;
  p: PartitionState | null;
  r: ReplicaLog | null;
  /** The kept lookups behind a readable answer, if kept (see remoteFor). */
  via: Resolved | null;
}

const check: FetchCheck = { error: null, diverged: null, p: null, r: null, via: null };

function checked(
  error: string | null,
  p: PartitionState | null,
  r: ReplicaLog | null,
  diverged: EpochEntry | null = null,
  via: Resolved | null = null,
): FetchCheck {
  check.error = error;
  check.p = p;
  check.r = r;
  check.diverged = diverged;
  check.via = via;
  return check;
}

/** What the full check looked up for one fetch entry, valid while the notes above hold. */
interface Resolved {
  leader: BrokerState;
  follower: BrokerId;
  metadataOffset: number;
  p: PartitionState;
  r: ReplicaLog;
  ls: LeaderState;
  /** The leader's record of the follower, and the list of remotes it was found in (see remoteFor). */
  remotes: RemoteReplica[] | null;
  remote: RemoteReplica | undefined;
}

/** Derived, never serialised: keyed by the fetch entry (a session's cached partition, mostly). */
const resolved = new WeakMap<ReplicaFetchPartition, Resolved>();

/** The kept lookups for this entry, if they still hold (see the notes at the top). */
function stillResolved(
  leader: BrokerState,
  follower: BrokerId,
  fp: ReplicaFetchPartition,
): Resolved | undefined {
  const d = resolved.get(fp);
  if (
    d === undefined ||
    d.leader !== leader ||
    d.follower !== follower ||
    d.r.leaderState !== d.ls ||
    leader.metadataOffset !== d.metadataOffset
  )
    return undefined;
  return d;
}

/** Checks one partition of a follower fetch: an error, a divergence, or the leader's replica. */
export function checkReplicaFetch(
  state: SimState,
  leader: BrokerState,
  follower: BrokerId,
  fp: ReplicaFetchPartition,
): FetchCheck {
  const d = stillResolved(leader, follower, fp);
  if (d !== undefined) {
    // The usual case, a readable partition at the leader's epoch, in its latest epoch (or with
    // no epoch yet), within the log: the same answer as the full check below, without lookups.
    const r = d.r;
    const log = r.log;
    if (
      fp.currentLeaderEpoch === d.ls.leaderEpoch &&
      (fp.lastFetchedEpoch < 0 || fp.lastFetchedEpoch === latestEpoch(r)) &&
      fp.fetchOffset >= log.logStartOffset &&
      fp.fetchOffset <= log.logEndOffset
    )
      return checked(null, d.p, r, null, d);
  }
  return fullCheck(state, leader, follower, fp, d);
}

function fullCheck(
  state: SimState,
  leader: BrokerState,
  follower: BrokerId,
  fp: ReplicaFetchPartition,
  kept: Resolved | undefined,
): FetchCheck {
  const p = findPartition(state, fp.topic, fp.partition);
  if (!p) return checked('UNKNOWN_TOPIC_OR_PARTITION', null, null);
  const r = replicaOn(p, leader.id);
  const ls = r?.leaderState;
  const view = brokerView(leader, p);
  const replicas = view ? recordReplicas(view) : undefined;
  // The leader goes by the replicas its own metadata names (a reassignment may change them).
  if (!r || !ls || view?.leader !== leader.id || !(replicas ?? p.replicas).includes(follower))
    return checked('NOT_LEADER_OR_FOLLOWER', null, null);
  let via: Resolved | null = kept ?? null;
  if (replicas !== undefined && via === null) {
    via = {
      leader,
      follower,
      metadataOffset: leader.metadataOffset,
      p,
      r,
      ls,
      remotes: null,
      remote: undefined,
    };
    resolved.set(fp, via);
  }
  if (fp.currentLeaderEpoch < ls.leaderEpoch) return checked('FENCED_LEADER_EPOCH', null, null);
  if (fp.currentLeaderEpoch > ls.leaderEpoch) return checked('UNKNOWN_LEADER_EPOCH', null, null);
  // Partition.fetchRecords: the follower's last epoch must end at or after its fetch offset
  // here. Usually it is the leader's latest epoch, which ends at the log end: no lookup needed.
  const latest = fp.lastFetchedEpoch >= 0 && fp.lastFetchedEpoch === latestEpoch(r);
  if (fp.lastFetchedEpoch >= 0 && !(latest && r.log.logEndOffset >= fp.fetchOffset)) {
    const end = endOffsetFor(r, fp.lastFetchedEpoch);
    if (end.epoch < fp.lastFetchedEpoch || end.startOffset < fp.fetchOffset)
      return checked(null, null, r, end);
  }
  // Below the leader's local log start on a tiered topic, the records are in remote storage:
  // the follower does not fetch them (ReplicaManager answers OFFSET_MOVED_TO_TIERED_STORAGE).
  if (fp.fetchOffset < r.log.logStartOffset && p.remoteLog !== null)
    return checked('OFFSET_MOVED_TO_TIERED_STORAGE', null, r);
  if (fp.fetchOffset < r.log.logStartOffset || fp.fetchOffset > r.log.logEndOffset)
    return checked('OFFSET_OUT_OF_RANGE', null, r);
  return checked(null, p, r, null, via);
}

/** Whether the last check found the partition readable (no error, no divergence). */
export function readable(c: FetchCheck): c is FetchCheck & { p: PartitionState; r: ReplicaLog } {
  return c.error === null && c.diverged === null;
}

/** The leader's record of one follower (Replica.scala), if it is one. */
function remoteOf(ls: LeaderState, follower: BrokerId): RemoteReplica | undefined {
  const remotes = ls.remotes;
  for (let i = 0; i < remotes.length; i++) if (remotes[i]!.brokerId === follower) return remotes[i];
  return undefined;
}

/**
 * The leader's record of the follower, for the partition the last check found readable: kept
 * with that entry's lookups while its leader state's list of remotes is the same array (the
 * list is replaced, never edited, when the replicas change).
 */
export function remoteFor(
  c: FetchCheck & { r: ReplicaLog },
  ls: LeaderState,
  follower: BrokerId,
): RemoteReplica | undefined {
  const d = c.via;
  if (d === null) return remoteOf(ls, follower);
  if (d.remotes !== ls.remotes) {
    d.remotes = ls.remotes;
    d.remote = remoteOf(ls, follower);
  }
  return d.remote;
}
