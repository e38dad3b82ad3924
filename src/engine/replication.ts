/**
 * Replication on the brokers (Partition.scala, ReplicaManager, ReplicaFetcherThread): brokers
 * become leaders or followers as the metadata they apply says; followers fetch from their
 * leader as requests on the network; the leader tracks each follower (Replica.scala), moves
 * the high watermark (semantics §1), and proposes ISR changes to the controller with
 * AlterPartition (§2). Followers truncate where their log diverged from the leader's.
 */
import { onOffsetsHighWatermark, onOffsetsLeader, onOffsetsResign } from './groupCoordinator.ts';
import { OFFSETS_TOPIC } from './offsetsTopic.ts';
import { brokerSettings, topicSettings } from './config.ts';
import { acceptableLeader, alterPartitionLocally } from './controller.ts';
import { emit, findBroker, findPartition, findTopic, nextId, type Ctx } from './context.ts';
import { checkAckedRecords } from './durability.ts';
import { assignEpoch, endOffsetFor, truncateEpochs, UNDEFINED_OFFSET } from './epochCache.ts';
import {
  buildSessionFetch,
  contextPartitions,
  emptyResponse,
  handleSessionResponse,
  isFullFetch,
  mustRespond,
  moveToEnd,
  openSession,
  responseSession,
  restartSession,
  type FollowedPartition,
} from './fetchSession.ts';
import { appendBatch, bytesAvailable, createLog, truncateTo } from './log.ts';
import { brokerView, recordReplicas, viewAt } from './metadata.ts';
import type { SimEvent } from './events.ts';
import type {
  BrokerId,
  BrokerState,
  CachedFetchPartition,
  FetchSessionState,
  LeaderState,
  MessagePayload,
  MessageState,
  PartitionRecord,
  PartitionState,
  RecordBatch,
  RemoteReplica,
  ReplicaFetcher,
  ReplicaFetchPartition,
  ReplicaLog,
  SimState,
  ProducerBatchMetadata,
} from './model.ts';
import { REQUEST_OVERHEAD_BYTES, sendBrokerToBroker } from './network.ts';
import { cacheChanged } from './pageCache.ts';
import { schedule } from './queue.ts';
import {
  completeParkedFetches,
  failDelayedProduces,
  rememberBatch,
  tryCompleteDelayedProduces,
} from './brokerRequests.ts';
import {
  checkReplicaFetch,
  readable,
  remoteFor,
  replicaOn,
  type FetchCheck,
} from './replicaFetchCheck.ts';
import { onBecameLeader } from './tieredStorage.ts';

type Payload<K extends MessagePayload['kind']> = Extract<MessagePayload, { kind: K }>;

/** Where a broker's replica of a partition lives (kept here for the modules importing it from here). */
export { replicaOn };

// ---------------------------------------------------------------------------------------
// Applying metadata: becoming leader or follower (ReplicaManager.applyDelta)

/** The broker applies the metadata log up to `offset` and takes up its new roles. */
export function applyMetadata(ctx: Ctx, b: BrokerState, offset: number): void {
  if (!b.alive || offset <= b.metadataOffset) return;
  const from = b.metadataOffset;
  b.metadataOffset = offset;
  const took: Extract<SimEvent, { type: 'broker.tookLeadership' }>['partitions'] = [];
  for (const t of ctx.state.topics) {
    for (const p of t.partitions) {
      const r = replicaOn(p, b.id);
      if (!r) continue;
      const now = viewAt(p, offset);
      if (!now) continue;
      if (removedReplica(p, now, b.id)) {
        deleteReplica(ctx, b, p, r);
        continue;
      }
      const before = from < 0 ? undefined : viewAt(p, from);
      if (now.leader === b.id) {
        const ls = r.leaderState;
        if (!ls || ls.leaderEpoch !== now.leaderEpoch) {
          makeLeader(ctx, b, p, r, now);
          took.push({
            topic: p.topic,
            partition: p.partition,
            leaderEpoch: now.leaderEpoch,
            electedAtMs: now.committedAtMs,
          });
        } else if (now.partitionEpoch > ls.partitionEpoch) {
          syncRemotes(ls, now, b.id);
          ls.isr = [...now.isr];
          ls.partitionEpoch = now.partitionEpoch;
          ls.pendingIsr = null;
          maybeIncrementHighWatermark(ctx, b, p, r);
        }
      } else {
        if (r.leaderState) resign(ctx, b, p, r);
        if (!before || before.leaderEpoch !== now.leaderEpoch) r.fetchBackoffUntilMs = 0;
      }
    }
  }
  // Leadership starts when the broker applies the record, not when the controller commits it:
  // said once per update (not when a broker first loads the metadata at start or restart).
  if (took.length > 0 && from >= 0)
    emit(ctx, {
      type: 'broker.tookLeadership',
      broker: b.id,
      metadataOffset: offset,
      partitions: took,
    });
  ensureFetchers(ctx, b);
}

/**
 * Whether the broker's metadata says a reassignment removed its replica (and the controller
 * has not made it a replica again since): its log is to be deleted.
 */
function removedReplica(p: PartitionState, view: PartitionRecord, broker: BrokerId): boolean {
  // Snapshots from before reassignments existed carry no replicas in their records.
  const replicas = recordReplicas(view);
  return replicas !== undefined && !replicas.includes(broker) && !p.replicas.includes(broker);
}

/**
 * StopReplica with deletion (a reassignment moved the replica away): a leader steps down, and
 * the log leaves the disk and the page cache.
 */
function deleteReplica(ctx: Ctx, b: BrokerState, p: PartitionState, r: ReplicaLog): void {
  if (r.leaderState) resign(ctx, b, p, r);
  p.replicaLogs = p.replicaLogs.filter((x) => x !== r);
  cacheChanged(ctx.state, b, -r.log.cachedBytes);
  emit(ctx, {
    type: 'replica.deleted',
    topic: p.topic,
    partition: p.partition,
    broker: b.id,
    records: r.log.logEndOffset - r.log.logStartOffset,
    sizeBytes: r.log.sizeBytes,
  });
}

/** Partition.updateAssignmentAndIsr: the leader tracks the followers its metadata names. */
function syncRemotes(ls: LeaderState, view: PartitionRecord, self: BrokerId): void {
  const replicas = recordReplicas(view) ?? null;
  if (replicas === null) return;
  ls.remotes = ls.remotes.filter((x) => replicas.includes(x.brokerId));
  for (const id of replicas)
    if (id !== self && !ls.remotes.some((x) => x.brokerId === id)) ls.remotes.push(newRemote(id));
}

function newRemote(id: BrokerId, caughtUpMs = 0): RemoteReplica {
  return {
    brokerId: id,
    logEndOffset: -1,
    lastCaughtUpTimeMs: caughtUpMs,
    lastFetchTimeMs: 0,
    lastFetchLeaderLogEndOffset: -1,
  };
}

/** Partition.makeLeader: start tracking the followers; the first epoch entry starts at the LEO. */
function makeLeader(
  ctx: Ctx,
  b: BrokerState,
  p: PartitionState,
  r: ReplicaLog,
  view: PartitionRecord,
): void {
  const now = ctx.state.nowMs;
  r.leaderState = {
    leaderEpoch: view.leaderEpoch,
    partitionEpoch: view.partitionEpoch,
    isr: [...view.isr],
    pendingIsr: null,
    pendingProposal: 0,
    pendingSentAtMs: 0,
    leaderEpochStartOffset: r.log.logEndOffset,
    // Followers in the ISR get a fresh start, so they are not dropped at once.
    remotes: (recordReplicas(view) ?? p.replicas)
      .filter((id) => id !== b.id)
      .map((id) => newRemote(id, view.isr.includes(id) ? now : 0)),
  };
  assignEpoch(r, view.leaderEpoch, r.log.logEndOffset);
  maybeIncrementHighWatermark(ctx, b, p, r);
  // Fetches parked with the old leader epoch are answered (FENCED_LEADER_EPOCH) now.
  completeParkedFetches(ctx, b, p.topic, p.partition);
  // The group coordinator on this broker takes over the groups of this partition.
  if (p.topic === OFFSETS_TOPIC) onOffsetsLeader(ctx, b, p);
  // Tiered storage: its RemoteLogManager takes the partition over.
  onBecameLeader(ctx, b, p, r);
}

/** No longer the leader: requests waiting on this partition are answered with an error. */
function resign(ctx: Ctx, b: BrokerState, p: PartitionState, r: ReplicaLog): void {
  r.leaderState = null;
  if (p.topic === OFFSETS_TOPIC) onOffsetsResign(ctx, b, p.partition);
  failDelayedProduces(ctx, b, p.topic, p.partition);
  completeParkedFetches(ctx, b, p.topic, p.partition);
}

// ---------------------------------------------------------------------------------------
// The high watermark and the ISR (leader side)

function isCaughtUp(remote: RemoteReplica, leaderLeo: number, now: number, lagMs: number): boolean {
  return remote.logEndOffset === leaderLeo || now - remote.lastCaughtUpTimeMs <= lagMs;
}

/** Partition.maybeIncrementLeaderHW (semantics §1). */
export function maybeIncrementHighWatermark(
  ctx: Ctx,
  b: BrokerState,
  p: PartitionState,
  r: ReplicaLog,
): void {
  const ls = r.leaderState;
  if (!ls) return;
  const state = ctx.state;
  const leo = r.log.logEndOffset;
  // Hot path (every produce, every follower fetch with news): the cheap test whether the high
  // watermark can move at all comes first; the checks below only decide to stay.
  if (leo <= r.highWatermark) return;
  const lagMs = brokerSettings(state.cluster.brokerConfig).replicaLagTimeMaxMs;
  let hw = leo;
  const remotes = ls.remotes;
  for (let i = 0; i < remotes.length; i++) {
    const remote = remotes[i]!;
    const inMaximalIsr =
      ls.isr.includes(remote.brokerId) || (ls.pendingIsr?.includes(remote.brokerId) ?? false);
    if (
      inMaximalIsr ||
      (isCaughtUp(remote, leo, state.nowMs, lagMs) && acceptableLeader(state, remote.brokerId))
    )
      hw = Math.min(hw, remote.logEndOffset);
  }
  if (hw <= r.highWatermark) return;
  const topic = findTopic(state, p.topic);
  if (!topic) return;
  const minIsr = Math.min(
    topicSettings(topic.config, state.cluster.brokerConfig).minInsyncReplicas,
    p.replicas.length,
  );
  // KIP-966: under min ISR the high watermark stays where it is.
  if (ls.isr.length < minIsr) return;
  r.highWatermark = hw;
  tryCompleteDelayedProduces(ctx, b, p.topic, p.partition);
  if (p.topic === OFFSETS_TOPIC) onOffsetsHighWatermark(ctx, b, p);
  completeParkedFetches(ctx, b, p.topic, p.partition);
}

/** Replica.updateFetchStateOrThrow: the follower's LEO and when it was last caught up. */
function updateFollowerFetchState(
  remote: RemoteReplica,
  fetchOffset: number,
  leaderLeo: number,
  now: number,
): void {
  if (fetchOffset >= leaderLeo)
    remote.lastCaughtUpTimeMs = Math.max(remote.lastCaughtUpTimeMs, now);
  else if (fetchOffset >= remote.lastFetchLeaderLogEndOffset)
    remote.lastCaughtUpTimeMs = Math.max(remote.lastCaughtUpTimeMs, remote.lastFetchTimeMs);
  remote.logEndOffset = fetchOffset;
  remote.lastFetchLeaderLogEndOffset = leaderLeo;
  remote.lastFetchTimeMs = now;
}

/** Whether this proposal, or its answer, is still on the network. */
function alterPartitionInFlight(
  state: SimState,
  broker: BrokerId,
  p: PartitionState,
  proposal: number,
): boolean {
  for (const item of state.queue) {
    if (item.work.kind !== 'deliver') continue;
    const m = item.work.message.payload;
    if (m.kind === 'alterPartition' && m.broker !== broker) continue;
    if (m.kind !== 'alterPartition' && m.kind !== 'alterPartitionResponse') continue;
    if (m.topic === p.topic && m.partition === p.partition && m.proposal === proposal) return true;
  }
  return false;
}

/** Proposes a new ISR: one AlterPartition in flight per partition (Partition.submitAlterPartition). */
function proposeIsr(
  ctx: Ctx,
  b: BrokerState,
  p: PartitionState,
  r: ReplicaLog,
  isr: BrokerId[],
): void {
  const ls = r.leaderState;
  if (!ls) return;
  ls.pendingIsr = p.replicas.filter((id) => isr.includes(id));
  ls.pendingProposal++;
  sendAlterPartition(ctx, b, p, r);
}

/** Sends (or, at the controller's own broker, applies) the pending AlterPartition. */
function sendAlterPartition(ctx: Ctx, b: BrokerState, p: PartitionState, r: ReplicaLog): void {
  const ls = r.leaderState;
  if (!ls || ls.pendingIsr === null) return;
  ls.pendingSentAtMs = ctx.state.nowMs;
  const req: Payload<'alterPartition'> = {
    kind: 'alterPartition',
    broker: b.id,
    proposal: ls.pendingProposal,
    topic: p.topic,
    partition: p.partition,
    leaderEpoch: ls.leaderEpoch,
    partitionEpoch: ls.partitionEpoch,
    isr: ls.pendingIsr,
  };
  const active = ctx.state.controller.active;
  if (active === b.id) alterPartitionLocally(ctx, req);
  else if (active !== null) sendBrokerToBroker(ctx, b.id, active, req, REQUEST_OVERHEAD_BYTES);
  // Without a reachable controller the request stays pending; the ISR check sends it again.
}

export function onAlterPartitionResponse(
  ctx: Ctx,
  brokerId: BrokerId,
  res: Payload<'alterPartitionResponse'>,
): void {
  const b = findBroker(ctx.state, brokerId);
  const p = findPartition(ctx.state, res.topic, res.partition);
  const r = p ? replicaOn(p, brokerId) : undefined;
  const ls = r?.leaderState;
  if (!b || !b.alive || !p || !r || !ls) return;
  // An answer to an older proposal (a duplicate sent again) says nothing about this one.
  if (ls.pendingIsr === null || res.proposal !== ls.pendingProposal) return;
  if (res.error === 'INVALID_UPDATE_VERSION' || res.error === 'FENCED_LEADER_EPOCH') {
    // Partition.handleAlterPartitionError: the leader's picture is stale; it keeps the pending
    // ISR (and so its high watermark caution) until new metadata arrives.
    return;
  }
  if (
    res.error === null &&
    res.leaderEpoch === ls.leaderEpoch &&
    res.partitionEpoch > ls.partitionEpoch
  ) {
    ls.isr = [...res.isr];
    ls.partitionEpoch = res.partitionEpoch;
  }
  ls.pendingIsr = null;
  maybeIncrementHighWatermark(ctx, b, p, r);
}

export function onAlterPartitionResponseMessage(ctx: Ctx, msg: MessageState): void {
  if (msg.to.kind !== 'broker') return;
  onAlterPartitionResponse(ctx, msg.to.id, msg.payload as Payload<'alterPartitionResponse'>);
}

export function scheduleIsrCheck(state: SimState, broker: BrokerId): void {
  const b = findBroker(state, broker);
  if (!b) return;
  b.isrCheckDueMs =
    state.nowMs +
    Math.max(1, Math.floor(brokerSettings(state.cluster.brokerConfig).replicaLagTimeMaxMs / 2));
  schedule(state, b.isrCheckDueMs, { kind: 'isrCheck', broker });
}

/** Work `isrCheck`: ReplicaManager's isr-expiration task, every replica.lag.time.max.ms / 2. */
export function checkIsr(ctx: Ctx, brokerId: BrokerId): void {
  const state = ctx.state;
  const b = findBroker(state, brokerId);
  if (!b || !b.alive || b.isrCheckDueMs !== state.nowMs) return;
  scheduleIsrCheck(state, brokerId);
  const lagMs = brokerSettings(state.cluster.brokerConfig).replicaLagTimeMaxMs;
  for (const t of state.topics) {
    for (const p of t.partitions) {
      const r = replicaOn(p, brokerId);
      const ls = r?.leaderState;
      if (!r || !ls) continue;
      if (ls.pendingIsr !== null) {
        // The request or its answer was lost (a crash or a cut link on the way): the
        // broker-to-controller channel sends it again (NodeToControllerChannelManager).
        if (!alterPartitionInFlight(state, brokerId, p, ls.pendingProposal))
          sendAlterPartition(ctx, b, p, r);
        continue;
      }
      const leo = r.log.logEndOffset;
      const out = ls.isr.filter((id) => {
        if (id === brokerId) return false;
        const remote = ls.remotes.find((x) => x.brokerId === id);
        return remote !== undefined && !isCaughtUp(remote, leo, state.nowMs, lagMs);
      });
      if (out.length > 0)
        proposeIsr(
          ctx,
          b,
          p,
          r,
          ls.isr.filter((id) => !out.includes(id)),
        );
    }
  }
}

// ---------------------------------------------------------------------------------------
// Follower fetch, leader side

/** The response entry for one partition of a follower fetch, with its records. */
function followerResult(
  fp: Payload<'replicaFetch'>['partitions'][number],
  c: FetchCheck,
  batches: RecordBatch[],
): Payload<'replicaFetchResponse'>['partitions'][number] {
  const r = c.r;
  let sizeBytes = 0;
  for (let i = 0; i < batches.length; i++) sizeBytes += batches[i]!.sizeBytes;
  return {
    topic: fp.topic,
    partition: fp.partition,
    error: c.error,
    highWatermark: r ? r.highWatermark : -1,
    logStartOffset: r ? r.log.logStartOffset : -1,
    logEndOffset: r ? r.log.logEndOffset : -1,
    fetchOffset: fp.fetchOffset,
    divergingEpoch: c.diverged,
    batches,
    sizeBytes,
  };
}

/** A follower fetch arrives: record the follower's progress, then answer or park it. */
export function acceptReplicaFetch(ctx: Ctx, msg: MessageState, leader: BrokerState): boolean {
  const req = msg.payload as Payload<'replicaFetch'>;
  const state = ctx.state;
  let bytes = 0;
  let answerNow = req.maxWaitMs <= 0;
  // Every partition the fetch reads: in an incremental fetch, those it left out too (their fetch
  // data is the session's), as Kafka records each one's progress (Replica.updateFetchState).
  // An index loop: for-of made an iterator result per partition of every follower fetch.
  const partitions = contextPartitions(leader, req);
  for (let i = 0; i < partitions.length; i++) {
    const fp = partitions[i]!;
    const c = checkReplicaFetch(state, leader, req.replica, fp);
    if (!readable(c)) {
      answerNow = true;
      continue;
    }
    const { p, r } = c;
    const leo = r.log.logEndOffset;
    const ls = r.leaderState!;
    const remote = remoteFor(c, ls, req.replica);
    if (remote) {
      // An in-sync follower already at the end of an idle partition changes nothing but its
      // fetch times: no ISR change, and the high watermark is at the end already.
      const idle =
        fp.fetchOffset === leo &&
        remote.logEndOffset === leo &&
        r.highWatermark === leo &&
        ls.isr.includes(req.replica);
      updateFollowerFetchState(remote, fp.fetchOffset, leo, state.nowMs);
      if (!idle) {
        maybeExpandIsr(ctx, leader, p, r, remote);
        maybeIncrementHighWatermark(ctx, leader, p, r);
      }
    }
    if (fp.fetchOffset < leo)
      bytes += bytesAvailable(r.log, fp.fetchOffset, leo, req.partitionMaxBytes);
  }
  return answerNow || bytes >= req.minBytes;
}

/** Partition.maybeExpandIsr: a follower at or past the high watermark (and this epoch's start) rejoins. */
function maybeExpandIsr(
  ctx: Ctx,
  b: BrokerState,
  p: PartitionState,
  r: ReplicaLog,
  remote: RemoteReplica,
): void {
  const ls = r.leaderState;
  if (!ls || ls.pendingIsr !== null || ls.isr.includes(remote.brokerId)) return;
  if (remote.logEndOffset < r.highWatermark || remote.logEndOffset < ls.leaderEpochStartOffset)
    return;
  if (!acceptableLeader(ctx.state, remote.brokerId)) return;
  proposeIsr(ctx, b, p, r, [...ls.isr, remote.brokerId]);
}

/**
 * Whether a parked follower fetch can be answered after a change to `partitions[changedAt]` (its
 * partitions as completeParkedFetches found them): new data or an error. With fetch.min.bytes
 * at most 1 only the changed partition can have made it ready (see needsCheck), and a fetch
 * lists a partition once; with larger minimums the bytes of all partitions are added up.
 */
export function replicaFetchReady(
  state: SimState,
  leader: BrokerState,
  req: Payload<'replicaFetch'>,
  partitions: readonly ReplicaFetchPartition[],
  changedAt: number,
): boolean {
  const onlyChanged = req.minBytes <= 1;
  const from = onlyChanged ? changedAt : 0;
  const to = onlyChanged ? changedAt + 1 : partitions.length;
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const fp = partitions[i]!;
    const c = checkReplicaFetch(state, leader, req.replica, fp);
    if (!readable(c)) return true;
    const r = c.r;
    bytes += bytesAvailable(r.log, fp.fetchOffset, r.log.logEndOffset, req.partitionMaxBytes);
  }
  return bytes >= req.minBytes;
}

/**
 * Builds the response: for each partition, whole batches from the fetch offset up to the LEO. A
 * full fetch is answered for every partition and opens a session; an incremental one only for
 * the partitions of its session that have news (FetchContext.updateAndGenerateResponseData).
 */
export function replicaFetchResponse(
  state: SimState,
  leader: BrokerState,
  req: Payload<'replicaFetch'>,
): Payload<'replicaFetchResponse'> {
  if (isFullFetch(req)) {
    const partitions = readForFollower(state, leader, req, req.partitions, null);
    return {
      kind: 'replicaFetchResponse',
      replica: req.replica,
      requestId: req.requestId,
      error: null,
      sessionId: openSession(state, leader, req.replica, req.partitions, partitions),
      partitions,
    };
  }
  const session = responseSession(leader, req);
  if (typeof session === 'string') return emptyResponse(req, session);
  return {
    kind: 'replicaFetchResponse',
    replica: req.replica,
    requestId: req.requestId,
    error: null,
    sessionId: session.id,
    partitions: readForFollower(state, leader, req, session.partitions, session),
  };
}

const NO_BATCHES: readonly RecordBatch[] = [];

/**
 * Reads the partitions of a follower fetch in order, within the response's byte limit. With a
 * session (an incremental fetch, `fetched` being its partitions), partitions with nothing new
 * for the follower are left out, and those answered with records move to the session's end.
 */
function readForFollower(
  state: SimState,
  leader: BrokerState,
  req: Payload<'replicaFetch'>,
  fetched: readonly ReplicaFetchPartition[],
  session: FetchSessionState | null,
): Payload<'replicaFetchResponse'>['partitions'] {
  let remaining = req.maxBytes;
  let first = true;
  const partitions: Payload<'replicaFetchResponse'>['partitions'] = [];
  // Usually none: made only when a partition is answered with records.
  let withRecords: number[] | null = null;
  for (let i = 0; i < fetched.length; i++) {
    const fp = fetched[i]!;
    const cached = session ? (fp as CachedFetchPartition) : null;
    const c = checkReplicaFetch(state, leader, req.replica, fp);
    if (!readable(c)) {
      const result = followerResult(fp, c, []);
      if (cached)
        mustRespond(
          cached,
          false,
          c.error !== null,
          c.diverged !== null,
          result.highWatermark,
          result.logStartOffset,
        );
      partitions.push(result);
      continue;
    }
    const r = c.r;
    const limit = Math.min(req.partitionMaxBytes, remaining);
    const batches =
      fp.fetchOffset < r.log.logEndOffset
        ? readBatches(r, fp.fetchOffset, limit, first)
        : NO_BATCHES;
    const hasRecords = batches.length > 0;
    if (
      cached &&
      !mustRespond(cached, hasRecords, false, false, r.highWatermark, r.log.logStartOffset)
    )
      continue;
    if (cached && hasRecords) (withRecords ??= []).push(i);
    // Each result gets its own batches array (the records read, or a new empty one).
    const result = followerResult(fp, c, hasRecords ? (batches as RecordBatch[]) : []);
    if (hasRecords) first = false;
    remaining = Math.max(0, remaining - result.sizeBytes);
    partitions.push(result);
  }
  if (session && withRecords !== null) moveToEnd(session, withRecords);
  return partitions;
}

/** Whole batches from `fromOffset` (a batch boundary on a follower) within `maxBytes` (KIP-74: the first always). */
function readBatches(
  r: ReplicaLog,
  fromOffset: number,
  maxBytes: number,
  minOne: boolean,
): RecordBatch[] {
  const segs = r.log.segments;
  let si = segs.length - 1;
  while (si > 0 && segs[si]!.baseOffset > fromOffset) si--;
  for (; si < segs.length; si++) {
    const batches = segs[si]!.batches;
    let lo = 0;
    let hi = batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (batches[mid]!.baseOffset + batches[mid]!.recordCount <= fromOffset) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    let size = 0;
    for (; end < batches.length; end++) {
      const batch = batches[end]!;
      // The first batch comes whatever its size (KIP-74); an emptied 0-byte batch does not count.
      if (size + batch.sizeBytes > maxBytes && !(minOne && size === 0)) break;
      size += batch.sizeBytes;
    }
    // One array of the exact size (pushing grew a larger one for every read).
    if (end > lo || end < batches.length) return batches.slice(lo, end);
    // Like Kafka, one read stays within one segment: the next only when this one had none left.
  }
  return [];
}

// ---------------------------------------------------------------------------------------
// Follower fetch, follower side (ReplicaFetcherThread)

/**
 * Derived, never serialised: per broker, the partitions it follows grouped by leader, valid
 * for one metadata offset and partition count.
 */
const followedCache = new WeakMap<
  BrokerState,
  {
    metadataOffset: number;
    partitions: number;
    topics: number;
    byLeader: Map<BrokerId, FollowedPartition[]>;
  }
>();

function followedByLeader(state: SimState, b: BrokerState): Map<BrokerId, FollowedPartition[]> {
  let partitions = 0;
  const topicList = state.topics; // index loops: this runs for every follower fetch
  for (let i = 0; i < topicList.length; i++) partitions += topicList[i]!.partitions.length;
  const topics = state.topics.length;
  const metadataOffset = b.metadataOffset;
  // Compared field by field: a key string built for every follower fetch only fed the GC.
  const cached = followedCache.get(b);
  if (
    cached &&
    cached.metadataOffset === metadataOffset &&
    cached.partitions === partitions &&
    cached.topics === topics
  )
    return cached.byLeader;
  const byLeader = new Map<BrokerId, FollowedPartition[]>();
  for (const t of state.topics) {
    for (const p of t.partitions) {
      const r = replicaOn(p, b.id);
      const view = r ? brokerView(b, p) : undefined;
      if (!r || !view || view.leader === null || view.leader === b.id) continue;
      // A replica a reassignment adds starts fetching once its broker learns it is one.
      if (recordReplicas(view)?.includes(b.id) === false) continue;
      const list = byLeader.get(view.leader) ?? [];
      list.push({ p, r, view });
      byLeader.set(view.leader, list);
    }
  }
  followedCache.set(b, { metadataOffset, partitions, topics, byLeader });
  return byLeader;
}

/** Starts a fetcher for every leader this broker now follows; idle fetchers for others go. */
export function ensureFetchers(ctx: Ctx, b: BrokerState): void {
  if (!b.alive || b.metadataOffset < 0) return;
  const byLeader = followedByLeader(ctx.state, b);
  b.fetchers = b.fetchers.filter((f) => f.requestId !== null || byLeader.has(f.leader));
  for (const leader of [...byLeader.keys()].sort((x, y) => x - y)) {
    let f = b.fetchers.find((x) => x.leader === leader);
    if (!f) {
      f = {
        leader,
        requestId: null,
        backoffUntilMs: null,
        sessionId: 0,
        sessionEpoch: 0,
        sessionPartitions: [],
      };
      b.fetchers.push(f);
    }
    if (f.requestId === null && (f.backoffUntilMs === null || f.backoffUntilMs <= ctx.state.nowMs))
      sendReplicaFetch(ctx, b, f);
  }
}

function sendReplicaFetch(ctx: Ctx, b: BrokerState, f: ReplicaFetcher): void {
  const state = ctx.state;
  const s = brokerSettings(state.cluster.brokerConfig);
  const all = followedByLeader(state, b).get(f.leader) ?? [];
  let readyCount = 0;
  for (const x of all) if (x.r.fetchBackoffUntilMs <= state.nowMs) readyCount++;
  f.backoffUntilMs = null;
  if (readyCount === 0) {
    if (all.length === 0) return;
    let wake = Number.MAX_SAFE_INTEGER;
    for (const x of all) wake = Math.min(wake, x.r.fetchBackoffUntilMs);
    // Simplified: Kafka would send the session's partitions as forgotten, which empties and
    // closes the session; the next full fetch (which closes it here) ends the same way.
    backOff(ctx, b, f, wake);
    return;
  }
  const ready =
    readyCount === all.length ? all : all.filter((x) => x.r.fetchBackoffUntilMs <= state.nowMs);
  const { partitions, forgotten } = buildSessionFetch(f, ready);
  const requestId = nextId(state, 'message');
  const payload: Payload<'replicaFetch'> = {
    kind: 'replicaFetch',
    replica: b.id,
    requestId,
    sessionId: f.sessionId,
    sessionEpoch: f.sessionEpoch,
    minBytes: s.replicaFetchMinBytes,
    maxBytes: s.replicaFetchResponseMaxBytes,
    maxWaitMs: s.replicaFetchWaitMaxMs,
    partitionMaxBytes: s.replicaFetchMaxBytes,
    partitions,
    forgotten,
  };
  const sent = sendBrokerToBroker(
    ctx,
    b.id,
    f.leader,
    payload,
    REQUEST_OVERHEAD_BYTES + 16 * (partitions.length + forgotten.length),
  );
  if (sent) f.requestId = requestId;
  else backOff(ctx, b, f, state.nowMs + s.replicaFetchBackoffMs);
}

function backOff(ctx: Ctx, b: BrokerState, f: ReplicaFetcher, untilMs: number): void {
  f.backoffUntilMs = untilMs;
  restartSession(f); // a request or its response was lost: the next fetch is full
  schedule(ctx.state, untilMs, { kind: 'replicaFetch', broker: b.id, leader: f.leader });
}

/** Work `replicaFetch`: a fetcher's backoff ended. */
export function resumeFetcher(ctx: Ctx, brokerId: BrokerId, leader: BrokerId): void {
  const b = findBroker(ctx.state, brokerId);
  const f = b?.fetchers.find((x) => x.leader === leader);
  if (!b || !b.alive || !f || f.requestId !== null || f.backoffUntilMs !== ctx.state.nowMs) return;
  sendReplicaFetch(ctx, b, f);
}

/** A broker went away: fetchers of other brokers that were talking to it lose their connection. */
export function disconnectFetchers(ctx: Ctx, gone: BrokerId): void {
  const backoffMs = brokerSettings(ctx.state.cluster.brokerConfig).replicaFetchBackoffMs;
  for (const b of ctx.state.brokers) {
    if (!b.alive) continue;
    for (const f of b.fetchers) {
      if (f.leader !== gone || f.requestId === null) continue;
      f.requestId = null;
      backOff(ctx, b, f, ctx.state.nowMs + backoffMs);
    }
  }
}

/** The follower gets its fetch response: truncate on divergence, else append and learn the HW. */
export function onReplicaFetchResponse(ctx: Ctx, msg: MessageState): void {
  const res = msg.payload as Payload<'replicaFetchResponse'>;
  const state = ctx.state;
  const b = findBroker(state, res.replica);
  if (!b || !b.alive || msg.from.kind !== 'broker') return;
  const leaderId = msg.from.id;
  const f = b.fetchers.find((x) => x.leader === leaderId && x.requestId === res.requestId);
  if (!f) return;
  f.requestId = null;
  if (!handleSessionResponse(f, res)) {
    // A session error: no partition was read. The next request, at once, is a full fetch.
    if (b.metadataOffset >= 0) sendReplicaFetch(ctx, b, f);
    return;
  }
  const s = brokerSettings(state.cluster.brokerConfig);
  for (const result of res.partitions) {
    const p = findPartition(state, result.topic, result.partition);
    const r = p ? replicaOn(p, b.id) : undefined;
    if (!p || !r || brokerView(b, p)?.leader !== leaderId) continue;
    if (r.log.logEndOffset !== result.fetchOffset) continue; // the log changed meanwhile
    if (result.divergingEpoch !== null) {
      truncateOnDivergence(ctx, b, p, r, result.divergingEpoch, leaderId);
      continue;
    }
    if (
      result.error === 'OFFSET_OUT_OF_RANGE' ||
      result.error === 'OFFSET_MOVED_TO_TIERED_STORAGE'
    ) {
      handleOutOfRange(ctx, b, p, r, result, leaderId);
      continue;
    }
    if (result.error !== null) {
      r.fetchBackoffUntilMs = state.nowMs + s.replicaFetchBackoffMs;
      continue;
    }
    appendAsFollower(ctx, b, p, r, result.batches);
    const hw = Math.min(result.highWatermark, r.log.logEndOffset);
    if (hw > r.highWatermark) r.highWatermark = hw;
  }
  if (b.metadataOffset >= 0) sendReplicaFetch(ctx, b, f);
}

function appendAsFollower(
  ctx: Ctx,
  b: BrokerState,
  p: PartitionState,
  r: ReplicaLog,
  batches: RecordBatch[],
): void {
  const topic = findTopic(ctx.state, p.topic);
  if (!topic) return;
  const settings = topicSettings(topic.config, ctx.state.cluster.brokerConfig);
  for (const batch of batches) {
    if (batch.baseOffset !== r.log.logEndOffset) break;
    const { rolled } = appendBatch(r.log, batch, settings);
    cacheChanged(ctx.state, b, batch.sizeBytes);
    if (rolled) {
      emit(ctx, {
        type: 'segment.rolled',
        topic: p.topic,
        partition: p.partition,
        broker: b.id,
        baseOffset: batch.baseOffset,
        reason: rolled,
      });
    }
    assignEpoch(r, batch.partitionLeaderEpoch, batch.baseOffset);
    rememberCopied(r, batch);
  }
}

/** AbstractFetcherThread.truncateOnFetchResponse: cut the log where it left the leader's. */
function truncateOnDivergence(
  ctx: Ctx,
  b: BrokerState,
  p: PartitionState,
  r: ReplicaLog,
  diverging: { epoch: number; startOffset: number },
  leader: BrokerId,
): void {
  let offset: number;
  if (diverging.startOffset === UNDEFINED_OFFSET) offset = r.highWatermark;
  else {
    const mine = endOffsetFor(r, diverging.epoch);
    offset =
      mine.startOffset === UNDEFINED_OFFSET
        ? diverging.startOffset
        : Math.min(diverging.startOffset, mine.startOffset);
  }
  // Below the first local segment (retention, or tiered storage, deleted the older ones)
  // truncateTo starts the log over at that offset (truncateFullyAndStartAt), as Kafka's does;
  // stopping at the log start instead would leave the divergence for the next fetch, forever.
  offset = Math.min(offset, r.log.logEndOffset);
  truncateReplica(
    ctx,
    b,
    p,
    r,
    offset,
    `its log diverged from leader ${leader}'s after epoch ${diverging.epoch}`,
  );
}

/** A copied batch's producer state on this replica, as its leader recorded it. */
function rememberCopied(r: ReplicaLog, batch: RecordBatch): void {
  rememberBatch(
    r,
    batch.producerId,
    batch.producer,
    batch.baseSequence,
    batch.recordCount,
    batch.baseOffset,
    batch.partitionLeaderEpoch,
  );
}

/**
 * TierStateMachine.buildRemoteLogAuxState: a follower that starts over at the leader's local log
 * start takes the leader epochs and producer state of the older records from remote storage
 * (the leader-epoch checkpoint and producer snapshot stored with the remote segment), so that
 * as a leader later it answers epoch lookups and de-duplicates retries like the others.
 * Simplified: Kafka reads those two files from remote storage (a round trip); here they come
 * at once: the epochs are the leader's below its local log start (what its checkpoint holds,
 * even across a hole remote retention left), the producer state is rebuilt from the remote
 * segments' batches.
 */
function restoreAuxState(
  p: PartitionState,
  r: ReplicaLog,
  leaderStart: number,
  leader: BrokerId,
): void {
  const remote = p.remoteLog;
  if (remote === null) return;
  const lineage = p.replicaLogs.find((x) => x.brokerId === leader)?.epochs ?? [];
  for (const e of lineage) if (e.startOffset < leaderStart) assignEpoch(r, e.epoch, e.startOffset);
  for (const seg of remote.segments) {
    for (const batch of seg.batches) {
      if (batch.baseOffset >= leaderStart) return;
      assignEpoch(r, batch.partitionLeaderEpoch, batch.baseOffset);
      rememberCopied(r, batch);
    }
  }
}

function handleOutOfRange(
  ctx: Ctx,
  b: BrokerState,
  p: PartitionState,
  r: ReplicaLog,
  result: { error: string | null; logStartOffset: number; logEndOffset: number },
  leader: BrokerId,
): void {
  const leaderStart = result.logStartOffset;
  if (r.log.logEndOffset > result.logEndOffset) {
    truncateReplica(
      ctx,
      b,
      p,
      r,
      result.logEndOffset,
      `it is ahead of leader ${leader}'s log end offset`,
    );
    return;
  }
  // Behind the leader's log start offset: start over from there (truncateFullyAndStartAt).
  // With tiered storage that is the leader's local log start (TierStateMachine
  // buildRemoteLogAuxState): the older records stay in remote storage, read from there.
  const records = r.log.logEndOffset - r.log.logStartOffset;
  const from = r.log.logEndOffset;
  cacheChanged(ctx.state, b, -r.log.cachedBytes); // the old files' pages go with them
  Object.assign(r.log, createLog(leaderStart));
  r.epochs = [];
  r.producerStates = {};
  r.highWatermark = leaderStart;
  if (result.error === 'OFFSET_MOVED_TO_TIERED_STORAGE') restoreAuxState(p, r, leaderStart, leader);
  const why =
    result.error === 'OFFSET_MOVED_TO_TIERED_STORAGE'
      ? `leader ${leader} keeps offset ${from} only in remote storage (its local log starts at ${leaderStart}): the replica starts over from there`
      : `leader ${leader} no longer holds offset ${from} (its log starts at ${leaderStart}): the replica starts over from there`;
  emit(ctx, {
    type: 'replica.truncated',
    topic: p.topic,
    partition: p.partition,
    broker: b.id,
    fromOffset: from,
    toOffset: leaderStart,
    records,
    reason: why,
  });
}

/** UnifiedLog.truncateTo on a replica, with its epoch cache, producer state and high watermark. */
export function truncateReplica(
  ctx: Ctx,
  b: BrokerState,
  p: PartitionState,
  r: ReplicaLog,
  offset: number,
  reason: string,
): void {
  const from = r.log.logEndOffset;
  // UnifiedLog.truncateTo: the epoch cache is cut even when no record goes (an epoch this
  // broker led without writing starts at its log end and must not survive a divergence).
  truncateEpochs(r, offset);
  if (offset >= from) return;
  // Checked first, while this replica can still tell the lost records' keys.
  checkAckedRecords(ctx, p, `broker ${b.id} truncated its log: ${reason}`);
  const cachedBefore = r.log.cachedBytes;
  const { records } = truncateTo(r.log, offset);
  cacheChanged(ctx.state, b, r.log.cachedBytes - cachedBefore);
  for (const key of Object.keys(r.producerStates)) {
    const kept: ProducerBatchMetadata[] = [];
    for (const m of r.producerStates[key]!) {
      if (m.baseOffset >= offset) continue;
      // A range of contiguous appends (a producer without idempotence, brokerRequests.ts
      // rememberBatch) may run past the cut: it keeps the sequences below it. A batch never does.
      const whole = m.baseOffset + (m.lastSequence - m.baseSequence) < offset;
      kept.push(whole ? m : { ...m, lastSequence: m.baseSequence + (offset - m.baseOffset) - 1 });
    }
    if (kept.length > 0) r.producerStates[key] = kept;
    else delete r.producerStates[key];
  }
  r.highWatermark = Math.min(r.highWatermark, offset);
  emit(ctx, {
    type: 'replica.truncated',
    topic: p.topic,
    partition: p.partition,
    broker: b.id,
    fromOffset: from,
    toOffset: offset,
    records,
    reason,
  });
}
