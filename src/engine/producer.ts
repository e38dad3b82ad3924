/**
 * Producers: the steady load generator and explicit sends, the partitioner, the accumulator,
 * and the producer commands. Sending batches and handling responses is in sender.ts.
 */
import { forgetUnprotectedProducer } from './brokerRequests.ts';
import { bootstrapMetadata } from './clientMetadata.ts';
import { allBatchesFull, appendToAccumulator, dequesFor } from './accumulator.ts';
import type { Command, ProducerSpec } from './commands.ts';
import {
  producerConfigProblems,
  producerSettings,
  parseConfig,
  type ConfigValues,
  type ProducerSettings,
} from './config.ts';
import { emit, findConsumer, findProducer, findTopic, type Ctx } from './context.ts';
import { createHistogram } from './histogram.ts';
import type {
  BlockedSend,
  KeyMode,
  PartitionState,
  ProducerBatch,
  ProducerState,
  SimState,
  TopicState,
} from './model.ts';
import {
  positiveKeyHash,
  roundRobinPartition,
  stickyPartition,
  updateSticky,
} from './partitioner.ts';
import { removeClientWork, schedule } from './queue.ts';
import { dropClientMessages } from './network.ts';
import { reject, type Rejection } from './rejection.ts';
import { nextInt } from './rng.ts';
import { abandonProducer, scheduleExpiryCheck, wakeSender } from './sender.ts';
import { utf8Length } from './utf8.ts';
import { estimateBatchSizeUpperBound } from './recordSize.ts';
import { onProducerDrained } from './streams.ts';

export const MAX_RATE_PER_SEC = 1_000_000;
export const MAX_VALUE_BYTES = 1_048_576;
export const DEFAULT_VALUE_BYTES = 100;

function configRejection(values: ConfigValues, raw: unknown): Rejection | null {
  const { problems } = parseConfig('producer', raw);
  const all = problems.length > 0 ? problems : producerConfigProblems(values);
  const p = all[0];
  return p
    ? reject(`Invalid value for '${p.key}': ${p.reason}`, 'INVALID_CONFIG', `config.${p.key}`)
    : null;
}

function keyModeOf(spec: Pick<ProducerSpec, 'keys' | 'keySpace'>): KeyMode | Rejection {
  if (spec.keys !== undefined && spec.keySpace !== undefined)
    return reject('give keys or keySpace, not both', null, 'keys');
  if (spec.keys !== undefined) {
    if (spec.keys.length === 0)
      return reject(
        'keys must list at least one key (omit it for records without a key)',
        null,
        'keys',
      );
    return { kind: 'list', keys: [...spec.keys] };
  }
  if (spec.keySpace !== undefined) {
    if (!Number.isInteger(spec.keySpace) || spec.keySpace < 1)
      return reject(
        `keySpace must be a whole number of at least 1, got ${spec.keySpace}`,
        null,
        'keySpace',
      );
    return { kind: 'space', size: spec.keySpace, prefix: 'key-' };
  }
  return { kind: 'none' };
}

function rateRejection(rate: number): Rejection | null {
  if (!Number.isFinite(rate) || rate < 0 || rate > MAX_RATE_PER_SEC) {
    return reject(
      `ratePerSec must be between 0 and ${MAX_RATE_PER_SEC}, got ${rate}`,
      null,
      'ratePerSec',
    );
  }
  return null;
}

export function addProducer(
  ctx: Ctx,
  cmd: Extract<Command, { type: 'producer.add' }>,
): Rejection | null {
  const state = ctx.state;
  if (cmd.producer.length === 0) return reject('a producer needs an id', null, 'producer');
  if (findProducer(state, cmd.producer))
    return reject(`producer '${cmd.producer}' already exists`, null, 'producer');
  // Clients are network endpoints by name: a producer and a consumer may not share one.
  if (findConsumer(state, cmd.producer))
    return reject(`'${cmd.producer}' is already a consumer's id`, null, 'producer');
  const topic = findTopic(state, cmd.topic);
  if (!topic)
    return reject(
      `Topic '${cmd.topic}' does not exist (auto.create.topics.enable is not simulated: create it first).`,
      'UNKNOWN_TOPIC_OR_PARTITION',
      'topic',
    );
  const { values } = parseConfig('producer', cmd.config);
  const bad = configRejection(values, cmd.config);
  if (bad) return bad;
  const rate = cmd.ratePerSec ?? 0;
  const badRate = rateRejection(rate);
  if (badRate) return badRate;
  const keyMode = keyModeOf(cmd);
  if ('reason' in keyMode) return keyMode;
  const valueBytes = cmd.valueBytes ?? DEFAULT_VALUE_BYTES;
  if (!Number.isInteger(valueBytes) || valueBytes < 0 || valueBytes > MAX_VALUE_BYTES) {
    return reject(
      `valueBytes must be a whole number from 0 to ${MAX_VALUE_BYTES}, got ${valueBytes}`,
      null,
      'valueBytes',
    );
  }
  if (
    cmd.partition !== undefined &&
    (!Number.isInteger(cmd.partition) ||
      cmd.partition < 0 ||
      cmd.partition >= topic.partitions.length)
  ) {
    return reject(
      `Partition ${cmd.partition} of topic '${cmd.topic}' does not exist.`,
      'UNKNOWN_TOPIC_OR_PARTITION',
      'partition',
    );
  }
  const producer: ProducerState = {
    id: cmd.producer,
    topic: cmd.topic,
    config: values,
    ratePerSec: rate,
    keyMode,
    valueBytes,
    fixedPartition: cmd.partition ?? null,
    producerId: state.counters.producerId++,
    recordsCreated: 0,
    rateSinceMs: state.nowMs,
    generatedAtRate: 0,
    owedRecords: 0,
    generateAtMs: null,
    blockTimerAtMs: null,
    keyCursor: 0,
    nextSequence: {},
    sequenceResetPending: false,
    sticky: {},
    roundRobinCounter: {},
    accumulator: {},
    bufferedRecords: 0,
    bufferedBytes: 0,
    blockedSends: [],
    blockedSinceMs: null,
    backpressureSinceMs: null,
    metadata: bootstrapMetadata(state, [cmd.topic]),
    inFlight: [],
    timeoutTimerQueued: false,
    senderWakeTimes: [],
    expiryCheckAtMs: null,
    flushing: false,
    stats: {
      sent: 0,
      acked: 0,
      failed: 0,
      retries: 0,
      lastRetryError: null,
      errors: {},
      duplicateRecords: 0,
      reorderedBatches: 0,
      requests: 0,
      responses: 0,
      requestLatencySumMs: 0,
      batchesSent: 0,
      queueTimeSumMs: 0,
      batchSplits: 0,
      blockedMs: 0,
      batchFillSum: 0,
      recordsInRequests: 0,
      latency: createHistogram(),
    },
  };
  state.producers.push(producer);
  scheduleGenerate(ctx, producer);
  emit(ctx, { type: 'producer.added', producer: producer.id });
  return null;
}

/** Time the next generated record is due, or null when the producer has no steady load. */
function nextDueMs(p: ProducerState): number | null {
  if (p.ratePerSec <= 0) return null;
  return p.rateSinceMs + ((p.generatedAtRate + 1) * 1000) / p.ratePerSec;
}

function scheduleGenerate(ctx: Ctx, p: ProducerState): void {
  const due = nextDueMs(p);
  if (due === null) return;
  // Time is whole milliseconds: records due within a millisecond are made together.
  const at = Math.max(ctx.state.nowMs, Math.ceil(due));
  // One wake-up at a time; an earlier one (a higher rate) replaces a later one.
  if (p.generateAtMs !== null && p.generateAtMs <= at) return;
  p.generateAtMs = at;
  schedule(ctx.state, at, { kind: 'producerGenerate', producer: p.id });
}

function nextKey(ctx: Ctx, p: ProducerState): string | null {
  const mode = p.keyMode;
  switch (mode.kind) {
    case 'none':
      return null;
    case 'list': {
      const key = mode.keys[p.keyCursor % mode.keys.length]!;
      p.keyCursor = (p.keyCursor + 1) % mode.keys.length;
      return key;
    }
    case 'space':
      return keyOfSpace(mode.prefix, nextInt(ctx.state.rng, mode.size));
  }
}

/**
 * Key-space keys ("key-42") are made once and shared, not built per record: logs hold
 * hundreds of thousands of them, and one string per key keeps memory and GC work small.
 * A derived cache, never part of the state.
 */
const keySpaceStrings = new Map<string, string[]>();
const KEY_SPACE_CACHE_MAX = 1_000_000;

/** The n-th key of a key space: prefix0 … prefix(size - 1). */
export function keyOfSpace(prefix: string, n: number): string {
  let keys = keySpaceStrings.get(prefix);
  if (keys === undefined) {
    keys = [];
    keySpaceStrings.set(prefix, keys);
  }
  if (n >= KEY_SPACE_CACHE_MAX) return prefix + n;
  return (keys[n] ??= prefix + n);
}

/** Work `producerGenerate`: make every record of the steady load that is due by now. */
export function generateDue(ctx: Ctx, producerId: string): void {
  const p = findProducer(ctx.state, producerId);
  const now = ctx.state.nowMs;
  // Gone, or a superseded wake-up: neither the queued generate wake-up nor the block deadline.
  if (!p || (p.generateAtMs !== now && p.blockTimerAtMs !== now)) return;
  if (p.generateAtMs === now) p.generateAtMs = null;
  if (p.blockTimerAtMs === now) p.blockTimerAtMs = null;
  // The application is blocked in send(): it makes no new records until that returns, then
  // catches up with the ones due meanwhile.
  if (!resumeBlocked(ctx, p)) return;
  // The records of one wake-up all go to the producer's topic: look it up once for all of them
  // (nothing a send does in between adds topics, partitions or accumulator deques).
  const target = sendTarget(ctx.state, p, p.topic);
  while (p.owedRecords > 0) {
    p.owedRecords--;
    appendRecord(ctx, p, p.topic, nextKey(ctx, p), undefined, p.fixedPartition, target);
    if (p.blockedSends.length > 0) return;
  }
  for (let due = nextDueMs(p); due !== null && due <= now; due = nextDueMs(p)) {
    p.generatedAtRate++;
    appendRecord(ctx, p, p.topic, nextKey(ctx, p), undefined, p.fixedPartition, target);
    if (p.blockedSends.length > 0) return; // blocked again: woken by freed memory or max.block.ms
  }
  endBackpressure(ctx, p);
  scheduleGenerate(ctx, p);
}

/**
 * KafkaProducer.send for one record: check it, choose the partition, and append it to the
 * accumulator, which wakes the sender when a batch became ready or a linger timer starts.
 * While an earlier send() is blocked on buffer.memory the application is blocked too: the
 * record waits behind it. `value` undefined means a generated value.
 */
function appendRecord(
  ctx: Ctx,
  p: ProducerState,
  topicName: string,
  key: string | null,
  value: string | null | undefined,
  explicitPartition: number | null,
  target: SendTarget | null = null,
): void {
  p.recordsCreated++;
  p.stats.sent++;
  const now = ctx.state.nowMs;
  // The application's one sending thread is inside an earlier send(): this one comes after.
  if (p.blockedSends.length > 0) {
    p.blockedSends.push(blockedSend(topicName, key, value, explicitPartition, now, null, false));
    return;
  }
  // Most sends go through at once: they use a scratch attempt (no allocation per record, which
  // the stress preset makes 500,000 times per simulated second), copied only if it blocks.
  const send = scratchInUse ? newAttempt() : scratchAttempt;
  scratchInUse = true;
  send.topic = topicName;
  send.key = key;
  send.value = value;
  send.explicitPartition = explicitPartition;
  send.calledAtMs = now;
  send.chosen = null;
  send.sticky = false;
  try {
    const s = producerSettings(p.config);
    if (!trySend(ctx, p, s, send, target))
      block(
        ctx,
        p,
        s,
        blockedSend(topicName, key, value, explicitPartition, now, send.chosen, send.sticky),
      );
  } finally {
    if (send === scratchAttempt) scratchInUse = false;
  }
}

/** A topic that exists, with the producer's accumulator deques for it. */
interface SendTarget {
  topic: TopicState;
  deques: ProducerBatch[][];
}

function sendTarget(state: SimState, p: ProducerState, topicName: string): SendTarget | null {
  const topic = findTopic(state, topicName);
  return topic ? { topic, deques: dequesFor(p, topicName, topic.partitions.length) } : null;
}

/** One send() on its way into the accumulator: a BlockedSend, or the scratch attempt. */
interface SendAttempt {
  topic: string;
  key: string | null;
  /** The value; undefined (or absent) for a generated one. */
  value?: string | null | undefined;
  explicitPartition: number | null;
  calledAtMs: number;
  chosen: number | null;
  sticky: boolean;
}

function newAttempt(): SendAttempt {
  return {
    topic: '',
    key: null,
    value: undefined,
    explicitPartition: null,
    calledAtMs: 0,
    chosen: null,
    sticky: false,
  };
}

const scratchAttempt = newAttempt();
/** Set while the scratch attempt is in use, should a send ever start inside another. */
let scratchInUse = false;

function blockedSend(
  topic: string,
  key: string | null,
  value: string | null | undefined,
  explicitPartition: number | null,
  calledAtMs: number,
  chosen: number | null,
  sticky: boolean,
): BlockedSend {
  return {
    topic,
    key,
    ...(value === undefined ? {} : { value }),
    explicitPartition,
    calledAtMs,
    chosen,
    sticky,
  };
}

/** UTF-8 sizes of a send's key and value (null when null; a generated value has valueBytes). */
function sendSizes(
  p: ProducerState,
  send: SendAttempt,
): { keyBytes: number | null; valueLen: number | null } {
  const value = send.value;
  return {
    keyBytes: send.key === null ? null : utf8Length(send.key),
    valueLen: value === undefined ? p.valueBytes : value === null ? null : utf8Length(value),
  };
}

/** The partitioner: an explicit partition, the key's hash, round robin, or the sticky partition. */
function choosePartition(
  ctx: Ctx,
  p: ProducerState,
  s: ProducerSettings,
  send: SendAttempt,
  partitions: PartitionState[],
  deques: ProducerBatch[][],
): void {
  const state = ctx.state;
  const topicName = send.topic;
  if (send.explicitPartition !== null) send.chosen = send.explicitPartition;
  else if (s.roundRobin) send.chosen = roundRobinPartition(p, topicName, partitions);
  else if (send.key !== null && !s.ignoreKeys)
    send.chosen = positiveKeyHash(send.key) % partitions.length;
  else {
    let partition = stickyPartition(p, state.rng, topicName, partitions, deques, s);
    // RecordAccumulator.partitionChanged: a switch put off because the partition's last batch
    // was not full happens now, before the append, if that batch has since filled or been sent.
    if (allBatchesFull(deques[partition]!)) {
      updateSticky(p, state.rng, topicName, partitions, deques, 0, true, s);
      partition = stickyPartition(p, state.rng, topicName, partitions, deques, s);
    }
    send.chosen = partition;
    send.sticky = true;
  }
}

/**
 * RecordAccumulator.append for a checked record: false when buffer.memory has no room for the
 * new batch it needs (BufferPool.allocate would block). The partition is chosen once, on the
 * first try, as Kafka chooses it before it blocks.
 */
function trySend(
  ctx: Ctx,
  p: ProducerState,
  s: ProducerSettings,
  send: SendAttempt,
  target: SendTarget | null = null,
): boolean {
  const state = ctx.state;
  const topic = target?.topic ?? findTopic(state, send.topic);
  if (!topic) {
    countFailure(ctx, p, send.topic, -1, 1, 'UNKNOWN_TOPIC_OR_PARTITION');
    return true;
  }
  const key = send.key;
  const value = send.value;
  const keyBytes = key === null ? null : utf8Length(key);
  const valueLen = value === undefined ? p.valueBytes : value === null ? null : utf8Length(value);
  // KafkaProducer.ensureValidRecordSize: a record that cannot fit a request or the buffer
  // fails at once with RecordTooLargeException (error MESSAGE_TOO_LARGE).
  const upperBound = estimateBatchSizeUpperBound(keyBytes, valueLen);
  if (upperBound > s.maxRequestSizeBytes || upperBound > s.bufferMemoryBytes) {
    countFailure(ctx, p, send.topic, -1, 1, 'MESSAGE_TOO_LARGE');
    return true;
  }
  const partitions = topic.partitions;
  const deques = target?.deques ?? dequesFor(p, send.topic, partitions.length);
  if (send.chosen === null) choosePartition(ctx, p, s, send, partitions, deques);
  const partition = send.chosen!;
  const deque = deques[partition]!;
  const result = appendToAccumulator(
    state,
    p,
    s,
    deque,
    send.topic,
    partition,
    key,
    keyBytes,
    value,
    valueLen,
    send.calledAtMs, // KafkaProducer.doSend stamps the record before it may block
  );
  if (result.exhausted) return false;
  p.bufferedRecords++;
  if (send.sticky)
    updateSticky(
      p,
      state.rng,
      send.topic,
      partitions,
      deques,
      result.appendedBytes,
      result.allBatchesFull,
      s,
    );
  const first = deque[0]!;
  wakeSender(ctx, p, result.batchReady ? state.nowMs : first.createdAtMs + s.lingerMs);
  if (p.expiryCheckAtMs === null) scheduleExpiryCheck(ctx, p, s, state.nowMs + s.deliveryTimeoutMs);
  return true;
}

/**
 * buffer.memory is full: send() blocks the application for up to max.block.ms, until the
 * sender frees memory (a batch acknowledged or failed). With max.block.ms=0 it fails at once.
 */
function block(ctx: Ctx, p: ProducerState, s: ProducerSettings, send: BlockedSend): void {
  if (s.maxBlockMs <= 0) {
    failBlocked(ctx, p, s, send);
    return;
  }
  p.blockedSends.push(send);
  p.blockedSinceMs = ctx.state.nowMs;
  if (p.backpressureSinceMs === null) {
    p.backpressureSinceMs = ctx.state.nowMs;
    emit(ctx, {
      type: 'producer.blocked',
      producer: p.id,
      bufferMemory: s.bufferMemoryBytes,
      maxBlockMs: s.maxBlockMs,
    });
  }
  armBlockTimer(ctx, p, ctx.state.nowMs + s.maxBlockMs);
}

/** BufferPool.allocate gave up: BufferExhaustedException, a client-side TimeoutException. */
function failBlocked(ctx: Ctx, p: ProducerState, s: ProducerSettings, send: SendAttempt): void {
  const free = Math.max(0, s.bufferMemoryBytes - p.bufferedBytes);
  const { keyBytes, valueLen } = sendSizes(p, send);
  // RecordAccumulator.append asks for max(batch.size, the record's upper-bound estimate).
  const size = Math.max(s.batchSizeBytes, estimateBatchSizeUpperBound(keyBytes, valueLen));
  countFailure(
    ctx,
    p,
    send.topic,
    send.chosen ?? -1,
    1,
    'BUFFER_EXHAUSTED',
    `BufferExhaustedException: Failed to allocate ${size} bytes within the configured max blocking time ${s.maxBlockMs} ms. Total memory: ${s.bufferMemoryBytes} bytes. Available memory: ${free} bytes. Poolable size: ${s.batchSizeBytes} bytes`,
  );
}

/** Simulated ms send() has spent blocked, counting the wait going on now (bufferpool-wait-time). */
export function bufferWaitMs(p: ProducerState, nowMs: number): number {
  return p.stats.blockedMs + (p.blockedSinceMs === null ? 0 : nowMs - p.blockedSinceMs);
}

/** Queues the application's next wake-up (the generate work) at `atMs`, unless one comes sooner. */
function wakeApplication(ctx: Ctx, p: ProducerState, atMs: number): void {
  const at = Math.max(ctx.state.nowMs, atMs);
  if (p.generateAtMs !== null && p.generateAtMs <= at) return;
  p.generateAtMs = at;
  schedule(ctx.state, at, { kind: 'producerGenerate', producer: p.id });
}

/** Nothing waits and nothing due is left to make: the application keeps pace again. */
function endBackpressure(ctx: Ctx, p: ProducerState): void {
  if (p.backpressureSinceMs === null) return;
  const heldMs = ctx.state.nowMs - p.backpressureSinceMs;
  p.backpressureSinceMs = null;
  emit(ctx, { type: 'producer.unblocked', producer: p.id, heldMs });
}

/**
 * The max.block.ms deadline of the blocked send(), kept apart from the generate wake-ups
 * (which freed memory moves to now). At most one is queued: an earlier one still queued, from
 * a wait that has since ended, looks again when it runs and queues the current deadline then.
 */
function armBlockTimer(ctx: Ctx, p: ProducerState, atMs: number): void {
  if (p.blockTimerAtMs !== null && p.blockTimerAtMs <= atMs) return;
  p.blockTimerAtMs = atMs;
  schedule(ctx.state, atMs, { kind: 'producerGenerate', producer: p.id });
}

/** The sender freed buffer.memory: a blocked send() tries again now (BufferPool's waiters). */
export function bufferFreed(ctx: Ctx, p: ProducerState): void {
  if (p.blockedSends.length > 0) wakeApplication(ctx, p, ctx.state.nowMs);
  // A flush() waiting for the last records to be acknowledged returns (streams.ts).
  if (p.flushing && p.bufferedRecords === 0) onProducerDrained(ctx, p);
}

/** KafkaProducer.send from an application inside the engine (a Kafka Streams member's RecordCollector). */
export function sendRecord(
  ctx: Ctx,
  p: ProducerState,
  topic: string,
  key: string | null,
  value: string,
): void {
  appendRecord(ctx, p, topic, key, value, null);
}

/**
 * The blocked application goes on: sends waiting for memory are tried in order; the first that
 * still finds no room keeps waiting, or fails once it has waited max.block.ms (the next one then
 * starts its own wait). True when nothing waits any more.
 */
function resumeBlocked(ctx: Ctx, p: ProducerState): boolean {
  const s = producerSettings(p.config);
  const now = ctx.state.nowMs;
  while (p.blockedSends.length > 0) {
    const head = p.blockedSends[0]!;
    const since = p.blockedSinceMs ?? now;
    if (trySend(ctx, p, s, head)) {
      p.blockedSends.shift();
    } else if (now - since < s.maxBlockMs) {
      armBlockTimer(ctx, p, since + s.maxBlockMs);
      return false;
    } else {
      p.blockedSends.shift();
      failBlocked(ctx, p, s, head);
    }
    // The next send() starts its own wait now.
    p.stats.blockedMs += now - since;
    p.blockedSinceMs = now;
  }
  p.blockedSinceMs = null;
  return true;
}

export function countFailure(
  ctx: Ctx,
  p: ProducerState,
  topic: string,
  partition: number,
  records: number,
  error: string,
  exception?: string,
): void {
  p.stats.failed += records;
  p.stats.errors[error] = (p.stats.errors[error] ?? 0) + records;
  emit(ctx, {
    type: 'producer.failed',
    producer: p.id,
    topic,
    partition,
    records,
    error,
    ...(exception === undefined ? {} : { exception }),
  });
}

export function sendExplicit(
  ctx: Ctx,
  cmd: Extract<Command, { type: 'producer.send' }>,
): Rejection | null {
  const state = ctx.state;
  const p = findProducer(state, cmd.producer);
  if (!p) return reject(`producer '${cmd.producer}' does not exist`, null, 'producer');
  const topicName = cmd.topic ?? p.topic;
  const topic = findTopic(state, topicName);
  if (!topic)
    return reject(`Topic '${topicName}' does not exist.`, 'UNKNOWN_TOPIC_OR_PARTITION', 'topic');
  // 1 to MAX_SEND_COUNT, checked with the command's shape (commandParse.ts).
  const count = cmd.count ?? 1;
  const partition = cmd.partition ?? null;
  if (
    partition !== null &&
    (!Number.isInteger(partition) || partition < 0 || partition >= topic.partitions.length)
  ) {
    return reject(
      `Partition ${partition} of topic '${topicName}' does not exist.`,
      'UNKNOWN_TOPIC_OR_PARTITION',
      'partition',
    );
  }
  const value = cmd.value === undefined ? undefined : cmd.value;
  for (let i = 0; i < count; i++)
    appendRecord(ctx, p, topicName, cmd.key ?? null, value, partition);
  return null;
}

export function removeProducer(ctx: Ctx, id: string): Rejection | null {
  const state = ctx.state;
  const index = state.producers.findIndex((p) => p.id === id);
  if (index < 0) return reject(`producer '${id}' does not exist`, null, 'producer');
  const p = state.producers[index]!;
  // KafkaProducer.close(Duration.ZERO): records not yet acknowledged are abandoned.
  const abandoned = abandonProducer(p);
  state.producers.splice(index, 1);
  // Its timers and its connections go with it: a new producer with the same id starts clean.
  removeClientWork(state, 'producer', id);
  forgetUnprotectedProducer(state, id);
  dropClientMessages(state, id);
  emit(ctx, { type: 'producer.removed', producer: id, abandonedRecords: abandoned });
  return null;
}

export function setProducerRate(ctx: Ctx, id: string, rate: number): Rejection | null {
  const p = findProducer(ctx.state, id);
  if (!p) return reject(`producer '${id}' does not exist`, null, 'producer');
  const bad = rateRejection(rate);
  if (bad) return bad;
  // Records that fell due at the old rate and were not made yet (the application is held up by
  // a full buffer.memory) are still owed: the new rate counts from now.
  const now = ctx.state.nowMs;
  const due = p.ratePerSec > 0 ? Math.floor(((now - p.rateSinceMs) * p.ratePerSec) / 1000) : 0;
  p.owedRecords += Math.max(0, due - p.generatedAtRate);
  p.ratePerSec = rate;
  p.rateSinceMs = now;
  p.generatedAtRate = 0;
  if (p.owedRecords > 0) wakeApplication(ctx, p, now);
  scheduleGenerate(ctx, p);
  return null;
}

/** `producer.setKeys`: the keys of records generated from now on (explicit sends give their own). */
export function setProducerKeys(
  ctx: Ctx,
  id: string,
  spec: Pick<ProducerSpec, 'keys' | 'keySpace'>,
): Rejection | null {
  const p = findProducer(ctx.state, id);
  if (!p) return reject(`producer '${id}' does not exist`, null, 'producer');
  const keyMode = keyModeOf(spec);
  if ('reason' in keyMode) return keyMode;
  p.keyMode = keyMode;
  p.keyCursor = 0;
  return null;
}

export function setProducerConfig(
  ctx: Ctx,
  id: string,
  raw: Record<string, unknown>,
): Rejection | null {
  const p = findProducer(ctx.state, id);
  if (!p) return reject(`producer '${id}' does not exist`, null, 'producer');
  const toSet = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null));
  const { values } = parseConfig('producer', toSet);
  const merged: ConfigValues = { ...p.config, ...values };
  for (const [k, v] of Object.entries(raw)) if (v === null) delete merged[k];
  const bad = configRejection(merged, toSet);
  if (bad) return bad;
  // Simplification: Kafka producers take their config at construction; the simulator applies
  // a change to a running producer as if it had been restarted with it, keeping its buffers.
  p.config = merged;
  emit(ctx, { type: 'producer.configChanged', producer: id, config: raw });
  wakeSender(ctx, p, ctx.state.nowMs);
  bufferFreed(ctx, p); // a blocked send() looks again (a larger buffer.memory, a shorter wait)
  return null;
}
