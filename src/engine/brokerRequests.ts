/**
 * What a broker does with the requests that reach it: Produce (ReplicaManager.appendRecords
 * and Partition.appendRecordsToLeader, with acks=all waiting in the DelayedProduce
 * purgatory), Fetch from consumers (up to the high watermark) and from followers (up to the
 * log end offset), both held in the fetch purgatory until there are enough bytes or the
 * wait ends, ListOffsets and Metadata.
 *
 * A broker acts on what *it* believes (its applied metadata, `brokerView`), not on the
 * controller's latest word: a leader cut off from the controller keeps serving until it
 * learns better.
 */
import { topicSettings } from './config.ts';
import {
  emit,
  findBroker,
  findPartition,
  findProducer,
  findTopic,
  ownGet,
  ownSet,
  removeAt,
  type Ctx,
} from './context.ts';
import { assignEpoch, epochRuns } from './epochCache.ts';
import { contextPartitions, openFetchContext } from './fetchSession.ts';
import { appendBatch, bytesAvailable, readRange } from './log.ts';
import { brokerView } from './metadata.ts';
import type {
  BrokerState,
  DelayedProduce,
  Endpoint,
  FetchPartitionResult,
  MessagePayload,
  MessageState,
  ParkedFetch,
  PartitionState,
  ProducePartitionResult,
  ProducerBatch,
  ProducerBatchMetadata,
  RecordBatch,
  ReplicaFetchPartition,
  ReplicaLog,
  SimState,
} from './model.ts';
import { REQUEST_OVERHEAD_BYTES, send, sendLater } from './network.ts';
import { cacheChanged, noteRead } from './pageCache.ts';
import { schedule } from './queue.ts';
import {
  acceptReplicaFetch,
  maybeIncrementHighWatermark,
  replicaFetchReady,
  replicaFetchResponse,
  replicaOn,
} from './replication.ts';
import { askRemoteStorage, inRemoteStorage, logStartOffset, readRemote } from './tieredStorage.ts';

type Payload<K extends MessagePayload['kind']> = Extract<MessagePayload, { kind: K }>;

/** The replica this broker leads, by its own metadata; undefined when it does not lead. */
export function ledReplica(b: BrokerState, p: PartitionState): ReplicaLog | undefined {
  if (brokerView(b, p)?.leader !== b.id) return undefined;
  const r = replicaOn(p, b.id);
  return r?.leaderState ? r : undefined;
}

function toRecordBatch(
  b: ProducerBatch,
  baseOffset: number,
  leaderEpoch: number,
  producerId: number,
  producer: string,
): RecordBatch {
  let maxTs = 0;
  for (let i = 0; i < b.timestampRuns.length; i += 2) maxTs = Math.max(maxTs, b.timestampRuns[i]!);
  return {
    id: b.id,
    baseOffset,
    recordCount: b.recordCount,
    sizeBytes: b.sizeBytes,
    producerId,
    baseSequence: b.baseSequence,
    partitionLeaderEpoch: leaderEpoch,
    keys: b.keys,
    values: b.values,
    producer,
    valueBytes: b.valueBytes,
    timestampRuns: b.timestampRuns,
    maxTimestampMs: maxTs,
  };
}

/** ProducerStateManager keeps the last 5 batches per producer (NUM_BATCHES_TO_RETAIN). */
const BATCHES_TO_RETAIN = 5;
/**
 * The simulator's own record of what a producer without idempotence wrote to a partition, to
 * count its duplicates: every sequence range, not the last five batches (a retry can come many
 * batches after its first write). Appends that follow on in both sequence and offset extend the
 * last range, so it stays a handful of ranges; a bound all the same.
 */
const UNPROTECTED_RANGES_KEPT = 256;

/**
 * Producer state is kept per producer id; for a producer without idempotence (no producer
 * id) the simulator keeps the same record under its name, only to count the duplicates and
 * reordering its retries cause (Kafka cannot see those: that is the point of idempotence).
 */
function producerKey(producerId: number, producer: string): string {
  return producerId >= 0 ? producerIdKey(producerId) : `~${producer}`;
}

/**
 * Hot path (every append, on the leader and each follower): the key of a producer id is made
 * once, not a new string to hash per batch. Derived from the number alone: nothing to invalidate.
 */
const producerIdKeys = new Map<number, string>();

function producerIdKey(producerId: number): string {
  let key = producerIdKeys.get(producerId);
  if (key === undefined) {
    key = String(producerId);
    producerIdKeys.set(producerId, key);
  }
  return key;
}

export function rememberBatch(
  r: ReplicaLog,
  producerId: number,
  producer: string,
  baseSequence: number,
  recordCount: number,
  baseOffset: number,
  epoch: number,
): void {
  // Without a producer id and without sequences (the coordinator's own appends to
  // __consumer_offsets) there is nothing to track: Kafka keeps state only for producer ids, the
  // simulator its count of a client's retries.
  if (producerId < 0 && baseSequence < 0) return;
  const key = producerKey(producerId, producer);
  let batches = ownGet(r.producerStates, key);
  if (batches === undefined) {
    batches = [];
    ownSet(r.producerStates, key, batches);
  }
  if (producerId < 0) {
    const last = batches[batches.length - 1];

    const lastCount = last ? last.lastSequence - last.baseSequence + 1 : 0;
    if (
      last &&
      baseSequence === last.lastSequence + 1 &&
      baseOffset === last.baseOffset + lastCount &&
      epoch === last.epoch
    ) {
      last.lastSequence += recordCount;
      return;
    }
  }
  const lastSequence = baseSequence + recordCount - 1;
  if (batches.length + 1 > (producerId < 0 ? UNPROTECTED_RANGES_KEPT : BATCHES_TO_RETAIN)) {
    // Hot path (every append on every replica): the entry that drops out is reused for the new
    // one, so a full list allocates nothing. Entries are never shared (each replica has its own).
    const reused = batches.shift()!;
    reused.baseSequence = baseSequence;
    reused.lastSequence = lastSequence;
    reused.baseOffset = baseOffset;
    reused.epoch = epoch;
    batches.push(reused);
    return;
  }
  batches.push({ baseSequence, lastSequence, baseOffset, epoch });
}

/**
 * A producer without idempotence is removed: its record on every replica goes too, since a new
 * producer with the same id numbers its records from 0 again and starts clean.
 */
export function forgetUnprotectedProducer(state: SimState, producer: string): void {
  const key = producerKey(-1, producer);
  for (const t of state.topics)
    for (const p of t.partitions)
      for (const r of p.replicaLogs)
        if (ownGet(r.producerStates, key)) delete r.producerStates[key];
}

/** How many of the sequences [from, to] the ranges written already hold (counted once each). */
function writtenBefore(ranges: readonly ProducerBatchMetadata[], from: number, to: number): number {
  const hits: [number, number][] = [];
  for (const m of ranges) {
    const a = Math.max(from, m.baseSequence);
    const b = Math.min(to, m.lastSequence);
    if (a <= b) hits.push([a, b]);
  }
  hits.sort((x, y) => x[0] - y[0]);
  let count = 0;
  let end = from - 1;
  for (const [a, b] of hits) {
    if (b <= end) continue;
    count += b - Math.max(a, end + 1) + 1;
    end = b;
  }
  return count;
}

/**
 * Counts what a non-idempotent retry did: records written twice (every earlier write counted,
 * not only Kafka's last five batches), and a batch written behind a later one of the producer
 * (a copy of records already there included: a reader meets them again after later records).
 */
function countUnprotectedRetry(ctx: Ctx, r: ReplicaLog, producer: string, b: ProducerBatch): void {
  const known = ownGet(r.producerStates, producerKey(-1, producer));
  if (!known || known.length === 0) return;
  const last = b.baseSequence + b.recordCount - 1;
  const stats = findProducer(ctx.state, producer)?.stats;
  if (!stats) return;
  stats.duplicateRecords += writtenBefore(known, b.baseSequence, last);
  let newest = -1;
  for (const m of known) newest = Math.max(newest, m.lastSequence);
  if (newest > last) stats.reorderedBatches++;
}

/** The batch of these sequences the producer already appended (hot path: a loop, no closure). */
function sameBatch(
  known: readonly ProducerBatchMetadata[],
  baseSequence: number,
  lastSequence: number,
): ProducerBatchMetadata | undefined {
  for (let i = 0; i < known.length; i++) {
    const m = known[i]!;
    if (m.baseSequence === baseSequence && m.lastSequence === lastSequence) return m;
  }
  return undefined;
}

function resultFor(b: ProducerBatch): ProducePartitionResult {
  return {
    topic: b.topic,
    partition: b.partition,
    batchId: b.id,
    error: null,
    baseOffset: -1,
    logAppendTimeMs: -1,
    leaderEpoch: -1,
    currentLeader: null,
  };
}

/** Partition.appendRecordsToLeader for one batch; returns the result for the response. */
function appendToLeader(
  ctx: Ctx,
  broker: BrokerState,
  req: Payload<'produce'>,
  b: ProducerBatch,
): ProducePartitionResult {
  const state = ctx.state;
  const result = resultFor(b);
  const topic = findTopic(state, b.topic);
  const p = topic?.partitions[b.partition];
  const leader = p ? ledReplica(broker, p) : undefined;
  const view = p ? brokerView(broker, p) : undefined;
  if (!topic || !p || !view) result.error = 'UNKNOWN_TOPIC_OR_PARTITION';
  else if (!leader) {
    result.error = 'NOT_LEADER_OR_FOLLOWER';
    // KIP-951: the error names the leader this broker knows of, so the client can go there
    // without waiting for a metadata round trip.
    if (view.leader !== null && view.leader !== broker.id)
      result.currentLeader = { leaderId: view.leader, leaderEpoch: view.leaderEpoch };
  }
  if (!topic || !p || !leader || !leader.leaderState || result.error !== null) return result;
  const ls = leader.leaderState;
  const settings = topicSettings(topic.config, state.cluster.brokerConfig);
  // semantics §3: acks=all is refused before the append when the ISR is below
  // min(min.insync.replicas, replication factor) (Partition.appendRecordsToLeader, before
  // UnifiedLog.appendAsLeader validates the records).
  const effectiveMinIsr = Math.min(settings.minInsyncReplicas, p.replicas.length);
  if (req.acks === -1 && ls.isr.length < effectiveMinIsr) {
    result.error = 'NOT_ENOUGH_REPLICAS';
    return result;
  }
  if (b.sizeBytes > settings.maxMessageBytes) {
    result.error = 'MESSAGE_TOO_LARGE';
    return result;
  }
  // LogValidator.validateKey: a compacted topic refuses the whole batch when a record has no
  // key (InvalidRecordException, not retriable); nothing is appended.
  if (settings.compact && (b.keys === null || b.keys.includes(null))) {
    result.error = 'INVALID_RECORD';
    return result;
  }
  const producerId = req.producerId;
  if (producerId >= 0) {
    const known = ownGet(leader.producerStates, producerIdKey(producerId));
    // ProducerStateManager: a batch this producer already appended (a retry after a lost or
    // late response) is answered with its first offset and not written again.
    const last = b.baseSequence + b.recordCount - 1;
    const duplicate = known === undefined ? undefined : sameBatch(known, b.baseSequence, last);
    if (duplicate !== undefined) {
      result.baseOffset = duplicate.baseOffset;
      result.leaderEpoch = duplicate.epoch;
      return result;
    }
    // ProducerAppendInfo.checkSequence: a batch must follow the producer's last one here, so
    // a retry can never land behind a later batch.
    const lastSequence = known?.[known.length - 1]?.lastSequence;
    if (lastSequence !== undefined && b.baseSequence !== lastSequence + 1) {
      result.error = 'OUT_OF_ORDER_SEQUENCE_NUMBER';
      return result;
    }
  } else countUnprotectedRetry(ctx, leader, req.producer, b);
  const baseOffset = leader.log.logEndOffset;
  const batch = toRecordBatch(b, baseOffset, ls.leaderEpoch, producerId, req.producer);
  const { rolled } = appendBatch(leader.log, batch, settings);
  cacheChanged(state, broker, batch.sizeBytes);
  if (rolled) {
    const event = { topic: b.topic, partition: b.partition, broker: broker.id, baseOffset };
    emit(ctx, { type: 'segment.rolled', ...event, reason: rolled });
  }
  assignEpoch(leader, ls.leaderEpoch, baseOffset);
  rememberBatch(
    leader,
    producerId,
    req.producer,
    b.baseSequence,
    b.recordCount,
    baseOffset,
    ls.leaderEpoch,
  );
  state.stats.messagesIn += b.recordCount;
  state.stats.bytesIn += b.sizeBytes;
  result.baseOffset = baseOffset;
  result.leaderEpoch = ls.leaderEpoch;
  return result;
}

function respondProduce(
  ctx: Ctx,
  from: Endpoint,
  to: Endpoint,
  producer: string,
  requestId: string,
  results: ProducePartitionResult[],
): void {
  for (const r of results) if (r.error !== null) ctx.state.stats.failedProduceRequests++;
  send(
    ctx,
    from,
    to,
    { kind: 'produceResponse', producer, requestId, results },
    REQUEST_OVERHEAD_BYTES,
  );
}

export function handleProduce(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Payload<'produce'>;
  const state = ctx.state;
  // Hot path (every produce): index loops rather than map closures.
  const batches = req.batches;
  const results: ProducePartitionResult[] = [];
  for (let i = 0; i < batches.length; i++)
    results.push(appendToLeader(ctx, broker, req, batches[i]!));
  // The leader's own LEO moved: followers waiting in the purgatory have data, and with the
  // ISR at the leader alone the high watermark moves at once.
  const required: number[] = [];
  let waits = false;
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    const offset =
      r.error === null && r.baseOffset >= 0 ? r.baseOffset + batches[i]!.recordCount : -1;
    if (offset >= 0) waits = true;
    required.push(offset);
  }
  for (const r of results) {
    if (r.error !== null) continue;
    const p = findPartition(state, r.topic, r.partition);
    const led = p ? ledReplica(broker, p) : undefined;
    if (!p || !led) continue;
    completeParkedFetches(ctx, broker, r.topic, r.partition);
    maybeIncrementHighWatermark(ctx, broker, p, led);
  }
  if (req.acks === 0) {
    for (const r of results) if (r.error !== null) state.stats.failedProduceRequests++;
    return; // no response for acks=0
  }
  if (req.acks === -1 && waits) {
    const dp: DelayedProduce = {
      producer: req.producer,
      requestId: req.requestId,
      expiresAtMs: state.nowMs + req.timeoutMs,
      results,
      requiredOffsets: required,
    };
    if (!checkDelayedProduce(state, broker, dp)) {
      broker.delayedProduces.push(dp);
      scheduleProduceExpiry(ctx, broker);
      return;
    }
  }
  respondProduce(ctx, msg.to, msg.from, req.producer, req.requestId, results);
}

/**
 * Partition.checkEnoughReplicasReachOffset for each waiting batch: done when the high
 * watermark covers it (NONE, or NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below
 * min.insync.replicas meanwhile), or when this broker no longer leads. True when all are done.
 */
function checkDelayedProduce(state: SimState, broker: BrokerState, dp: DelayedProduce): boolean {
  let done = true;
  for (let i = 0; i < dp.requiredOffsets.length; i++) {
    const required = dp.requiredOffsets[i]!;
    if (required < 0) continue;
    const res = dp.results[i]!;
    const p = findPartition(state, res.topic, res.partition);
    const led = p ? ledReplica(broker, p) : undefined;
    const ls = led?.leaderState;
    if (!p || !led || !ls) {
      res.error = 'NOT_LEADER_OR_FOLLOWER';
      dp.requiredOffsets[i] = -1;
      continue;
    }
    if (led.highWatermark < required) {
      done = false;
      continue;
    }
    const topic = findTopic(state, res.topic);
    // Partition.checkEnoughReplicasReachOffset: effectiveMinIsr, at most the replication factor.
    const minIsr = Math.min(
      topic ? topicSettings(topic.config, state.cluster.brokerConfig).minInsyncReplicas : 1,
      p.replicas.length,
    );
    const maximal =
      ls.isr.length + (ls.pendingIsr?.filter((id) => !ls.isr.includes(id)).length ?? 0);
    if (maximal < minIsr) res.error = 'NOT_ENOUGH_REPLICAS_AFTER_APPEND';
    dp.requiredOffsets[i] = -1;
  }
  return done;
}

function answerDelayed(ctx: Ctx, broker: BrokerState, dp: DelayedProduce): void {
  respondProduce(
    ctx,
    { kind: 'broker', id: broker.id },
    { kind: 'client', id: dp.producer },
    dp.producer,
    dp.requestId,
    dp.results,
  );
}

/** DelayedProduce.tryComplete for requests waiting on this partition. */
export function tryCompleteDelayedProduces(
  ctx: Ctx,
  broker: BrokerState,
  topic: string,
  partition: number,
): void {
  const waiting = broker.delayedProduces;
  // Hot path (every high watermark move): usually nothing completes, and then no array is
  // rebuilt; `remaining` starts once one is answered.
  let remaining: DelayedProduce[] | null = null;
  for (let k = 0; k < waiting.length; k++) {
    const dp = waiting[k]!;
    if (waitsOn(dp, topic, partition) && checkDelayedProduce(ctx.state, broker, dp)) {
      remaining ??= waiting.slice(0, k);
      answerDelayed(ctx, broker, dp);
    } else if (remaining !== null) remaining.push(dp);
  }
  if (remaining !== null) broker.delayedProduces = remaining;
}

/** Whether a delayed produce still waits for a batch of this partition. */
function waitsOn(dp: DelayedProduce, topic: string, partition: number): boolean {
  for (let i = 0; i < dp.results.length; i++) {
    const r = dp.results[i]!;
    if (dp.requiredOffsets[i]! >= 0 && r.partition === partition && r.topic === topic) return true;
  }
  return false;
}

/** This broker stopped leading the partition: waiting requests learn it now. */
export function failDelayedProduces(
  ctx: Ctx,
  broker: BrokerState,
  topic: string,
  partition: number,
): void {
  tryCompleteDelayedProduces(ctx, broker, topic, partition);
}

function scheduleProduceExpiry(ctx: Ctx, broker: BrokerState): void {
  let earliest = Number.MAX_SAFE_INTEGER;
  for (const dp of broker.delayedProduces) earliest = Math.min(earliest, dp.expiresAtMs);
  if (earliest === Number.MAX_SAFE_INTEGER) return;
  if (broker.produceExpiryAtMs !== null && broker.produceExpiryAtMs <= earliest) return;
  broker.produceExpiryAtMs = earliest;
  schedule(ctx.state, earliest, { kind: 'produceExpire', broker: broker.id });
}

/** Work `produceExpire`: DelayedProduce.onExpiration, REQUEST_TIMED_OUT for batches still waiting. */
export function expireDelayedProduces(ctx: Ctx, brokerId: number): void {
  const broker = findBroker(ctx.state, brokerId);
  if (!broker || !broker.alive || broker.produceExpiryAtMs !== ctx.state.nowMs) return;
  broker.produceExpiryAtMs = null;
  const remaining: DelayedProduce[] = [];
  for (const dp of broker.delayedProduces) {
    if (dp.expiresAtMs > ctx.state.nowMs) {
      remaining.push(dp);
      continue;
    }
    checkDelayedProduce(ctx.state, broker, dp);
    dp.requiredOffsets.forEach((o, i) => {
      if (o >= 0) dp.results[i]!.error = 'REQUEST_TIMED_OUT';
    });
    answerDelayed(ctx, broker, dp);
  }
  broker.delayedProduces = remaining;
  scheduleProduceExpiry(ctx, broker);
}

/** Reads what a consumer fetch may return for each partition (FetchIsolation.HIGH_WATERMARK). */
function fetchResult(
  fp: { topic: string; partition: number; fetchOffset: number },
  error: string | null,
  highWatermark: number,
  logStartOffset: number,
): FetchPartitionResult {
  const at = fp.fetchOffset;
  return {
    topic: fp.topic,
    partition: fp.partition,
    error,
    highWatermark,
    logStartOffset,
    fromOffset: at,
    toOffset: at,
    sizeBytes: 0,
    epochRuns: [],
  };
}

/**
 * What consumerFetchTarget found: an error, or the partition and the leader's replica. Hot path
 * (every consumer fetch, every parked one on each append): one object reused for every answer,
 * like replication.ts's FetchCheck; read it before the next call.
 */
interface FetchTarget {
  error: string | null;
  p: PartitionState | null;
  r: ReplicaLog | null;
  remote: boolean;
}

const target: FetchTarget = { error: null, p: null, r: null, remote: false };

function targetError(error: string): FetchTarget {
  target.error = error;
  target.p = null;
  target.r = null;
  target.remote = false;
  return target;
}

function targetFound(p: PartitionState, r: ReplicaLog, remote: boolean): FetchTarget {
  target.error = null;
  target.p = p;
  target.r = r;
  target.remote = remote;
  return target;
}

/**
 * The leader's replica for a consumer fetch, or the error to answer with. Below the leader's
 * local log start, a tiered topic reads remote storage (`remote`, tieredStorage.ts).
 */
function consumerFetchTarget(
  state: SimState,
  broker: BrokerState,
  fp: { topic: string; partition: number; fetchOffset: number },
): FetchTarget {
  const p = findPartition(state, fp.topic, fp.partition);
  if (!p || !brokerView(broker, p)) return targetError('UNKNOWN_TOPIC_OR_PARTITION');
  const r = ledReplica(broker, p);
  if (!r) return targetError('NOT_LEADER_OR_FOLLOWER');
  if (fp.fetchOffset > r.log.logEndOffset) return targetError('OFFSET_OUT_OF_RANGE');
  // Below the partition's log start (which remote retention may have moved past the local
  // log's start) nothing is served, even records still on this broker's disk.
  if (p.remoteLog !== null && fp.fetchOffset < logStartOffset(p, r))
    return targetError('OFFSET_OUT_OF_RANGE');
  if (fp.fetchOffset >= r.log.logStartOffset) return targetFound(p, r, false);
  if (inRemoteStorage(p, r, fp.fetchOffset)) return targetFound(p, r, true);
  return targetError('OFFSET_OUT_OF_RANGE');
}

/**
 * Reads every partition of a consumer fetch. Kafka before KIP-1075 serves one partition from
 * remote storage per fetch request; a second partition that needs it gets nothing this time.
 * Sets `remote.read` to what must be read from remote storage before the answer can leave.
 */
function readForFetch(
  ctx: Ctx,
  broker: BrokerState,
  req: Payload<'fetch'>,
  remote: { read: RemoteRead | null },
): FetchPartitionResult[] {
  let remaining = req.maxBytes;
  let first = true;
  const results: FetchPartitionResult[] = [];
  for (const fp of req.partitions) {
    const found = consumerFetchTarget(ctx.state, broker, fp);
    const { error, p: foundP, r: foundR, remote: fromRemote } = found;
    if (error !== null || foundP === null || foundR === null) {
      const p = findPartition(ctx.state, fp.topic, fp.partition);
      const r = p ? ledReplica(broker, p) : undefined;
      results.push(
        fetchResult(fp, error, r?.highWatermark ?? -1, p && r ? logStartOffset(p, r) : -1),
      );
      continue;
    }
    const p = foundP;
    const r = foundR;
    const result = fetchResult(fp, null, r.highWatermark, logStartOffset(p, r));
    results.push(result);
    if (fromRemote && remote.read !== null) continue;
    const limit = Math.min(req.partitionMaxBytes, remaining);
    // KIP-74: the first batch of the response is returned even when it is larger than the limits.
    const range = fromRemote
      ? readRemote(broker, p.remoteLog!, fp.fetchOffset, r.highWatermark, limit)
      : readRange(r.log, fp.fetchOffset, r.highWatermark, limit, first);
    if (fromRemote && range.sizeBytes > 0) remote.read = { ...fp, ...range };
    if (range.sizeBytes > 0) first = false;
    remaining = Math.max(0, remaining - range.sizeBytes);
    result.fromOffset = range.fromOffset;
    result.toOffset = range.toOffset;
    result.sizeBytes = range.sizeBytes;
    result.epochRuns = epochRuns(r, range.fromOffset, range.toOffset);
    if (range.holes) result.holes = range.holes;
  }
  return results;
}

/**
 * Whether a parked fetch's partition needs a look: the partitions whose state may have changed
 * since it was last checked. A parked fetch was not ready then: with fetch.min.bytes of 1 every
 * other partition had no data and no error, and is unchanged, so only the changed one (topic,
 * partition) needs a look. With larger minimums bytes add up across partitions, so all of them
 * are counted. `changedTopic` null: no change named, all are looked at.
 */
export function needsCheck(
  fp: { topic: string; partition: number },
  minBytes: number,
  changedTopic: string | null,
  changedPartition: number,
): boolean {
  if (changedTopic === null || minBytes > 1) return true;
  return fp.partition === changedPartition && fp.topic === changedTopic;
}

/** Whether a consumer fetch can be answered: fetch.min.bytes below the high watermark, or an error. */
function consumerFetchReady(
  state: SimState,
  broker: BrokerState,
  req: Payload<'fetch'>,
  changedTopic: string | null = null,
  changedPartition = -1,
): boolean {
  let bytes = 0;
  // Hot path (every append checks each parked fetch): an index loop, no filtered copy.
  const partitions = req.partitions;
  for (let i = 0; i < partitions.length; i++) {
    const fp = partitions[i]!;
    if (!needsCheck(fp, req.minBytes, changedTopic, changedPartition)) continue;
    const found = consumerFetchTarget(state, broker, fp);
    // An error, or records in remote storage (answered once the remote read is done).
    if (found.error !== null || found.r === null || found.remote) return true;
    bytes += bytesAvailable(
      found.r.log,
      fp.fetchOffset,
      found.r.highWatermark,
      req.partitionMaxBytes,
    );
  }
  return bytes >= req.minBytes;
}

function fetchReady(
  state: SimState,
  broker: BrokerState,
  payload: ParkedFetch['payload'],
  fetched: readonly { topic: string; partition: number }[],
  changedAt: number,
): boolean {
  if (payload.kind === 'fetch') {
    const changed = fetched[changedAt]!;
    return consumerFetchReady(state, broker, payload, changed.topic, changed.partition);
  }
  // A follower fetch's partitions are its fetch data (contextPartitions).
  const partitions = fetched as readonly ReplicaFetchPartition[];
  return replicaFetchReady(state, broker, payload, partitions, changedAt);
}
/**
 * Notes how one partition of a fetch answer was read (pageCache.ts); true when it read the
 * disk (records older than the page cache holds).
 */
function readFromDisk(
  state: SimState,
  broker: BrokerState,
  part: { topic: string; partition: number; sizeBytes: number },
  fromOffset: number,
): boolean {
  if (part.sizeBytes <= 0) return false;
  const p = findPartition(state, part.topic, part.partition);
  const r = p ? replicaOn(p, broker.id) : undefined;
  // Records read from remote storage never touch this broker's disk or page cache.
  if (r === undefined || fromOffset < r.log.logStartOffset) return false;
  return noteRead(state, broker, r.log, fromOffset, part.sizeBytes);
}

/** An answer that read the disk leaves diskReadMs later (read now, sent then): the delay. */
function diskDelayMs(state: SimState, broker: BrokerState, fromDisk: boolean): number {
  if (!fromDisk) return 0;
  broker.pageCache.diskBusyUntilMs = state.nowMs + state.cluster.diskReadMs;
  return state.cluster.diskReadMs;
}

function respondFetch(
  ctx: Ctx,
  broker: BrokerState,
  to: Endpoint,
  req: ParkedFetch['payload'],
): void {
  const state = ctx.state;
  const from: Endpoint = { kind: 'broker', id: broker.id };
  let size = 0;
  let fromDisk = false;
  if (req.kind === 'replicaFetch') {
    const res = replicaFetchResponse(state, broker, req);
    for (const part of res.partitions) {
      size += part.sizeBytes;
      if (readFromDisk(state, broker, part, part.fetchOffset)) fromDisk = true;
    }
    const delay = diskDelayMs(state, broker, fromDisk);
    sendLater(ctx, from, to, res, REQUEST_OVERHEAD_BYTES + size, delay);
    return;
  }
  const remote: { read: RemoteRead | null } = { read: null };
  const results = readForFetch(ctx, broker, req, remote);
  for (const part of results) {
    size += part.sizeBytes;
    if (readFromDisk(state, broker, part, part.fromOffset)) fromDisk = true;
  }
  const diskDelay = diskDelayMs(state, broker, fromDisk);
  const payload: Payload<'fetchResponse'> = {
    kind: 'fetchResponse',
    consumer: req.consumer,
    requestId: req.requestId,
    partitions: results,
  };
  const sizeBytes = REQUEST_OVERHEAD_BYTES + size;
  if (remote.read === null) {
    sendLater(ctx, from, to, payload, sizeBytes, diskDelay);
    return;
  }
  // DelayedRemoteFetch: the answer leaves when the remote read (and any disk read) is done.
  const { topic, partition, fromOffset, toOffset, sizeBytes: bytes } = remote.read;
  askRemoteStorage(
    ctx,
    broker,
    { to, payload, sizeBytes, diskDoneAtMs: state.nowMs + diskDelay },
    { topic, partition, fromOffset, toOffset, bytes },
  );
}

/** The part of a consumer fetch answer that must come from remote storage. */
interface RemoteRead {
  topic: string;
  partition: number;
  fromOffset: number;
  toOffset: number;
  sizeBytes: number;
}

function park(
  ctx: Ctx,
  broker: BrokerState,
  msg: MessageState,
  payload: ParkedFetch['payload'],
): void {
  broker.parkedFetches.push({
    messageId: msg.id,
    from: msg.from,
    receivedAtMs: ctx.state.nowMs,
    expiresAtMs: ctx.state.nowMs + payload.maxWaitMs,
    payload,
  });
  scheduleFetchExpiry(ctx, broker);
}

/** Consumer Fetch: answer now when fetch.min.bytes is there (or an error), else park until fetch.max.wait.ms. */
export function handleFetch(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Payload<'fetch'>;
  if (req.maxWaitMs <= 0 || consumerFetchReady(ctx.state, broker, req))
    respondFetch(ctx, broker, msg.from, req);
  else park(ctx, broker, msg, req);
}

/**
 * Follower Fetch: open its fetch session context (KIP-227; a session error is answered at once),
 * record the follower's progress, then answer or park until replica.fetch.wait.max.ms.
 */
export function handleReplicaFetch(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Payload<'replicaFetch'>;
  const answer = openFetchContext(broker, req);
  if (answer !== null) {
    send(ctx, msg.to, msg.from, answer, REQUEST_OVERHEAD_BYTES);
    return;
  }
  if (acceptReplicaFetch(ctx, msg, broker)) respondFetch(ctx, broker, msg.from, req);
  else park(ctx, broker, msg, req);
}

/** Keeps one timer per broker, at the earliest wait deadline of its parked fetches. */
function scheduleFetchExpiry(ctx: Ctx, broker: BrokerState): void {
  let earliest = Number.MAX_SAFE_INTEGER;
  for (const f of broker.parkedFetches) earliest = Math.min(earliest, f.expiresAtMs);
  if (earliest === Number.MAX_SAFE_INTEGER) return;
  if (broker.fetchExpiryAtMs !== null && broker.fetchExpiryAtMs <= earliest) return;
  broker.fetchExpiryAtMs = earliest;
  schedule(ctx.state, earliest, { kind: 'fetchExpire', broker: broker.id });
}

function answerParked(ctx: Ctx, broker: BrokerState, index: number): void {
  const parked = removeAt(broker.parkedFetches, index);
  respondFetch(ctx, broker, parked.from, parked.payload);
}

/**
 * Where a fetch lists this partition, or -1 (hot path: a loop, no closure per parked fetch).
 * From the end: a fetch session moves the partitions answered with records there, so the busy
 * ones are found after a few steps rather than after every idle partition of the session.
 */
function indexOfPartition(
  fetched: readonly { topic: string; partition: number }[],
  topic: string,
  partition: number,
): number {
  for (let i = fetched.length - 1; i >= 0; i--)
    if (fetched[i]!.partition === partition && fetched[i]!.topic === topic) return i;
  return -1;
}

/** DelayedFetch.tryComplete after an append or a high watermark move on this partition. */
export function completeParkedFetches(
  ctx: Ctx,
  broker: BrokerState,
  topic: string,
  partition: number,
): void {
  for (let i = broker.parkedFetches.length - 1; i >= 0; i--) {
    const parked = broker.parkedFetches[i]!;
    const fetched =
      parked.payload.kind === 'replicaFetch'
        ? contextPartitions(broker, parked.payload)
        : parked.payload.partitions;
    const at = indexOfPartition(fetched, topic, partition);
    if (at < 0) continue;
    if (fetchReady(ctx.state, broker, parked.payload, fetched, at)) answerParked(ctx, broker, i);
  }
}

/** Work `fetchExpire`: the wait passed; answer those fetches with whatever is there. */
export function expireParkedFetches(ctx: Ctx, brokerId: number): void {
  const broker = findBroker(ctx.state, brokerId);
  // A superseded timer (an earlier one was set, or the broker restarted) does nothing.
  if (!broker || !broker.alive || broker.fetchExpiryAtMs !== ctx.state.nowMs) return;
  broker.fetchExpiryAtMs = null;
  for (let i = broker.parkedFetches.length - 1; i >= 0; i--) {
    if (broker.parkedFetches[i]!.expiresAtMs <= ctx.state.nowMs) answerParked(ctx, broker, i);
  }
  scheduleFetchExpiry(ctx, broker);
}

/**
 * ListOffsets: earliest is the log start offset (with tiered storage it may be in remote
 * storage); latest, for read_uncommitted, the high watermark.
 */
export function handleListOffsets(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Payload<'listOffsets'>;
  const partitions = req.partitions.map((lp) => {
    const p = findPartition(ctx.state, lp.topic, lp.partition);
    const r = p ? ledReplica(broker, p) : undefined;
    if (!p || !r) {
      return {
        topic: lp.topic,
        partition: lp.partition,
        offset: -1,
        error: p && brokerView(broker, p) ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION',
      };
    }
    // Partition.fetchOffsetForTimestamp: a new leader whose high watermark has not reached the
    // start of its epoch cannot tell the latest offset yet (OFFSET_NOT_AVAILABLE, retriable).
    const epochStart = r.leaderState?.leaderEpochStartOffset ?? -1;
    if (lp.timestamp === 'latest' && epochStart > r.highWatermark)
      return {
        topic: lp.topic,
        partition: lp.partition,
        offset: -1,
        error: 'OFFSET_NOT_AVAILABLE',
      };
    const offset = lp.timestamp === 'earliest' ? logStartOffset(p, r) : r.highWatermark;
    return { topic: lp.topic, partition: lp.partition, offset, error: null };
  });
  send(
    ctx,
    msg.to,
    msg.from,
    { kind: 'listOffsetsResponse', consumer: req.consumer, requestId: req.requestId, partitions },
    REQUEST_OVERHEAD_BYTES,
  );
}

/** Metadata: the leaders this broker knows, from its own (possibly stale) metadata cache. */
export function handleMetadata(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Payload<'metadata'>;
  const topics: Payload<'metadataResponse'>['topics'] = {};
  for (const name of req.topics) {
    const t = findTopic(ctx.state, name);
    if (!t) continue;
    const parts = t.partitions.map((p) => {
      const v = brokerView(broker, p);
      return { leader: v?.leader ?? null, leaderEpoch: v?.leaderEpoch ?? -1 };
    });
    ownSet(topics, name, parts);
  }
  send(
    ctx,
    msg.to,
    msg.from,
    {
      kind: 'metadataResponse',
      client: req.client,
      clientKind: req.clientKind,
      requestId: req.requestId,
      topics,
    },
    REQUEST_OVERHEAD_BYTES,
  );
}
