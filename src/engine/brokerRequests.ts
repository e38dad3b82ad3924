/**
 * What a broker does with the requests that reach it: Produce (ReplicaManager.appendRecords
 * and Partition.appendRecordsToLeader), Fetch from consumers (up to the high watermark, with
 * fetch.min.bytes / fetch.max.wait.ms held in the fetch purgatory), and ListOffsets.
 *
 * Replication is not simulated yet: the ISR is the leader alone, so the leader's high
 * watermark follows its log end offset right after each append.
 */
import { topicSettings } from './config.ts';
import {
  findBroker,
  findPartition,
  findTopic,
  leaderLog,
  ownGet,
  ownSet,
  type Ctx,
} from './context.ts';
import { appendBatch, bytesAvailable, readRange } from './log.ts';
import type {
  BrokerState,
  FetchPartitionResult,
  MessagePayload,
  MessageState,
  ParkedFetch,
  PartitionState,
  ProducerBatchMetadata,
  ProducePartitionResult,
  ProducerBatch,
  RecordBatch,
  ReplicaLog,
} from './model.ts';
import { REQUEST_OVERHEAD_BYTES, send } from './network.ts';
import { schedule } from './queue.ts';
import { emit } from './context.ts';

type Payload<K extends MessagePayload['kind']> = Extract<MessagePayload, { kind: K }>;

/** The high watermark: min log end offset over the ISR (semantics §1); the ISR is the leader. */
function advanceHighWatermark(p: PartitionState, leader: ReplicaLog): void {
  // Partition.maybeIncrementLeaderHW: never moves backwards.
  if (
    p.isr.length === 1 &&
    p.isr[0] === leader.brokerId &&
    leader.log.logEndOffset > leader.highWatermark
  ) {
    leader.highWatermark = leader.log.logEndOffset;
  }
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

function findDuplicate(
  log: ReplicaLog,
  producerId: number,
  b: ProducerBatch,
): ProducerBatchMetadata | undefined {
  const last = b.baseSequence + b.recordCount - 1;
  return ownGet(log.producerStates, String(producerId))?.find(
    (m) => m.baseSequence === b.baseSequence && m.lastSequence === last,
  );
}

function rememberBatch(
  log: ReplicaLog,
  producerId: number,
  b: ProducerBatch,
  baseOffset: number,
): void {
  const key = String(producerId);
  let batches = ownGet(log.producerStates, key);
  if (batches === undefined) {
    batches = [];
    ownSet(log.producerStates, key, batches);
  }
  batches.push({
    baseSequence: b.baseSequence,
    lastSequence: b.baseSequence + b.recordCount - 1,
    baseOffset,
  });
  if (batches.length > BATCHES_TO_RETAIN) batches.shift();
}

/** Partition.appendRecordsToLeader for one batch; returns the result for the response. */
function appendToLeader(
  ctx: Ctx,
  broker: BrokerState,
  req: Payload<'produce'>,
  b: ProducerBatch,
  producerId: number,
): ProducePartitionResult {
  const state = ctx.state;
  const result: ProducePartitionResult = {
    topic: b.topic,
    partition: b.partition,
    batchId: b.id,
    error: null,
    baseOffset: -1,
    logAppendTimeMs: -1,
  };
  const topic = findTopic(state, b.topic);
  const p = topic?.partitions[b.partition];
  const leader = p ? leaderLog(p) : undefined;
  if (!topic || !p) result.error = 'UNKNOWN_TOPIC_OR_PARTITION';
  else if (!leader || p.leader !== broker.id) result.error = 'NOT_LEADER_OR_FOLLOWER';
  if (!topic || !p || !leader || result.error !== null) return result;
  const settings = topicSettings(topic.config, state.cluster.brokerConfig);
  if (b.sizeBytes > settings.maxMessageBytes) {
    result.error = 'MESSAGE_TOO_LARGE';
    return result;
  }
  // semantics §3: acks=all is refused before the append when the ISR is below
  // min(min.insync.replicas, replication factor).
  const effectiveMinIsr = Math.min(settings.minInsyncReplicas, p.replicas.length);
  if (req.acks === -1 && p.isr.length < effectiveMinIsr) {
    result.error = 'NOT_ENOUGH_REPLICAS';
    return result;
  }
  // ProducerStateManager: a batch this producer already appended (a retry after a lost or
  // late response) is answered with its first offset and not written again.
  const duplicate = producerId < 0 ? undefined : findDuplicate(leader, producerId, b);
  if (duplicate !== undefined) {
    result.baseOffset = duplicate.baseOffset;
    return result;
  }
  const baseOffset = leader.log.logEndOffset;
  const batch = toRecordBatch(b, baseOffset, p.leaderEpoch, producerId, req.producer);
  const { rolled } = appendBatch(leader.log, batch, settings);
  if (rolled) {
    const event = { topic: b.topic, partition: b.partition, broker: broker.id, baseOffset };
    emit(ctx, { type: 'segment.rolled', ...event, reason: rolled });
  }
  if (producerId >= 0) rememberBatch(leader, producerId, b, baseOffset);
  advanceHighWatermark(p, leader);
  state.stats.messagesIn += b.recordCount;
  state.stats.bytesIn += b.sizeBytes;
  result.baseOffset = baseOffset;
  return result;
}

export function handleProduce(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Payload<'produce'>;
  const producerId = req.producerId;
  const results = req.batches.map((b) => appendToLeader(ctx, broker, req, b, producerId));
  for (const r of results)
    if (r.error === null) completeParkedFetches(ctx, broker, r.topic, r.partition);
  if (req.acks === 0) return; // no response for acks=0
  send(
    ctx,
    msg.to,
    msg.from,
    { kind: 'produceResponse', producer: req.producer, requestId: req.requestId, results },
    REQUEST_OVERHEAD_BYTES,
  );
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
  };
}

function readForFetch(
  ctx: Ctx,
  broker: BrokerState,
  req: Payload<'fetch'>,
): FetchPartitionResult[] {
  let remaining = req.maxBytes;
  let first = true;
  const results: FetchPartitionResult[] = [];
  for (const fp of req.partitions) {
    const p = findPartition(ctx.state, fp.topic, fp.partition);
    const leader = p ? leaderLog(p) : undefined;
    if (!p || !leader || p.leader !== broker.id) {
      results.push(
        fetchResult(fp, p ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION', -1, -1),
      );
      continue;
    }
    const log = leader.log;
    const result = fetchResult(fp, null, leader.highWatermark, log.logStartOffset);
    results.push(result);
    if (fp.fetchOffset < log.logStartOffset || fp.fetchOffset > log.logEndOffset) {
      result.error = 'OFFSET_OUT_OF_RANGE';
      continue;
    }
    // KIP-74: the first batch of the response is returned even when it is larger than the limits.
    const range = readRange(
      log,
      fp.fetchOffset,
      leader.highWatermark,
      Math.min(req.partitionMaxBytes, remaining),
      first,
    );
    if (range.sizeBytes > 0) first = false;
    remaining = Math.max(0, remaining - range.sizeBytes);
    result.fromOffset = range.fromOffset;
    result.toOffset = range.toOffset;
    result.sizeBytes = range.sizeBytes;
  }
  return results;
}

function availableBytes(
  ctx: Ctx,
  broker: BrokerState,
  req: Payload<'fetch'>,
): { bytes: number; error: boolean } {
  let bytes = 0;
  for (const fp of req.partitions) {
    const p = findPartition(ctx.state, fp.topic, fp.partition);
    const leader = p ? leaderLog(p) : undefined;
    if (!p || !leader || p.leader !== broker.id) return { bytes, error: true };
    const log = leader.log;
    if (fp.fetchOffset < log.logStartOffset || fp.fetchOffset > log.logEndOffset)
      return { bytes, error: true };
    bytes += bytesAvailable(log, fp.fetchOffset, leader.highWatermark);
  }
  return { bytes, error: false };
}

function respondFetch(
  ctx: Ctx,
  broker: BrokerState,
  to: MessageState['from'],
  req: Payload<'fetch'>,
): void {
  const results = readForFetch(ctx, broker, req);
  const size = results.reduce((n, r) => n + r.sizeBytes, 0);
  send(
    ctx,
    { kind: 'broker', id: broker.id },
    to,
    {
      kind: 'fetchResponse',
      consumer: req.consumer,
      requestId: req.requestId,
      partitions: results,
    },
    REQUEST_OVERHEAD_BYTES + size,
  );
}

/** Fetch: answer now when fetch.min.bytes is there (or an error), else park until fetch.max.wait.ms. */
export function handleFetch(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Payload<'fetch'>;
  const { bytes, error } = availableBytes(ctx, broker, req);
  if (error || bytes >= req.minBytes || req.maxWaitMs <= 0) {
    respondFetch(ctx, broker, msg.from, req);
    return;
  }
  const parked: ParkedFetch = {
    messageId: msg.id,
    consumer: req.consumer,
    requestId: req.requestId,
    receivedAtMs: ctx.state.nowMs,
    expiresAtMs: ctx.state.nowMs + req.maxWaitMs,
    payload: req,
  };
  broker.parkedFetches.push(parked);
  scheduleFetchExpiry(ctx, broker);
}

/** Keeps one timer per broker, at the earliest fetch.max.wait.ms deadline of its parked fetches. */
function scheduleFetchExpiry(ctx: Ctx, broker: BrokerState): void {
  let earliest = Number.MAX_SAFE_INTEGER;
  for (const f of broker.parkedFetches) earliest = Math.min(earliest, f.expiresAtMs);
  if (earliest === Number.MAX_SAFE_INTEGER) return;
  if (broker.fetchExpiryAtMs !== null && broker.fetchExpiryAtMs <= earliest) return;
  broker.fetchExpiryAtMs = earliest;
  schedule(ctx.state, earliest, { kind: 'fetchExpire', broker: broker.id });
}

function answerParked(ctx: Ctx, broker: BrokerState, index: number): void {
  const parked = broker.parkedFetches.splice(index, 1)[0]!;
  respondFetch(ctx, broker, { kind: 'client', id: parked.consumer }, parked.payload);
}

/** DelayedFetch.tryComplete after an append: answer parked fetches that now have enough. */
function completeParkedFetches(
  ctx: Ctx,
  broker: BrokerState,
  topic: string,
  partition: number,
): void {
  for (let i = broker.parkedFetches.length - 1; i >= 0; i--) {
    const parked = broker.parkedFetches[i]!;
    if (!parked.payload.partitions.some((fp) => fp.topic === topic && fp.partition === partition))
      continue;
    const { bytes, error } = availableBytes(ctx, broker, parked.payload);
    if (error || bytes >= parked.payload.minBytes) answerParked(ctx, broker, i);
  }
}

/** Work `fetchExpire`: fetch.max.wait.ms passed; answer those fetches with whatever is there. */
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

/** ListOffsets: earliest is the log start offset; latest, for read_uncommitted, the high watermark. */
export function handleListOffsets(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Payload<'listOffsets'>;
  const partitions = req.partitions.map((lp) => {
    const p = findPartition(ctx.state, lp.topic, lp.partition);
    const leader = p ? leaderLog(p) : undefined;
    if (!p || !leader || p.leader !== broker.id) {
      return {
        topic: lp.topic,
        partition: lp.partition,
        offset: -1,
        error: p ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION',
      };
    }
    const offset = lp.timestamp === 'earliest' ? leader.log.logStartOffset : leader.highWatermark;
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
