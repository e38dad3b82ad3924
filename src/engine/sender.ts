/**
 * The producer's sender (Sender / RecordAccumulator.ready and drain): finds brokers with a
 * sendable batch, drains one batch per partition into one produce request per broker (up to
 * max.request.size), respects max.in.flight.requests.per.connection, and handles responses,
 * request.timeout.ms, retries with exponential backoff and delivery.timeout.ms.
 */
import { sourceRecordsAcked } from './connectSource.ts';
import { dequesFor, nextSequences, setSequences } from './accumulator.ts';
import { splitBatch, splitTargetBytes } from './batchSplit.ts';
import { producerSettings, type ProducerSettings } from './config.ts';
import {
  connectable,
  maybeUpdateMetadata,
  metadataMayBeDue,
  metadataDisconnected,
  requestMetadataUpdate,
  topicLeaders,
  updatePartitionLeader,
} from './clientMetadata.ts';
import { emit, findProducer, ownGet, removeAt, type Ctx } from './context.ts';
import { recordAcknowledged } from './durability.ts';
import { recordValue as recordLatency } from './histogram.ts';
import type {
  MessageState,
  ProducePartitionResult,
  ProducerBatch,
  ProducerState,
} from './model.ts';
import { REQUEST_OVERHEAD_BYTES, sendToBroker } from './network.ts';
import { bufferFreed, countFailure } from './producer.ts';
import { schedule } from './queue.ts';
import { nextFloat } from './rng.ts';

/** Errors the Java client retries (RetriableException subclasses). */
const RETRIABLE = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'LEADER_NOT_AVAILABLE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'KAFKA_STORAGE_ERROR',
]);

/** Errors after which the client refreshes its metadata (InvalidMetadataException and disconnects). */
const STALE_METADATA = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'LEADER_NOT_AVAILABLE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
]);

export function wakeSender(ctx: Ctx, p: ProducerState, atMs: number): void {
  const at = Math.max(atMs, ctx.state.nowMs);
  const times = p.senderWakeTimes;
  // An earlier (or equal) wake-up is queued: that pass schedules what comes after it.
  if (times.length > 0 && times[times.length - 1]! <= at) return;
  times.push(at);
  schedule(ctx.state, at, { kind: 'producerSend', producer: p.id });
}

function releaseBuffer(ctx: Ctx, p: ProducerState, b: ProducerBatch): void {
  p.bufferedRecords -= b.recordCount;
  p.bufferedBytes -= b.bufferBytes;
  bufferFreed(ctx, p);
}

function completeSuccess(
  ctx: Ctx,
  p: ProducerState,
  b: ProducerBatch,
  result: ProducePartitionResult | null,
): void {
  const now = ctx.state.nowMs;
  p.stats.acked += b.recordCount;
  // A Kafka Connect source task may commit these rows' source offsets now (connectSource.ts).
  if (ctx.state.connectors.length > 0) sourceRecordsAcked(ctx, p.id, b.values);
  if (result !== null && result.baseOffset >= 0) {
    const to = result.baseOffset + b.recordCount;
    recordAcknowledged(ctx, b.topic, b.partition, result.leaderEpoch, result.baseOffset, to);
  }
  const runs = b.timestampRuns;
  for (let i = 0; i < runs.length; i += 2)
    recordLatency(p.stats.latency, now - runs[i]!, runs[i + 1]!);
  releaseBuffer(ctx, p, b);
}

/** ExponentialBackoff(retry.backoff.ms, 2, retry.backoff.max.ms, 0.2), jitter from the PRNG. */
function backoffMs(ctx: Ctx, s: ProducerSettings, attempts: number): number {
  if (s.retryBackoffMaxMs <= s.retryBackoffMs) return s.retryBackoffMs;
  // retry.backoff.ms × 2^(attempts − 1) up to retry.backoff.max.ms (Kafka's exponent stops at
  // log2(max / initial), so its term reaches the cap exactly); by doubling, which is exact on
  // every engine, unlike Math.log. Then ±20% jitter, capped again.
  let term = s.retryBackoffMs;
  for (let i = 1; i < attempts && term < s.retryBackoffMaxMs; i++) term *= 2;
  term = Math.min(term, s.retryBackoffMaxMs);
  const factor = 0.8 + 0.4 * nextFloat(ctx.state.rng);
  return Math.min(s.retryBackoffMaxMs, Math.floor(term * factor));
}

function deliveryExpired(b: ProducerBatch, s: ProducerSettings, now: number): boolean {
  return now - b.createdAtMs >= s.deliveryTimeoutMs;
}

/**
 * Sender.sendProducerData / getExpiredInflightBatches: a batch past delivery.timeout.ms fails
 * with a TimeoutException (error code REQUEST_TIMED_OUT) that says how old it is.
 */
function expireBatch(ctx: Ctx, p: ProducerState, b: ProducerBatch, s: ProducerSettings): void {
  const age = ctx.state.nowMs - b.createdAtMs;
  const exception = `TimeoutException: Expiring ${b.recordCount} record(s) for ${b.topic}-${b.partition}:${age} ms has passed since batch creation`;
  failBatch(ctx, p, b, 'REQUEST_TIMED_OUT', s, exception);
}

/**
 * RecordAccumulator.reenqueue: an idempotent producer puts a retried batch back in sequence
 * order (insertInSequenceOrder); otherwise it goes first in its queue, so with several
 * requests in flight, batches retried together come back reversed: records reorder.
 */
function reenqueue(
  deque: ProducerBatch[] | undefined,
  b: ProducerBatch,
  idempotent: boolean,
): void {
  if (deque === undefined) return;
  if (!idempotent) {
    deque.unshift(b);
    return;
  }
  let i = 0;
  while (i < deque.length && deque[i]!.baseSequence < b.baseSequence) i++;
  deque.splice(i, 0, b);
}

/**
 * Whether an earlier batch of the same partition is still outstanding (in flight or waiting
 * to be retried): then OUT_OF_ORDER_SEQUENCE_NUMBER only means this one overtook it.
 */
function earlierOutstanding(p: ProducerState, b: ProducerBatch): boolean {
  for (const r of p.inFlight)
    for (const x of r.batches)
      if (x.topic === b.topic && x.partition === b.partition && x.baseSequence < b.baseSequence)
        return true;
  const deque = ownGet(p.accumulator, b.topic)?.[b.partition];
  // Waiting there: a batch to retry, or the pieces of a split one (sent, as a whole, before).
  return (
    deque?.some((x) => (x.attempts > 0 || x.split) && x.baseSequence < b.baseSequence) ?? false
  );
}

/**
 * TransactionManager.canRetry: an idempotent producer retries every
 * OUT_OF_ORDER_SEQUENCE_NUMBER. When an earlier batch is still outstanding this one merely
 * arrived before it; otherwise there is a gap in the sequence numbers (an earlier batch failed
 * for good, or the broker lost the producer's state), and the producer first starts a fresh
 * sequence space (an epoch bump), then retries.
 */
function retriable(
  p: ProducerState,
  b: ProducerBatch,
  error: string,
  s: ProducerSettings,
): boolean {
  if (error !== 'OUT_OF_ORDER_SEQUENCE_NUMBER') return RETRIABLE.has(error);
  if (!s.idempotence) return false;
  if (!earlierOutstanding(p, b)) p.sequenceResetPending = true;
  return true;
}

/**
 * A batch fails for good. An idempotent producer has then a gap in that partition's sequence
 * numbers that the broker would refuse forever: it starts a fresh sequence space once nothing
 * is in flight (TransactionManager's epoch bump, KIP-360).
 */
function failBatch(
  ctx: Ctx,
  p: ProducerState,
  b: ProducerBatch,
  error: string,
  s: ProducerSettings,
  exception?: string,
): void {
  releaseBuffer(ctx, p, b);
  countFailure(ctx, p, b.topic, b.partition, b.recordCount, error, exception);
  if (s.idempotence) p.sequenceResetPending = true;
}

/**
 * Sender.maybeResolveSequences and bumpIdempotentEpochAndResetIdAndSequence: with nothing in
 * flight, the producer starts a fresh sequence space, in which the batches still waiting are
 * numbered without gaps. Simplification: Kafka 2.5+ bumps the producer epoch and numbers
 * from 0 (KIP-360); the simulator takes a new producer id, which a broker accepts from any
 * first sequence (ProducerAppendInfo.checkSequence for an unknown producer), and keeps each
 * partition's numbers where they were: generated record values derive from them and stay
 * unique.
 */
function resetSequences(ctx: Ctx, p: ProducerState): void {
  const previous = p.producerId;
  p.producerId = ctx.state.counters.producerId++;
  p.sequenceResetPending = false;
  for (const topic in p.accumulator) {
    const deques = p.accumulator[topic]!;
    const next = nextSequences(p, topic) ?? [];
    deques.forEach((deque, partition) => {
      let seq = deque[0]?.baseSequence ?? next[partition] ?? 0;
      for (const b of deque) {
        b.baseSequence = seq;
        seq += b.recordCount;
      }
      while (next.length <= partition) next.push(0);
      if (deque.length > 0) next[partition] = seq;
    });
    setSequences(p, topic, next);
  }
  emit(ctx, {
    type: 'producer.sequenceReset',
    producer: p.id,
    producerId: p.producerId,
    previousProducerId: previous,
  });
}

/**
 * RecordAccumulator.splitAndReenqueue: the pieces go back to the front of the partition's
 * queue, in order (an idempotent producer's by sequence number), and are sent at once. The big
 * batch's buffer.memory is released; the pieces are allocated outside the pool.
 */
function splitAndReenqueue(
  ctx: Ctx,
  p: ProducerState,
  b: ProducerBatch,
  s: ProducerSettings,
): void {
  const targetBytes = splitTargetBytes(b, s.batchSizeBytes);
  const pieces = splitBatch(ctx.state, b, targetBytes);
  p.bufferedBytes -= b.bufferBytes;
  bufferFreed(ctx, p);
  // RecordAccumulator.getOrCreateDeque: the pieces always have a queue to go back to.
  const deque = dequesFor(p, b.topic, b.partition + 1)[b.partition];
  for (let i = pieces.length - 1; i >= 0; i--) reenqueue(deque, pieces[i]!, s.idempotence);
  p.stats.batchSplits++;
  emit(ctx, {
    type: 'producer.batchSplit',
    producer: p.id,
    topic: b.topic,
    partition: b.partition,
    records: b.recordCount,
    sizeBytes: b.sizeBytes,
    targetBytes,
    batches: pieces.length,
  });
  wakeSender(ctx, p, ctx.state.nowMs);
}

/**
 * Sender.completeBatch for an error: retry (back to the front of its queue) or fail.
 * `leaderHinted`: the response named the new leader (KIP-951), so no metadata refresh is needed.
 */
function completeError(
  ctx: Ctx,
  p: ProducerState,
  b: ProducerBatch,
  error: string,
  s: ProducerSettings,
  leaderHinted = false,
): void {
  const now = ctx.state.nowMs;
  // Sender.completeBatch: a refused batch of several records is split, not retried or failed
  // (KIP-126); the pieces are new batches, so this costs no retry attempt.
  if (error === 'MESSAGE_TOO_LARGE' && b.recordCount > 1) {
    splitAndReenqueue(ctx, p, b, s);
    return;
  }
  if (STALE_METADATA.has(error) && !leaderHinted) requestMetadataUpdate(p.metadata);
  // Sender.canRetry: attempts below retries, a retriable error, delivery timeout not reached.
  if (retriable(p, b, error, s) && b.attempts <= s.retries && !deliveryExpired(b, s, now)) {
    b.retryAtMs = now + backoffMs(ctx, s, b.attempts);
    reenqueue(ownGet(p.accumulator, b.topic)?.[b.partition], b, s.idempotence);
    scheduleExpiryCheck(ctx, p, s, b.createdAtMs + s.deliveryTimeoutMs);
    p.stats.retries += b.recordCount;
    p.stats.lastRetryError = error;
    emit(ctx, {
      type: 'producer.retry',
      producer: p.id,
      topic: b.topic,
      partition: b.partition,
      records: b.recordCount,
      error,
      attempt: b.attempts,
    });
    wakeSender(ctx, p, b.retryAtMs);
    return;
  }
  failBatch(ctx, p, b, error, s);
}

/** RecordAccumulator.expiredBatches: batches waiting longer than delivery.timeout.ms fail. */
function expireWaitingBatches(ctx: Ctx, p: ProducerState, s: ProducerSettings): void {
  const now = ctx.state.nowMs;
  for (const deques of Object.values(p.accumulator)) {
    for (const deque of deques) {
      while (deque.length > 0 && deliveryExpired(deque[0]!, s, now))
        expireBatch(ctx, p, deque.shift()!, s);
    }
  }
}

/** Keeps one delivery.timeout.ms check queued for the oldest waiting batch (Sender's poll timeout). */
/**
 * Keeps one delivery.timeout.ms check queued, at or before the deadline of every batch the
 * producer holds (Sender's poll timeout). `deadlineMs` is a new batch's deadline; a full scan
 * (no argument) finds the oldest batch, waiting or in flight.
 */
export function scheduleExpiryCheck(
  ctx: Ctx,
  p: ProducerState,
  s: ProducerSettings,
  deadlineMs?: number,
): void {
  let at = deadlineMs;
  if (at === undefined) {
    let oldest = Number.MAX_SAFE_INTEGER;
    for (const topic in p.accumulator)
      for (const d of p.accumulator[topic]!)
        if (d[0] !== undefined) oldest = Math.min(oldest, d[0].createdAtMs);
    for (const r of p.inFlight) for (const b of r.batches) oldest = Math.min(oldest, b.createdAtMs);
    if (oldest === Number.MAX_SAFE_INTEGER) return;
    at = oldest + s.deliveryTimeoutMs;
  }
  at = Math.max(ctx.state.nowMs, at);
  if (p.expiryCheckAtMs !== null && p.expiryCheckAtMs <= at) return;
  p.expiryCheckAtMs = at;
  schedule(ctx.state, at, { kind: 'producerExpire', producer: p.id });
}

/**
 * Work `producerExpire`: batches past delivery.timeout.ms fail, those waiting in the
 * accumulator (RecordAccumulator.expiredBatches) and those in flight
 * (Sender.getExpiredInflightBatches); a late response for the latter is ignored.
 */
export function onProducerExpire(ctx: Ctx, producerId: string): void {
  const p = findProducer(ctx.state, producerId);
  if (!p || p.expiryCheckAtMs !== ctx.state.nowMs) return; // gone, or a superseded check
  p.expiryCheckAtMs = null;
  const s = producerSettings(p.config);
  expireWaitingBatches(ctx, p, s);
  const now = ctx.state.nowMs;
  for (const r of p.inFlight) {
    const expired = r.batches.filter((b) => deliveryExpired(b, s, now));
    if (expired.length === 0) continue;
    r.batches = r.batches.filter((b) => !expired.includes(b));
    for (const b of expired) expireBatch(ctx, p, b, s);
  }
  scheduleExpiryCheck(ctx, p, s);
}

/**
 * RecordAccumulator.shouldBackoff: a retried batch waits out its backoff, unless the producer
 * has learnt of a newer leader since the attempt (KIP-951: go to the new leader at once).
 */
function waitingOutBackoff(
  b: ProducerBatch,
  knownLeaderEpoch: number | undefined,
  now: number,
): boolean {
  if (b.retryAtMs === null || b.retryAtMs <= now) return false;
  return !(b.attemptLeaderEpoch >= 0 && (knownLeaderEpoch ?? -1) > b.attemptLeaderEpoch);
}

interface ReadyScan {
  /** Brokers with a sendable batch, each once, in the order found (runSender sorts them). */
  ready: number[];
  nextWakeMs: number;
}

/** RecordAccumulator.ready: brokers leading a partition whose first batch is sendable. */
function scanReady(ctx: Ctx, p: ProducerState, s: ProducerSettings): ReadyScan {
  const state = ctx.state;
  const now = state.nowMs;
  // An array, not a Set: a handful of brokers at most, and no iterator to allocate.
  const ready: number[] = [];
  let nextWakeMs = Number.MAX_SAFE_INTEGER;
  for (const topic in p.accumulator) {
    const deques = p.accumulator[topic]!;
    const leaders = topicLeaders(p.metadata, topic);
    for (let partition = 0; partition < deques.length; partition++) {
      const first = deques[partition]![0];
      if (first === undefined) continue;
      const leader = leaders?.[partition]?.leader ?? null;
      // No leader known (offline partition) or one refusing connections: the batch waits.
      if (leader === null || !connectable(state, leader)) {
        // The client refreshes its metadata and looks again after retry.backoff.ms.
        requestMetadataUpdate(p.metadata);
        nextWakeMs = Math.min(nextWakeMs, now + Math.max(1, s.retryBackoffMs));
        continue;
      }
      const backingOff = waitingOutBackoff(first, leaders?.[partition]?.leaderEpoch, now);
      const full = deques[partition]!.length > 1 || first.closed;
      const lingerDueMs = first.createdAtMs + s.lingerMs;
      // RecordAccumulator.ready: a flush in progress makes every batch sendable.
      if (!backingOff && (full || p.flushing || now >= lingerDueMs)) {
        if (!ready.includes(leader)) ready.push(leader);
      } else nextWakeMs = Math.min(nextWakeMs, backingOff ? first.retryAtMs! : lingerDueMs);
    }
  }
  return { ready, nextWakeMs };
}

function hasWaitingBatches(p: ProducerState): boolean {
  for (const topic in p.accumulator)
    for (const d of p.accumulator[topic]!) if (d.length > 0) return true;
  return false;
}

function inFlightTo(p: ProducerState, broker: number): number {
  let n = 0;
  for (const r of p.inFlight) if (r.broker === broker) n++;
  return n;
}

function partitionMuted(p: ProducerState, topic: string, partition: number): boolean {
  return p.inFlight.some((r) =>
    r.batches.some((b) => b.topic === topic && b.partition === partition),
  );
}

/** RecordAccumulator.drain for one broker: the first batch of each partition it leads. */
function drainFor(
  ctx: Ctx,
  p: ProducerState,
  s: ProducerSettings,
  broker: number,
): ProducerBatch[] {
  const state = ctx.state;
  const now = state.nowMs;
  const drained: ProducerBatch[] = [];
  let size = 0;
  // Simplification: partitions are visited in a fixed order, not from a rotating drain index.
  for (const topic in p.accumulator) {
    const deques = p.accumulator[topic]!;
    const leaders = topicLeaders(p.metadata, topic);
    for (let partition = 0; partition < deques.length; partition++) {
      const deque = deques[partition]!;
      const first = deque[0];
      if (first === undefined) continue;
      const known = leaders?.[partition];
      if ((known?.leader ?? null) !== broker) continue;
      if (waitingOutBackoff(first, known?.leaderEpoch, now)) continue;
      // max.in.flight.requests.per.connection=1 guarantees order: one batch per partition.
      // An idempotent producer's batch that already has its sequence numbers (a retry, or a
      // piece of a split batch) waits until it is the first of its partition in flight
      // (RecordAccumulator.shouldStopDrainBatchesForPartition: in effect one in flight).
      // Simplification: it waits until nothing of its partition is in flight; Kafka sends it
      // as soon as its sequence is the lowest outstanding, so only the timing differs.
      const oneAtATime =
        s.maxInFlight === 1 || (s.idempotence && (first.attempts > 0 || first.split));
      if (oneAtATime && partitionMuted(p, topic, partition)) continue;
      if (drained.length > 0 && size + first.sizeBytes > s.maxRequestSizeBytes) return drained;
      deque.shift();
      first.closed = true;
      first.attempts++;
      first.lastAttemptMs = now;
      first.retryAtMs = null;
      first.attemptLeaderEpoch = known?.leaderEpoch ?? -1;
      size += first.sizeBytes;
      drained.push(first);
    }
  }
  return drained;
}

function sendRequest(
  ctx: Ctx,
  p: ProducerState,
  s: ProducerSettings,
  broker: number,
  batches: ProducerBatch[],
): void {
  const state = ctx.state;
  const requestId = `${p.id}-req-${p.stats.requests++}`;
  const sizeBytes = REQUEST_OVERHEAD_BYTES + batches.reduce((n, b) => n + b.sizeBytes, 0);
  p.stats.batchesSent += batches.length;
  let queueTimeMs = 0;
  for (const b of batches) {
    // record-queue-time: from the batch's creation to this drain (a retry counts again).
    queueTimeMs += ctx.state.nowMs - b.createdAtMs;
    p.stats.batchFillSum += Math.min(1, b.sizeBytes / s.batchSizeBytes);
    p.stats.recordsInRequests += b.recordCount;
  }
  p.stats.queueTimeSumMs = (p.stats.queueTimeSumMs ?? 0) + queueTimeMs;
  sendToBroker(
    ctx,
    p.id,
    broker,
    {
      kind: 'produce',
      producer: p.id,
      producerId: s.idempotence ? p.producerId : -1,
      requestId,
      acks: s.acks,
      timeoutMs: s.requestTimeoutMs,
      // Copies: the producer keeps changing its own batches (attempts, backoff, a sequence
      // reset) while the request travels, and a restored run must see the same request.
      batches: batches.map((b) => ({ ...b })),
    },
    sizeBytes,
  );
  if (s.acks === 0) {
    // acks=0: no response is expected; the client completes the batches once sent.
    for (const b of batches) completeSuccess(ctx, p, b, null);
    return;
  }
  p.inFlight.push({ requestId, broker, sentAtMs: state.nowMs, batches });
  ensureTimeoutTimer(ctx, p, s);
}

function ensureTimeoutTimer(ctx: Ctx, p: ProducerState, s: ProducerSettings): void {
  const oldest = p.inFlight[0];
  if (p.timeoutTimerQueued || oldest === undefined) return;
  p.timeoutTimerQueued = true;
  schedule(ctx.state, oldest.sentAtMs + s.requestTimeoutMs, {
    kind: 'producerTimeout',
    producer: p.id,
  });
}

/** Work `producerSend`: one pass of Sender.sendProducerData. */
export function runSender(ctx: Ctx, producerId: string): void {
  const p = findProducer(ctx.state, producerId);
  if (!p) return;
  const times = p.senderWakeTimes;
  const i = times.lastIndexOf(ctx.state.nowMs);
  if (i < 0) return; // not a queued wake-up any more (the producer was re-added)
  times.splice(i, 1);
  const s = producerSettings(p.config);
  if (p.sequenceResetPending) {
    // Nothing is sent until the requests in flight are answered; their answers wake the sender.
    if (p.inFlight.length > 0) return;
    resetSequences(ctx, p);
  }
  // Batches past delivery.timeout.ms are failed by their own timer (onProducerExpire).
  const scan = scanReady(ctx, p, s);
  const ready = scan.ready;
  let nextWakeMs = scan.nextWakeMs;
  // Hot path (every sender pass): the closures are made only when metadata may be due.
  const metadataWake = metadataMayBeDue(p.metadata, ctx.state.nowMs, s)
    ? maybeUpdateMetadata(
        ctx,
        'producer',
        p.id,
        p.metadata,
        () => [p.topic, ...Object.keys(p.accumulator).filter((t) => t !== p.topic)],
        s,
        (b) => inFlightTo(p, b),
      )
    : p.metadata.updatedAtMs + s.metadataMaxAgeMs;
  if (metadataWake !== null) nextWakeMs = Math.min(nextWakeMs, metadataWake);
  if (ready.length > 1) ready.sort((a, b) => a - b);
  for (const broker of ready) {
    if (inFlightTo(p, broker) >= s.maxInFlight) continue; // woken again by a response
    const batches = drainFor(ctx, p, s, broker);
    if (batches.length > 0) sendRequest(ctx, p, s, broker, batches);
  }
  if (nextWakeMs < Number.MAX_SAFE_INTEGER) wakeSender(ctx, p, nextWakeMs);
}

export function onProduceResponse(ctx: Ctx, msg: MessageState): void {
  if (msg.payload.kind !== 'produceResponse') return;
  const payload = msg.payload;
  const p = findProducer(ctx.state, payload.producer);
  if (!p) return;
  let index = -1;
  for (let i = 0; i < p.inFlight.length && index < 0; i++)
    if (p.inFlight[i]!.requestId === payload.requestId) index = i;
  if (index < 0) return; // already failed by a timeout or a disconnect
  const request = removeAt(p.inFlight, index);
  const s = producerSettings(p.config);
  p.stats.responses++;
  p.stats.requestLatencySumMs += ctx.state.nowMs - request.sentAtMs;
  for (const result of payload.results) {
    const b = request.batches.find((x) => x.id === result.batchId);
    if (!b) continue;
    if (result.error === null) {
      completeSuccess(ctx, p, b, s.acks === 0 ? null : result);
      continue;
    }
    const hint = result.currentLeader;
    const hinted =
      hint !== null &&
      updatePartitionLeader(p.metadata, b.topic, b.partition, hint.leaderId, hint.leaderEpoch);
    completeError(ctx, p, b, result.error, s, hinted);
  }
  // A freed in-flight slot matters only when batches are waiting.
  if (hasWaitingBatches(p)) wakeSender(ctx, p, ctx.state.nowMs);
}

/**
 * Work `producerTimeout`: NetworkClient.handleTimedOutRequests. A request older than
 * request.timeout.ms closes its connection, and every request in flight on it is cancelled as
 * timed out (cancelInFlightRequests with timedOut: ClientResponse.wasTimedOut), which
 * Sender.handleProduceResponse turns into REQUEST_TIMED_OUT for all their batches. Retried.
 */
export function onProducerTimeout(ctx: Ctx, producerId: string): void {
  const p = findProducer(ctx.state, producerId);
  if (!p) return;
  p.timeoutTimerQueued = false;
  const s = producerSettings(p.config);
  const now = ctx.state.nowMs;
  const timedOut = p.inFlight.filter((r) => r.sentAtMs + s.requestTimeoutMs <= now);
  for (const broker of new Set(timedOut.map((r) => r.broker))) {
    const dropped = p.inFlight.filter((r) => r.broker === broker);
    p.inFlight = p.inFlight.filter((r) => r.broker !== broker);
    for (const r of dropped)
      for (const b of r.batches) completeError(ctx, p, b, 'REQUEST_TIMED_OUT', s);
  }
  ensureTimeoutTimer(ctx, p, s);
  wakeSender(ctx, p, now);
}

/** A broker process died: its connections close, and clients see a disconnect at once. */
export function disconnectProducers(ctx: Ctx, broker: number): void {
  for (const p of ctx.state.producers) {
    if (metadataDisconnected(p.metadata, broker)) wakeSender(ctx, p, ctx.state.nowMs);
    const dropped = p.inFlight.filter((r) => r.broker === broker);
    if (dropped.length === 0) continue;
    p.inFlight = p.inFlight.filter((r) => r.broker !== broker);
    const s = producerSettings(p.config);
    for (const r of dropped)
      for (const b of r.batches) completeError(ctx, p, b, 'NETWORK_EXCEPTION', s);
    wakeSender(ctx, p, ctx.state.nowMs);
  }
}

/** Records a closing producer gives up on: those in its accumulator and in flight. */
export function abandonProducer(p: ProducerState): number {
  let n = p.blockedSends.length;
  for (const deques of Object.values(p.accumulator))
    for (const d of deques) for (const b of d) n += b.recordCount;
  for (const r of p.inFlight) for (const b of r.batches) n += b.recordCount;
  return n;
}
