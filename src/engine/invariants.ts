/**
 * Invariants that must hold after every step of every simulation. Tests (unit and property)
 * check them after each tick; the headless report lists any violation. Each check looks at
 * the state as it is now, in time linear in its size; rules about how the state changes
 * over time (one leader per leader epoch) are in invariantTracker.ts.
 *
 * The replication rules hold whatever the settings (acks, min.insync.replicas, unclean
 * leader election), except the committed-prefix rule, which an unclean election breaks by
 * design (see `committedPrefixProblems`).
 */
import { effectiveMinIsr, elrEnabled } from './elr.ts';
import { findBroker, leaderLog } from './context.ts';
import { epochAt } from './epochCache.ts';
import { logProblems } from './log.ts';
import { pageCacheProblems } from './pageCache.ts';
import { remoteLogProblems } from './tieredStorage.ts';
import { brokerView, recordReplicas } from './metadata.ts';
import type { GroupState } from './groupTypes.ts';
import type { PartitionState, RecordBatch, ReplicaLog, SimState } from './model.ts';
import { inFlightMessages } from './network.ts';

export function checkInvariants(state: SimState): string[] {
  const problems: string[] = [];
  for (const t of state.topics) {
    for (const p of t.partitions) {
      replicationProblems(state, p, problems);
      problems.push(...remoteLogProblems(p));
    }
  }
  for (const b of state.brokers) problems.push(...pageCacheProblems(state, b));
  for (const c of state.consumers) {
    for (const a of c.assignment) {
      const p = state.topics.find((t) => t.name === a.topic)?.partitions[a.partition];
      if (!p || a.position === null) continue;
      // A consumer reads only below the high watermark (FetchIsolation.HIGH_WATERMARK). A new
      // leader's high watermark may briefly lag the old leader's (it advances with the
      // followers' next fetches), so the bound is the highest any replica has known.
      let hw = 0;
      for (const r of p.replicaLogs) hw = Math.max(hw, r.highWatermark);
      if (a.position > hw) {
        problems.push(
          `consumer ${c.id} position ${a.position} on ${a.topic}-${a.partition} is past every high watermark (${hw})`,
        );
      }
    }
  }
  for (const m of inFlightMessages(state)) {
    if (m.arrivesAtMs < m.sentAtMs)
      problems.push(
        `message ${m.id} arrives at ${m.arrivesAtMs}, before it was sent at ${m.sentAtMs}`,
      );
    if (m.arrivesAtMs < state.nowMs)
      problems.push(
        `message ${m.id} should have arrived at ${m.arrivesAtMs} but is still in flight at ${state.nowMs}`,
      );
  }
  for (const item of state.queue) {
    if (item.atMs < state.nowMs)
      problems.push(`work ${item.work.kind} was due at ${item.atMs}, now is ${state.nowMs}`);
  }
  for (const g of state.groups) groupProblems(state, g, problems);
  return problems;
}

// ---------------------------------------------------------------------------------------
// Consumer groups

/**
 * A loaded group is consistent (members unique, a leader among them, Empty exactly when it has
 * none, each partition assigned once), and no partition is consumed by two of its current
 * members at once: eager members revoke before rejoining, cooperative ones only take a partition
 * one generation after its owner gave it up. A consumer the group has already removed (its poll
 * or session timed out) may still hold partitions until its next poll: that zombie is Kafka's
 * too, and is not counted.
 */
function groupProblems(state: SimState, g: GroupState, problems: string[]): void {
  if (g.coordinator === null) return;
  const ids = g.members.map((m) => m.memberId);
  if (new Set(ids).size !== ids.length) problems.push(`group ${g.groupId} lists a member twice`);
  if (g.members.length > 0 && !ids.includes(g.leaderId ?? ''))
    problems.push(`group ${g.groupId} leader ${g.leaderId} is not a member`);
  if ((g.state === 'Empty') !== (g.members.length === 0))
    problems.push(`group ${g.groupId} is ${g.state} with ${g.members.length} members`);
  const assigned = new Map<string, string>();
  for (const m of g.members) {
    for (const p of m.assignment) {
      const key = `${p.topic}-${p.partition}`;
      const other = assigned.get(key);
      if (other !== undefined)
        problems.push(`group ${g.groupId} assigns ${key} to ${other} and ${m.clientId}`);
      assigned.set(key, m.clientId);
    }
  }
  const members = new Set(ids);
  const owners = new Map<string, string>();
  for (const c of state.consumers) {
    const client = c.group;
    if (client?.groupId !== g.groupId || !members.has(client.memberId)) continue;
    for (const a of c.assignment) {
      const key = `${a.topic}-${a.partition}`;
      const other = owners.get(key);
      if (other !== undefined)
        problems.push(`group ${g.groupId}: ${key} is consumed by both ${other} and ${c.id}`);
      owners.set(key, c.id);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Replication

function list(ids: readonly number[]): string {
  return `[${ids.join(', ')}]`;
}

function duplicates(ids: readonly number[]): number[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

/** Every batch of a log, oldest first. */
function batchesOf(r: ReplicaLog): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (const seg of r.log.segments) for (const b of seg.batches) out.push(b);
  return out;
}

/** Index of the batch holding `offset` (or the first batch after it). */
function batchIndexAt(batches: RecordBatch[], offset: number): number {
  let lo = 0;
  let hi = batches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const b = batches[mid]!;
    if (b.baseOffset + b.recordCount <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first offset in [from, to) where two logs do not hold the same batch (same id at the
 * same base offset), or null when they agree there. Followers copy the leader's batches whole,
 * so agreeing logs have the same batch boundaries.
 */
function firstDifference(
  a: RecordBatch[],
  b: RecordBatch[],
  from: number,
  to: number,
): { offset: number; a: string; b: string } | null {
  if (from >= to) return null;
  let i = batchIndexAt(a, from);
  let j = batchIndexAt(b, from);
  const describe = (x: RecordBatch | undefined) =>
    x === undefined ? 'nothing' : `${x.id}@${x.baseOffset}+${x.recordCount}`;
  let offset = from;
  while (offset < to) {
    const x = a[i];
    const y = b[j];
    const same =
      x !== undefined &&
      y !== undefined &&
      x.id === y.id &&
      x.baseOffset === y.baseOffset &&
      x.recordCount === y.recordCount &&
      x.partitionLeaderEpoch === y.partitionLeaderEpoch &&
      x.baseOffset <= offset;
    if (!same) return { offset, a: describe(x), b: describe(y) };
    offset = x.baseOffset + x.recordCount;
    i++;
    j++;
  }
  return null;
}

function replicationProblems(state: SimState, p: PartitionState, problems: string[]): void {
  const where = `${p.topic}-${p.partition}`;
  // The assignment, and one log per replica in the same order.
  if (p.replicas.length === 0) problems.push(`${where}: no replicas`);
  if (duplicates(p.replicas).length > 0)
    problems.push(`${where}: replicas ${list(p.replicas)} name a broker twice`);
  const own = p.replicaLogs.slice(0, p.replicas.length);
  if (own.length !== p.replicas.length || own.some((r, i) => r.brokerId !== p.replicas[i])) {
    problems.push(
      `${where}: replica logs ${list(p.replicaLogs.map((r) => r.brokerId))} do not follow the replicas ${list(p.replicas)}`,
    );
  }
  // After them, only logs a reassignment removed, until their broker learns it and deletes
  // them (the property tests check they are gone once everything has settled).
  const extra = p.replicaLogs.slice(p.replicas.length).map((r) => r.brokerId);
  if (extra.some((b) => p.replicas.includes(b)) || duplicates(extra).length > 0)
    problems.push(`${where}: replica logs ${list(extra)} after the replicas' are not removed ones`);
  // A reassignment: adding and removing replicas are replicas, never both.
  const stray = [...p.addingReplicas, ...p.removingReplicas].filter((b) => !p.replicas.includes(b));
  if (stray.length > 0 || p.addingReplicas.some((b) => p.removingReplicas.includes(b)))
    problems.push(
      `${where}: reassignment adding ${list(p.addingReplicas)} removing ${list(p.removingReplicas)} does not fit the replicas ${list(p.replicas)}`,
    );
  // The ISR: a subset of the replicas. Without ELR (KIP-966, off by default) KRaft never empties
  // it: the last member stays when it fails (PartitionChangeBuilder); with ELR only a partition
  // without a leader may have an empty ISR.
  if (p.isr.length === 0 && (!elrEnabled(state) || p.leader !== null))
    problems.push(`${where}: the ISR is empty`);
  // The ELR: replicas outside the ISR, only while the ISR is below min.insync.replicas.
  if (p.elr.some((b) => !p.replicas.includes(b) || p.isr.includes(b)))
    problems.push(`${where}: ELR ${list(p.elr)} is not among the replicas outside the ISR`);
  if (p.elr.length > 0 && p.isr.length >= effectiveMinIsr(state, p))
    problems.push(
      `${where}: ELR ${list(p.elr)} kept while the ISR ${list(p.isr)} is at min.insync.replicas`,
    );
  const outside = p.isr.filter((b) => !p.replicas.includes(b));
  if (outside.length > 0)
    problems.push(
      `${where}: ISR ${list(p.isr)} has broker ${list(outside)}, not among the replicas ${list(p.replicas)}`,
    );
  if (duplicates(p.isr).length > 0)
    problems.push(`${where}: ISR ${list(p.isr)} names a broker twice`);
  // The leader: a replica in the ISR (clean and unclean elections alike pick an ISR member or
  // make the new leader the whole ISR).
  if (p.leader !== null && !p.replicas.includes(p.leader))
    problems.push(`${where}: leader ${p.leader} is not a replica ${list(p.replicas)}`);
  if (p.leader !== null && !p.isr.includes(p.leader))
    problems.push(`${where}: leader ${p.leader} is not in the ISR ${list(p.isr)}`);
  historyProblems(state, p, where, problems);
  const batches = new Map<ReplicaLog, RecordBatch[]>();
  for (const r of p.replicaLogs) {
    const own = batchesOf(r);
    batches.set(r, own);
    replicaProblems(state, p, r, own, `${where} on broker ${r.brokerId}`, problems);
  }
  logMatchingProblems(p, batches, where, problems);
  highWatermarkProblems(state, p, batches, where, problems);
  committedPrefixProblems(state, p, batches, where, problems);
}

/** The metadata records: increasing offsets and epochs, the last one the controller's current word. */
function historyProblems(
  state: SimState,
  p: PartitionState,
  where: string,
  problems: string[],
): void {
  const h = p.history;
  const last = h[h.length - 1];
  if (!last) {
    problems.push(`${where}: no metadata record`);
    return;
  }
  for (let i = 1; i < h.length; i++) {
    const a = h[i - 1]!;
    const b = h[i]!;
    if (!(
      a.offset < b.offset &&
      a.leaderEpoch <= b.leaderEpoch &&
      a.partitionEpoch < b.partitionEpoch
    ))
      problems.push(
        `${where}: metadata records out of order: offset ${a.offset} (epoch ${a.leaderEpoch}, partition epoch ${a.partitionEpoch}) before offset ${b.offset} (epoch ${b.leaderEpoch}, partition epoch ${b.partitionEpoch})`,
      );
  }
  if (last.offset > state.controller.metadataOffset)
    problems.push(
      `${where}: metadata record at offset ${last.offset}, past the controller's ${state.controller.metadataOffset}`,
    );
  if (
    last.leader !== p.leader ||
    last.leaderEpoch !== p.leaderEpoch ||
    last.partitionEpoch !== p.partitionEpoch ||
    list(last.isr) !== list(p.isr)
  ) {
    problems.push(
      `${where}: the last metadata record (leader ${last.leader}, epoch ${last.leaderEpoch}, ISR ${list(last.isr)}) is not the partition's state (leader ${p.leader}, epoch ${p.leaderEpoch}, ISR ${list(p.isr)})`,
    );
  }
}

/** One replica: its log, high watermark, leader epoch cache, and leader state. */
function replicaProblems(
  state: SimState,
  p: PartitionState,
  r: ReplicaLog,
  batches: RecordBatch[],
  where: string,
  problems: string[],
): void {
  for (const issue of logProblems(r.log)) problems.push(`${where}: ${issue}`);
  const { logStartOffset, logEndOffset } = r.log;
  if (!(logStartOffset <= r.highWatermark && r.highWatermark <= logEndOffset)) {
    problems.push(
      `${where}: expected logStartOffset <= highWatermark <= logEndOffset, got ${logStartOffset} <= ${r.highWatermark} <= ${logEndOffset}`,
    );
  }
  // LeaderEpochFileCache: epochs strictly increase, their start offsets never decrease, and no
  // epoch starts past the log end (a leader's entry for an epoch with no record yet starts at it).
  for (let i = 0; i < r.epochs.length; i++) {
    const e = r.epochs[i]!;
    const prev = r.epochs[i - 1];
    if (prev && !(prev.epoch < e.epoch && prev.startOffset <= e.startOffset))
      problems.push(
        `${where}: leader epoch cache out of order: epoch ${prev.epoch} at ${prev.startOffset}, then epoch ${e.epoch} at ${e.startOffset}`,
      );
    if (e.startOffset > logEndOffset)
      problems.push(
        `${where}: leader epoch ${e.epoch} starts at ${e.startOffset}, past the log end offset ${logEndOffset}`,
      );
  }
  // Every batch was written in the epoch the cache gives for its offset, and epochs never go
  // down along a log (a leader writes only in its own epoch; a follower copies the leader).
  let prevEpoch = -1;
  for (const b of batches) {
    if (b.partitionLeaderEpoch < prevEpoch)
      problems.push(
        `${where}: batch ${b.id} at ${b.baseOffset} has leader epoch ${b.partitionLeaderEpoch}, after a batch of epoch ${prevEpoch}`,
      );
    prevEpoch = Math.max(prevEpoch, b.partitionLeaderEpoch);
    const cached = epochAt(r, b.baseOffset);
    if (cached !== b.partitionLeaderEpoch)
      problems.push(
        `${where}: batch ${b.id} at ${b.baseOffset} was written in leader epoch ${b.partitionLeaderEpoch}, the leader epoch cache says ${cached}`,
      );
  }
  const ls = r.leaderState;
  if (!ls) return;
  // Only a running broker that believes it leads, in that very epoch, acts as leader.
  const b = findBroker(state, r.brokerId);
  const view = b ? brokerView(b, p) : undefined;
  if (!b || !b.alive) problems.push(`${where}: acts as leader, but the broker is down`);
  else if (view?.leader !== r.brokerId || view.leaderEpoch !== ls.leaderEpoch)
    problems.push(
      `${where}: acts as leader in epoch ${ls.leaderEpoch}, but its metadata says leader ${view?.leader ?? 'unknown'} in epoch ${view?.leaderEpoch ?? 'unknown'}`,
    );
  if (ls.leaderEpoch > p.leaderEpoch)
    problems.push(
      `${where}: acts as leader in epoch ${ls.leaderEpoch}, ahead of the controller's ${p.leaderEpoch}`,
    );
  for (const [name, isr] of [
    ['ISR', ls.isr],
    ['pending ISR', ls.pendingIsr ?? []],
  ] as const) {
    // Against the replicas the leader knows of: a reassignment may have changed them since.
    const replicas = (view && recordReplicas(view)) ?? p.replicas;
    if (isr.some((id) => !replicas.includes(id)) || duplicates(isr).length > 0)
      problems.push(`${where}: the leader's ${name} ${list(isr)} is not a set of replicas`);
  }
  if (!ls.isr.includes(r.brokerId))
    problems.push(`${where}: the leader is not in its own ISR ${list(ls.isr)}`);
  if (ls.leaderEpochStartOffset > logEndOffset)
    problems.push(
      `${where}: leader epoch start offset ${ls.leaderEpochStartOffset} is past the log end offset ${logEndOffset}`,
    );
}

/**
 * Only the leader of an epoch assigns offsets in it, so across the replicas of a partition
 * one (leader epoch, base offset) is always the same batch (Kafka's form of Raft's log
 * matching). Two different batches there mean two leaders wrote in one epoch, or a replica
 * kept records its truncation should have removed.
 */
function logMatchingProblems(
  p: PartitionState,
  batches: Map<ReplicaLog, RecordBatch[]>,
  where: string,
  problems: string[],
): void {
  if (p.replicaLogs.length < 2) return;
  const seen = new Map<string, { batch: RecordBatch; broker: number }>();
  for (const r of p.replicaLogs) {
    for (const b of batches.get(r) ?? []) {
      const key = `${b.partitionLeaderEpoch}@${b.baseOffset}`;
      const other = seen.get(key);
      if (!other) seen.set(key, { batch: b, broker: r.brokerId });
      else if (other.batch.id !== b.id || other.batch.recordCount !== b.recordCount)
        problems.push(
          `${where}: offset ${b.baseOffset} in leader epoch ${b.partitionLeaderEpoch} holds batch ${other.batch.id} on broker ${other.broker} but batch ${b.id} on broker ${r.brokerId}`,
        );
    }
  }
}

/** Whether a broker is running, reachable, and has applied the controller's current leader epoch. */
function inCurrentEpoch(state: SimState, p: PartitionState, brokerId: number): boolean {
  const b = findBroker(state, brokerId);
  if (!b || !b.alive || b.isolated) return false;
  return brokerView(b, p)?.leaderEpoch === p.leaderEpoch;
}

/**
 * Records below the high watermark are the same on every in-sync replica (semantics §1, §2).
 * The leader's high watermark is the smallest log end offset over its maximal ISR, and a
 * follower joins the ISR only once its log end offset reaches the high watermark, with a log
 * the leader checked against its own (the fetch's diverging-epoch check). So for every ISR
 * member r: its log end offset is at least the leader's high watermark, and its records
 * below it are the leader's.
 *
 * The log rules are checked where Kafka promises them: the leader and r are running,
 * reachable and have applied the controller's current leader epoch, and the leader acts on
 * it. A broker that crashed or was cut off stays in the ISR until the controller fences it
 * (broker.session.timeout.ms); a real broker may also lose unflushed records in a crash,
 * which is why the controller takes a broker that restarts uncleanly out of every ISR
 * (handleBrokerUncleanShutdown) before it serves again. A broker whose metadata lags may
 * still follow, or lead, in an older epoch. (The simulator keeps a crashed broker's log
 * whole, so these rules would in fact hold more widely; they are kept to what Kafka promises.)
 */
function highWatermarkProblems(
  state: SimState,
  p: PartitionState,
  batches: Map<ReplicaLog, RecordBatch[]>,
  where: string,
  problems: string[],
): void {
  const leader = leaderLog(p);
  if (p.leader === null || !leader) return;
  if (!inCurrentEpoch(state, p, p.leader) || leader.leaderState?.leaderEpoch !== p.leaderEpoch)
    return;
  const hw = leader.highWatermark;
  const ls = leader.leaderState;
  const leaderBatches = batches.get(leader) ?? [];
  for (const r of p.replicaLogs) {
    if (r === leader || !p.isr.includes(r.brokerId)) continue;
    // The leader's maximal ISR (its committed ISR plus the members of an expansion it
    // proposed, Partition.maximalIsr) covers the controller's ISR, whatever state the member
    // is in: in this leader epoch the controller adds members only when this leader asks
    // (AlterPartition), and the leader keeps them pending until it learns the outcome. The
    // controller's own changes (fencing) only remove members.
    if (!ls.isr.includes(r.brokerId) && !(ls.pendingIsr ?? []).includes(r.brokerId))
      problems.push(
        `${where}: broker ${r.brokerId} is in the ISR ${list(p.isr)}, but leader ${p.leader} in epoch ${p.leaderEpoch} counts it in neither its ISR ${list(ls.isr)} nor its pending ISR ${list(ls.pendingIsr ?? [])}`,
      );
    if (!inCurrentEpoch(state, p, r.brokerId)) continue;
    if (r.log.logEndOffset < hw)
      problems.push(
        `${where}: in-sync broker ${r.brokerId} ends at ${r.log.logEndOffset}, below leader ${p.leader}'s high watermark ${hw}`,
      );
    const from = Math.max(r.log.logStartOffset, leader.log.logStartOffset);
    const to = Math.min(hw, r.log.logEndOffset);
    const diff = firstDifference(leaderBatches, batches.get(r) ?? [], from, to);
    if (diff)
      problems.push(
        `${where}: below the high watermark ${hw}, at offset ${diff.offset} leader ${p.leader} holds ${diff.a} but in-sync broker ${r.brokerId} holds ${diff.b}`,
      );
  }
}

/**
 * Committed records survive every clean leader change: a record below any replica's high
 * watermark was committed (a follower's high watermark never passes its leader's), so every
 * later cleanly elected leader holds it (it was in the ISR that committed it, semantics §4),
 * at the same offset. This holds for every replica, down or cut off included: its log and
 * high watermark only stop moving.
 *
 * An unclean election (unclean.leader.election.enable) elects a replica that may miss
 * committed records; Kafka then truncates the others to the new leader. So the rule is only
 * checked while the cluster has never had one.
 */
function committedPrefixProblems(
  state: SimState,
  p: PartitionState,
  batches: Map<ReplicaLog, RecordBatch[]>,
  where: string,
  problems: string[],
): void {
  if (state.stats.uncleanLeaderElections > 0) return;
  const leader = leaderLog(p);
  if (p.leader === null || !leader) return;
  const leaderBatches = batches.get(leader) ?? [];
  for (const r of p.replicaLogs) {
    if (r === leader) continue;
    const from = Math.max(r.log.logStartOffset, leader.log.logStartOffset);
    if (r.highWatermark > leader.log.logEndOffset && r.highWatermark > from)
      problems.push(
        `${where}: broker ${r.brokerId} has committed records up to its high watermark ${r.highWatermark}, but leader ${p.leader} (epoch ${p.leaderEpoch}) ends at ${leader.log.logEndOffset}`,
      );
    const to = Math.min(r.highWatermark, leader.log.logEndOffset);
    const diff = firstDifference(leaderBatches, batches.get(r) ?? [], from, to);
    if (diff)
      problems.push(
        `${where}: below broker ${r.brokerId}'s high watermark ${r.highWatermark}, at offset ${diff.offset} it holds ${diff.b} but leader ${p.leader} (epoch ${p.leaderEpoch}) holds ${diff.a}`,
      );
  }
}
